"""The single-file snapshot index: its SQLite schema, its writer, and opening it.

The layout (see `SCHEMA`): `works` maps the lower-case DOI to a row id, the
record's `indexed` date and issued year; `bodies` holds the message as
encoded by `citecheck.snapshot.codec` (the zlib dictionary is stored in
`meta`, so readers never depend on this code's constant); `works_fts` is a
contentless FTS5 index over title, family names, container title and year,
and `terms` counts the records per title word and family name for search.

Re-running a build adds new DOIs and replaces a stored record only when the
new one has a later `indexed.date-time`; a bad line or a truncated file is
recorded as a `Problem` and the build goes on. Only the standard library is
involved (`sqlite3` with FTS5, `zlib`).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import time
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from citecheck.errors import SnapshotError
from citecheck.snapshot.codec import (
    BODY_ENCODING,
    SEARCH_FIELDS_VERSION,
    ZDICT,
    Encoded,
    Row,
    decode_body,
    encode,
    encode_body,
    encode_chunk,
    search_fields,
)
from citecheck.snapshot.profiles import Storage
from citecheck.snapshot.records import (
    Problem,
    is_index_file,
    is_lines_file,
    iter_records,
    line_chunks,
)

# Bump when the table layout or the FTS fields change: an index of another
# version is refused with a message asking for a rebuild, because deleting FTS
# entries of a contentless table needs exactly the values once inserted.
FORMAT_VERSION = 1

# Problems are kept up to this many (the rest are counted): a 200 GB input full
# of bad lines must not fill memory with messages.
MAX_PROBLEMS = 1000
DEFAULT_BATCH_SIZE = 10_000
# Page cache of the writer: keeps the DOI b-tree's upper levels in memory
# (about 1% of the index); most of the peak memory of a build.
CACHE_KIB = 128 * 1024
# Lines handed to a worker at a time (about 4 MB of JSON).
LINES_PER_CHUNK = 500
# Parameters per `IN (...)` query; 500 stays under every SQLite build's limit.
IN_CHUNK = 500
BUILD_HINT = "build one with `citecheck snapshot build RECORDS... --output INDEX`"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE works (
    doi TEXT PRIMARY KEY,          -- lower case
    id INTEGER NOT NULL,           -- row of `bodies` and of `works_fts`
    indexed TEXT NOT NULL,         -- indexed.date-time ('' when absent); newer wins
    year INTEGER                   -- issued year
) WITHOUT ROWID;
CREATE TABLE bodies (id INTEGER PRIMARY KEY, body BLOB NOT NULL);
-- Records per title word and family name (see `_refresh_terms`).
CREATE TABLE terms (col TEXT NOT NULL, term TEXT NOT NULL, docs INTEGER NOT NULL, PRIMARY KEY (col, term)) WITHOUT ROWID;
CREATE VIRTUAL TABLE works_fts USING fts5(
    title, authors, container, year,
    content='', detail=column, tokenize='unicode61 remove_diacritics 2'
);
"""
REQUIRED_TABLES = ("meta", "works", "bodies", "terms", "works_fts")

ProgressCallback = Callable[[str, int], None]


@dataclass(frozen=True)
class BuildResult:
    """What one build did."""

    output: Path
    files: int  # input files (and shard indexes) read
    records: int  # work records read from the inputs
    added: int  # DOIs new to the index
    updated: int  # stored records replaced by one with a later `indexed` date
    unchanged: int  # records not newer than the stored (or an earlier same-run) one
    total: int  # records in the index afterwards
    seconds: float
    size_bytes: int
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0  # may exceed len(problems): only MAX_PROBLEMS are kept
    shards: int = 0  # shards of a sharded index afterwards (0: a single-file index)
    new_shards: int = 0  # shards this build added

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Counts:
    records: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    def problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


