"""Reading one entry with the learned tagger: the fields `model.Reference` holds, and where each is written.

The entries are the forms blog writers use: family names without initials,
`et al.`, a month in the date, bullets, bare `doi.org/` links, Markdown links,
no issue, `n.d.`, lines wrapped inside an entry.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from citecheck.extract.fields import EntryFields, read_entry
from citecheck.model import Reference
from citecheck.text.normalize import fold

APA = (
    "Chen, X., Wang, Z., & Guo, H. (2020). Gut microbes and\nsleep. Journal of Sleep Research, "
    "28(4), 1425–1437. https://doi.org/10.1111/jsr.1234"
)


def _written(text: str, entry: EntryFields, label: str) -> str:
    (span,) = entry.spans_of(label)[:1]
    return text[span.start : span.end]


def test_read_entry_gives_the_reference_fields() -> None:
    entry = read_entry(APA)
    assert isinstance(entry, EntryFields)
    assert entry.authors == ("Chen", "Wang", "Guo")
    assert (entry.year, entry.volume, entry.issue, entry.pages, entry.doi) == (2020, "28", "4", "1425-1437", "10.1111/jsr.1234")
    assert entry.journal == "Journal of Sleep Research"
    assert fold(entry.title or "") == "gut microbes and sleep"
    reference = Reference(id="R1", line=1, text=APA, **entry.reference_fields())
    assert reference.spans == entry.spans and reference.first_author == "Chen"


def test_spans_are_offsets_into_the_text_given() -> None:
    entry = read_entry(APA)
    for span in entry.spans:
        assert 0 <= span.start < span.end <= len(APA)
        assert 0.0 <= span.confidence <= 1.0
    assert _written(APA, entry, "year") == "2020"
    assert _written(APA, entry, "volume") == "28"
    assert _written(APA, entry, "issue") == "4"
    assert _written(APA, entry, "pages") == "1425–1437"
    assert _written(APA, entry, "title") == "Gut microbes and\nsleep"
    assert _written(APA, entry, "journal") == "Journal of Sleep Research"
    assert "10.1111/jsr.1234" in _written(APA, entry, "doi")
    spans = sorted(entry.spans, key=lambda span: span.start)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_identifiers_are_read_by_rule_with_full_confidence() -> None:
    text = "Smith J, Jones K. A trial of sleep. Sleep Med. 2019;12(3):45-50. doi:10.1016/j.sleep.2019.01.002. PMID: 31234567"
    entry = read_entry(text)
    assert entry.doi == "10.1016/j.sleep.2019.01.002"
    assert entry.pmid == "31234567"
    (pmid,) = entry.spans_of("pmid")
    assert text[pmid.start : pmid.end] == "31234567" and pmid.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "authors", "et_al", "year", "journal"),
    [
        # Family names only, joined by "&": not a journal.
        ("Ramiscal & Brewer (2013). Oral lesions in lupus. JAMA Dermatology, 149(3), 1-5.",
         ("Ramiscal", "Brewer"), False, 2013, "JAMA Dermatology"),
        # "Surname et al. (2020)."
        ("Okafor et al. (2020). Gut microbes and the timing of sleep. Journal of Sleep Research, 28, 1425-1437.",
         ("Okafor",), True, 2020, "Journal of Sleep Research"),
        # A month inside the date brackets is no journal.
        ("Chinskey ND, Cornblath WT (March 2013). Optic neuritis in adults. Ophthalmology. 12(3):4-5",
         ("Chinskey", "Cornblath"), False, 2013, "Ophthalmology"),
        # A bullet in front.
        ("- Lindqvist P, van der Berg M. Night shifts and memory. Sleep. 2018;41(2):zsx201.",
         ("Lindqvist", "van der Berg"), False, 2018, "Sleep"),
    ],
)
def test_blog_forms_of_the_author_list(text: str, authors: tuple[str, ...], et_al: bool, year: int, journal: str) -> None:
    entry = read_entry(text)
    assert entry.authors == authors
    assert entry.et_al is et_al
    assert entry.year == year
    assert entry.journal == journal


def test_a_bare_doi_org_link_is_the_doi() -> None:
    entry = read_entry("Rivera L (2021). Rivers and towns. Water Research, 12, 33-40. doi.org/10.1016/j.watres.2021.117001")
    assert entry.doi == "10.1016/j.watres.2021.117001"
    assert entry.volume == "12" and entry.pages == "33-40"


def test_a_markdown_link_on_the_title() -> None:
    text = "Nguyen et al. (2022). [Coffee and sleep in older adults](https://doi.org/10.1111/1753-0407.13323). Journal of Diabetes."
    entry = read_entry(text)
    assert entry.doi == "10.1111/1753-0407.13323"
    assert entry.title == "Coffee and sleep in older adults"
    assert entry.authors == ("Nguyen",) and entry.et_al


def test_no_issue_and_no_date() -> None:
    no_issue = read_entry("Stone, E. (2008). Chapter on rivers. Annals of Water, 3, 45-67.")
    assert (no_issue.volume, no_issue.issue, no_issue.pages) == ("3", None, "45-67")
    undated = read_entry("World Health Organization. (n.d.). Physical activity. https://www.who.int/news-room/fact-sheets")
    assert undated.year is None and undated.no_date
    assert undated.url == "https://www.who.int/news-room/fact-sheets"


def test_a_wrapped_entry_reads_like_one_line() -> None:
    one_line = "Tsuji M, Murota SI, Morita I. Docosapentaenoic acid is a cell growth factor. Prostaglandins Leukot Essent Fatty Acids. 2003;68(5):337-42."
    wrapped = one_line.replace(" is a cell", "\nis a cell").replace(" Prostaglandins", "\nProstaglandins")
    a, b = read_entry(one_line), read_entry(wrapped)
    assert a.authors == b.authors == ("Tsuji", "Murota", "Morita")
    assert (a.year, a.volume, a.issue, a.pages) == (b.year, b.volume, b.issue, b.pages) == (2003, "68", "5", "337-42")
    assert fold(a.title or "") == fold(b.title or "")


@pytest.mark.parametrize("text", ["", " ", "\n\n", "(", "2020", "doi:", "et al.", "\ufffd" * 5, "a" * 10_000])
def test_read_entry_reads_scraps_without_raising(text: str) -> None:
    entry = read_entry(text)
    assert all(0 <= span.start <= span.end <= len(text) for span in entry.spans)


def test_importing_the_command_line_loads_no_model() -> None:
    code = (
        "import sys, citecheck.cli, citecheck.extract.fields as f, citecheck.extract.tagger as t; "
        "print('pycrfsuite' in sys.modules, t.models_loaded())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
