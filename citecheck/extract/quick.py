"""Search a whole text only where a regular expression can match.

`finditer_near` runs a pattern that always holds a quickly found word only in
windows around those words; `positions` finds those words. The word-level
pre-checks (`folded`, `may_contain`) live in `citecheck.text.normalize`.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

__all__ = ["finditer_near", "positions"]


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
