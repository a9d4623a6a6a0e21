"""Initials written after a family name without a comma are not part of the name a citation is matched to."""

from __future__ import annotations

import pytest

from citecheck.checks.base import CheckContext
from citecheck.checks.links import RULES
from citecheck.extract.cite_link import family_name
from citecheck.extract.extractor import extract
from citecheck.ingest import document_from_text
from citecheck.model import ReferenceResult, Status

ARTICLE = (
    "Implants in the lower jaw heal within weeks ({cited} et al. 2025). Grafts help (Petrov and Ivanov 2024).\n"
    "\n"
    "References\n"
    "\n"
    "Risovannaya ON, Andreasyan TSh, Guseynov NA (2025) Bone healing after dental implant placement "
    "in the lower jaw. J Oral Surg 12:45-53\n"
    "Petrov AV, Ivanov IIa (2024) Grafts in dental surgery. Dent Res 3:1-9\n"
)


@pytest.mark.parametrize(
    "written, family",
    [
        ("Risovannaya ON", "Risovannaya"),
        ("Andreasyan TSh", "Andreasyan"),
        ("Ivanov IIa", "Ivanov"),
        ("Petrov YuV", "Petrov"),
        ("Kim HJ", "Kim"),
        ("de Souza A", "de Souza"),
        ("Van der Berg JM", "Van der Berg"),
        ("Smith", "Smith"),
        ("Wu Li", "Wu Li"),
        ("World Health Organization", "World Health Organization"),
        ("WHO", "WHO"),
    ],
)
def test_family_name_drops_trailing_initials(written: str, family: str) -> None:
    assert family_name(written) == family


def test_a_citation_spelled_as_listed_links_without_a_variant() -> None:
    extraction = extract(document_from_text(ARTICLE.format(cited="Risovannaya"), "a.txt"))
    first, second = extraction.citations
    assert first.references == (extraction.references[0].id,) and first.author_variant is None
    assert second.references == (extraction.references[1].id,) and second.author_variant is None


def test_a_misspelt_citation_names_the_family_name_listed() -> None:
    extraction = extract(document_from_text(ARTICLE.format(cited="Risovanaya"), "a.txt"))
    assert extraction.citations[0].author_variant == "Risovanaya"


def _author_findings(extraction):
    rule = next(rule for rule in RULES if rule.code == "CC505")
    results = tuple(ReferenceResult(reference=r, status=Status.NO_DOI) for r in extraction.references)
    return list(rule.check(rule, CheckContext(extraction=extraction, results=results)))


def test_author_mismatch_compares_family_names_only() -> None:
    assert _author_findings(extract(document_from_text(ARTICLE.format(cited="Risovannaya"), "a.txt"))) == []
    (finding,) = _author_findings(extract(document_from_text(ARTICLE.format(cited="Risovanaya"), "a.txt")))
    assert finding.expected == "Risovannaya" and "\"Risovannaya\"" in finding.message
