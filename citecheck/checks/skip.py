"""DOIs the user asked citecheck never to look up (`skip-dois` in the configuration)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Sequence


def is_skipped(doi: str, patterns: Sequence[str]) -> bool:
    """True when `doi` equals or matches (fnmatch, case-insensitive) one of `patterns`."""
    doi = doi.lower()
    return any(fnmatchcase(doi, pattern.lower()) for pattern in patterns)
