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


LAUTERIO = "10.1155/2009/824803"  # Journal of Transplantation: the volume is the year (2009), pages 1-3
LAUTERIO_TITLE = ("Percutaneous Transhepatic Bile Duct Ablation with n-Butyl Cyanoacrylate in the Treatment of a Biliary "
                  "Complication after Split Liver Transplantation")
YEAR_AS_VOLUME = {
    "a label says which is the volume": (
        f"LAUTERIO Andrea, Abdallah SLIM, Paolo ASENI vd., \u201c{LAUTERIO_TITLE}\u201d, Journal of Transplantation, "
        "C. 2011, 2009, ss. 1-3, doi:10.1155/2009/824803.", "CC202", "2011"),
    "the year before the title, the volume in brackets": (
        f"Lauterio A., Slim A., Aseni P., 2009. {LAUTERIO_TITLE}. Journal of Transplantation, (2011), 1\u20113. "
        "https://doi.org/10.1155/2009/824803", "CC202", "2011"),
    "a wrong year before the title": (
        f"Lauterio A., Slim A., Aseni P., 2012. {LAUTERIO_TITLE}. Journal of Transplantation, (2009), 1\u20113. "
        "https://doi.org/10.1155/2009/824803", "CC201", "2012"),
    "the year before the title written again, the other year the volume": (
        f"Lauterio, Andrea/Slim, Abdallah (2009): {LAUTERIO_TITLE}. In: Journal of Transplantation, 2009, 2013, "
        "S. 1\u20133. https://doi.org/10.1155/2009/824803", "CC202", "2013"),
    "an initial before the year is no `t.` (tome)": (
        f"Lauterio A, Slim A, Aseni P. 2009. {LAUTERIO_TITLE}. Journal of Transplantation 2013:1\u20133. "
        "https://doi.org/10.1155/2009/824803", "CC202", "2013"),
}


@pytest.mark.parametrize("entry, code, cited", YEAR_AS_VOLUME.values(), ids=list(YEAR_AS_VOLUME))
def test_a_journal_using_the_year_as_volume_reports_the_number_in_its_place(entry, code, cited):
    report = check_with_records(article(entry), [record(LAUTERIO)])
    assert identity_findings(report) == [code], [f.message for f in report.findings]
    (finding,) = [f for f in report.findings if f.code == code]
    assert finding.cited == cited and finding.expected == "2009"


def test_two_years_that_cannot_be_told_apart_are_not_compared_and_give_no_finding():
    # "Journal, 2011, 2009, p. 1-3": volume then year in some styles, year then volume in others.
    entry = (f"A. Lauterio, A. Slim, P. Aseni, {LAUTERIO_TITLE}, in Journal of Transplantation, 2011, 2009, p. 1-3. "
             "https://doi.org/10.1155/2009/824803")
    report = check_with_records(article(entry), [record(LAUTERIO)])
    (result,) = report.results
    assert identity_findings(report) == []
    for name in ("year", "volume"):
        compared = result.comparison.get(name)
        assert compared.state.value == "not_compared" and "cannot be told" in compared.note
    assert result.status.value == "partly_verified"


MORE_CLEAN = {
    "a given name read as a name of its own": (
        "10.1016/0002-9149(79)90276-5",
        "W.-. i . Li, R.C.K. Riggins, et R.P. Anderson, \u00ab Reversal of exertional hypotension after coronary bypass "
        "grafting \u00bb, The American Journal of Cardiology, 1979, p. 607\u2011611. "
        "https://doi.org/10.1016/0002-9149(79)90276-5",
    ),
}


@pytest.mark.parametrize("doi, entry", MORE_CLEAN.values(), ids=list(MORE_CLEAN))
def test_initials_left_by_a_misread_are_no_other_first_author(doi, entry):
    report = check_with_records(article(entry), [record(doi)])
    (result,) = report.results
    assert identity_findings(report) == []
    assert result.comparison.get("author").state.value == "found"


SHIN_COLON = ("Shin S, Suh C: Two-way function computation. IEEE Trans Inf Theory 66:813\u2013834 (2020). "
              "https://doi.org/10.1109/tit.2019.2935775")
SHIN_GLUED = ("Shin, S. and Suh, C. (2020) \u2018Two-Way Function Computation\u2019, IEEE Transactions on Information "
              "Theory, 66(2), 813\u2013834Institute of Electrical and Electronics Engineers (IEEE). "
              "https://doi.org/10.1109/tit.2019.2935775")
