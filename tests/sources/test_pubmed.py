"""PubMed against the fake E-utilities: batched look-ups, mapping back, pacing, caching, failures, identifiers."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from citecheck.model import EvidenceKind as K, Work
from citecheck.sources.errors import PermanentError
from citecheck.sources.http import Http
from citecheck.sources.pubmed import PubMedService, doi_term, parse_efetch
from citecheck.sources.studies import PubMedLookup, classify_works, pmcid_to_doi, pmid_to_doi
from tests.evidence.conftest import FIXTURES, SEED_DOIS, crossref_work
from tests.servers.fake_pubmed import FakePubMed
from tests.sources.helpers import FAST, pubmed_settings

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
SEED_PMIDS = ["99000001", "32982987", "37637623", "99000004", "99000005", "99000006", "99000007", "32807072", "36979726"]


@pytest.fixture
def seed_works():
    return [crossref_work(doi) for doi in SEED_DOIS]


def run_client(settings, use, policy=FAST):
    """`use(lookup, http)` with a lookup over a fresh run client; returns (its result, the run's stats)."""

    async def go():
        http = Http(settings, policy=policy)
        cache = None
        if settings.use_cache:
            from citecheck.sources.cache import DiskCache

            cache = DiskCache(settings, http.counters)
        lookup = PubMedLookup(settings, lambda: http, cache=cache, counters=http.counters)
        try:
            return await use(lookup, http), http.counters.snapshot()
        finally:
            await lookup.aclose()
            if cache is not None:
                cache.close()
            await http.aclose()

    return asyncio.run(go())


def classify(works, settings, policy=FAST):
    return run_client(settings, lambda lookup, http: lookup.classify(works), policy)


def terms(fake: FakePubMed) -> list[list[str]]:
    """The DOIs of each esearch term the fake received."""
    return [[clause.split('"')[1] for clause in term.split(" OR ")] for term in fake.esearch_terms]


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


def test_parse_efetch_takes_the_articles_own_ids_not_those_it_cites():
    xml = """<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>6</PMID><Article><ArticleTitle>T</ArticleTitle>
    </Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="doi">https://doi.org/10.1/OWN</ArticleId>
    </ArticleIdList><ReferenceList><Reference><ArticleIdList><ArticleId IdType="doi">10.1/cited</ArticleId></ArticleIdList>
    </Reference></ReferenceList></PubmedData></PubmedArticle></PubmedArticleSet>"""
    [record] = parse_efetch(xml)
    assert record.dois == ("10.1/own",)


def test_parse_efetch_rejects_garbage():
    with pytest.raises(PermanentError):
        parse_efetch("<html><body>Service unavailable")
    assert parse_efetch("<eFetchResult><ERROR>Empty id list</ERROR></eFetchResult>") == []


def test_doi_term_quotes_each_doi():
    assert doi_term(["10.1/a", "10.2/b(c);d"]) == '"10.1/a"[doi] OR "10.2/b(c);d"[doi]'


# --------------------------------------------------------------- batching


def test_seed_works_classified_from_one_esearch_and_one_efetch(fake_pubmed, seed_works):
    result, stats = classify(seed_works, pubmed_settings(fake_pubmed))
    assert {doi: (e.kind, e.species) for doi, e in result.items()} == EXPECTED
    chen = result["10.1186/s13041-021-00765-y"]
    assert (chen.source, chen.pmid, chen.basis, chen.confidence) == ("pubmed-mesh", "99000007", "PubMed MeSH: Animals, Rats", "high")
    assert result["10.7759/cureus.42496"].source == "pubmed-type"
    assert result.problem is None and result.pubmed_asked
    # Nine DOIs, one search and one fetch: the term names them all, long enough to go by POST.
    assert fake_pubmed.requests == {"esearch": 1, "efetch": 1}
    assert sorted(terms(fake_pubmed)[0]) == sorted(SEED_DOIS)
    assert fake_pubmed.methods[("esearch", "POST")] == 1
    assert sorted(fake_pubmed.efetch_batches[0]) == sorted(SEED_PMIDS)
    assert {"tool": "citecheck", "email": "tests@example.org", "api_key": "test-key"}.items() <= fake_pubmed.params_seen[0].items()
    assert stats.requests == 2 and stats.pubmed_problem is None and fake_pubmed.sent_429 == 0


def test_many_dois_go_in_batches_of_fifty(fake_pubmed):
    dois = [f"10.9/batch{n}" for n in range(120)]
    for n, doi in enumerate(dois):
        fake_pubmed.add_record(str(600000 + n), doi, title="Effects in rats", mesh=["Animals", "Rats"])
    works = [Work(doi=doi, title="A title") for doi in dois]
    result, _ = classify(works, pubmed_settings(fake_pubmed))
    assert all(result[doi].source == "pubmed-mesh" for doi in dois)
    assert sorted(len(t) for t in terms(fake_pubmed)) == [20, 50, 50]
    assert fake_pubmed.requests == {"esearch": 3, "efetch": 3}
    assert fake_pubmed.sent_429 == 0 and fake_pubmed.max_in_second <= 10


def test_a_batch_answer_missing_some_dois(fake_pubmed, seed_works, tmp_path):
    # Two DOIs PubMed has never heard of, among records it has.
    unknown = [Work(doi="10.9999/nothing", title="Lipid lowering activity in hyperlipidemic rats"),
               Work(doi="10.9999/nothing-either", title="A title naming nobody")]
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    result, _ = classify(seed_works + unknown, settings)
    assert fake_pubmed.requests == {"esearch": 1, "efetch": 1}
    assert result["10.1186/s13041-021-00765-y"].source == "pubmed-mesh"
    # Checked and absent: the Crossref title decides, and "no record" is a definitive answer.
    assert (result["10.9999/nothing"].kind, result["10.9999/nothing"].source) == (K.ANIMAL, "title")
    assert result["10.9999/nothing-either"].confidence == "low"
    fake_pubmed.reset_counters()
    again, stats = classify(seed_works + unknown, settings)
    assert fake_pubmed.total_requests == 0 and stats.cache_hits == 11
    assert dict(again) == dict(result)


def test_an_article_found_by_the_search_but_not_fetched_leaves_the_unmapped_dois_open(fake_pubmed, seed_works, tmp_path):
    # esearch names PMID 777 for this DOI, but efetch has no such article (withdrawn since):
    # which DOI it stood for cannot be known, so no DOI of the batch is called "not in PubMed".
    fake_pubmed.by_doi["10.9999/withdrawn"].append("777")
    unknown = Work(doi="10.9999/nothing", title="A title naming nobody")
    withdrawn = Work(doi="10.9999/withdrawn", title="Another title")
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")

    async def use(lookup, http):
        return await lookup.records(["10.9999/withdrawn", "10.9999/nothing", SEED_DOIS[0]])

    answers, _ = run_client(settings, use)
    assert answers.records[SEED_DOIS[0]].pmid == "99000001"
    assert not answers.checked("10.9999/withdrawn") and not answers.checked("10.9999/nothing")
    result, _ = classify([unknown, withdrawn], settings)
    assert fake_pubmed.requests["esearch"] == 2  # asked again: nothing was cached for them


def test_a_doi_with_more_articles_than_one_page_is_paged(fake_pubmed):
    for n in range(25):  # an article and its 24 comments, all carrying the DOI
        fake_pubmed.add_record(str(700000 + n), "10.9/popular", title=f"Part {n}")

    async def use(lookup, http):
        return await lookup.service.esearch_dois(["10.9/popular"])

    pmids, _ = run_client(pubmed_settings(fake_pubmed), use)
    assert sorted(pmids) == sorted(str(700000 + n) for n in range(25))
    assert [p["retstart"] for p in fake_pubmed.params_seen] == ["0", "20"]


def test_efetch_batches_of_200(fake_pubmed):
    for n in range(450):
        fake_pubmed.add_record(str(500000 + n), f"10.9/{n}", title="Effects in rats", mesh=["Animals", "Rats"])

    async def use(lookup, http):
        return await lookup.service.efetch([str(500000 + n) for n in range(450)])

    records, _ = run_client(pubmed_settings(fake_pubmed), use)
    assert len(records) == 450
    assert [len(batch) for batch in fake_pubmed.efetch_batches] == [200, 200, 50]
    assert fake_pubmed.methods[("efetch", "POST")] == 3


def test_a_batch_that_fails_is_retried(fake_pubmed, seed_works):
    fake_pubmed.set_fail({"esearch": [503, 429], "efetch": ["drop"]})
    result, stats = classify(seed_works, pubmed_settings(fake_pubmed))
    assert result.problem is None
    assert {doi: (e.kind, e.species) for doi, e in result.items()} == EXPECTED
    assert fake_pubmed.requests == {"esearch": 3, "efetch": 2}
    assert stats.rate_limited == 1 and stats.failures == 2


# ----------------------------------------------------------------- pacing


def test_without_a_key_at_most_three_requests_per_second(fake_pubmed):
    for n in range(200):
        fake_pubmed.add_record(str(800000 + n), f"10.8/{n}", title="Effects in rats")
    works = [Work(doi=f"10.8/{n}", title="A title") for n in range(200)]
    settings = pubmed_settings(fake_pubmed, ncbi_api_key=None)
    result, stats = classify(works, settings)
    assert result.problem is None and fake_pubmed.total_requests == 8
    assert fake_pubmed.max_in_second <= 3
    assert fake_pubmed.sent_429 == 0
    assert all("api_key" not in p for p in fake_pubmed.params_seen)


def test_with_a_key_more_than_three_per_second(fake_pubmed):
    for n in range(400):
        fake_pubmed.add_record(str(800000 + n), f"10.8/{n}", title="Effects in rats")
    works = [Work(doi=f"10.8/{n}", title="A title") for n in range(400)]
    classify(works, pubmed_settings(fake_pubmed))
    assert 3 < fake_pubmed.max_in_second <= 10
    assert fake_pubmed.sent_429 == 0


# ------------------------------------------------------------------- caching


def test_failures_are_not_cached(fake_pubmed, seed_works, tmp_path):
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    fake_pubmed.set_fail({"efetch": [503] * 10})
    failed, _ = classify(seed_works[:2], settings, replace(FAST, attempts=2))
    assert failed.problem is not None
    fake_pubmed.reset_counters()
    fake_pubmed.set_fail(None)
    again, _ = classify(seed_works[:2], settings)
    assert again.problem is None
    assert fake_pubmed.requests == {"esearch": 1, "efetch": 1}
    assert again["10.1111/1753-0407.13323"].source == "pubmed-mesh"


# ------------------------------------------------------------------ failures


def test_unreachable_pubmed_lowers_confidence_and_says_so(seed_works):
    fake = FakePubMed(FIXTURES / "pubmed").start()
    settings = pubmed_settings(fake)
    fake.refuse()
    result, stats = classify(seed_works, settings)
    assert result.problem and "connection failed" in result.problem
    assert stats.pubmed_problem == result.problem
    # Evidence still comes, from the Crossref titles, with confidence where it matters.
    an = result["10.1111/1753-0407.13323"]
    # A title that names only the mice is trusted; a human verdict, which MeSH could overturn, is not.
    assert (an.kind, an.source, an.confidence) == (K.ANIMAL, "title", "high")
    chen = result["10.1186/s13041-021-00765-y"]
    assert (chen.kind, chen.confidence) == (K.UNKNOWN, "low")
    dekker = result["10.3389/fendo.2020.00605"]
    assert (dekker.kind, dekker.confidence) == (K.HUMAN, "low")


def test_server_errors_after_retries_are_a_problem_not_a_crash(fake_pubmed):
    for n in range(150):
        fake_pubmed.add_record(str(900000 + n), f"10.7/{n}", title="Effects in rats")
    fake_pubmed.set_fail({"*": [500] * 50})
    works = [Work(doi=f"10.7/{n}", title="A title") for n in range(150)]
    result, _ = classify(works, pubmed_settings(fake_pubmed), replace(FAST, attempts=3))
    assert "HTTP 500" in result.problem
    assert len(result) == 150
    # It stopped asking after the first lasting failure instead of retrying every batch.
    assert fake_pubmed.total_requests <= 3 * 3


def test_an_unreadable_answer_is_a_problem(fake_pubmed, seed_works):
    fake_pubmed.set_fail({"efetch": ["garbage"]})
    result, _ = classify(seed_works[:2], pubmed_settings(fake_pubmed))
    assert "unreadable XML" in result.problem
    assert result["10.1111/1753-0407.13323"].source == "title"


def test_no_pubmed_reads_only_crossref_text(fake_pubmed, seed_works):
    result, _ = classify(seed_works, pubmed_settings(fake_pubmed, pubmed=False))
    assert fake_pubmed.total_requests == 0
    assert not result.pubmed_asked and result.problem is None
    assert result["10.2147/dmso.s449112"].kind is K.ANIMAL
    assert result["10.3389/fendo.2020.00605"].confidence == "low"


def test_offline_uses_the_cache_only(fake_pubmed, seed_works, tmp_path):
    cache = tmp_path / "cache"
    classify(seed_works[:3], pubmed_settings(fake_pubmed, cache))
    fake_pubmed.reset_counters()
    result, _ = classify(seed_works, pubmed_settings(fake_pubmed, cache, offline=True))
    assert fake_pubmed.total_requests == 0
    assert result["10.1111/1753-0407.13323"].source == "pubmed-mesh"  # cached
    assert result["10.1186/s13041-021-00765-y"].kind is K.UNKNOWN  # not cached: title only


def test_the_entry_point_makes_its_own_client_when_given_none(fake_pubmed, seed_works):
    result = asyncio.run(classify_works(seed_works[:2], pubmed_settings(fake_pubmed)))
    assert result["10.1111/1753-0407.13323"].kind is K.ANIMAL and result.problem is None


# ---------------------------------------------------------------- identifiers


def test_pmid_to_doi(fake_pubmed, tmp_path):
    settings = pubmed_settings(fake_pubmed, tmp_path / "cache")
    found = asyncio.run(pmid_to_doi(["32982987", "99000007", "12345"], settings))
    assert dict(found.dois) == {"32982987": "10.3389/fendo.2020.00605", "99000007": "10.1186/s13041-021-00765-y"}
    assert found.problem is None
    assert fake_pubmed.requests == {"efetch": 1}
    # The records fetched on the way are cached for the classification that follows.
    fake_pubmed.reset_counters()
    result, stats = classify([crossref_work("10.3389/fendo.2020.00605")], settings)
    assert fake_pubmed.total_requests == 0 and stats.cache_hits == 1


def test_pmcid_to_doi(fake_pubmed):
    fake_pubmed.add_record("7000001", "10.5555/pmc-test", title="Trial in adults", pmcid="PMC7000001")
    settings = pubmed_settings(fake_pubmed)
    found = asyncio.run(pmcid_to_doi(["PMC7000001", "pmc999", "7000001"], settings))
    assert dict(found.dois) == {"PMC7000001": "10.5555/pmc-test"}
    assert fake_pubmed.requests["idconv"] == 1
    assert fake_pubmed.params_seen[-1]["ids"] == "PMC7000001,PMC999"


def test_many_pmids_and_pmcids_are_converted_in_batches(fake_pubmed):
    for n in range(450):
        fake_pubmed.add_record(str(700000 + n), f"10.7/{n}", title="Trial in adults", pmcid=f"PMC{900000 + n}")
    settings = pubmed_settings(fake_pubmed)
    by_pmid = asyncio.run(pmid_to_doi([str(700000 + n) for n in range(450)], settings))
    assert len(by_pmid.dois) == 450 and by_pmid.dois["700449"] == "10.7/449"
    assert fake_pubmed.requests == {"efetch": 3}  # 200 + 200 + 50 ids
    fake_pubmed.reset_counters()
    by_pmcid = asyncio.run(pmcid_to_doi([f"PMC{900000 + n}" for n in range(450)], settings))
    assert len(by_pmcid.dois) == 450 and by_pmcid.dois["PMC900449"] == "10.7/449"
    assert fake_pubmed.requests == {"idconv": 3}
    assert [len(p["ids"].split(",")) for p in fake_pubmed.params_seen] == [200, 200, 50]


def test_the_id_converter_is_paced_at_ncbis_limits(fake_pubmed):
    async def use(lookup, http):
        service = lookup.service
        pacer = http.pacer(service.urls.id_converter())
        return pacer.budgets["single"].limit, pacer.concurrency, http.service_of(service.urls.id_converter())

    assert run_client(pubmed_settings(fake_pubmed, ncbi_api_key=None), use)[0] == (3, 3, "PubMed")
    assert run_client(pubmed_settings(fake_pubmed), use)[0] == (10, 3, "PubMed")
