"""Family names: the forms one name is cited in, and where a record's authors stand in an entry.

`van der Berg` may be cited as `Berg`, `van der Berg` or `Vanderberg`;
`Müller` as `Muller` or `Mueller`; `Dekker Nitert` as `Dekker Nitert` or, in
a hurry, `Nitert`. Initials before or after the name, commas and case do not
matter: names are looked for as whole folded words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from citecheck.compare.folded import Folded
from citecheck.text.names import PARTICLES, family_key, same_family_name
from citecheck.text.normalize import fold

__all__ = ["NameHit", "comparable_name", "family_key", "find_name", "name_forms", "record_people", "same_family_name"]

_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "å": "aa", "Å": "Aa"})


def name_forms(family: str) -> list[tuple[tuple[str, ...], str | None]]:
    """The word sequences `family` may be written as, each with a note on how it differs."""
    forms: list[tuple[tuple[str, ...], str | None]] = []

    def add(words: Iterable[str], note: str | None) -> None:
        sequence = tuple(w for w in words if w)
        if sequence and sequence not in [f for f, _ in forms]:
            forms.append((sequence, note))

    folded = fold(family).split()
    add(folded, None)
    add(fold(family.translate(_TRANSLITERATION)).split(), None)
    core = [w for w in folded if w not in PARTICLES]
    add(core, "without its particle")
    add(["".join(folded)], None)
    if len(core) == 2:
        # A compound name cited by one of its parts ("Dekker" for "Dekker Nitert").
        for word in core:
            if len(word) >= 4:
                add([word], "one part of a compound name")
    return forms


@dataclass(frozen=True)
class NameHit:
    """Where the record's author number `author` (0-based) is written in the entry."""

    author: int
    word: int  # index of the first word in the folded entry
    left: int
    right: int
    note: str | None


def _matches_at(entry: Folded, index: int, form: tuple[str, ...]) -> bool:
    words = entry.words
    if index + len(form) > len(words):
        return False
    return all(words[index + k].text == part for k, part in enumerate(form))


def find_name(entry: Folded, family: str, allowed: list[tuple[int, int]] | None = None) -> list[tuple[int, int, int, str | None]]:
    """Every place `family` is written in the entry: (word index, left, right, note).

    `allowed`, when given, keeps only places inside one of those spans of the
    original text (the parts of the entry not taken by the title, the
    journal and the identifiers).
    """
    hits = []
    taken: set[int] = set()
    for form, note in name_forms(family):
        for index in range(len(entry.words)):
            if index in taken or not _matches_at(entry, index, form):
                continue
            left, right = entry.words[index].left, entry.words[index + len(form) - 1].right
            if allowed is not None and not any(a <= left and right <= b for a, b in allowed):
                continue
            taken.add(index)
            hits.append((index, left, right, note))
    return sorted(hits)


def record_people(raw: Mapping[str, Any]) -> list[dict[str, str]]:
    """The record's authors (or editors, for a work with none) as {family, given, kind}."""
    people = raw.get("author") or raw.get("editor") or []
    result = []
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, Mapping):
            continue
        family = person.get("family")
        if isinstance(family, str) and family.strip():
            given = person.get("given") if isinstance(person.get("given"), str) else ""
            result.append({"family": family.strip(), "given": (given or "").strip(), "kind": "person"})
            continue
        name = person.get("name") or person.get("literal")
        if isinstance(name, str) and name.strip():
            result.append({"family": name.strip(), "given": "", "kind": "group"})
    return result


def comparable_name(family: str) -> bool:
    """A name written in letters citecheck can fold (not, say, only in Chinese characters)."""
    key = family_key(family)
    return bool(key) and key.isascii()
