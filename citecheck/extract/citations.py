"""Find the in-text citations of an article and link each to its reference entries.

What is recognised (reference-list lines are blanked out first, so an entry
never cites itself):

* Author-year in brackets: `(Yang et al., 2024)`, `(Dekker Nitert et al., 2020)`,
  `(Smith & Jones, 2019)`, `(Smith and Jones 2019)`, `(Smith, 2020a, b)`,
  page locators `(Turnbaugh et al., 2006, p. 1027)`, `(Bajzer and Seeley
  2006:1010)`, prefixes `(e.g., Smith, 2020)`, `(see Smith, 2020)`, several
  works separated by `;` (or by `,` before a new name). Each work becomes one
  Citation.
* Narrative: `Yang et al. (2024)`, `Turnbaugh et al. (2006:1027)`,
  `Yang et al.'s (2024)`, `Smith's (2019)`, `Kim and colleagues (2002)`.
* Numeric: `[1]`, `[1, 3]`, `[1–3]`, `[1-3, 5]`, `[2][3]`, `(1)` — only when the
  reference list is numbered (`Reference.number`), because elsewhere `(1)` and
  `[58]` are list labels or markers quoted from another paper. A bracket
  number missing from the list is still a citation (CC501 reports it); a
  parenthesised number must exist in the list, or it is read as prose. One
  exception: a list that lost its numbers in scraping ("References^entry^…")
  is read by position when the text cites only with brackets, at least twice,
  and every bracket number fits the list.
* Narrative mentions without a year — `Ley and colleagues`, `Bajzer and Seeley
  mean`, `the Turnbaugh paper` — and body links whose DOI or URL is that of an
  entry (`a study <https://doi.org/10...>`). These are kept only when they
  link to exactly one entry: unlinked, they are far more often ordinary names
  ("Texas and New Mexico") than missing references, so they never raise CC501.
  Their `kind` is "narrative", or "link" for a body link.

* Names that are not family names, with a year: a group author as written
  in the list, its bracketed abbreviation, or for a work without author the
  first words of its title or its journal — `(Canadian Pain Society Study Day
  participants, 2015)`, `(EFSA Panel ... [ANS], 2018)`, `(AMA J Ethics 2021)`.
* MLA, without a year: `(Renear 390)`, `(Kohls and Mele)`, `(Lamb et al.)`,
  and a page alone after a name in the same sentence (`Petrovici argues ...
  (2380)`), only when the name is the first author of exactly one entry and
  the list is not numbered. Like the mentions, these are kept only when they
  link, so they never raise CC501.

An author-year form needs a capitalised, name-like token: `(in 2019)`,
`(n = 2019)` and `(January 2019)` are prose.

Linking (author-year): the first author's family name must match the entry's
(case- and accent-insensitive); a two-author citation needs both names. The
passes, in order: exact name + year; close spelling (one or two letters off,
same initial; `Citation.author_variant` keeps the text's spelling) + year;
exact name, other year, but only one entry by that author (`year_mismatch`
keeps the cited year). Several entries fitting equally leave `references`
empty and fill `candidates`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from citecheck.extract.quick import finditer_near, positions
from citecheck.ingest.superscript import from_superscript
from citecheck.extract.sentences import Sentence, fold, line_of, line_starts, split_sentences
from citecheck.model import Citation, Document, Reference
from citecheck.text.normalize import folded

__all__ = [
    "Link",
    "body_text",
    "find_citations",
    "link_author_year",
    "parse_names",
    "reference_lines",
    "same_author",
]


# ------------------------------------------------------------ reference lines


def reference_lines(document: Document, references: Sequence[Reference]) -> frozenset[int]:
    """The 1-based lines of `document.text` that belong to reference entries.

    Entries from the parser know their text lines (`text_line`..`text_end_line`);
    for the others (built by hand, or by an older parser) the source lines
    `line`..`end_line` are mapped back through `document.line_map`.
    """
    lines: set[int] = set()
    by_source: list[tuple[int, int]] = []
    for reference in references:
        first = getattr(reference, "text_line", None)
        if first:
            last = getattr(reference, "text_end_line", None) or first
            lines.update(range(first, max(first, last) + 1))
        else:
            last = reference.end_line if reference.end_line and reference.end_line >= reference.line else reference.line
            by_source.append((reference.line, last))
    if by_source:
        if not document.line_map:
            for first, last in by_source:
                lines.update(range(first, last + 1))
        else:
            by_source.sort()
            firsts = [first for first, _ in by_source]
            reach: list[int] = []  # the furthest last line among spans starting at or before each
            for _, last in by_source:
                reach.append(max(last, reach[-1]) if reach else last)
            for text_line, source in enumerate(document.line_map, start=1):
                index = bisect.bisect_right(firsts, source) - 1
                if index >= 0 and reach[index] >= source:
                    lines.add(text_line)
    return frozenset(lines)


def body_text(document: Document, references: Sequence[Reference]) -> str:
    """`document.text` with reference-entry lines blanked (offsets and lines unchanged)."""
    skipped = reference_lines(document, references)
    if not skipped:
        return document.text
    lines = document.text.split("\n")
    for number in skipped:
        if 1 <= number <= len(lines):
            lines[number - 1] = " " * len(lines[number - 1])
    return "\n".join(lines)


# ------------------------------------------------------------------ patterns

_YEAR = re.compile(r"(?<![\w./-])(1[5-9]\d\d|20\d\d)(?:([a-z])(?!\w))?(?!\w)")
_NO_DATE = re.compile(r"\bn\.\s?d\.?(?!\w)|\bno date\b|\bin press\b", re.IGNORECASE)
_MORE_SUFFIX = re.compile(r"\s{0,2},\s{0,2}([a-z])(?![\w.])")
_LOCATOR = re.compile(
    r"\s{0,3}(?::\s{0,3}\d[\d\-–]{0,12}"
    r"|,\s{0,3}(?:pp?\.|pages?|paras?\.?|chap(?:ter)?\.?|ch\.|fig(?:ure)?s?\.?|tables?|sec(?:tion)?\.?)"
    r"\s{0,3}[\w\-–]{1,15})",
    re.IGNORECASE,
)
# Brackets holding a citation: no nesting, at most 300 characters.
_BRACKET = re.compile(r"\(([^()]{1,300})\)|\[([^\[\]]{1,300})\]")
_NUMERIC = re.compile(
    r"\s{0,3}\d{1,3}(?:\s{0,3}[-–—]\s{0,3}\d{1,3})?"
    r"(?:\s{0,3},\s{0,3}\d{1,3}(?:\s{0,3}[-–—]\s{0,3}\d{1,3})?){0,40}\s{0,3}"
)
_YEARS_ONLY = re.compile(
    r"\s{0,3}(?:1[5-9]\d\d|20\d\d)[a-z]?"
    r"(?:\s{0,3},\s{0,3}(?:(?:1[5-9]\d\d|20\d\d)[a-z]?|[a-z](?!\w))){0,6}"
    r"(?:\s{0,3}:\s{0,3}\d[\d\-–]{0,12}"
    r"|\s{0,3},\s{0,3}(?:pp?\.|pages?|chap\.|ch\.)\s{0,3}\d[\d\-–]{0,12})?\s{0,3}"
)
_ETAL_TAIL = re.compile(
    r"(?:,\s{0,2})?(?<![\w])(?:et\.?\s{0,2}al\.?|and\s{1,3}(?:colleagues|co-?workers|associates)"
    r"|&\s{0,2}colleagues)$",
    re.IGNORECASE,
)
_NAME_SEP = re.compile(
    r"\s{0,3},\s{0,3}(?:(?:and|&)\s{1,3})?|\s{1,3}(?:and|&)\s{1,3}|\s{0,3}&\s{0,3}"
)
_ETAL_CUE = re.compile(
    r"(?<![\w])(?:et\.?\s{0,2}al(?![\w])\.?|and\s{1,3}(?:colleagues|co-?workers|associates)(?![\w]))"
)
_PAIR = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’-]{1,40})\s{1,3}(?:and|&)\s{1,3}([^\W\d_][\w'’-]{1,40})")
_THE_NAME = re.compile(
    r"(?<![\w])(?:the|a|an|this|that)\s{1,3}([^\W\d_][\w'’-]{1,40})"
    r"(?:\s{1,3}et\s{0,2}al\.?)?"
    r"\s{1,3}(?:paper|study|article|review|report|trial|analysis|editorial|commentary|group|lab|team)"
    r"(?![\w])",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"]{2,2000}", re.IGNORECASE)
_SUPERSCRIPT = re.compile(
    "(?<=[A-Za-z.,;:)\\]])[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]"
    "[\u00b9\u00b2\u00b3\u2070\u2074-\u2079,\u207b]{0,40}(?![\\w])"
)

_PARTICLES = frozenset(
    "van von de der den del della delle dei di da das dos du le la les ten ter te zu y bin ibn al el st".split()
)
# Capitalised words that are not family names where a citation could stand:
# months, seasons, sentence openers, document parts.
_NOT_NAMES = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter
    monday tuesday wednesday thursday friday saturday sunday
    the a an in on at by for from to of and or but nor so yet as if when while with without
    this that these those there here then than thus hence however also recently since after
    before during until between among both each all some many most several few other another
    our we it its their they them his her he she you your my me us i
    see cf compare eg ie note notes table tables figure figures fig figs appendix supplement
    supplementary chapter section part volume vol page pages eq equation box panel
    published accessed retrieved updated copyright revised version edition press online
    first second third fourth fifth last next previous earlier later current new early late
    mid est circa ca year years decade century data study studies report reports survey census
    review reviews trial trials analysis paper article according although though whereas
    moreover furthermore additionally finally overall indeed meanwhile similarly likewise
    consequently therefore because since unlike despite following using based where which who
    what why how yes no not only just even still already today yesterday tomorrow now
    phase stage type grade level class group act law rule version model
    """.split()
)


