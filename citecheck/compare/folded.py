"""Text folded for comparison, with every folded character mapped back to the original.

A reference and its record rarely agree character for character: case,
accents, punctuation, markup and spacing differ between styles. Both sides are
folded the same way (`citecheck.text.normalize.fold`: lower case, accents
removed, Greek letters spelled out, every run of other characters one space),
and the folded entry remembers, for each of its characters, where it came
from, so that a value found in the folded text has an exact span in
`Reference.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from citecheck.text.normalize import fold

@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character folded as `citecheck.text.normalize.fold` folds it ("" for punctuation)."""
    return fold(char).replace(" ", "")


@dataclass(frozen=True)
class Word:
    """One folded word and its place: `folded[start:end]`, `original[left:right]`."""

    text: str
    start: int
    end: int
    left: int
    right: int


@dataclass(frozen=True)
class Folded:
    """`original` folded; `origin[i]` is the index in `original` of `folded[i]`."""

    original: str
    folded: str
    origin: tuple[int, ...]
    words: tuple[Word, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that `folded[start:end]` came from (trimmed to word characters)."""
        while start < end and self.folded[start] == " ":
            start += 1
        while end > start and self.folded[end - 1] == " ":
            end -= 1
        if start >= end:
            return (self.origin[start] if start < len(self.origin) else len(self.original),) * 2
        return self.origin[start], self.origin[end - 1] + 1

    def words_between(self, left: int, right: int) -> tuple[Word, ...]:
        """The words lying wholly inside `original[left:right]`."""
        return tuple(w for w in self.words if w.left >= left and w.right <= right)

    def word_index_at(self, position: int) -> int | None:
        """The index of the word that starts at folded position `position`."""
        for index, word in enumerate(self.words):
            if word.start == position:
                return index
        return None


@lru_cache(maxsize=4096)
def fold_text(text: str) -> Folded:
    """Fold `text`, keeping the way back to it."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if not folded:
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            origin.append(index)
            pending_space = False
        for piece in folded:
            chars.append(piece)
            origin.append(index)
    folded_text = "".join(chars)
    words: list[Word] = []
    start = 0
    for part in folded_text.split(" "):
        if part:
            end = start + len(part)
            words.append(Word(part, start, end, origin[start], origin[end - 1] + 1))
        start += len(part) + 1
    return Folded(text, folded_text, tuple(origin), tuple(words))

