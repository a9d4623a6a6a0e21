"""Per-field accuracy of `read_entry` on labelled references.

For each reference and field, the gold value is what its labelled span
holds (the first author's family name comes from the record when the
reference was rendered from one, else from the author span) and the
prediction is `read_entry`'s field. A field counts where either side has a
value; it is right when both agree after the folding a comparison would do:
titles and journals by `fold`, numbers without spaces and with one kind of
dash, DOIs by `normalise_doi`, first authors by `same_family_name`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from citecheck.text.identifiers import normalise_doi
from citecheck.text.names import is_initials, same_family_name
from citecheck.text.normalize import fold
from training.data import Labelled

FIELDS = ("first_author", "year", "volume", "issue", "pages", "title", "journal", "doi")


def _span(reference: Labelled, label: str) -> str | None:
    for name, start, end in reference.spans:
        if name == label:
            return reference.text[start:end]
    return None


def _first_family(author_span: str) -> str | None:
    """The first person's family name in an author span: its words that are not initials."""
    chunk = re.split(r"[,;&]|\band\b|\bet al", author_span, maxsplit=1)[0]
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*\.?", chunk) if not is_initials(w)]
    return " ".join(words) or None


def gold(reference: Labelled) -> dict[str, str | None]:
    values: dict[str, str | None] = {}
    if reference.families:
        values["first_author"] = reference.families[0]
    else:
        span = _span(reference, "author")
        values["first_author"] = _first_family(span) if span else None
    year = _span(reference, "year")
    match = re.search(r"(?:1[6-9]|20)\d\d", year or "")
    values["year"] = match.group() if match else None
    for label in ("volume", "issue", "pages", "title", "journal", "doi"):
        values[label] = _span(reference, label)
    return values


def _numbers(value: str) -> str:
    return re.sub(r"[\s\u2010-\u2014\u2212-]+", "-", value).strip("-.,;: ")


def same(field_name: str, expected: str | None, found: str | None) -> bool:
    if not expected or not found:
        return not expected and not found
    if field_name == "first_author":
        return bool(fold(found)) and same_family_name(found, expected)
    if field_name in ("volume", "issue", "pages", "year"):
        return _numbers(expected).lower() == _numbers(found).lower()
    if field_name == "doi":
        return normalise_doi(expected) == normalise_doi(found)
    return fold(expected) == fold(found)


def predicted(reference: Labelled) -> dict[str, str | None]:
    from citecheck.extract.fields import read_entry

    entry = read_entry(reference.text)
    return {
        "first_author": entry.authors[0] if entry.authors else None,
        "year": str(entry.year) if entry.year else None,
        "volume": entry.volume, "issue": entry.issue, "pages": entry.pages,
        "title": entry.title, "journal": entry.journal, "doi": entry.doi,
    }


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    counted: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    references: int = 0
    misses: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)

    def accuracy(self, name: str) -> float | None:
        return self.right[name] / self.counted[name] if self.counted[name] else None

    def row(self) -> str:
        cells = []
        for name in FIELDS:
            value = self.accuracy(name)
            cells.append(f"{name} {value:.3f} ({self.counted[name]})" if value is not None else f"{name} -")
        return ", ".join(cells)


def score(references: Iterable[Labelled], keep_misses: int = 0) -> Score:
    result = Score()
    for reference in references:
        result.references += 1
        expected, found = gold(reference), predicted(reference)
        for name in FIELDS:
            if not expected[name] and not found[name]:
                continue
            result.counted[name] += 1
            if same(name, expected[name], found[name]):
                result.right[name] += 1
            elif len(result.misses) < keep_misses:
                result.misses.append((reference.text, name, expected[name], found[name]))
    return result
