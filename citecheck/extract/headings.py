"""Headings: those that open a reference list, and those that close an article's content.

A heading is a short line on its own; it may carry Markdown `#`, emphasis
markers, a section number (`7.`, `IV`) and a trailing colon. The words come
from data files (`citecheck/text/lexicon/headings.txt`, `lexicon/section-ends.txt`).
"""

from __future__ import annotations

import re

from citecheck.extract.lexicon import words
from citecheck.text.lexicon import words as reference_headings

__all__ = ["heading_name", "is_reference_heading", "is_section_end", "is_weak_heading"]

_DECORATION = re.compile(
    r"^\s{0,10}(?:#{1,6}\s{1,5})?[*_]{0,3}\s{0,3}(?:(?:\d{1,2}|[IVX]{1,5})[.)]?\s{1,3})?"
    r"(?P<name>[^*_:#]{1,80}?)\s{0,5}[*_]{0,3}\s{0,5}:?\s{0,5}[*_]{0,3}\s{0,5}$"
)


def heading_name(line: str) -> str | None:
    """The words of a heading line without its decoration, lower-cased and space-folded."""
    if len(line) > 90:
        return None
    match = _DECORATION.match(line)
    if not match:
        return None
    return " ".join(match.group("name").lower().split())


def is_reference_heading(line: str) -> bool:
    """Whether `line` is on its own a heading that opens a reference list."""
    name = heading_name(line)
    return name is not None and name in reference_headings("headings")


def is_weak_heading(name: str) -> bool:
    """A reference heading that alone does not make the lines below it references."""
    return name in words("weak-headings")


_COUNTED = re.compile(r"^\d{1,5}\s(?:thoughts?|responses?|replies|comments?)\b")


def is_section_end(line: str) -> bool:
    """Whether `line` is a heading after which the article's content is over ("Related posts").

    A count of comments heads them too: "12 Comments", "3 thoughts on “A post”".
    """
    name = heading_name(line)
    if name is not None and name in words("section-ends"):
        return True
    written = " ".join(line.lstrip("# \t").lower().split()) if len(line) <= 200 else ""
    return _COUNTED.match(written) is not None
