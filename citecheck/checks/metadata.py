"""CC2xx metadata: the reference points at the right work, but cites it wrongly.

Every check reads the reference's comparison with its record (computed once
by the pipeline, `citecheck.compare`): a field is reported only when the
comparison found it `conflicting`, that is, the record's value is not in the
entry and the entry clearly gives another one. A comparison whose identity is
not `same` (another work, or too little to tell) has no conflicting field, so
a year or a page never reads as wrong when the whole paper is different.
"""

from __future__ import annotations

from typing import Callable, Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.model import FieldComparison, FieldState, Finding, Identity, ReferenceResult, Severity

DOI = "https://doi.org/10.1111/1753-0407.13323"
RECORDS = {"10.1111/1753-0407.13323": AN_2022}


def conflicts(ctx: CheckContext, field: str) -> Iterable[tuple[ReferenceResult, FieldComparison]]:
    """The references whose comparison found `field` conflicting with the record."""
    for result in ctx.results:
        comparison = result.comparison
        if comparison is None or comparison.identity is not Identity.SAME:
            continue
        compared = comparison.get(field)
        if compared is not None and compared.state is FieldState.CONFLICTING:
            yield result, compared


def _variant(old: str, new: str) -> Example:
    """The shared example article with one cited value changed."""
    text = AN_2022_TEXT.format(doi=DOI)
    assert old in text, old
    return Example(article=text.replace(old, new), works=RECORDS)


def _quoted(value: str | None) -> str:
    return f"\"{value}\""


def _check(field: str, label: str, detail: Callable[[ReferenceResult, FieldComparison], str] | None = None,
           quote: bool = False) -> Callable[[Rule, CheckContext], Iterable[Finding]]:
    """A check that reports each conflicting `field`, naming the cited and the registered value."""

    def check(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
        for result, compared in conflicts(ctx, field):
            cited = _quoted(compared.cited) if quote else compared.cited
            registered = _quoted(compared.record) if quote else compared.record
            extra = detail(result, compared) if detail else ""
            yield rule.finding(
                result.reference.line,
                f"{label} {cited} in the reference, Crossref has {registered}{extra}",
                reference=result.reference.id, cited=compared.cited, expected=compared.record,
            )

    return check


def _other_years(result: ReferenceResult, compared: FieldComparison) -> str:
    work = result.work
    if work is None:
        return ""
    others = sorted(y for y in work.years if str(y) != compared.record)
    return f" (also {', '.join(map(str, others))} online or in print)" if others else ""


def _author_position(result: ReferenceResult, compared: FieldComparison) -> str:
    return f"; {compared.note}" if compared.note and " is author " in compared.note else ""


check_year = _check("year", "year", _other_years)
check_volume = _check("volume", "volume")
check_issue = _check("issue", "issue")
check_pages = _check("pages", "pages")
check_author = _check("author", "first author", _author_position)
check_title = _check("title", "title", quote=True)
check_journal = _check("journal", "journal", quote=True)


_PASS = (Example(article=AN_2022_TEXT.format(doi=DOI), works=RECORDS),)

RULES: tuple[Rule, ...] = (
    Rule(
        code="CC201",
        name="year-mismatch",
        severity=Severity.ERROR,
        summary="The cited year is neither the year Crossref records nor the print or online year.",
        why="A wrong year makes the reference hard to find and often signals a citation copied "
        "second-hand or confused with another paper.",
        fix="Use the year of publication from the publisher's page (the print or the online year).",
        check=check_year,
        fails=(_variant("(2022)", "(2021)"),),
        passes=_PASS,
    ),
    Rule(
        code="CC202",
        name="volume-mismatch",
        severity=Severity.ERROR,
        summary="The cited volume differs from the volume Crossref records.",
        why="Volume, issue and pages are how a reader finds a paper in print; a wrong volume sends them elsewhere.",
        fix="Copy the volume from the publisher's page or the DOI record.",
        check=check_volume,
        fails=(_variant("14(10)", "41(10)"),),
        passes=_PASS,
    ),
    Rule(
        code="CC203",
        name="issue-mismatch",
        severity=Severity.WARNING,
        summary="The cited issue differs from the issue Crossref records.",
        why="A wrong issue number sends a reader to the wrong part of the volume.",
        fix="Copy the issue from the publisher's page or the DOI record.",
        check=check_issue,
        fails=(_variant("14(10)", "14(3)"),),
        passes=_PASS,
    ),
    Rule(
        code="CC204",
        name="pages-mismatch",
        severity=Severity.WARNING,
        summary="The cited pages or article number differ from Crossref's (695-710 = 695–710 = 695-10 count as equal).",
        why="Wrong pages usually mean a reference was assembled from memory or from another paper.",
        fix="Copy the page range or article number (e-locator) from the DOI record.",
        check=check_pages,
        fails=(_variant("695-710", "659-710"),),
        passes=(_variant("695-710", "695–10"),),
    ),
    Rule(
        code="CC205",
        name="author-mismatch",
        severity=Severity.ERROR,
        summary="The first author's family name differs from Crossref's first author.",
        why="A misspelt or reordered first author breaks author-year citations and search.",
        fix="Spell the first author's family name as the paper does, and keep the authors' order.",
        check=check_author,
        fails=(_variant("An, J., & Wang, L.", "Ann, J., & Wang, L."),),
        passes=_PASS,
    ),
    Rule(
        code="CC206",
        name="title-mismatch",
        severity=Severity.WARNING,
        summary="The reference points at the right work but misquotes its title.",
        why="A paraphrased title makes the paper hard to find and can change what it appears to claim.",
        fix="Copy the title exactly as registered.",
        check=check_title,
        fails=(_variant("reduces blood glucose by regulating", "lowers blood sugar by changing"),),
        passes=_PASS,
    ),
    Rule(
        code="CC207",
        name="journal-mismatch",
        severity=Severity.WARNING,
        summary="The cited journal is not the registered journal nor a standard abbreviation of it.",
        why="A wrong journal name sends readers to the wrong place and hints at a confused reference.",
        fix="Use the journal's full title or its standard (ISO 4 / NLM) abbreviation, e.g. `J Diabetes`.",
        check=check_journal,
        fails=(_variant("J Diabetes,", "Diabetes Care,"),),
        passes=_PASS + (_variant("J Diabetes,", "Journal of Diabetes,"),),
    ),
)
