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
    Finding,
    OutputFormat,
    Reference,
    RunStats,
    Severity,
    Status,
)
from citecheck.report import ReportOptions, terminal, write, write_extraction
from tests.report.sample import clean_report, sample_report, with_statuses

ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")
# Our own hyperlinks (OSC 8) to doi.org, opened and closed.
LINK = re.compile(r"\x1b\]8;id=\d+;https://doi\.org/[A-Za-z0-9/:;._~%-]+\x1b\\|\x1b\]8;;\x1b\\")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wide enough that no cell is folded, and no inherited colour preference.
    monkeypatch.setenv("COLUMNS", "220")
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)


def render(report, color=None, out=None, options: ReportOptions | None = None) -> str:
    out = out if out is not None else io.StringIO()
    write(report, OutputFormat.TERMINAL, out, color=color, options=options or ReportOptions())
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
    # The only escape sequences left are the colours rich adds (SGR) and our
    # links to doi.org; the article's screen clear and window-title sequences are gone.
    assert ESC not in LINK.sub("", SGR.sub("", text))
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


def test_each_reference_with_findings_has_one_heading_then_its_findings() -> None:
    lines = _lines(render(sample_report()))
    assert lines[0] == "article.txt"
    assert lines[1] == "  R1  [bold]Evil[/bold]\\x1b[2J & Jones 2021  line 57  10.1111/1753-0407.13323"
    assert lines[2] == "    error CC201 The reference gives 2021 but Crossref says 2022."
    assert "  R2  Doe 2020  line 58  no DOI" in lines
    assert "  R3  Rattus 2019  line 59  10.1016/j.rat.2019.01.001" in lines


def test_findings_are_grouped_under_their_reference_in_reference_order() -> None:
    text = render(sample_report())
    r1, r2, r3 = (text.index(f"  {ref}  ") for ref in ("R1", "R2", "R3"))
    other = text.index("In the text")
    assert r1 < text.index("CC201") < text.index("CC206") < r2
    assert r2 < text.index("CC101") < r3 < text.index("CC401") < other < text.index("CC501")


def test_a_findings_line_is_given_only_when_it_is_not_its_references() -> None:
    lines = _lines(render(sample_report()))
    assert "    warning CC401 line 14: A study in rats is cited for a claim about people." in lines
    assert "    error CC201 The reference gives 2021 but Crossref says 2022." in lines  # line 57, as R1
    assert not any("line 57" in line for line in lines if "CC201" in line)


def test_values_the_message_already_says_are_not_repeated() -> None:
    lines = _lines(render(sample_report()))
    assert not any(line.strip() == "cited: 2021   Crossref: 2022" for line in lines)
    assert any(line.startswith("      cited: [red]Sugar[/red]") for line in lines)  # CC206: not in its message


def test_verbose_shows_every_value() -> None:
    lines = _lines(render(sample_report(), options=ReportOptions(verbose=True)))
    assert "      cited: 2021   Crossref: 2022" in lines


def test_expected_is_labelled_expected_when_not_from_the_record() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[2], code="CC503", message="The text says 2019.", cited="2019",
                      expected="2021")
    file = replace(report.files[0], findings=(finding,))
    lines = _lines(render(replace(report, files=(file,))))
    assert "      cited: 2019   expected: 2021" in lines


def test_only_the_values_known_are_shown() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[2], cited="10.1/typo", expected=None)
    lines = _lines(render(replace(report, files=(replace(report.files[0], findings=(finding,)),))))
    assert "      cited: 10.1/typo" in lines
    assert not any("expected" in line or "Crossref:" in line for line in lines)


def test_evidence_is_shown_for_evidence_findings_only() -> None:
    text = render(sample_report())
    evidence_lines = [line for line in _lines(text) if "evidence:" in line]
    assert evidence_lines == ["      evidence: animal (rat), from PubMed MeSH: Animals, Rats, PMID 31234567"]
    assert text.index("evidence:") > text.index("CC401")


def test_suggestion_and_sentence_are_shown() -> None:
    lines = _lines(render(sample_report()))
    assert "      suggestion: 10.5555/fast.2020" in lines
    assert "      in: In people, sugar causes weight gain (Rattus, 2019)." in lines


def test_multiline_message_stays_indented() -> None:
    lines = _lines(render(sample_report()))
    index = lines.index("    info CC501 line 30: No reference list entry for (Foo, 2020).")
    assert lines[index + 1] == "      Second line"


def test_a_file_that_could_not_be_read_says_so_in_its_place() -> None:
    lines = _lines(render(sample_report()))
    index = lines.index("notes/bad file.txt")
    assert lines[index + 1] == "  could not be read: not UTF-8 text (byte 0xff at offset 3)"


def test_summary_lines() -> None:
    lines = _lines(render(sample_report()))
    assert "  3 references: 1 with errors, 2 with warnings; 1 finding in the text" in lines
    assert lines[-1] == "2 files, 3 references, 5 findings (1 error, 3 warnings, 1 info), 1 file unreadable"
    assert _lines(render(clean_report())) == [
        "ok.md", "  1 reference verified, no findings: R1", "", "1 file, 1 reference, no findings"]
    verbose = _lines(render(clean_report(), options=ReportOptions(verbose=True)))
    assert "  1 reference: 1 clean" in verbose
    unverified = with_statuses(sample_report(RunStats()), Status.UNVERIFIED, reason="HTTP 503")
    assert _lines(render(unverified))[-1].endswith("(1 error, 3 warnings, 1 info), 3 unverified, 1 file unreadable")


