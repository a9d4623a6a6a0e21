"""`--format github`: GitHub Actions workflow commands, so findings annotate the pull request.

`::error file=F,line=N,col=C,title=T::message` per finding (warning and
notice for the lower severities; `col` when the column is known). Values are escaped as the Actions toolkit does: in the
message `%`, CR and LF become `%25`, `%0D`, `%0A`; in property values `:` and
`,` also become `%3A` and `%2C`. Because no raw newline survives, text from an
article can never start a workflow command of its own.
"""

from __future__ import annotations

from typing import TextIO

from citecheck.model import Finding, Report, Severity
from citecheck.report.text import clean

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    escaped = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return clean(escaped)  # the other control characters: shown, never sent to the log


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding) -> str:
    message = finding.message
    if finding.suggestion:
        message += f"\nSuggestion: {finding.suggestion}"
    return message


def lines(report: Report) -> list[str]:
    out: list[str] = []
    for file in report.files:
        path = escape_property(file.path)
        if file.error:
            out.append(f"::error file={path},title=citecheck::{escape_data('could not check this file: ' + file.error)}")
        for finding in sorted(file.findings, key=lambda f: (f.line, f.code)):
            title = escape_property(f"{finding.code} {finding.rule}")
            out.append(
                f"::{COMMAND[finding.severity]} file={path},line={max(finding.line, 1)},"
                f"{f'col={finding.column},' if finding.column else ''}title={title}"
                f"::{escape_data(_message(finding))}"
            )
    return out


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    for line in lines(report):
        out.write(line + "\n")
