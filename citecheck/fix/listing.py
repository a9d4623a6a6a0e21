"""What `citecheck fix` tells the writer: each fix made, each one left to a person, and the closing count.

One line per fix, `path:line:col: CODE fixed: what changed` for a fix made
and `path:line:col: CODE needs a person: what to do (why)` for one that is
not, then `Fixed N of M findings in K files (P need a person)`: N findings a
check of the fixed files no longer gives, M findings in all, K files
changed, P findings whose fix is left to a person. The line is the same
with `--diff`, where it counts what `--write` would make, after a line saying
that nothing was written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from citecheck.fix.apply import applied
from citecheck.fix.verify import finding_key
from citecheck.report.text import one_line

if TYPE_CHECKING:
    from citecheck.pipeline import FixRun


@dataclass(frozen=True)
class Totals:
    fixed: int
    findings: int
    files: int
    for_a_person: int

    def closing(self) -> str:
        """`Fixed N of M findings in K files (P need a person)`, always in these words (scripts read it)."""
        return f"Fixed {self.fixed} of {self.findings} findings in {self.files} files ({self.for_a_person} need a person)"


DRY_RUN = "Nothing was written (--diff); the line below counts what --write would fix."


def totals(run: "FixRun") -> Totals:
    by_path = {file.path: file for file in run.files}
    fixed = files = for_a_person = 0
    for report in run.report.files:
        file = by_path.get(report.path)
        if file is None:
            continue
        if file.data is not None:
            files += 1
            left = Counter(finding_key(f) for f in file.remaining)
            fixed += sum((Counter(finding_key(f) for f in report.findings) - left).values())
        remaining = Counter(finding_key(f) for f in file.remaining)
        for finding in report.findings:
            key = finding_key(finding)
            if finding.fix is not None and remaining[key] > 0:
                remaining[key] -= 1
                for_a_person += 1
    return Totals(fixed, len(run.report.findings), files, for_a_person)


def lines(run: "FixRun", *, unsafe: bool, made: bool) -> Iterator[str]:
    """A line per fix (`made`: also those applied), and a line per file that could not be written."""
    by_path = {file.path: file for file in run.files}
    for report in run.report.files:
        file = by_path.get(report.path)
        if file is None:
            continue
        if file.problem:
            yield f"{one_line(report.path)}: not changed: {one_line(file.problem)}"
        done = applied(report.findings, unsafe) if file.data is not None else []
        for finding in report.findings:
            fix = finding.fix
            if fix is None:
                continue
            where = f"{one_line(report.path)}:{finding.line}:{finding.column or 1}: {finding.code}"
            if fix in done:
                if made:
                    yield f"{where} fixed: {one_line(fix.description)}"
            else:
                why = f" ({one_line(fix.reason)})" if fix.reason else ""
                yield f"{where} needs a person: {one_line(fix.description)}{why}"
