"""Split text into paragraphs and sentences, keeping where each sentence starts.

Citations are tied to the sentence they support and claims are judged one
sentence at a time, so both need the same, predictable split. The splitter
works in two passes:

1. Blocks. A blank line, a list item (`- `, `* `, `•`, `1.`, `2)`, `(3)`) and a
   Markdown heading always start a new block, so a sentence never runs from a
   paragraph into a list or a heading. A single line break inside a paragraph
   (hard-wrapped text) does not end anything.
2. Sentences. Inside a block, `.`, `!`, `?` and `…` end a sentence when
   whitespace and a sentence opener (a capital, a digit, a quote or a bracket)
   follow, except after abbreviations (`et al.`, `e.g.`, `i.e.`, `Dr.`, `Fig.`,
   `vs.`), after `No.`/`p.`/`vol.` when a number follows, and after initials
   (`J. R. R. Tolkien`, `Smith J.`, `U.S.`). Decimals (`3.5`) never end a
   sentence because no whitespace follows the point. Closing quotes and
   brackets after the stop, and numeric markers glued to it (`tannins.[1]`,
   `tannins.¹²`, `tannins.[^3]`), stay with the sentence they close. A
   parenthesis that directly follows a full stop and is followed by a new
   sentence — `back pain. (Yao et al., 2023) This is due` — belongs to the
   sentence before it: web articles often put the citation after the stop.

Everything is linear: the only regular expressions have bounded repetitions,
and the look-backs for abbreviations read at most a few dozen characters.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Sentence", "split_sentences", "sentence_at", "fold", "line_starts", "line_of"]


@dataclass(frozen=True)
class Sentence:
    """One sentence: its folded text, where it starts, and which block holds it.

    `start`/`end` are offsets in the text that was split; `line` is the 1-based
    line of that text where the sentence starts; `block` numbers the paragraph
    or list item so that neighbours can be told apart from strangers.
    """

    text: str
    line: int
    start: int
    end: int
    block: int
    list_item: bool = False


def fold(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to single spaces."""
    return " ".join(text.split())


# A list item: bullet or number, then whitespace and something. Bounded indent.
_LIST_ITEM = re.compile(
    r"[ \t]{0,16}(?:[-*+•·▪◦‣●○■□➢➤►✓✔]|\d{1,3}[.)]|\(\d{1,3}\))[ \t]+(?=\S)"
)
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")

# A possible sentence end: terminal punctuation (an ellipsis counts), closing
# quotes or brackets, numeric citation markers glued on, then whitespace.
_END = re.compile(
    r"(?:\.\.\.|[.!?…])[.!?…]{0,3}"
    r"[\"'”’»)\]]{0,4}"
    r"(?:\[[0-9][0-9,\s–—-]{0,30}\]|\[\^[\w-]{1,12}\]){0,6}"
    r"[\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u207b,]{0,30}"
    r"(?=\s)"
)

# Abbreviations after which a full stop never ends a sentence (lower case,
# without the final stop).
_NEVER_FINAL = frozenset(
    """
    al et e.g eg i.e ie cf vs v dr mr mrs ms prof fig figs approx ca st jr sr
    sen rep gen col lt sgt capt mt ft dept univ assoc inst est viz resp
    """.split()
)
# Abbreviations that take a number: "No. 5", "p. 1027", "vol. 3".
_BEFORE_NUMBER = frozenset("no nos p pp vol vols eq eqs ref refs ch chap sec art op ed eds n".split())

# Initials: "J", "R.R", "U.S" (the final stop is already removed).
_INITIALS = re.compile(r"(?:[A-Z]\.){0,6}[A-Z]")

_OPENERS = "\"'“‘«([¿¡"
_WHITESPACE = re.compile(r"\s*")


