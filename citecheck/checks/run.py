"""CC9xx run problems: what citecheck could not check, said out loud.

An unreachable Crossref must never read as "all clear": every reference that
could not be verified gets a finding, and the run exits 3 (README).
"""

from __future__ import annotations

from typing import Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.model import Finding, Outcome, Severity


def check_unverified(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        resolution = result.resolution
        if resolution is None or resolution.outcome is not Outcome.UNVERIFIED:
            continue
        reason = resolution.reason or "no answer"
        yield rule.finding(
            result.reference.line,
            f"{result.reference.id} ({result.reference.doi}) could not be verified: {reason}",
            reference=result.reference.id,
            cited=result.reference.doi,
        )


_ARTICLE = AN_2022_TEXT.format(doi="https://doi.org/10.1111/1753-0407.13323")

RULES: tuple[Rule, ...] = (
    Rule(
        code="CC901",
        name="unverified",
        severity=Severity.WARNING,
        summary="A reference could not be checked: Crossref was unreachable, kept failing, or `--offline` had no answer.",
        why="Silence is not a pass. A reference that was not checked may still be wrong, so the run says so and exits 3.",
        fix="Run again when the network is back (answers already received are cached), or use `--snapshot` with a local index.",
        check=check_unverified,
        fails=(Example(article=_ARTICLE, works={}, note="no source answers: the example runner reports it unverified"),),
        passes=(Example(article=_ARTICLE, works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
)
