"""PubMed beside Crossref in one run: it starts with the DOIs, and its failure never touches Crossref's verdicts."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from citecheck.model import Outcome
from citecheck.pipeline import read, run_documents
from citecheck.sources.resolver import Resolver
from tests.evidence.conftest import SEED_DOIS
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed
from tests.sources.conftest import PUBMED_FIXTURES
from tests.sources.helpers import FAST, pubmed_settings, settings_for

ROOT = Path(__file__).resolve().parents[2]
PROBIOTICS = ROOT / "fixtures" / "articles" / "seed-probiotics-neuropathic-pain.txt"


def both(crossref: FakeCrossref, pubmed: FakePubMed, cache_dir: Path | None, **values):
    pubmed_part = pubmed_settings(pubmed, cache_dir)
    return settings_for(crossref, cache_dir, pubmed=True, pubmed_url=pubmed_part.pubmed_url,
                        idconv_url=pubmed_part.idconv_url, ncbi_api_key="test-key", **values)


def test_pubmed_is_asked_while_crossref_is_still_answering(cache_dir):
    with FakeCrossref.from_fixtures(latency=0.25) as crossref, FakePubMed(PUBMED_FIXTURES) as pubmed:
        settings = both(crossref, pubmed, cache_dir)

        async def go():
            resolver = Resolver(settings, policy=FAST)
            try:
                answers = await resolver.resolve(SEED_DOIS)
                evidence = await resolver.classify([a.work for a in answers.values() if a.work])
                return answers, evidence, resolver.counters
            finally:
                await resolver.aclose()

        answers, evidence, counters = asyncio.run(go())
        crossref_arrivals = [r.time for r in crossref.log]
        pubmed_arrivals = [t for t, _ in pubmed.arrivals]
    assert all(a.outcome is Outcome.FOUND for a in answers.values())
    assert evidence["10.1186/s13041-021-00765-y"].source == "pubmed-mesh"
    # Nine DOIs at three in flight, 0.25 s each: Crossref is busy for about 0.75 s;
    # PubMed's search and fetch both went out before Crossref's last look-up did.
    assert len(pubmed_arrivals) == 2
    assert max(pubmed_arrivals) < max(crossref_arrivals)
    assert counters.by_service == {"Crossref": 9, "PubMed": 2}
    phases = counters.phases
    assert (phases["Crossref"].done, phases["Crossref"].total) == (9, 9)
    assert (phases["PubMed"].done, phases["PubMed"].total) == (9, 9)


def _verdicts(report):
    """Each reference's status, and every finding that is not about the kind of evidence."""
    file = report.files[0]
    return (
        [(r.reference.id, r.status) for r in file.results],
        sorted((f.code, f.reference) for f in file.findings if not f.code.startswith("CC4")),
    )


def test_pubmed_down_leaves_crossref_verdicts_alone_and_says_so(tmp_path):
    with FakeCrossref.from_fixtures() as crossref, FakePubMed(PUBMED_FIXTURES) as pubmed:
        up = both(crossref, pubmed, tmp_path / "up")
        with_pubmed = asyncio.run(run_documents([read(PROBIOTICS, up)], up))
        pubmed.refuse()
        down = both(crossref, pubmed, tmp_path / "down")
        without = asyncio.run(run_documents([read(PROBIOTICS, down)], down))
    assert _verdicts(without) == _verdicts(with_pubmed)
    assert with_pubmed.stats.pubmed_problem is None
    assert "connection failed" in without.stats.pubmed_problem
    assert any("PubMed" in hint for hint in without.hints)
    assert not any("PubMed" in hint for hint in with_pubmed.hints)
    # PubMed's trouble never made a reference unverified: that is for Crossref to say.
    assert all(r.resolution.outcome is not Outcome.UNVERIFIED
               for r in without.files[0].results if r.resolution is not None)


def test_no_pubmed_sends_nothing_to_pubmed(cache_dir):
    with FakeCrossref.from_fixtures() as crossref, FakePubMed(PUBMED_FIXTURES) as pubmed:
        settings = replace(both(crossref, pubmed, cache_dir), pubmed=False)
        report = asyncio.run(run_documents([read(PROBIOTICS, settings)], settings))
        assert pubmed.total_requests == 0
    assert report.stats.pubmed_problem is None
