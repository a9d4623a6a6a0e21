"""The counts every format shows: files, references, findings by severity, statuses.

One place computes them so that the terminal summary line, the JSON `summary`
object and the Markdown heading can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citecheck.model import Report, Severity, Status
from citecheck.report.text import plural


@dataclass(frozen=True)
class Summary:
    files: int
    references: int
    findings: int
    errors: int
    warnings: int
    infos: int
    unverified: int
    statuses: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0  # files that could not be read at all

    def as_json(self) -> dict[str, object]:
        return {
            "files": self.files,
            "references": self.references,
            "findings": self.findings,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "unverified": self.unverified,
            "statuses": dict(self.statuses),
            "unreadable": self.unreadable,
        }


def summarize(report: Report) -> Summary:
    statuses = {status.value: 0 for status in Status}
    for file in report.files:
        for result in file.results:
            statuses[result.status.value] += 1
    return Summary(
        files=len(report.files),
        references=sum(len(file.results) for file in report.files),
        findings=len(report.findings),
        errors=report.count(Severity.ERROR),
        warnings=report.count(Severity.WARNING),
        infos=report.count(Severity.INFO),
        unverified=statuses[Status.UNVERIFIED.value],
        statuses=statuses,
        unreadable=len(report.unreadable),
    )


def findings_phrase(summary: Summary) -> str:
    """`5 findings (2 errors, 3 warnings)`, or `no findings`."""
    if not summary.findings:
        return "no findings"
    parts = [
        plural(count, noun)
        for count, noun in ((summary.errors, "error"), (summary.warnings, "warning"), (summary.infos, "info"))
        if count
    ]
    return f"{plural(summary.findings, 'finding')} ({', '.join(parts)})"


def describe(summary: Summary) -> str:
    """`3 files, 14 references, 5 findings (2 errors, 3 warnings), 1 unverified, 1 file unreadable`."""
    text = f"{plural(summary.files, 'file')}, {plural(summary.references, 'reference')}, {findings_phrase(summary)}"
    if summary.unverified:
        text += f", {summary.unverified} unverified"
    if summary.unreadable:
        text += f", {plural(summary.unreadable, 'file')} unreadable"
    return text


def describe_hidden(options: object) -> str:
    """`2 warnings not shown (--severity error)`, or nothing when every finding is shown."""
    hidden = getattr(options, "hidden", None) or {}
    if not hidden:
        return ""
    parts = [
        plural(hidden[severity], severity.value, "infos" if severity is Severity.INFO else None)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if hidden.get(severity)
    ]
    floor = getattr(options, "min_severity", Severity.INFO)
    return f"{', '.join(parts)} not shown (--severity {floor.value})"