# ------------------------------------------------------------------ names


def _norm(token: str) -> str:
    """Case-, accent- and punctuation-free spelling of a name token."""
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in (_norm(p) for p in re.split(r"[\s-]+", name)) if t)


_BRACKETED = re.compile(r"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]")


def _words(name: str) -> tuple[str, ...]:
    """The words of a group name or a title, bracketed parts, case, accents and punctuation aside."""
    bare = _BRACKETED.sub(" ", name[:400])
    return tuple(t for t in (_norm(p) for p in re.split(r"[\s\-\u2010-\u2015/]+", bare)) if t)


def _is_name_token(token: str) -> bool:
    if not token or not token[0].isalpha() or not token[0].isupper():
        return False
    if not all(ch.isalpha() or ch in "-'’" for ch in token):
        return False
    if any(ch.islower() for ch in token):
        return True
    letters = sum(ch.isalpha() for ch in token)
    return 2 <= letters <= 8  # an acronym used as author: WHO, NIH, CDC


def _clean_name(part: str) -> tuple[str, bool] | None:
    """The name written in `part`, and whether it is only weakly a name.

    A capitalised word that is usually something else ("May", "An", "In",
    "Table") makes the name weak: it counts only if a reference says so.
    """
    tokens = part.split()
    if not 1 <= len(tokens) <= 4:
        return None
    capitalised = 0
    weak = False
    for index, token in enumerate(tokens):
        if token in _PARTICLES and index < len(tokens) - 1:
            continue
        if not _is_name_token(token):
            return None
        weak = weak or _norm(token) in _NOT_NAMES
        capitalised += 1
    return (" ".join(tokens), weak) if capitalised else None


@lru_cache(maxsize=8192)
def _parse_names(text: str) -> tuple[tuple[str, ...], bool, bool] | None:
    text = text.strip().rstrip(",").strip()
    if not text or len(text) > 200:
        return None
    et_al = False
    tail = _ETAL_TAIL.search(text)
    if tail:
        et_al = True
        text = text[: tail.start()].strip().rstrip(",").strip()
        if not text:
            return None
    parts = _NAME_SEP.split(text)
    if not 1 <= len(parts) <= 6:
        return None
    names: list[str] = []
    weak = False
    for part in parts:
        cleaned = _clean_name(part)
        if cleaned is None:
            return None
        names.append(cleaned[0])
        weak = weak or cleaned[1]
    return tuple(names), et_al, weak


def parse_names(text: str) -> tuple[tuple[str, ...], bool] | None:
    """Family names and the et-al flag of a name list, or None if it is not one.

    `Yang et al.` -> (("Yang",), True); `Smith & Jones` -> (("Smith", "Jones"),
    False); `Smith, Jones, and Lee` -> three names. Every part must look like
    a family name: capitalised words, optionally with particles (`de`, `van`),
    and none of them a word such as a month or "The" (those are only accepted
    during linking, when a reference carries that very name).
    """
    parsed = _parse_names(text)
    if parsed is None or parsed[2]:
        return None
    return parsed[0], parsed[1]


