"""The snapshot index as a source of works: DOI lookups and bibliographic search.

`SnapshotSource` opens an index read-only and serves the `WorkSource`
interface: a DOI it holds comes back as the same `Work` the API would give
(the stored message is the API's `message`, turned into a Work by
`work_from_message`); a DOI it does not hold is left out of the answer so that
the resolver asks the next source, or reports it unverified when offline.
Search runs on the FTS5 table with the queries of `citecheck.snapshot.query`.

The index is one file, or a folder of shards (`citecheck.snapshot.shards`):
the same code serves both, asking each file in turn. A look-up keeps, for
each DOI, the record with the newest `indexed` date (the earlier shard on a
tie), as a one-file build would have kept it. A search picks the rarest
cited words from the word counts of all shards together, runs each query on
every shard until one query has hits, merges the shards' hits by FTS rank,
drops any hit that a newer copy in another shard supersedes, and re-ranks
the best by title, author and year agreement.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any, Sequence

from citecheck.errors import SnapshotError
from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.snapshot.info import SnapshotInfo, combine_info
from citecheck.snapshot.query import (
    CANDIDATES,
    MAX_QUERY_TOKENS,
    author_token,
    search_queries,
    similarity,
    title_tokens,
)
from citecheck.snapshot.reader import IndexReader
from citecheck.snapshot.shards import MANIFEST, is_sharded, load_manifest
from citecheck.sources.records import work_from_message
from citecheck.text.identifiers import doi_key


class SnapshotSource:
    """A read-only snapshot index (one file or a folder of shards) behind the `WorkSource` interface.

    The async methods run the queries in a thread so that a search never
    stalls the HTTP requests in flight on the event loop. For parallel
    checking, open one SnapshotSource per process: the files are only read.
    """

    name = "snapshot"

    def __init__(self, path: Path, readers: Sequence[IndexReader]) -> None:
        self.path = Path(path)
        self.readers = list(readers)
        self.searchable = all(reader.searchable for reader in self.readers)

    @classmethod
    def open(cls, path: str | Path, *, immutable: bool = False) -> "SnapshotSource":
        """Open an index read-only; SnapshotError (one line) when it is missing or not an index.

        The shards of a sharded index are opened as immutable files (they
        never change once listed). `immutable` does the same for a one-file
        index that you know nobody updates while it is read.
        """
        path = Path(path)
        if not is_sharded(path):
            return cls(path, [IndexReader.open(path, immutable=immutable)])
        readers: list[IndexReader] = []
        try:
            for shard in load_manifest(path).shards:
                file = path / shard.file
                if not file.is_file():
                    raise SnapshotError(
                        f"{file} is listed in {path / MANIFEST} but missing; copy the whole index folder, "
                        "or rebuild it"
                    )
                readers.append(IndexReader.open(file, immutable=True))
        except BaseException:
            for reader in readers:
                reader.close()
            raise
        return cls(path, readers)

    # ------------------------------------------------------------- lookups

    def _newest(self, keys: Sequence[str]) -> dict[str, tuple[str, IndexReader, bytes]]:
        """DOI key -> (indexed, reader, body) of the copy that wins: newest `indexed`, then earliest shard."""
        best: dict[str, tuple[str, IndexReader, bytes]] = {}
        for reader in self.readers:
            for doi, (indexed, body) in reader.stored(keys).items():
                held = best.get(doi)
                if held is None or indexed > held[0]:
                    best[doi] = (indexed, reader, body)
        return best

    def messages(self, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Stored messages by normalised DOI, for the DOIs the index holds."""
        keys = sorted({doi_key(d) for d in dois if d and d.strip()})
        return {doi: reader.decode(body) for doi, (_, reader, body) in self._newest(keys).items()}

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
        hits = self._match(tokens, author_token(reference), reference.year)
        if not hits:
            return []
        works = self._current_works(hits)
        order = {hit: i for i, hit in enumerate(hits)}
        ranked = sorted(works.items(), key=lambda item: (-similarity(reference, item[1]), order[item[0]]))
        return [work for _, work in ranked[:rows]]

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        """Candidate works for a reference, best first; None when this SQLite lacks FTS5."""
        if not self.searchable:
            return None
        return await asyncio.to_thread(self.search_sync, reference, rows)

    def _docs(self, column: str, words: Sequence[str]) -> dict[str, int]:
        """How many records of all the files hold each word in `column` (absent: none)."""
        total: dict[str, int] = {}
        for reader in self.readers:
            for word, docs in reader.term_docs(column, words).items():
                total[word] = total.get(word, 0) + docs
        return total

    def _match(self, tokens: list[str], author: str | None, year: int | None) -> list[tuple[int, int]]:
        """(file number, row id) of the best hits of the first query that has any, best first."""
        title_docs = self._docs("title", tokens)
        # Words no record holds are typos (or words of another record):
        # leave them out rather than let them sink an AND.
        rare = sorted((t for t in tokens if title_docs.get(t)), key=lambda t: (title_docs[t], tokens.index(t)))
        rare = rare[:MAX_QUERY_TOKENS]
        if author and not self._docs("authors", [author]):
            author = None
        for query in search_queries(rare, author, year):
            ranked: list[tuple[float, int, int, int]] = []
            for number, reader in enumerate(self.readers):
                try:
                    found = reader.hits(query, CANDIDATES)
                except sqlite3.OperationalError:
                    # Not expected: every word comes from the index's own
                    # vocabulary, so each quoted word is exactly one FTS token.
                    # A search is a suggestion; failing it must not end the run.
                    continue
                ranked.extend((rank, number, position, row_id) for position, (row_id, rank) in enumerate(found))
            if ranked:
                ranked.sort()
                return [(number, row_id) for _, number, _, row_id in ranked[:CANDIDATES]]
        return []

    def _current_works(self, hits: Sequence[tuple[int, int]]) -> dict[tuple[int, int], Work]:
        """The works of some hits, leaving out copies that a newer one in another file supersedes."""
        messages: dict[tuple[int, int], dict[str, Any]] = {}
        for number, reader in enumerate(self.readers):
            ids = [row_id for n, row_id in hits if n == number]
            if ids:
                for row_id, body in reader.bodies(ids).items():
                    messages[(number, row_id)] = reader.decode(body)
        if len(self.readers) > 1:
            keys = {hit: doi_key(str(m.get("DOI") or "")) for hit, m in messages.items()}
            newest: dict[str, tuple[str, int]] = {}
            for number, reader in enumerate(self.readers):
                for doi, indexed in reader.indexed(sorted(set(keys.values()))).items():
                    if doi not in newest or indexed > newest[doi][0]:
                        newest[doi] = (indexed, number)
            messages = {hit: m for hit, m in messages.items() if newest.get(keys[hit], ("", hit[0]))[1] == hit[0]}
        works: dict[tuple[int, int], Work] = {}
        for hit, message in messages.items():
            try:
                works[hit] = work_from_message(message)
            except ValueError:
                continue
        return works

    # ------------------------------------------------------------- closing

    def info(self) -> SnapshotInfo:
        infos = [reader.info() for reader in self.readers]
        if not is_sharded(self.path):
            return infos[0]
        return combine_info(self.path, load_manifest(self.path), infos)

    def close(self) -> None:
        for reader in self.readers:
            reader.close()

    async def aclose(self) -> None:
        self.close()

    def __enter__(self) -> "SnapshotSource":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
