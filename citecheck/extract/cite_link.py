"""Link in-text citations to the entries of the reference list.

An `Index` prepares the list once per document; each citation is then linked
by what it names:

- family names and a year (`link`): the first author's family name must match
  the entry's (case and accents aside, particles optional); a two-author
  citation needs both names. In order: exact name and year; a name spelt a
  letter or two differently and the year (`Link.author_variant` keeps the
  text's spelling); the exact name with another year when the list has only
  one entry by that author (`Link.year_mismatch` keeps the cited year).
  Several entries fitting equally leave `references` empty and fill
  `candidates`; the form of the citation (one author, two, et al.) and a year
  suffix (`2020a`) settle most of those.
- a name that is not a list of family names (`by_name`): a group author as
  written, the abbreviation it brackets, or for an entry without author the
  first words of its title or its journal;
- a name without a year (`only_work_of`): MLA cites `(Renear 390)`; the name is
  enough when the list has a single work by that first author;
- a number (`by_number`), a DOI or a URL (`by_doi`, `by_url`).

An entry whose authors the field reader could not read is still found by
name: the names are then looked for in the words before its year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from citecheck.extract.cite_names import name_level, name_tokens, norm, parse_names, title_words
from citecheck.model import Reference
from citecheck.text.identifiers import doi_key
from citecheck.text.names import PARTICLES

__all__ = ["Index", "Link", "leading_names", "opening_names", "same_author", "url_key"]


@dataclass(frozen=True)
class _Listed:
    reference: Reference
    authors: tuple[str, ...]  # the entry's authors, or the names before its year
    et_al: bool
    first: tuple[str, ...]
    second: tuple[str, ...]
    opening_words: frozenset[str]  # capitalised words the entry opens with, before its title


_OPENING_END = re.compile(r"[\"\u201c(]|\.\s[A-Z][a-z]{2,}\s[a-z]|(?:1[6-9]|20)\d\d")


def _opening_words(text: str) -> frozenset[str]:
    """The capitalised words of an entry's opening: up to its title, year or first bracket."""
    head = text[:200]
    end = _OPENING_END.search(head)
    if end:
        head = head[: end.start()]
    return frozenset(norm(word) for word in re.findall(r"[^\W\d_][\w'\u2019-]*", head) if word[:1].isupper())


# The opening of an entry up to its year: "Ramiscal & Brewer (2013)", "Chinskey ND, Cornblath WT (March 2013)".
_UP_TO_YEAR = re.compile(r"^(?P<names>[^()\[\]\n]{2,200}?)[\s.,]*\(?(?:[A-Z][a-z]{2,8}\.?\s)?(?:1[6-9]|20)\d\d[a-z]?\b")
_ETAL_TAIL = re.compile(r",?\s(?:et\.?\s?al\.?|and\s(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|many)\sothers?)[\s.,]*$")
_INITIALS = re.compile(r"(?<![\w'\u2019-])(?:[A-Z]\.\s?-?){1,4}|(?<=\s)[A-Z]{1,3}(?=[,;&]|\s(?:&|and)\s|$)")


# Initials written after a family name without a comma (Vancouver, Springer): `ON`,
# `NA`, and transliterated ones of two letters each, `TSh`, `IIa`, `YuV`.
_TRAILING_INITIALS = re.compile(r"\s(?:[A-Z]{1,4}|(?=[A-Za-z]{0,5}[A-Z][a-z]?[A-Z])(?:[A-Z][a-z]?){2,4})\.?$")


def family_name(name: str) -> str:
    """`name` without the initials written after it: `Risovannaya ON` -> `Risovannaya`, `Andreasyan TSh` -> `Andreasyan`.

    Only a name of two to four words loses its last, and only when the words
    before it hold a word in lower case (a group's abbreviation alone stays).
    """
    words = name.split()
    if not 2 <= len(words) <= 4:
        return name
    match = _TRAILING_INITIALS.search(name)
    if match is None:
        return name
    head = name[: match.start()].rstrip(" ,")
    return head if any(word[:1].isupper() and any(c.islower() for c in word) for word in head.split()) else name


def leading_names(reference: Reference) -> tuple[tuple[str, ...], bool]:
    """The entry's authors; when the field reader found none, the family names written before its year."""
    if reference.authors:
        return tuple(family_name(name) for name in reference.authors), reference.et_al
    found = opening_names(reference.text)
    return (found[0], found[1]) if found else ((), False)


def opening_names(text: str) -> tuple[tuple[str, ...], bool, int] | None:
    """The family names an entry opens with, before its year: (names, et al., where they end)."""
    stripped = text.lstrip()
    match = _UP_TO_YEAR.match(stripped)
    if not match:
        return None
    names = match.group("names")
    tail = _ETAL_TAIL.search(names)
    et_al = tail is not None
    if tail:
        names = names[: tail.start()]
    names = _INITIALS.sub(" ", names)
    names = re.sub(r"\s+(?=[,;])", "", " ".join(names.split())).strip(" ,;.")
    names = re.sub(r",\s*,", ",", names).replace(";", ",")
    parsed = parse_names(names)
    if not parsed:
        return None
    return parsed[0], parsed[1] or et_al, len(text) - len(stripped) + match.end("names")


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


