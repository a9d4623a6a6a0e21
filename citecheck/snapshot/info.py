"""What `citecheck snapshot info` shows: counts, date ranges, size and build times of an index."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from citecheck.snapshot.shards import Manifest


@dataclass(frozen=True)
class SnapshotInfo:
    """What `citecheck snapshot info` shows."""

    path: Path
    records: int
    first_year: int | None
    last_year: int | None
    first_indexed: str | None
    last_indexed: str | None
    size_bytes: int
    built_at: str | None
    updated_at: str | None
    sources: int  # input files read over all builds
    format_version: int
    body_encoding: str
    dropped_fields: tuple[str, ...] = ()
    searchable: bool = True  # this Python's SQLite has FTS5
    profile: str = "full"
    shards: int = 0  # 0: a single-file index


def read_info(path: Path, conn: sqlite3.Connection, searchable: bool) -> SnapshotInfo:
    """The statistics a build recorded in `meta` (counted now for an index that lacks them)."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    if meta.get("records") is None:
        # Built by an interrupted or older run: count now (slow on a huge index).
        row = conn.execute(
            "SELECT count(*), min(year), max(year), min(nullif(indexed, '')), max(nullif(indexed, '')) FROM works"
        ).fetchone()
        meta.update(zip(("records", "first_year", "last_year", "first_indexed", "last_indexed"), row))
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    return SnapshotInfo(
        path=path,
        records=int(meta.get("records") or 0),
        first_year=meta.get("first_year"),
        last_year=meta.get("last_year"),
        first_indexed=meta.get("first_indexed"),
        last_indexed=meta.get("last_indexed"),
        size_bytes=size,
        built_at=meta.get("built_at"),
        updated_at=meta.get("updated_at"),
        sources=int(meta.get("sources") or 0),
        format_version=int(meta.get("format_version") or 0),
        body_encoding=str(meta.get("body_encoding") or ""),
        dropped_fields=tuple(json.loads(meta.get("dropped_fields") or "[]")),
        searchable=searchable,
        profile=str(meta.get("profile") or "full"),
    )


def combine_info(folder: Path, manifest: "Manifest", infos: Sequence[SnapshotInfo]) -> SnapshotInfo:
    """The statistics of a sharded index: its shards' together, its manifest's build times."""

    def least(values: list) -> object:
        present = [v for v in values if v is not None]
        return min(present) if present else None

    def most(values: list) -> object:
        present = [v for v in values if v is not None]
        return max(present) if present else None

    manifest_file = folder / "manifest.json"
    return SnapshotInfo(
        path=folder,
        records=sum(i.records for i in infos),
        first_year=least([i.first_year for i in infos]),
        last_year=most([i.last_year for i in infos]),
        first_indexed=least([i.first_indexed for i in infos]),
        last_indexed=most([i.last_indexed for i in infos]),
        size_bytes=sum(i.size_bytes for i in infos) + (manifest_file.stat().st_size if manifest_file.exists() else 0),
        built_at=manifest.built_at,
        updated_at=manifest.updated_at,
        sources=manifest.sources,
        format_version=infos[0].format_version if infos else 0,
        body_encoding=infos[0].body_encoding if infos else "",
        dropped_fields=tuple(manifest.dropped_fields),
        searchable=all(i.searchable for i in infos),
        profile=manifest.profile,
        shards=len(infos),
    )


def snapshot_info(path: str | Path) -> SnapshotInfo:
    """Counts, date ranges and size of an index; SnapshotError when it is missing or not an index."""
    from citecheck.snapshot.source import SnapshotSource

    with SnapshotSource.open(path) as source:
        return source.info()


def _span(first: object, last: object) -> str:
    if first is None and last is None:
        return "none"
    return f"{first} to {last}"


def format_info(info: SnapshotInfo) -> str:
    """Plain text lines for `citecheck snapshot info`."""
    per_record = f" ({format_size(info.size_bytes // info.records)} per record)" if info.records else ""
    layout = "one file" if not info.shards else (
        f"{info.shards:,} shard{'s' if info.shards != 1 else ''} (a DOI held by several counts once per shard)"
    )
    lines = [
        f"Snapshot index  {info.path}",
        f"Layout          {layout}",
        f"Profile         {info.profile}",
        f"Records         {info.records:,}",
        f"Issued years    {_span(info.first_year, info.last_year)}",
        f"Indexed dates   {_span(info.first_indexed, info.last_indexed)}",
        f"Size on disk    {format_size(info.size_bytes)}{per_record}",
        f"Built           {info.built_at or 'unknown'}",
        f"Last updated    {info.updated_at or 'unknown'} ({info.sources:,} input files over all builds)",
        f"Format          {info.format_version} ({info.body_encoding})",
    ]
    if info.dropped_fields:
        lines.append(f"Fields left out {', '.join(info.dropped_fields)}")
    if not info.searchable:
        lines.append("Search          unavailable: this Python's SQLite has no FTS5 (DOI lookups still work)")
    return "\n".join(lines)


def format_size(size: int) -> str:
    """Bytes in decimal units, as disk sizes are usually quoted."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1000
    return f"{size} B"