class _Writer:
    """Batches records and applies them with the newer-`indexed`-wins rule."""

    def __init__(self, conn: sqlite3.Connection, storage: Storage, batch_size: int, counts: _Counts) -> None:
        self.conn = conn
        self.storage = storage
        self.zdict = storage.zdict
        self.batch_size = max(1, batch_size)
        self.counts = counts
        self.pending: dict[str, Row] = {}
        self.next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM bodies").fetchone()[0]

    def add_message(self, message: dict[str, Any]) -> None:
        self.add_row(*encode(message, self.storage))

    def add_row(self, doi: str, row: Row) -> None:
        self.counts.records += 1
        waiting = self.pending.get(doi)
        if waiting is not None and waiting.indexed >= row.indexed:
            self.counts.unchanged += 1
            return
        if waiting is not None:
            self.counts.unchanged += 1  # the earlier copy of this run is superseded
        self.pending[doi] = row
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        conn = self.conn
        dois = list(self.pending)
        stored: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(dois):
            marks = ",".join("?" * len(chunk))
            for doi, row_id, indexed in conn.execute(
                f"SELECT doi, id, indexed FROM works WHERE doi IN ({marks})", chunk
            ):
                stored[doi] = (row_id, indexed)
        new_works, new_bodies, new_fts = [], [], []
        replaced: list[tuple[str, int, Row]] = []
        for doi, row in self.pending.items():
            old = stored.get(doi)
            if old is None:
                row_id = self.next_id
                self.next_id += 1
                new_works.append((doi, row_id, row.indexed, row.year))
                new_bodies.append((row_id, row.body))
                new_fts.append((row_id, *row.fields))
            elif row.indexed > old[1]:
                replaced.append((doi, old[0], row))
            else:
                self.counts.unchanged += 1
        with _transaction(conn):
            if replaced:
                self._replace(replaced)
            conn.executemany("INSERT INTO works (doi, id, indexed, year) VALUES (?, ?, ?, ?)", new_works)
            conn.executemany("INSERT INTO bodies (id, body) VALUES (?, ?)", new_bodies)
            conn.executemany(
                "INSERT INTO works_fts (rowid, title, authors, container, year) VALUES (?, ?, ?, ?, ?)", new_fts
            )
        self.counts.added += len(new_works)
        self.counts.updated += len(replaced)
        self.pending.clear()

    def _replace(self, replaced: list[tuple[str, int, Row]]) -> None:
        conn = self.conn
        ids = [row_id for _, row_id, _ in replaced]
        old_fields: list[tuple[Any, ...]] = []
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row_id, body in conn.execute(f"SELECT id, body FROM bodies WHERE id IN ({marks})", chunk):
                old_fields.append((row_id, *search_fields(decode_body(body, self.zdict))))
        # A contentless FTS5 table forgets a row only when told the exact
        # values it was given; they are recomputed from the old body.
        conn.executemany(
            "INSERT INTO works_fts (works_fts, rowid, title, authors, container, year) "
            "VALUES ('delete', ?, ?, ?, ?, ?)",
            old_fields,
        )
        conn.executemany(
            "UPDATE works SET indexed = ?, year = ? WHERE doi = ?",
            [(row.indexed, row.year, doi) for doi, _, row in replaced],
        )
        conn.executemany("UPDATE bodies SET body = ? WHERE id = ?", [(row.body, row_id) for _, row_id, row in replaced])
        conn.executemany(
            "INSERT INTO works_fts (rowid, title, authors, container, year) VALUES (?, ?, ?, ?, ?)",
            [(row_id, *row.fields) for _, row_id, row in replaced],
        )


# ----------------------------------------------------------- opening indexes


def read_meta(conn: sqlite3.Connection, schema: str = "main") -> dict[str, Any]:
    return dict(conn.execute(f"SELECT key, value FROM {schema}.meta"))


