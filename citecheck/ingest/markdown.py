"""Markdown to text, with every character mapped back to the file.

markdown-it-py parses the file (CommonMark with tables); its tokens say on
which lines each block sits, and the text of each inline token is found again
in those lines, so that a word of the text knows its offset in the file.
Escapes (`\\*`) and entities (`&amp;`) stand for their source as a whole;
emphasis markers, brackets and link targets between words are skipped.

What is written: front matter is dropped; headings lose their `#`;
`[text](url)` becomes `text <url>` with the URL as written in the file;
list items keep a `- ` or `N. ` marker; raw HTML blocks are read as HTML
(`citecheck.ingest.html`); inline `<a href>` and `<sup>` numbers are read
as in HTML, and so are Pandoc's caret superscripts (`^2,3^`); a `<!-- citecheck: ... -->` comment is kept for suppressions;
soft line breaks end text lines, so a paragraph wrapped in the file keeps its
line numbers.
"""

from __future__ import annotations

import html as html_entities
import re
from typing import Sequence

from citecheck.ingest.html import render_html_into
from citecheck.ingest.superscript import SUPERSCRIPT_NUMBERS, to_superscript
from citecheck.ingest.textmap import LineWriter, source_line_starts
from citecheck.model import TextMap

__all__ = ["render_markdown"]

_FRONT_MATTER_END = {"---": ("---", "..."), "+++": ("+++",)}
# Characters Markdown uses as markup between the words of a paragraph.
_MARKUP = frozenset("*_~`[]()<>!#|\\ \t\n>-+=:")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Pandoc's superscript (`^1^`, `^2,3^`, `^4-6^`), also written by Hugo's and Goldmark's extensions.
_CARET_SUPERSCRIPT = re.compile(r"(?<![\^\\])\^(\d{1,4}(?:[,\u2013\u2014-]\d{1,4}){0,30})\^(?!\^)")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _without_front_matter(source: str) -> str:
    """`source` with its front matter blanked by spaces (offsets unchanged)."""
    lines = source.split("\n")
    if not lines or lines[0].strip() not in _FRONT_MATTER_END:
        return source
    closers = _FRONT_MATTER_END[lines[0].strip()]
    for index in range(1, min(len(lines), 400)):
        if lines[index].strip() in closers:
            for blank in range(index + 1):
                lines[blank] = " " * len(lines[blank])
            return "\n".join(lines)
    return source


class _Aligner:
    """Finds the pieces of inline text again in the source, moving forward only."""

    def __init__(self, source: str, out: LineWriter) -> None:
        self.source = source
        self.out = out
        self.cursor = 0
        self.limit = len(source)

    def region(self, start: int, end: int) -> None:
        self.cursor = max(self.cursor, start)
        self.limit = max(end, self.cursor)

    def _skippable(self, start: int, end: int) -> bool:
        return end - start <= 400 and all(char in _MARKUP for char in self.source[start:end])

    def locate(self, piece: str) -> int | None:
        """Where `piece` is written verbatim next (only markup before it), or None."""
        found = self.source.find(piece, self.cursor, self.limit)
        if found != -1 and self._skippable(self.cursor, found):
            return found
        return None

    def write(self, piece: str) -> None:
        """Write `piece` of inline text, mapped to where it is in the source."""
        if not piece:
            return
        found = self.locate(piece)
        if found is not None:
            self.out.source(piece, found)
            self.cursor = found + len(piece)
            return
        source, limit = self.source, self.limit
        position, index, size = self.cursor, 0, len(piece)
        while index < size:
            char = piece[index]
            if position < limit and source[position] == char:
                run = position
                while index < size and position < limit and source[position] == piece[index]:
                    position += 1
                    index += 1
                self.out.source(source[run:position], run)
                continue
            if position + 1 < limit and source[position] == "\\" and source[position + 1] == char:
                self.out.replaced(char, position, position + 2)
                position += 2
                index += 1
                continue
            entity = _ENTITY.match(source, position, limit) if source.startswith("&", position) else None
            if entity is not None:
                decoded = html_entities.unescape(entity.group())
                if decoded and piece.startswith(decoded, index):
                    self.out.replaced(decoded, position, entity.end())
                    position = entity.end()
                    index += len(decoded)
                    continue
            if position < limit and source[position] in _MARKUP and position - self.cursor < 400:
                position += 1
                continue
            # Not found: the rest is written without a place in the source.
            self.out.inserted(piece[index:], position)
            break
        self.cursor = position

    def skip_to_line_end(self) -> None:
        newline = self.source.find("\n", self.cursor, self.limit)
        if newline != -1:
            self.cursor = newline + 1

    def link_target(self, href: str) -> tuple[str, int] | None:
        """The link target after a link's text, as written in the source, and its offset."""
        source = self.source
        position = self.cursor
        while position < self.limit and source[position] == "]":
            position += 1
            break
        if not source.startswith("(", position):
            return None
        position += 1
        while position < self.limit and source[position] in " \t\n":
            position += 1
        if source.startswith("<", position):
            end = source.find(">", position + 1, self.limit)
            if end == -1:
                return None
            raw, at, after = source[position + 1 : end], position + 1, end + 1
        else:
            depth, end = 0, position
            while end < self.limit and not source[end].isspace():
                if source[end] == "(":
                    depth += 1
                elif source[end] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                end += 1
            raw, at, after = source[position:end], position, end
        close = source.find(")", after, self.limit)
        self.cursor = close + 1 if close != -1 else after
        return raw, at