@dataclass(frozen=True)
class _NameParse:
    authors: tuple[str, ...]
    et_al: bool
    start: int  # offset in the parsed string where the names begin
    weak: bool = False


_LIST_WORDS = frozenset("and & et et. al al. colleagues coworkers co-workers associates".split())


def _may_be_in_names(token: str) -> bool:
    """Whether `token` can be part of a name list at all (cheap pre-check)."""
    bare = token.rstrip(",;").casefold()
    return bare in _LIST_WORDS or bare in _PARTICLES or _is_name_token(token.rstrip(",;"))


def _name_variants(text: str, max_tokens: int = 10) -> list[_NameParse]:
    """Every name list that ends `text`, longest first.

    Walks back word by word and stops at the first word that cannot belong to
    a name list, so the work is bounded by the names, not by the text.
    """
    tokens = list(re.finditer(r"\S+", text[-400:]))
    offset = max(0, len(text) - 400)
    variants: list[_NameParse] = []
    for count in range(1, min(max_tokens, len(tokens)) + 1):
        token = tokens[-count]
        if count > 1 and not _may_be_in_names(token.group(0)):
            break
        start = offset + token.start()
        parsed = _parse_names(text[start:])
        if parsed:
            variants.append(_NameParse(parsed[0], parsed[1], start, parsed[2]))
    variants.reverse()
    return variants


def _level(cited: tuple[str, ...], listed: tuple[str, ...]) -> int:
    """2: same name; 1: spelt a letter or two differently; 0: different."""
    if not cited or not listed:
        return 0
    if cited == listed or "".join(cited) == "".join(listed):
        return 2
    shorter, longer = (cited, listed) if len(cited) < len(listed) else (listed, cited)
    if longer[len(longer) - len(shorter) :] == shorter:
        return 2  # "Courten" / "de Courten", "Li" / "Gang Li"
    for a, b in (("".join(cited), "".join(listed)), (cited[-1], listed[-1])):
        if len(a) >= 4 and len(b) >= 4 and a[0] == b[0]:
            # Imported here: most runs never compare two different names.
            from rapidfuzz.distance import OSA

            allowed = 1 if max(len(a), len(b)) <= 7 else 2
            if OSA.distance(a, b, score_cutoff=allowed) <= allowed:
                return 1
    return 0


# ------------------------------------------------------------------ linking


@dataclass(frozen=True)
class _Entry:
    reference: Reference
    first: tuple[str, ...]
    second: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """The outcome of linking one author-year citation."""

    references: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()
    author_variant: str | None = None
    year_mismatch: int | None = None

    @property
    def found(self) -> bool:
        return bool(self.references or self.candidates)


