"""A work cited by a link in the prose is its own citation: never "not cited", its link text never a title."""

from __future__ import annotations

from citecheck.checks.base import Example
from citecheck.checks import examples
from citecheck.ingest import document_from_text
from citecheck.pipeline import Resolved, check, extract
from citecheck.settings import Settings

RECORD = {
    "DOI": "10.1016/j.smrv.2016.01.002",
    "type": "journal-article",
    "title": ["Coffee, caffeine and sleep: a systematic review of the trials"],
    "container-title": ["Sleep Medicine Reviews"],
    "author": [{"family": "Clark", "given": "I."}, {"family": "Landolt", "given": "H. P."}],
    "issued": {"date-parts": [[2017, 2]]},
    "volume": "31",
    "page": "70-78",
}
ARTICLE = (
    "# Coffee and sleep\n\n"
    "Coffee is the most popular drink in the world.\n\n"
    "- [A 2017 study](https://doi.org/10.1016/j.smrv.2016.01.002) found that coffee delays sleep.\n"
    "- [Clark et al. (2017)](https://doi.org/10.1016/j.smrv.2016.01.002) reviewed the trials.\n"
    "- [Smith and colleagues showed](https://doi.org/10.1016/j.smrv.2016.01.002) that timing matters.\n\n"
    "So drink it early.\n"
)


def _codes(article: str) -> list[str]:
    document = document_from_text(article, "post.md")
    extraction = extract(document)
    example = Example(article=article, works={RECORD["DOI"]: RECORD})
    dois = [reference.doi for reference in extraction.references if reference.doi]
    resolved = Resolved(resolutions=examples.resolutions_for(example, dois), evidence=examples.evidence_for(example))
    return [finding.code for finding in check(extraction, resolved, Settings()).findings]


def test_linked_works_are_cited_and_their_link_text_is_no_title() -> None:
    extraction = extract(document_from_text(ARTICLE, "post.md"))
    assert [reference.origin for reference in extraction.references] == ["link"]
    codes = _codes(ARTICLE)
    assert not {"CC501", "CC502", "CC206"} & set(codes), codes


def test_a_linked_sentence_under_a_reference_heading_stays_an_entry() -> None:
    article = (
        "Coffee delays sleep (Clark et al., 2017).\n\n## References\n\n"
        "- [Coffee, caffeine and sleep: a systematic review of the trials](https://doi.org/10.1016/j.smrv.2016.01.002) "
        "by Clark and Landolt, 2017.\n"
    )
    extraction = extract(document_from_text(article, "post.md"))
    assert [reference.origin for reference in extraction.references] == ["list"]
