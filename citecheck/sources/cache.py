"""The disk cache of definitive answers, shared by every run and process on the machine.

Entries live in a diskcache folder (SQLite, safe across processes) under
`settings.resolved_cache_dir`, keyed by endpoint and normalised DOI, and hold
JSON text (never pickles): the Crossref message of a found work, or the mere
fact that a DOI was not found or belongs to another agency. A found record
stays `ttl_found_days`, a not-found answer `ttl_not_found_days` (a DOI may be
registered tomorrow). Ages are checked on read against the current settings,
so shortening a TTL takes effect at once. Transient failures are never
stored: the next run must ask again.

A cache that cannot be opened or read (corrupt database, unwritable folder)
is reported once through `Counters.cache_problem`, moved aside and rebuilt if
possible, otherwise bypassed; it never stops a run.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import diskcache

from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.settings import Settings
from citecheck.sources.http import Counters
from citecheck.sources.records import work_from_csl, work_from_message
from citecheck.text.identifiers import doi_key

SCHEMA = "v1"  # part of every key: a new layout simply misses the old entries
DAY = 86400.0
_ERRORS = (sqlite3.Error, OSError, diskcache.Timeout, ValueError, TypeError)


@dataclass(frozen=True)
class CacheInfo:
    """What `citecheck cache info` shows."""

    location: Path
    exists: bool
    entries: int = 0
    size_bytes: int = 0
    oldest_age: float | None = None  # seconds since the oldest entry was stored
    newest_age: float | None = None
    problem: str | None = None

    def describe(self) -> str:
        """A few lines for the terminal."""
        lines = [f"location: {self.location}"]
        if not self.exists:
            lines.append("entries:  0 (no cache yet)")
            return "\n".join(lines)
        if self.problem:
            lines.append(f"problem:  the cache could not be read ({self.problem}); `citecheck cache clear` removes it")
            return "\n".join(lines)
        lines.append(f"entries:  {self.entries}")
        lines.append(f"size:     {_size(self.size_bytes)}")
        if self.oldest_age is not None and self.newest_age is not None:
            lines.append(f"oldest:   {_age(self.oldest_age)} ago")
            lines.append(f"newest:   {_age(self.newest_age)} ago")
        return "\n".join(lines)


def _size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover - the loop always returns


def _age(seconds: float) -> str:
    seconds = max(0.0, seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * DAY:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / DAY:.0f} days"


def resolution_to_entry(resolution: Resolution) -> dict[str, Any] | None:
    """What is stored for a definitive answer; None for answers that must not be cached."""
    entry: dict[str, Any] = {"outcome": resolution.outcome.value}
    if resolution.outcome is Outcome.FOUND and resolution.work is not None:
        entry["message"] = dict(resolution.work.raw)
        entry["agency"] = resolution.work.agency
    elif resolution.outcome is Outcome.NOT_CROSSREF:
        entry["agency"] = resolution.agency
        if resolution.work is not None:
            entry["csl"] = dict(resolution.work.raw)
            entry["work_agency"] = resolution.work.agency
    elif resolution.outcome is not Outcome.NOT_FOUND:
        return None
    return entry


def resolution_from_entry(doi: str, entry: Mapping[str, Any], source: str = "cache") -> Resolution | None:
    """Rebuild a Resolution from a stored entry; None when the entry is unusable."""
    try:
        outcome = Outcome(entry["outcome"])
        if outcome is Outcome.FOUND:
            work = work_from_message(entry["message"], agency=entry.get("agency") or "crossref")
            return Resolution(doi=doi, outcome=outcome, work=work, source=source)
        if outcome is Outcome.NOT_FOUND:
            return Resolution(doi=doi, outcome=outcome, source=source)
        if outcome is Outcome.NOT_CROSSREF:
            work: Work | None = None
            if entry.get("csl"):
                work = work_from_csl(entry["csl"], agency=entry.get("work_agency") or "other")
            return Resolution(doi=doi, outcome=outcome, work=work, agency=entry.get("agency"), source=source)
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    return None


class DiskCache:
    """The run's view of the disk cache; every failure is absorbed and reported once."""

    name = "cache"

    def __init__(
        self,
        settings: Settings,
        counters: Counters | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.counters = counters or Counters(settings)
        self.directory = Path(settings.resolved_cache_dir)
        self._clock = clock
        self._cache: diskcache.Cache | None = None
        self._broken = False

    # -- opening, and what to do when that fails

    def _problem(self, message: str) -> None:
        if self.counters.cache_problem is None:
            self.counters.cache_problem = message

    def _open(self) -> diskcache.Cache | None:
        if self._cache is not None or self._broken:
            return self._cache
        try:
            self._cache = diskcache.Cache(str(self.directory), timeout=5)
            # Opening succeeds on some damaged files; a first read proves the database.
            self._cache.get(f"{SCHEMA}:probe")
        except _ERRORS as exc:
            self._close_quietly()
            self._problem(f"the cache at {self.directory} could not be read ({_describe(exc)}); it was rebuilt")
            if not self._rebuild():
                self.counters.cache_problem = (
                    f"the cache at {self.directory} could not be used ({_describe(exc)}); running without it"
                )
                self._broken = True
        return self._cache

    def _rebuild(self) -> bool:
        """Move the damaged database aside and start an empty one."""
        database = self.directory / "cache.db"
        try:
            if database.exists():
                database.rename(self.directory / f"cache.db.corrupt-{int(self._clock())}")
            for suffix in ("-wal", "-shm"):
                sidecar = self.directory / f"cache.db{suffix}"
                if sidecar.exists():
                    sidecar.unlink()
            self._cache = diskcache.Cache(str(self.directory), timeout=5)
            self._cache.get(f"{SCHEMA}:probe")
            return True
        except _ERRORS:
            self._close_quietly()
            return False

    def _close_quietly(self) -> None:
        if self._cache is not None:
            try:
                self._cache.close()
            except _ERRORS:
                pass
        self._cache = None

    def _fail(self, exc: BaseException) -> None:
        """A read or write failed mid-run: stop using the cache for this run."""
        self._problem(f"the cache at {self.directory} failed ({_describe(exc)}); running without it")
        self._close_quietly()
        self._broken = True

    # -- generic entries (JSON text with the time they were stored)

    def _read(self, endpoint: str, key: str) -> tuple[Any, float] | None:
        """The stored value and its age in seconds, or None."""
        cache = self._open()
        if cache is None:
            return None
        try:
            text = cache.get(f"{SCHEMA}:{endpoint}:{key}")
        except _ERRORS as exc:
            self._fail(exc)
            return None
        if not isinstance(text, str):
            return None
        try:
            stored = json.loads(text)
            return stored["value"], self._clock() - float(stored["stored"])
        except (ValueError, KeyError, TypeError):
            return None  # an entry we cannot read is a miss, not a problem

    @staticmethod
    def _fresh(age: float, ttl_days: float) -> bool:
        # An entry from the future (clock moved back a lot) is not trusted either.
        return -DAY <= age <= ttl_days * DAY

    def get_json(self, endpoint: str, key: str, ttl_days: float) -> Any | None:
        """The stored value for (endpoint, key) if younger than `ttl_days`, else None."""
        found = self._read(endpoint, key)
        if found is None or not self._fresh(found[1], ttl_days):
            return None
        return found[0]

    def set_json(self, endpoint: str, key: str, value: Any, ttl_days: float) -> None:
        """Store a JSON-able value; diskcache drops it by itself once well past its TTL."""
        if ttl_days <= 0:
            return
        cache = self._open()
        if cache is None:
            return
        text = json.dumps({"stored": self._clock(), "value": value}, ensure_ascii=False)
        try:
            # The expiry on disk is housekeeping only; freshness is decided on read.
            cache.set(f"{SCHEMA}:{endpoint}:{key}", text, expire=ttl_days * DAY + DAY)
        except _ERRORS as exc:
            self._fail(exc)

    # -- works

    def get(self, doi: str) -> Resolution | None:
        """A cached definitive answer for `doi`, or None."""
        doi = doi_key(doi)
        found = self._read("works", doi)
        if found is None or not isinstance(found[0], Mapping):
            return None
        entry, age = found
        not_found = entry.get("outcome") == Outcome.NOT_FOUND.value
        ttl = self.settings.ttl_not_found_days if not_found else self.settings.ttl_found_days
        if not self._fresh(age, ttl):
            return None
        return resolution_from_entry(doi, entry)

    def put(self, resolution: Resolution) -> bool:
        """Store a definitive answer; unverified answers are refused. True when stored."""
        entry = resolution_to_entry(resolution)
        if entry is None:
            return False
        ttl = (
            self.settings.ttl_not_found_days
            if resolution.outcome is Outcome.NOT_FOUND
            else self.settings.ttl_found_days
        )
        self.set_json("works", doi_key(resolution.doi), entry, ttl)
        return not self._broken

    # -- WorkSource

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        answers: dict[str, Resolution] = {}
        for doi in dois:
            resolution = self.get(doi)
            if resolution is not None:
                answers[doi] = resolution
                self.counters.cache_hits += 1
        return answers

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        return None

    def close(self) -> None:
        self._close_quietly()

    async def aclose(self) -> None:
        self.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ------------------------------------------------------------- cache commands


def cache_info(settings: Settings) -> CacheInfo:
    """Location, entry count, size and entry ages of the cache (does not create it)."""
    directory = Path(settings.resolved_cache_dir)
    if not (directory / "cache.db").exists():
        return CacheInfo(location=directory, exists=False)
    try:
        with diskcache.Cache(str(directory), timeout=5) as cache:
            now = time.time()
            stored_times: list[float] = []
            entries = 0
            for key in cache.iterkeys():
                entries += 1
                text = cache.get(key)
                try:
                    stored_times.append(float(json.loads(text)["stored"]))
                except (TypeError, ValueError, KeyError):
                    continue
            size = int(cache.volume())
    except _ERRORS as exc:
        return CacheInfo(location=directory, exists=True, problem=_describe(exc))
    return CacheInfo(
        location=directory,
        exists=True,
        entries=entries,
        size_bytes=size,
        oldest_age=(now - min(stored_times)) if stored_times else None,
        newest_age=(now - max(stored_times)) if stored_times else None,
    )


def clear_cache(settings: Settings) -> int:
    """Remove every entry; returns how many there were. A damaged cache is removed outright."""
    directory = Path(settings.resolved_cache_dir)
    if not (directory / "cache.db").exists():
        return 0
    try:
        with diskcache.Cache(str(directory), timeout=5) as cache:
            return int(cache.clear())
    except _ERRORS:
        # Unreadable: nothing can be counted, but the files can still go.
        for path in directory.glob("cache.db*"):
            try:
                path.unlink()
            except OSError:
                pass
        return 0
