"""Word lists the extractor reads, one entry a line, as data files beside this module.

Lines starting with `#` are comments; entries are compared lower-cased unless a
list says otherwise. Each file says what it holds and where it came from.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["entries", "words"]

_FOLDER = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of `<name>.txt` in file order, as written (comments and blank lines aside)."""
    text = (_FOLDER / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of `<name>.txt`, lower-cased, as a set."""
    return frozenset(entry.lower() for entry in entries(name))
