"""`concise` and `github`: one line per finding, escaped so an article cannot forge lines or commands."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from citecheck.model import Finding, OutputFormat, Severity
from citecheck.report import write
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


def test_concise_is_one_line_per_finding_sorted_by_line_and_nothing_else() -> None:
    lines = render(sample_report(), OutputFormat.CONCISE).splitlines()
    assert lines == [
        "article.txt:14: CC401 A study in rats is cited for a claim about people.",
        "article.txt:30: CC501 No reference list entry for (Foo, 2020). Second line",
        "article.txt:57: CC201 The reference gives 2021 but Crossref says 2022.",
        "article.txt:57: CC206 The title differs from Crossref's.",
        "article.txt:58: CC101 The reference has no DOI.",
        "notes/bad file.txt: error: not UTF-8 text (byte 0xff at offset 3)",
    ]


def test_concise_lines_match_the_editor_pattern() -> None:
    pattern = re.compile(r"^[^:]+:\d+: CC\d{3} \S")
    for line in render(sample_report(), OutputFormat.CONCISE).splitlines()[:-1]:
        assert pattern.match(line), line


def test_concise_prints_nothing_when_there_is_nothing_to_say() -> None:
    assert render(clean_report(), OutputFormat.CONCISE) == ""


def test_concise_cannot_be_forged_by_the_message() -> None:
    lines = render(_with_finding(HOSTILE), OutputFormat.CONCISE).splitlines()
    assert len(lines) == 2  # the finding and the broken file, no forged third line
    assert lines[0] == "article.txt:9: CC206 Title differs: 50%\\x0d ::error file=x,line=1::forged\\x1b[2J"


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
