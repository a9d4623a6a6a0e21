"""Bytes to text: decode an article, or refuse it with one line saying why.

UTF-8 (with or without a byte-order mark) and UTF-16/32 with a byte-order mark
are read as such. A file that is mostly UTF-8 with a few stray bytes is read
as a browser would (U+FFFD for the stray bytes); anything else falls back to
Windows-1252, with Latin-1 for the five bytes Windows-1252 leaves undefined.
PDFs, archives, images and other binary files are refused (`InputError`).

`decode_with_encoding` also says how to write text back as the file had it
(`Encoding`: the codec and the byte-order mark), so that an edited file keeps
its encoding byte for byte; a lossy read (stray bytes shown as U+FFFD) has none.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from citecheck.errors import InputError

__all__ = ["Encoding", "decode_bytes", "decode_with_encoding"]


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes became text, to turn text back into the same bytes.

    `codec` is a Python codec without BOM handling (`utf-8`, `utf-16-le`...),
    or `windows-1252` for the fallback read (Latin-1 for the five bytes
    Windows-1252 leaves undefined); `bom` is the byte-order mark the file
    starts with (empty when none).
    """

    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """`text` as this file would hold it; UnicodeEncodeError for a character it cannot hold."""
        if self.codec != "windows-1252":
            return self.bom + text.encode(self.codec)
        try:
            return self.bom + text.encode("cp1252")
        except UnicodeEncodeError:
            return self.bom + b"".join(_cp1252_byte(char) for char in text)


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
    return decode_with_encoding(data, name)[0]


def decode_with_encoding(data: bytes, name: str = "<input>") -> tuple[str, Encoding | None]:
    """`decode_bytes`, and the Encoding that writes the text back (None when the read was lossy)."""
    for bom, codec, plain in (
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), Encoding(plain, bom)
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
        text, encoding = data.decode("utf-8"), Encoding("utf-8")
    except UnicodeDecodeError:
        text, encoding = _decode_non_utf8(data)
    _refuse_if_unreadable(text, name)
    return text, encoding


def _decode_non_utf8(data: bytes) -> tuple[str, Encoding | None]:
    replaced = data.decode("utf-8", errors="replace")
    stray = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = sum(1 for char in replaced if ord(char) > 127 and char != "\ufffd")
    # Mostly UTF-8 with a few bytes of another encoding pasted in: keep the
    # UTF-8 and mark the stray bytes, as a browser shows such a page.
    if wide and stray <= max(2, wide // 3):
        return replaced, None
    text = "".join(_cp1252_char(byte) for byte in data) if len(data) < 4096 else _cp1252(data)
    return text, Encoding("windows-1252")


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


def _cp1252_byte(char: str) -> bytes:
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        if ord(char) < 256:
            return bytes([ord(char)])  # one of the five bytes Windows-1252 leaves undefined
        raise


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
