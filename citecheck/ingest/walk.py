"""Turn the paths on the command line into the list of files to check.

Files named on the command line are checked as given, whatever their
extension (a user who names a file means it), and `-` (stdin) is kept. Folders
are walked recursively in sorted order, keeping the files whose name matches
one of `settings.include` (tested against the file name and the relative
path) and none of `settings.exclude`.

An exclude glob is matched (fnmatch, `*` also crosses `/`) against the path
relative to the folder being walked, against that path as typed (the folder
argument joined with it, so `content/drafts/**` works when running
`citecheck content/` from the project root), and against every single
component, so `node_modules` or `drafts` drop those folders wherever they are.
Hidden folders and files (a leading dot: `.git`, `.venv`, `.cache`) are never
walked into.
"""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Sequence

from citecheck.errors import InputError
from citecheck.settings import Settings

__all__ = ["collect_paths", "is_excluded", "is_included"]


def is_included(relative: str, patterns: Sequence[str]) -> bool:
    """Whether a file's name, or its relative path, matches an include glob (case-insensitive)."""
    path = relative.lower()
    name = path.rsplit("/", 1)[-1]
    return any(fnmatchcase(name, p.lower()) or fnmatchcase(path, p.lower()) for p in patterns)


def is_excluded(relative: str, patterns: Sequence[str], typed: str | None = None) -> bool:
    """Whether a path (relative, with `/`) matches an exclude glob.

    A folder is tested with and without a trailing `/`, so `drafts/**` drops the
    folder `drafts` itself before it is walked.
    """
    if not patterns:
        return False
    candidates = {relative, relative + "/"}
    if typed:
        candidates.update({typed, typed + "/"})
    parts = PurePosixPath(relative).parts
    for pattern in patterns:
        pattern = pattern.rstrip("/") if pattern.endswith("/") and pattern != "/" else pattern
        if any(fnmatchcase(candidate, pattern) for candidate in candidates):
            return True
        if any(fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def _walk(folder: Path, settings: Settings) -> list[Path]:
    found: list[Path] = []
    base = folder.as_posix().rstrip("/")
    typed_base = "" if base in ("", ".") else base.removeprefix("./")

    def typed(relative: str) -> str | None:
        return f"{typed_base}/{relative}" if typed_base else None

    for root, dirs, files in os.walk(folder):
        root_path = Path(root)
        relative_root = root_path.relative_to(folder).as_posix()
        prefix = "" if relative_root == "." else relative_root + "/"
        # Prune in place: os.walk then never enters them (node_modules can be huge).
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not is_excluded(prefix + d, settings.exclude, typed(prefix + d))
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            relative = prefix + name
            if is_included(relative, settings.include) and not is_excluded(
                relative, settings.exclude, typed(relative)
            ):
                found.append(root_path / name)
    # Sorted by path, as `find | sort` would list them, not in os.walk's files-first order.
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def collect_paths(paths: Sequence[str | Path], settings: Settings) -> list[str | Path]:
    """The files to check, in order, each once; InputError for a path that does not exist."""
    collected: list[str | Path] = []
    seen: set[str] = set()

    def add(item: str | Path, key: str) -> None:
        if key not in seen:
            seen.add(key)
            collected.append(item)

    for raw in paths:
        if str(raw) == "-":
            add(raw, "-")
            continue
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, settings):
                add(found, os.path.realpath(found))
        elif path.exists() or path.is_symlink():  # a broken link is reported as unreadable, in its place
            add(raw, os.path.realpath(path))
        else:
            raise InputError(f"{raw}: no such file or directory")
    return collected