def check_index(conn: sqlite3.Connection, path: Path, schema: str = "main") -> dict[str, Any]:
    """Raise SnapshotError unless `schema` of `conn` is a snapshot index of this format."""
    try:
        tables = {
            name for (name,) in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as error:
        raise SnapshotError(
            f"snapshot index {path} is not a SQLite database ({error}); "
            "rebuild it with `citecheck snapshot build RECORDS... --output INDEX`"
        ) from None
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise SnapshotError(
            f"{path} is not a citecheck snapshot index (no {', '.join(missing)} table); "
            "build one with `citecheck snapshot build RECORDS... --output INDEX`"
        )
    meta = read_meta(conn, schema)
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise SnapshotError(
            f"snapshot index {path} has format {version}, this citecheck reads format {FORMAT_VERSION}; "
            "rebuild it with `citecheck snapshot build RECORDS... --output INDEX`"
        )
    return meta


def stored_as(meta: dict[str, Any]) -> Storage:
    """How an existing index stores its records, from its `meta`."""
    return Storage(
        str(meta.get("profile") or "full"),
        frozenset(json.loads(meta.get("dropped_fields") or "[]")),
        meta.get("zdict") or ZDICT,
    )


def check_same_storage(
    output: Path, storage: Storage, profile: str | None, drop_fields: Sequence[str] | None
) -> None:
    """Refuse to update an index with another profile or other dropped fields (SnapshotError)."""
    if profile is not None and profile != storage.profile:
        raise SnapshotError(
            f"{output} holds the {storage.profile} profile; update it with --profile {storage.profile}, "
            "or build a new index"
        )
    if drop_fields is not None and frozenset(drop_fields) != storage.drop:
        raise SnapshotError(
            f"{output} was built dropping {sorted(storage.drop) or 'no fields'}; "
            "update it with the same fields dropped, or build a new index"
        )


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _create(conn: sqlite3.Connection, page_size: int, storage: Storage) -> None:
    # page_size and auto_vacuum only take effect before the first table.
    conn.execute(f"PRAGMA page_size = {int(page_size)}")
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    conn.executescript(SCHEMA)
    with _transaction(conn):
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [
                ("format_version", FORMAT_VERSION),
                ("body_encoding", BODY_ENCODING),
                ("search_fields_version", SEARCH_FIELDS_VERSION),
                ("zdict", storage.zdict),
                ("profile", storage.profile),
                ("dropped_fields", json.dumps(sorted(storage.drop))),
                ("sources", 0),
            ],
        )


def _finish(conn: sqlite3.Connection, *, fresh: bool, timestamp: str, files: int) -> None:
    """Record statistics, compact the FTS index and leave the file in a safe state."""
    count, first_year, last_year, first_indexed, last_indexed = conn.execute(
        "SELECT count(*), min(year), max(year), min(nullif(indexed, '')), max(nullif(indexed, '')) FROM works"
    ).fetchone()
    meta = read_meta(conn)
    values = {
        "records": count,
        "first_year": first_year,
        "last_year": last_year,
        "first_indexed": first_indexed,
        "last_indexed": last_indexed,
        "updated_at": timestamp,
        "sources": int(meta.get("sources") or 0) + files,
    }
    if fresh or not meta.get("built_at"):
        values["built_at"] = timestamp
    with _transaction(conn):
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(values.items()))
        if fresh:
            # One segment instead of many: fewer seeks per query. Updates of an
            # existing index leave merging to FTS5's automerge, since
            # 'optimize' rewrites the whole full-text index.
            conn.execute("INSERT INTO works_fts (works_fts) VALUES ('optimize')")
    _refresh_terms(conn)
    conn.execute("PRAGMA incremental_vacuum")
    # Back to a rollback journal with full syncs: readers open the file
    # read-only, which a WAL database would not allow without its -shm file.
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def _refresh_terms(conn: sqlite3.Connection) -> None:
    """Recount how many records hold each title word and family name.

    Search picks the rarest words of a cited title from this table: a rare
    word's posting list is short, so an AND of rare words is fast and
    precise, and a word no record holds (a typo) is left out before the
    query runs. One pass over the full-text index (under a second per
    million records).
    """
    conn.execute("CREATE VIRTUAL TABLE temp.works_vocab USING fts5vocab(main, works_fts, 'col')")
    try:
        with _transaction(conn):
            conn.execute("DELETE FROM terms")
            conn.execute(
                "INSERT INTO terms (col, term, docs) SELECT col, term, doc FROM temp.works_vocab "
                "WHERE col IN ('title', 'authors')"
            )
    finally:
        conn.execute("DROP TABLE temp.works_vocab")


