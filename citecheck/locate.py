"""Where on its line each finding points: the column an editor jumps to.

A finding carries its line; this module adds the 1-based column (in
characters) on that line of the file as written: the citation for a finding
about a citation (from the citation's offsets, mapped back to the source
file), the wrong value for a finding about a field of an entry when that
value is on the line, otherwise the start of the entry or sentence. It reads
only what extraction found and the file's own text, and never changes what a
finding says.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Iterable, Sequence

from citecheck.model import Citation, Document, Extraction, Finding, Reference

_LIST_MARKER = re.compile(r"\s*(?:[-*+•]\s+|\(?\d{1,4}[.)\]]\s+|\[\d{1,4}\]\s*|\^\s*)?")
PREFIX = 30  # characters of an entry or sentence looked for on its line


def with_columns(extraction: Extraction, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """`findings` with `column` set wherever it was not already."""
    document = extraction.document
    source = document.source or document.text
    lines = source.split("\n")
    starts = _line_starts(source)
    references = {reference.id: reference for reference in extraction.references}
    located = []
    for finding in findings:
        if finding.column is None and 1 <= finding.line <= len(lines):
            citations = _citations_of(finding, extraction.citations)
            column = next((c for c in (_mapped(document, starts, finding.line, c) for c in citations) if c), None)
            column = column or _column(finding, lines[finding.line - 1], references, citations)
            finding = replace(finding, column=column)
        located.append(finding)
    return tuple(located)


def _line_starts(source: str) -> list[int]:
    starts = [0]
    index = source.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = source.find("\n", index + 1)
    return starts


def _mapped(document: Document, starts: list[int], line: int, citation: Citation) -> int | None:
    """The citation's column from its text offsets mapped to the file, when it lies on `line`."""
    if citation.start is None or citation.end is None:
        return None
    extent = document.source_extent(citation.start, citation.end)
    if extent is None:
        return None
    index = bisect.bisect_right(starts, extent[0]) - 1
    return extent[0] - starts[index] + 1 if index + 1 == line else None


def _column(finding: Finding, line: str, references: dict[str, Reference], citations: Sequence[Citation]) -> int:
    reference = references.get(finding.reference or "")
    on_entry = reference is not None and reference.line == finding.line and finding.sentence is None
    if on_entry:
        start = _find(line, reference.text[:PREFIX]) or _after_marker(line)
        value = _find_word(line, finding.cited, start - 1)
        return value or start
    sentence_at = (_find(line, (finding.sentence or "")[:PREFIX]) or 1) - 1  # the citation is in its sentence
    for needle in (citation.text for citation in citations):
        found = _find(line, needle, sentence_at) or _find(line, needle)
        if found:
            return found
    for needle in (finding.cited, (finding.sentence or "")[:PREFIX]):
        found = _find(line, needle)
        if found:
            return found
    return _after_marker(line)


def _citations_of(finding: Finding, citations: Iterable[Citation]) -> list[Citation]:
    """The citations a finding may be about (same line and sentence), likeliest first.

    A finding about a reference prefers the citations linked to it; one about
    no reference (a citation without an entry) prefers the unlinked ones.
    """
    if finding.sentence is None:
        return []
    same = [c for c in citations if c.line == finding.line and c.sentence == finding.sentence]
    if finding.reference is None:
        preferred = [c for c in same if not c.references]
    else:
        preferred = [c for c in same if finding.reference in c.references]
    return preferred + [c for c in same if c not in preferred]


def _find(line: str, needle: str | None, start: int = 0) -> int | None:
    """1-based column of `needle` in `line` from `start` (whitespace runs compared as one space)."""
    if not needle or not needle.strip():
        return None
    index = line.find(needle, start)
    if index < 0:
        words = needle.split()
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        match = pattern.search(line, start) if words else None
        if match is None:
            return None
        index = match.start()
    return index + 1


def _find_word(line: str, value: str | None, start: int) -> int | None:
    """1-based column of `value` standing alone (not inside a longer word or number) from `start`."""
    if not value or len(value) > 200:
        return None
    match = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)").search(line, max(start, 0))
    return match.start() + 1 if match else None


def _after_marker(line: str) -> int:
    """The first column after indentation and a list marker (`1.`, `-`, `[3]`)."""
    match = _LIST_MARKER.match(line)
    end = match.end() if match else 0
    return end + 1 if end < len(line) else (len(line) - len(line.lstrip()) + 1 if line.strip() else 1)