class _Index:
    """The reference list, prepared for linking."""

    def __init__(self, references: Sequence[Reference]):
        self.entries = [
            _Entry(
                r,
                _name_tokens(r.authors[0]) if r.authors else (),
                _name_tokens(r.authors[1]) if len(r.authors) > 1 else (),
            )
            for r in references
        ]
        # The last word of every first author ("nitert" for Dekker Nitert).
        self.first_author_words = frozenset(e.first[-1] for e in self.entries if e.first)
        # Entries by (initial, length) of the first author's whole name and of
        # its last word. `_level` is non-zero only when one of those two pairs
        # agrees within two letters of length (same name, same last word, or a
        # close spelling with the same initial), so these buckets hold every
        # entry a name can fit: linking reads a handful of entries, not the
        # whole list, once per citation.
        self._by_shape: dict[tuple[str, str, int], list[int]] = {}
        for position, entry in enumerate(self.entries):
            if not entry.first:
                continue
            joined, last = "".join(entry.first), entry.first[-1]
            self._by_shape.setdefault(("j", joined[0], len(joined)), []).append(position)
            if last != joined:
                self._by_shape.setdefault(("l", last[0], len(last)), []).append(position)
        self._scored: dict[tuple[tuple[str, ...], bool], list[tuple[_Entry, int, str | None]]] = {}
        self.by_number: dict[int, list[str]] = {}
        for r in references:
            if r.number is not None:
                self.by_number.setdefault(r.number, []).append(r.id)
        # Works cited by a name that is not a list of family names: a group
        # author ("Canadian Pain Society Study Day participants"), the
        # abbreviation it brackets ("(ANS)"), and, for a work without author,
        # its title (APA cites it by the first words) or its journal.
        self.groups: dict[str, list[tuple[tuple[str, ...], Reference]]] = {}  # by first and by last word
        self.abbreviations: dict[str, list[Reference]] = {}
        self.titles: dict[str, list[tuple[tuple[str, ...], Reference]]] = {}  # by first word
        for r in references:
            if r.authors:
                name = r.authors[0]
                words = _words(name)
                if len(words) >= 2:
                    self._add_group(words, r)
                for abbreviation in re.findall(r"[(\[]([A-Z][A-Za-z&]{1,11})[)\]]", name[:300]):
                    self.abbreviations.setdefault(_norm(abbreviation), []).append(r)
                continue
            title = _words(r.title) if r.title else ()
            if title:
                self.titles.setdefault(title[0], []).append((title, r))
            journal = _words(r.journal) if r.journal else ()
            if journal:
                self._add_group(journal, r)
        self.by_doi: dict[str, list[str]] = {}
        self.by_url: dict[str, list[str]] = {}
        for r in references:
            if r.doi:
                self.by_doi.setdefault(r.doi.lower(), []).append(r.id)
            if r.url:
                self.by_url.setdefault(_url_key(r.url), []).append(r.id)

    def name_level(self, authors: tuple[str, ...], et_al: bool, entry: _Entry) -> tuple[int, str | None]:
        """How well the cited names fit an entry, and the text's spelling if it differs."""
        first = _level(_name_tokens(authors[0]), entry.first)
        if not first:
            return 0, None
        variant = authors[0] if first == 1 else None
        if len(authors) >= 2 and not et_al:
            if entry.second:
                second = _level(_name_tokens(authors[1]), entry.second)
                if not second:
                    return 0, None
                if second == 1 and variant is None:
                    variant = authors[1]
                return min(first, second), variant
            if not entry.reference.et_al:
                return 0, None  # two names cited, one author listed
        return first, variant

    def _candidates(self, cited: tuple[str, ...]) -> list[int]:
        """Positions (in list order) of the entries whose first author `cited` may fit."""
        if not cited:
            return []
        joined, last = "".join(cited), cited[-1]
        found: set[int] = set()
        for kind, word in (("j", joined), ("l", joined), ("j", last), ("l", last)):
            for length in range(len(word) - 2, len(word) + 3):
                found.update(self._by_shape.get((kind, word[0], length), ()))
        return sorted(found)

    def _name_fits(self, authors: tuple[str, ...], et_al: bool) -> list[tuple[_Entry, int, str | None]]:
        """(entry, level, variant) for every entry the names fit, in list order (cached)."""
        key = (authors, et_al)
        scored = self._scored.get(key)
        if scored is None:
            scored = []
            for position in self._candidates(_name_tokens(authors[0]) if authors else ()):
                entry = self.entries[position]
                level, variant = self.name_level(authors, et_al, entry)
                if level:
                    scored.append((entry, level, variant))
            self._scored[key] = scored
        return scored

    def link(
        self,
        authors: tuple[str, ...],
        et_al: bool,
        year: int | None,
        suffix: str | None = None,
        *,
        no_date: bool = False,
        any_year: bool = False,
        exact_only: bool = False,
    ) -> Link:
        scored = self._name_fits(authors, et_al)

        def year_fits(reference: Reference) -> bool:
            if any_year:
                return True
            if no_date or year is None:
                return reference.year is None
            if reference.year != year:
                return False
            return not (suffix and reference.year_suffix and suffix != reference.year_suffix)

        exact = [e for e, level, _ in scored if level == 2 and year_fits(e.reference)]
        if exact:
            return self._settle(exact, authors, et_al, suffix)
        if not exact_only:
            close = [(e, v) for e, level, v in scored if level == 1 and year_fits(e.reference)]
            if close:
                settled = self._settle([e for e, _ in close], authors, et_al, suffix)
                variant = None
                if settled.references:
                    variant = next(v for e, v in close if e.reference.id == settled.references[0])
                return Link(settled.references, settled.candidates, author_variant=variant)
        if not any_year and (year is not None or no_date):
            same_name = [e for e, level, _ in scored if level == 2]
            if len(same_name) == 1:
                return Link((same_name[0].reference.id,), year_mismatch=year)
        return Link()

    def _add_group(self, words: tuple[str, ...], reference: Reference) -> None:
        self.groups.setdefault("^" + words[0], []).append((words, reference))
        self.groups.setdefault("$" + words[-1], []).append((words, reference))

    def by_name(self, cited: str, year: int | None, *, no_date: bool = False) -> Link:
        """Link a citation that names its work other than by family names.

        `cited` is the whole name as written: a group author, exactly or
        within a letter or two ("(EFSA Panel on Food Additives and Nutrient
        Sources added to Food [ANS], 2018)" for the entry "... Food (ANS)."),
        the abbreviation the entry brackets ("(ANS, 2018)"), or, for an entry
        without author, the first words of its title (at least two, quotes
        aside: `("A call to update," 2021)`) or its journal (`(AMA J Ethics
        2021)`). The year must agree as for a family name.
        """
        words = _words(cited)
        if not words or len(words) > 40:
            return Link()
        found: list[Reference] = []
        if len(words) == 1:
            found.extend(self.abbreviations.get(words[0], ()))
        joined = " ".join(words)
        for key, reference in self.groups.get("^" + words[0], ()):
            if key == words:
                found.append(reference)
            elif len(joined) >= 15 and abs(len(key) - len(words)) <= 1:
                from rapidfuzz.distance import OSA

                if OSA.distance(" ".join(key), joined, score_cutoff=2) <= 2:
                    found.append(reference)  # a letter or two off: "Organization" / "Organisation"
        # A shortened title keeps at least two words besides an opening article.
        significant = len(words) - (words[0] in ("a", "an", "the"))
        for key, reference in self.titles.get(words[0], ()):
            if (significant >= 2 or len(words) == len(key)) and key[: len(words)] == words:
                found.append(reference)
        return self._by_year(found, year, no_date)

    def group_ending(self, words: Sequence[str], year: int | None) -> tuple[int, Link]:
        """How many of the last `words` name a group author or journal, and the link (narrative form).

        "... the Canadian Pain Society Study Day participants (2015)": the
        group's whole name must end the text, word for word.
        """
        if not words:
            return 0, Link()
        best = 0
        found: list[Reference] = []
        for key, reference in self.groups.get("$" + words[-1], ()):
            size = len(key)
            if size <= len(words) and tuple(words[-size:]) == key:
                if size > best:
                    best, found = size, []
                if size == best:
                    found.append(reference)
        link = self._by_year(found, year, False)
        return (best, link) if link.found else (0, Link())

    @staticmethod
    def _by_year(found: list[Reference], year: int | None, no_date: bool) -> Link:
        def year_fits(reference: Reference) -> bool:
            if no_date or year is None:
                return reference.year is None
            return reference.year == year

        ids = tuple(dict.fromkeys(r.id for r in found if year_fits(r)))
        if len(ids) == 1:
            return Link(ids)
        return Link(candidates=ids) if ids else Link()

    def reference(self, reference_id: str) -> Reference | None:
        for entry in self.entries:
            if entry.reference.id == reference_id:
                return entry.reference
        return None

    def only_work_of(self, authors: tuple[str, ...], et_al: bool) -> Link:
        """The one entry whose first author (and second, if cited) is `authors`, for a citation without year.

        MLA cites "(Renear 390)" and "(Lamb et al.)": the name is enough as
        long as the list has a single work by that first author; with two,
        only a year or a title could tell them apart, so nothing is linked.
        """
        if not authors:
            return Link()
        same_first = [e for e, level, _ in self._name_fits(authors[:1], True) if level == 2]
        if len(same_first) != 1:
            return Link()
        entry = same_first[0]
        cited = _name_tokens(authors[0])
        extra = entry.first[: len(entry.first) - len(cited)]
        if not all(token in _PARTICLES for token in extra):
            return Link()  # "(ANS)" is the end of a group's name, not its first author
        level, _ = self.name_level(authors, et_al, entry)
        if level != 2:
            return Link()
        return Link((entry.reference.id,))

    @staticmethod
    def _settle(entries: list[_Entry], authors: tuple[str, ...], et_al: bool, suffix: str | None) -> Link:
        if len(entries) > 1 and suffix:
            same = [e for e in entries if e.reference.year_suffix == suffix]
            if same:
                entries = same
        if len(entries) > 1:
            # The form of the citation says how many authors the work has.
            if et_al:
                preferred = [e for e in entries if len(e.reference.authors) >= 3 or e.reference.et_al]
            elif len(authors) == 1:
                preferred = [e for e in entries if len(e.reference.authors) == 1 and not e.reference.et_al]
            else:
                preferred = [
                    e for e in entries if len(e.reference.authors) == len(authors) and not e.reference.et_al
                ]
            if preferred:
                entries = preferred
        ids = tuple(dict.fromkeys(e.reference.id for e in entries))
        if len(ids) == 1:
            return Link(ids)
        return Link(candidates=ids)


