"""Apply the article's `citecheck: ignore[...]` comments, and report the ones that hid nothing.

A suppression hides the findings whose rule it names (exact code, code prefix
such as `CC2`, or rule name) on the lines it covers and, for a finding about
a sentence, only about the sentence it covers: a comment before a paragraph
written on one line hides the first sentence's finding, not the next one's. A suppression, or one key
of it, that hid nothing becomes a CC902 `unused-suppression` finding, as does a
key that names no rule and a bare `ignore` that names none: a stale comment
would otherwise go on silencing a problem that comes back later. An unused key
of a comment that covers a sentence names that sentence by its first words,
since another sentence on the same line may well have the finding.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.model import Finding, Severity, Suppression

__all__ = ["apply_suppressions", "RULES", "UNUSED_SUPPRESSION"]


def _matches(key: str, code: str, name: str) -> bool:
    """Whether a suppression key (code, code prefix or rule name) names this rule."""
    if key.lower() == name:
        return True
    prefix = key.upper()
    return prefix.startswith("CC") and code.upper().startswith(prefix)


_WORDS = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(text)]


def _covers(suppression: Suppression, finding: Finding) -> bool:
    """Whether the suppression covers the finding: on its lines and, for a finding about a sentence,
    about the covered sentence itself (not another sentence sharing its line)."""
    first, last = suppression.covers
    if not first <= finding.line <= last:
        return False
    if not suppression.sentences or not finding.sentence:
        return True  # a reference entry or list item: its lines are what is covered
    said = _words(finding.sentence)
    if not said:
        return True
    covered = set(_words(" ".join(suppression.sentences)))
    # The covered text was read from the file (Markdown, HTML) and the finding's from the converted
    # text: the same sentence shares nearly all its words.
    return sum(1 for word in said if word in covered) >= 0.8 * len(said)


def _names_rule(key: str, rules: Sequence[Rule]) -> bool:
    return any(_matches(key, rule.code, rule.name) for rule in rules)


def apply_suppressions(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    *,
    rules: Sequence[Rule] | None = None,
    known: Sequence[Rule] | None = None,
) -> tuple[Finding, ...]:
    """The findings no suppression covers, then a CC902 finding per unused key.

    `rules` are the rules that ran: a key that names only rules that did not
    run (not selected) cannot have hidden anything and is not reported.
    `known` are every rule (default: the registry's), to tell a misspelt key
    from an inactive one. Both default to every rule.
    """
    if not suppressions:
        return tuple(findings)
    if known is None:
        from citecheck.checks.registry import all_rules

        known = all_rules()
    active = known if rules is None else rules
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        hidden = False
        for index, suppression in enumerate(suppressions):
            if not _covers(suppression, finding):
                continue
            for key in suppression.codes:
                if _matches(key, finding.code, finding.rule):
                    used.add((index, key))
                    hidden = True
        if not hidden:
            kept.append(finding)
    rule = UNUSED_SUPPRESSION
    for index, suppression in enumerate(suppressions):
        span = _span(suppression)
        if not suppression.codes:
            kept.append(
                rule.finding(
                    suppression.line,
                    "`citecheck: ignore` must name the rules it silences, e.g. ignore[CC201]; "
                    "this one silences nothing",
                )
            )
            continue
        for key in suppression.codes:
            if (index, key) in used:
                continue
            if not _names_rule(key, known):
                kept.append(
                    rule.finding(
                        suppression.line,
                        f"suppression names {key!r}, which is no rule code, code prefix or rule name "
                        "(see `citecheck rules`)",
                        cited=key,
                    )
                )
            elif _names_rule(key, active):
                where = (
                    f"the {'sentence' if len(suppression.sentences) == 1 else 'sentences'} it covers "
                    f"({', '.join(_opening(s) for s in suppression.sentences)}) {'has' if len(suppression.sentences) == 1 else 'have'} "
                    f"no {key} finding"
                    if suppression.sentences
                    else f"no {key} finding on {span}"
                )
                kept.append(
                    rule.finding(
                        suppression.line,
                        f"unused suppression: {where}; remove {key} from the comment",
                        cited=key,
                    )
                )
    return tuple(kept)


def _opening(sentence: str, words: int = 6) -> str:
    """A covered sentence by its first words, quoted: "In mice, fasting improved memory…"."""
    said = sentence.split()
    kept: list[str] = []
    for word in said:
        if len(kept) == words or word[0] in "([<¹²³⁴⁵⁶⁷⁸⁹⁰":
            break
        kept.append(word)
    if not kept:
        return f'"{" ".join(said[:words])}"'
    if len(kept) == len(said):
        return f'"{" ".join(kept)}"'
    return f'"{" ".join(kept).rstrip(",;:")}…"'


def _span(suppression: Suppression) -> str:
    first, last = suppression.covers
    return f"line {first}" if first == last else f"lines {first}-{last}"


def _never(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    # CC902 needs the other rules' findings, so apply_suppressions reports it
    # after every check has run; as a check on its own it has nothing to say.
    return ()


_DOI = "https://doi.org/10.1111/1753-0407.13323"
_SUPPRESSED_ENTRY = "# citecheck: ignore[CC201]\nAn, J., & Wang, L."


def _article(year: str) -> str:
    text = AN_2022_TEXT.format(doi=_DOI).replace("An, J., & Wang, L.", _SUPPRESSED_ENTRY)
    return text.replace("(2022)", f"({year})")


UNUSED_SUPPRESSION = Rule(
    code="CC902",
    name="unused-suppression",
    severity=Severity.WARNING,
    summary="A `citecheck: ignore[...]` comment hides nothing: the rule it names found nothing "
    "where it applies, the rule does not exist, or the comment names no rule at all.",
    why="A stale suppression keeps silencing the next real mistake written in its place, and a "
    "misspelt one silences nothing while looking as if it did.",
    fix="Delete the comment (or the code in it that is unused), or correct the code to one that "
    "`citecheck rules` lists. Put the comment on the line just before the sentence or reference it is for.",
    check=_never,
    fails=(
        Example(
            article=_article("2022"),
            works={"10.1111/1753-0407.13323": AN_2022},
            note="the year is right, so the suppression of CC201 hides nothing",
        ),
    ),
    passes=(
        Example(
            article=_article("2021"),
            works={"10.1111/1753-0407.13323": AN_2022},
            note="the reference says 2021, Crossref 2022: CC201 fires and the comment hides it",
        ),
    ),
)

RULES: tuple[Rule, ...] = (UNUSED_SUPPRESSION,)
