"""The comparison's word lists, read once from the data files in `lexicon/`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of `lexicon/<name>.txt` (comments and blank lines dropped)."""
    text = resources.files("citecheck.compare").joinpath("lexicon", f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)


def particles() -> frozenset[str]:
    return words("particles")


def access_words() -> frozenset[str]:
    return words("access-words")


def connectors() -> frozenset[str]:
    return words("connectors")
