"""Resolve DOIs and search references from a local Crossref snapshot index.

The index is one SQLite file built by `build_snapshot` (see
`citecheck.sources.snapshot_build`) from Crossref's public data file or any
saved API answers. `SnapshotSource` opens it read-only and serves the
`WorkSource` interface: a DOI it holds comes back as the same `Work` the API
would give (the stored message is the API's `message`, turned into a Work by
`work_from_message`); a DOI it does not hold is left out of the answer so that
the resolver asks the next source, or reports it unverified when offline.

Bibliographic search runs on the FTS5 table: a query built from the
reference's title words, first author and year, relaxed step by step (all
words, all words but one, any word) so that a typo in the title still finds
the record; candidates are then re-ranked by title, author and year agreement.

This module also holds what the CLI prints for `citecheck snapshot build` and
`citecheck snapshot info`.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from rapidfuzz import fuzz

from citecheck.errors import SnapshotError
from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.sources.records import work_from_message
from citecheck.sources.snapshot_build import (
    SQLITE_MAGIC,
    ZDICT,
    BuildResult,
    Problem,
    build_snapshot,
    check_index,
    decode_body,
    format_build_result,
    format_size,
)
from citecheck.text.identifiers import doi_key

__all__ = [
    "BuildResult",
    "Problem",
    "SnapshotInfo",
    "SnapshotSource",
    "build_snapshot",
    "format_build_result",
    "format_info",
    "snapshot_info",
]

# Words of a cited title considered (the longest, when it has more).
MAX_TITLE_TOKENS = 16
# Of those, the rarest ones the index holds go into the query: a handful of
# rare words pins a record down, and their posting lists are short, so the
# query stays fast however large the index.
MAX_QUERY_TOKENS = 5
# Words kept for the last-resort any-word query.
MAX_ANY_TOKENS = 3
# FTS hits re-ranked per query.
CANDIDATES = 30
_IN_CHUNK = 500
_BUILD_HINT = "build one with `citecheck snapshot build RECORDS... --output INDEX`"

# Bounded: a 200 kB title without spaces yields tokens of at most 64 characters.
_WORD = re.compile(r"[^\W_]{1,64}")
_STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from had has have how in into is it its
    not of on or our over than that the their these this those through to under up upon was we
    were what when where which while who why will with within without de der die des du et la le
    les und von zu""".split()
)


