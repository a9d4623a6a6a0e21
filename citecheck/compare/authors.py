"""The record's authors in the entry: the first author, and the others.

Each record author's family name is looked for, as whole words, in the part
of the entry the title and identifiers left (`names.py`). The first author is
`found` when the entry's first name is the record's first author. It is
`conflicting` when the entry plainly opens with another name: one the reader
(tagger or parser) gives surely, or the names the entry starts with before
the title it was found to hold. The note then says whether that name is one of
the record's other authors ("Suh is author 2 of 2").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from citecheck.compare import cited as reading
from citecheck.compare.entry import Entry, Span, overlaps
from citecheck.compare.names import comparable_name, family_key, find_name, record_people, same_family_name
from citecheck.model import FieldComparison, FieldState, Work
from citecheck.text.lexicon import words as word_list
from citecheck.text.names import is_initials
from citecheck.text.normalize import fix_mojibake, fold

LAYOUT_CONFIDENCE = 0.85  # the names an entry opens with, before its title
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?|[a-z]{1,3})$")


@dataclass
class Authors:
    """The record's people and where each is written in the entry."""

    people: list[dict[str, str]]
    hits: dict[int, list[tuple[int, int, int, str | None]]]  # person index -> (word, left, right, note)

    @property
    def comparable(self) -> bool:
        return bool(self.people) and comparable_name(self.people[0]["family"])

    def found(self, index: int) -> bool:
        return bool(self.hits.get(index))

    def any_found(self) -> bool:
        return any(self.hits.values())

    def others_found(self) -> int:
        """How many distinct places hold the record's other authors (three Wangs in the record, one in the entry: one)."""
        places = {(hit[1], hit[2]) for index, hits in self.hits.items() if index > 0 for hit in hits[:1]}
        first = {(hit[1], hit[2]) for hit in self.hits.get(0, [])[:1]}
        return len(places - first)

    def spans(self) -> list[Span]:
        """Where each found author is first written (a later namesake in the title or journal stays free)."""
        return [(hits[0][1], hits[0][2]) for hits in self.hits.values() if hits]


def people_of(work: Work) -> list[dict[str, str]]:
    """The record's people, their names mended when the record holds them mis-decoded (`LÃ³pez`)."""
    people = record_people(work.raw) if isinstance(work.raw, Mapping) else []
    people = people or [{"family": a, "given": "", "kind": "person"} for a in work.authors]
    return [{**p, "family": fix_mojibake(p["family"]), "given": fix_mojibake(p["given"])} for p in people]


def locate_authors(entry: Entry, work: Work) -> Authors:
    people = people_of(work)
    hits: dict[int, list[tuple[int, int, int, str | None]]] = {}
    allowed = entry.free()
    for index, person in enumerate(people[:30]):
        if not comparable_name(person["family"]) or len(family_key(person["family"])) < 2:
            continue
        found = find_name(entry.folded, person["family"], allowed)
        if person["kind"] == "group":
            found = [hit for hit in found if hit[3] is None]  # a group's name whole, never one of its words
        hits[index] = found
    return Authors(people, hits)


def _first_person(text: str) -> str:
    """The first name of an author list: up to the first comma, semicolon or joining word."""
    joiners = "|".join(sorted(word_list("name-joiners")))
    return re.split(rf",|;|/|\(|:|\s&\s|\s(?:{joiners})\s|\set\.?\s?al\b", text, maxsplit=1)[0].strip()


def first_cited_name(text: str, person: dict[str, str] | None = None) -> str:
    """The family name at the head of an author reading (`Smith J`, `Smith, J.`, `J. Smith`, `John A. Smith`).

    The record's given names, when `person` gives them, are not the family
    name ("Amos B." in `Terkawi Amos B.`, "Robert" in `Robert S. Sloviter`).
    """
    head = _first_person(text)
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", head)
    # Initials ("J", "JK", "J.-P.") are not the family name.
    names = [w for w in words if len(w) >= 2 and not (w.isupper() and max(len(p) for p in re.split(r"[-'’]", w)) <= 3)]
    given = set(fold((person or {}).get("given") or "").split())
    if len(names) > 1 and given:
        names = [w for w in names if fold(w) not in given] or names
    if not names:
        return " ".join(w for w in words if len(w) >= 2) or head
    # "Smith JK" has one name; "John A. Smith" ends with the family name.
    return names[-1]


def leading_names(entry: Entry, boundary: int | None) -> list[reading.Reading]:
    """The names an entry opens with, before its title (or journal) found at `boundary`: its first author as written."""
    if boundary is None:
        return []
    return _names_at(entry, entry.start, boundary)


def trailing_names(entry: Entry, title: Span | None, journal: Span | None) -> list[reading.Reading]:
    """An entry that opens with its title (`Title.Sun W, Byrne P. Journal...`): the names right after the title."""
    if title is None or journal is None or journal[0] <= title[1] or re.search(r"\w", entry.text[entry.start:title[0]]):
        return []
    end = journal[0]
    start = title[1]
    while start < end and not (entry.text[start].isalpha()):
        start += 1
    return _names_at(entry, start, end)


def _names_at(entry: Entry, start: int, boundary: int) -> list[reading.Reading]:
    """The first person of the names written from `start`, before `boundary`."""
    head = re.split(r"[\d(\[«“\"]", entry.text[start:boundary], maxsplit=1)[0]
    chunk = _first_person(head)
    words = chunk.split()
    if not words or len(words) > 6 or not all(_NAME_WORD.match(w) or is_initials(w) for w in words):
        return []
    if not any(len(w.strip(".")) >= 2 for w in words):
        return []
    left = start + head.index(chunk.strip())
    right = left + len(chunk.strip().rstrip("."))
    return [reading.Reading(entry.text[left:right], left, right, LAYOUT_CONFIDENCE, "layout")]


