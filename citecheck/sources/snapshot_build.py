"""Build or update a snapshot index (SQLite + FTS5) from Crossref record files.

Crossref's public data file holds the same work `message` objects the API
serves, so an index of them answers DOI lookups and bibliographic searches
without the network and without the API's rate limits. This module reads the
shapes those records come in and writes them into one SQLite file with the
standard library only:

* `.jsonl` / `.jsonl.gz` (also `.ndjson`): one work message per line, or one
  `{"status": "ok", "message": {...}}` envelope per line;
* `.json` / `.json.gz`: the older public-data-file parts `{"items": [...]}`
  (the `items` array is streamed item by item, never loaded whole), a single
  `/works/{doi}` body, a `/works?...` work-list body, a bare message, or an
  array of messages;
* other snapshot indexes (shards built in parallel), merged through `ATTACH`;
* directories of any of those (walked recursively, in sorted order).

The layout (see `SCHEMA`): `works` maps the lower-case DOI to a row id, the
record's `indexed` date and issued year; `bodies` holds the message as compact
JSON, zlib-compressed against a preset dictionary of Crossref's recurring keys
(stored in `meta` so readers never depend on this module's constant); and
`works_fts` is a contentless FTS5 index over title, family names, container
title and year. Contentless keeps the text out of the file a second time; the
price is that replacing a record must re-derive the old entry from the stored
body to delete it, which `search_fields` does deterministically (its version
is pinned in `meta`).

Re-running a build adds new DOIs and replaces a stored record only when the new
one has a later `indexed.date-time`. A bad line or a truncated file is recorded
as a `Problem` (file name and line number) and the build goes on.
"""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import re
import sqlite3
import time
import zlib
from collections import deque
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Sequence

from citecheck.errors import SnapshotError
from citecheck.sources.records import plain_text
from citecheck.text.identifiers import doi_key

# Bump when the table layout or the FTS fields change: an index of another
# version is refused with a message asking for a rebuild, because deleting FTS
# entries of a contentless table needs exactly the values once inserted.
FORMAT_VERSION = 1

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"

# How many authors go into the search index: a reference names its first
# authors; the long tail of a 3,000-author physics paper only costs space.
MAX_INDEXED_AUTHORS = 20
# Problems are kept up to this many (the rest are counted): a 200 GB input full
# of bad lines must not fill memory with messages.
MAX_PROBLEMS = 1000
# A single JSON value (one record, one envelope) larger than this is reported
# instead of being buffered further: it bounds memory on corrupt `.json` input.
MAX_VALUE_CHARS = 64 * 1024 * 1024
DEFAULT_BATCH_SIZE = 10_000
# A `.json` value up to this size is decoded in one call (fast); a larger one,
# such as a public-data-file part, is streamed item by item.
_WHOLE_VALUE_CHARS = 1 << 20
# Page cache of the writer: keeps the DOI b-tree's upper levels in memory
# (about 1% of the index); most of the peak memory of a build.
CACHE_KIB = 128 * 1024
# Lines handed to a worker at a time (about 4 MB of JSON).
_LINES_PER_CHUNK = 500
# Parameters per `IN (...)` query; 500 stays under every SQLite build's limit.
_IN_CHUNK = 500

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")
INDEX_SUFFIXES = (".sqlite", ".sqlite3", ".db")

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

