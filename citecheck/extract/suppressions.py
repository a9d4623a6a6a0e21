"""Inline suppressions: `citecheck: ignore[CODES]` comments written in the article.

Syntax
    Markdown and HTML: an HTML comment, `<!-- citecheck: ignore[CC401] -->`.
    Plain text: the same comment, or a line holding only the directive,
    optionally behind a comment marker: `# citecheck: ignore[CC201]`,
    `// ...`, `% ...`, `; ...`, `-- ...`.
    Several rules: `ignore[CC201, CC4, year-mismatch]` (codes, code prefixes or
    rule names). Text after the closing bracket is a free reason:
    `<!-- citecheck: ignore[CC201] the print year is 2019 -->`.
    A bare `ignore` (no bracket, or `ignore[]`) suppresses nothing and is
    reported: a suppression must say what it silences.

What a suppression covers (in lines of the original file)
    A comment on a line of its own (or at the start of a line) covers the NEXT
    sentence, or the next list item when that is a list item (a numbered or
    bulleted reference entry is covered whole). Exactly that sentence: a
    finding about another sentence of the same line or paragraph is not
    hidden (`Suppression.sentences` keeps the covered text for that). Stacked comments cover the same
    target. A comment after text on the same line covers the sentence (or list
    item) it follows. Sentences and list items are those of
    `citecheck.extract.sentences`: a sentence ends at `.`, `!` or `?` (not
    after "et al." and other abbreviations or initials) or at the end of the
    paragraph; a list item ends at a blank line or the next item.

The comments are read from the original file text (`Document.source`), since
the Markdown and HTML conversions drop comments (in HTML, tags are blanked out
and `<li>` reads as a list item before sentences are split); comments inside fenced code
blocks are examples, not suppressions, and are skipped.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from citecheck.extract.sentences import line_of, line_starts, split_sentences
from citecheck.model import Document, InputFormat, Suppression

__all__ = ["blank_directives", "find_suppressions", "parse_codes"]

_QUICK = re.compile(r"citecheck:", re.IGNORECASE)
# The directive itself, once a comment body is isolated. Bounded everywhere.
_DIRECTIVE = re.compile(
    r"citecheck:[ \t]{0,8}ignore(?![\w-])(?:[ \t]{0,8}(\[)([^\]\n]{0,400})(\])?)?",
    re.IGNORECASE,
)
# Plain-text comment markers allowed before a directive on its own line.
_TEXT_MARKER = re.compile(r"[ \t]{0,40}(?:#{1,6}|//|%{1,2}|;{1,2}|--|\*|/\*)?[ \t]{0,8}(?=citecheck:)", re.IGNORECASE)
_TEXT_TAIL = re.compile(r"[ \t]{0,8}(?:\*/|-->)?\s{0,40}")
_TAG = re.compile(r"<[^<>\n]{0,500}>")
_LIST_TAG = re.compile(r"<(?:li|dt|dd)\b", re.IGNORECASE)
# How far around a comment to look, in lines (a paragraph longer than this is cut).
_WINDOW = 400
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")


class _Directive(NamedTuple):
    line: int  # 1-based line of the text that was scanned
    start: int  # offsets of the directive (the whole comment) in that text
    end: int
    codes: tuple[str, ...]


def parse_codes(inner: str | None) -> tuple[str, ...]:
    """The rule keys between the brackets: codes upper-cased, names lower-cased."""
    if not inner:
        return ()
    keys = []
    for part in re.split(r"[,\s]{1,50}", inner.strip()):
        if part:
            keys.append(part.upper() if part[:2].lower() == "cc" else part.lower())
    return tuple(keys)


def find_suppressions(document: Document) -> tuple[Suppression, ...]:
    """Every `citecheck: ignore[...]` comment of the document, with the lines it covers."""
    text, mapped = _scanned_text(document)
    if not _QUICK.search(text):
        return ()
    directives = _directives(text, document.format)
    if not directives:
        return ()
    # A comment on its own line then reads as a blank line between paragraphs.
    cleaned = _blank(text, directives)
    lines = cleaned.split("\n")
    offsets = line_starts(cleaned)
    untag = document.format is InputFormat.HTML and not mapped

    def source(line: int) -> int:
        return document.source_line(line) if mapped else line

    suppressions = []
    for directive in directives:
        # Only the paragraphs around the comment are split into sentences: a
        # 5 MB article with a few comments costs no more than a short one.
        low, high = _window(lines, directive.line - 1)
        window = "\n".join(lines[low:high])
        if untag:
            window = _untag(window)
        base = offsets[low]
        first, last, covered = _covered(directive.start - base, directive.end - base, directive.line - low, window)
        suppressions.append(
            Suppression(
                line=source(directive.line),
                codes=directive.codes,
                covers=(source(first + low), source(last + low)),
                sentences=covered,
            )
        )
    return tuple(suppressions)


def blank_directives(text: str, input_format: InputFormat = InputFormat.TEXT) -> str:
    """`text` with every suppression comment replaced by spaces (same length and lines).

    For the extractor: a directive line inside a reference list (`# citecheck:
    ignore[CC201] the print year differs`) is not part of the next entry.
    """
    if not _QUICK.search(text):
        return text
    return _blank(text, _directives(text, input_format))


def _blank(text: str, directives: list[_Directive]) -> str:
    pieces, position = [], 0
    for directive in directives:
        pieces += [text[position : directive.start], " " * (directive.end - directive.start)]
        position = directive.end
    pieces.append(text[position:])
    return "".join(pieces)


def _window(lines: list[str], index: int) -> tuple[int, int]:
    """Line indexes [low, high) of the paragraph holding line `index` and the next one."""
    low = index
    while low > 0 and index - low < _WINDOW and lines[low - 1].strip():
        low -= 1
    high = index + 1
    while high < len(lines) and high - index < _WINDOW and not lines[high].strip():
        high += 1
    while high < len(lines) and high - index < _WINDOW and lines[high].strip():
        high += 1
    return low, high


def _untag(html: str) -> str:
    """HTML with its tags blanked out (same length), `<li>` turned into a `-` bullet.

    The sentence splitter reads text, not markup: `2020).</p>` ends a sentence
    only once the tag is gone, and a list item is recognised by its bullet.
    """

    def blank(match: re.Match[str]) -> str:
        tag = match.group(0)
        if _LIST_TAG.match(tag):
            return "-" + " " * (len(tag) - 1)
        return " " * len(tag)

    return _TAG.sub(blank, html)


def _scanned_text(document: Document) -> tuple[str, bool]:
    """The text to look for comments in, and whether its lines need `line_map`.

    Without the source, the converted text is read (in converted lines): the
    comments a conversion dropped are lost, but plain-text directives survive.
    """
    if document.source:
        return document.source, False
    return document.text, bool(document.line_map)


def _directives(text: str, input_format: InputFormat) -> list[_Directive]:
    found: list[_Directive] = []
    in_fence: str | None = None
    markdown = input_format in (InputFormat.MARKDOWN, InputFormat.AUTO)
    plain = input_format in (InputFormat.TEXT, InputFormat.AUTO)
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line_offset = offset
        offset += len(line) + 1
        if markdown:
            fence = _FENCE.match(line)
            if fence:
                marker = fence.group(1)
                if in_fence is None:
                    in_fence = marker
                elif marker[0] == in_fence[0] and len(marker) >= len(in_fence):
                    in_fence = None
                continue
            if in_fence is not None:
                continue
        if "citecheck" not in line.lower():
            continue
        directive = _html_comment(line) or (_text_line(line) if plain else None)
        if directive is not None:
            start, end, codes = directive
            found.append(_Directive(number, line_offset + start, line_offset + end, codes))
    return found


def _html_comment(line: str) -> tuple[int, int, tuple[str, ...]] | None:
    """The first `<!-- citecheck: ... -->` comment of the line: (start, end, codes)."""
    position = 0
    while True:
        start = line.find("<!--", position)
        if start == -1:
            return None
        end = line.find("-->", start + 4)
        if end == -1:
            return None  # comments must close on their line
        body = line[start + 4 : end].strip()
        match = _DIRECTIVE.match(body)
        if match:
            return start, end + 3, _codes_of(match)
        position = end + 3


def _text_line(line: str) -> tuple[int, int, tuple[str, ...]] | None:
    """A plain-text line that is only a directive (behind an optional comment marker)."""
    marker = _TEXT_MARKER.match(line)
    if marker is None:
        return None
    match = _DIRECTIVE.match(line, marker.end())
    if match is None:
        return None
    rest = line[match.end() :]
    if match.group(1) is None:
        # A bare `citecheck: ignore`: allowed to carry nothing but a closer.
        if _TEXT_TAIL.fullmatch(rest) is None:
            return None
    return 0, len(line), _codes_of(match)


def _codes_of(match: re.Match[str]) -> tuple[str, ...]:
    if match.group(1) is None or match.group(3) is None:
        return ()  # bare or unclosed: names nothing
    return parse_codes(match.group(2))


def _covered(start: int, end: int, line: int, text: str) -> tuple[int, int, tuple[str, ...]]:
    """First and last line (1-based, in `text`) covered by the directive at [start, end) on `line`, and
    the covered sentence's text (none for a whole list item, which is matched by its lines)."""
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    lines = line_starts(text)
    if text[lines[line - 1] : start].strip():
        # After text on its line: the sentence (or list item) it follows.
        index = bisect.bisect_left(starts, start) - 1
    else:
        # On its own line or leading: the first sentence after it.
        index = bisect.bisect_left(starts, end)
    if index < 0 or index >= len(sentences):
        return line, line, ()  # covers nothing: reported as unused
    sentence = sentences[index]
    first, last = sentence, sentence
    covered: tuple[str, ...] = (sentence.text,)
    if sentence.list_item:
        covered = ()
        # A list item (a numbered or bulleted reference entry) is covered whole.
        low = index
        while low > 0 and sentences[low - 1].block == sentence.block:
            low -= 1
        high = index
        while high + 1 < len(sentences) and sentences[high + 1].block == sentence.block:
            high += 1
        first, last = sentences[low], sentences[high]
    return line_of(lines, first.start), line_of(lines, max(last.end - 1, last.start)), covered
