"""`--format markdown`: a pull-request comment whose untrusted text cannot break out."""

from __future__ import annotations

import io
from dataclasses import replace

from markdown_it import MarkdownIt

from citecheck.model import Finding, OutputFormat, Severity
from citecheck.report import write
from citecheck.report.markdown import escape
from tests.report.sample import clean_report, sample_report

HOSTILE = ("a|b `code` <script>alert(1)</script> [click](http://evil.example) **bold** @octocat "
           "_em_ ~~del~~ \\ &amp;\nsecond line")


def render(report) -> str:
    out = io.StringIO()
    write(report, OutputFormat.MARKDOWN, out)
    return out.getvalue()


def _html(markdown: str) -> str:
    # CommonMark with GitHub's tables and strikethrough (linkify needs an extra package).
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_heading_counts_and_findings_table() -> None:
    text = render(sample_report())
    lines = text.splitlines()
    assert lines[0] == "### citecheck: 5 findings (1 error, 3 warnings, 1 info) in 2 files"
    assert "3 references checked." in lines
    header = lines.index("| File | Line | Code | Severity | Message |")
    rows = lines[header + 2 : header + 7]
    assert rows[0] == ("| article.txt | 14 | CC401 animal-study-for-human-claim | warning "
                       "| A study in rats is cited for a claim about people. |")
    assert rows[1].endswith("| No reference list entry for (Foo, 2020). Second line |")
    assert lines[header + 7] == ""


def test_details_per_file_are_collapsed() -> None:
    text = render(sample_report())
    assert text.count("<details>") == 2 and text.count("</details>") == 2
    assert "<summary>article.txt: 5 findings, 3 references</summary>" in text
    assert "<summary>notes/bad file.txt: 0 findings, 0 references</summary>" in text
    assert "Could not check this file: not UTF-8 text (byte 0xff at offset 3)" in text
    assert "| R1 | 57 | \\[bold\\]Evil\\[/bold\\]\\\\x1b\\[2J | 2021 | 10.1111/1753-0407.13323 | mismatch |" in text
    assert "  cited: 2021; expected: 2022" in text
    assert "  suggestion: 10.5555/fast.2020" in text


def test_no_findings() -> None:
    text = render(clean_report())
    assert text.startswith("### citecheck: no findings in 1 file\n")
    assert "| File |" not in text


def test_escape_makes_text_inert() -> None:
    escaped = escape(HOSTILE)
    assert "\n" not in escaped
    html = _html(escaped)
    assert "<script>" not in html and "<a " not in html and "<strong>" not in html and "<em>" not in html
    assert "<code>" not in html and "<s>" not in html and "<del>" not in html
    assert "@octocat" not in html and "@\u200boctocat" in html  # no mention that pings somebody
    # What renders is the text as written (entities decoded by the browser).
    assert "[click](http://evil.example)" in html and "&lt;script&gt;" in html and "**bold**" in html


def test_hostile_message_keeps_the_table_whole() -> None:
    report = sample_report()
    finding = Finding("CC206", "title-mismatch", Severity.WARNING, 9, HOSTILE, reference="R1")
    file = replace(report.files[0], findings=(finding,))
    html = _html(render(replace(report, files=(file,))))
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    body_rows = table.split("<tbody>", 1)[1].count("<tr>")
    assert body_rows == 1
    assert table.split("<tbody>", 1)[1].count("<td") == 5  # the `|` in the message did not add a cell
    assert "<script>" not in html