def link_author_year(
    references: Sequence[Reference],
    authors: tuple[str, ...],
    et_al: bool,
    year: int | None,
    suffix: str | None = None,
) -> Link:
    """Link one author-year citation to a reference list (see the module notes)."""
    return _Index(references).link(authors, et_al, year, suffix)


def same_author(name: str, reference: Reference) -> bool:
    """Whether `name` is the first author of `reference` (case and accents aside)."""
    if not reference.authors:
        return False
    return _level(_name_tokens(name), _name_tokens(reference.authors[0])) == 2


def _url_key(url: str) -> str:
    key = url.strip().strip("<>").lower()
    key = re.sub(r"^https?://(?:www\.)?", "", key)
    return key.rstrip("/.,;)")


# ------------------------------------------------------------------ finding


@dataclass
class _Found:
    start: int
    end: int
    text: str
    kind: str
    link: Link
    authors: tuple[str, ...] = ()
    year: int | None = None
    suffix: str | None = None
    numbers: tuple[int, ...] = ()


# MLA locators: "(Renear 390)", "(Smith, 12-14)", "(Lamb et al. p. 5)"; a page alone: "(2380)".
_PAGE_TAIL = re.compile(r"(?:,\s{0,3}|\s{1,3})(?:(?:pp?|paras?)\.\s{0,2})?\d{1,5}(?:\s{0,2}[-\u2013]\s{0,2}\d{1,5})?\s{0,3}$")
_PAGE_ONLY = re.compile(r"\s{0,3}(?:(?:pp?|paras?)\.\s{0,2})?\d{1,5}(?:\s{0,2}[-\u2013]\s{0,2}\d{1,5})?\s{0,3}")


def _page_in(content: str, reference: Reference | None) -> bool:
    """Whether the page cited falls within the entry's pages (true when the entry has none)."""
    if reference is None:
        return False
    pages = re.findall(r"\d{1,6}", reference.pages or "")
    cited = re.findall(r"\d{1,6}", content)
    if not pages or not cited:
        return True
    first = pages[0]
    last = pages[1] if len(pages) > 1 else first
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # "2377-97" runs to 2397
    return int(first) <= int(cited[0]) <= int(last)


_GLUE_WORD = re.compile(r"[^\sA-Z\u00c0-\u00de\d]{1,15}")


def _group_name(names_text: str) -> tuple[int, str] | None:
    """The name before a year, without the lower-case glue that may open it ("e.g.,", "see").

    Returns its offset in `names_text` and the name, quotes and the closing
    comma aside; None when nothing name-like is left.
    """
    if len(names_text) > 300:
        return None
    tokens = list(re.finditer(r"\S+", names_text))
    skip = 0
    while skip < min(4, len(tokens) - 1) and _GLUE_WORD.fullmatch(tokens[skip].group(0)):
        skip += 1
    if not tokens:
        return None
    start = tokens[skip].start()
    name = names_text[start:].strip().rstrip(",").strip().strip("\"'\u201c\u201d\u2018\u2019").rstrip(",").strip()
    if not name or not name[:1].isupper() and not name[:1] in "\"'\u201c\u2018":
        return None
    return start, name


