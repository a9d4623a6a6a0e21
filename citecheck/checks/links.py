"""CC5xx citations: do the in-text citations and the reference list agree?

These rules read only the extraction (citations, references, claims); no
record is needed, so every example has `works={}`.

Two decisions worth knowing:

* CC502 (reference-not-cited) runs only when the article has at least one
  in-text citation. A page that is nothing but a reading list (or a post that
  never marks its sources in the text) would otherwise have every entry
  flagged, which says nothing the author does not know.
* CC506 (unsupported-claim) skips the same kind of page — a reference list
  but no in-text citation at all — because there every statement leans on the
  list as a whole and the warning would repeat on each summary line. A page
  without any reference list is checked: its claims are backed by nothing.
"""

from __future__ import annotations

import re

from typing import Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.model import Citation, Finding, Reference, Severity

# ---------------------------------------------------------------- example data

_JONES = "Jones, A., & Lee, B. (2019). Needling and low back pain: a randomised trial. Journal of Pain, 3(2), 10-20.\n"
_PARK = "Park, C. (2021). Moxibustion for gastric pain. Digestive Medicine, 8(1), 1-9.\n"


def _article(body: str, *entries: str) -> str:
    if not entries:
        return body + "\n"
    return body + "\n\nReferences\n\n" + "\n".join(entries)


# ------------------------------------------------------------------- helpers


def _label(reference: Reference) -> str:
    """A short human name for an entry: `Jones & Lee 2019`, `[3] Park 2021`."""
    authors = reference.authors
    if not authors:
        name = (reference.title or reference.text)[:60]
    elif len(authors) == 1 and not reference.et_al:
        name = authors[0]
    elif len(authors) == 2 and not reference.et_al:
        name = f"{authors[0]} & {authors[1]}"
    else:
        name = f"{authors[0]} et al."
    year = f" {reference.year}{reference.year_suffix or ''}" if reference.year else ""
    if not reference.year and reference.no_date:
        year = " n.d."
    number = f"[{reference.number}] " if reference.number is not None else ""
    return f"{number}{name}{year}"


def _by_id(ctx: CheckContext) -> dict[str, Reference]:
    return {r.id: r for r in ctx.extraction.references}


def _cited_ids(citations: Iterable[Citation]) -> set[str]:
    ids: set[str] = set()
    for citation in citations:
        ids.update(citation.references)
        ids.update(citation.candidates)  # an ambiguous citation is CC504's, not CC502's
    return ids


def _cited_as(citation: Citation) -> str:
    if citation.kind == "numeric":
        return citation.text
    names = citation.authors
    if not names:
        who = citation.text
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = f" {citation.year}{citation.year_suffix or ''}" if citation.year else ""
    return f"{who}{year}"


# --------------------------------------------------------------------- CC501


_LINK_AFTER = re.compile(r"\)?\s{0,2}<(?:https?://|www\.)")


def _link_words(citation: Citation, ctx: CheckContext) -> bool:
    """Whether the citation is the text of a link (the link target follows it): the link cites the work."""
    if citation.end is None:
        return False
    text = ctx.extraction.document.text
    return _LINK_AFTER.match(text, citation.end, min(len(text), citation.end + 16)) is not None


