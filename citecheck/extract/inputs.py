"""Turn an input file (plain text, Markdown or HTML) into a Document.

Whatever the format, the result is plain text with one guarantee the rest of
the extractor relies on: `Document.line_map` maps every text line to the line
of the original file it came from, so a finding points at the line the author
wrote. Markdown and HTML are rendered so that link targets stay visible as
`text <url>` (many articles carry their DOIs only in links), list items become
lines (`- item`, `3. item`) and blocks become paragraphs separated by blank
lines. Characters that mean the same thing are folded to one spelling
(non-breaking spaces, smart quotes, en dashes in page ranges, bullets), and
nothing in the text splits a line except `\\n`, so `text.split("\\n")` and
`text.splitlines()` agree with `line_map`.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import Sequence

from citecheck.errors import InputError
from citecheck.model import Document, InputFormat

__all__ = [
    "STDIN",
    "decode_bytes",
    "detect_format",
    "document_from_text",
    "normalise_text",
    "read_document",
    "render_html",
    "render_markdown",
]

STDIN = "-"
STDIN_NAME = "<stdin>"

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".rst", ".csv"}


# ------------------------------------------------------------------- reading


def read_document(path: str | Path, input_format: InputFormat = InputFormat.AUTO) -> Document:
    """Read one file, or standard input for `-`, into a Document.

    Raises InputError (one line: what is wrong, what to do) for a missing file,
    a directory, a binary file or text that cannot be decoded.
    """
    name = str(path)
    if name == STDIN:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(data, str):
            text = data
        else:
            text = decode_bytes(data, STDIN_NAME)
        return document_from_text(text, STDIN_NAME, input_format)
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(
            f"{name}: is a directory, not an article; pass the files in it (or the folder to the check command)"
        ) from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as error:
        if file.is_dir():
            raise InputError(
                f"{name}: is a directory, not an article; pass the files in it (or the folder to the check command)"
            ) from None
        raise InputError(f"{name}: cannot be read ({error.strerror or error}); check the path") from None
    return document_from_text(decode_bytes(data, name), name, input_format)


_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt is one)"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Decode the bytes of an article, or raise InputError if they are not text.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such. A file
    that is mostly UTF-8 with a few stray bytes is read as a browser would
    (U+FFFD for the stray bytes); anything else falls back to Windows-1252, with
    Latin-1 for the five bytes Windows-1252 leaves undefined.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}; "
                    "save it as UTF-8"
                ) from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: is {what}, not text; export the article as text, Markdown or HTML first")
    if b"\x00" in data[:65536] or b"\x00" in data[-4096:]:
        raise InputError(
            f"{name}: binary file (it contains NUL bytes), not text; give a text, Markdown or HTML file"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_non_utf8(data)
    _refuse_if_unreadable(text, name)
    return text


def _decode_non_utf8(data: bytes) -> str:
    replaced = data.decode("utf-8", errors="replace")
    stray = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = sum(1 for char in replaced if ord(char) > 127 and char != "\ufffd")
    # Mostly UTF-8 with a few bytes of another encoding pasted in: keep the
    # UTF-8 and mark the stray bytes, as a browser shows such a page.
    if wide and stray <= max(2, wide // 3):
        return replaced
    return "".join(_cp1252_char(byte) for byte in data) if len(data) < 4096 else _cp1252(data)


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(_cp1252_char(byte) for byte in data)


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _refuse_if_unreadable(text: str, name: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    bad = sum(
        1
        for char in sample
        if char == "\ufffd" or (ord(char) < 32 and char not in "\t\n\r\f\v\x1b")
    )
    if bad > 0.2 * len(sample) and bad > 8:
        raise InputError(f"{name}: cannot be decoded as text (mostly control bytes); save it as UTF-8 text")


# -------------------------------------------------------------------- formats


def detect_format(path: str, input_format: InputFormat = InputFormat.AUTO, text: str = "") -> InputFormat:
    """The format to read `path` as: the explicit choice, else by extension, else sniffed."""
    if input_format is not None and input_format is not InputFormat.AUTO:
        return InputFormat(input_format)
    suffix = Path(path).suffix.lower() if path not in (STDIN, STDIN_NAME) else ""
    if suffix in _MARKDOWN_SUFFIXES:
        return InputFormat.MARKDOWN
    if suffix in _HTML_SUFFIXES:
        return InputFormat.HTML
    if suffix in _TEXT_SUFFIXES:
        return InputFormat.TEXT
    return _sniff(text)


_HTML_START = re.compile(r"^\s{0,200}(?:<!doctype html|<html|<\?xml[^>]{0,200}>\s{0,20}<html|<head|<body)", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_MD_LINK = re.compile(r"\]\((?:https?://|/|#)[^)\s]{1,500}\)")


def _sniff(text: str) -> InputFormat:
    head = text[:20000]
    if _HTML_START.match(head):
        return InputFormat.HTML
    if head.startswith(("---\n", "---\r\n", "+++\n")) or (_MD_HEADING.search(head) and _MD_LINK.search(head)):
        return InputFormat.MARKDOWN
    return InputFormat.TEXT


def document_from_text(
    text: str, path: str = "<text>", input_format: InputFormat = InputFormat.AUTO
) -> Document:
    """Build a Document from text already in memory (rendered per its format)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    fmt = detect_format(path, input_format, text)
    if fmt is InputFormat.MARKDOWN:
        rendered, line_map = render_markdown(text)
    elif fmt is InputFormat.HTML:
        rendered, line_map = render_html(text)
    else:
        rendered = text
        line_map = tuple(range(1, text.count("\n") + 2))
    rendered = normalise_text(rendered)
    if len(line_map) != rendered.count("\n") + 1:  # pragma: no cover - a renderer bug
        raise AssertionError("line map out of step with the rendered text")
    # `source` keeps the file as written (line breaks normalised): what the
    # renderers drop, such as HTML comments, is still there for suppressions.
    return Document(path=str(path), text=rendered, line_map=tuple(line_map), format=fmt, source=text)


