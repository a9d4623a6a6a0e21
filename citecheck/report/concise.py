"""`--format concise`: `path:line:col: CODE [severity] message` per finding, then one totals line.

The finding lines follow the compiler convention that editors, terminals and
pre-commit already understand (ruff prints the same shape). A file that could
not be read gives `path: error: message` in its place: it has no line number,
so it never passes for a finding. The last line counts what was found, as
ruff's `Found N errors` does (`--quiet` leaves it out). Messages are folded
onto one line and their control characters made visible, so an article cannot
forge extra lines.
"""

from __future__ import annotations

from typing import TextIO

from citecheck.model import Report
from citecheck.report.options import DEFAULT, ReportOptions
from citecheck.report.summary import describe_hidden, findings_phrase, summarize
from citecheck.report.text import one_line, plural


def lines(report: Report) -> list[str]:
    """One line per finding (sorted by line, column, code) and per unreadable file, in file order."""
    out: list[str] = []
    for file in report.files:
        path = one_line(file.path)
        if file.error:
            out.append(f"{path}: error: {one_line(file.error)}")
        for finding in sorted(file.findings, key=lambda f: (f.line, f.column or 0, f.code)):
            out.append(
                f"{path}:{finding.line}:{finding.column or 1}: {finding.code} "
                f"[{finding.severity.value}] {one_line(finding.message)}"
            )
    return out


def totals(report: Report, options: ReportOptions = DEFAULT) -> str:
    """`Found 3 findings (1 error, 2 warnings) in 2 files, 14 references checked.`"""
    summary = summarize(report)
    found = f"Found {findings_phrase(summary)}" if summary.findings else "No findings"
    text = f"{found} in {plural(summary.files, 'file')}, {plural(summary.references, 'reference')} checked"
    if summary.unverified:
        text += f", {summary.unverified} unverified"
    if summary.unreadable:
        text += f", {plural(summary.unreadable, 'file')} unreadable"
    hidden = describe_hidden(options)
    return text + (f"; {hidden}" if hidden else "") + "."


def write(report: Report, out: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT) -> None:
    for line in lines(report):
        out.write(line + "\n")
    if not options.quiet:
        out.write(totals(report, options) + "\n")
