"""Fit text to the terminal: whole words, hanging indents, DOIs and URLs never split.

Lines break only at spaces. A word longer than the room left (a long DOI or
URL) gets a line of its own and runs past the edge rather than being cut,
because a DOI broken in two can no longer be copied or clicked. The same
rules serve the plain-text outputs (`citecheck rules`, hints) here and the
terminal report through `citecheck.report.terminal`.
"""

from __future__ import annotations

import os
import re
import sys

MIN_WIDTH = 40  # below this, wrapping does more harm than good
DEFAULT_WIDTH = 80

# Words are separated by ASCII spaces only: GLUE (a no-break space) joins a
# label to its value ("DOI 10.1/x") so that a line never ends with the label
# alone; it is printed as a plain space.
GLUE = "\u00a0"
_WORD = re.compile(r"[^ \t\n]+")


def terminal_width(stream: object = None) -> int:
    """The width to wrap to: COLUMNS, else the terminal's (`stream`, default stdout), else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return max(int(columns), MIN_WIDTH)
    stream = sys.stdout if stream is None else stream
    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
        if os.isatty(fileno):
            return max(os.get_terminal_size(fileno).columns, MIN_WIDTH)
    except (AttributeError, OSError, ValueError):  # a StringIO, a closed or detached stream
        pass
    return DEFAULT_WIDTH


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-space characters."""
    return [match.span() for match in _WORD.finditer(text)]


def break_points(text: str, first: int, rest: int) -> list[tuple[int, int]]:
    """Where to cut `text` into lines: (start, end) offsets of each line's words.

    The first line holds at most `first` characters, the others `rest`; words
    are never split, and a word wider than its line stands alone on it.
    """
    lines: list[tuple[int, int]] = []
    start = end = None
    room = first
    for word_start, word_end in word_spans(text):
        if start is None:
            start, end = word_start, word_end
            continue
        if word_end - start <= room:
            end = word_end
            continue
        lines.append((start, end))
        start, end = word_start, word_end
        room = rest
    if start is not None:
        lines.append((start, end))
    return lines


def wrap(text: str, width: int, indent: str = "", hang: str | None = None) -> list[str]:
    """`text` as lines no wider than `width` (but for overlong words), each paragraph kept.

    The first line starts with `indent`, the others with `hang` (default: `indent`).
    """
    hang = indent if hang is None else hang
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        lead = indent if number == 0 else hang
        cuts = break_points(paragraph, max(width - len(lead), 1), max(width - len(hang), 1))
        if not cuts:
            lines.append(lead.rstrip())
            continue
        for index, (start, end) in enumerate(cuts):
            lines.append((lead if index == 0 else hang) + paragraph[start:end].replace(GLUE, " "))
    return lines


def fill(text: str, width: int, indent: str = "", hang: str | None = None) -> str:
    """`wrap`, joined with newlines."""
    return "\n".join(wrap(text, width, indent, hang))


def shorten(text: str, limit: int, ellipsis: str = "...") -> str:
    """`text` cut to at most `limit` characters at a space, with an ellipsis; never mid-word."""
    if len(text) <= limit:
        return text
    room = max(limit - len(ellipsis), 1)
    cut = text.rfind(" ", 0, room + 1)
    if cut <= 0:  # one long word: keep it whole rather than break it
        space = text.find(" ")
        return text if space < 0 else text[:space] + ellipsis
    return text[:cut].rstrip(" ,;:") + ellipsis