def check_citation_without_reference(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    references = tuple(r for r in ctx.extraction.references if r.origin == "list")
    numbers = {r.number for r in references if r.number is not None}
    if not numbers:
        # a list that lost its numbers is read by position (see extract.cite_find)
        numbers = set(range(1, len(references) + 1))
    for citation in ctx.extraction.citations:
        if citation.kind == "link":
            continue  # a link names its work itself; one to no entry is a reference of its own
        if citation.kind == "numeric":
            missing = [n for n in citation.numbers if n not in numbers]
            if not missing:
                continue
            listed = ", ".join(str(n) for n in missing)
            if not references:
                where = "the article has no reference list"
            else:
                where = f"the reference list has no entry {listed}"
            yield rule.finding(
                citation.line,
                f"{citation.text} cites {'entries' if len(missing) > 1 else 'entry'} {listed}, but {where}",
                cited=citation.text,
                sentence=citation.sentence,
            )
            continue
        if citation.references or citation.candidates:
            continue
        if _link_words(citation, ctx):
            continue  # "[Clark et al. (2017)](https://doi.org/…)": the link is the citation
        cited = _cited_as(citation)
        if not references:
            message = f"{citation.text} cites {cited}, but the article has no reference list"
        else:
            near = [
                _label(r) for r in references if citation.authors and _same_author(citation.authors[0], r)
            ]
            message = f"{citation.text} cites {cited}, which is not in the reference list"
            if near:
                message += f" (the list has {', '.join(near[:4])})"
        yield rule.finding(citation.line, message, cited=cited, sentence=citation.sentence)


# --------------------------------------------------------------------- CC502


# Sections whose entries are recommended, not cited: "Further reading" is
# meant to be read, not pointed at from the text.
_READING_SECTIONS = re.compile(
    r"\b(further|additional|recommended|suggested|related)\s+(reading|resources|literature|sources)\b|\breading\s+list\b",
    re.IGNORECASE,
)


def check_reference_not_cited(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    citations = ctx.extraction.citations
    if not citations:
        return  # a reading list, or a post that never cites in the text: see the module notes
    cited = _cited_ids(citations)
    for reference in ctx.extraction.references:
        if reference.origin != "list":
            continue  # a link in the prose is its own citation
        if reference.id in cited or _READING_SECTIONS.search(reference.section or ""):
            continue
        yield rule.finding(
            reference.line,
            f"{_label(reference)} is in the reference list but never cited in the text",
            reference=reference.id,
        )


# --------------------------------------------------------------------- CC503


def check_citation_year_mismatch(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    by_id = _by_id(ctx)
    for citation in ctx.extraction.citations:
        if citation.year_mismatch is None or not citation.references:
            continue
        reference = by_id.get(citation.references[0])
        if reference is None:
            continue
        cited_year = f"{citation.year_mismatch}{citation.year_suffix or ''}"
        if reference.year:
            listed = f"{reference.year}{reference.year_suffix or ''}"
            message = f"{citation.text} gives the year {cited_year}, but the reference list has {listed} for {_label(reference)}"
        else:
            listed = None
            message = f"{citation.text} gives the year {cited_year}, but the entry {_label(reference)} has no year"
        yield rule.finding(
            citation.line, message, reference=reference.id, cited=cited_year, expected=listed,
            sentence=citation.sentence,
        )


# --------------------------------------------------------------------- CC504


def check_ambiguous_citation(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    by_id = _by_id(ctx)
    for citation in ctx.extraction.citations:
        if not citation.candidates:
            continue
        labels = [
            f"{_label(by_id[i])} (line {by_id[i].line})" if i in by_id else i for i in citation.candidates
        ]
        yield rule.finding(
            citation.line,
            f"{citation.text} fits {len(labels)} entries of the reference list: {'; '.join(labels)}",
            cited=_cited_as(citation),
            expected="; ".join(citation.candidates),
            sentence=citation.sentence,
        )


# --------------------------------------------------------------------- CC505


def _listed_spelling(variant: str, reference: Reference) -> str | None:
    from rapidfuzz.distance import OSA

    from citecheck.extract.cite_link import family_name

    if not reference.authors:
        return None
    names = [family_name(name) for name in reference.authors[:2]]
    return min(names, key=lambda name: OSA.distance(name.lower(), variant.lower()))


def check_citation_author_mismatch(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    by_id = _by_id(ctx)
    for citation in ctx.extraction.citations:
        if not citation.author_variant or not citation.references:
            continue
        reference = by_id.get(citation.references[0])
        if reference is None:
            continue
        listed = _listed_spelling(citation.author_variant, reference)
        yield rule.finding(
            citation.line,
            f"{citation.text} spells the author \"{citation.author_variant}\", "
            f"but the reference list has \"{listed}\" ({_label(reference)})",
            reference=reference.id,
            cited=citation.author_variant,
            expected=listed,
            sentence=citation.sentence,
        )


# --------------------------------------------------------------------- CC506


def check_unsupported_claim(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    extraction = ctx.extraction
    if extraction.references and not extraction.citations:
        return  # a reading list without in-text citations: see the module notes
    for claim in extraction.claims:
        if claim.cited:
            continue
        yield rule.finding(
            claim.line,
            f"\"{claim.trigger}\": the sentence states research findings but cites no study",
            cited=claim.trigger,
            sentence=claim.sentence,
        )


# --------------------------------------------------------------------- rules

RULES: tuple[Rule, ...] = (
    Rule(
        code="CC501",
        name="citation-without-reference",
        severity=Severity.ERROR,
        summary="An in-text citation has no matching entry in the reference list.",
        why=(
            "A reader who wants to check the claim cannot find the source: the cited work is "
            "missing from the list, or the citation names it with another author or year."
        ),
        fix=(
            "Add the cited work to the reference list, or correct the author, year or number "
            "in the citation so that it names an entry that is there."
        ),
        check=check_citation_without_reference,
        fails=(
            Example(
                article=_article(
                    "Acupuncture relieved chronic back pain in a large trial (Smith et al., 2020).", _JONES
                ),
                note="Smith et al. 2020 is not in the list",
            ),
            Example(
                article=_article(
                    "Acupuncture relieved chronic back pain [2].",
                    "1. " + _JONES,
                ),
                note="the list is numbered and has no entry 2",
            ),
            Example(
                article=_article(
                    "Acupuncture relieved back pain\u00b9 and gastric pain\u00b2, and eased sleep\u00b3.",
                    "1. " + _JONES,
                    "2. " + _PARK,
                ),
                note="superscript 3 points past the end of a two-entry list",
            ),
        ),
        passes=(
            Example(
                article=_article("Acupuncture relieved chronic back pain (Jones & Lee, 2019).", _JONES),
            ),
            Example(
                article=_article(
                    "Prices rose sharply (in 2019) and fell again (n = 2020).", _JONES
                ),
                note="years in prose are not citations",
            ),
            Example(
                article=_article(
                    "A [2019 trial](https://doi.org/10.1000/needling.2019) found that acupuncture relieved "
                    "back pain (Jones & Lee, 2019).",
                    _JONES,
                ),
                note="a link to a study cites it, and is a reference of its own",
            ),
        ),
    ),
    Rule(
        code="CC502",
        name="reference-not-cited",
        severity=Severity.WARNING,
        summary="A reference-list entry is never cited in the text.",
        why=(
            "An entry nobody cites pads the list and suggests a claim lost its citation during "
            "editing. Checked only when the article cites at least once in the text, so that a "
            "plain reading list is not flagged entry by entry."
        ),
        fix="Cite the entry where the text relies on it, or remove it from the list.",
        check=check_reference_not_cited,
        fails=(
            Example(
                article=_article(
                    "Acupuncture relieved chronic back pain (Jones & Lee, 2019).", _JONES, _PARK
                ),
                note="Park 2021 is listed but not cited",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "Acupuncture relieved back pain (Jones & Lee, 2019) and moxibustion eased "
                    "gastric pain (Park, 2021).",
                    _JONES,
                    _PARK,
                ),
            ),
            Example(
                article=_article("Further reading on needling and moxibustion.", _JONES, _PARK),
                note="a reading list without in-text citations is not checked",
            ),
        ),
    ),
    Rule(
        code="CC503",
        name="citation-year-mismatch",
        severity=Severity.ERROR,
        summary="An in-text citation gives a different year from its reference-list entry.",
        why=(
            "The year is half of an author-year citation: with the wrong one a reader looks for "
            "another paper, and often the citation was copied from a different edition or work."
        ),
        fix="Make the year in the text and in the list agree (check the work's publication year).",
        check=check_citation_year_mismatch,
        fails=(
            Example(
                article=_article("Acupuncture relieved chronic back pain (Jones & Lee, 2018).", _JONES),
                note="cited 2018, listed 2019",
            ),
        ),
        passes=(
            Example(
                article=_article("Acupuncture relieved chronic back pain (Jones & Lee, 2019).", _JONES),
            ),
        ),
    ),
    Rule(
        code="CC504",
        name="ambiguous-citation",
        severity=Severity.WARNING,
        summary="An in-text citation fits more than one entry of the reference list.",
        why=(
            "When two entries share the first author and year, a reader cannot tell which one "
            "supports the sentence."
        ),
        fix=(
            "Distinguish the entries with year suffixes (2020a, 2020b) in the list and in the "
            "text, or name more authors in the citation."
        ),
        check=check_ambiguous_citation,
        fails=(
            Example(
                article=_article(
                    "Needling eased pain in older adults (Smith et al., 2020).",
                    "Smith, A., Brown, C., & Hall, D. (2020). Needling in older adults. Pain Reports, 5(1), 1-8.\n",
                    "Smith, A., Green, E., & Ward, F. (2020). Needling and sleep. Sleep Medicine, 9(4), 40-48.\n",
                ),
                note="two Smith et al. 2020 entries",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "Needling eased pain in older adults (Smith et al., 2020).",
                    "Smith, A., Brown, C., & Hall, D. (2020). Needling in older adults. Pain Reports, 5(1), 1-8.\n",
                    "Smith, A., Green, E., & Ward, F. (2018). Needling and sleep. Sleep Medicine, 9(4), 40-48.\n",
                ),
            ),
        ),
    ),
    Rule(
        code="CC505",
        name="citation-author-mismatch",
        severity=Severity.WARNING,
        summary="An author's name is spelled differently in the text and in the reference list.",
        why=(
            "One of the two spellings is wrong; readers and indexes searching for the other one "
            "will not find the work."
        ),
        fix="Use the author's name as the work itself prints it, in the text and in the list.",
        check=check_citation_author_mismatch,
        fails=(
            Example(
                article=_article(
                    "Here is part of the abstract of Gavrilov et al. (1997).",
                    "Gavilov, L. A., Gavrilova, N. S., & Kroutko, V. N. (1997). Mutation load and human "
                    "longevity. Mutation Research, 377(1), 61-62.\n",
                ),
                note="Gavrilov in the text, Gavilov in the list",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "Here is part of the abstract of Gavrilov et al. (1997).",
                    "Gavrilov, L. A., Gavrilova, N. S., & Kroutko, V. N. (1997). Mutation load and human "
                    "longevity. Mutation Research, 377(1), 61-62.\n",
                ),
            ),
        ),
    ),
    Rule(
        code="CC506",
        name="unsupported-claim",
        severity=Severity.WARNING,
        summary="A sentence states research findings (\"studies show…\") without citing any study.",
        why=(
            "\"Studies show\" asks the reader to trust research they cannot see; without a "
            "citation the claim cannot be checked and may have no study behind it at all."
        ),
        fix=(
            "Cite the studies the sentence relies on (in the sentence, or in the list it "
            "introduces; a link to the source counts), or rephrase it as the author's own view. "
            "Questions, hedged future work (\"more studies are needed\") and instructions "
            "(\"Explain why the data supported...\") are not claims."
        ),
        check=check_unsupported_claim,
        fails=(
            Example(
                article=_article("Numerous studies and reviews suggest that acupuncture relieves back pain."),
            ),
            Example(
                article=_article(
                    "Several meta-analyses have found that acupuncture beats standard care. "
                    "Acupuncture relieved chronic back pain (Jones & Lee, 2019).",
                    _JONES,
                ),
                note="a citation in another sentence does not support this one",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "Several trials have found that acupuncture relieves chronic back pain (Jones & Lee, 2019).",
                    _JONES,
                ),
            ),
            Example(
                article=_article("Further studies are needed to show whether acupuncture relieves back pain."),
                note="future work is not a claim",
            ),
            Example(
                article=_article(
                    "Several trials have found that acupuncture relieves chronic back pain, according to "
                    "this review <https://www.example.org/acupuncture-review>."
                ),
                note="a linked source is a citation",
            ),
            Example(
                article=_article("Explain why the data supported one model instead of the others."),
                note="an instruction asserts no finding",
            ),
        ),
    ),
)


def _same_author(name: str, reference: Reference) -> bool:
    """The extractor's rule (imported here: only a citation missing from the list asks)."""
    from citecheck.extract.cite_link import same_author

    return same_author(name, reference)
