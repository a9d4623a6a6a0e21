"""`--format html`: one self-contained page, the article highlighted, every finding beside its line, nothing injectable.

These tests read the page as text and with the standard library's HTML
parser; test_html_browser.py loads it in a real browser.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from citecheck.model import OutputFormat, Severity
from citecheck.report import ReportOptions, write
from citecheck.report.html import render
from tests.report.planted import planted_report
from tests.report.sample import HOSTILE_AUTHOR, HOSTILE_CITED, HOSTILE_TITLE, clean_report, sample_report


class Page(HTMLParser):
    """Elements by id, tags seen, links, and the text of marks and findings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, dict[str, str | None]] = {}
        self.tags: list[str] = []
        self.links: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.findings: list[dict[str, str | None]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append(tag)
        if "id" in attributes:
            assert attributes["id"] not in self.ids, f"duplicate id {attributes['id']}"
            self.ids[attributes["id"] or ""] = attributes
        if tag == "a":
            self.links.append(attributes.get("href") or "")
        if tag == "mark" and "data-verdict" in attributes:
            self.marks.append(attributes)
        if tag == "div" and "finding" in (attributes.get("class") or "").split():
            self.findings.append(attributes)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    report = planted_report(tmp_path_factory.mktemp("html"))
    return report, render(report)


def test_the_page_is_self_contained(planted) -> None:
    _, text = planted
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>")
    assert "script" not in page.tags and "img" not in page.tags and "link" not in page.tags
    assert "iframe" not in page.tags and "object" not in page.tags
    assert not re.search(r"\b(src|srcset)=", text)
    assert "@import" not in text and "url(" not in text
    # Nothing to fetch: links are to this page or to doi.org, and the CSP forbids the rest.
    for href in page.links:
        assert href.startswith("#") or href.startswith("https://doi.org/"), href
    assert "default-src 'none'" in text


def test_every_finding_is_beside_its_line(planted) -> None:
    report, text = planted
    page = Page(text)
    findings = report.files[0].findings
    assert len(page.findings) == len(findings) == 9
    shown = sorted((f["data-code"], f["data-line"], f["data-reference"]) for f in page.findings)
    assert shown == sorted((f.code, str(f.line), f.reference or "") for f in findings)
    # Each finding sits in the row of its line: the row's id names the line.
    rows = re.findall(r'<tr id="f1-L(\d+)">(.*?)</tr>', text, re.S)
    beside = {(code, int(line)) for line, row in rows for code in re.findall(r'data-code="(CC\d+)"', row)}
    assert beside == {(f.code, f.line) for f in findings}


def test_every_citation_and_entry_is_highlighted_by_its_verdict(planted) -> None:
    report, text = planted
    page = Page(text)
    file = report.files[0]
    entries = {m["id"]: m["data-verdict"] for m in page.marks if "entry" in (m.get("class") or "")}
    assert entries == {"f1-ER1": "error", "f1-ER2": "clean", "f1-ER3": "clean", "f1-ER4": "clean",
                       "f1-ER5": "clean", "f1-ER6": "warning"}
    citations = [m for m in page.marks if "cite" in (m.get("class") or "")]
    assert len(citations) == len(file.extraction.citations)
    verdicts = {re.sub(r"<.*?>", "", m["title"] or "").split(" -> ")[0]: m["data-verdict"] for m in citations}
    assert verdicts["(Ratna et al., 2013)"] == "error"  # its year differs from the entry's
    assert verdicts["Foo, 2020"] == "error"  # no entry
    assert verdicts["(Xia et al., 2022)"] == "warning"  # a mouse study for people
    assert verdicts["(Dekker Nitert et al., 2020)"] == "clean"
    assert verdicts["(Yao et al., 2023)"] == "warning"  # its entry has no DOI


def test_every_internal_link_has_a_target_and_every_doi_is_a_link(planted) -> None:
    report, text = planted
    page = Page(text)
    for href in page.links:
        if href.startswith("#"):
            assert href[1:] in page.ids, href
    dois = {r.reference.doi for r in report.files[0].results if r.reference.doi}
    assert {f"https://doi.org/{doi}" for doi in dois} <= set(page.links)


def test_the_summary_counts_and_lists_every_finding(planted) -> None:
    _, text = planted
    header = text.split("</header>", 1)[0]
    assert "1 file, 6 references, 9 findings (5 errors, 4 warnings)" in header
    assert header.count('<tr><td><a href="#f1-F') == 9


def test_untrusted_text_is_escaped() -> None:
    text = render(sample_report())
    page = Page(text)
    for hostile in (HOSTILE_AUTHOR, HOSTILE_CITED, HOSTILE_TITLE):
        assert hostile not in text
    assert "script" not in page.tags and "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "[red]Sugar[/red] \\x1b]0;pwned\\x07title" in text  # shown, made visible