def _connect_for_write(path: Path) -> sqlite3.Connection:
    # Autocommit mode with explicit transactions (`_transaction`): PRAGMAs
    # such as journal_mode must run outside one.
    return sqlite3.connect(path.resolve().as_uri(), uri=True, isolation_level=None)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def _pool(workers: int) -> Iterator[Executor | None]:
    if workers <= 1:
        yield None
        return
    # spawn, not fork: the parent holds an open SQLite connection, which a
    # forked child must never touch.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _merge_index(
    writer: _Writer, conn: sqlite3.Connection, shard: Path, counts: _Counts, progress: ProgressCallback | None
) -> None:
    """Add the records of another snapshot index (a shard), newer `indexed` winning."""
    writer.flush()
    conn.execute("ATTACH DATABASE ? AS shard", (shard.resolve().as_uri() + "?mode=ro",))
    try:
        meta = check_index(conn, shard, "shard")
        zdict = meta.get("zdict") or ZDICT
        same_codec = zdict == writer.zdict
        total = conn.execute("SELECT count(*) FROM shard.works").fetchone()[0]
        taken = 0
        after = ""
        page = max(1000, writer.batch_size)
        while True:
            # Only rows that are new or newer than what the index holds, in
            # DOI order (the shard's clustering order: sequential reads, and
            # inserts that land near each other in the target b-tree).
            rows = conn.execute(
                "SELECT s.doi, s.indexed, s.year, b.body FROM shard.works AS s "
                "JOIN shard.bodies AS b ON b.id = s.id "
                "LEFT JOIN main.works AS m ON m.doi = s.doi "
                "WHERE s.doi > ? AND (m.doi IS NULL OR s.indexed > m.indexed) "
                "ORDER BY s.doi LIMIT ?",
                (after, page),
            ).fetchall()
            if not rows:
                break
            for doi, indexed, year, body in rows:
                message = decode_body(body, zdict)
                kept = writer.storage.keep(message)
                if kept is not message or not same_codec:
                    body = encode_body(kept, writer.zdict)
                writer.add_row(doi, Row(indexed, year, body, search_fields(kept)))
            taken += len(rows)
            after = rows[-1][0]
            writer.flush()
            if progress:
                progress(str(shard), counts.records)
        counts.records += total - taken
        counts.unchanged += total - taken
    finally:
        conn.execute("DETACH DATABASE shard")


def _encoded_chunks(
    path: Path, storage: Storage, pool: Executor | None, workers: int
) -> Iterator[list[Encoded | Problem]]:
    """Encoded chunks in input order; with a pool, at most 2 x workers chunks in flight.

    Executor.map would read the whole input ahead; the window keeps memory
    bounded by a few chunks whatever the file size.
    """
    name = str(path)
    if pool is None:
        for item in line_chunks(path, LINES_PER_CHUNK):
            yield [item] if isinstance(item, Problem) else encode_chunk(name, item, storage)
        return
    window: deque[Future[list[Encoded | Problem]] | Problem] = deque()
    for item in line_chunks(path, LINES_PER_CHUNK):
        window.append(item if isinstance(item, Problem) else pool.submit(encode_chunk, name, item, storage))
        while len(window) > 2 * workers:
            head = window.popleft()
            yield [head] if isinstance(head, Problem) else head.result()
    while window:
        head = window.popleft()
        yield [head] if isinstance(head, Problem) else head.result()


