"""The entry as the comparison reads it: its text, its folded form, and the parts already accounted for.

Identifiers (DOI, URL, PMID, PMCID, ISSN, ISBN) and the entry's own number
(`12.`, `[3]`, a bullet) are set aside first: their digits are never a year
or a page. Each later step sets aside what it located (the title, the names,
the journal), so that the next one looks only at what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citecheck.compare import cited as reading
from citecheck.compare.folded import Folded, fold_text
from citecheck.model import Reference
from citecheck.text.identifiers import DOI_SHAPE

_IDENTIFIER = re.compile(
    rf"(?:https?://|www\.)\S+|\bdoi\s?:\s?\S+|\b(?:dx\.)?doi\.org/\S+|{DOI_SHAPE.pattern}\S+|\bPMID:?\s?\d+|\bPMC\d+"
    r"|\b(?:ISSN|ISBN|eISSN|pISSN)[:\s]{0,3}[\dXx][\dXx\- ]{6,16}",
    re.IGNORECASE,
)
# "12.", "[3]", "(4)", "5 Smith", a superscript number run into the name ("1Huang", "1M. A. Choudhury"), a bullet.
_ENUMERATION = re.compile(
    r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|\d{1,3}\s?(?=[^\W\d_]{2})|\d{1,3}(?=[A-Z]\.)|[-*•·–]\s)")

Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def blank(text: str, spans: list[Span]) -> str:
    """`text` with the characters of `spans` replaced by spaces (offsets kept)."""
    chars = list(text)
    for left, right in spans:
        for index in range(max(left, 0), min(right, len(chars))):
            chars[index] = " "
    return "".join(chars)


@dataclass
class Entry:
    """One reference entry being compared."""

    reference: Reference
    text: str
    masked: str  # `text` with the hidden spans blanked
    folded: Folded  # `masked` folded
    hidden: list[Span]
    taken: list[Span] = field(default_factory=list)

    @classmethod
    def of(cls, reference: Reference) -> "Entry":
        text = reference.text or ""
        hidden = [(m.start(), m.end()) for m in _IDENTIFIER.finditer(text)]
        enumeration = _ENUMERATION.match(text)
        if enumeration:
            hidden.append((enumeration.start(), enumeration.end()))
        masked = blank(text, hidden)
        return cls(reference, text, masked, fold_text(masked), hidden)

    def free(self) -> list[Span]:
        """The spans of the text not yet set aside."""
        spans = sorted(self.hidden + self.taken)
        free, position = [], 0
        for left, right in spans:
            if left > position:
                free.append((position, left))
            position = max(position, right)
        if position < len(self.text):
            free.append((position, len(self.text)))
        return free

    @property
    def start(self) -> int:
        """Where the entry's own text begins (after its number or bullet)."""
        return max([right for left, right in self.hidden if left == 0] + [0])

    def readings(self, label: str) -> list[reading.Reading]:
        """The entry's own readings of a field, outside identifiers (see `cited.py`)."""
        return reading.readings(self.reference, label, self.hidden)