BREEDEN = "10.1002/qj.3512"  # Q J R Meteorol Soc 145(721):1559-1570, 2019
BREEDEN_ENTRY = ("Breeden, M.L. and Martin, J.E., Evidence for nonlinear processes in fostering a North Pacific jet "
                 "retraction, Quarterly Journal of the Royal Meteorological Society, 2019, vol. 145, p. 1559. "
                 "https://doi.org/10.1002/qj.3512")
BREEDEN_BLOG = ("* Breeden & Martin, Evidence for nonlinear processes in fostering a North Pacific jet retraction, "
                "Quarterly Journal of the Royal Meteorological Society 2019, 145(721), 1559-1570. doi.org/10.1002/qj.3512")
LOEBLE = "10.1016/0006-291x(72)90535-9"  # Biochem Biophys Res Commun 49(6):1671-1677, 1972
LOEBLE_ENTRY = ("Loeble RB, Dunlap RB (1972) Characterization of the subunits of thymidylate synthetase. "
                "Biochemical and Biophysical Research Communications 49, 1671-1677. "
                "https://doi.org/10.1016/0006-291x(72)90535-9")
PLOS = "10.1371/journal.pone.0033693"  # PLoS ONE 7(3): e33693, 2012
PLOS_ENTRY = ("Sadasivan, S., B.B. Pond and A.K. Pani2012\u2018Methylphenidate Exposure Induces Dopamine Neuron Loss and "
              "Activation of Microglia in the Basal Ganglia of Mice\u2019, PLoS ONE 7.3 (Public Library of Science (PLoS)): "
              "e33693. https://doi.org/10.1371/journal.pone.0033693")
NUMBERS_IN_PLACE = [
    ("volume.issue before a bracket, clean", PLOS, PLOS_ENTRY, "7.3", "7.3", None),
    ("volume.issue before a bracket, wrong volume", PLOS, PLOS_ENTRY, "7.3", "9.3", "CC202"),
    ("volume.issue before a bracket, wrong issue", PLOS, PLOS_ENTRY, "7.3", "7.5", "CC203"),
    ("a page label after the volume", PLOS, PLOS_ENTRY, "7.3 (Public Library of Science (PLoS)): e33693",
     "2012, 9, S. e33693", "CC202"),
    ("an issue numbered like a year", ROYAL, CLEAN["issue that looks like a year"][1], "284(1855)", "284(1862)",
     "CC203"),
    ("a page numbered like a year, labelled", BREEDEN, BREEDEN_ENTRY, "p. 1559", "p. 1569", "CC204"),
    ("a page numbered like a year, after the volume and issue", BREEDEN, BREEDEN_BLOG, "1559-1570", "1569", "CC204"),
    ("pages that begin with the volume's digits", BREEDEN, BREEDEN_BLOG, "1559-1570", "1451-1460", "CC204"),
    ("pages that begin with a year", LOEBLE, LOEBLE_ENTRY, "1671-1677", "1681-1687", "CC204"),
    ("a range after the volume and a colon is the pages", IEEE, SHIN_COLON, "66:813", "66:831", "CC204"),
    ("pages run into the publisher's name, clean", IEEE, SHIN_GLUED, "813\u2013834", "813\u2013834", None),
    ("pages run into the publisher's name", IEEE, SHIN_GLUED, "813\u2013834", "823\u2013844", "CC204"),
]


@pytest.mark.parametrize("name, doi, entry, old, new, code", NUMBERS_IN_PLACE, ids=[c[0] for c in NUMBERS_IN_PLACE])
def test_numbers_are_read_by_their_place(name, doi, entry, old, new, code):
    assert old in entry
    report = check_with_records(article(entry.replace(old, new)), [record(doi)])
    assert identity_findings(report) == ([code] if code else []), [f.message for f in report.findings]


TITLE_FIRST = ("Two-way function computation.Shin S, Suh C.IEEE Trans Inf Theory. 2020 ; 66(2) : 813\u201334. "
               "https://doi.org/10.1109/tit.2019.2935775")


def test_an_entry_that_opens_with_its_title_is_read_for_the_names_after_it():
    clean = check_with_records(article(TITLE_FIRST), [record(IEEE)])
    assert identity_findings(clean) == [] and clean.results[0].comparison.get("author").state.value == "found"
    wrong = check_with_records(article(TITLE_FIRST.replace("Shin S", "Chin S")), [record(IEEE)])
    assert identity_findings(wrong) == ["CC205"]
    (finding,) = wrong.findings
    assert finding.cited == "Chin" and finding.expected == "Shin"
