"""Superscript digits: how HTML and Markdown `<sup>` numbers are written into the text.

A citation written `shown<sup>13</sup>` and one copied from a page as
`shown¹³` read the same once the `<sup>` digits are written as superscript
digits, one character for one, so each still stands for its digit in the
source.
"""

from __future__ import annotations

import re

__all__ = ["SUPERSCRIPT_NUMBERS", "from_superscript", "to_superscript"]

_TO = str.maketrans("0123456789-\u2013\u2014", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207b\u207b")
_FROM = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b", "0123456789-")

# What a `<sup>` may hold to be written as superscript digits: numbers, ranges, lists.
SUPERSCRIPT_NUMBERS = re.compile(
    r"\s{0,5}\d{1,4}(?:\s{0,3}[,\u2013\u2014-]\s{0,3}\d{1,4}){0,30}\s{0,5}"
)


def to_superscript(text: str) -> str:
    """`13` -> `¹³`, `3-5` -> `³⁻⁵`; other characters (commas, spaces) unchanged."""
    return text.translate(_TO)


def from_superscript(text: str) -> str:
    """`¹³` -> `13`, `³⁻⁵` -> `3-5`."""
    return text.translate(_FROM)