def _parse_numbers(content: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for piece in content.split(","):
        bounds = [int(n) for n in re.findall(r"\d{1,3}", piece)]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= 200:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return tuple(dict.fromkeys(numbers))


_NOT_NUMERIC_BEFORE = frozenset(
    "table tables figure figures fig fig. figs eq eq. equation step steps no no. n = chapter section "
    "appendix item items phase type grade stage group".split()
)


class _Spans:
    """Disjoint, sorted character spans already claimed by a citation."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and self.ends[index] > start

    def add(self, start: int, end: int) -> None:
        # Merge with every span it touches so the list stays disjoint.
        low = bisect.bisect_left(self.ends, start)
        high = bisect.bisect_right(self.starts, end)
        if low < high:
            start = min(start, self.starts[low])
            end = max(end, self.ends[high - 1])
        self.starts[low:high] = [start]
        self.ends[low:high] = [end]


class _Finder:
    def __init__(self, text: str, references: Sequence[Reference]):
        self.text = text
        self.index = _Index(references)
        self.numbered = bool(self.index.by_number)
        self.found: list[_Found] = []
        self.taken = _Spans()
        self.yearless: list[tuple[re.Match, str]] = []

    def overlaps(self, start: int, end: int) -> bool:
        return self.taken.overlaps(start, end)

    def add(self, item: _Found) -> None:
        self.found.append(item)
        self.taken.add(item.start, item.end)

    # -- brackets -----------------------------------------------------------

    def brackets(self) -> None:
        numeric: list[tuple[re.Match, str, bool]] = []
        for match in _SUPERSCRIPT.finditer(self.text):
            # "shown¹³" (and HTML "shown<sup>13</sup>", read as such): a bracket citation.
            numeric.append((match, from_superscript(match.group(0)), True))
        for match in _BRACKET.finditer(self.text):
            square = match.group(2) is not None
            content = match.group(2) if square else match.group(1)
            if "\n" in content and re.search(r"\n[ \t]*\n", content):
                continue
            if _NUMERIC.fullmatch(content):
                numeric.append((match, content, square))
            elif _YEARS_ONLY.fullmatch(content):
                self._narrative(match, content)
            else:
                self._parenthetical(match, content)
        numeric.sort(key=lambda item: item[0].start())
        if not self.numbered:
            self._number_by_position(numeric)
        if self.numbered:
            self._numeric_pass(numeric)
        self.yearless_pass(numeric)

    def _number_by_position(self, numeric: list[tuple[re.Match, str, bool]]) -> None:
        """Number an unnumbered list by position when the text plainly cites by number.

        A scraped list can lose its numbers ("References^entry^entry…") while
        the text keeps "[1]"…"[5]". Read it as numbered only when nothing
        else cites (no author-year citation), at least two bracket citations
        appear, and every bracket number fits the list — quoted markers such
        as "[58]" from another paper fail that test.
        """
        count = len(self.index.entries)
        if not count or self.found:
            return
        cited: list[tuple[int, ...]] = [_parse_numbers(content) for _, content, square in numeric if square]
        if len(cited) < 2 or not all(numbers and all(1 <= n <= count for n in numbers) for numbers in cited):
            return
        self.index.by_number = {position: [entry.reference.id] for position, entry in enumerate(self.index.entries, 1)}
        self.numbered = True

    def _numeric_pass(self, numeric: list[tuple[re.Match, str, bool]]) -> None:
        pending: _Found | None = None
        for match, content, square in numeric:
            item = self._numeric(match, content, square)
            if item is None:
                continue
            gap = self.text[pending.end : item.start] if pending else None
            dash = (
                gap is not None
                and len(gap) <= 3
                and gap.strip() in ("-", "\u2013", "\u2014")
                and len(pending.numbers) >= 1
                and len(item.numbers) == 1
                and 0 < item.numbers[0] - pending.numbers[-1] <= 200
            )
            if (
                pending
                and gap is not None
                and (len(gap) <= 2 and gap.strip() in ("", ",") or dash)
                and item.end - pending.start <= 200  # a run of markers, not a whole page of them
            ):
                # "[2][3]" or "[2], [3]": one citation of both works; IEEE "[3]-[5]": of 3 to 5.
                numbers = item.numbers
                references = item.link.references
                if dash:
                    numbers = tuple(range(pending.numbers[-1] + 1, item.numbers[0] + 1))
                    known = self.index.by_number
                    references = tuple(i for n in numbers for i in known.get(n, ()))
                pending.end = item.end
                pending.text = self.text[pending.start : pending.end]
                pending.numbers = tuple(dict.fromkeys(pending.numbers + numbers))
                pending.link = Link(tuple(dict.fromkeys(pending.link.references + references)))
                self.taken.add(pending.start, pending.end)
                continue
            self.add(item)
            pending = item

    def _numeric(self, match: re.Match, content: str, square: bool) -> _Found | None:
        if not self.numbered:
            return None
        numbers = _parse_numbers(content)
        if not numbers or any(n == 0 for n in numbers):
            return None
        known = self.index.by_number
        if not square:
            # "(1)" is a citation only where it could be one: inside a line,
            # after a word, every number in the list.
            floor = max(0, match.start() - 80)  # bounded: a 200 kB line must stay linear
            newline = self.text.rfind("\n", floor, match.start())
            before = self.text[newline + 1 if newline != -1 else floor : match.start()]
            if not before.strip() or before.strip()[-1:] in ("(", "[", ":", "="):
                return None
            words = before.split()
            if words and words[-1].lower().rstrip(".,") in _NOT_NUMERIC_BEFORE:
                return None
            if not all(n in known for n in numbers):
                return None
        ids = tuple(dict.fromkeys(i for n in numbers for i in known.get(n, ())))
        return _Found(match.start(), match.end(), match.group(0), "numeric", Link(ids), numbers=numbers)

    def _narrative(self, match: re.Match, content: str) -> None:
        start = match.start()
        window_start = max(0, start - 160)
        window = self.text[window_start:start]
        trimmed = window.rstrip()
        if len(window) - len(trimmed) > 3 or "\n\n" in window[len(trimmed) :]:
            return
        for mark in ("'s", "’s", "'", "’"):
            if trimmed.endswith(mark):
                trimmed = trimmed[: -len(mark)]
                break
        variants = _name_variants(trimmed)
        years = list(_YEAR.finditer(content))
        if not years:
            return
        if not variants:
            self._group_narrative(match, trimmed, window_start, years)
            return
        chosen: tuple[_NameParse, list[tuple[int, str | None, Link]]] | None = None
        for variant in variants:
            links = [
                (
                    int(y.group(1)),
                    y.group(2),
                    self.index.link(
                        variant.authors, variant.et_al, int(y.group(1)), y.group(2), exact_only=variant.weak
                    ),
                )
                for y in years
            ]
            if any(link.found for _, _, link in links):
                chosen = (variant, links)
                break
        if chosen is None and self._group_narrative(match, trimmed, window_start, years):
            return
        if chosen is None:
            strong = [v for v in variants if not v.weak]
            if not strong:
                return
            variant = strong[0]
            if not variant.et_al and len(variant.authors) == 1:
                # "published in Nature (2006)": a lone capitalised word after
                # "in"/"of"/"the" is more often a journal or a place than a name.
                before = trimmed[: variant.start].split()
                if before and before[-1].lower() in {"in", "of", "the", "from", "at", "on", "a", "an"}:
                    return
            links = [
                (int(y.group(1)), y.group(2), Link()) for y in years
            ]
            chosen = (variant, links)
        variant, links = chosen
        name_start = window_start + variant.start
        text = fold(self.text[name_start : match.end()])
        extra_suffixes = _suffix_letters(content)
        for year, suffix, link in links:
            self.add(_Found(name_start, match.end(), text, "narrative", link, variant.authors, year, suffix))
        for year, suffix in extra_suffixes:
            link = self.index.link(variant.authors, variant.et_al, year, suffix)
            self.add(_Found(name_start, match.end(), text, "narrative", link, variant.authors, year, suffix))

    def _group_narrative(self, match: re.Match, trimmed: str, window_start: int, years: list[re.Match]) -> bool:
        """A group author or journal named right before a year in brackets: "the Canadian Pain
        Society Study Day participants (2015)". Added (and True) only when it links."""
        if not self.index.groups:
            return False
        last = trimmed[-60:].split()[-1:]
        ending = _words(last[0]) if last else ()
        if not ending or "$" + ending[-1] not in self.index.groups:
            return False  # no group's name ends with this word
        words: list[tuple[str, int]] = []
        for token in list(re.finditer(r"\S+", trimmed[-300:]))[-20:]:
            words.extend((word, token.start()) for word in _words(token.group(0)))
        if not words:
            return False
        offset = max(0, len(trimmed) - 300)
        found = []
        for year in years:
            size, link = self.index.group_ending([w for w, _ in words], int(year.group(1)))
            if not size:
                return False
            found.append((size, int(year.group(1)), year.group(2), link))
        start = window_start + offset + words[-max(size for size, *_ in found)][1]
        text = fold(self.text[start : match.end()])
        for size, year, suffix, link in found:
            name = " ".join(self.text[start : match.start()].split())
            self.add(_Found(start, match.end(), text, "narrative", link, (name,), year, suffix))
        return True

    def _parenthetical(self, match: re.Match, content: str) -> None:
        offset = match.start() + 1
        items: list[_Found] = []
        position = 0
        for part in content.split(";"):
            items.extend(self._items(part, offset + position))
            position += len(part) + 1
        if not items:
            if match.group(1) is not None:
                self.yearless.append((match, content))  # MLA "(Renear 390)": read once numbering is known
            return
        if len(items) == 1:
            items[0].start, items[0].end, items[0].text = match.start(), match.end(), fold(match.group(0))
        for item in items:
            self.add(item)

    # -- MLA: author and page, no year --------------------------------------------

    def yearless_pass(self, numeric: list[tuple[re.Match, str, bool]]) -> None:
        """MLA citations: "(Renear 390)", "(Kohls and Mele)", "(Lamb et al.)", and a page
        alone after a name in the sentence ("Petrovici argues ... (2380)").

        Without a year the name must be the first author of exactly one entry
        (`_Index.only_work_of`); such forms are kept only when they link, so
        they never raise CC501. A numbered list is cited by number, not so.
        """
        if self.numbered or not self.index.entries:
            return
        pending = list(self.yearless) + [(m, c) for m, c, square in numeric if not square]
        for match, content in sorted(pending, key=lambda item: item[0].start()):
            if self.overlaps(match.start(), match.end()):
                continue
            if _PAGE_ONLY.fullmatch(content):
                self._page_only(match, content)
                continue
            items: list[_Found] = []
            position = 0
            for part in content.split(";"):
                item = self._author_page(part, match.start() + 1 + position)
                position += len(part) + 1
                if item is not None:
                    items.append(item)
            if len(items) == 1:
                items[0].start, items[0].end, items[0].text = match.start(), match.end(), fold(match.group(0))
            for item in items:
                self.add(item)

    def _author_page(self, part: str, offset: int) -> _Found | None:
        names_text = part
        page = _PAGE_TAIL.search(part)
        if page:
            names_text = part[: page.start()]
        parsed = _parse_names(names_text)
        if parsed is None or parsed[2]:
            return None
        authors, et_al = parsed[0], parsed[1]
        link = self.index.only_work_of(authors, et_al)
        if not link.references:
            return None
        stripped = part.strip()
        start = offset + part.find(stripped[:1]) if stripped else offset
        return _Found(start, offset + len(part.rstrip()), fold(stripped), "author-year", link, authors)

    def _page_only(self, match: re.Match, content: str) -> None:
        known = self.index.first_author_words
        window_start = max(0, match.start() - 300)
        window = self.text[window_start : match.start()]
        # The name must be in the same sentence as the page.
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("\n\n"))
        if cut >= 0:
            window = window[cut + 2 :]
        for word in reversed(re.findall(r"(?<![\w'\u2019-])[^\W\d_][\w'\u2019-]{1,40}", window)):
            if not word[:1].isupper():
                continue
            name = re.sub(r"['\u2019]s?$", "", word)
            if _norm(name) not in known or not _is_name_token(name):
                continue
            link = self.index.only_work_of((name,), True)
            if link.references and _page_in(content, self.index.reference(link.references[0])):
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (name,)))
            return  # the nearest name decides

    def _items(self, part: str, offset: int) -> Iterable[_Found]:
        """The author-year works named in one `;`-separated part of a bracket."""
        previous: _NameParse | None = None
        position = 0
        matches = sorted(
            [(m.start(), m.end(), int(m.group(1)), m.group(2), False) for m in _YEAR.finditer(part)]
            + [(m.start(), m.end(), None, None, True) for m in _NO_DATE.finditer(part)]
        )
        for start, end, year, suffix, no_date in matches:
            if start < position:
                continue
            names_text = part[position:start]
            stripped = names_text.strip().strip(",").strip()
            if not stripped and previous is not None:
                names = previous  # "Smith, 2019, 2020": the same authors again
                item_start = offset + start
            else:
                names = None
                for variant in _name_variants(names_text):
                    leftover = names_text[: variant.start]
                    # What precedes the names may only be lower-case glue:
                    # "e.g.,", "see also", "reviewed in", "and".
                    if any(ch.isupper() or ch.isdigit() for ch in leftover):
                        continue
                    if variant.weak and not self.index.link(
                        variant.authors, variant.et_al, year, suffix, no_date=no_date, exact_only=True
                    ).found:
                        continue
                    names = variant
                    break
                if names is None:
                    # Not family names: a group author, or a work without author
                    # cited by its title or journal; kept only when it links.
                    named = _group_name(names_text)
                    if named is not None:
                        link = self.index.by_name(named[1], year, no_date=no_date)
                        if link.found:
                            item_start = offset + position + named[0]
                            yield _Found(
                                item_start, offset + end, fold(part[item_start - offset : end]), "author-year",
                                link, (named[1],), year, suffix,
                            )
                    previous = None
                    position = end
                    continue
                item_start = offset + names.start + position
            previous = names
            position = end
            item_end = offset + end
            link = self.index.link(names.authors, names.et_al, year, suffix, no_date=no_date, exact_only=names.weak)
            if not link.found and len(names.authors) == 1 and not names.et_al:
                # "(ANS, 2018)" after "(EFSA Panel ... [ANS], 2018)", or a group
                # name spelt a letter off.
                named = _group_name(names_text)
                if named is not None:
                    by_name = self.index.by_name(named[1], year, no_date=no_date)
                    if by_name.found:
                        link = by_name
            yield _Found(
                item_start, item_end, fold(part[item_start - offset : end]), "author-year", link,
                names.authors, year, suffix,
            )
            # "2020a, b": a second work by the same authors and year
            while True:
                more = _MORE_SUFFIX.match(part, position)
                if not more or year is None:
                    break
                position = more.end()
                extra = more.group(1)
                link = self.index.link(names.authors, names.et_al, year, extra)
                yield _Found(
                    item_start, offset + position, fold(part[item_start - offset : position]),
                    "author-year", link, names.authors, year, extra,
                )
            locator = _LOCATOR.match(part, position)
            if locator:
                position = locator.end()

    # -- mentions without a year ------------------------------------------------

    def mentions(self) -> None:
        """Year-less mentions; kept only when they name exactly one entry."""
        # Exact linking is required, so a mention is worth parsing only when a
        # word next to its cue is the last word of some first author's name.
        known = self.index.first_author_words
        if not known:
            return
        text = self.text
        for match in finditer_near(_ETAL_CUE, text, _etal_anchors(text), 12, 16):
            before = text[max(0, match.start() - 60) : match.start()].split()[-4:]
            if not any(_norm(word) in known for word in before):
                continue
            if self.overlaps(match.start(), match.end()):
                continue
            window_start = max(0, match.start() - 120)
            window = text[window_start : match.end()]
            for variant in _name_variants(window):
                if not variant.et_al:
                    continue
                link = self.index.link(variant.authors, True, None, any_year=True, exact_only=True)
                if len(link.references) == 1:
                    start = window_start + variant.start
                    self.add(
                        _Found(start, match.end(), fold(text[start : match.end()]), "narrative", link, variant.authors)
                    )
                    break
        for match in finditer_near(_PAIR, text, _pair_anchors(text), 50, 56):
            first, second = match.group(1), match.group(2)
            if _norm(first) not in known or not (_clean_name(first) and _clean_name(second)):
                continue
            if self.overlaps(match.start(), match.end()):
                continue
            link = self.index.link((first, second), False, None, any_year=True, exact_only=True)
            if len(link.references) == 1:
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (first, second)))
        for match in _the_name_matches(text):
            name = match.group(1)
            if _norm(name) not in known or not _clean_name(name):
                continue
            if self.overlaps(match.start(1), match.end()):
                continue
            link = self.index.link((name,), True, None, any_year=True, exact_only=True)
            if len(link.references) == 1:
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (name,)))

    def links(self) -> None:
        if not (self.index.by_doi or self.index.by_url):
            return
        from citecheck.text.identifiers import find_dois

        text = self.text
        linked: list[tuple[int, int]] = []
        for url in _URL.finditer(text):
            if self.overlaps(url.start(), url.end()):
                continue
            raw = url.group(0).rstrip(".,;:)>")
            ids = self.index.by_url.get(_url_key(raw))
            if not ids:
                continue
            self.add(_Found(url.start(), url.start() + len(raw), raw, "link", Link(tuple(ids))))
            linked.append((url.start(), url.end()))
        if not self.index.by_doi or "10." not in text:
            return
        for doi in find_dois(text):
            if self.overlaps(doi.start, doi.end):
                continue
            ids = self.index.by_doi.get(doi.doi.lower())
            if not ids:
                continue
            url = None
            for candidate in _URL.finditer(text, max(0, doi.start - 300), doi.end):
                if candidate.start() <= doi.start < candidate.end():
                    url = candidate
            start, end = (url.start(), url.end()) if url else (doi.start, doi.end)
            self.add(_Found(start, end, text[start:end].rstrip(".,;:)>"), "link", Link(tuple(ids))))


