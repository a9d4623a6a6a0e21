"""The PubMed client against the fake E-utilities: look-ups, pacing, caching, failures, identifiers."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from citecheck.model import EvidenceKind as K, Work
from citecheck.sources import pubmed
from citecheck.sources.http import Http, HttpPolicy
from citecheck.sources.pubmed import (
    PubMedClient,
    classify_works,
    parse_efetch,
    pmcid_to_doi,
    pmid_to_doi,
)
from tests.evidence.conftest import FIXTURES, SEED_DOIS, crossref_work, pubmed_settings
from tests.servers.fake_pubmed import FakePubMed

FAST = HttpPolicy(backoff_base=0.01, backoff_cap=0.05, total=10.0)
EXPECTED = {
    "10.1111/1753-0407.13323": (K.ANIMAL, ("mice",)),
    "10.3389/fendo.2020.00605": (K.HUMAN, ()),
    "10.7759/cureus.42496": (K.EDITORIAL, ()),
    "10.1016/j.lfs.2022.120961": (K.ANIMAL, ("mice",)),
    "10.2147/dmso.s449112": (K.ANIMAL, ("mice",)),
    "10.1111/os.13626": (K.REVIEW, ()),
    "10.1186/s13041-021-00765-y": (K.ANIMAL, ("rats",)),
    "10.1186/s10194-020-01170-x": (K.REVIEW, ()),
    "10.3390/biomedicines11030748": (K.REVIEW, ()),
}


@pytest.fixture(autouse=True)
def quick_plain_retries(monkeypatch):
    # The plain-client path retries like production, with millisecond backoff.
    monkeypatch.setattr(pubmed, "BACKOFF", 0.01)


def classify(works, settings, http=None):
    return asyncio.run(classify_works(works, settings, http))


def classify_with_run_client(works, settings):
    async def go():
        http = Http(settings, policy=FAST)
        try:
            return await classify_works(works, settings, http), http.counters.snapshot()
        finally:
            await http.aclose()

    return asyncio.run(go())


# ------------------------------------------------------------------ parsing


def test_parse_efetch_reads_mesh_types_abstract_and_ids():
    [chen] = parse_efetch((FIXTURES / "pubmed" / "10.1186_s13041-021-00765-y.pubmed.xml").read_text())
    assert chen.pmid == "99000007"
    assert chen.mesh == ("Animals", "Rats")
    assert chen.publication_types == ("Journal Article",)
    assert chen.dois == ("10.1186/s13041-021-00765-y",)
    [kaur] = parse_efetch((FIXTURES / "pubmed" / "10.1017_s0007114509991334.pubmed.xml").read_text())
    assert kaur.mesh == () and kaur.abstract.startswith("The metabolic fate of dietary n-3")


def test_parse_efetch_structured_abstract_and_elocation_doi():
    xml = """<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article>
    <ELocationID EIdType="doi">10.1/ABC</ELocationID><ArticleTitle>T <i>x</i></ArticleTitle>
    <Abstract><AbstractText Label="BACKGROUND">Why.</AbstractText><AbstractText Label="METHODS">Mice were fed.</AbstractText></Abstract>
    </Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="pmc">pmc77</ArticleId></ArticleIdList></PubmedData>
    </PubmedArticle></PubmedArticleSet>"""
    [record] = parse_efetch(xml)
    assert record.title == "T x"
    assert record.abstract == "Background: Why. Methods: Mice were fed."
    assert record.dois == ("10.1/abc",)
    assert record.pmcid == "PMC77"


def test_parse_efetch_rejects_garbage():
    with pytest.raises(pubmed.PermanentError):
        parse_efetch("<html><body>Service unavailable")
    assert parse_efetch("<eFetchResult><ERROR>Empty id list</ERROR></eFetchResult>") == []


# ------------------------------------------------------------ classification


def test_seed_works_classified_from_pubmed(fake_pubmed, seed_works):
    result = classify(seed_works, pubmed_settings(fake_pubmed))
    assert {doi: (e.kind, e.species) for doi, e in result.items()} == EXPECTED
    chen = result["10.1186/s13041-021-00765-y"]
    assert (chen.source, chen.pmid, chen.basis, chen.confidence) == ("pubmed-mesh", "99000007", "PubMed MeSH: Animals, Rats", "high")
    assert result["10.7759/cureus.42496"].source == "pubmed-type"
    assert result.problem is None and result.pubmed_asked
    # One esearch per DOI, then one efetch for all of them.
    assert fake_pubmed.requests == {"esearch": 9, "efetch": 1}
    assert sorted(fake_pubmed.efetch_batches[0]) == sorted(
        ["99000001", "32982987", "37637623", "99000004", "99000005", "99000006", "99000007", "32807072", "36979726"])
    assert {"tool": "citecheck", "email": "tests@example.org", "api_key": "test-key"}.items() <= fake_pubmed.params_seen[0].items()
    assert {p["term"] for p in fake_pubmed.params_seen if "term" in p} == {f"{doi}[aid]" for doi in SEED_DOIS}


def test_the_runs_shared_client_is_used_and_paced(fake_pubmed, seed_works):
    result, stats = classify_with_run_client(seed_works, pubmed_settings(fake_pubmed))
    assert result["10.1186/s13041-021-00765-y"].species == ("rats",)
    assert stats.requests == 10 and stats.pubmed_problem is None
    assert fake_pubmed.sent_429 == 0


def test_without_a_key_at_most_three_requests_per_second(fake_pubmed, seed_works):
    settings = pubmed_settings(fake_pubmed, ncbi_api_key=None)
    result = classify(seed_works, settings)
    assert result.problem is None
    assert fake_pubmed.max_in_second <= 3
    assert fake_pubmed.sent_429 == 0
    assert all("api_key" not in p for p in fake_pubmed.params_seen)


def test_with_a_key_up_to_ten_per_second(fake_pubmed):
    works = [crossref_work(doi) for doi in SEED_DOIS]
    classify(works, pubmed_settings(fake_pubmed))
    assert 3 < fake_pubmed.max_in_second <= 10
    assert fake_pubmed.sent_429 == 0


def test_efetch_batches_of_200(fake_pubmed):
    for n in range(450):
        fake_pubmed.add_record(str(500000 + n), f"10.9/{n}", title="Effects in rats", mesh=["Animals", "Rats"])
    settings = pubmed_settings(fake_pubmed)

    async def go():
        client = PubMedClient(settings)
        try:
            return await client.efetch([str(500000 + n) for n in range(450)])
        finally:
            await client.aclose()

    records = asyncio.run(go())
    assert len(records) == 450
    assert [len(batch) for batch in fake_pubmed.efetch_batches] == [200, 200, 50]


def test_doi_unknown_to_pubmed_falls_back_to_crossref_text(fake_pubmed):
    from citecheck.sources.records import work_from_message

    work = work_from_message({"DOI": "10.9999/unknown", "title": ["Lipid lowering activity in hyperlipidemic rats"]})
    result = classify([work], pubmed_settings(fake_pubmed))
    evidence = result["10.9999/unknown"]
    assert (evidence.kind, evidence.species, evidence.source, evidence.pmid) == (K.ANIMAL, ("rats",), "title", None)
    assert fake_pubmed.requests == {"esearch": 1}


# ------------------------------------------------------------------- caching


def test_answers_are_cached_and_reused(fake_pubmed, seed_works, tmp_path):
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    unknown = Work(doi="10.9999/nothing", title="A title naming nobody")
    first = classify(seed_works + [unknown], settings)
    assert fake_pubmed.total_requests == 11
    fake_pubmed.reset_counters()
    second = classify(seed_works + [unknown], settings)
    assert fake_pubmed.total_requests == 0
    assert second.cache_hits == 10
    assert dict(second) == dict(first)


def test_failures_are_not_cached(fake_pubmed, seed_works, tmp_path):
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    fake_pubmed.set_fail({"efetch": [503] * 10})
    failed = classify(seed_works[:2], settings)
    assert failed.problem is not None
    fake_pubmed.reset_counters()
    fake_pubmed.set_fail(None)
    again = classify(seed_works[:2], settings)
    assert again.problem is None
    assert fake_pubmed.requests == {"esearch": 2, "efetch": 1}
    assert again["10.1111/1753-0407.13323"].source == "pubmed-mesh"


# ------------------------------------------------------------------ failures


def test_transient_errors_are_retried(fake_pubmed, seed_works):
    fake_pubmed.set_fail({"esearch": [503, 429], "efetch": ["drop"]})
    result = classify(seed_works[:3], pubmed_settings(fake_pubmed))
    assert result.problem is None
    assert result["10.1111/1753-0407.13323"].kind is K.ANIMAL


def test_unreachable_pubmed_lowers_confidence_and_says_so(seed_works):
    fake = FakePubMed(FIXTURES / "pubmed").start()
    settings = pubmed_settings(fake)
    fake.refuse()
    result = classify(seed_works, settings)
    assert result.problem and "connection failed" in result.problem
    # Evidence still comes, from the Crossref titles, with confidence where it matters.
    an = result["10.1111/1753-0407.13323"]
    assert (an.kind, an.source, an.confidence) == (K.ANIMAL, "title", "low")  # a title alone
    chen = result["10.1186/s13041-021-00765-y"]
    assert (chen.kind, chen.confidence) == (K.UNKNOWN, "low")
    dekker = result["10.3389/fendo.2020.00605"]
    assert (dekker.kind, dekker.confidence) == (K.HUMAN, "low")


def test_unreachable_pubmed_reported_through_the_runs_counters(seed_works):
    fake = FakePubMed(FIXTURES / "pubmed").start()
    settings = pubmed_settings(fake)
    fake.refuse()
    result, stats = classify_with_run_client(seed_works, settings)
    assert stats.pubmed_problem == result.problem
    assert "connection failed" in stats.pubmed_problem


def test_server_errors_after_retries_are_a_problem_not_a_crash(fake_pubmed, seed_works):
    fake_pubmed.set_fail({"*": [500] * 50})
    result = classify(seed_works, pubmed_settings(fake_pubmed))
    assert "HTTP 500" in result.problem
    assert len(result) == 9
    # It stopped asking after the first lasting failure instead of retrying every DOI.
    assert fake_pubmed.total_requests <= 3 * pubmed.ATTEMPTS


def test_an_unreadable_answer_is_a_problem(fake_pubmed, seed_works):
    fake_pubmed.set_fail({"efetch": ["garbage"]})
    result = classify(seed_works[:2], pubmed_settings(fake_pubmed))
    assert "unreadable XML" in result.problem
    assert result["10.1111/1753-0407.13323"].source == "title"


def test_no_pubmed_reads_only_crossref_text(fake_pubmed, seed_works):
    result = classify(seed_works, pubmed_settings(fake_pubmed, pubmed=False))
    assert fake_pubmed.total_requests == 0
    assert not result.pubmed_asked and result.problem is None
    assert result["10.2147/dmso.s449112"].kind is K.ANIMAL
    assert result["10.3389/fendo.2020.00605"].confidence == "low"


def test_offline_uses_the_cache_only(fake_pubmed, seed_works, tmp_path):
    cache = tmp_path / "cache"
    classify(seed_works[:3], pubmed_settings(fake_pubmed, cache))
    fake_pubmed.reset_counters()
    result = classify(seed_works, pubmed_settings(fake_pubmed, cache, offline=True))
    assert fake_pubmed.total_requests == 0
    assert result["10.1111/1753-0407.13323"].source == "pubmed-mesh"  # cached
    assert result["10.1186/s13041-021-00765-y"].kind is K.UNKNOWN  # not cached: title only


def test_plain_httpx_client_is_accepted(fake_pubmed, seed_works):
    async def go():
        async with httpx.AsyncClient() as client:
            return await classify_works(seed_works[:2], pubmed_settings(fake_pubmed), client)

    result = asyncio.run(go())
    assert result["10.1111/1753-0407.13323"].kind is K.ANIMAL


# ---------------------------------------------------------------- identifiers


def test_pmid_to_doi(fake_pubmed, tmp_path):
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    found = asyncio.run(pmid_to_doi(["32982987", "99000007", "12345"], settings))
    assert dict(found) == {"32982987": "10.3389/fendo.2020.00605", "99000007": "10.1186/s13041-021-00765-y"}
    assert found.problem is None
    # The records fetched on the way are cached for the classification that follows.
    fake_pubmed.reset_counters()
    result = classify([crossref_work("10.3389/fendo.2020.00605")], settings)
    assert fake_pubmed.total_requests == 0 and result.cache_hits == 1


def test_pmcid_to_doi(fake_pubmed):
    fake_pubmed.add_record("7000001", "10.5555/pmc-test", title="Trial in adults", pmcid="PMC7000001")
    settings = pubmed_settings(fake_pubmed)
    found = asyncio.run(pmcid_to_doi(["PMC7000001", "pmc999", "7000001"], settings, idconv_url=fake_pubmed.idconv_url))
    assert dict(found) == {"PMC7000001": "10.5555/pmc-test"}
    assert fake_pubmed.requests["idconv"] == 1
    assert fake_pubmed.params_seen[-1]["ids"] == "PMC7000001,PMC999"


def test_default_idconv_url_is_a_module_constant():
    assert pubmed.DEFAULT_IDCONV_URL == "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/"
