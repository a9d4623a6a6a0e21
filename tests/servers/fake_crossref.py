"""A local stand-in for api.crossref.org and doi.org, for tests and benchmarks.

It answers the way the real services were recorded answering (see
fixtures/crossref/responses/*.meta.json): a `/works/{doi}` envelope with
`application/json`, an unknown DOI as a 404 `text/plain` body
`Resource not found.`, the agency endpoint, a work-list for
`query.bibliographic` searches, and, under `/doiorg`, doi.org's `/ra/{doi}`
and CSL JSON content negotiation. Every Crossref answer carries the pool and
rate-limit headers (`x-rate-limit-limit`, `x-rate-limit-interval`,
`x-concurrency-limit`, `x-api-pool`) for the pool the request falls in:
polite when it names a contact (`mailto=` or `mailto:` in the User-Agent),
plus with a `Crossref-Plus-API-Token`, public otherwise.

Like the real API it answers 429 to a client that goes over the announced
concurrency or rate, and it counts what happened (requests per path, the
most requests in flight at once, the most requests within any rate interval,
the 429s sent) so that tests and benchmarks can check a client's manners.
A `fail` plan injects 429s, 5xx, dropped connections and slow answers.

Run standalone (for subprocess tests and benchmarks)::

    python -m tests.servers.fake_crossref --port 0 --fixtures fixtures/crossref

prints the base URL on the first line of stdout and serves until killed.
"""

from __future__ import annotations

import argparse
import collections
import functools
import json
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import parse_qs, quote, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "crossref"

NOT_FOUND_BODY = b"Resource not found."
# doi.org's answer for an unknown DOI is an HTML page; a short stand-in is enough.
DOIORG_NOT_FOUND = b"<!DOCTYPE html><html><head><title>Error: DOI Not Found</title></head><body>DOI Not Found</body></html>"

AGENCY_LABELS = {
    "crossref": "Crossref",
    "datacite": "DataCite",
    "medra": "mEDRA",
    "jalc": "JaLC",
    "kisti": "KISTI",
    "airiti": "Airiti",
    "cnki": "CNKI",
    "istic": "ISTIC",
    "op": "OP",
    "eidr": "EIDR",
}

Action = Any  # int | str | tuple | dict | None; see FakeCrossref docstring


@dataclass(frozen=True)
class Limits:
    """What one pool allows: requests per interval for single works and for searches, and in flight."""

    single: int
    search: int
    concurrency: int
    interval: float = 1.0


# As announced in 2026 responses (API-NOTES.md). Plus is not documented in the
# recordings; these are generous stand-ins.
PUBLIC = Limits(single=5, search=1, concurrency=1)
POLITE = Limits(single=10, search=3, concurrency=3)
PLUS = Limits(single=50, search=10, concurrency=10)


@dataclass
class SeenRequest:
    """One request as the server saw it."""

    method: str
    path: str  # percent-decoded path
    raw_path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    time: float
    pool: str
    kind: str  # "single" | "search" | "doiorg"
    status: int = 0  # -1: the connection was dropped
    released: bool = field(default=False, repr=False)


def _doi_key(doi: str) -> str:
    return doi.strip().lower()


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]{2,40}", text.lower())}


def _first(values: Any) -> str:
    if isinstance(values, list):
        return " ".join(v for v in values if isinstance(v, str))
    return values if isinstance(values, str) else ""


@functools.lru_cache(maxsize=8)
def _load_fixtures(folder: Path) -> dict[str, dict[str, Any]]:
    # Parsed once per process: every test starts a fresh server from the same records.
    # Recursive: fixtures/crossref/articles/ holds the records reconstructed for the real articles.
    works: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.rglob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("message-type") == "work":
            message = data["message"]
            works[_doi_key(message["DOI"])] = message
    return works


LIST_ITEMS = FIXTURES.parent / "snapshot" / "list-items.jsonl.gz"


@functools.lru_cache(maxsize=2)
def _load_list_items(path: Path) -> dict[str, dict[str, Any]]:
    import gzip

    works: dict[str, dict[str, Any]] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                message = json.loads(line)
                message = message.get("message", message)
                works[_doi_key(message["DOI"])] = message
    return works