def _fold(text: str) -> str:
    """Lower case without diacritics, as the FTS tokenizer sees text."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def title_tokens(text: str | None, limit: int = MAX_TITLE_TOKENS) -> list[str]:
    """The distinctive words of a title: no stop words or single letters, longest kept when capped."""
    if not text:
        return []
    seen: dict[str, int] = {}
    for word in _WORD.findall(_fold(text[:2000])):
        if len(word) < 2 or word in _STOPWORDS or word in seen:
            continue
        seen[word] = len(seen)
    if len(seen) <= limit:
        return list(seen)
    # Longer words are rarer, so they narrow the search most; keep title order.
    kept = sorted(seen, key=lambda w: (-len(w), seen[w]))[:limit]
    return sorted(kept, key=seen.__getitem__)


def _author_token(reference: Reference) -> str | None:
    if not reference.authors:
        return None
    words = [w for w in _WORD.findall(_fold(reference.authors[0][:200])) if len(w) >= 2]
    # "van der Berg", "de la Cruz": the longest word is the one indexed for sure.
    return max(words, key=len) if words else None


def _quote(token: str) -> str:
    # A double-quoted FTS5 string is taken literally: no operators, columns or
    # prefixes can be smuggled in; the tokens hold word characters only anyway.
    return '"' + token.replace('"', '""') + '"'


def _all(tokens: Sequence[str]) -> str:
    return " AND ".join(_quote(t) for t in tokens)


def _any(tokens: Sequence[str]) -> str:
    return " OR ".join(_quote(t) for t in tokens)


def search_queries(tokens: Sequence[str], author: str | None, year: int | None) -> list[str]:
    """FTS5 queries from the strictest to the loosest; the first with hits is used.

    `tokens` are the cited title's rarest words that the index holds, and
    `author` the first author's family name if the index holds it.
    """
    queries: list[str] = []
    if tokens:
        if author:
            queries.append(f"title:({_all(tokens)}) AND authors:{_quote(author)}")
        queries.append(f"title:({_all(tokens)})")
        if len(tokens) >= 3:
            # Every word but one: a word of the cited title that the record
            # does not have (a real-word typo, an added word) still matches.
            groups = [
                "(" + _all([t for j, t in enumerate(tokens) if j != i]) + ")" for i in range(len(tokens))
            ]
            queries.append(f"title:({' OR '.join(groups)})")
        if author:
            queries.append(f"authors:{_quote(author)} AND title:({_any(tokens)})")
    if author and year:
        queries.append(f"authors:{_quote(author)} AND year:{_quote(str(year))}")
    if tokens:
        queries.append(f"title:({_any(tokens[:MAX_ANY_TOKENS])})")
    return queries


def _similarity(reference: Reference, work: Work) -> float:
    """How well a work agrees with a reference: title most, then first author, then year."""
    cited = " ".join(_WORD.findall(_fold(reference.title or reference.text)))
    score = 0.0
    if work.title:
        title = " ".join(_WORD.findall(_fold(work.title)))
        full = " ".join(_WORD.findall(_fold(f"{work.title} {work.subtitle or ''}")))
        score += 0.7 * max(fuzz.ratio(cited, title), fuzz.ratio(cited, full)) / 100
    if reference.authors and work.authors:
        first = _fold(reference.authors[0])
        best = max(fuzz.ratio(first, _fold(name)) for name in work.authors[:3])
        score += 0.2 * best / 100
    if reference.year and work.years:
        gap = min(abs(reference.year - y) for y in work.years)
        score += 0.1 if gap == 0 else 0.05 if gap == 1 else 0.0
    return score


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


def _open_readonly(path: Path) -> sqlite3.Connection:
    path = Path(path)
    if not path.exists():
        raise SnapshotError(f"snapshot index not found: {path}; {_BUILD_HINT}")
    if path.is_dir():
        raise SnapshotError(f"snapshot index {path} is a directory, not an index file; {_BUILD_HINT}")
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot index {path} ({error.strerror or error})") from None
    if magic != SQLITE_MAGIC:
        raise SnapshotError(f"snapshot index {path} is not a SQLite database; rebuild it: {_BUILD_HINT}")
    try:
        conn = sqlite3.connect(
            path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise SnapshotError(f"cannot open snapshot index {path} ({error}); {_BUILD_HINT}") from None
    try:
        check_index(conn, path)
        # Reads only: a larger page cache keeps the DOI b-tree's upper levels
        # and the hot FTS pages in memory between queries.
        conn.execute("PRAGMA cache_size = -32768")
    except BaseException:
        conn.close()
        raise
    return conn


class SnapshotSource:
    """A read-only snapshot index behind the `WorkSource` interface.

    One SQLite connection guarded by a lock; the async methods run the
    queries in a worker thread so that a search never stalls the HTTP
    requests in flight on the event loop. For parallel checking, open one
    SnapshotSource per process: the file is only read.
    """

    name = "snapshot"

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = Path(path)
        self._conn = conn
        self._lock = threading.Lock()
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        self._zdict: bytes = meta.get("zdict") or ZDICT
        self.searchable = _has_fts5(conn)

    @classmethod
    def open(cls, path: str | Path) -> "SnapshotSource":
        """Open an index read-only; SnapshotError (one line) when it is missing or not an index."""
        path = Path(path)
        return cls(path, _open_readonly(path))

    # ------------------------------------------------------------- lookups

    def messages(self, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored messages by normalised DOI, for the DOIs the index holds."""
        wanted = sorted({doi_key(d) for d in dois if d and d.strip()})
        found: dict[str, dict[str, Any]] = {}
        with self._lock:
            for start in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[start : start + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT w.doi, b.body FROM works AS w JOIN bodies AS b ON b.id = w.id "
                    f"WHERE w.doi IN ({marks})",
                    chunk,
                ).fetchall()
                for doi, body in rows:
                    found[doi] = decode_body(body, self._zdict)
        return found

    def lookup_sync(self, dois: Sequence[str]) -> dict[str, Resolution]:
        messages = self.messages(dois)
        answers: dict[str, Resolution] = {}
        for doi in dois:
            if not doi:
                continue
            key = doi_key(doi)
            message = messages.get(key)
            if message is None:
                continue  # not held here: the resolver asks the next source
            answers[doi] = Resolution(
                doi=key, outcome=Outcome.FOUND, work=work_from_message(message), source="snapshot"
            )
        return answers

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        """FOUND for every DOI the index holds (keyed as given); the others are absent."""
        if not dois:
            return {}
        return await asyncio.to_thread(self.lookup_sync, list(dois))

    # -------------------------------------------------------------- search

    def search_sync(self, reference: Reference, rows: int = 5) -> list[Work]:
        rows = max(1, min(int(rows), CANDIDATES))
        tokens = title_tokens(reference.title or reference.text)
        author = _author_token(reference)
        ids = self._match(tokens, author, reference.year)
        if not ids:
            return []
        works = self._works(ids)
        order = {row_id: i for i, row_id in enumerate(ids)}
        ranked = sorted(works.items(), key=lambda item: (-_similarity(reference, item[1]), order[item[0]]))
        return [work for _, work in ranked[:rows]]

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        """Candidate works for a reference, best first; None when this SQLite lacks FTS5."""
        if not self.searchable:
            return None
        return await asyncio.to_thread(self.search_sync, reference, rows)

    def _match(self, tokens: list[str], author: str | None, year: int | None) -> list[int]:
        with self._lock:
            title_docs = self._docs("title", tokens)
            # Words no record holds are typos (or words of another record):
            # leave them out rather than let them sink an AND.
            rare = sorted((t for t in tokens if title_docs.get(t)), key=lambda t: (title_docs[t], tokens.index(t)))
            rare = rare[:MAX_QUERY_TOKENS]
            if author and not self._docs("authors", [author]):
                author = None
            try:
                return self._first_hits(search_queries(rare, author, year))
            except sqlite3.OperationalError:
                # Not expected: every word comes from the index's own
                # vocabulary, so each quoted word is exactly one FTS token.
                # A search is a suggestion; failing it must not end the run.
                return []

    def _docs(self, column: str, words: Sequence[str]) -> dict[str, int]:
        """How many records hold each word in `column` (absent: none)."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        return dict(
            self._conn.execute(
                f"SELECT term, docs FROM terms WHERE col = ? AND term IN ({marks})", [column, *words]
            )
        )

    def _first_hits(self, queries: Sequence[str]) -> list[int]:
        for query in queries:
            ids = [
                row_id
                for (row_id,) in self._conn.execute(
                    "SELECT rowid FROM works_fts WHERE works_fts MATCH ? ORDER BY rank LIMIT ?",
                    (query, CANDIDATES),
                )
            ]
            if ids:
                return ids
        return []

    def _works(self, ids: Sequence[int]) -> dict[int, Work]:
        works: dict[int, Work] = {}
        with self._lock:
            marks = ",".join("?" * len(ids))
            for row_id, body in self._conn.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", list(ids)):
                try:
                    works[row_id] = work_from_message(decode_body(body, self._zdict))
                except ValueError:
                    continue
        return works

    # ------------------------------------------------------------- closing

    def info(self) -> SnapshotInfo:
        with self._lock:
            return _info(self.path, self._conn, self.searchable)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    async def aclose(self) -> None:
        self.close()

    def __enter__(self) -> "SnapshotSource":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _has_fts5(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT rowid FROM works_fts WHERE works_fts MATCH ? LIMIT 0", ('"x"',)).fetchall()
    except sqlite3.OperationalError:
        return False
    return True


# ---------------------------------------------------------------- info


def _info(path: Path, conn: sqlite3.Connection, searchable: bool) -> SnapshotInfo:
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
    )


def snapshot_info(path: str | Path) -> SnapshotInfo:
    """Counts, date ranges and size of an index; SnapshotError when it is missing or not an index."""
    with SnapshotSource.open(path) as source:
        return source.info()


def _span(first: object, last: object) -> str:
    if first is None and last is None:
        return "none"
    return f"{first} to {last}"


def format_info(info: SnapshotInfo) -> str:
    """Plain text lines for `citecheck snapshot info`."""
    per_record = f" ({format_size(info.size_bytes // info.records)} per record)" if info.records else ""
    lines = [
        f"Snapshot index  {info.path}",
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
