"""`concise` and `github`: one line per finding, escaped so an article cannot forge lines or commands."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from citecheck.model import Finding, OutputFormat, Severity
from citecheck.report import ReportOptions, write
from citecheck.report.github import escape_data, escape_property
from tests.report.sample import clean_report, sample_report


def render(report, fmt: OutputFormat) -> str:
    out = io.StringIO()
    write(report, fmt, out, color=True)  # colour is meaningless here and must be ignored
    return out.getvalue()


def _with_finding(finding: Finding):
    report = sample_report()
    return replace(report, files=(replace(report.files[0], findings=(finding,)),) + report.files[1:])


HOSTILE = Finding("CC206", "title-mismatch", Severity.WARNING, 9,
                  "Title differs: 50%\r\n::error file=x,line=1::forged\x1b[2J", reference="R1",
                  suggestion="use: this, please")


# ------------------------------------------------------------------ concise


def test_concise_is_one_line_per_finding_sorted_by_line_then_a_totals_line() -> None:
    lines = render(sample_report(), OutputFormat.CONCISE).splitlines()
    assert lines == [
        "article.txt:14:1: CC401 [warning] A study in rats is cited for a claim about people.",
        "article.txt:30:1: CC501 [info] No reference list entry for (Foo, 2020). Second line",
        "article.txt:57:1: CC201 [error] The reference gives 2021 but Crossref says 2022.",
        "article.txt:57:1: CC206 [warning] The title differs from Crossref's.",
        "article.txt:58:1: CC101 [warning] The reference has no DOI.",
        "notes/bad file.txt: error: not UTF-8 text (byte 0xff at offset 3)",
        "Found 5 findings (1 error, 3 warnings, 1 info) in 2 files, 3 references checked, 1 file unreadable.",
    ]


def test_concise_gives_the_column_and_sorts_by_it() -> None:
    report = sample_report()
    first = report.files[0]
    moved = (replace(first.findings[3], column=40), replace(first.findings[2], column=12))
    lines = render(replace(report, files=(replace(first, findings=moved),)), OutputFormat.CONCISE).splitlines()
    assert lines[:2] == [
        "article.txt:57:12: CC201 [error] The reference gives 2021 but Crossref says 2022.",
        "article.txt:57:40: CC206 [warning] The title differs from Crossref's.",
    ]


def test_concise_lines_match_the_editor_pattern() -> None:
    pattern = re.compile(r"^[^:]+:\d+:\d+: CC\d{3} \[(error|warning|info)\] \S")
    for line in render(sample_report(), OutputFormat.CONCISE).splitlines()[:5]:
        assert pattern.match(line), line


def test_concise_says_when_there_is_nothing_to_report() -> None:
    assert render(clean_report(), OutputFormat.CONCISE) == "No findings in 1 file, 1 reference checked.\n"


def test_concise_quiet_prints_only_the_findings() -> None:
    out = io.StringIO()
    write(clean_report(), OutputFormat.CONCISE, out, options=ReportOptions(quiet=True))
    assert out.getvalue() == ""


def test_concise_severity_filter_counts_what_it_hid() -> None:
    out = io.StringIO()
    write(sample_report(), OutputFormat.CONCISE, out, options=ReportOptions(min_severity=Severity.WARNING))
    lines = out.getvalue().splitlines()
    assert [line.split()[1] for line in lines[:4]] == ["CC401", "CC201", "CC206", "CC101"]
    assert lines[-1] == ("Found 4 findings (1 error, 3 warnings) in 2 files, 3 references checked, "
                         "1 file unreadable; 1 info not shown (--severity warning).")


def test_concise_cannot_be_forged_by_the_message() -> None:
    lines = render(_with_finding(HOSTILE), OutputFormat.CONCISE).splitlines()
    assert len(lines) == 3  # the finding, the broken file and the totals, no forged line
    assert lines[0] == "article.txt:9:1: CC206 [warning] Title differs: 50%\\x0d ::error file=x,line=1::forged\\x1b[2J"


# ------------------------------------------------------------------- github


def test_github_commands_per_severity() -> None:
    lines = render(sample_report(), OutputFormat.GITHUB).splitlines()
    assert lines[0] == ("::warning file=article.txt,line=14,title=CC401 animal-study-for-human-claim"
                        "::A study in rats is cited for a claim about people.")
    assert lines[1] == ("::notice file=article.txt,line=30,title=CC501 citation-without-reference"
                        "::No reference list entry for (Foo, 2020).%0ASecond line")
    assert lines[2] == ("::error file=article.txt,line=57,title=CC201 year-mismatch"
                        "::The reference gives 2021 but Crossref says 2022.")
    assert lines[4] == ("::warning file=article.txt,line=58,title=CC101 missing-doi"
                        "::The reference has no DOI.%0ASuggestion: 10.5555/fast.2020")
    assert lines[5] == ("::error file=notes/bad file.txt,title=citecheck"
                        "::could not check this file: not UTF-8 text (byte 0xff at offset 3)")
    assert len(lines) == 6


def test_github_escaping_follows_the_toolkit() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"  # data keeps : and ,


def test_github_message_cannot_start_a_command_of_its_own() -> None:
    lines = render(_with_finding(HOSTILE), OutputFormat.GITHUB).splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        "::warning file=article.txt,line=9,title=CC206 title-mismatch"
        "::Title differs: 50%25%0D%0A::error file=x,line=1::forged\\x1b[2J%0ASuggestion: use: this, please"
    )
    assert "\x1b" not in lines[0]


def test_github_escapes_properties_in_paths() -> None:
    report = sample_report()
    odd = replace(report.files[0], path="dir,1/a:b%.md")
    (line, *_) = render(replace(report, files=(odd,)), OutputFormat.GITHUB).splitlines()
    assert line.startswith("::warning file=dir%2C1/a%3Ab%25.md,line=14,")


def test_github_gives_the_column_when_known() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[2], column=48)
    (line, *_) = render(replace(report, files=(replace(report.files[0], findings=(finding,)),)), OutputFormat.GITHUB).splitlines()
    assert line == ("::error file=article.txt,line=57,col=48,title=CC201 year-mismatch"
                    "::The reference gives 2021 but Crossref says 2022.")
