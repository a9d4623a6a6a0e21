"""CC2xx metadata: the reference points at the right work, but cites it wrongly.

Every check here skips references whose DOI leads to another work (CC103): a
year or page difference means nothing when the whole paper is different.
"""

from __future__ import annotations

from typing import Callable, Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.checks.compare import (
    author_position,
    full_title,
    is_other_work,
    looks_like_title,
    registered_pages,
    same_family_name,
    same_journal,
    same_locator,
    same_pages,
    title_similarity,
)
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.model import Finding, Reference, ReferenceResult, Severity, Work

DOI = "https://doi.org/10.1111/1753-0407.13323"
RECORDS = {"10.1111/1753-0407.13323": AN_2022}


def _comparable(ctx: CheckContext) -> Iterable[tuple[ReferenceResult, Reference, Work]]:
    for result in ctx.results:
        work = result.work
        if work is None or is_other_work(result.reference, work):
            continue
        yield result, result.reference, work


def _variant(old: str, new: str) -> Example:
    """The shared example article with one cited value changed."""
    text = AN_2022_TEXT.format(doi=DOI)
    assert old in text, old
    return Example(article=text.replace(old, new), works=RECORDS)


def check_year(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for _, reference, work in _comparable(ctx):
        if reference.year is None or not work.years or reference.year in work.years:
            continue
        others = sorted(y for y in work.years if y != work.year)
        detail = f" (also {', '.join(map(str, others))} online or in print)" if others else ""
        yield rule.finding(
            reference.line,
            f"year {reference.year} in the reference, Crossref has {work.year}{detail}",
            reference=reference.id, cited=reference.year, expected=work.year,
        )


def _locator_check(field: str, label: str) -> Callable[[Rule, CheckContext], Iterable[Finding]]:
    def check(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
        for _, reference, work in _comparable(ctx):
            cited, registered = getattr(reference, field), getattr(work, field)
            if not cited or not registered or same_locator(cited, registered):
                continue
            yield rule.finding(
                reference.line,
                f"{label} {cited} in the reference, Crossref has {registered}",
                reference=reference.id, cited=cited, expected=registered,
            )

    return check


def check_pages(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for _, reference, work in _comparable(ctx):
        registered = registered_pages(work)
        if not reference.pages or not registered or same_pages(reference.pages, work):
            continue
        yield rule.finding(
            reference.line,
            f"pages {reference.pages} in the reference, Crossref has {registered}",
            reference=reference.id, cited=reference.pages, expected=registered,
        )


def check_author(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for _, reference, work in _comparable(ctx):
        cited = reference.first_author
        if not cited or not work.authors or same_family_name(cited, work.authors[0]):
            continue
        position = author_position(cited, work.authors)
        where = f"; {cited} is author {position} of {len(work.authors)}" if position else ""
        yield rule.finding(
            reference.line,
            f"first author {cited} in the reference, Crossref has {work.authors[0]}{where}",
            reference=reference.id, cited=cited, expected=work.authors[0],
        )


def check_title(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for _, reference, work in _comparable(ctx):
        if not looks_like_title(reference.title) or not work.title:
            continue
        if title_similarity(reference.title, work) >= 0.93:
            continue
        registered = full_title(work)
        yield rule.finding(
            reference.line,
            f"title \"{reference.title}\" in the reference, Crossref has \"{registered}\"",
            reference=reference.id, cited=reference.title, expected=registered,
        )


def check_journal(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for _, reference, work in _comparable(ctx):
        if not reference.journal or not work.journal or same_journal(reference.journal, work):
            continue
        yield rule.finding(
            reference.line,
            f"journal \"{reference.journal}\" in the reference, Crossref has \"{work.journal}\"",
            reference=reference.id, cited=reference.journal, expected=work.journal,
        )


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
        check=_locator_check("volume", "volume"),
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
        check=_locator_check("issue", "issue"),
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
