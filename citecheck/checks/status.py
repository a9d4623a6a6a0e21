"""CC3xx status: has the cited work been retracted, flagged or corrected since?

Crossref carries three signals (API-NOTES): `updated-by[]` on the updated
work, a self-referencing `update-to[]` of type retraction, and a title that
starts with "RETRACTED". Retraction Watch entries arrive through the same
fields with `source: retraction-watch`. All three are checked.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.model import Finding, Severity, Work
from citecheck.text.identifiers import doi_key

RETRACTION_TYPES = {"retraction", "withdrawal", "removal"}
CONCERN_TYPES = {"expression_of_concern", "expression-of-concern"}
CORRECTION_TYPES = {"correction", "corrigendum", "erratum", "addendum"}


def _updates(work: Work, key: str) -> list[Mapping[str, Any]]:
    value = work.raw.get(key) if work.raw else None
    return [u for u in value if isinstance(u, Mapping)] if isinstance(value, list) else []


def _notices(work: Work, types: set[str]) -> list[Mapping[str, Any]]:
    found = [u for u in _updates(work, "updated-by") if str(u.get("type", "")).lower() in types]
    # A self-referencing update-to marks the work itself (some publishers do
    # this for retractions instead of issuing a separate notice).
    found += [
        u for u in _updates(work, "update-to")
        if str(u.get("type", "")).lower() in types and doi_key(str(u.get("DOI", ""))) == work.doi
    ]
    return found


def _describe(notice: Mapping[str, Any]) -> str:
    parts = [str(notice.get("label") or notice.get("type"))]
    if notice.get("DOI"):
        parts.append(f"notice {notice['DOI']}")
    updated = notice.get("updated")
    if isinstance(updated, Mapping) and updated.get("date-time"):
        parts.append(str(updated["date-time"])[:10])
    if notice.get("source") == "retraction-watch":
        parts.append("Retraction Watch" + (f" #{notice['record-id']}" if notice.get("record-id") else ""))
    return ", ".join(parts)


def _works(ctx: CheckContext):
    for result in ctx.results:
        if result.work is not None:
            yield result.reference, result.work


def check_retracted(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for reference, work in _works(ctx):
        notices = _notices(work, RETRACTION_TYPES)
        titled = (work.title or "").upper().startswith(("RETRACTED", "WITHDRAWN"))
        if not notices and not titled:
            continue
        basis = _describe(notices[0]) if notices else f"its title reads \"{work.title}\""
        yield rule.finding(
            reference.line,
            f"{reference.id} ({work.doi}) has been retracted ({basis})",
            reference=reference.id, expected="retracted",
        )


def check_concern(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for reference, work in _works(ctx):
        for notice in _notices(work, CONCERN_TYPES)[:1]:
            yield rule.finding(
                reference.line,
                f"{reference.id} ({work.doi}) is subject to an expression of concern ({_describe(notice)})",
                reference=reference.id,
            )


def check_corrected(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for reference, work in _works(ctx):
        for notice in _notices(work, CORRECTION_TYPES)[:1]:
            yield rule.finding(
                reference.line,
                f"{reference.id} ({work.doi}) has a published correction ({_describe(notice)}); "
                "check that the cited finding survived it",
                reference=reference.id,
            )


def check_notice_cited(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for reference, work in _works(ctx):
        targets = [
            u for u in _updates(work, "update-to")
            if doi_key(str(u.get("DOI", ""))) not in {"", work.doi}
        ]
        if targets:
            target = targets[0]
            yield rule.finding(
                reference.line,
                f"{reference.doi} is a {target.get('label') or target.get('type')} notice for "
                f"{target.get('DOI')}, not a paper; cite the paper itself",
                reference=reference.id, cited=reference.doi, expected=str(target.get("DOI")),
            )


def _with(**extra: Any) -> Example:
    record = dict(AN_2022, **extra)
    return Example(article=AN_2022_TEXT.format(doi="https://doi.org/10.1111/1753-0407.13323"),
                   works={"10.1111/1753-0407.13323": record})


_CLEAN = (_with(),)

RULES: tuple[Rule, ...] = (
    Rule(
        code="CC301",
        name="retracted",
        severity=Severity.ERROR,
        summary="The cited work has been retracted (publisher notice, Retraction Watch, or a RETRACTED title).",
        why="A retracted paper no longer supports any claim; citing it misleads readers.",
        fix="Remove the claim or support it with a paper that stands; if you discuss the retraction itself, say so "
        "and suppress the finding for that reference.",
        check=check_retracted,
        fails=(_with(**{"updated-by": [{"DOI": "10.1111/1753-0407.99999", "type": "retraction", "label": "Retraction", "source": "retraction-watch", "record-id": 12345}]}),),
        passes=_CLEAN,
    ),
    Rule(
        code="CC302",
        name="expression-of-concern",
        severity=Severity.WARNING,
        summary="The publisher has issued an expression of concern about the cited work.",
        why="An expression of concern means the journal doubts the data; readers deserve to know.",
        fix="Mention the concern or cite stronger evidence.",
        check=check_concern,
        fails=(_with(**{"updated-by": [{"DOI": "10.1111/1753-0407.88888", "type": "expression_of_concern", "label": "Expression of concern", "source": "publisher"}]}),),
        passes=_CLEAN,
    ),
    Rule(
        code="CC303",
        name="corrected",
        severity=Severity.INFO,
        summary="The cited work has a published correction.",
        why="Most corrections are minor, but some change the very number a post quotes.",
        fix="Read the correction and make sure the cited finding still holds.",
        check=check_corrected,
        fails=(_with(**{"updated-by": [{"DOI": "10.1111/1753-0407.77777", "type": "correction", "label": "Correction", "source": "publisher"}]}),),
        passes=_CLEAN,
    ),
    Rule(
        code="CC304",
        name="notice-cited",
        severity=Severity.WARNING,
        summary="The DOI is that of a correction or retraction notice, not of the paper it concerns.",
        why="The notice does not contain the findings; readers expect the paper.",
        fix="Cite the paper the notice updates (its DOI is in the message).",
        check=check_notice_cited,
        fails=(_with(**{"update-to": [{"DOI": "10.1111/1753-0407.13000", "type": "correction", "label": "Correction"}]}),),
        passes=_CLEAN,
    ),
)