def _show_href(href: str, label: str) -> bool:
    if not href or href.startswith(("#", "javascript:")):
        return False
    plain = href[7:] if href.startswith("mailto:") else href
    return " ".join(label.split()).rstrip("/") != plain.rstrip("/")


def _note_link(children: Sequence, position: int) -> bool:
    """Whether `children[position]` opens a link to a place on the page whose text is only numbers."""
    if position + 2 >= len(children):
        return False
    opening, inner, closing = children[position : position + 3]
    href = str(opening.attrs.get("href", "") or "").strip()
    return (
        href.startswith("#")
        and inner.type == "text"
        and closing.type == "link_close"
        and SUPERSCRIPT_NUMBERS.fullmatch(inner.content) is not None
    )


def _write_text(content: str, aligner: _Aligner, out: LineWriter) -> None:
    """Write a piece of text; a caret superscript `^2,3^` becomes superscript digits, as `<sup>` would."""
    if "^" not in content:
        aligner.write(content)
        return
    done = 0
    for match in _CARET_SUPERSCRIPT.finditer(content):
        aligner.write(content[done : match.start()])
        numbers = match.group(1)
        found = aligner.locate(match.group())
        if found is not None:
            out.aligned(to_superscript(numbers), found + 1)
            aligner.cursor = found + len(match.group())
        else:
            out.inserted(to_superscript(numbers), aligner.cursor)
        done = match.end()
    aligner.write(content[done:])


def _write_inline(children: Sequence, aligner: _Aligner, out: LineWriter) -> None:
    links: list[tuple[str, list[str], bool]] = []  # href, text so far, written as raw HTML
    position = 0
    total = len(children)
    while position < total:
        child = children[position]
        kind = child.type
        if kind == "html_inline":
            content = child.content
            lowered = content.strip().lower()
            if lowered == "<sup>" and position + 2 < total:
                inner, closing = children[position + 1], children[position + 2]
                if (
                    inner.type == "text"
                    and closing.type == "html_inline"
                    and closing.content.strip().lower() == "</sup>"
                    and SUPERSCRIPT_NUMBERS.fullmatch(inner.content)
                ):
                    tag = aligner.locate(content)
                    if tag is not None:
                        aligner.cursor = tag + len(content)
                    found = aligner.locate(inner.content)
                    if found is not None:
                        out.aligned(to_superscript(inner.content), found)
                        aligner.cursor = found + len(inner.content)
                    else:
                        out.inserted(to_superscript(inner.content), aligner.cursor)
                    position += 3
                    continue
            found = aligner.locate(content)
            if found is not None:
                aligner.cursor = found + len(content)
            at = found if found is not None else aligner.cursor
            if "citecheck" in lowered:
                out.source(content, at) if found is not None else out.inserted(content, at)
            elif re.match(r"<br\s{0,5}/?>", lowered):
                out.end_line()
            elif re.match(r"<a\s", lowered):
                match = _HREF.search(content)
                href = next((g for g in match.groups() if g is not None), "") if match else ""
                links.append((html_entities.unescape(href.strip()), [], True))
            elif lowered.startswith("</a") and links and links[-1][2]:
                href, label, _ = links.pop()
                if "".join(label).strip() and _show_href(href, "".join(label)):
                    out.inserted(f" <{href}>", at)
            position += 1
            continue
        if kind == "text":
            _write_text(child.content, aligner, out)
            for link in links:
                link[1].append(child.content)
        elif kind == "code_inline":
            aligner.write(child.content)
            for link in links:
                link[1].append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.end_line()
            aligner.skip_to_line_end()
        elif kind == "link_open" and _note_link(children, position):
            # `[13](#footnote-13)`: a note's number, written as superscript digits like a copied `¹³`.
            number = children[position + 1].content
            found = aligner.locate(number)
            if found is not None:
                out.aligned(to_superscript(number), found)
                aligner.cursor = found + len(number)
            else:
                out.inserted(to_superscript(number), aligner.cursor)
            aligner.link_target(str(child.attrs.get("href", "") or ""))
            position += 3
            continue
        elif kind == "link_open":
            links.append((str(child.attrs.get("href", "") or ""), [], False))
        elif kind == "link_close" and links:
            href, label, _ = links.pop()
            text = "".join(label)
            target = aligner.link_target(href)
            if _show_href(href, text):
                if target is not None and target[0]:
                    # The target as written in the file (markdown-it percent-encodes its copy).
                    out.inserted(" <", target[1])
                    out.source(target[0], target[1])
                    out.inserted(">", target[1] + len(target[0]))
                else:
                    out.inserted(f" <{href}>", aligner.cursor)
        elif kind == "image":
            aligner.write(child.content or "")
        position += 1