def _a_name(name: str) -> bool:
    """A family name, not initials or punctuation left by a misread (`W.-` of `W.-i. Li`)."""
    return bool(re.search(r"[^\W\d_]{2}", name))


def _is_given_name(name: str, person: dict[str, str]) -> bool:
    """Given and family names swapped (`Wei Z` for Zhang Wei)."""
    given = fold(person.get("given") or "").split()
    return bool(given) and family_key(name) == given[0]


def _position(name: str, people: list[dict[str, str]]) -> int | None:
    for index, person in enumerate(people, start=1):
        if family_key(person["family"]) == family_key(name):
            return index
    return None


def _name_span(found: reading.Reading, name: str) -> Span:
    """Where the family name `name` stands inside a reading of the authors."""
    at = found.text.find(name)
    if at < 0:
        return found.left, found.right
    return found.left + at, found.left + at + len(name)


def _field(entry: Entry, state: FieldState, *, span: Span | None = None, record: str | None = None,
           note: str | None = None) -> FieldComparison:
    cited = entry.text[span[0]:span[1]] if span is not None else None
    return FieldComparison("author", state, cited=cited, record=record, span=span, note=note)


def first_author_field(entry: Entry, authors: Authors, boundary: int | None, title: Span | None = None,
                       journal: Span | None = None) -> FieldComparison:
    """The first author: `boundary` is where the entry's title (or, without one, its journal) begins;
    an entry that opens with its title is read for the names after it."""
    if not authors.people:
        return _field(entry, FieldState.NOT_COMPARED, note="the record has no authors")
    first = authors.people[0]
    record = first["family"]
    if not authors.comparable:
        return _field(entry, FieldState.NOT_COMPARED, record=record, note="the record's name cannot be compared")
    readings = [r for r in entry.readings("author") if boundary is None or r.left < boundary]
    if not reading.has_tagger(entry.reference):
        # The names the entry opens with, read whole, say more than a parser's
        # first word ("Roy" of `Roy L. Joshi`); the parser's reading stays when there are none.
        readings = leading_names(entry, boundary) or readings
    after_title = []
    if not readings and not reading.has_tagger(entry.reference):
        after_title = trailing_names(entry, title, journal)
        readings = after_title
    hits = authors.hits.get(0) or []
    if hits:
        _, left, right, note = hits[0]
        opening = readings[0] if readings else None
        if opening is not None and opening.sure and opening.left < left and not overlaps((left, right), (opening.left, opening.right)):
            name = first_cited_name(opening.text, first)
            if _a_name(name) and not (same_family_name(name, record) or _is_given_name(name, first)):
                position = _position(name, authors.people)
                namesake = sum(family_key(p["family"]) == family_key(record) for p in authors.people) > 1
                if (position and position > 1) or (position is None and (namesake or opening.source != "parser")):
                    # The entry opens with another name: the record's first author comes later, if at all.
                    where = f"{name} is author {position} of {len(authors.people)}" if position else f"read by {opening.source}"
                    return _field(entry, FieldState.CONFLICTING, span=_name_span(opening, name), record=record, note=where)
        return _field(entry, FieldState.FOUND, span=(left, right), record=record, note=note)
    if first["kind"] == "group":
        return _field(entry, FieldState.NOT_COMPARED, record=record, note="a group author, written in many ways")
    if not readings:
        return _field(entry, FieldState.ABSENT, record=record)
    best = readings[0]
    name = first_cited_name(best.text, first)
    if not name or (boundary is not None and best.left >= boundary and not after_title):
        return _field(entry, FieldState.NOT_COMPARED, record=record, note="the entry's first author could not be read")
    span = _name_span(best, name)
    if same_family_name(name, record) or _is_given_name(name, first):
        return _field(entry, FieldState.FOUND, span=span, record=record, note="written differently")
    if not best.sure:
        return _field(entry, FieldState.NOT_COMPARED, span=span, record=record,
                      note=f"read with low confidence ({best.source})")
    if not _a_name(name):
        return _field(entry, FieldState.NOT_COMPARED, span=span, record=record,
                      note="the entry's first author could not be read")
    position = _position(name, authors.people)
    note = f"{name} is author {position} of {len(authors.people)}" if position else f"read by {best.source}"
    return _field(entry, FieldState.CONFLICTING, span=span, record=record, note=note)


def other_authors_field(entry: Entry, authors: Authors) -> FieldComparison:
    others = list(range(1, len(authors.people)))
    if not others:
        return FieldComparison("authors", FieldState.NOT_COMPARED, note="the record has one author")
    found = [i for i in others if authors.found(i)]
    record = ", ".join(p["family"] for p in authors.people[1:6]) + (", ..." if len(authors.people) > 6 else "")
    if found:
        spans = [authors.hits[i][0][1:3] for i in found]
        span = (min(s[0] for s in spans), max(s[1] for s in spans))
        return FieldComparison("authors", FieldState.FOUND, cited=entry.text[span[0]:span[1]], record=record,
                               span=span, note=f"{len(found)} of {len(others)} other authors found")
    return FieldComparison("authors", FieldState.ABSENT, record=record)
