"""The snapshot index as a source of works: DOI lookups and bibliographic search.

`SnapshotSource` opens an index read-only and serves the `WorkSource`
interface: a DOI it holds comes back as the same `Work` the API would give
(the stored message is the API's `message`, turned into a Work by
`work_from_message`); a DOI it does not hold is left out of the answer so that
the resolver asks the next source, or reports it unverified when offline.
Search runs on the FTS5 table with the queries of `citecheck.snapshot.query`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from typing import Any, Sequence

from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.snapshot.codec import ZDICT, decode_body
from citecheck.snapshot.index import IN_CHUNK, open_readonly
from citecheck.snapshot.info import SnapshotInfo, read_info
from citecheck.snapshot.query import (
    CANDIDATES,
    MAX_QUERY_TOKENS,
    author_token,
    search_queries,
    similarity,
    title_tokens,
)
from citecheck.sources.records import work_from_message
from citecheck.text.identifiers import doi_key


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
        return cls(path, open_readonly(path))

    # ------------------------------------------------------------- lookups

    def messages(self, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored messages by normalised DOI, for the DOIs the index holds."""
        wanted = sorted({doi_key(d) for d in dois if d and d.strip()})
        found: dict[str, dict[str, Any]] = {}
        with self._lock:
            for start in range(0, len(wanted), IN_CHUNK):
                chunk = wanted[start : start + IN_CHUNK]
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
        author = author_token(reference)
        ids = self._match(tokens, author, reference.year)
        if not ids:
            return []
        works = self._works(ids)
        order = {row_id: i for i, row_id in enumerate(ids)}
        ranked = sorted(works.items(), key=lambda item: (-similarity(reference, item[1]), order[item[0]]))
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
            return read_info(self.path, self._conn, self.searchable)

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
