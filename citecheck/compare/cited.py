"""What the entry itself says a field is, and how sure that reading is.

The comparison first looks for the record's values in the raw entry; this
module only matters when a record value is not there, to tell "the entry
gives another value" from "the entry does not say". Two readers may answer:

- the field tagger, when it has run: `Reference.spans`, each with the
  tagger's own confidence;
- otherwise the parsed fields (`Reference.year`, `.volume`...), located back
  in the entry's text. A parsed value that cannot be found in the text, or
  that is found in several places, is not trusted.

A reading below `MIN_CONFIDENCE` never supports a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.model import Reference

MIN_CONFIDENCE = 0.8  # below this, a reading of the entry supports no finding
_LOCATED_ONCE = 0.9  # a parsed value found once in the entry
_LOCATED_TWICE = 0.5  # found in several places: which one the parser read is unknown

_DASHES = "-‐‑‒–—―~"


@dataclass(frozen=True)
class Reading:
    """One reading of a field: `Reference.text[left:right]`, with its confidence and where it came from."""

    text: str
    left: int
    right: int
    confidence: float
    source: str  # "tagger" | "parser"

    @property
    def sure(self) -> bool:
        return self.confidence >= MIN_CONFIDENCE


def has_tagger(reference: Reference) -> bool:
    return bool(reference.spans)


def readings(reference: Reference, label: str, hidden: list[tuple[int, int]] = ()) -> list[Reading]:
    """The entry's own readings of one field, best first; places inside `hidden` spans (identifiers) do not count."""
    if has_tagger(reference):
        spans = sorted(reference.spans_of(label), key=lambda s: (-s.confidence, s.start))
        return [
            Reading(reference.text[s.start:s.end], s.start, s.end, s.confidence, "tagger")
            for s in spans
            if 0 <= s.start < s.end <= len(reference.text)
        ]
    value = _parsed(reference, label)
    if not value:
        return []
    places = [
        (a, b) for a, b in _locate(reference.text, value, label)
        if not any(a < right and left < b for left, right in hidden)
    ]
    if not places:
        return []
    confidence = _LOCATED_ONCE if len(places) == 1 else _LOCATED_TWICE
    return [Reading(reference.text[a:b], a, b, confidence, "parser") for a, b in places]


def _parsed(reference: Reference, label: str) -> str | None:
    if label == "author":
        return reference.first_author
    if label == "year":
        return str(reference.year) if reference.year else None
    value = getattr(reference, label, None)
    return str(value) if value else None


def _locate(text: str, value: str, label: str) -> list[tuple[int, int]]:
    """Every place `value` stands as a whole in `text` (any dash in a range; any case for words)."""
    parts = [re.escape(p) for p in re.split(rf"\s*[{_DASHES}]+\s*", value.strip()) if p]
    if not parts:
        return []
    body = rf"\s?[{_DASHES}]{{1,2}}\s?".join(parts)
    flags = re.IGNORECASE if label in {"author", "title", "journal"} else 0
    if label in {"title", "journal"}:
        body = r"\s+".join(re.escape(w) for w in value.split())
    # Whole values only: the 9 of "194-9" is no volume.
    pattern = re.compile(rf"(?<![\w])(?<!\d[{_DASHES}]){body}(?![\w])(?![{_DASHES}]\d)", flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