class Index:
    """The reference list, prepared for linking."""

    def __init__(self, references: Sequence[Reference]):
        self.entries = []
        for r in references:
            authors, et_al = leading_names(r)
            self.entries.append(
                _Listed(
                    r,
                    authors,
                    et_al,
                    name_tokens(authors[0]) if authors else (),
                    name_tokens(authors[1]) if len(authors) > 1 else (),
                    _opening_words(r.text),
                )
            )
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
        self._scored: dict[tuple[tuple[str, ...], bool], list[tuple[_Listed, int, str | None]]] = {}
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
                words = title_words(name)
                if len(words) >= 2:
                    self._add_group(words, r)
                for abbreviation in re.findall(r"[(\[]([A-Z][A-Za-z&]{1,11})[)\]]", name[:300]):
                    self.abbreviations.setdefault(norm(abbreviation), []).append(r)
                continue
            title = title_words(r.title) if r.title else ()
            if title:
                self.titles.setdefault(title[0], []).append((title, r))
            journal = title_words(r.journal) if r.journal else ()
            if journal:
                self._add_group(journal, r)
        self.by_doi: dict[str, list[str]] = {}
        self.by_pmid: dict[str, list[str]] = {}
        self.by_pmcid: dict[str, list[str]] = {}
        self.by_url: dict[str, list[str]] = {}
        for r in references:
            if r.doi:
                self.by_doi.setdefault(doi_key(r.doi), []).append(r.id)
            if r.pmid:
                self.by_pmid.setdefault(r.pmid, []).append(r.id)
            if r.pmcid:
                self.by_pmcid.setdefault(r.pmcid.upper(), []).append(r.id)
            if r.url:
                self.by_url.setdefault(url_key(r.url), []).append(r.id)

    def name_level(self, authors: tuple[str, ...], et_al: bool, entry: _Listed) -> tuple[int, str | None]:
        """How well the cited names fit an entry, and the text's spelling if it differs."""
        first = name_level(name_tokens(authors[0]), entry.first)
        if not first:
            return 0, None
        variant = authors[0] if first == 1 else None
        if len(authors) >= 2 and not et_al:
            if entry.second:
                second = name_level(name_tokens(authors[1]), entry.second)
                if not second:
                    # The field reader may have split the names otherwise ("Ferguson,
                    # Douglas A., and Elizabeth M. Perse"): the cited co-author is
                    # still one of the names the entry opens with.
                    cited = name_tokens(authors[1])
                    if cited and cited[-1] in entry.opening_words:
                        second = 2
                if not second:
                    return 0, None
                if second == 1 and variant is None:
                    variant = authors[1]
                return min(first, second), variant
            if not entry.et_al:
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

    def _name_fits(self, authors: tuple[str, ...], et_al: bool) -> list[tuple[_Listed, int, str | None]]:
        """(entry, level, variant) for every entry the names fit, in list order (cached)."""
        key = (authors, et_al)
        scored = self._scored.get(key)
        if scored is None:
            scored = []
            for position in self._candidates(name_tokens(authors[0]) if authors else ()):
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
        words = title_words(cited)
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
        cited = name_tokens(authors[0])
        extra = entry.first[: len(entry.first) - len(cited)]
        if not all(token in PARTICLES for token in extra):
            return Link()  # "(ANS)" is the end of a group's name, not its first author
        level, _ = self.name_level(authors, et_al, entry)
        if level != 2:
            return Link()
        return Link((entry.reference.id,))

    @staticmethod
    def _settle(entries: list[_Listed], authors: tuple[str, ...], et_al: bool, suffix: str | None) -> Link:
        if len(entries) > 1 and suffix:
            same = [e for e in entries if e.reference.year_suffix == suffix]
            if same:
                entries = same
        if len(entries) > 1:
            # The form of the citation says how many authors the work has.
            if et_al:
                preferred = [e for e in entries if len(e.authors) >= 3 or e.et_al]
            elif len(authors) == 1:
                preferred = [e for e in entries if len(e.authors) == 1 and not e.et_al]
            else:
                preferred = [
                    e for e in entries if len(e.authors) == len(authors) and not e.et_al
                ]
            if preferred:
                entries = preferred
        ids = tuple(dict.fromkeys(e.reference.id for e in entries))
        if len(ids) == 1:
            return Link(ids)
        return Link(candidates=ids)


def same_author(name: str, reference: Reference) -> bool:
    """Whether `name` is the first author of `reference` (case and accents aside)."""
    authors, _ = leading_names(reference)
    if not authors:
        return False
    return name_level(name_tokens(name), name_tokens(authors[0])) == 2


def url_key(url: str) -> str:
    key = url.strip().strip("<>").lower()
    key = re.sub(r"^https?://(?:www\.)?", "", key)
    return key.rstrip("/.,;)")
