"""Where a piece of the extracted text is written in the source file, and the edits that change it.

Fixes are found on `Document.text` (a reference's fields, a citation) and
applied to `Document.source`, the file as decoded with its line breaks folded
to `\\n`. A piece of text becomes an edit only when it is written in the
source verbatim, character for character (`Document.source_span`), and each
source character checks out as the text's own or the one it was folded from.
Text that crosses markup (`*Nature*`), an entity (`&ndash;`) or a rendered
list marker has no such form: its fix is left to a person.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from citecheck.ingest.fold import fold_char
from citecheck.model import Document, Edit, Reference


def located(document: Document, reference: Reference) -> Reference:
    """The reference with its offset in `Document.text` (`Reference.start`), found from its text when not given.

    The entry must stand in the text exactly as `Reference.text` has it, once,
    or once starting on its own line; otherwise `start` stays None and no
    fix touches the entry.
    """
    if reference.start is not None or not reference.text:
        return reference
    text = document.text
    places = [m.start() for m in re.finditer(re.escape(reference.text), text)]
    if len(places) > 1 and reference.text_line:
        places = [at for at in places if text.count("\n", 0, at) + 1 == reference.text_line]
    return replace(reference, start=places[0]) if len(places) == 1 else reference


class SourceText:
    """One document's source, with text offsets turned into source edits."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.source = document.source or document.text
        self._line_starts = [0] + [index + 1 for index, char in enumerate(self.source) if char == "\n"]

    # ------------------------------------------------------------ positions

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a source offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_end(self, offset: int) -> int:
        """The offset of the line break ending the line that holds `offset` (or the end of the source)."""
        end = self.source.find("\n", offset)
        return len(self.source) if end < 0 else end

    def line_start(self, offset: int) -> int:
        return self.source.rfind("\n", 0, offset) + 1

    # ------------------------------------------------------------ text -> source

    def verbatim(self, start: int, end: int) -> tuple[int, int] | None:
        """The source offsets where `text[start:end]` is written character for character, or None."""
        span = self.document.source_span(start, end)
        if span is None:
            return None
        left, right = span
        text = self.document.text[start:end]
        written = self.source[left:right]
        if len(written) != len(text) or "\n" in written:
            return None
        if any(char != mine and fold_char(mine) != char for char, mine in zip(text, written)):
            return None
        return left, right

    def extent(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest source piece everything in `text[start:end]` came from."""
        return self.document.source_extent(start, end)

    # ------------------------------------------------------------ edits

    def edit(self, start: int, end: int, new: str) -> Edit | None:
        """An edit replacing `text[start:end]` where it is written, or None when it is not written verbatim."""
        span = self.verbatim(start, end)
        return self.source_edit(*span, new) if span else None

    def source_edit(self, left: int, right: int, new: str) -> Edit:
        """An edit of `source[left:right]` itself."""
        line, column = self.position(left)
        end_line, end_column = self.position(right)
        return Edit(left, right, self.source[left:right], new, line, column, end_line, end_column)
