"""The seed articles end to end: extract, resolve from the Crossref fixtures, classify via the fake PubMed, check.

Expected (seed-records README): electroacupuncture-gut-inflammation flags An 2022, Xia 2022 and
Yang 2024 for every sentence that cites them, and not Dekker Nitert 2020 (human), Yao 2023
(review) or Ratna 2023 (editorial); probiotics-neuropathic-pain flags Chen 2021 (rats, known
only from PubMed) and not Lin 2020 or Garvey 2023 (reviews).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from citecheck.model import InputFormat, Outcome, Resolution
from citecheck.pipeline import Resolved, check, extract
from citecheck.settings import Settings
from citecheck.sources.studies import classify_works
from tests.evidence.conftest import crossref_work, pubmed_settings

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def seed_text(name: str) -> Path:
    """fixtures/articles/seed-<name> (copied from /work/shared/seeds/)."""
    path = ARTICLES / f"seed-{name}"
    if not path.exists():
        pytest.fail(f"seed article {path} is missing")
    return path


def run_seed(name: str, fake, settings_values=None):
    from citecheck.ingest import read_document

    extraction = extract(read_document(seed_text(name), InputFormat.AUTO))
    dois = sorted({r.doi.lower() for r in extraction.references if r.doi})
    works = [crossref_work(doi) for doi in dois]
    resolutions = {doi: Resolution(doi, Outcome.FOUND, work=work) for doi, work in zip(dois, works)}
    settings = pubmed_settings(fake, **(settings_values or {}))
    evidence = asyncio.run(classify_works(works, settings))
    resolved = Resolved(
        resolutions={r.doi: resolutions[r.doi.lower()] for r in extraction.references if r.doi},
        evidence=dict(evidence),
    )
    report = check(extraction, resolved, Settings())
    by_id = {r.id: r for r in extraction.references}
    return extraction, report, by_id, evidence


def flagged(report, by_id, code="CC401"):
    return {(by_id[f.reference].authors[0], f.sentence) for f in report.findings if f.code == code}


def citing(extraction, by_id, author):
    return {c.sentence for c in extraction.citations for ref in c.references if by_id[ref].authors[0] == author}


def test_electroacupuncture_gut_inflammation(fake_pubmed):
    extraction, report, by_id, _ = run_seed("electroacupuncture-gut-inflammation.txt", fake_pubmed)
    found = flagged(report, by_id)
    for author in ("An", "Xia", "Yang"):
        sentences = citing(extraction, by_id, author)
        assert sentences, f"no citation of {author} was extracted"
        assert {(author, s) for s in sentences} <= found, author
    assert {a for a, _ in found} == {"An", "Xia", "Yang"}
    assert not [f for f in report.findings if f.code == "CC402"]
    messages = [f.message for f in report.findings if f.code == "CC401"]
    assert any("obese mice (PubMed MeSH: Animals, Mice)" in m for m in messages)
    an = next(f for f in report.findings if f.code == "CC401" and by_id[f.reference].authors[0] == "An")
    assert an.suggestion.startswith("Since electroacupuncture can reduce gut inflammation causing back pain")
    assert an.suggestion.endswith("affecting the back muscles in type 2 diabetic mice. (An et al., 2022)")


def test_probiotics_neuropathic_pain(fake_pubmed):
    extraction, report, by_id, evidence = run_seed("probiotics-neuropathic-pain.txt", fake_pubmed)
    assert evidence["10.1186/s13041-021-00765-y"].source == "pubmed-mesh"
    found = flagged(report, by_id)
    assert {a for a, _ in found} == {"Chen"}
    chen_sentences = citing(extraction, by_id, "Chen")
    assert {s for _, s in found} == chen_sentences
    assert all("rats" in f.message for f in report.findings if f.code == "CC401")


def test_without_pubmed_chen_is_not_recognised_as_a_rat_study(fake_pubmed):
    # The title does not say rats: only PubMed's MeSH does. The mouse titles still speak for themselves.
    _, report, by_id, evidence = run_seed("probiotics-neuropathic-pain.txt", fake_pubmed, {"pubmed": False})
    assert evidence["10.1186/s13041-021-00765-y"].confidence == "low"
    assert not flagged(report, by_id)
    _, report, by_id, _ = run_seed("electroacupuncture-gut-inflammation.txt", fake_pubmed, {"pubmed": False})
    assert {a for a, _ in flagged(report, by_id)} == {"An", "Xia", "Yang"}