def line_starts(text: str) -> list[int]:
    """Offsets at which each line of `text` begins (index 0 is line 1)."""
    starts = [0]
    find = text.find
    position = find("\n")
    while position != -1:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """The 1-based line holding `offset`, given `line_starts(text)`."""
    return bisect.bisect_right(starts, offset)


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_list_item) of every paragraph, list item and heading."""
    blocks: list[tuple[int, int, bool]] = []
    start: int | None = None
    current_is_item = False
    previous_heading = False
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        end = length if newline == -1 else newline
        line = text[position:end]
        if not line.strip():
            if start is not None:
                blocks.append((start, position, current_is_item))
                start = None
            previous_heading = False
        else:
            item = _LIST_ITEM.match(line)
            heading = _HEADING.match(line) is not None
            if item or heading or previous_heading:
                if start is not None:
                    blocks.append((start, position, current_is_item))
                # Start after the marker so the sentence does not begin with "•".
                start = position + (item.end() if item else 0)
                current_is_item = item is not None
            elif start is None:
                start = position
                current_is_item = False
            previous_heading = heading
        if newline == -1:
            break
        position = newline + 1
    if start is not None:
        blocks.append((start, length, current_is_item))
    return blocks


def _previous_token(text: str, position: int, floor: int) -> str:
    """The run of non-space characters that ends at `position` (at most 40)."""
    low = max(floor, position - 40)
    index = position
    while index > low and not text[index - 1].isspace() and text[index - 1] not in "([\"'“‘":
        index -= 1
    return text[index:position]


def _is_abbreviation(token: str, next_char: str) -> bool:
    """Whether a full stop after `token` is part of an abbreviation."""
    if not token:
        return False
    bare = token.lower()
    if bare in _NEVER_FINAL:
        return True
    if bare in _BEFORE_NUMBER and next_char.isdigit():
        return True
    # Initials: a lone capital ("J"), or dotted capitals ("U.S", "R.R").
    return len(token) <= 13 and _INITIALS.fullmatch(token) is not None


def _closing_paren(text: str, open_at: int, limit: int) -> int:
    """Offset just after the `)` closing the `(` at `open_at`, or -1 (no nesting, ≤300 chars)."""
    stop = min(limit, open_at + 300)
    close = text.find(")", open_at + 1, stop)
    if close == -1:
        return -1
    if text.find("(", open_at + 1, close) != -1:
        return -1
    return close + 1


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one block."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    skip_until = start
    for match in _END.finditer(text, start, end):
        if match.start() < skip_until:
            continue
        stop_end = match.end()
        # The next non-space character decides whether this is a boundary.
        following = _WHITESPACE.match(text, stop_end, end).end()
        if following >= end:
            break  # the block end closes the sentence anyway
        next_char = text[following]
        punctuation = match.group(0)
        single_stop = punctuation[0] == "." and not punctuation.startswith("...")
        if single_stop:
            token = _previous_token(text, match.start(), sentence_start)
            if _is_abbreviation(token, next_char):
                continue
        if next_char == "(":
            close = _closing_paren(text, following, end)
            if close != -1:
                inner = text[following + 1 : close - 1].rstrip()
                if close < end and text[close] == ".":
                    close += 1  # "back pain. (Dekker Nitert et al., 2020). However"
                after = close
                while after < end and text[after].isspace():
                    after += 1
                trails = after >= end or text[after].isupper() or text[after] in _OPENERS
                if inner and inner[-1] not in ".!?" and trails:
                    # "back pain. (Yao et al., 2023) This is due": the
                    # parenthesis closes the sentence before it.
                    spans.append((sentence_start, close))
                    sentence_start = after
                    skip_until = close
                    continue
        if not (next_char.isupper() or next_char.isdigit() or next_char in _OPENERS):
            continue
        spans.append((sentence_start, stop_end))
        sentence_start = following
    if sentence_start < end:
        spans.append((sentence_start, end))
    return spans


@lru_cache(maxsize=8)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Every sentence of `text`, in order, with its starting line.

    Blank or whitespace-only stretches yield nothing; every returned sentence
    has non-empty folded text.
    """
    starts = line_starts(text)
    sentences: list[Sentence] = []
    for number, (block_start, block_end, is_item) in enumerate(_blocks(text)):
        for span_start, span_end in _split_block(text, block_start, block_end):
            span = text[span_start:span_end]
            trimmed = span.strip()
            if not trimmed:
                continue
            span_start += len(span) - len(span.lstrip())
            span_end = span_start + len(trimmed)
            sentences.append(
                Sentence(
                    text=fold(trimmed),
                    line=line_of(starts, span_start),
                    start=span_start,
                    end=span_end,
                    block=number,
                    list_item=is_item,
                )
            )
    return tuple(sentences)


def sentence_at(
    sentences: tuple[Sentence, ...], offset: int, starts: list[int] | None = None
) -> Sentence | None:
    """The sentence whose span holds `offset` (or the last one starting before it).

    Pass `starts` (`[s.start for s in sentences]`) when asking many times.
    """
    if not sentences:
        return None
    if starts is None:
        starts = [s.start for s in sentences]
    index = bisect.bisect_right(starts, offset) - 1
    if index < 0:
        return None
    return sentences[index]