def render_markdown(source: str) -> tuple[str, TextMap, tuple[int, ...]]:
    """Render Markdown: its text, the map back to `source`, and the line map."""
    from markdown_it import MarkdownIt

    readable = _without_front_matter(source)
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = parser.parse(readable)
    starts = source_line_starts(readable)
    line_count = len(starts)

    def offset_of(line: int) -> int:
        return starts[line] if line < line_count else len(readable)

    lines = readable.split("\n")
    out = LineWriter()
    aligner = _Aligner(readable, out)
    lists: list[str] = []
    in_row = False
    for token in tokens:
        kind = token.type
        opens_block = kind.endswith("_open") or kind in ("fence", "code_block", "html_block")
        if token.map and token.map[0] > 0 and opens_block and not lines[token.map[0] - 1].strip():
            out.gap()  # a blank line in the source before this block
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            depth = max(len(lists) - 1, 0)
            if lists and lists[-1] == "ordered_list_open":
                marker = f"{token.info or '1'}{token.markup or '.'} "
            else:
                marker = "- "
            at = offset_of(token.map[0]) if token.map else aligner.cursor
            out.prefix("  " * depth + marker, at)
        elif kind == "list_item_close":
            out.end_item()
        elif kind in ("heading_open", "heading_close"):
            out.gap()
        elif kind == "paragraph_close":
            if not token.hidden:
                out.gap()
            else:
                out.end_line()
        elif kind == "tr_open":
            out.end_line()
            in_row = True
        elif kind == "tr_close":
            out.end_line()
            in_row = False
        elif kind in ("th_open", "td_open") and in_row:
            if not out.line_is_empty:
                out.inserted(" | ", aligner.cursor)
        elif kind == "inline" and token.map:
            begin, end = offset_of(token.map[0]), offset_of(token.map[1])
            # The inline text starts after any list marker or quote mark on its first line.
            first_line = token.content.split("\n", 1)[0]
            found = readable.find(first_line, max(begin, aligner.cursor), end) if first_line else -1
            aligner.region(found if found != -1 else begin, end)
            _write_inline(token.children or [], aligner, out)
            if not in_row:
                out.end_line()
        elif kind in ("fence", "code_block") and token.map:
            out.end_line()
            first = token.map[0] + (1 if kind == "fence" else 0)
            last = token.map[1] - (1 if kind == "fence" else 0)
            out.preformatted = True
            for line in range(first, max(first, last)):
                if line < line_count:
                    text = lines[line]
                    out.source(text, starts[line])
                    out.end_line(keep_empty=True)
            out.preformatted = False
            out.gap()
        elif kind == "html_block" and token.map:
            out.end_line()
            begin, end = offset_of(token.map[0]), offset_of(token.map[1])
            render_html_into(out, readable[begin:end], base=begin)
            out.end_line()
            aligner.region(end, end)
    text, offsets, line_map = out.result(readable)
    return text, offsets, line_map
