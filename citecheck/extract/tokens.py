"""Cut a reference entry into tokens with exact character offsets.

A link (`https://…`, `www.…`) and a DOI (`10.1234/…`, with its `doi:` label
left as a word before it) are one token each, found by the rules of
`citecheck.text.identifiers`; everything else is a run of letters and digits
or a single other character (an underscore too: `_Journal_` is
Markdown emphasis around a word). Whitespace is not a token, but each token knows
whether whitespace, or a line break, came before it.

Only the first `MAX_ENTRY` characters are read: a longer "entry" is not a
reference, and the cap keeps the reader linear in the size of its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.text.identifiers import find_dois

__all__ = ["MAX_ENTRY", "Token", "tokenize"]

MAX_ENTRY = 4000

_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"\]\[]{1,2000}", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+|\S")
_TRAILING = ".,;:!?'\"*_"


@dataclass(frozen=True)
class Token:
    """One token of an entry: `text == entry[start:end]`."""

    text: str
    start: int
    end: int
    space_before: bool
    newline_before: bool
    kind: str = "word"  # "word" | "doi" | "url"


def _link_end(text: str, start: int, end: int) -> int:
    """Where a link really ends: without sentence punctuation or an unbalanced bracket."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1
        else:
            break
    return end


def _identifier_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    if "http" in text or "www." in text or "HTTP" in text or "WWW." in text:
        for match in _LINK.finditer(text):
            end = _link_end(text, match.start(), match.end())
            if end - match.start() > 8:
                spans.append((match.start(), end, "url"))
    if "10." in text:
        for match in find_dois(text):
            if not any(a <= match.start < b for a, b, _ in spans):
                spans.append((match.start, match.end, "doi"))
    spans.sort()
    return spans


def tokenize(entry: str) -> list[Token]:
    """The tokens of `entry` (its first `MAX_ENTRY` characters), in order."""
    text = entry[:MAX_ENTRY]
    tokens: list[Token] = []
    position = 0

    def words(upto: int) -> None:
        for match in _WORD.finditer(text, position, upto):
            start = match.start()
            before = text[start - 1] if start else ""
            gap = text[tokens[-1].end : start] if tokens else text[:start]
            tokens.append(Token(match.group(), start, match.end(), before.isspace(), "\n" in gap))

    for start, end, kind in _identifier_spans(text):
        if start < position:
            continue
        words(start)
        before = text[start - 1] if start else ""
        gap = text[tokens[-1].end : start] if tokens else text[:start]
        tokens.append(Token(text[start:end], start, end, before.isspace(), "\n" in gap, kind))
        position = end
    words(len(text))
    return tokens
