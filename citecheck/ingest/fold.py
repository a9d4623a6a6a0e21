"""Characters that mean the same thing, folded to one spelling, piece by piece.

The extractor reads one spelling of each character: a non-breaking space is
a space, curly quotes are straight quotes, an en dash or a minus sign is `-`
(so `695–710` reads as a page range), an em dash is ` - `, an ellipsis
`...`, and the only line break is `\\n` (the other characters that
`str.splitlines` breaks on become spaces, so line numbers agree). Invisible
characters (zero-width spaces, soft hyphens) and control bytes are dropped.
Common mojibake (UTF-8 read as Windows-1252, `â€™` for `'`) is repaired.
U+FFFD stays as it is: it marks a byte the file lost, and the reader must see
that something is there.

`fold_runs` says, for a piece of source, which output stands for which
source characters, so that the text can be mapped back to the file
(`citecheck.ingest.textmap`).
"""

from __future__ import annotations

import re
from typing import Iterator

__all__ = ["fold_char", "fold_runs", "fold_text"]

_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Characters str.splitlines() treats as line breaks besides "\n".
_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_CONTROLS = "".join(chr(code) for code in [*range(0, 9), *range(14, 28), 0x7F])

# One character for one character: the text keeps its length.
_ONE_FOR_ONE = {
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_BREAKS, " "),
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-", "\u2043": "-",
    "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
}
_OTHER = {**dict.fromkeys(_INVISIBLE, ""), **dict.fromkeys(_CONTROLS, ""), "\u2026": "...", "\r": "\n"}
_SPECIAL = re.compile(
    "\r\n|[" + re.escape("".join(sorted({**_ONE_FOR_ONE, **_OTHER}))) + "\u2014\u2015]"
)
_EM_DASHES = "\u2014\u2015"
# UTF-8 read as Windows-1252 ("â€™" for "'"), a frequent accident of copied web text.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
# Mojibake needs a character from U+00C2 up; a text without one is left alone.
_HIGH_CHAR = re.compile("[^\x00-\u00c1]")


def _repaired(piece: str) -> str | None:
    """The UTF-8 text a mojibake piece was, or None when it is not one."""
    raw = bytearray()
    for char in piece:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) < 256:
                raw.append(ord(char))
            else:
                return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _folded_plainly(text: str, base: int) -> Iterator[tuple[str, int, int, bool]]:
    """`fold_runs` without mojibake repair."""
    last = 0
    length = len(text)
    for match in _SPECIAL.finditer(text):
        start, end = match.start(), match.end()
        found = match.group()
        if found in _EM_DASHES:
            # An em dash with at most one space on each side reads " - ".
            before = start > last and text[start - 1] == " "
            after = end < length and text[end] == " "
            if before:
                start -= 1
            if after:
                end += 1
            if start > last:
                yield text[last:start], base + last, start - last, True
            yield " - ", base + start, end - start, end - start == 3
            last = end
            continue
        if start > last:
            yield text[last:start], base + last, start - last, True
        if found in _ONE_FOR_ONE:
            yield _ONE_FOR_ONE[found], base + start, 1, True
        elif found == "\r\n":
            yield "\n", base + start, 2, False
        else:
            yield _OTHER[found], base + start, end - start, False
        last = end
    if last < length:
        yield text[last:], base + last, length - last, True


def fold_runs(text: str, base: int = 0) -> Iterator[tuple[str, int, int, bool]]:
    """`(output, source_start, source_length, aligned)` runs that tile `text` once folded.

    `source_start` is `base` plus the offset in `text`. An aligned run has as
    many characters as its source piece, one for one; other runs replace their
    piece as a whole (an empty output drops it).
    """
    if text.isascii() and not _SPECIAL.search(text):
        if text:
            yield text, base, len(text), True
        return
    if not text.isascii() and _HIGH_CHAR.search(text) and _MOJIBAKE.search(text):
        last = 0
        for match in _MOJIBAKE.finditer(text):
            repaired = _repaired(match.group())
            if repaired is None:
                continue
            if match.start() > last:
                yield from _folded_plainly(text[last : match.start()], base + last)
            output = "".join(piece for piece, _, _, _ in _folded_plainly(repaired, 0))
            yield output, base + match.start(), match.end() - match.start(), False
            last = match.end()
        if last < len(text):
            yield from _folded_plainly(text[last:], base + last)
        return
    yield from _folded_plainly(text, base)


def fold_char(char: str) -> str:
    """The spelling a character is folded to when it keeps its place (itself if none)."""
    if char in _EM_DASHES:
        return "-"  # " — " reads " - ", one for one
    return _ONE_FOR_ONE.get(char, char)


def fold_text(text: str) -> str:
    """`text` folded (see the module notes); never adds or removes a `\\n`, except for `\\r`."""
    return "".join(output for output, _, _, _ in fold_runs(text))
