"""Make untrusted text safe to print: article text and Crossref fields are data, never commands.

An article (or a Crossref record) can hold anything: terminal escape sequences
that recolour or rewrite the screen, bidirectional overrides that reorder what
the reader sees, carriage returns that hide the start of a line. Every report
that prints such text passes it through `clean` (or `one_line`) first, so that
each control character shows as a visible escape such as `\\x1b` instead of
acting on the terminal, editor or CI log that displays it.
"""

from __future__ import annotations

# C0 (except tab and newline), DEL and C1 controls, then the Unicode
# bidirectional embeddings, overrides and isolates ("Trojan Source").
_CONTROL = [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
_BIDI = list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
_TABLE = {c: f"\\x{c:02x}" for c in _CONTROL} | {c: f"\\u{c:04x}" for c in _BIDI}
_LINE_TABLE = _TABLE | {0x09: " ", 0x0A: " "}


def clean(text: object) -> str:
    """`text` as a string with every control character but tab and newline made visible."""
    return str(text).translate(_TABLE)


def one_line(text: object) -> str:
    """`clean`, with tabs and newlines turned into spaces (for one-line formats)."""
    return str(text).translate(_LINE_TABLE)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """`1 file`, `3 files` (`plural_form` for irregular nouns)."""
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"
