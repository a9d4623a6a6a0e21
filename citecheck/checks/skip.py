"""DOIs the user asked citecheck never to look up (`skip-dois` in the configuration)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Sequence

from citecheck.text.identifiers import doi_key


def is_skipped(doi: str, patterns: Sequence[str]) -> bool:
    """True when `doi` equals or matches (fnmatch, case-insensitive) one of `patterns`."""
    key = doi_key(doi)
    return any(fnmatchcase(key, pattern.lower()) for pattern in patterns)