# Preset dictionary for zlib: the keys and values nearly every Crossref message
# repeats. A message compressed alone cannot refer back to the previous one, so
# without a dictionary each record pays again for `"date-parts":[[` and friends.
# Most frequent strings last (zlib finds nearer matches with shorter codes).
ZDICT = (
    '"assertion":[{"value":"","order":0,"name":"received","label":"Received","group":'
    '{"name":"publication_history","label":"Publication History"}},{"value":"",'
    '"order":1,"name":"accepted","label":"Accepted"},{"value":"","order":2,'
    '"name":"first_online","label":"First Online"}],"funder":[{"DOI":"10.13039/",'
    '"name":"","doi-asserted-by":"publisher","award":[],"id":[{"id":"10.13039/",'
    '"id-type":"DOI","asserted-by":"publisher"}]}],"abstract":"<jats:title>Abstract'
    '</jats:title><jats:p>","alternative-id":["S"],"archive":["Portico","CLOCKSS"],'
    '"update-policy":"https://doi.org/10.","ISBN":[""],"isbn-type":[{"value":"",'
    '"type":"print"},{"value":"","type":"electronic"}],"publisher-location":"",'
    '"article-number":"","published-other":,"subject":[],"relation":{},'
    '"original-title":[],"short-title":[],"subtitle":[],"language":"en",'
    '"license":[{"start":{"date-parts":[[,,]],"date-time":"T00:00:00Z","timestamp":'
    '},"content-version":"vor","delay-in-days":0,"URL":'
    '"http://creativecommons.org/licenses/by/4.0/"},{"start":{"date-parts":[[,,]],'
    '"date-time":"","timestamp":},"content-version":"tdm","delay-in-days":0,"URL":'
    '"https://www.elsevier.com/tdm/userlicense/1.0/"},{"content-version":"am",'
    '"URL":"http://www.springer.com/tdm","https://onlinelibrary.wiley.com/'
    'termsAndConditions#vor"}],"link":[{"URL":"https://link.springer.com/content/pdf/'
    '10.","content-type":"application/pdf","content-version":"vor",'
    '"intended-application":"text-mining"},{"URL":"","content-type":"text/xml",'
    '"content-version":"vor","intended-application":"text-mining"},{"URL":"",'
    '"content-type":"unspecified","content-version":"vor","intended-application":'
    '"similarity-checking"}],"reference":[{"key":"","doi-asserted-by":"crossref",'
    '"first-page":"","DOI":"10.","article-title":"","volume":"","author":"",'
    '"year":"","journal-title":"","unstructured":"","series-title":"",'
    '"volume-title":"","edition":""},{"key":"","doi-asserted-by":"publisher",'
    '"unstructured":""}],"editor":[{"given":"","family":"","sequence":"first",'
    '"affiliation":[]}],"author":[{"ORCID":"https://orcid.org/",'
    '"authenticated-orcid":false,"given":"","family":"","sequence":"first",'
    '"affiliation":[{"name":""}]},{"given":"","family":"","sequence":"additional",'
    '"affiliation":[]}],"role":[{"vocabulary":"crossref","role":"author"}],'
    '"journal-issue":{"issue":"","published-print":{"date-parts":[[,]]},'
    '"published-online":{"date-parts":[[,]]}},"ISSN":[""],"issn-type":[{"value":"",'
    '"type":"print"},{"value":"","type":"electronic"}],"container-title":[""],'
    '"short-container-title":[""],"published-print":{"date-parts":[[,]]},'
    '"published-online":{"date-parts":[[,,]]},"published":{"date-parts":[[,,]]},'
    '"issued":{"date-parts":[[,,]]},"resource":{"primary":{"URL":"https://"}},'
    '"URL":"https://doi.org/10.","deposited":{"date-parts":[[,,]],"date-time":"",'
    '"timestamp":},"score":1,"member":"","prefix":"10.","volume":"","issue":"",'
    '"page":"","title":[""],"is-referenced-by-count":0,"source":"Crossref",'
    '"created":{"date-parts":[[,,]],"date-time":"","timestamp":},"type":'
    '"journal-article","DOI":"10.","content-domain":{"domain":[],'
    '"crossmark-restriction":false},"publisher":"Elsevier BV","Springer Science and '
    'Business Media LLC","Wiley","reference-count":0,"references-count":0,'
    '{"indexed":{"date-parts":[[,,]],"date-time":"T:00Z","timestamp":,"version":"3."},'
).encode("utf-8")
BODY_ENCODING = "json+zlib-zdict/1"
SEARCH_FIELDS_VERSION = 1

