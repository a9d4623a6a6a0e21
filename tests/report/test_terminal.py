"""The terminal report: content, colour decisions, and untrusted text printed as plain text."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from citecheck.model import (
    Citation,
    Document,
    Extraction,
    OutputFormat,
    Reference,
    RunStats,
    Status,
)
from citecheck.report import terminal, write, write_extraction
from tests.report.sample import clean_report, sample_report, with_statuses

ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide enough that no cell is folded, and no inherited colour preference.
    monkeypatch.setenv("COLUMNS", "220")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def render(report, color=None, out=None) -> str:
    out = out if out is not None else io.StringIO()
    write(report, OutputFormat.TERMINAL, out, color=color)
    return out.getvalue()


# ----------------------------------------------------------- untrusted text


@pytest.mark.parametrize("color", [False, True])
def test_markup_from_the_article_and_from_crossref_is_printed_literally(color: bool) -> None:
    text = render(sample_report(), color=color)
    visible = SGR.sub("", text)  # our own colours removed, whatever is left was printed as text
    assert "[bold]Evil[/bold]" in visible  # first author, from the article
    assert "[red]Sugar[/red]" in visible  # cited title, from the article
    assert "[link=http://x.example]Sleep[/link]" in visible  # expected title, from Crossref


@pytest.mark.parametrize("color", [False, True])
def test_control_characters_never_reach_the_terminal(color: bool) -> None:
    text = render(sample_report(), color=color)
    assert "\x9b" not in text and "\x07" not in text and "\u202e" not in text
    # The only escape sequences left are the colours rich adds (SGR); the
    # article's screen clear and window-title sequences are gone.
    assert ESC not in SGR.sub("", text)
    assert "\\x1b[2J" in text and "\\x1b]0;pwned\\x07title" in text  # shown, escaped
    assert "\\x9b31m" in text and "\\u202e" in text


def test_no_colour_when_not_a_terminal() -> None:
    assert ESC not in render(sample_report(), color=None, out=io.StringIO())


def test_colour_on_a_terminal() -> None:
    assert SGR.search(render(sample_report(), color=None, out=FakeTTY()))


def test_no_colour_on_a_terminal_when_no_color_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in render(sample_report(), color=None, out=FakeTTY())


def test_colour_when_asked_even_into_a_file_and_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    assert SGR.search(render(sample_report(), color=True, out=io.StringIO()))


def test_no_colour_when_refused_on_a_terminal() -> None:
    assert ESC not in render(sample_report(), color=False, out=FakeTTY())


def test_use_color_survives_a_closed_stream() -> None:
    stream = io.StringIO()
    stream.close()
    assert terminal.use_color(stream, None) is False


def test_an_ascii_only_stream_gets_ascii_borders_and_symbols() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    write(sample_report(), OutputFormat.TERMINAL, stream, color=False)  # its hostile text is escaped to ASCII
    stream.flush()
    assert raw.getvalue().decode("ascii").splitlines()[-1].startswith("2 files, 3 references")


# ------------------------------------------------------------------ content


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_reference_table_lists_every_reference_with_its_status() -> None:
    lines = _lines(render(sample_report()))
    header = next(line for line in lines if line.startswith("ID"))
    assert header.split() == ["ID", "Line", "First", "author", "Year", "DOI", "Status"]
    rows = {line.split()[0]: line for line in lines if re.match(r"R\d +\d", line)}
    assert set(rows) == {"R1", "R2", "R3"}
    assert "57" in rows["R1"] and "10.1111/1753-0407.13323" in rows["R1"] and rows["R1"].endswith("mismatch")
    assert rows["R2"].endswith("no doi") and " - " in rows["R2"]
    assert rows["R3"].endswith("verified") and "Rattus" in rows["R3"]


def test_findings_are_grouped_under_their_reference_in_reference_order() -> None:
    text = render(sample_report())
    r1 = text.index("R1  line 57")
    r2 = text.index("R2  line 58")
    r3 = text.index("R3  line 59")
    other = text.index("Citations and other findings")
    assert r1 < text.index("CC201 year-mismatch") < text.index("CC206 title-mismatch") < r2
    assert r2 < text.index("CC101 missing-doi") < r3 < text.index("CC401") < other < text.index("CC501")


def test_cited_value_is_shown_beside_crossrefs() -> None:
    lines = _lines(render(sample_report()))
    assert "    cited: 2021   Crossref: 2022" in lines


def test_expected_is_labelled_expected_when_not_from_the_record() -> None:
    report = sample_report()
    finding = report.files[0].findings[0]
    file = replace(report.files[0], findings=(replace(finding, cited="2019", expected="2021"),))
    lines = _lines(render(replace(report, files=(file,))))
    assert "    cited: 2019   expected: 2021" in lines  # CC401: not a registry field


def test_only_the_values_known_are_shown() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[2], cited="10.1/typo", expected=None)
    lines = _lines(render(replace(report, files=(replace(report.files[0], findings=(finding,)),))))
    assert "    cited: 10.1/typo" in lines
    assert not any("expected" in line or "Crossref:" in line for line in lines)


def test_evidence_is_shown_for_evidence_findings_only() -> None:
    text = render(sample_report())
    evidence_lines = [line for line in _lines(text) if "evidence:" in line]
    assert evidence_lines == ["    evidence: animal (rat), from PubMed MeSH: Animals, Rats, PMID 31234567"]
    assert text.index("evidence:") > text.index("CC401")


def test_suggestion_and_sentence_are_shown() -> None:
    lines = _lines(render(sample_report()))
    assert "    suggestion: 10.5555/fast.2020" in lines
    assert "    in: In people, sugar causes weight gain (Rattus, 2019)." in lines


def test_multiline_message_stays_indented() -> None:
    lines = _lines(render(sample_report()))
    index = lines.index("    No reference list entry for (Foo, 2020).")
    assert lines[index + 1] == "    Second line"


def test_a_file_with_an_error_shows_it() -> None:
    text = render(sample_report())
    assert "notes/bad file.txt" in text
    assert "could not check this file: not UTF-8 text (byte 0xff at offset 3)" in text


def test_summary_line() -> None:
    assert _lines(render(sample_report()))[-1] == "2 files, 3 references, 5 findings (1 error, 3 warnings, 1 info)"
    assert _lines(render(clean_report()))[-1] == "1 file, 1 reference, no findings"
    unverified = with_statuses(sample_report(RunStats()), Status.UNVERIFIED, reason="HTTP 503")
    assert _lines(render(unverified))[-1].endswith("(1 error, 3 warnings, 1 info), 3 unverified")


def test_a_file_without_a_reference_list_says_so() -> None:
    report = clean_report()
    file = replace(report.files[0], results=())
    assert "no reference list found" in render(replace(report, files=(file,)))


# ---------------------------------------------------------------- extraction


def _extraction() -> Extraction:
    references = (
        Reference(id="R1", line=20, text="...", authors=("Yang", "Li", "Chen", "Wu"), year=2024, year_suffix="a",
                  title="[b]Gut[/b] flora\x1b[5m", journal="Nature", volume="601", issue="7", pages="1-9",
                  doi="10.1038/s41586-024-00001-x"),
        Reference(id="R2", line=21, text="...", authors=("Smith",), no_date=True, malformed_doi="10.1038/ bad"),
    )
    citations = (
        Citation(line=4, text="(Yang et al., 2024a)", sentence="Flora matters (Yang et al., 2024a).",
                 kind="author-year", references=("R1",)),
        Citation(line=6, text="(Smith, 2019)", sentence="Also (Smith, 2019).", kind="author-year",
                 candidates=("R2", "R3")),
        Citation(line=8, text="[9]", sentence="Unknown [9].", kind="numeric", numbers=(9,)),
    )
    return Extraction(document=Document(path="paper.md", text="..."), references=references, citations=citations)


def test_extract_view_shows_references_then_citations_with_their_links() -> None:
    out = io.StringIO()
    write_extraction([_extraction()], OutputFormat.TERMINAL, out)
    text = out.getvalue()
    assert ESC not in text
    assert text.index("References") < text.index("Citations")
    assert "Yang, Li, Chen et al." in text and "2024a" in text and "601(7)" in text
    assert "[b]Gut[/b] flora\\x1b[5m" in text
    assert "n.d." in text and "10.1038/ bad (malformed)" in text
    lines = _lines(text)
    assert any("(Yang et al., 2024a)" in line and line.rstrip().endswith("Flora matters (Yang et al., 2024a).")
               and " R1 " in line for line in lines)
    assert any("(Smith, 2019)" in line and "ambiguous: R2, R3" in line for line in lines)
    assert any("[9]" in line and "nothing" in line for line in lines)
    assert lines[-1] == "2 references, 3 citations"
