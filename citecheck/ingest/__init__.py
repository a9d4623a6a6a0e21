"""Files in, Documents out: decoding, the format, and text mapped back to the source.

Whatever the format, a Document's `text` is plain text with three guarantees
the extractor relies on:

- `\\n` is the only line break, and `Document.line_map` gives the line of the
  file each text line came from;
- characters that mean the same are spelled one way (`citecheck.ingest.fold`);
- every character knows where it came from in `Document.source` (the file as
  decoded, line breaks folded to `\\n`): `Document.source_span` and
  `Document.source_extent`.

Markdown (`ingest.markdown`) and HTML (`ingest.html`) are rendered so that link
targets stay visible as `text <url>` (many articles carry their DOIs only in
links), list items become lines (`- item`, `3. item`) and blocks become
paragraphs separated by blank lines. Plain text is read as it is.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from citecheck.errors import InputError
from citecheck.ingest.decode import decode_bytes
from citecheck.ingest.textmap import TextBuilder
from citecheck.model import Document, InputFormat

__all__ = ["STDIN", "decode_bytes", "detect_format", "document_from_text", "read_document"]

STDIN = "-"
STDIN_NAME = "<stdin>"

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".text", ".rst", ".csv"}


def read_document(path: str | Path, input_format: InputFormat = InputFormat.AUTO) -> Document:
    """Read one file, or standard input for `-`, into a Document.

    Raises InputError (one line: what is wrong, what to do) for a missing file,
    a directory, a binary file or text that cannot be decoded.
    """
    name = str(path)
    if name == STDIN:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        text = data if isinstance(data, str) else decode_bytes(data, STDIN_NAME)
        return document_from_text(text, STDIN_NAME, input_format)
    file = Path(path)
    directory = f"{name}: is a directory, not an article; pass the files in it (or the folder to the check command)"
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(directory) from None
    except PermissionError:
        raise InputError(f"{name}: permission denied; make the file readable") from None
    except OSError as error:
        if file.is_dir():
            raise InputError(directory) from None
        raise InputError(f"{name}: cannot be read ({error.strerror or error}); check the path") from None
    return document_from_text(decode_bytes(data, name), name, input_format)


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
_FRONT_MATTER = re.compile(r"(?:---|\+\+\+)[ \t]{0,20}\n")
_MD_HEADING = re.compile(r"^#{1,6} \S", re.MULTILINE)
_MD_LINK = re.compile(r"\]\((?:https?://|/|#)[^)\s]{1,500}\)")


def _sniff(text: str) -> InputFormat:
    head = text[:20000]
    if _HTML_START.match(head):
        return InputFormat.HTML
    if _FRONT_MATTER.match(head) or (_MD_HEADING.search(head) and _MD_LINK.search(head)):
        return InputFormat.MARKDOWN
    return InputFormat.TEXT


def document_from_text(text: str, path: str = "<text>", input_format: InputFormat = InputFormat.AUTO) -> Document:
    """Build a Document from text already in memory (rendered per its format)."""
    source = text.replace("\r\n", "\n").replace("\r", "\n")
    if source.startswith("\ufeff"):
        source = source[1:]
    fmt = detect_format(path, input_format, source)
    if fmt is InputFormat.MARKDOWN:
        from citecheck.ingest.markdown import render_markdown

        rendered, offsets, line_map = render_markdown(source)
    elif fmt is InputFormat.HTML:
        from citecheck.ingest.html import render_html

        rendered, offsets, line_map = render_html(source)
    else:
        builder = TextBuilder()
        builder.add_source(source, 0)
        rendered, offsets = builder.build()
        line_map = tuple(range(1, rendered.count("\n") + 2))
    if len(line_map) != rendered.count("\n") + 1:  # pragma: no cover - a renderer bug
        raise AssertionError("line map out of step with the rendered text")
    return Document(path=str(path), text=rendered, line_map=line_map, format=fmt, source=source, offsets=offsets)
