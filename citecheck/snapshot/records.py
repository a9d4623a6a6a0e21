"""Stream the work records out of Crossref files, whatever shape they come in.

Crossref's public data file holds the same work `message` objects the API
serves. This module reads the shapes those records come in, never loading a
file whole:

* `.jsonl` / `.jsonl.gz` (also `.ndjson`): one work message per line, or one
  `{"status": "ok", "message": {...}}` envelope per line (the current public
  data file);
* `.json` / `.json.gz`: the older public-data-file parts `{"items": [...]}`
  (the `items` array is streamed item by item), a single `/works/{doi}` body,
  a `/works?...` work-list body, a bare message, or an array of messages;
* folders of those (walked recursively, in sorted order), and other snapshot
  indexes given as inputs (recognised by their SQLite header).

Gzip is recognised by its magic bytes, whatever the file is called. Bad
content never raises: a bad line is skipped and reported as a `Problem`
(file and line), a truncated or corrupt file ends with a Problem naming the
line reached, and what came before it is kept.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Sequence

from citecheck.errors import SnapshotError

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"

# A single JSON value (one record, one envelope) larger than this is reported
# instead of being buffered further: it bounds memory on corrupt `.json` input.
MAX_VALUE_CHARS = 64 * 1024 * 1024
# A `.json` value up to this size is decoded in one call (fast); a larger one,
# such as a public-data-file part, is streamed item by item.
_WHOLE_VALUE_CHARS = 1 << 20

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


def _checked(path: str, line: int, candidate: Any) -> Record | Problem:
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


def _iter_document(handle: IO[bytes], path: str) -> Iterator[Record | Problem]:
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


def _iter_object(stream: _JsonStream, path: str, start: int) -> Iterator[Record | Problem]:
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


def _checked_all(path: str, line: int, messages: Iterable[Any]) -> Iterator[Record | Problem]:
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


def _iter_array(stream: _JsonStream, path: str) -> Iterator[Record | Problem]:
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