ProgressCallback = Callable[[str, int], None]


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class Problem:
    """Something in the input that could not be indexed; the build went on."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class BuildResult:
    """What one `build_snapshot` call did."""

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

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0


# ------------------------------------------------------------- record codec


def encode_body(message: Mapping[str, Any], zdict: bytes = ZDICT) -> bytes:
    """Compact JSON of the message, compressed against the preset dictionary."""
    # surrogatepass: Crossref text occasionally holds a lone surrogate escape
    # (`\\ud83d`), which json.loads accepts and must come back unchanged.
    data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )
    compressor = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, zdict)
    return compressor.compress(data) + compressor.flush()


def decode_body(body: bytes, zdict: bytes = ZDICT) -> dict[str, Any]:
    decompressor = zlib.decompressobj(15, zdict)
    data = decompressor.decompress(body) + decompressor.flush()
    return json.loads(data.decode("utf-8", "surrogatepass"))


def _issued_year(message: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published"):
        date = message.get(key)
        if not isinstance(date, Mapping):
            continue
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                year = int(parts[0][0])
            except (TypeError, ValueError):
                continue
            if 1000 <= year <= 2999:
                return year
    return None


def _indexed(message: Mapping[str, Any]) -> str:
    indexed = message.get("indexed")
    if isinstance(indexed, Mapping):
        value = indexed.get("date-time")
        if isinstance(value, str):
            return value.strip()
        stamp = indexed.get("timestamp")
        if isinstance(stamp, (int, float)):
            moment = datetime.fromtimestamp(stamp / 1000, tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def _texts(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    return [t for t in (plain_text(v) for v in values if isinstance(v, str)) if t]


def _family_names(people: Any) -> list[str]:
    names: list[str] = []
    if isinstance(people, list):
        for person in people:
            if isinstance(person, Mapping):
                name = person.get("family") or person.get("name")
                if isinstance(name, str) and name.strip():
                    names.append(name.strip())
                    if len(names) >= MAX_INDEXED_AUTHORS:
                        break
    return names


def search_fields(message: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """The FTS5 columns of one message: title (+ subtitle), family names, container, year.

    Deterministic by design: replacing a record deletes its old FTS entry by
    recomputing these values from the stored body.
    """
    title = " ".join(_texts(message.get("title")) + _texts(message.get("subtitle")))
    authors = " ".join(_family_names(message.get("author")) or _family_names(message.get("editor")))
    containers = _texts(message.get("container-title"))
    year = _issued_year(message)
    return title, authors, containers[0] if containers else "", str(year) if year else ""


# ------------------------------------------------------------ reading inputs


@dataclass(frozen=True)
class _Record:
    line: int
    message: dict[str, Any]


class _ValueTooLarge(Exception):
    pass


class _JsonStream:
    """Reads consecutive JSON values from a text stream without loading it whole.

    `json.JSONDecoder.raw_decode` decodes one value from a buffer; the buffer
    is refilled (and its consumed prefix dropped) as needed, so memory stays
    bounded by the largest single value rather than by the file.
    """

    _decoder = json.JSONDecoder()
    _space = re.compile(r"[ \t\r\n]*")

    def __init__(self, handle: IO[str], chunk: int = 1 << 16) -> None:
        self.handle = handle
        self.chunk = chunk
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line_base = 1  # line number of buf[0]

    def line(self) -> int:
        return self.line_base + self.buf.count("\n", 0, self.pos)

    def _fill(self, size: int) -> bool:
        if self.eof:
            return False
        data = self.handle.read(size)
        if not data:
            self.eof = True
            return False
        if self.pos:
            self.line_base += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += data
        return True

    def peek(self) -> str:
        """The next non-space character ('' at the end), not consumed."""
        while True:
            self.pos = self._space.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill(self.chunk):
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            found = self.buf[self.pos : self.pos + 20] or "end of file"
            raise json.JSONDecodeError(f"Expecting {char!r}, found {found!r}", self.buf, self.pos)
        self.pos += 1

    def whole_value(self, limit: int) -> tuple[bool, Any]:
        """Decode the next value if it fits in `limit` characters: (True, value), else (False, None).

        The fast path for the common small file (one record, one envelope);
        a larger value is left in place for the caller to stream.
        """
        self.peek()
        while len(self.buf) - self.pos < limit and self._fill(max(self.chunk, limit - (len(self.buf) - self.pos))):
            pass
        try:
            value, end = self._decoder.raw_decode(self.buf, self.pos)
        except json.JSONDecodeError:
            # Too large for the buffer, or broken: either way the streaming
            # path takes over, keeping what precedes any damage.
            return False, None
        self.pos = end
        return True, value

    def value(self) -> Any:
        self.peek()
        size = self.chunk
        while True:
            try:
                value, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                # Truncation shows near the end of the buffer (inside the last
                # token) or as an unterminated string; anything earlier is
                # genuinely broken JSON and more input will not mend it.
                near_end = error.pos >= len(self.buf) - 64
                if self.eof or not (near_end or error.msg.startswith("Unterminated string")):
                    raise
                if len(self.buf) - self.pos > MAX_VALUE_CHARS:
                    raise _ValueTooLarge() from None
                self._fill(size)
                size = min(size * 2, 1 << 24)
                continue
            if end == len(self.buf) and not self.eof and not isinstance(value, (dict, list, str)):
                # A number or literal at the end of the buffer may go on.
                self._fill(size)
                continue
            self.pos = end
            return value


def _messages_in(value: Any) -> list[Any] | None:
    """The work messages a decoded JSON value holds, or None when it holds none."""
    if isinstance(value, list):
        return value
    if not isinstance(value, dict):
        return None
    if "DOI" in value:
        return [value]
    message = value.get("message")
    if isinstance(message, dict):
        items = message.get("items")
        return items if isinstance(items, list) else [message]
    items = value.get("items")
    if isinstance(items, list):
        return items
    return None


def _checked(path: str, line: int, candidate: Any) -> _Record | Problem:
    if not isinstance(candidate, dict):
        return Problem(path, line, "not a Crossref work record (not a JSON object); skipped")
    doi = candidate.get("DOI")
    if not isinstance(doi, str) or not doi.strip():
        return Problem(path, line, "not a Crossref work record (no DOI); skipped")
    return _Record(line, candidate)


def _parse_line(path: str, line: int, raw: bytes) -> Iterator[_Record | Problem]:
    if not raw.strip():
        return
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        yield Problem(path, line, f"bad JSON line ({_short(error)}); skipped")
        return
    messages = _messages_in(value)
    if messages is None:
        yield Problem(path, line, "not a Crossref work record (no DOI, message or items); skipped")
        return
    yield from _checked_all(path, line, messages)


def _iter_lines(handle: IO[bytes], path: str) -> Iterator[_Record | Problem]:
    """One JSON value per line; a bad line is skipped, a broken stream ends the file."""
    line = 0
    try:
        for line, raw in enumerate(handle, 1):
            yield from _parse_line(path, line, raw)
    except (EOFError, OSError, zlib.error) as error:
        yield _broken(path, line + 1, error)


def _open_input(path: Path) -> tuple[IO[bytes], IO[bytes]] | Problem:
    """(the file, a reader of its content): gzip recognised by its magic bytes
    whatever the file is called; a Problem when the file cannot be opened."""
    try:
        raw = open(path, "rb")
    except OSError as error:
        return Problem(str(path), None, f"cannot read ({_short(error)})")
    magic = raw.read(2)
    raw.seek(0)
    return raw, (gzip.GzipFile(fileobj=raw, mode="rb") if magic == GZIP_MAGIC else raw)


_LineChunk = tuple[int, list[bytes]]  # number of the first line, the lines


def _line_chunks(path: Path, size: int) -> Iterator[_LineChunk | Problem]:
    """The raw lines of a JSON Lines file in chunks, for encoding in worker processes."""
    name = str(path)
    opened = _open_input(path)
    if isinstance(opened, Problem):
        yield opened
        return
    raw, handle = opened
    with raw:
        chunk: list[bytes] = []
        first = 1
        try:
            for line, text in enumerate(handle, 1):
                chunk.append(text)
                if len(chunk) >= size:
                    yield first, chunk
                    first, chunk = line + 1, []
        except (EOFError, OSError, zlib.error) as error:
            if chunk:
                yield first, chunk
            yield _broken(name, first + len(chunk), error)
            return
        if chunk:
            yield first, chunk


_Encoded = tuple[str, "_Row"]


def _encode_chunk(
    path: str, chunk: _LineChunk, zdict: bytes, drop: frozenset[str]
) -> list[_Encoded | Problem]:
    """Parse, compress and extract the search fields of a chunk of lines (runs in a worker)."""
    first, lines = chunk
    out: list[_Encoded | Problem] = []
    for offset, raw in enumerate(lines):
        for item in _parse_line(path, first + offset, raw):
            if isinstance(item, Problem):
                out.append(item)
            else:
                out.append(_encode(item.message, zdict, drop))
    return out


def _encode(message: dict[str, Any], zdict: bytes, drop: frozenset[str]) -> _Encoded:
    if drop:
        message = {key: value for key, value in message.items() if key not in drop}
    row = _Row(_indexed(message), _issued_year(message), encode_body(message, zdict), search_fields(message))
    return doi_key(message["DOI"]), row


def _encoded_chunks(
    path: Path, zdict: bytes, drop: frozenset[str], pool: Executor | None, workers: int
) -> Iterator[list[_Encoded | Problem]]:
    """Encoded chunks in input order; with a pool, at most 2 x workers chunks in flight.

    Executor.map would read the whole input ahead; the window keeps memory
    bounded by a few chunks whatever the file size.
    """
    name = str(path)
    if pool is None:
        for item in _line_chunks(path, _LINES_PER_CHUNK):
            yield [item] if isinstance(item, Problem) else _encode_chunk(name, item, zdict, drop)
        return
    window: deque[Future[list[_Encoded | Problem]] | Problem] = deque()
    for item in _line_chunks(path, _LINES_PER_CHUNK):
        window.append(item if isinstance(item, Problem) else pool.submit(_encode_chunk, name, item, zdict, drop))
        while len(window) > 2 * workers:
            head = window.popleft()
            yield [head] if isinstance(head, Problem) else head.result()
    while window:
        head = window.popleft()
        yield [head] if isinstance(head, Problem) else head.result()


def _iter_document(handle: IO[bytes], path: str) -> Iterator[_Record | Problem]:
    """Stream the values of a `.json` file; the `items` array of an object is streamed item by item.

    Broken JSON ends the file (there is no line structure to resynchronise
    on); what came before it is kept.
    """
    stream = _JsonStream(io.TextIOWrapper(handle, encoding="utf-8"))
    try:
        while stream.peek():
            start = stream.line()
            complete, value = stream.whole_value(_WHOLE_VALUE_CHARS)
            if complete:
                messages = _messages_in(value)
                if messages is None:
                    yield Problem(path, start, "not a Crossref work record (no DOI, message or items); skipped")
                yield from _checked_all(path, start, messages or ())
            elif stream.peek() == "[":
                yield from _iter_array(stream, path)
            elif stream.peek() == "{":
                yield from _iter_object(stream, path, start)
            else:
                stream.value()  # a huge bare string or number: decoding it reports the problem
                yield Problem(path, start, "not a Crossref work record (not a JSON object); skipped")
    except json.JSONDecodeError as error:
        line = stream.line_base + stream.buf.count("\n", 0, error.pos) if error.doc is stream.buf else error.lineno
        yield Problem(path, line, f"bad JSON ({_short(error)}); rest of the file skipped")
    except UnicodeDecodeError as error:
        yield Problem(path, stream.line(), f"not UTF-8 text ({_short(error)}); rest of the file skipped")
    except _ValueTooLarge:
        yield Problem(
            path,
            stream.line(),
            f"a JSON value larger than {MAX_VALUE_CHARS >> 20} MB, or unterminated; rest of the file skipped",
        )
    except (EOFError, OSError, zlib.error) as error:
        yield _broken(path, stream.line(), error)


def _iter_object(stream: _JsonStream, path: str, start: int) -> Iterator[_Record | Problem]:
    """One top-level object: an `items` array is streamed, other keys are decoded whole."""
    stream.take("{")
    fields: dict[str, Any] = {}
    streamed = False
    first_key = True
    while stream.peek() != "}":
        if not first_key:
            stream.take(",")
        first_key = False
        key = stream.value()
        stream.take(":")
        if key == "items" and not streamed and stream.peek() == "[":
            streamed = True
            yield from _iter_array(stream, path)
        else:
            # Envelope keys and, for a single work, the message itself: both
            # bounded by one record's size.
            fields[key] = stream.value()
    stream.take("}")
    if streamed:
        return
    messages = _messages_in(fields)
    if messages is None:
        yield Problem(path, start, "not a Crossref work record (no DOI, message or items); skipped")
        return
    for message in messages:
        yield _checked(path, start, message)


def _checked_all(path: str, line: int, messages: Iterable[Any]) -> Iterator[_Record | Problem]:
    """Check decoded messages; a run of non-records is one problem, not one per element."""
    skipped = 0
    for message in messages:
        checked = _checked(path, line, message)
        if isinstance(checked, Problem):
            skipped += 1
            if skipped > 1:
                continue
        yield checked
    if skipped > 1:
        yield Problem(path, line, f"{skipped - 1:,} more elements were not work records either; skipped")


def _iter_array(stream: _JsonStream, path: str) -> Iterator[_Record | Problem]:
    """Stream an array of messages item by item."""
    stream.take("[")
    first = True
    skipped = 0
    while stream.peek() != "]":
        if not first:
            stream.take(",")
        first = False
        line = stream.line()
        checked = _checked(path, line, stream.value())
        if isinstance(checked, Problem):
            # An array of something else (an index file, a list of names)
            # is one problem, not one per element.
            skipped += 1
            if skipped > 1:
                continue
        yield checked
    stream.take("]")
    if skipped > 1:
        yield Problem(path, None, f"{skipped - 1:,} more array elements were not work records either; skipped")


def _broken(path: str, line: int, error: BaseException) -> Problem:
    what = "truncated gzip file" if isinstance(error, EOFError) else "corrupt or unreadable file"
    return Problem(path, line, f"{what} ({_short(error)}); records before this line were indexed")


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def _is_lines_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"))


def iter_records(path: Path) -> Iterator[_Record | Problem]:
    """Every work message in one input file, or a Problem for what could not be read.

    Never raises for bad content: a broken line is skipped, a truncated or
    corrupt file ends with a Problem naming the line reached. Gzip is
    recognised by its magic bytes, whatever the file is called.
    """
    name = str(path)
    opened = _open_input(path)
    if isinstance(opened, Problem):
        yield opened
        return
    raw, handle = opened
    with raw:
        if _is_lines_file(path):
            yield from _iter_lines(handle, name)
        else:
            yield from _iter_document(handle, name)


def input_files(paths: Sequence[Path]) -> list[Path]:
    """The files a build reads, directories walked recursively in sorted order."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                name = child.name.lower()
                if child.is_file() and not name.endswith(".meta.json") and (
                    name.endswith(RECORD_SUFFIXES) or name.endswith(INDEX_SUFFIXES)
                ):
                    found.append(child)
        elif path.exists():
            found.append(path)
        else:
            raise SnapshotError(f"snapshot input not found: {path}")
    return found


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


