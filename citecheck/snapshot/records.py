"""Stream the work records out of Crossref files, whatever shape they come in.

Crossref's public data file holds the same work `message` objects the API
serves. This module reads the shapes those records come in, never loading a
file whole:

* `.jsonl` / `.jsonl.gz` (also `.ndjson`): one work message per line, or one
  `{"status": "ok", "message": {...}}` envelope per line (the current public
  data file);
* `.json` / `.json.gz`: the older public-data-file parts `{"items": [...]}`
  (the `items` array is streamed item by item with ijson), a single
  `/works/{doi}` body, a `/works?...` work-list body, a bare message, or an
  array of messages;
* folders of those (walked recursively, in sorted order), and other snapshot
  indexes given as inputs (recognised by their SQLite header).

Gzip is recognised by its magic bytes, whatever the file is called. Bad
content never raises: a bad line is skipped and reported as a `Problem`
(file and line), a truncated or corrupt file ends with a Problem naming the
line reached, and what came before it is kept.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

import ijson

from citecheck.errors import SnapshotError

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"

# A single JSON value (one record, one envelope) larger than this is reported
# instead of being buffered further: it bounds memory on corrupt `.json` input.
MAX_VALUE_BYTES = 64 * 1024 * 1024

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json", ".json.gz")
INDEX_SUFFIXES = (".sqlite", ".sqlite3", ".db")


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
class Record:
    """One work message and the line it starts on (None inside a `.json` document)."""

    line: int | None
    message: dict[str, Any]


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


def _checked(path: str, line: int | None, candidate: Any) -> Record | Problem:
    if not isinstance(candidate, dict):
        return Problem(path, line, "not a Crossref work record (not a JSON object); skipped")
    doi = candidate.get("DOI")
    if not isinstance(doi, str) or not doi.strip():
        return Problem(path, line, "not a Crossref work record (no DOI); skipped")
    return Record(line, candidate)


def parse_line(path: str, line: int, raw: bytes) -> Iterator[Record | Problem]:
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


def _iter_lines(handle: IO[bytes], path: str) -> Iterator[Record | Problem]:
    """One JSON value per line; a bad line is skipped, a broken stream ends the file."""
    line = 0
    try:
        for line, raw in enumerate(handle, 1):
            yield from parse_line(path, line, raw)
    except (EOFError, OSError, zlib.error) as error:
        yield _broken(path, line + 1, error)


def open_input(path: Path) -> tuple[IO[bytes], IO[bytes]] | Problem:
    """(the file, a reader of its content): gzip recognised by its magic bytes
    whatever the file is called; a Problem when the file cannot be opened."""
    try:
        raw = open(path, "rb")
    except OSError as error:
        return Problem(str(path), None, f"cannot read ({_short(error)})")
    magic = raw.read(2)
    raw.seek(0)
    return raw, (gzip.GzipFile(fileobj=raw, mode="rb") if magic == GZIP_MAGIC else raw)


LineChunk = tuple[int, list[bytes]]  # number of the first line, the lines


def line_chunks(path: Path, size: int) -> Iterator[LineChunk | Problem]:
    """The raw lines of a JSON Lines file in chunks, for encoding in worker processes."""
    name = str(path)
    opened = open_input(path)
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


def _checked_all(path: str, line: int | None, messages: Iterable[Any]) -> Iterator[Record | Problem]:
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


class _ValueTooLarge(Exception):
    pass


class _BoundedReader:
    """A binary stream handed to ijson that refuses to buffer one value past a limit.

    ijson reads in chunks and yields each value once complete; `mark()` is
    called as a value comes out. A stream that goes on for MAX_VALUE_BYTES
    without completing a value (an unterminated string in a corrupt part)
    ends the file instead of filling memory.
    """

    def __init__(self, handle: IO[bytes], limit: int) -> None:
        self.handle = handle
        self.limit = limit
        self.consumed = 0
        self.marked = 0

    def read(self, size: int = -1) -> bytes:
        if self.consumed - self.marked > self.limit:
            raise _ValueTooLarge()
        data = self.handle.read(size)
        self.consumed += len(data)
        return data

    def mark(self) -> None:
        self.marked = self.consumed


def _records_prefix(handle: IO[bytes]) -> str:
    """Where a `.json` file keeps its records, read from its first events.

    `item` for a top-level array, `items.item` for a public-data-file part
    `{"items": [...]}`, `message.items.item` for a `/works?...` work list:
    those arrays are streamed item by item. `""` for anything else (a
    `/works/{doi}` body, a bare message), decoded a top-level value at a time.
    """
    try:
        for prefix, event, _ in ijson.parse(handle, multiple_values=True):
            if event == "start_array" and prefix in ("", "items", "message.items"):
                return f"{prefix}.item" if prefix else "item"
            if prefix == "" and event not in ("start_map", "map_key"):
                return ""  # the first value ended (or is a scalar) without such an array
    except (ijson.JSONError, _ValueTooLarge, ValueError, EOFError, OSError, zlib.error):
        pass  # reported by the reading pass
    return ""


def _iter_document(handle: IO[bytes], path: str) -> Iterator[Record | Problem]:
    """Stream the records of a `.json` file with ijson; memory stays bounded by one record.

    Broken JSON ends the file (there is no line structure to resynchronise
    on); the records before it are kept.
    """
    prefix = _records_prefix(_BoundedReader(handle, MAX_VALUE_BYTES))
    handle.seek(0)
    reader = _BoundedReader(handle, MAX_VALUE_BYTES)
    read = 0
    skipped = 0
    try:
        for value in ijson.items(reader, prefix, multiple_values=True, use_float=True):
            reader.mark()
            if prefix:
                checked = _checked(path, None, value)
                if isinstance(checked, Problem):
                    # An array of something else (an index file, a list of
                    # names) is one problem, not one per element.
                    skipped += 1
                    if skipped > 1:
                        continue
                read += 1
                yield checked
                continue
            messages = _messages_in(value)
            if messages is None:
                yield Problem(path, None, "not a Crossref work record (no DOI, message or items); skipped")
                continue
            for item in _checked_all(path, None, messages):
                read += isinstance(item, Record)
                yield item
    except ijson.JSONError as error:
        where = f"after record {read:,}" if read else "before any record"
        yield Problem(path, None, f"bad JSON {where} ({_json_error(error)}); rest of the file skipped")
    except _ValueTooLarge:
        yield Problem(
            path, None, f"a JSON value larger than {MAX_VALUE_BYTES >> 20} MB, or unterminated; rest of the file skipped"
        )
    except (EOFError, OSError, zlib.error) as error:
        yield _broken(path, None, error)
    if skipped > 1:
        yield Problem(path, None, f"{skipped - 1:,} more array elements were not work records either; skipped")


def _broken(path: str, line: int | None, error: BaseException) -> Problem:
    what = "truncated gzip file" if isinstance(error, EOFError) else "corrupt or unreadable file"
    kept = "records before this line were indexed" if line else "the records before the damage were indexed"
    return Problem(path, line, f"{what} ({_short(error)}); {kept}")


def _json_error(error: BaseException) -> str:
    """The first line of ijson's message (yajl adds the text around the error, and may give bytes)."""
    text = str(error).strip()
    if text.startswith(("b'", 'b"')):
        text = text[2:-1].encode("latin-1", "backslashreplace").decode("unicode_escape", "replace")
    first = text.strip().splitlines()[0].strip() if text.strip() else type(error).__name__
    return first if len(first) <= 160 else first[:157] + "..."


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def is_lines_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"))


def iter_records(path: Path) -> Iterator[Record | Problem]:
    """Every work message in one input file, or a Problem for what could not be read.

    Never raises for bad content: a broken line is skipped, a truncated or
    corrupt file ends with a Problem naming the line reached. Gzip is
    recognised by its magic bytes, whatever the file is called.
    """
    name = str(path)
    opened = open_input(path)
    if isinstance(opened, Problem):
        yield opened
        return
    raw, handle = opened
    with raw:
        if is_lines_file(path):
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


def is_index_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def iter_messages(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every readable work message of some inputs (problems dropped): for tools and benchmarks."""
    for path in input_files(list(paths)):
        if is_index_file(path):
            continue
        for item in iter_records(path):
            if isinstance(item, Record):
                yield item.message