# The three mention patterns are alternations without a literal start, slow
# to try at every offset of a 5 MB text; each holds a word that is quick to
# find, so they are run only around those words (citecheck.extract.quick).
_ETAL_ANCHOR = re.compile(r"et\.?\s{0,2}al|colleagues|co-?workers|associates")
_THE_NAME_NOUNS = ("paper", "study", "article", "review", "report", "trial", "analysis", "editorial",
                   "commentary", "group", "lab", "team")


def _etal_anchors(text: str) -> Iterator[int]:
    """Where an _ETAL_CUE match could be: its "et al" or its "colleagues" word.

    A match starts at most 6 characters before the word ("and   co-workers")
    and ends, with its look-ahead, at most 11 after it.
    """
    return (match.start() for match in _ETAL_ANCHOR.finditer(text))


def _pair_anchors(text: str) -> Iterator[int]:
    """Where a _PAIR match could be: an "and" or "&" between whitespace.

    The first name (at most 41 characters) and up to three spaces precede the
    word; up to three spaces and the second name follow it.
    """
    length = len(text)
    for word in ("and", "&"):
        size = len(word)
        for position in positions(text, word):
            end = position + size
            if position and text[position - 1].isspace() and end < length and text[end].isspace():
                yield position


def _the_name_matches(text: str) -> Iterator[re.Match[str]]:
    """`_THE_NAME.finditer(text)`, run only around its nouns ("the Turnbaugh paper").

    A match ends with the noun (plus a one-character look-ahead) and starts at
    most 61 characters before it (article, spaces, a 41-letter name, "et al.").
    """
    lowered = folded(text)
    if lowered is None or len(lowered) != len(text):
        yield from _THE_NAME.finditer(text)
        return
    anchors = [
        position
        for noun in _THE_NAME_NOUNS
        for position in positions(lowered, noun)
        if position and lowered[position - 1].isspace()
    ]
    yield from finditer_near(_THE_NAME, text, anchors, 70, 16)