def test_a_hostile_doi_cannot_leave_its_link() -> None:
    report = sample_report()
    first = report.files[0]
    odd = replace(first.results[0], reference=replace(first.results[0].reference, doi='10.1/x"><script>alert(1)</script>'))
    text = render(replace(report, files=(replace(first, results=(odd,) + first.results[1:]),) + report.files[1:]))
    assert "<script>" not in text and "script" not in Page(text).tags
    assert 'href="https://doi.org/10.1/x%22%3E%3Cscript%3Ealert%28' in text


def test_an_unreadable_file_is_shown_in_its_place() -> None:
    text = render(sample_report())
    assert '<section id="f2">' in text
    assert "This file could not be read: not UTF-8 text (byte 0xff at offset 3)" in text


def test_severity_filter_applies_and_is_said() -> None:
    out = io.StringIO()
    write(sample_report(), OutputFormat.HTML, out, options=ReportOptions(min_severity=Severity.ERROR))
    text = out.getvalue()
    assert len(Page(text).findings) == 1
    assert "3 warnings, 1 info not shown (--severity error)" in text


def test_a_clean_report_says_so() -> None:
    text = render(clean_report())
    assert '<span class="v-clean">no findings</span>' in text


def test_written_through_the_cli_to_a_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.report.planted import SEED, SNAPSHOT

    output = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "citecheck", "--offline", "--snapshot", str(SNAPSHOT), "--format", "html",
         "--output", str(output), str(SEED)],
        capture_output=True, text=True, timeout=120, env={"CITECHECK_CACHE_DIR": str(tmp_path / "c"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(output.stat().st_mode & 0o777) != "0o600"  # not the temporary file's private mode


def _twice_cited_report(start: int | None):
    """A line citing (Roe, 2020) twice; the finding is about the second, whose offsets may be known."""
    from citecheck.model import Citation, Document, Extraction, FileReport, Finding, Reference, ReferenceResult, Report, Status

    text = "Sugar is fine (Roe, 2020). In people it is not (Roe, 2020).\n\nReferences\n\nRoe A. (2020). Rats. J X.\n"
    second = text.index("(Roe, 2020)", 20)
    reference = Reference(id="R1", line=5, text="Roe A. (2020). Rats. J X.", authors=("Roe",), year=2020,
                          text_line=5, text_end_line=5, start=text.index("Roe A."))
    citations = (
        Citation(line=1, text="(Roe, 2020)", sentence="Sugar is fine (Roe, 2020).", kind="author-year",
                 references=("R1",), start=None if start is None else text.index("(Roe, 2020)"),
                 end=None if start is None else text.index("(Roe, 2020)") + 11),
        Citation(line=1, text="(Roe, 2020)", sentence="In people it is not (Roe, 2020).", kind="author-year",
                 references=("R1",), start=start, end=None if start is None else start + 11),
    )
    finding = Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 1, "A rat study for people.",
                      reference="R1", sentence="In people it is not (Roe, 2020).")
    document = Document(path="a.txt", text=text, source=text)
    file = FileReport("a.txt", Extraction(document, (reference,), citations), (ReferenceResult(reference, Status.NO_DOI),),
                      (finding,))
    return Report(files=(file,)), second


@pytest.mark.parametrize("with_offsets", [True, False])
def test_each_citation_is_highlighted_in_its_own_place(with_offsets: bool) -> None:
    report, second = _twice_cited_report(None)
    if with_offsets:
        report, second = _twice_cited_report(second)
    text = render(report)
    row = re.search(r'<tr id="f1-L1">(.*?)</tr>', text, re.S).group(1)
    marks = re.findall(r'<mark class="cite v-(\w+)"', row)
    assert marks == ["clean", "warning"]  # the finding is about the second citation only
    entry = re.search(r'<mark class="entry v-(\w+)" id="f1-ER1"', text)
    assert entry and entry.group(1) == "clean"  # the entry itself has no finding of its own


def test_offsets_place_a_citation_whose_text_is_not_written_as_read() -> None:
    report, second = _twice_cited_report(0)
    file = report.files[0]
    # As the extractor may read it: folded, so the text is not found verbatim on the line.
    folded = tuple(replace(c, text="(Roe 2020)") for c in file.extraction.citations)
    placed = replace(file, extraction=replace(file.extraction, citations=(
        replace(folded[0], start=None, end=None), replace(folded[1], start=second, end=second + 11))))
    row = re.search(r'<tr id="f1-L1">(.*?)</tr>', render(replace(report, files=(placed,))), re.S).group(1)
    assert re.findall(r'<mark class="cite v-(\w+)"[^>]*><a class="jump"[^>]*>([^<]*)</a>', row) == [
        ("warning", "(Roe, 2020)")]  # only the one with offsets could be placed