# ---------------------------------------------------------------- the writer


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Row:
    indexed: str
    year: int | None
    body: bytes
    fields: tuple[str, str, str, str]


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

    def __init__(
        self, conn: sqlite3.Connection, zdict: bytes, batch_size: int, counts: _Counts, drop: frozenset[str]
    ) -> None:
        self.conn = conn
        self.zdict = zdict
        self.drop = drop
        self.batch_size = max(1, batch_size)
        self.counts = counts
        self.pending: dict[str, _Row] = {}
        self.next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM bodies").fetchone()[0]

    def add_message(self, message: dict[str, Any]) -> None:
        self.add_row(*_encode(message, self.zdict, self.drop))

    def add_row(self, doi: str, row: _Row) -> None:
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
        replaced: list[tuple[str, int, _Row]] = []
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

    def _replace(self, replaced: list[tuple[str, int, _Row]]) -> None:
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


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _create(conn: sqlite3.Connection, page_size: int, drop: frozenset[str]) -> None:
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
                ("zdict", ZDICT),
                ("dropped_fields", json.dumps(sorted(drop))),
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
                if writer.drop and not writer.drop.isdisjoint(message):
                    message = {key: value for key, value in message.items() if key not in writer.drop}
                    body = encode_body(message, writer.zdict)
                elif not same_codec:
                    body = encode_body(message, writer.zdict)
                writer.add_row(doi, _Row(indexed, year, body, search_fields(message)))
            taken += len(rows)
            after = rows[-1][0]
            writer.flush()
            if progress:
                progress(str(shard), counts.records)
        counts.records += total - taken
        counts.unchanged += total - taken
    finally:
        conn.execute("DETACH DATABASE shard")


