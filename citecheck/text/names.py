"""Personal names as reference lists write them: family-name keys, particles, initials.

- `family_key("van der Berg")` -> `"berg"`: the family name folded (no case,
  accents or punctuation) without its particles, so that `Van der Berg`,
  `van der Berg` and `Berg` compare equal.
- `same_family_name` accepts a compound name cited by one part (`Dekker` for
  `Dekker Nitert`), never a misspelling.
- `is_particle` / `is_initials` read single tokens (`de`, `J.`, `AB`, `J.-P.`).

The particles are the word list `lexicon/particles.txt`.
"""

from __future__ import annotations

import re

from citecheck.text.lexicon import words
from citecheck.text.normalize import fold

__all__ = ["PARTICLES", "family_key", "is_initials", "is_particle", "same_family_name"]

PARTICLES: frozenset[str] = words("particles")

# "J.", "J.A.", "J. A.", "J.-P.", "AB", "S-H": initials as one token.
_INITIALS = re.compile(r"(?:[^\W\d_]\.\s?-?){1,4}[^\W\d_]?\.?|[^\W\d_]{1,3}(?:-[^\W\d_]{1,2})?")


def is_particle(word: str) -> bool:
    """Whether `word` is a name particle (`van`, `de`, `al`...), in any case."""
    return word.strip(".,").lower() in PARTICLES


def is_initials(token: str) -> bool:
    """Whether `token` is written as initials: `J.`, `J.A.`, `J.-P.`, or up to three capitals (`AB`)."""
    token = token.strip(",;")
    if not token or not _INITIALS.fullmatch(token):
        return False
    letters = [c for c in token if c.isalpha()]
    return all(c.isupper() for c in letters) and (len(letters) <= 3 or "." in token)


def family_key(name: str) -> str:
    """A family name reduced for comparison: folded, without particles or spaces."""
    folded_words = fold(name).split()
    kept = [w for w in folded_words if w not in PARTICLES]
    return "".join(kept) or "".join(folded_words)


def same_family_name(cited: str, registered: str) -> bool:
    """Whether a cited family name is the registered one (an empty side counts as the same)."""
    a, b = family_key(cited), family_key(registered)
    if not a or not b or a == b:
        return True
    # A compound name cited by one part only ("Dekker" for "Dekker Nitert")
    # is the same person; a misspelling ("Turnbough") is not.
    cited_words = set(fold(cited).split()) - PARTICLES
    registered_words = set(fold(registered).split()) - PARTICLES
    return bool(cited_words) and cited_words <= registered_words or bool(registered_words) and registered_words <= cited_words
