"""One index file opened read-only: the few queries a snapshot source asks of it.

A reader never writes. It opens the file through a SQLite URI with
`mode=ro`, and with `immutable=1` when the file is known never to change
(a shard of a sharded index: shards are written once, then renamed into
place, and an update adds shards rather than editing one). An immutable file
is read with no locking at all, which is what makes an index on a network
file system safe to share between runs and machines.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any, Sequence

from citecheck.errors import SnapshotError
from citecheck.snapshot.codec import ZDICT, decode_body
from citecheck.snapshot.index import BUILD_HINT, IN_CHUNK, check_index
from citecheck.snapshot.info import SnapshotInfo, read_info
from citecheck.snapshot.records import SQLITE_MAGIC

# Pages kept in memory per reader: the DOI b-tree's upper levels and the hot
# FTS pages stay cached between queries.
CACHE_KIB = 32 * 1024


def _chunks(items: Sequence[Any], size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def connect_readonly(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A read-only connection to a snapshot index; SnapshotError (one line) when it is not one."""
    path = Path(path)
    if not path.exists():
        raise SnapshotError(f"snapshot index not found: {path}; {BUILD_HINT}")
    if path.is_dir():
        raise SnapshotError(
            f"snapshot index {path} is a folder without a manifest.json, not an index; {BUILD_HINT}"
        )
    try:
        with open(path, "rb") as handle:
            magic = handle.read(16)
    except OSError as error:
        raise SnapshotError(f"cannot read snapshot index {path} ({error.strerror or error})") from None
    if magic != SQLITE_MAGIC:
        raise SnapshotError(f"snapshot index {path} is not a SQLite database; rebuild it: {BUILD_HINT}")
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as error:
        raise SnapshotError(f"cannot open snapshot index {path} ({error}); {BUILD_HINT}") from None
    try:
        check_index(conn, path)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn


def _has_fts5(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT rowid FROM works_fts WHERE works_fts MATCH ? LIMIT 0", ('"x"',)).fetchall()
    except sqlite3.OperationalError:
        return False
    return True


class IndexReader:
    """One index file, read-only; a lock serialises its one connection between threads."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = Path(path)
        self._conn = conn
        self._lock = threading.Lock()
        meta = dict(conn.execute("SELECT key, value FROM meta"))
        self.zdict: bytes = meta.get("zdict") or ZDICT
        self.searchable = _has_fts5(conn)

    @classmethod
    def open(cls, path: str | Path, *, immutable: bool = False) -> "IndexReader":
        path = Path(path)
        return cls(path, connect_readonly(path, immutable=immutable))

    def decode(self, body: bytes) -> dict[str, Any]:
        return decode_body(body, self.zdict)

    def stored(self, keys: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """DOI key -> (indexed date, encoded body), for the keys this file holds."""
        found: dict[str, tuple[str, bytes]] = {}
        with self._lock:
            for chunk in _chunks(sorted(set(keys))):
                marks = ",".join("?" * len(chunk))
                for doi, indexed, body in self._conn.execute(
                    "SELECT w.doi, w.indexed, b.body FROM works AS w JOIN bodies AS b ON b.id = w.id "
                    f"WHERE w.doi IN ({marks})",
                    chunk,
                ):
                    found[doi] = (indexed, body)
        return found

    def indexed(self, keys: Sequence[str]) -> dict[str, str]:
        """DOI key -> indexed date, for the keys this file holds (no bodies read)."""
        found: dict[str, str] = {}
        with self._lock:
            for chunk in _chunks(sorted(set(keys))):
                marks = ",".join("?" * len(chunk))
                found.update(
                    self._conn.execute(f"SELECT doi, indexed FROM works WHERE doi IN ({marks})", chunk)
                )
        return found

    def term_docs(self, column: str, words: Sequence[str]) -> dict[str, int]:
        """How many records of this file hold each word in `column` (absent: none)."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        with self._lock:
            return dict(
                self._conn.execute(
                    f"SELECT term, docs FROM terms WHERE col = ? AND term IN ({marks})", [column, *words]
                )
            )

    def hits(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(row id, FTS5 rank) of the best `limit` matches of a query, best first."""
        with self._lock:
            return list(
                self._conn.execute(
                    "SELECT rowid, rank FROM works_fts WHERE works_fts MATCH ? ORDER BY rank LIMIT ?",
                    (query, limit),
                )
            )

    def bodies(self, ids: Sequence[int]) -> dict[int, bytes]:
        """Row id -> encoded body (`works` is keyed by DOI: the body says its DOI and indexed date)."""
        found: dict[int, bytes] = {}
        with self._lock:
            for chunk in _chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                found.update(self._conn.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", list(chunk)))
        return found

    def info(self) -> SnapshotInfo:
        with self._lock:
            return read_info(self.path, self._conn, self.searchable)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
