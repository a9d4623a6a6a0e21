"""What the reader asked to see: `--severity`, `--verbose`/`--show-all`, `--quiet`.

The options change what a report shows, never what was found: the exit code
is computed from the whole report before `shown` hides anything, and every
format says how many findings it left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

from citecheck.model import Report, Severity


@dataclass(frozen=True)
class ReportOptions:
    """`min_severity`: show findings at or above it. `verbose`: every reference and detail.

    `quiet`: findings and unreadable files only, no summaries. `hidden` counts
    the findings left out by `min_severity`, by severity (set by `shown`).
    """

    min_severity: Severity = Severity.INFO
    verbose: bool = False
    quiet: bool = False
    hidden: Mapping[Severity, int] = field(default_factory=dict)

    @property
    def hidden_count(self) -> int:
        return sum(self.hidden.values())


DEFAULT = ReportOptions()


def shown(report: Report, options: ReportOptions) -> tuple[Report, ReportOptions]:
    """The report with the findings below `options.min_severity` left out, and the options counting them."""
    floor = options.min_severity.rank
    hidden: dict[Severity, int] = {}
    files = []
    for file in report.files:
        kept = tuple(f for f in file.findings if f.severity.rank >= floor)
        for finding in file.findings:
            if finding.severity.rank < floor:
                hidden[finding.severity] = hidden.get(finding.severity, 0) + 1
        files.append(replace(file, findings=kept) if len(kept) != len(file.findings) else file)
    if not hidden:
        return report, options
    return replace(report, files=tuple(files)), replace(options, hidden=hidden)