# -------------------------------------------------------------- normalisation

_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"),
    " ",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Characters str.splitlines() treats as line breaks: folded to spaces so that
# the only line break left is "\n" and line numbers agree with line_map.
_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), " ")
_CONTROLS = dict.fromkeys([*range(0, 9), *range(14, 28), 0x7F], None)
_PUNCTUATION = {
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    ord("\u201a"): "'",
    ord("\u201b"): "'",
    ord("\u2032"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u201e"): '"',
    ord("\u201f"): '"',
    ord("\u2033"): '"',
    ord("\u00ab"): '"',
    ord("\u00bb"): '"',
    ord("\u2010"): "-",
    ord("\u2011"): "-",
    ord("\u2012"): "-",
    ord("\u2013"): "-",  # en dash: page and year ranges
    ord("\u2212"): "-",
    ord("\u2043"): "-",
    ord("\u2026"): "...",
    ord("\ufe58"): "-",
    ord("\ufe63"): "-",
    ord("\uff0d"): "-",
}
_TABLE = {**_SPACES, **_INVISIBLE, **_BREAKS, **_CONTROLS, **_PUNCTUATION}
# `str.translate` looks every character of a non-ASCII text up in `_TABLE`
# (a quarter of a second on 5 MB); replacing only the characters that are in
# the table does the same in a single regex pass.
_TABLE_TEXT = {chr(code): value or "" for code, value in _TABLE.items()}
_TABLE_CHARS = re.compile("[" + "".join(re.escape(char) for char in sorted(_TABLE_TEXT)) + "]")
_EM_DASH = re.compile(r"[\u2014\u2015]")
_BULLET = re.compile(r"^([ ]{0,40})[\u2022\u25e6\u25aa\u25ab\u2023\u2043\u25cf\u25cb\u25a0\u25a1\u00b7\u2219\u27a2\u2794\u25ba\u25b8]\s{0,20}", re.MULTILINE)
# UTF-8 read as Windows-1252 ("â€™" for "'"), a frequent accident of copied web text.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


# Mojibake needs a character from U+00C2 up; a text without one is left alone.
_HIGH_CHAR = re.compile("[^\x00-\u00c1]")  # negated: a range up to U+10FFFF is slow to compile


def _repair_mojibake(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        raw = bytearray()
        for char in match.group(0):
            try:
                raw += char.encode("cp1252")
            except UnicodeEncodeError:
                if ord(char) < 256:
                    raw.append(ord(char))
                else:
                    return match.group(0)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)

    return _MOJIBAKE.sub(fix, text)


def _spaced_dashes(text: str) -> str:
    """Every em dash, with at most one space on each side, as " - ".

    What `re.sub(r" ?[\u2014\u2015] ?", " - ", text)` does, but the optional
    leading space made that pattern try every position of the text; here
    only the dashes are searched for.
    """
    parts: list[str] = []
    last = 0
    length = len(text)
    for match in _EM_DASH.finditer(text):
        start = match.start()
        if start - 1 >= last and text[start - 1] == " ":
            start -= 1
        end = match.end()
        if end < length and text[end] == " ":
            end += 1
        parts.append(text[last:start])
        parts.append(" - ")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def normalise_text(text: str) -> str:
    """Fold characters that mean the same to one spelling; never adds or removes a line.

    Non-breaking and other spaces become a space, smart quotes straight quotes,
    en dashes and minus signs `-` (so `695–710` reads as a page range), em dashes
    ` - `, bullets at the start of a line `- `. U+FFFD stays as it is.
    """
    if not text.isascii() and _HIGH_CHAR.search(text):
        if _MOJIBAKE.search(text):
            text = _repair_mojibake(text)
    text = _TABLE_CHARS.sub(lambda match: _TABLE_TEXT[match.group()], text)
    if "\u2014" in text or "\u2015" in text:
        text = _spaced_dashes(text)
    text = _BULLET.sub(r"\1- ", text)
    return text


# ------------------------------------------------------------------- emitter


class _Emitter:
    """Collects output lines and the source line each one came from."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sources: list[int] = []
        self._parts: list[str] = []
        self._line = 1
        self._gap = False
        self._prefix = ""
        self.preformatted = False

    # The line the pending text started on (first text written after a flush).
    def text(self, value: str, line: int) -> None:
        if not value:
            return
        pieces = value.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                self.flush()
            if not self.preformatted:
                piece = re.sub(r"\s{1,10000}", " ", piece)
            if piece.strip() or (self._parts and piece):
                if not self._parts:
                    self._line = line + index
                    if not self.preformatted:
                        piece = piece.lstrip()
                    if not piece:
                        continue
                self._parts.append(piece)

    def flush(self) -> None:
        if not self._parts:
            return
        content = "".join(self._parts)
        content = content.rstrip() if self.preformatted else content.strip()
        self._parts = []
        if not content:
            return
        if self._gap and self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.sources.append(self.sources[-1])
        self._gap = False
        if self._prefix:
            content = self._prefix + content
            self._prefix = ""
        self.lines.append(content)
        self.sources.append(self._line)

    def gap(self) -> None:
        """Ask for a blank line before the next line (paragraph boundary)."""
        self.flush()
        if not self._prefix:
            self._gap = True

    def prefix(self, value: str) -> None:
        self.flush()
        self._prefix = value

    def end_item(self) -> None:
        """Close a list item; an empty item leaves no dangling marker."""
        self.flush()
        self._prefix = ""

    def line(self, value: str, line: int) -> None:
        """Write `value` as a line of its own."""
        self.flush()
        self.text(value, line)
        self.flush()

    def result(self, total_lines: int) -> tuple[str, tuple[int, ...]]:
        self.flush()
        if not self.lines:
            return "", (1,)
        top = max(total_lines, 1)
        sources = tuple(min(max(s, 1), top) for s in self.sources)
        return "\n".join(self.lines), sources


# ------------------------------------------------------------------ Markdown

_FRONT_MATTER_END = {"---": ("---", "..."), "+++": ("+++",)}


def _blank_front_matter(lines: list[str]) -> None:
    if not lines or lines[0].strip() not in _FRONT_MATTER_END:
        return
    closers = _FRONT_MATTER_END[lines[0].strip()]
    for index in range(1, min(len(lines), 400)):
        if lines[index].strip() in closers:
            for blank in range(index + 1):
                lines[blank] = ""
            return


def render_markdown(source: str) -> tuple[str, tuple[int, ...]]:
    """Render Markdown to plain text lines with a source line for each.

    Front matter is dropped, `[text](url)` becomes `text <url>`, headings lose
    their `#`, list items keep a `- ` or `N. ` marker, raw HTML blocks are
    rendered as HTML, and HTML comments that carry a `citecheck:` directive are
    kept verbatim so that suppressions still work.
    """
    from markdown_it import MarkdownIt

    lines = source.split("\n")
    _blank_front_matter(lines)
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = parser.parse("\n".join(lines))
    out = _Emitter()
    lists: list[str] = []  # the kind of each open list
    row: list[str] = []
    row_line = 0
    for token in tokens:
        kind = token.type
        if token.map and token.map[0] > 0 and kind.endswith("_open") or kind in ("fence", "code_block", "html_block"):
            if token.map and token.map[0] > 0 and not lines[token.map[0] - 1].strip():
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
            out.prefix("  " * depth + marker)
        elif kind == "list_item_close":
            out.end_item()
        elif kind in ("heading_open", "heading_close"):
            out.gap()
        elif kind == "paragraph_close":
            if not token.hidden:
                out.gap()
            else:
                out.flush()
        elif kind == "inline" and token.map:
            if row_line:
                row.append(_render_inline(token.children or [], None))
            else:
                _render_inline(token.children or [], out, token.map[0] + 1)
                out.flush()
        elif kind == "tr_open" and token.map:
            row, row_line = [], token.map[0] + 1
        elif kind == "tr_close":
            out.line(" | ".join(cell.strip() for cell in row), row_line)
            row, row_line = [], 0
        elif kind in ("fence", "code_block") and token.map:
            out.flush()
            first = token.map[0] + (2 if kind == "fence" else 1)
            out.preformatted = True
            for offset, code_line in enumerate(token.content.rstrip("\n").split("\n")):
                out.line(code_line, first + offset)
            out.preformatted = False
            out.gap()
        elif kind == "html_block" and token.map:
            text, sub_map = render_html(token.content)
            out.flush()
            for offset, html_line in enumerate(text.split("\n")):
                if html_line.strip():
                    out.line(html_line, token.map[0] + sub_map[offset])
                else:
                    out.gap()
    return out.result(len(lines))


def _render_inline(children: Sequence, emitter: _Emitter | None, first_line: int = 1) -> str:
    """Render inline tokens to a string; with an emitter, also write them as lines.

    Soft and hard breaks end a line (the next one maps to the next source line),
    so a paragraph wrapped in the source keeps its line numbers.
    """
    parts: list[str] = []
    links: list[tuple[str, int]] = []
    line = first_line

    def write(value: str) -> None:
        parts.append(value)
        if emitter is not None:
            emitter.text(value, line)

    skip = 0
    for position, child in enumerate(children):
        if skip:
            skip -= 1
            continue
        kind = child.type
        if kind == "html_inline" and re.fullmatch(r"<sup>", child.content.strip(), re.IGNORECASE):
            following = children[position + 1 : position + 3]
            if (
                len(following) == 2
                and following[0].type == "text"
                and following[1].type == "html_inline"
                and following[1].content.strip().lower() == "</sup>"
                and _SUP_NUMBERS.match(following[0].content)
                and _CITING_WORD.search("".join(parts).rstrip())
            ):
                # "shown<sup>1,2</sup>" is a citation: written "[1,2]" like in HTML.
                write(f"[{following[0].content.strip()}]")
                skip = 2
            continue
        if kind in ("text", "code_inline"):
            write(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
            if emitter is not None:
                emitter.flush()
            line += 1
        elif kind == "link_open":
            links.append((str(child.attrs.get("href", "") or ""), len(parts)))
        elif kind == "link_close" and links:
            href, start = links.pop()
            if _show_href(href, "".join(parts[start:])):
                write(f" <{href}>")
        elif kind == "image":
            write(child.content or "")
        elif kind == "html_inline":
            content = child.content
            if "citecheck" in content.lower():
                write(content)
            elif re.match(r"<br\s{0,5}/?>", content, re.IGNORECASE):
                parts.append(" ")
                if emitter is not None:
                    emitter.flush()
    return "".join(parts)


def _show_href(href: str, label: str) -> bool:
    if not href or href.startswith(("#", "javascript:")):
        return False
    plain = href[7:] if href.startswith("mailto:") else href
    return label.strip().rstrip("/") != plain.rstrip("/")


# ---------------------------------------------------------------------- HTML

_DROP = frozenset(
    "script style noscript template nav header footer aside svg iframe object embed head "
    "button select option input textarea canvas audio video map".split()
)
_KEEP_IF_REFERENCES = frozenset("nav header footer aside".split())
_BLOCK = frozenset(
    "p div section article main ul ol dl dt dd table thead tbody tfoot tr blockquote pre figure "
    "figcaption caption address details summary fieldset center body html h1 h2 h3 h4 h5 h6 hr".split()
)
_PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl figure hr section article".split())
_CITING_WORD = re.compile(r"(?:[A-Za-z]{3}|[.,;:)\]])$")
_SUP_NUMBERS = re.compile(r"^\s{0,5}\d{1,3}(?:\s{0,3}[,\u2013\u2014-]\s{0,3}\d{1,3}){0,20}\s{0,5}$")


def render_html(source: str) -> tuple[str, tuple[int, ...]]:
    """Render HTML to plain text lines with a source line for each.

    Scripts, styles, navigation, headers, footers and asides are dropped (a
    footer or aside that holds a "References" heading is kept), `<a href>`
    becomes `text <url>`, `<ol>`/`<ul>` items become numbered or `- ` lines,
    block elements become lines, superscript citation numbers become `[n]`.
    """
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag
    from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

    import warnings

    with warnings.catch_warnings():
        # A page that is only a URL or a file name is still a page to render.
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(source, "html.parser")
    out = _Emitter()
    total = source.count("\n") + 1
    current = 1
    # An explicit stack instead of recursion: pages nest thousands deep.
    stack: list[tuple[object, bool]] = [(soup, False)]
    lists: list[list[int]] = []  # per open list: [is_ordered, next number]
    links: list[list[str]] = []  # per open <a>: [href, visible text so far]
    skipped = (Doctype, Declaration, ProcessingInstruction, CData)
    recent = ""  # the last text written, to judge a <sup>
    while stack:
        node, leaving = stack.pop()
        if leaving:
            name = node.name  # type: ignore[attr-defined]
            if name == "a" and links:
                href, label = links.pop()
                if label.strip() and _show_href(href, label):
                    out.text(f" <{href}>", current)
                    recent = ">"
            elif name in ("ol", "ul") and lists:
                lists.pop()
                out.flush()
                if not lists:
                    out.gap()
            elif name == "li":
                out.end_item()
            elif name == "pre":
                out.flush()
                out.preformatted = False
                out.gap()
            elif name in ("td", "th"):
                pass
            elif name in _PARAGRAPH:
                out.gap()
            elif name in _BLOCK:
                out.flush()
            continue
        if isinstance(node, Comment):
            text = str(node)
            if "citecheck" in text.lower():
                out.text(f"<!--{text}-->", current)
            current += text.count("\n")
            continue
        if isinstance(node, skipped):
            current += str(node).count("\n")
            continue
        if isinstance(node, NavigableString):
            text = str(node)
            out.text(text, current)
            for link in links:
                link[1] += text
            if text.strip():
                recent = text.rstrip()
            current += text.count("\n")
            continue
        if not isinstance(node, Tag):
            continue
        if node.sourceline is not None:
            current = node.sourceline
        name = node.name
        if name in _DROP and not (name in _KEEP_IF_REFERENCES and _holds_reference_heading(node)):
            continue
        if name == "br":
            out.flush()
            continue
        if name == "sup":
            text = node.get_text()
            # A superscript number after a word is a citation ("shown<sup>3</sup>");
            # after a digit or a unit ("m<sup>2</sup>") it is an exponent.
            following = node.next_sibling
            glued = isinstance(following, NavigableString) and str(following)[:1].isalnum()
            # "<sup>89</sup>Zr" is an isotope, not a citation: text follows without a space.
            if _SUP_NUMBERS.match(text) and _CITING_WORD.search(recent) and not glued:
                out.text(f"[{text.strip()}]", current)
                recent = "]"
                current += text.count("\n")
                continue
        if name in ("ol", "ul"):
            start = 1
            if name == "ol":
                try:
                    start = int(str(node.get("start", "1")).strip() or 1)
                except ValueError:
                    start = 1
            lists.append([1 if name == "ol" else 0, start])
            out.flush()
        elif name == "li":
            depth = max(len(lists) - 1, 0)
            if lists and lists[-1][0]:
                value = str(node.get("value", "") or "").strip()
                if value.isdigit():
                    lists[-1][1] = int(value)
                marker = f"{lists[-1][1]}. "
                lists[-1][1] += 1
            else:
                marker = "- "
            out.prefix("  " * depth + marker)
        elif name == "pre":
            out.gap()
            out.preformatted = True
        elif name in ("td", "th"):
            if out._parts:
                out.text(" | ", current)
        elif name in _PARAGRAPH:
            out.gap()
        elif name in _BLOCK:
            out.flush()
        if name == "a":
            links.append([str(node.get("href", "") or "").strip(), ""])
        stack.append((node, True))
        for child in reversed(node.contents):
            stack.append((child, False))
    return out.result(total)


def _holds_reference_heading(tag) -> bool:
    """Whether a footer/aside/nav holds a reference list (then it is content, not chrome)."""
    from citecheck.extract.references import is_reference_heading

    for candidate in tag.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span", "div"], limit=200):
        text = candidate.get_text(" ", strip=True)
        if len(text) < 40 and is_reference_heading(text):
            return True
    return False
