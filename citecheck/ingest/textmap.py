"""Build a Document's text piece by piece, remembering where each piece came from.

Every reader (plain text, Markdown, HTML) writes its text through a
`LineWriter`: source pieces as they stand (folded by `citecheck.ingest.fold`),
pieces that replace source (an entity, a run of whitespace folded to one
space) and pieces the reader inserts (a list marker, a link target shown as
` <url>`, the blank line between two paragraphs). The result is the text, a
`TextMap` from text offsets back to source offsets, and the line map.

Lines: the writer collapses whitespace inside a line, drops it at both ends
of a line, and ends lines only where the reader says so, so that `\\n` is the
only line break of the text and blank lines separate blocks.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from citecheck.ingest.fold import fold_runs, fold_text
from citecheck.model import TextMap

__all__ = ["LineWriter", "TextBuilder", "line_map_of", "source_line_starts"]


class _Piece(NamedTuple):
    text: str
    source_start: int
    source_length: int
    aligned: bool


class TextBuilder:
    """Text and its map, appended to piece by piece."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.length = 0
        self._text_starts: list[int] = []
        self._text_lengths: list[int] = []
        self._source_starts: list[int] = []
        self._source_lengths: list[int] = []
        self._aligned: list[bool] = []

    def add(self, text: str, source_start: int, source_length: int, aligned: bool) -> None:
        """Append `text`, standing for `source_length` source characters at `source_start`."""
        if not text:
            return
        size = len(text)
        if (
            aligned
            and self._aligned
            and self._aligned[-1]
            and self._source_starts[-1] + self._source_lengths[-1] == source_start
        ):
            self._text_lengths[-1] += size
            self._source_lengths[-1] += source_length
        else:
            self._text_starts.append(self.length)
            self._text_lengths.append(size)
            self._source_starts.append(source_start)
            self._source_lengths.append(source_length)
            self._aligned.append(aligned)
        self._parts.append(text)
        self.length += size

    def add_source(self, piece: str, source_start: int) -> None:
        """Append a piece of source as it stands (folded)."""
        for output, start, length, aligned in fold_runs(piece, source_start):
            self.add(output, start, length, aligned)

    def build(self) -> tuple[str, TextMap]:
        text = "".join(self._parts)
        return text, TextMap(
            tuple(self._text_starts),
            tuple(self._text_lengths),
            tuple(self._source_starts),
            tuple(self._source_lengths),
            tuple(self._aligned),
        )


def source_line_starts(source: str) -> list[int]:
    starts = [0]
    position = source.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = source.find("\n", position + 1)
    return starts


def line_map_of(text: str, offsets: TextMap, source: str) -> tuple[int, ...]:
    """The 1-based source line each text line starts on (a blank line: the line before it)."""
    starts = source_line_starts(source)
    lines: list[int] = []
    position = 0
    previous = 1
    length = len(text)
    while True:
        newline = text.find("\n", position)
        end = length if newline == -1 else newline
        if end > position:
            extent = offsets.extent(position, position + 1)
            line = bisect.bisect_right(starts, extent[0]) if extent else previous
            previous = max(1, min(line, len(starts)))
        lines.append(previous)
        if newline == -1:
            return tuple(lines)
        position = newline + 1


def _is_space(text: str) -> bool:
    return not text.strip()


