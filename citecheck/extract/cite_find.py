"""Find the in-text citations of an article, each with its offsets and the sentence it supports.

What is recognised (the lines of the reference list are blanked first, so an
entry never cites itself):

* Author-year in brackets: `(Yang et al., 2024)`, `(Smith & Jones, 2019)`,
  `(Smith and Jones 2019)`, two or three authors written out
  (`(O'Nions, Hamilton, and Hooker 1983)`), `(Smith, 2020a, b)`, page locators
  (`(Turnbaugh et al., 2006, p. 1027)`, `(Bajzer and Seeley 2006:1010)`),
  prefixes (`(e.g., Smith, 2020)`, `(see Smith, 2020)`), several works in one
  bracket separated by `;` (or by `,` before a new name). Each work becomes one
  Citation.
* Narrative: `Yang et al. (2024)`, `Yang et al.'s (2024)`, `Smith's (2019)`,
  `Kim and colleagues (2002)`.
* Numeric, when the list is numbered (or is a list of footnotes): `[1]`,
  `[1, 3]`, `[1–3]`, `[2][3]`, `(1)`, superscripts `¹³`, `³⁻⁵`, `¹,²` (HTML and
  Markdown `<sup>13</sup>` read as such), Markdown footnote markers `[^13]`.
  A number past the end of the list is still a citation, so that CC501 reports
  it: in square brackets and footnote markers always; in parentheses and
  superscripts when the article cites that way elsewhere and the number sits
  where a citation would (after a word, not a unit or a digit, not an
  enumeration `(1) … (2) …`).
* MLA, without a year: `(Renear 390)`, `(Kohls and Mele)`, `(Lamb et al.)`,
  `(Yamamoto et al. 6)` (the number is a page), several in one bracket
  (`(Lee et al.; Regan et al. 1670)`: 1670 is a page, not a year, unless an
  entry by that author has that year), and a page alone after a name in the
  same sentence. These are kept only when they link to exactly one entry.
* Names that are not family names, with a year: a group author as written in
  the list, its bracketed abbreviation, or for a work without author the first
  words of its title or its journal.
* Mentions without a year (`Ley and colleagues`, `the Turnbaugh paper`) and
  links in the prose whose DOI or URL is that of an entry; kept only when they
  link to exactly one entry, so they never raise CC501.
* Inline links to a DOI, doi.org, PubMed, PMC or a publisher's page
  (`A [2022 study](https://doi.org/…) found`): `kind` "link"; they are
  references of their own too (`citecheck.extract.inline_links`).

An author-year form needs a capitalised, name-like token: `(in 2019)`,
`(n = 2019)` and `(January 2019)` are prose. Linking is `cite_link`'s.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from citecheck.extract.cite_link import Index, Link, url_key
from citecheck.extract.inline_links import find_inline_links
from citecheck.extract.lexicon import words
from citecheck.extract.quick import finditer_near, positions
from citecheck.extract.cite_names import (
    NameParse,
    clean_name,
    is_name_token,
    name_variants,
    norm,
    parse_names_weak,
    title_words,
)
from citecheck.extract.reflist import body_text
from citecheck.extract.sentences import Sentence, fold, line_of, line_starts, split_sentences
from citecheck.ingest.superscript import from_superscript
from citecheck.model import Citation, Document, Reference
from citecheck.text.identifiers import find_dois
from citecheck.text.normalize import folded

__all__ = ["find_citations"]

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
_SUPER_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPERSCRIPT = re.compile(
    f"[{_SUPER_DIGITS}](?:[{_SUPER_DIGITS}]|[,\u207b](?=[{_SUPER_DIGITS}])|,\\s(?=[{_SUPER_DIGITS}])){{0,40}}"
)
_MLA_CITATION = re.compile(
    r"\([A-Z][\w'\u2019-]{1,40}(?:\set\sal\.|\s(?:and|&)\s[A-Z][\w'\u2019-]{1,40})?\s(?:pp?\.\s)?\d{1,3}(?:[-\u2013]\d{1,3})?\)"
)
_FOOTNOTE = re.compile(r"\[\^([\w-]{1,12})\]")

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


@dataclass(frozen=True)
class _Mark:
    """A number that may cite: `[3]`, `(3)`, `³`, `[^3]` (`kind` square, paren, super, footnote)."""

    start: int
    end: int
    content: str
    kind: str


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
    def __init__(self, text: str, references: Sequence[Reference], note_labels: set[str] | None = None):
        self.text = text
        self.note_labels = note_labels or set()
        self.index = Index(references)
        self.numbered = bool(self.index.by_number)
        self.found: list[_Found] = []
        self.taken = _Spans()
        self.yearless: list[tuple[re.Match, str]] = []
        # The article cites MLA-style (a name and a page, no year) somewhere.
        self.mla_style = _MLA_CITATION.search(text) is not None

    def overlaps(self, start: int, end: int) -> bool:
        return self.taken.overlaps(start, end)

    def add(self, item: _Found) -> None:
        self.found.append(item)
        self.taken.add(item.start, item.end)

    # -- brackets -----------------------------------------------------------

    def brackets(self) -> None:
        numeric: list[_Mark] = []
        parenthesised: list[tuple[re.Match, str]] = []  # "(390)": a page, once names are known
        for match in _BRACKET.finditer(self.text):
            square = match.group(2) is not None
            content = match.group(2) if square else match.group(1)
            if "\n" in content and re.search(r"\n[ \t]*\n", content):
                continue
            if _NUMERIC.fullmatch(content):
                numeric.append(_Mark(match.start(), match.end(), content, "square" if square else "paren"))
                if not square:
                    parenthesised.append((match, content))
            elif _YEARS_ONLY.fullmatch(content):
                self._narrative(match, content)
            elif not content.startswith("^"):
                self._parenthetical(match, content)
        numeric.extend(self._superscripts())
        numeric.extend(self._footnote_marks())
        numeric.sort(key=lambda mark: mark.start)
        if not self.numbered:
            self._number_by_position(numeric)
        if self.numbered:
            self._numeric_pass(numeric)
        self.yearless_pass(parenthesised)

    def _superscripts(self) -> Iterator["_Mark"]:
        """Superscript numbers after a word or a closing mark: `shown¹³`, `trials.³⁻⁵`, `risk¹,²`.

        After a digit (`10⁶`), a unit (`m²`, `kg/m²`) or before a letter or a
        charge sign (`⁸⁹Zr`, `Ca²⁺`) a superscript is not a citation.
        """
        text = self.text
        for match in _SUPERSCRIPT.finditer(text):
            start, end = match.start(), match.end()
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if before.isdigit() or after.isalnum() or after in "\u207a\u207b\u00b0":
                continue
            if not (before.isalpha() or before in ".,;:)]\"'"):
                continue
            word = re.search(r"[A-Za-z/]{1,8}$", text[max(0, start - 8) : start])
            if word and word.group(0).lower() in words("units"):
                continue
            yield _Mark(start, end, from_superscript(match.group(0)), "super")

    def _footnote_marks(self) -> Iterator["_Mark"]:
        """Markdown footnote markers `[^13]` in the prose (a definition `[^13]: ...` is not one).

        A marker whose definition is a note rather than a reference is no
        citation; a marker without any definition is one with nothing to link.
        """
        text = self.text
        for match in _FOOTNOTE.finditer(text):
            label = match.group(1)
            if text.startswith(":", match.end()):
                continue
            if label in self.note_labels or not label.isdigit():
                continue
            yield _Mark(match.start(), match.end(), label, "footnote")

    def _number_by_position(self, numeric: list["_Mark"]) -> None:
        """Number an unnumbered list by position when the text plainly cites by number.

        A scraped list can lose its numbers while the text keeps "[1]"…"[5]".
        Read it as numbered only when nothing else cites (no author-year
        citation), at least two bracket citations appear, and every bracket
        number fits the list: quoted markers such as "[58]" from another
        paper fail that test.
        """
        count = len(self.index.entries)
        if not count or self.found:
            return
        cited = [_parse_numbers(mark.content) for mark in numeric if mark.kind == "square"]
        if len(cited) < 2 or not all(numbers and all(1 <= n <= count for n in numbers) for numbers in cited):
            return
        self.index.by_number = {position: [entry.reference.id] for position, entry in enumerate(self.index.entries, 1)}
        self.numbered = True

    def _numeric_pass(self, numeric: list["_Mark"]) -> None:
        known = self.index.by_number
        # How the article cites: parenthesised numbers and superscripts past the
        # list's end are citations only where the article cites that way.
        in_list = {"paren": 0, "super": 0}
        for mark in numeric:
            if mark.kind in in_list and self._placed_like_citation(mark):
                numbers = _parse_numbers(mark.content)
                if numbers and all(n in known for n in numbers):
                    in_list[mark.kind] += 1
        pending: _Found | None = None
        for mark in numeric:
            item = self._numeric(mark, in_list.get(mark.kind, 0) >= 2)
            if item is None:
                continue
            gap = self.text[pending.end : item.start] if pending else None
            dash = (
                gap is not None
                and len(gap) <= 3
                and gap.strip() in ("-", "\u2013", "\u2014", "\u207b")
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
                    references = tuple(i for n in numbers for i in known.get(n, ()))
                pending.end = item.end
                pending.text = self.text[pending.start : pending.end]
                pending.numbers = tuple(dict.fromkeys(pending.numbers + numbers))
                pending.link = Link(tuple(dict.fromkeys(pending.link.references + references)))
                self.taken.add(pending.start, pending.end)
                continue
            self.add(item)
            pending = item

    def _placed_like_citation(self, mark: "_Mark") -> bool:
        """Whether a parenthesised number stands where a citation would: inside a line, after a word."""
        if mark.kind != "paren":
            return True
        floor = max(0, mark.start - 80)  # bounded: a 200 kB line must stay linear
        newline = self.text.rfind("\n", floor, mark.start)
        before = self.text[newline + 1 if newline != -1 else floor : mark.start]
        if not before.strip() or before.strip()[-1:] in ("(", "[", ":", "="):
            return False
        found = before.split()
        return not (found and found[-1].lower().rstrip(".,") in _NOT_NUMERIC_BEFORE)

    def _numeric(self, mark: "_Mark", style_in_use: bool) -> _Found | None:
        numbers = _parse_numbers(mark.content)
        if not numbers or any(n == 0 for n in numbers):
            return None
        known = self.index.by_number
        if mark.kind in ("paren", "super"):
            if not self._placed_like_citation(mark):
                return None
            if not all(n in known for n in numbers):
                # Past the list's end: a citation only where the article cites
                # this way, and closing its clause ("... in rats (13).").
                following = self.text[mark.end : mark.end + 2].lstrip(" ")
                closes = not following or following[0] in ".,;:)!?\n"
                if not (style_in_use and closes):
                    return None
        ids = tuple(dict.fromkeys(i for n in numbers for i in known.get(n, ())))
        text = self.text[mark.start : mark.end]
        return _Found(mark.start, mark.end, text, "numeric", Link(ids), numbers=numbers)

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
        variants = name_variants(trimmed)
        years = list(_YEAR.finditer(content))
        if not years:
            return
        if not variants:
            self._group_narrative(match, trimmed, window_start, years)
            return
        chosen: tuple[NameParse, list[tuple[int, str | None, Link]]] | None = None
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
        ending = title_words(last[0]) if last else ()
        if not ending or "$" + ending[-1] not in self.index.groups:
            return False  # no group's name ends with this word
        words: list[tuple[str, int]] = []
        for token in list(re.finditer(r"\S+", trimmed[-300:]))[-20:]:
            words.extend((word, token.start()) for word in title_words(token.group(0)))
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
        yearless: list[tuple[str, int]] = []
        position = 0
        for part in content.split(";"):
            found = list(self._items(part, offset + position))
            items.extend(found)
            if not found:
                yearless.append((part, offset + position))
            position += len(part) + 1
        if not items:
            if match.group(1) is not None:
                self.yearless.append((match, content))  # MLA "(Renear 390)": read once numbering is known
            return
        if match.group(1) is not None and not self.index.by_number:
            # "(Lee et al.; Regan et al. 1670)": the part without a year is an MLA name too.
            for part, part_offset in yearless:
                item = self._author_page(part, part_offset)
                if item is not None:
                    items.append(item)
            items.sort(key=lambda item: item.start)
        if len(items) == 1:
            items[0].start, items[0].end, items[0].text = match.start(), match.end(), fold(match.group(0))
        for item in items:
            self.add(item)

    # -- MLA: author and page, no year --------------------------------------------

    def yearless_pass(self, parenthesised: list[tuple[re.Match, str]]) -> None:
        """MLA citations: "(Renear 390)", "(Kohls and Mele)", "(Lamb et al.)", and a page
        alone after a name in the sentence ("Petrovici argues ... (2380)").

        Without a year the name must be the first author of exactly one entry
        (`_Index.only_work_of`); such forms are kept only when they link, so
        they never raise CC501. A numbered list is cited by number, not so.
        """
        if self.numbered or not self.index.entries:
            return
        pending = list(self.yearless) + parenthesised
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
        parsed = parse_names_weak(names_text)
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
            if norm(name) not in known or not is_name_token(name):
                continue
            link = self.index.only_work_of((name,), True)
            if link.references and _page_in(content, self.index.reference(link.references[0])):
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (name,)))
            return  # the nearest name decides

    def _is_page(self, names: NameParse, number: int, names_text: str) -> bool:
        """Whether a four-digit number after a name is an MLA page rather than a year.

        Only when no comma or colon stands between them (APA and Harvard put a
        comma there; MLA never), no entry by that name has that year, the list
        has one entry by that name, and the article cites MLA-style elsewhere,
        or the number cannot be a year of publication, or it falls within the
        entry's pages.
        """
        if names_text.rstrip().endswith((",", ":")) or names.weak:
            return False
        dated = self.index.link(names.authors, names.et_al, number, exact_only=True)
        if dated.found and dated.year_mismatch is None:
            return False
        only = self.index.only_work_of(names.authors, names.et_al)
        if not only.references:
            return False
        if self.mla_style or number < 1800:
            return True
        reference = self.index.reference(only.references[0])
        return reference is not None and bool(reference.pages) and _page_in(str(number), reference)

    def _items(self, part: str, offset: int) -> Iterable[_Found]:
        """The author-year works named in one `;`-separated part of a bracket."""
        previous: NameParse | None = None
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
                for variant in name_variants(names_text):
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
            if year is not None and not suffix and self._is_page(names, year, names_text):
                # MLA: "(Regan et al. 1670)" cites page 1670 of Regan's one entry.
                yield _Found(item_start, item_end, fold(part[item_start - offset : end]), "author-year",
                             self.index.only_work_of(names.authors, names.et_al), names.authors)
                continue
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
            if not any(norm(word) in known for word in before):
                continue
            if self.overlaps(match.start(), match.end()):
                continue
            window_start = max(0, match.start() - 120)
            window = text[window_start : match.end()]
            for variant in name_variants(window):
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
            if norm(first) not in known or not (clean_name(first) and clean_name(second)):
                continue
            if self.overlaps(match.start(), match.end()):
                continue
            link = self.index.link((first, second), False, None, any_year=True, exact_only=True)
            if len(link.references) == 1:
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (first, second)))
        for match in _the_name_matches(text):
            name = match.group(1)
            if norm(name) not in known or not clean_name(name):
                continue
            if self.overlaps(match.start(1), match.end()):
                continue
            link = self.index.link((name,), True, None, any_year=True, exact_only=True)
            if len(link.references) == 1:
                self.add(_Found(match.start(), match.end(), fold(match.group(0)), "narrative", link, (name,)))

    def links(self) -> None:
        """Links in the prose to a study: linked to the entry with that DOI, PubMed or PMC ID, or URL."""
        index = self.index
        for link in find_inline_links(self.text, every=True):
            start, end = link.start, link.end
            if self.overlaps(start, end):
                continue
            ids = (
                (index.by_doi.get(link.doi) if link.doi else None)
                or (index.by_pmid.get(link.pmid) if link.pmid else None)
                or (index.by_pmcid.get(link.pmcid) if link.pmcid else None)
                or index.by_url.get(url_key(link.url))
            )
            if ids or link.publisher or link.identified:
                self.add(_Found(start, end, link.url, "link", Link(tuple(ids or ()))))
        if not index.by_doi or "10." not in self.text:
            return
        for doi in find_dois(self.text):  # a bare DOI in the prose ("doi:10.1000/x")
            if self.overlaps(doi.start, doi.end):
                continue
            ids = index.by_doi.get(doi.doi)
            if ids:
                self.add(_Found(doi.start, doi.end, self.text[doi.start : doi.end], "link", Link(tuple(ids))))


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


_DEFINITION = re.compile(r"^[ \t]{0,3}\[\^([\w-]{1,12})\]:", re.MULTILINE)


def find_citations(document: Document, references: Sequence[Reference]) -> tuple[Citation, ...]:
    """Every in-text citation of `document`, linked to `references`, in text order."""
    text = body_text(document, references)
    cited_numbers = {str(r.number) for r in references if r.number is not None}
    notes = {label for label in _DEFINITION.findall(document.text) if label not in cited_numbers} if "[^" in text else set()
    finder = _Finder(text, references, notes)
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
                text=fold(document.text[item.start : item.end]),
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
                start=item.start,
                end=item.end,
            )
        )
    return tuple(citations)


def _sentence_for(sentences: tuple[Sentence, ...], starts: list[int], offset: int) -> Sentence | None:
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    return sentences[index]
