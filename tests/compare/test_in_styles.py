"""Real records rendered in CSL styles: a clean entry gives no finding; one planted error gives its finding alone.

The styles are training styles (training/splits.py), 36 of them: the familiar
ones writers copy (APA, Vancouver, AMA, Harvard, Chicago, MLA, IEEE, Nature...)
and others spread over the list. Each article holds the same three real
records (fixtures/crossref/), rendered with citeproc-py (training/render.py).
"""

from __future__ import annotations

import functools

import pytest

from tests.compare.pipeline import article, check_with_records, identity_findings
from tests.compare.records import messages, record
from training.render import csl_item, render
from training.splits import FAMILIAR_STYLES, styles_in

DOIS = (
    "10.1111/1753-0407.13323",  # An et al. 2022, J Diabetes 14(10):695-710
    "10.1002/jor.1100150407",  # Lieber et al. 1997, J Orthop Res 15(4):519-527
    "10.1371/journal.pone.0033693",  # a PLOS ONE article with an e-locator
)


@functools.lru_cache(maxsize=1)
def styles() -> list[str]:
    training = styles_in("train")
    familiar = sorted(s for s in FAMILIAR_STYLES if s in training)
    others = [s for s in training if s not in familiar]
    step = max(1, len(others) // (36 - len(familiar)))
    return familiar + others[::step][: 36 - len(familiar)]


def entry(doi: str, style: str, **changes: object) -> str:
    item = {**csl_item(messages()[doi], "item"), **changes}
    text = render(item, style)
    return text if doi in text.lower() else f"{text} https://doi.org/{doi}"


def test_at_least_thirty_styles_are_checked():
    assert len(styles()) >= 30 and len(set(styles())) == len(styles())


@pytest.mark.parametrize("style", styles())
def test_clean_entries_give_no_finding(style):
    report = check_with_records(article(*(entry(doi, style) for doi in DOIS)), [record(doi) for doi in DOIS])
    assert len(report.results) == len(DOIS), [r.reference.text for r in report.results]
    assert identity_findings(report) == [], [f.message for f in report.findings]
    for result in report.results:
        assert result.comparison.identity.value == "same", result.reference.text


@pytest.mark.parametrize("style", styles()[::4])
def test_a_wrong_year_gives_the_year_finding_alone(style):
    doi = DOIS[0]
    wrong = entry(doi, style, issued={"date-parts": [[2019]]})
    report = check_with_records(article(wrong), [record(doi)])
    if "2019" not in report.results[0].reference.text:
        pytest.fail(f"{style} prints no year")
    assert identity_findings(report) == ["CC201"], [f.message for f in report.findings]