class FakeCrossref:
    """Serve Crossref-shaped answers on 127.0.0.1 from a dict of records.

    works:       DOI -> Crossref `message` (a whole envelope is accepted too).
    agencies:    DOI -> registration agency ("datacite", "DataCite", "mEDRA"...)
                 for DOIs that are not Crossref's; known to /works/{doi}/agency and doi.org/ra.
    ra_agencies: like `agencies`, but only doi.org/ra knows them (the Crossref
                 agency endpoint answers 404), to exercise the second step.
    csl:         DOI -> CSL JSON item served by /doiorg/{doi} (content negotiation).
    latency:     seconds every request waits before it is answered.
    fail:        either a mapping path -> list of actions, consumed one per
                 request to that path (path percent-decoded, case-insensitive;
                 the key "*" matches every path), or a callable
                 `(SeenRequest) -> action | None`. An action is
                   an int status (429 carries `Retry-After: retry_after`),
                   "drop" (close the connection without an answer),
                   ("slow", seconds) (wait, then answer normally),
                   "ok" / None (answer normally), or
                   a dict {"status", "headers", "body", "delay", "retry_after"}.
    enforce:     answer 429 when a client exceeds its pool's announced
                 concurrency or rate (as the real API does).
    header_style: "current" (x-rate-limit-*), "legacy" (x-ratelimit-*) or "none".
    """

    def __init__(
        self,
        works: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        agencies: Mapping[str, str] | None = None,
        ra_agencies: Mapping[str, str] | None = None,
        csl: Mapping[str, Mapping[str, Any]] | None = None,
        latency: float = 0.0,
        fail: Mapping[str, Iterable[Action]] | Callable[[SeenRequest], Action] | None = None,
        enforce: bool = True,
        public: Limits = PUBLIC,
        polite: Limits = POLITE,
        plus: Limits = PLUS,
        retry_after: str | None = "1",
        header_style: str = "current",
        port: int = 0,
    ) -> None:
        self.works: dict[str, dict[str, Any]] = {}
        for doi, record in (works or {}).items():
            self.add_work(record, doi=doi)
        self.agencies = {_doi_key(k): v for k, v in (agencies or {}).items()}
        self.ra_agencies = {_doi_key(k): v for k, v in (ra_agencies or {}).items()}
        self.csl = {_doi_key(k): dict(v) for k, v in (csl or {}).items()}
        self.latency = latency
        self.enforce = enforce
        self.limits = {"public": public, "polite": polite, "plus": plus}
        self.retry_after = retry_after
        self.header_style = header_style
        self._port = port
        self._fail_fn: Callable[[SeenRequest], Action] | None = None
        self._fail_plan: dict[str, collections.deque] = {}
        self.set_fail(fail)

        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset_counters()

    # ------------------------------------------------------------ construction

    def add_work(self, record: Mapping[str, Any], doi: str | None = None) -> None:
        message = record.get("message") if "message" in record and "message-type" in record else record
        key = _doi_key(doi or str(message.get("DOI", "")))
        self.works[key] = dict(message)

    @classmethod
    def from_fixtures(cls, directory: str | Path | None = None, **options: Any) -> "FakeCrossref":
        """Load every work envelope (`*.json` with message-type work) under `directory`.

        The default fixtures also include the 1,910 real list items packed in
        fixtures/snapshot/list-items.jsonl.gz: several labelled articles cite them.
        """
        works = dict(_load_fixtures(Path(directory or FIXTURES).resolve()))
        if directory is None:
            works = {**_load_list_items(LIST_ITEMS), **works}
        return cls(works, **options)

    def set_fail(self, fail: Mapping[str, Iterable[Action]] | Callable[[SeenRequest], Action] | None) -> None:
        """Replace the failure plan (see the class docstring)."""
        self._fail_fn = None
        self._fail_plan = {}
        if callable(fail):
            self._fail_fn = fail
        elif fail:
            self._fail_plan = {
                (k if k == "*" else unquote(k).lower()): collections.deque(v) for k, v in fail.items()
            }

    # ------------------------------------------------------------------ counters

    def reset_counters(self) -> None:
        with getattr(self, "_lock", threading.Lock()):
            self.log: list[SeenRequest] = []
            self.paths: collections.Counter[str] = collections.Counter()
            self.in_flight = 0
            self.max_concurrent = 0
            self.max_in_window: dict[str, int] = {"single": 0, "search": 0}
            self.sent_429 = 0
            self.enforced_429 = 0
            self.dropped = 0
            self._arrivals: dict[tuple[str, str], collections.deque] = collections.defaultdict(collections.deque)
            self._accepted: dict[tuple[str, str], collections.deque] = collections.defaultdict(collections.deque)

    @property
    def total_requests(self) -> int:
        return len(self.log)

    def count(self, path: str) -> int:
        """Requests seen for a path (percent-decoded, case-insensitive), e.g. "/works/10.1/x"."""
        return self.paths[unquote(path).lower()]

    def work_requests(self, doi: str) -> int:
        """How many times `/works/{doi}` itself was asked for."""
        return self.count("/works/" + doi)

    def counters(self) -> dict[str, Any]:
        """A snapshot of the counters, for printing."""
        with self._lock:
            return {
                "requests": len(self.log),
                "max_concurrent": self.max_concurrent,
                "max_in_window": dict(self.max_in_window),
                "sent_429": self.sent_429,
                "enforced_429": self.enforced_429,
                "dropped": self.dropped,
            }

    # ----------------------------------------------------------------- lifecycle

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeCrossref is not running; use it as a context manager or call start()")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def doiorg_url(self) -> str:
        return self.url + "/doiorg"

    def start(self) -> "FakeCrossref":
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeCrossref":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- behaviour

    def pool_of(self, query: Mapping[str, list[str]], headers: Mapping[str, str]) -> str:
        if headers.get("crossref-plus-api-token", "").startswith("Bearer "):
            return "plus"
        if query.get("mailto") or "mailto:" in headers.get("user-agent", ""):
            return "polite"
        return "public"

    def _next_action(self, seen: SeenRequest) -> Action:
        if self._fail_fn is not None:
            return self._fail_fn(seen)
        with self._lock:
            for key in (seen.path.lower(), "*"):
                queue = self._fail_plan.get(key)
                if queue:
                    return queue.popleft()
        return None

    def _admit(self, seen: SeenRequest) -> tuple[bool, str]:
        """Count the request in; say whether it is within its pool's limits."""
        with self._lock:
            self.log.append(seen)
            self.paths[seen.path.lower()] += 1
            if seen.kind == "doiorg":
                return True, ""
            self.in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self.in_flight)
            limits = self.limits[seen.pool]
            budget = limits.single if seen.kind == "single" else limits.search
            key = (seen.pool, seen.kind)
            # Sliding window (t - interval, t]: every arrival counts for the
            # client-manners metric, only admitted ones for enforcement.
            arrivals = self._arrivals[key]
            arrivals.append(seen.time)
            while arrivals and arrivals[0] <= seen.time - limits.interval:
                arrivals.popleft()
            self.max_in_window[seen.kind] = max(self.max_in_window[seen.kind], len(arrivals))
            accepted = self._accepted[key]
            while accepted and accepted[0] <= seen.time - limits.interval:
                accepted.popleft()
            if self.enforce and self.in_flight > limits.concurrency:
                return False, "concurrency"
            if self.enforce and len(accepted) + 1 > budget:
                return False, "rate"
            accepted.append(seen.time)
            return True, ""

    def _release(self, seen: SeenRequest) -> None:
        with self._lock:
            if seen.released:
                return
            seen.released = True
            if seen.kind != "doiorg":
                self.in_flight -= 1

    def limit_headers(self, seen: SeenRequest) -> dict[str, str]:
        if seen.kind == "doiorg" or self.header_style == "none":
            return {}
        limits = self.limits[seen.pool]
        rate = limits.single if seen.kind == "single" else limits.search
        interval = f"{limits.interval:g}s"
        if self.header_style == "legacy":
            # Older responses: no concurrency header, x-ratelimit-* spelling.
            return {"x-ratelimit-limit": str(rate), "x-ratelimit-interval": interval, "x-api-pool": seen.pool}
        return {
            "x-rate-limit-limit": str(rate),
            "x-rate-limit-interval": interval,
            "x-concurrency-limit": str(limits.concurrency),
            "x-api-pool": seen.pool,
        }

    # Each route returns (status, headers, body).

    def route(self, seen: SeenRequest) -> tuple[int, dict[str, str], bytes]:
        path = seen.path
        if path.startswith("/doiorg/"):
            return self._doiorg(seen, path[len("/doiorg/") :])
        if path == "/works":
            return self._search(seen)
        if path.startswith("/works/"):
            rest = path[len("/works/") :]
            if rest.endswith("/agency"):
                return self._agency(rest[: -len("/agency")])
            match = re.match(r"^(.*)/transform(?:/.*)?$", rest)
            if match and _doi_key(match.group(1)) in self.works:
                return self._csl_answer(self._csl_from_message(self.works[_doi_key(match.group(1))]))
            if seen.query and any(k.startswith("query") for k in seen.query):
                body = {
                    "status": "failed",
                    "message-type": "validation-failure",
                    "message": [{"type": "parameter-not-allowed", "value": "query", "message": "This route does not support query"}],
                }
                return 400, {"content-type": "application/json;charset=utf-8"}, json.dumps(body).encode()
            message = self.works.get(_doi_key(rest))
            if message is None:
                return 404, {"content-type": "text/plain"}, NOT_FOUND_BODY
            envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
            return 200, {"content-type": "application/json"}, json.dumps(envelope).encode()
        return 404, {"content-type": "text/plain"}, NOT_FOUND_BODY

    def _agency_of(self, doi: str, *, include_ra_only: bool) -> str | None:
        key = _doi_key(doi)
        if key in self.works:
            return "crossref"
        value = self.agencies.get(key) or (self.ra_agencies.get(key) if include_ra_only else None)
        return value.lower() if value else None

    def _agency(self, doi: str) -> tuple[int, dict[str, str], bytes]:
        agency = self._agency_of(doi, include_ra_only=False)
        if agency is None:
            # Recorded: the body is text, the content-type says JSON.
            return 404, {"content-type": "application/json;charset=utf-8"}, NOT_FOUND_BODY
        body = {
            "status": "ok",
            "message-type": "work-agency",
            "message-version": "1.0.0",
            "message": {"DOI": _doi_key(doi), "agency": {"id": agency, "label": AGENCY_LABELS.get(agency, agency)}},
        }
        return 200, {"content-type": "application/json;charset=utf-8"}, json.dumps(body).encode()

    def _search(self, seen: SeenRequest) -> tuple[int, dict[str, str], bytes]:
        query = " ".join(
            v for k, values in seen.query.items() if k == "query" or k.startswith("query.") for v in values
        )
        try:
            rows = max(0, min(1000, int((seen.query.get("rows") or ["20"])[0])))
        except ValueError:
            rows = 20
        wanted = _tokens(query)
        scored: list[tuple[float, str]] = []
        for doi, message in self.works.items():
            haystack = " ".join(
                [
                    _first(message.get("title")),
                    _first(message.get("container-title")),
                    " ".join(str(a.get("family", "")) for a in message.get("author") or [] if isinstance(a, dict)),
                    " ".join(str(p[0]) for p in (message.get("issued") or {}).get("date-parts") or [] if p and p[0]),
                ]
            )
            overlap = len(wanted & _tokens(haystack))
            if overlap:
                scored.append((overlap * 10.0 / (1 + len(wanted)) * 10, doi))
        scored.sort(key=lambda s: (-s[0], s[1]))
        select = [s for v in seen.query.get("select", []) for s in v.split(",") if s]
        items = []
        for score, doi in scored[:rows]:
            item = dict(self.works[doi])
            if select:
                item = {k: v for k, v in item.items() if k in select}
            item["score"] = round(score, 3)
            items.append(item)
        body = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": len(scored),
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": query or None},
            },
        }
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()

    def _doiorg(self, seen: SeenRequest, rest: str) -> tuple[int, dict[str, str], bytes]:
        if rest.startswith("ra/"):
            answers = []
            for doi in rest[3:].split(","):
                agency = self._agency_of(doi, include_ra_only=True)
                if agency is None and "/" not in doi:
                    # A bare prefix: known if any record carries it.
                    agency = "crossref" if any(k.startswith(doi.lower() + "/") for k in self.works) else None
                if agency is None:
                    answers.append({"DOI": doi, "status": "DOI does not exist"})
                else:
                    answers.append({"DOI": doi, "RA": AGENCY_LABELS.get(agency, agency)})
            return 200, {"content-type": "application/json;charset=UTF-8"}, json.dumps(answers, indent=2).encode()
        key = _doi_key(rest)
        accept = seen.headers.get("accept", "")
        if key not in self.csl and key not in self.works:
            return 404, {"content-type": "text/html;charset=utf-8"}, DOIORG_NOT_FOUND
        if "citationstyles.csl+json" not in accept:
            return 406, {"content-type": "text/plain"}, b"Not Acceptable"
        if key in self.csl:
            return self._csl_answer(self.csl[key])
        # A Crossref DOI: doi.org redirects to Crossref's transform route.
        location = f"{self.url}/works/{quote(key, safe='')}/transform"
        return 302, {"content-type": "text/html;charset=utf-8", "location": location}, b""

    @staticmethod
    def _csl_answer(item: Mapping[str, Any]) -> tuple[int, dict[str, str], bytes]:
        return 200, {"content-type": "application/vnd.citationstyles.csl+json"}, json.dumps(item).encode()

    @staticmethod
    def _csl_from_message(message: Mapping[str, Any]) -> dict[str, Any]:
        item = {k: v for k, v in message.items() if k not in {"title", "container-title"}}
        item["title"] = _first(message.get("title"))
        item["container-title"] = _first(message.get("container-title"))
        return item