def build_snapshot(
    paths: Sequence[Path],
    output: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    page_size: int = 16384,
    timestamp: str | None = None,
    drop_fields: Sequence[str] | None = None,
    workers: int = 1,
) -> BuildResult:
    """Build `output` from record files, directories and shard indexes, or update it.

    A new index is written to `<output>.partial` with journaling and syncs off
    (nothing to protect yet) and renamed into place when complete, so an
    interrupted build never leaves a half-made index under the real name. An
    existing index is updated in place in WAL mode (a crash loses at most the
    batch in flight). `timestamp` fixes the recorded build time, for builds
    that must be byte-for-byte reproducible. `progress(file, records_read)` is
    called after each batch. `drop_fields` leaves top-level keys out of the
    stored messages (e.g. `("reference",)`, the cited-reference lists that
    make up about 60% of a record and that no check reads); it is fixed when
    the index is created, and lookups then return the message without them.
    `workers` > 1 parses and compresses JSON Lines input in that many
    processes while this one writes (the writer is the only SQLite user).

    Raises SnapshotError when an input path does not exist or `output` is not
    a snapshot index; problems inside the inputs are returned, not raised.
    """
    output = Path(output)
    files = input_files([Path(p) for p in paths])
    started = time.perf_counter()
    fresh = not output.exists()
    target = output.with_name(output.name + ".partial") if fresh else output
    if fresh:
        output.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (target, Path(f"{target}-journal"), Path(f"{target}-wal"), Path(f"{target}-shm")):
            leftover.unlink(missing_ok=True)
    elif not _is_sqlite(output):
        raise SnapshotError(
            f"{output} exists and is not a snapshot index; choose another --output or remove the file"
        )
    conn = _connect_for_write(target)
    completed = False
    try:
        if fresh:
            drop = frozenset(drop_fields or ())
            _create(conn, page_size, drop)
            conn.execute("PRAGMA journal_mode = OFF")
            zdict = ZDICT
        else:
            meta = check_index(conn, output)
            zdict = meta.get("zdict") or ZDICT
            drop = frozenset(json.loads(meta.get("dropped_fields") or "[]"))
            if drop_fields is not None and frozenset(drop_fields) != drop:
                raise SnapshotError(
                    f"{output} was built dropping {sorted(drop) or 'no fields'}; "
                    "update it with the same fields dropped, or build a new index"
                )
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        # After page_size is settled: set before, the KiB budget is turned into
        # a page count at the old page size and the cache grows four times over.
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        counts = _Counts()
        writer = _Writer(conn, zdict, batch_size, counts, drop)
        with _pool(workers) as pool:
            for path in files:
                if path.resolve() in (output.resolve(), target.resolve()):
                    counts.problem(Problem(str(path), None, "the index being built; skipped"))
                elif _is_sqlite(path):
                    _merge_index(writer, conn, path, counts, progress)
                elif _is_lines_file(path):
                    since = 0
                    for encoded in _encoded_chunks(path, zdict, drop, pool, workers):
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


def format_build_result(result: BuildResult) -> str:
    """Plain text lines for `citecheck snapshot build`."""
    lines = [
        f"Indexed {result.files:,} file{'s' if result.files != 1 else ''} into {result.output} "
        f"in {result.seconds:,.1f} s ({result.records_per_second:,.0f} records/s)",
        f"Records read: {result.records:,} (added {result.added:,}, updated {result.updated:,}, "
        f"unchanged or older {result.unchanged:,})",
        f"Index now holds {result.total:,} records, {format_size(result.size_bytes)} on disk",
    ]
    if result.problem_count:
        lines.append(f"Problems: {result.problem_count:,} (the rest was indexed)")
        lines.extend(f"  {problem}" for problem in result.problems)
        if result.problem_count > len(result.problems):
            lines.append(f"  ... and {result.problem_count - len(result.problems):,} more")
    return "\n".join(lines)


def format_size(size: int) -> str:
    """Bytes in decimal units, as disk sizes are usually quoted."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:,.1f} {unit}"
        value /= 1000
    return f"{size} B"


def iter_messages(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every readable work message of some inputs (problems dropped): for tools and benchmarks."""
    for path in input_files(list(paths)):
        for item in iter_records(path):
            if isinstance(item, _Record):
                yield item.message