def _suffix_letters(content: str) -> list[tuple[int, str]]:
    """Bare suffix letters after a year in a narrative bracket: `(2019a, b)` -> [(2019, "b")]."""
    found: list[tuple[int, str]] = []
    year = None
    for token in re.split(r"\s{0,3},\s{0,3}", content.strip()):
        full = _YEAR.fullmatch(token)
        if full:
            year = int(full.group(1))
        elif year is not None and re.fullmatch(r"[a-z]", token):
            found.append((year, token))
    return found


def find_citations(document: Document, references: tuple[Reference, ...]) -> tuple[Citation, ...]:
    """Every in-text citation of `document`, linked to `references`, in text order."""
    text = body_text(document, references)
    finder = _Finder(text, references)
    finder.brackets()
    finder.mentions()
    finder.links()
    sentences = split_sentences(text)
    sentence_starts = [s.start for s in sentences]
    starts = line_starts(text)
    citations: list[Citation] = []
    for item in sorted(finder.found, key=lambda f: (f.start, f.end)):
        sentence = _sentence_for(sentences, sentence_starts, item.start)
        citations.append(
            Citation(
                line=document.source_line(line_of(starts, item.start)),
                text=item.text,
                sentence=sentence.text if sentence else fold(item.text),
                kind=item.kind,
                references=item.link.references,
                authors=item.authors,
                year=item.year,
                year_suffix=item.suffix,
                numbers=item.numbers,
                candidates=item.link.candidates,
                author_variant=item.link.author_variant,
                year_mismatch=item.link.year_mismatch,
            )
        )
    return tuple(citations)


def _sentence_for(sentences: tuple[Sentence, ...], starts: list[int], offset: int) -> Sentence | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    return sentences[index]