class _Handler(BaseHTTPRequestHandler):
    """One connection; keep-alive so that clients can reuse it."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the
    # second waits for a delayed ACK (~40 ms) and every answer looks slow.
    disable_nagle_algorithm = True
    fake: FakeCrossref

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        fake = self.fake
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if path.startswith("/doiorg/"):
            kind = "doiorg"
        elif path == "/works":
            kind = "search"
        else:
            kind = "single"
        seen = SeenRequest(
            method="GET",
            path=path,
            raw_path=self.path,
            query=query,
            headers=headers,
            time=time.monotonic(),
            pool=fake.pool_of(query, headers),
            kind=kind,
        )
        admitted, why = fake._admit(seen)
        try:
            if not admitted:
                with fake._lock:
                    fake.sent_429 += 1
                    fake.enforced_429 += 1
                extra = {"retry-after": fake.retry_after} if fake.retry_after is not None else {}
                self._answer(seen, 429, {"content-type": "text/plain", **extra}, f"Too many requests ({why})".encode(), release=True)
                return
            action = fake._next_action(seen)
            if fake.latency:
                time.sleep(fake.latency)
            if action is None or action == "ok":
                self._answer(seen, *fake.route(seen), release=True)
                return
            if action == "drop":
                with fake._lock:
                    fake.dropped += 1
                seen.status = -1
                fake._release(seen)
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if isinstance(action, tuple) and action and action[0] == "slow":
                time.sleep(float(action[1]))
                self._answer(seen, *fake.route(seen), release=True)
                return
            spec = {"status": action} if isinstance(action, int) else dict(action)
            if spec.get("delay"):
                time.sleep(float(spec["delay"]))
            status = int(spec.get("status", 200))
            headers_out = {"content-type": "text/plain", **(spec.get("headers") or {})}
            if status == 429:
                retry_after = spec.get("retry_after", fake.retry_after)
                if retry_after is not None:
                    headers_out.setdefault("retry-after", str(retry_after))
                with fake._lock:
                    fake.sent_429 += 1
            if "body" in spec:
                body = spec["body"]
                body = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
                self._answer(seen, status, headers_out, body, release=True)
            elif status == 200:
                self._answer(seen, *fake.route(seen), release=True)
            else:
                self._answer(seen, status, headers_out, f"HTTP {status}".encode(), release=True)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            fake._release(seen)

    def _answer(self, seen: SeenRequest, status: int, headers: dict[str, str], body: bytes, *, release: bool) -> None:
        seen.status = status
        # Leave the in-flight count before the bytes go out: the client may send
        # its next request the instant it has this answer.
        if release:
            self.fake._release(seen)
        self.send_response(status)
        for name, value in {**self.fake.limit_headers(seen), **headers}.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fixtures", type=Path, default=None,
                        help="folder of /works/{doi} JSON envelopes (default: fixtures/crossref and the list items)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--no-enforce", action="store_true", help="never answer 429 on its own")
    parser.add_argument("--header-style", choices=["current", "legacy", "none"], default="current")
    parser.add_argument(
        "--agency", action="append", default=[], metavar="DOI=AGENCY", help="mark a DOI as another agency's (repeatable)"
    )
    args = parser.parse_args(argv)
    agencies = dict(item.split("=", 1) for item in args.agency)
    fake = FakeCrossref.from_fixtures(
        args.fixtures,
        latency=args.latency,
        enforce=not args.no_enforce,
        header_style=args.header_style,
        agencies=agencies,
        port=args.port,
    )
    fake.start()
    print(fake.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