def build_index(
    files: Sequence[Path],
    output: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    page_size: int = 16384,
    timestamp: str | None = None,
    drop_fields: Sequence[str] | None = None,
    profile: str | None = None,
    workers: int = 1,
) -> BuildResult:
    """Build the single-file index `output` from record files and other indexes, or update it.

    A new index is written to `<output>.partial` with journaling and syncs off
    (nothing to protect yet) and renamed into place when complete, so an
    interrupted build never leaves a half-made index under the real name. An
    existing index is updated in place in WAL mode (a crash loses at most the
    batch in flight). `timestamp` fixes the recorded build time, for builds
    that must be byte-for-byte reproducible. `progress(file, records_read)` is
    called after each batch. `drop_fields` leaves top-level keys out of the
    stored messages (e.g. `("reference",)`, the cited-reference lists that
    make up about 60% of a record and that no check reads); `profile` is
    `full` (the default) or `lean` (`citecheck.snapshot.profiles`). Both are
    fixed when the index is created, and lookups then return the message as
    stored; updating with another profile or other dropped fields is refused.
    `workers` > 1 parses and compresses JSON Lines input in that many
    processes while this one writes (the writer is the only SQLite user).

    Raises SnapshotError when `output` is not a snapshot index; problems
    inside the inputs are returned, not raised.
    """
    output = Path(output)
    started = time.perf_counter()
    fresh = not output.exists()
    target = output.with_name(output.name + ".partial") if fresh else output
    if fresh:
        output.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (target, Path(f"{target}-journal"), Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
    elif not is_index_file(output):
        raise SnapshotError(
            f"{output} exists and is not a snapshot index; choose another --output or remove the file"
        )
    conn = _connect_for_write(target)
    completed = False
    try:
        if fresh:
            storage = Storage(profile or "full", frozenset(drop_fields or ()))
            _create(conn, page_size, storage)
            conn.execute("PRAGMA journal_mode = OFF")
        else:
            storage = stored_as(check_index(conn, output))
            check_same_storage(output, storage, profile, drop_fields)
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        # After page_size is settled: set before, the KiB budget is turned into
        # a page count at the old page size and the cache grows four times over.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        counts = _Counts()
        writer = _Writer(conn, storage, batch_size, counts)
        with _pool(workers) as pool:
            for path in files:
                if path.resolve() in (output.resolve(), target.resolve()):
                    counts.problem(Problem(str(path), None, "the index being built; skipped"))
                elif is_index_file(path):
                    _merge_index(writer, conn, path, counts, progress)
                elif is_lines_file(path):
                    since = 0
                    for encoded in _encoded_chunks(path, storage, pool, workers):
                        for item in encoded:
                            if isinstance(item, Problem):
                                counts.problem(item)
                            else:
                                writer.add_row(*item)
                        since += len(encoded)
                        if progress and since >= writer.batch_size:
                            since = 0
                            progress(str(path), counts.records)
                else:
                    for item in iter_records(path):
                        if isinstance(item, Problem):
                            counts.problem(item)
                        else:
                            writer.add_message(item.message)
                if progress:
                    progress(str(path), counts.records)
        writer.flush()
        _finish(conn, fresh=fresh, timestamp=timestamp or _now(), files=len(files))
        total = conn.execute("SELECT count(*) FROM works").fetchone()[0]
        completed = True
    finally:
        conn.close()
        if fresh and not completed:
            target.unlink(missing_ok=True)
    if fresh:
        os.replace(target, output)
    return BuildResult(
        output=output,
        files=len(files),
        records=counts.records,
        added=counts.added,
        updated=counts.updated,
        unchanged=counts.unchanged,
        total=total,
        seconds=time.perf_counter() - started,
        size_bytes=output.stat().st_size,
        problems=tuple(counts.problems),
        problem_count=counts.problem_count,
    )
