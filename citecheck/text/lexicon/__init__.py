"""Word lists kept as data files beside this module, one lower-case entry a line.

`words("months")` reads `months.txt`: blank lines and lines starting with `#`
are skipped. Each list is read once per process.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["words"]


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of the list `name` (the file `name.txt` here), lower case."""
    text = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.strip().lower() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry and not entry.startswith("#"))
