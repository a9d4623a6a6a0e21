"""`--format markdown`: a pull-request comment (GitHub-flavoured Markdown).

A heading with the counts, one table of every finding, then each file's
references and findings folded in `<details>`. Text from articles and from
Crossref is escaped so that it renders as written: no table cell broken by a
`|`, no link, emphasis or HTML smuggled in by a title, no `@mention` that
pings somebody, no newline that ends the table.
"""

from __future__ import annotations

from typing import TextIO

from citecheck.model import FileReport, Report
from citecheck.report.summary import findings_phrase, summarize
from citecheck.report.text import one_line, plural

# Entities for what HTML would read; a backslash for what Markdown would read.
# GitHub finds @mentions in the rendered text, so an entity for `@` would still
# ping; a zero-width space after it (as Dependabot writes) breaks the mention.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "@&#8203;"}
_BACKSLASHED = set("\\`*_[]|~#!")


def escape(value: object) -> str:
    """One line of plain text, safe in a Markdown paragraph or a table cell."""
    out: list[str] = []
    for char in one_line("" if value is None else value):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def render(report: Report) -> str:
    summary = summarize(report)
    parts = [f"### citecheck: {findings_phrase(summary)} in {plural(summary.files, 'file')}", ""]
    counts = f"{plural(summary.references, 'reference')} checked"
    if summary.unverified:
        counts += f", {summary.unverified} could not be verified"
    parts += [counts + ".", ""]
    rows = [
        (file.path, finding)
        for file in report.files
        for finding in sorted(file.findings, key=lambda f: (f.line, f.code))
    ]
    if rows:
        parts += ["| File | Line | Code | Severity | Message |", "| --- | ---: | --- | --- | --- |"]
        for path, finding in rows:
            parts.append(
                f"| {escape(path)} | {finding.line} | {escape(finding.code)} {escape(finding.rule)} "
                f"| {finding.severity.value} | {escape(finding.message)} |"
            )
        parts.append("")
    for file in report.files:
        parts += _details(file)
    return "\n".join(parts).rstrip("\n") + "\n"


def _details(file: FileReport) -> list[str]:
    summary = f"{escape(file.path)}: {plural(len(file.findings), 'finding')}, {plural(len(file.results), 'reference')}"
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if file.error:
        lines += [f"Could not check this file: {escape(file.error)}", ""]
    if file.results:
        lines += ["| ID | Line | First author | Year | DOI | Status |", "| --- | ---: | --- | ---: | --- | --- |"]
        for result in file.results:
            reference = result.reference
            lines.append(
                f"| {escape(reference.id)} | {reference.line} | {escape(reference.first_author or '')} "
                f"| {reference.year or ''} | {escape(reference.doi or '')} | {result.status.value} |"
            )
        lines.append("")
    for finding in sorted(file.findings, key=lambda f: (f.line, f.code)):
        where = f"line {finding.line}"
        if finding.reference:
            where += f", {escape(finding.reference)}"
        lines.append(f"- **{escape(finding.code)}** {escape(finding.rule)} ({where}): {escape(finding.message)}")
        if finding.cited is not None or finding.expected is not None:
            lines.append(f"  cited: {escape(finding.cited or '')}; expected: {escape(finding.expected or '')}")
        if finding.suggestion:
            lines.append(f"  suggestion: {escape(finding.suggestion)}")
    if file.findings:
        lines.append("")
    lines += ["</details>", ""]
    return lines


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    out.write(render(report))
