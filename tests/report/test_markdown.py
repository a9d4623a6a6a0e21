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
    assert "3 references checked, 1 file could not be read." in lines
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
    assert "<summary>notes/bad file.txt: could not be read</summary>" in text
    assert "Could not check this file: not UTF-8 text (byte 0xff at offset 3)" in text
    assert ("| R1 | 57 | \\[bold\\]Evil\\[/bold\\]\\\\x1b\\[2J | 2021 "
            "| [10.1111/1753-0407.13323](https://doi.org/10.1111/1753-0407.13323) | differs from the record |") in text
    assert "| R2 | 58 | Doe | 2020 | – | no DOI |" in text
    assert "  suggestion: [10.5555/fast.2020](https://doi.org/10.5555/fast.2020)" in text


def test_no_raw_status_values_and_no_empty_fields() -> None:
    text = render(sample_report())
    for raw in ("no_doi", "not_found", "not_crossref", "| mismatch |"):
        assert raw not in text
    assert "expected: \n" not in text and "cited: ;" not in text and "||" not in text.replace("| --- |", "")
    assert not [line for line in text.splitlines() if line.rstrip().endswith(":")]


def test_values_are_shown_only_when_the_message_does_not_say_them() -> None:
    text = render(sample_report())
    # "The reference gives 2021 but Crossref says 2022." already says both.
    assert "cited: 2021" not in text
    report = sample_report()
    finding = replace(report.files[0].findings[2], message="The year differs.")
    changed = replace(report, files=(replace(report.files[0], findings=(finding,)),))
    assert "  cited: 2021; Crossref: 2022" in render(changed)


def test_dois_are_links_that_nothing_can_break_out_of() -> None:
    report = sample_report()
    first = report.files[0]
    odd = replace(first.results[0], reference=replace(first.results[0].reference, doi="10.1/a)b](javascript:x) <i>"))
    html = _html(render(replace(report, files=(replace(first, results=(odd,) + first.results[1:]),))))
    assert 'href="https://doi.org/10.1/a%29b%5D%28javascript:x%29%20%3Ci%3E"' in html
    assert "<i>" not in html and 'href="javascript' not in html


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
