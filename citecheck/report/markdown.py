"""`--format markdown`: a pull-request comment (GitHub-flavoured Markdown).

A heading with the counts, one table of every finding, then each file's
references and findings folded in `<details>`, every DOI a link to
`https://doi.org/...`. Statuses are words ("no DOI", "DOI not found"), an
unknown value is a dash, and a finding shows the cited and expected values
only when its message does not already say them. Text from articles and from
Crossref is escaped so that it renders as written: no table cell broken by a
`|`, no link, emphasis or HTML smuggled in by a title, no `@mention` that
pings somebody, no newline that ends the table.
"""

from __future__ import annotations

from typing import TextIO

from citecheck.model import Finding, FileReport, Report, Work
from citecheck.report.links import doi_url, looks_like_doi
from citecheck.report.options import DEFAULT, ReportOptions
from citecheck.report.summary import describe_hidden, findings_phrase, summarize
from citecheck.report.text import one_line, plural
from citecheck.report.verdict import status_words

NONE = "–"  # an unknown cell: a dash, never an empty field

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


def link(label: str, url: str) -> str:
    """`[label](url)`: the label escaped, the URL already percent-encoded (see `links.doi_url`)."""
    return f"[{escape(label)}]({url})"


def doi_link(doi: str) -> str:
    return link(doi, doi_url(doi))


def render(report: Report, options: ReportOptions = DEFAULT) -> str:
    summary = summarize(report)
    parts = [f"### citecheck: {findings_phrase(summary)} in {plural(summary.files, 'file')}", ""]
    counts = f"{plural(summary.references, 'reference')} checked"
    if summary.unverified:
        counts += f", {summary.unverified} could not be verified"
    if summary.unreadable:
        counts += f", {plural(summary.unreadable, 'file')} could not be read"
    hidden = describe_hidden(options)
    if hidden:
        counts += f"; {hidden}"
    parts += [counts + ".", ""]
    rows = [
        (file.path, finding)
        for file in report.files
        for finding in sorted(file.findings, key=lambda f: (f.line, f.column or 0, f.code))
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
    if file.error:
        return ["<details>", f"<summary>{escape(file.path)}: could not be read</summary>", "",
                f"Could not check this file: {escape(file.error)}", "", "</details>", ""]
    summary = f"{escape(file.path)}: {plural(len(file.findings), 'finding')}, {plural(len(file.results), 'reference')}"
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if file.results:
        lines += ["| ID | Line | First author | Year | DOI | Status |", "| --- | ---: | --- | ---: | --- | --- |"]
        for result in file.results:
            reference = result.reference
            doi = doi_link(reference.doi) if reference.doi else NONE
            lines.append(
                f"| {escape(reference.id)} | {reference.line} | {escape(reference.first_author or NONE)} "
                f"| {reference.year or NONE} | {doi} | {escape(status_words(result.status))} |"
            )
        lines.append("")
    works = {result.reference.id: result.work for result in file.results}
    for finding in sorted(file.findings, key=lambda f: (f.line, f.column or 0, f.code)):
        where = f"line {finding.line}"
        if finding.reference:
            where += f", {escape(finding.reference)}"
        lines.append(f"- **{escape(finding.code)}** {escape(finding.rule)} ({where}): {escape(finding.message)}")
        values = _values(finding, works.get(finding.reference or ""))
        if values:
            lines.append(f"  {values}")
        if finding.suggestion:
            suggestion = doi_link(finding.suggestion) if looks_like_doi(finding.suggestion) else escape(finding.suggestion)
            lines.append(f"  suggestion: {suggestion}")
    if file.findings:
        lines.append("")
    lines += ["</details>", ""]
    return lines


def _values(finding: Finding, work: Work | None) -> str:
    """`cited: 2021; Crossref: 2022`, only the values known, and only when the message does not already say them."""
    known = [(label, value) for label, value in (("cited", finding.cited), (_source(finding, work), finding.expected))
             if value not in (None, "")]
    if not known or all(value in finding.message for _, value in known):
        return ""
    return "; ".join(f"{label}: {escape(value)}" for label, value in known)


def _source(finding: Finding, work: Work | None) -> str:
    """Where the expected value comes from: the registry's record for identity and metadata findings."""
    if work is not None and finding.code[:3] in ("CC1", "CC2"):
        return "Crossref" if work.agency == "crossref" else work.agency
    return "expected"


def write(report: Report, out: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT) -> None:
    out.write(render(report, options))
