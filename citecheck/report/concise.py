"""`--format concise`: one `path:line: CODE message` line per finding, for editors and hooks.

Nothing else goes to stdout (no summary, no colour) so that every line can be
parsed by an editor's error format. A file that could not be checked at all
gives one `path: error: message` line, which has no line number and so never
passes for a finding. Messages are folded onto one line and their control
characters made visible, so an article cannot forge extra lines.
"""

from __future__ import annotations

from typing import TextIO

from citecheck.model import Report
from citecheck.report.text import one_line


def lines(report: Report) -> list[str]:
    out: list[str] = []
    for file in report.files:
        path = one_line(file.path)
        if file.error:
            out.append(f"{path}: error: {one_line(file.error)}")
        for finding in sorted(file.findings, key=lambda f: (f.line, f.code)):
            out.append(f"{path}:{finding.line}: {finding.code} {one_line(finding.message)}")
    return out


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    for line in lines(report):
        out.write(line + "\n")