class LineWriter:
    """Writes text line by line for the Markdown and HTML readers (see the module notes)."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self._line: list[_Piece] = []
        self._gap = False
        self._prefix: _Piece | None = None
        self._lines = 0
        self._last_blank = True
        self.preformatted = False
        # HTML: a line break in the source ends the text line too, so that text
        # lines follow the page's lines (and findings point at the right one).
        self.breaks_follow_source = False

    # -- writing -------------------------------------------------------------

    def source(self, piece: str, source_start: int) -> None:
        """A piece of source as it stands; inside a line, runs of whitespace read as one space."""
        if self.preformatted:
            offset = 0
            for index, part in enumerate(piece.split("\n")):
                if index:
                    self.end_line(keep_empty=True)
                self._append_folded(part, source_start + offset)
                offset += len(part) + 1
            return
        position = 0
        length = len(piece)
        while position < length:
            # A run of non-space, then a run of space.
            end = position
            while end < length and not piece[end].isspace():
                end += 1
            if end > position:
                self._append_folded(piece[position:end], source_start + position)
            if end >= length:
                break
            space_end = end
            while space_end < length and piece[space_end].isspace():
                space_end += 1
            if self.breaks_follow_source and "\n" in piece[end:space_end]:
                self.end_line()
            else:
                self._space(source_start + end, space_end - end, piece[end:space_end] == " ")
            position = space_end

    def replaced(self, text: str, source_start: int, source_end: int) -> None:
        """`text` standing for `source[source_start:source_end]` (an entity, say)."""
        folded = fold_text(text)
        if not folded:
            return
        if _is_space(folded) and not self.preformatted:
            self._space(source_start, source_end - source_start, False)
            return
        self._line.append(_Piece(folded, source_start, source_end - source_start, False))

    def inserted(self, text: str, at: int) -> None:
        """Text of the reader's own, at source offset `at` (a separator, a link target)."""
        text = fold_text(text)
        if not self.preformatted:
            text = text.replace("\n", " ")
        if text:
            if _is_space(text) and not self.preformatted:
                self._space(at, 0, False)
                return
            self._line.append(_Piece(text, at, 0, False))

    def aligned(self, text: str, source_start: int) -> None:
        """Text standing for as many source characters, one for one (a superscript digit)."""
        if text:
            self._line.append(_Piece(text, source_start, len(text), True))

    def _append_folded(self, piece: str, source_start: int) -> None:
        for output, start, length, aligned in fold_runs(piece, source_start):
            if output:
                if not self.preformatted and "\n" in output:
                    output = output.replace("\n", " ")
                    aligned = aligned and False
                self._line.append(_Piece(output, start, length, aligned))

    def _space(self, source_start: int, source_length: int, aligned: bool) -> None:
        if not self._line or self._line[-1].text.endswith(" "):
            return
        self._line.append(_Piece(" ", source_start, source_length, aligned))

    # -- lines and blocks ------------------------------------------------------

    @property
    def line_is_empty(self) -> bool:
        return not any(piece.text.strip() for piece in self._line)

    @property
    def line_text(self) -> str:
        return "".join(piece.text for piece in self._line)

    def end_line(self, keep_empty: bool = False) -> None:
        """End the current line (an empty one is dropped unless `keep_empty`)."""
        pieces = self._line
        self._line = []
        if not self.preformatted:
            pieces = _trimmed(pieces)
        if not pieces and not keep_empty:
            return
        if not pieces and self._prefix is None and keep_empty:
            self._newline(None)
            return
        if self._gap and self._lines and not self._last_blank:
            self._newline(pieces[0].source_start if pieces else None, blank=True)
        self._gap = False
        self._newline(pieces[0].source_start if pieces else None)
        if self._prefix is not None:
            prefix, self._prefix = self._prefix, None
            self.builder.add(prefix.text, prefix.source_start, 0, False)
        for piece in pieces:
            self.builder.add(piece.text, piece.source_start, piece.source_length, piece.aligned)
        self._last_blank = False

    def _newline(self, at: int | None, blank: bool = False) -> None:
        if self._lines:
            self.builder.add("\n", at if at is not None else self._last_source(), 0, False)
        self._lines += 1
        self._last_blank = blank

    def _last_source(self) -> int:
        starts = self.builder._source_starts
        return starts[-1] + self.builder._source_lengths[-1] if starts else 0

    def gap(self) -> None:
        """End the line and ask for a blank line before the next one (a paragraph boundary)."""
        self.end_line()
        if self._prefix is None:
            self._gap = True

    def prefix(self, marker: str, at: int) -> None:
        """Start a new line with `marker` (a list item's `- ` or `3. `)."""
        self.end_line()
        self._prefix = _Piece(marker, at, 0, False)

    def end_item(self) -> None:
        """Close a list item: an empty item leaves no dangling marker."""
        self.end_line()
        self._prefix = None

    def result(self, source: str) -> tuple[str, TextMap, tuple[int, ...]]:
        self.end_line()
        text, offsets = self.builder.build()
        return text, offsets, line_map_of(text, offsets, source)


def _trimmed(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces of a line without whitespace at either end."""
    while pieces and _is_space(pieces[0].text):
        pieces = pieces[1:]
    while pieces and _is_space(pieces[-1].text):
        pieces = pieces[:-1]
    if not pieces:
        return pieces
    first, last = pieces[0], pieces[-1]
    stripped = first.text.lstrip()
    if stripped != first.text:
        cut = len(first.text) - len(stripped)
        first = _Piece(stripped, first.source_start + (cut if first.aligned else 0),
                       first.source_length - (cut if first.aligned else 0), first.aligned)
        pieces = [first, *pieces[1:]]
        last = pieces[-1]
    stripped = last.text.rstrip()
    if stripped != last.text:
        cut = len(last.text) - len(stripped)
        last = _Piece(stripped, last.source_start, last.source_length - (cut if last.aligned else 0), last.aligned)
        pieces = [*pieces[:-1], last]
    return pieces
