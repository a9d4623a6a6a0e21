"""Fold text for comparison and search: case, accents, punctuation, whitespace, mojibake.

- `fold` is the one comparison form used everywhere (names, titles, journals):
  markup dropped, Greek letters spelled out, accents removed, lower case,
  every run of other characters a single space.
- `squash` folds whitespace only (line breaks included), keeping everything else.
- `fix_mojibake` mends text that was decoded with the wrong code page
  (`CafÃ©` for `Café`, `â€™` for `’`), using ftfy only when a tell-tale
  sequence is there.
- `folded` and `may_contain` are cheap pre-checks that let a caller skip a
  case-insensitive regular expression that cannot match: lower-casing agrees
  with `re.IGNORECASE` for ASCII words except for four characters the regex
  engine also folds to ASCII letters (dotted and dotless i, long s, the Kelvin
  sign); a text holding one of them is never skipped. Without them,
  lower-casing keeps every offset where it was.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fix_mojibake", "fold", "folded", "may_contain", "squash", "strip_accents"]

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
# Letters that do not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ł": "l", "Ł": "l",
                          "đ": "d", "Đ": "d", "œ": "oe", "Œ": "oe", "ı": "i", "þ": "th"})
_TAG = re.compile(r"<[^<>]{0,200}>")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Sequences that UTF-8 text read as Latin-1 or Windows-1252 is full of.
_MOJIBAKE_TELLS = ("Ã", "Â", "â€", "Å", "Ä", "Ã¢")
# Characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def strip_accents(text: str) -> str:
    """`text` with accents removed and the letters that have no accent spelled in ASCII."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower case, no markup, no accents, Greek letters spelled out, punctuation to single spaces.

    Cached: the same names and titles are folded again for every comparison.
    """
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = text.replace("&amp;", "&")
    if not text.isascii():
        text = strip_accents("".join(_GREEK.get(c, c) for c in text))
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def squash(text: str) -> str:
    """Runs of whitespace (line breaks included) as single spaces, ends trimmed."""
    return " ".join(text.split())


def fix_mojibake(text: str) -> str:
    """`text` with wrongly decoded UTF-8 mended (`CafÃ©` -> `Café`); other text unchanged."""
    if text.isascii() or not any(tell in text for tell in _MOJIBAKE_TELLS):
        return text
    import ftfy  # only for text that shows the signs

    return ftfy.fix_encoding(text)


def folded(text: str) -> str | None:
    """`text` lower-cased for word look-ups, or None when lower-casing is not safe."""
    if text.isascii() or not any(char in text for char in _FOLDS_TO_ASCII):
        return text.lower()
    return None


def may_contain(text: str, words: tuple[str, ...]) -> bool:
    """False only when no lower-case word of `words` occurs in `text`, case aside."""
    lowered = folded(text)
    if lowered is None:
        return True
    return any(word in lowered for word in words)
