"""Entries a blind parse gets wrong are still compared right: no finding from a reader's slip.

Each entry goes through the real extractor, the comparison and the rules; the
records are real (fixtures/snapshot/list-items.jsonl.gz and fixtures/crossref/).
"""

from __future__ import annotations

import pytest

from tests.compare.pipeline import article, check_with_records, identity_findings
from tests.compare.records import record

ROYAL = "10.1098/rspb.2017.0132"
IEEE = "10.1109/tit.2019.2935775"
BUTLER = "10.1007/bf00118278"
ROOS = "10.1111/j.1600-0404.1986.tb03253.x"

CLEAN = {
    "issue that looks like a year": (
        ROYAL,
        "Dougherty LR, van Lieshout E, McNamara KB, Moschilla JA, Arnqvist G, Simmons LW. Sexual conflict and "
        "correlated evolution between male persistence and female resistance traits in the seed beetle "
        "Callosobruchus maculatus. Proc. R. Soc. B. 2017;284(1855):20170132. doi:10.1098/rspb.2017.0132",
    ),
    "journal abbreviated word by word": (
        IEEE,
        "S. Shin and C. Suh, \u201cTwo-Way Function Computation,\u201d IEEE Trans. Inform. Theory, vol. 66, no. 2, "
        "pp. 813\u2013834, Feb. 2020, doi: 10.1109/TIT.2019.2935775.",
    ),
    "one-name author before the title": (
        BUTLER,
        "Govindjee. Publications of Warren L. Butler on photosynthesis. Photosynth Res. 1986;10(3):151-61. "
        "doi:10.1007/BF00118278",
    ),
    "authors run into the title": (
        ROOS,
        "Roos RAC, Bots GTAM, Hermans J. Quantitative analysis of morphological features in Huntington's disease. "
        "Acta Neurol Scand. 1986;73(2):131-5. doi:10.1111/j.1600-0404.1986.tb03253.x",
    ),
    "blog style without initials": (
        IEEE,
        "Shin et al. (2020). Two-way function computation. IEEE Transactions on Information Theory, 66(2), 813-834. "
        "https://doi.org/10.1109/tit.2019.2935775",
    ),
    "bullet and a bare doi.org link": (
        ROYAL,
        "- Dougherty et al. (2017). Sexual conflict and correlated evolution between male persistence and female "
        "resistance traits in the seed beetle Callosobruchus maculatus. Proceedings of the Royal Society B, 284(1855), "
        "20170132. doi.org/10.1098/rspb.2017.0132",
    ),
}


@pytest.mark.parametrize("doi, entry", CLEAN.values(), ids=list(CLEAN))
def test_a_clean_entry_read_badly_gives_no_finding(doi, entry):
    report = check_with_records(article(entry), [record(doi)])
    (result,) = report.results
    assert identity_findings(report) == []
    assert result.comparison.identity.value == "same"
    expected = "partly_verified" if result.comparison.uncompared() else "verified"
    assert result.status.value == expected


def test_a_back_issue_cited_by_its_print_year_is_not_a_wrong_year():
    # Crossref dates this 1986 paper by the day it went online, 2009, and gives no print date.
    doi, entry = CLEAN["authors run into the title"]
    report = check_with_records(article(entry), [record(doi)])
    (result,) = report.results
    year = result.comparison.get("year")
    assert year.state.value == "not_compared" and year.cited == "1986" and year.record == "2009"
    assert result.status.value == "partly_verified"
    # A year two off the record's is still reported.
    wrong = check_with_records(article(entry.replace("1986;73", "2007;73")), [record(doi)])
    assert identity_findings(wrong) == ["CC201"]


PLANTS = [
    ("year", ROYAL, "2017;284", "2016;284", "CC201"),
    ("volume", ROYAL, "2017;284", "2017;285", "CC202"),
    ("issue", IEEE, "no. 2,", "no. 3,", "CC203"),
    ("pages", IEEE, "pp. 813\u2013834", "pp. 831\u2013854", "CC204"),
    ("first author", ROOS, "Roos RAC,", "Ross RAC,", "CC205"),
    ("year, blog style", IEEE, "(2020)", "(2019)", "CC201"),
]


@pytest.mark.parametrize("name, doi, old, new, code", PLANTS, ids=[p[0] for p in PLANTS])
def test_one_planted_error_gives_its_finding_alone(name, doi, old, new, code):
    entry = next(text for key, (d, text) in CLEAN.items() if d == doi and old in text)
    report = check_with_records(article(entry.replace(old, new)), [record(doi)])
    assert identity_findings(report) == [code]
    (finding,) = [f for f in report.findings if f.code == code]
    digits = "".join(c for c in new if c.isalnum())
    assert "".join(c for c in finding.cited if c.isalnum()) in digits
    assert finding.expected not in (None, finding.cited)


def test_another_papers_doi_is_wrong_work_alone():
    doi, entry = CLEAN["journal abbreviated word by word"]
    wrong = entry.replace("10.1109/TIT.2019.2935775", "10.1007/BF00118278")
    report = check_with_records(article(wrong), [record(IEEE), record(BUTLER)])
    assert identity_findings(report) == ["CC103"]
    assert report.results[0].status.value == "mismatch"
