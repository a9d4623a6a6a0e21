"""Applying fixes: edits to the source text, the source text back to the file's own bytes, and the diff.

Edits are made on `Document.source`, the file as decoded with its line
breaks folded to `\\n` and its byte-order mark dropped. Writing them back
keeps everything else byte for byte: each edit is moved to the file's own
text (its `\\r\\n` line breaks, its BOM) and the whole is encoded as the file
was (`citecheck.ingest.decode.Encoding`). A file whose bytes cannot be
rebuilt exactly (a lossy read, a character the encoding cannot hold) is not
written. Everything here is pure: the caller writes the bytes.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from citecheck.ingest.decode import Encoding, decode_with_encoding
from citecheck.model import Edit, Finding, Fix


def applied(findings: Iterable[Finding], unsafe: bool = False) -> list[Fix]:
    """The distinct fixes `citecheck fix` applies: the safe ones, and the unsafe ones with `--unsafe`."""
    fixes: list[Fix] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.edits or fix in fixes:
            continue
        if fix.safe or (unsafe and fix.applicability == "unsafe"):
            fixes.append(fix)
    return fixes


def edits_of(fixes: Iterable[Fix]) -> list[Edit]:
    """Every edit of the fixes, once, in source order."""
    unique = {(e.start, e.end, e.new): e for fix in fixes for e in fix.edits}
    return sorted(unique.values(), key=lambda e: (e.start, e.end))


def overlapping(fixes: Sequence[Fix]) -> set[int]:
    """The indexes of fixes with an edit that overlaps a different edit of another fix.

    Two edits overlap when they share a character, or insert at the same
    place; the same edit in two fixes (an entry's year, fixed for two
    findings) does not.
    """
    edits = [(edit.start, edit.end, edit.new, index) for index, fix in enumerate(fixes) for edit in fix.edits]
    clashing: set[int] = set()
    for position, (a_start, a_end, a_new, a) in enumerate(edits):
        for b_start, b_end, b_new, b in edits[position + 1:]:
            if a == b or (a_start, a_end, a_new) == (b_start, b_end, b_new):
                continue
            if (a_start < b_end and b_start < a_end) or a_start == b_start:
                clashing.update((a, b))
    return clashing


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with every edit made (edits must not overlap)."""
    out, position = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[position:edit.start])
        out.append(edit.new)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


# ------------------------------------------------------------------ the file's bytes


@dataclass(frozen=True)
class FileText:
    """A file as read: its bytes, its text with its own line breaks, and how to encode it back."""

    data: bytes
    text: str
    encoding: Encoding | None

    @classmethod
    def read(cls, data: bytes) -> "FileText":
        text, encoding = decode_with_encoding(data)
        return cls(data, text, encoding)

    @property
    def source(self) -> str:
        """The text as `Document.source` has it: `\\n` line breaks, no byte-order mark."""
        source = self.text.replace("\r\n", "\n").replace("\r", "\n")
        return source[1:] if source.startswith("\ufeff") else source

    def problem(self) -> str | None:
        """Why this file cannot be written back byte for byte, or None."""
        if self.encoding is None:
            return "some of its bytes are not valid in its encoding, so it cannot be written back exactly"
        try:
            exact = self.encoding.encode(self.text) == self.data
        except UnicodeEncodeError:
            exact = False
        return None if exact else "its encoding cannot be written back exactly"

    def cannot_hold(self, text: str) -> bool:
        """Whether the file's encoding has no bytes for some character of `text`."""
        if self.encoding is None:
            return True
        try:
            self.encoding.encode(text)
        except UnicodeEncodeError:
            return True
        return False

    def _to_text(self, offset: int) -> int:
        """A `Document.source` offset as an offset of the file's own text."""
        return offset + self._shift + bisect.bisect_left(self._crlf, offset)

    @property
    def _shift(self) -> int:
        return 1 if self.text.startswith("\ufeff") else 0

    @property
    def _crlf(self) -> list[int]:
        positions, index, count = [], self.text.find("\r\n"), 0
        while index != -1:
            positions.append(index - count - self._shift)
            count += 1
            index = self.text.find("\r\n", index + 2)
        return positions

    def edited(self, edits: Sequence[Edit]) -> str:
        """The file's own text with the edits made (source offsets moved past each `\\r\\n`)."""
        crlf, shift = self._crlf, self._shift
        moved = [
            Edit(e.start + shift + bisect.bisect_left(crlf, e.start), e.end + shift + bisect.bisect_left(crlf, e.end),
                 e.old, e.new, e.line, e.column, e.end_line, e.end_column)
            for e in edits
        ]
        return apply_edits(self.text, moved)

    def encoded(self, text: str) -> bytes:
        assert self.encoding is not None
        return self.encoding.encode(text)


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (`--- path` / `+++ path`), with git's mark for a last line without a break."""
    lines = []
    for line in difflib.unified_diff(_lines(before), _lines(after), fromfile=path, tofile=path):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    """Lines split at `\n` only, each with its own ending (`\r\n` kept whole)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)
