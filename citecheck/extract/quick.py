"""Cheap pre-checks that let the extractor skip a regular expression that cannot match.

Many patterns of the extractor are case-insensitive alternations with no
literal start ("Read more|Copyright|Privacy Policy|…"); the regex engine tries
them at every position of every entry. Each such pattern contains at least
one of a few fixed words, and looking for those words in the lower-cased
text is done in C at memory speed. When none is there the pattern cannot
match and is not run; when one is, the pattern runs as before, so results
never change.

Lower-casing agrees with `re.IGNORECASE` for ASCII words except for four
characters that the regex engine also folds to ASCII letters (dotted and
dotless i, long s, the Kelvin sign): a text holding one of them is never
skipped. Without them, lower-casing keeps every offset where it was.

`finditer_near` does the same for whole-text searches: a pattern that always
holds a quickly found word is run only in windows around those words.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

__all__ = ["finditer_near", "folded", "may_contain", "positions"]

# Characters outside ASCII that `re.IGNORECASE` matches to an ASCII letter.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


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


def finditer_near(
    pattern: re.Pattern[str], text: str, anchors: Iterable[int], before: int, after: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, searching only around the `anchors` (offsets in `text`).

    For patterns that are slow to try at every position but always contain a
    word that is fast to find: the caller guarantees that every match the
    pattern can make (look-arounds included) lies within `before` characters
    before and `after` characters after one of the anchors. The windows around
    the anchors are merged; since no match crosses a gap between them, the
    matches found window by window are exactly those of the whole text.
    """
    length = len(text)
    spans: list[list[int]] = []
    for anchor in sorted(anchors):
        start, end = max(0, anchor - before), min(length, anchor + after)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    for start, end in spans:
        yield from pattern.finditer(text, start, end)


def positions(text: str, word: str) -> Iterator[int]:
    """Every offset at which `word` occurs in `text` (overlaps included), in order."""
    find = text.find
    position = find(word)
    while position != -1:
        yield position
        position = find(word, position + 1)