def test_references_without_findings_are_one_line_unless_verbose() -> None:
    lines = _lines(render(clean_report()))
    assert "  1 reference verified, no findings: R1" in lines
    assert not any(line.startswith("  R1  ") for line in lines)
    verbose = _lines(render(clean_report(), options=ReportOptions(verbose=True)))
    assert verbose[1:3] == ["  R1  Rattus 2019  line 3  10.1016/j.rat.2019.01.001", "    verified, no findings"]


def _many_clean(count: int):
    report = clean_report()
    file = report.files[0]
    (result,) = file.results
    results = tuple(replace(result, reference=replace(result.reference, id=f"R{i}", line=i)) for i in range(1, count + 1))
    return replace(report, files=(replace(file, results=results),))


def test_fifty_clean_references_take_one_line_not_a_table() -> None:
    lines = _lines(render(_many_clean(50)))
    assert lines == [
        "ok.md",
        "  50 references verified, no findings: R1-R50",
        "",
        "1 file, 50 references, no findings",
    ]


def test_quiet_prints_only_findings() -> None:
    assert render(clean_report(), options=ReportOptions(quiet=True)) == ""
    lines = _lines(render(sample_report(), options=ReportOptions(quiet=True)))
    assert lines[0] == "article.txt" and "notes/bad file.txt" in lines
    assert not any("references" in line for line in lines)


def test_severity_filter_hides_lower_findings_and_says_so() -> None:
    text = render(sample_report(), options=ReportOptions(min_severity=Severity.ERROR))
    assert "CC201" in text and "CC206" not in text and "CC401" not in text and "CC501" not in text
    lines = _lines(text)
    assert "  2 references with nothing at or above error (1 no DOI, 1 verified): R2, R3" in lines
    assert lines[-1].endswith("; 3 warnings, 1 info not shown (--severity error)")


def test_unverified_references_are_one_line_per_reason() -> None:
    report = with_statuses(sample_report(RunStats()), Status.UNVERIFIED, reason="api.crossref.org: HTTP 503 after 4 tries")
    first = report.files[0]
    findings = tuple(
        Finding("CC901", "unverified", Severity.WARNING, result.reference.line,
                f"{result.reference.id} could not be verified: api.crossref.org: HTTP 503 after 4 tries",
                reference=result.reference.id)
        for result in first.results
    )
    report = replace(report, files=(replace(first, findings=findings),))
    lines = _lines(render(report))
    assert lines[1:3] == [
        "  could not be checked: 3 references (R1-R3): api.crossref.org: HTTP 503 after",
        "      4 tries",
    ] or lines[1] == "  could not be checked: 3 references (R1-R3): api.crossref.org: HTTP 503 after 4 tries"
    assert sum("HTTP 503" in line for line in lines) == 1
    assert "  3 references: 3 could not be checked" in lines
    coloured = render(report, color=True)
    assert "\x1b[90mcould not be checked: 3 references (R1-R3)\x1b[0m" in coloured  # grey


def test_colour_follows_the_worst_finding_of_each_reference() -> None:
    report = sample_report()
    first = report.files[0]
    info = Finding("CC303", "corrected", Severity.INFO, 59, "A correction was published.", reference="R3")
    file = replace(first, findings=first.findings[2:4] + (info,))  # R1 error and warning, R3 info, no finding on R2
    text = render(replace(report, files=(file,)), color=True, options=ReportOptions(verbose=True))
    headings = {line.split("R", 1)[1][:1]: line for line in text.splitlines() if SGR.sub("", line).startswith("  R")}
    assert headings["1"].startswith("\x1b[1;31m  R1\x1b[0m\x1b[1;31m  ")  # bold red: an error
    assert headings["2"].startswith("\x1b[1;32m  R2\x1b[0m\x1b[32m  Doe 2020")  # green: no findings
    assert headings["3"].startswith("\x1b[1;36m  R3\x1b[0m\x1b[36m  Rattus")  # cyan: info only


def test_dois_are_hyperlinks_when_colour_is_on() -> None:
    text = render(sample_report(), color=True)
    assert "\x1b]8;id=" in text and ";https://doi.org/10.1111/1753-0407.13323\x1b\\" in text
    assert "\x1b]8;" not in render(sample_report(), color=False)


@pytest.mark.parametrize("width", [40, 80, 120])
def test_every_line_fits_and_words_stay_whole(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    report = sample_report()
    long = "Sentence " * 40 + "ending with https://doi.org/10.1234/a-very-long-but-whole-doi-0001"
    file = replace(report.files[0], findings=report.files[0].findings + (
        Finding("CC506", "unsupported-claim", Severity.WARNING, 70, long),))
    text = render(replace(report, files=(file,)))
    lines = text.splitlines()
    # A line is only ever wider than the terminal when it holds one word longer than the room.
    assert all(len(line) <= width or len(line.split()) == 1 for line in lines), lines
    assert "https://doi.org/10.1234/a-very-long-but-whole-doi-0001" in text
    words = " ".join(text.split())
    assert ("Sentence " * 40).strip() in words  # every word whole, in order


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
    lines = _lines(text)
    assert lines[:5] == [
        "paper.md",
        "References",
        "  R1  line 20  Yang, Li, Chen et al. (2024a)",
        "    [b]Gut[/b] flora\\x1b[5m",
        "    journal Nature  volume 601  issue 7  pages 1-9  DOI 10.1038/s41586-024-00001-x",
    ]
    assert "  R2  line 21  Smith (n.d.)" in lines and "    DOI 10.1038/ bad (malformed)" in lines
    index = lines.index("Citations")
    assert lines[index + 1:index + 3] == ["  line 4  (Yang et al., 2024a)  author-year -> R1",
                                          "    Flora matters (Yang et al., 2024a)."]
    assert "  line 6  (Smith, 2019)  author-year ambiguous: R2 or R3" in lines
    assert "  line 8  [9]  numeric -> nothing" in lines
    assert lines[-1] == "2 references, 3 citations"
