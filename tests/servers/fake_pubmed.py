"""A local stand-in for PubMed's E-utilities and the PMC ID converter, for tests and benchmarks.

It serves, from PubMed XML fixtures (`efetch` answers: a `PubmedArticleSet`
per file, see fixtures/pubmed/):

- `esearch.fcgi?db=pubmed&term=...&retmode=json` (GET or POST) -> the PMIDs
  matching the term, in NCBI's JSON shape (`esearchresult.count`, `idlist`,
  `errorlist.phrasesnotfound`, `querytranslation`). A term is one clause or
  several joined by `OR`, each `<doi>[doi]`, `"<doi>"[doi]` (also `[aid]`,
  `[lid]`: the article's `ArticleId IdType="doi"` or `ELocationID
  EIdType="doi"`) or `<pmid>[pmid]` / `[uid]`. As E-utilities do, the answer
  lists at most `retmax` ids (default 20) from `retstart` (default 0), newest
  first (here: highest PMID first), whatever the order of the clauses, and
  says nothing of which clause matched which id;
- `efetch.fcgi?db=pubmed&id=1,2,3&retmode=xml` (GET or POST) -> a
  `PubmedArticleSet` with the known ones, in the order asked (unknown ids are
  left out);
- the PMC ID converter (`/pmc/utils/idconv/v1.0/?ids=PMC1,PMC2&format=json`).

E-utilities paths are answered under `/entrez/eutils/` (like the real host)
and at the root. Like NCBI it answers 429 (`{"error":"API rate limit
exceeded"...}`) to a client that sends more than 3 requests within a second,
or 10 with an `api_key=` parameter, and it counts what happened: requests per
endpoint, 429s sent, the most requests within any second, the most in flight,
the ids of each efetch call, the `tool`/`email` parameters seen.

Failures are injected with a plan like FakeCrossref's: `fail` maps an
endpoint name ("esearch", "efetch", "idconv" or "*") to a list of actions
consumed one per request: an int status, "drop" (close without answering),
("slow", seconds), "garbage" (200 with a body that is neither JSON nor XML)
or "ok". `refuse()` closes the listening socket so that every new connection
is refused (an unreachable PubMed).

Run standalone::

    python -m tests.servers.fake_pubmed --port 0 --fixtures fixtures/pubmed

prints the E-utilities base URL on the first line of stdout (the ID converter
URL on the second) and serves until killed.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import socket
import sys
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pubmed"
EUTILS_PREFIX = "/entrez/eutils"
IDCONV_PATH = "/pmc/utils/idconv/v1.0/"
RATE = 3
RATE_WITH_KEY = 10

XML_HEAD = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>'
)


def _article_ids(article: ET.Element) -> tuple[str | None, list[str], str | None]:
    pmid = (article.findtext("MedlineCitation/PMID") or "").strip() or None
    dois: list[str] = []
    pmcid = None
    for node in article.findall("PubmedData/ArticleIdList/ArticleId"):
        value = (node.text or "").strip()
        kind = (node.get("IdType") or "").lower()
        if kind == "doi" and value:
            dois.append(value.lower())
        elif kind == "pmc" and value:
            pmcid = value.upper()
    for node in article.findall("MedlineCitation/Article/ELocationID"):
        if (node.get("EIdType") or "").lower() == "doi" and (node.text or "").strip():
            dois.append(node.text.strip().lower())
    return pmid, list(dict.fromkeys(dois)), pmcid


class FakePubMed:
    """Serve E-utilities answers on 127.0.0.1 (free port unless `port` is given).

    fixtures: a folder of PubMed XML files (every `*.xml`) loaded at start.
    enforce:  answer 429 over NCBI's rate (3/s, 10/s with `api_key=`).
    latency:  seconds every request waits before it is answered.
    fail:     endpoint -> list of actions (see the module docstring).
    """

    def __init__(
        self,
        fixtures: str | Path | None = None,
        *,
        enforce: bool = True,
        latency: float = 0.0,
        fail: Mapping[str, Iterable[Any]] | None = None,
        port: int = 0,
    ) -> None:
        self.articles: dict[str, str] = {}  # PMID -> <PubmedArticle> XML
        self.by_doi: dict[str, list[str]] = collections.defaultdict(list)
        self.by_pmcid: dict[str, tuple[str, str | None]] = {}
        self.enforce = enforce
        self.latency = latency
        self._port = port
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        self._fail: dict[str, collections.deque] = {}
        self.set_fail(fail)
        self.reset_counters()
        if fixtures is not None:
            self.load(fixtures)

    # ------------------------------------------------------------ records

    def load(self, folder: str | Path) -> "FakePubMed":
        for path in sorted(Path(folder).glob("*.xml")):
            self.add_xml(path.read_text(encoding="utf-8"))
        return self

    def add_xml(self, text: str) -> list[str]:
        """Add every PubmedArticle of an efetch answer; returns their PMIDs."""
        root = ET.fromstring(text)
        articles = [root] if root.tag == "PubmedArticle" else root.findall("PubmedArticle")
        added = []
        for article in articles:
            pmid, dois, pmcid = _article_ids(article)
            if not pmid:
                continue
            self.articles[pmid] = ET.tostring(article, encoding="unicode")
            for doi in dois:
                if pmid not in self.by_doi[doi]:
                    self.by_doi[doi].append(pmid)
            if pmcid:
                self.by_pmcid[pmcid] = (pmid, dois[0] if dois else None)
            added.append(pmid)
        return added

    def add_record(
        self,
        pmid: str,
        doi: str | None = None,
        *,
        title: str = "Untitled",
        abstract: str | None = None,
        mesh: Iterable[str] = (),
        types: Iterable[str] = ("Journal Article",),
        pmcid: str | None = None,
    ) -> None:
        """Add a minimal record built from parts (for tests that need a specific shape)."""
        root = ET.Element("PubmedArticle")
        citation = ET.SubElement(root, "MedlineCitation", Status="MEDLINE", Owner="NLM")
        ET.SubElement(citation, "PMID", Version="1").text = pmid
        article = ET.SubElement(citation, "Article", PubModel="Print")
        ET.SubElement(article, "ArticleTitle").text = title
        if abstract:
            ET.SubElement(ET.SubElement(article, "Abstract"), "AbstractText").text = abstract
        type_list = ET.SubElement(article, "PublicationTypeList")
        for name in types:
            ET.SubElement(type_list, "PublicationType").text = name
        mesh = list(mesh)
        if mesh:
            headings = ET.SubElement(citation, "MeshHeadingList")
            for name in mesh:
                ET.SubElement(ET.SubElement(headings, "MeshHeading"), "DescriptorName", MajorTopicYN="N").text = name
        ids = ET.SubElement(ET.SubElement(root, "PubmedData"), "ArticleIdList")
        ET.SubElement(ids, "ArticleId", IdType="pubmed").text = pmid
        if doi:
            ET.SubElement(ids, "ArticleId", IdType="doi").text = doi
        if pmcid:
            ET.SubElement(ids, "ArticleId", IdType="pmc").text = pmcid
        self.add_xml(ET.tostring(root, encoding="unicode"))

    # ----------------------------------------------------------- counters

    def reset_counters(self) -> None:
        with self._lock:
            self.requests: collections.Counter = collections.Counter()  # endpoint -> count
            self.sent_429 = 0
            self.dropped = 0
            self.in_flight = 0
            self.max_in_flight = 0
            self.max_in_second = 0
            self.efetch_batches: list[list[str]] = []
            self.esearch_terms: list[str] = []
            self.arrivals: list[tuple[float, str]] = []  # (time.monotonic(), endpoint) of every request
            self.methods: collections.Counter = collections.Counter()  # (endpoint, method) -> count
            self.params_seen: list[dict[str, str]] = []
            self._arrivals: dict[str, collections.deque] = collections.defaultdict(collections.deque)
            self._accepted: dict[str, collections.deque] = collections.defaultdict(collections.deque)

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    def set_fail(self, fail: Mapping[str, Iterable[Any]] | None) -> None:
        with self._lock:
            self._fail = {key: collections.deque(actions) for key, actions in (fail or {}).items()}

    # ------------------------------------------------------------ serving

    @property
    def url(self) -> str:
        """The E-utilities base (what `--pubmed-url` takes)."""
        if self._url is None:
            raise RuntimeError("FakePubMed is not running; use it as a context manager or call start()")
        return self._url + EUTILS_PREFIX

    @property
    def idconv_url(self) -> str:
        if self._url is None:
            raise RuntimeError("FakePubMed is not running")
        return self._url + IDCONV_PATH

    def start(self) -> "FakePubMed":
        handler = type("Handler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        server.daemon_threads = True
        self._server = server
        host, port = server.server_address[:2]
        self._url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def refuse(self) -> None:
        """Stop listening: from now on every new connection to `url` is refused.

        Connections a client already holds open (keep-alive) are not cut; call
        this before the client connects to simulate a PubMed that is down.
        """
        self.stop()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakePubMed":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------- behaviour

    def _admit(self, endpoint: str, params: Mapping[str, str]) -> bool:
        now = time.monotonic()
        key = "key" if params.get("api_key") else "anon"
        limit = RATE_WITH_KEY if key == "key" else RATE
        with self._lock:
            self.requests[endpoint] += 1
            self.arrivals.append((now, endpoint))
            self.params_seen.append(dict(params))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            arrivals = self._arrivals[key]
            arrivals.append(now)
            while arrivals and arrivals[0] <= now - 1.0:
                arrivals.popleft()
            self.max_in_second = max(self.max_in_second, len(arrivals))
            accepted = self._accepted[key]
            while accepted and accepted[0] <= now - 1.0:
                accepted.popleft()
            if self.enforce and len(accepted) + 1 > limit:
                self.sent_429 += 1
                return False
            accepted.append(now)
            return True

    def _release(self, state: dict[str, bool]) -> None:
        """Leave the in-flight count, once per request."""
        with self._lock:
            if not state["released"]:
                state["released"] = True
                self.in_flight = max(0, self.in_flight - 1)

    def _action(self, endpoint: str) -> Any:
        with self._lock:
            for key in (endpoint, "*"):
                queue = self._fail.get(key)
                if queue:
                    return queue.popleft()
        return None

    def esearch(self, params: Mapping[str, str]) -> tuple[int, str, bytes]:
        term = params.get("term", "").strip()
        clauses = [c.strip().strip("()").strip() for c in re.split(r"\s+OR\s+", term, flags=re.IGNORECASE) if c.strip()]
        matched: set[str] = set()
        not_found: list[str] = []
        for clause in clauses:
            hits = self._clause(clause)
            if hits:
                matched.update(hits)
            else:
                not_found.append(clause)
        ids = sorted(matched, key=int, reverse=True)  # "most recent" first, as PubMed sorts by default
        try:
            retmax = max(0, int(params.get("retmax", "20")))
            retstart = max(0, int(params.get("retstart", "0")))
        except ValueError:
            return 400, "text/plain", b"Invalid retmax or retstart"
        page = ids[retstart:retstart + retmax]
        with self._lock:
            self.esearch_terms.append(term)
        result: dict[str, Any] = {
            "count": str(len(ids)),
            "retmax": str(len(page)),
            "retstart": str(retstart),
            "idlist": page,
            "translationset": [],
            "querytranslation": " OR ".join(clauses),
        }
        if not_found:
            result["errorlist"] = {"phrasesnotfound": not_found, "fieldsnotfound": []}
        if not ids:
            result["warninglist"] = {"phrasesignored": [], "quotedphrasesnotfound": [],
                                     "outputmessages": ["No items found."]}
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return 200, "application/json; charset=UTF-8", json.dumps(body).encode()

    def _clause(self, clause: str) -> list[str]:
        """The PMIDs one `value[tag]` clause matches."""
        match = re.fullmatch(r'"?([^"\[\]]+?)"?\s*\[(\w+)\]', clause)
        if not match:
            return []
        value, tag = match.group(1).strip(), match.group(2).lower()
        if tag in ("doi", "aid", "lid"):
            return list(self.by_doi.get(value.lower(), []))
        if tag in ("pmid", "uid"):
            return [value] if value in self.articles else []
        return []

    def efetch(self, params: Mapping[str, str]) -> tuple[int, str, bytes]:
        ids = [i.strip() for i in params.get("id", "").split(",") if i.strip()]
        with self._lock:
            self.efetch_batches.append(ids)
        if not ids:
            return 400, "text/plain", b"Empty id list - nothing todo"
        parts = [self.articles[i] for i in ids if i in self.articles]
        body = XML_HEAD + "".join(parts) + "</PubmedArticleSet>\n"
        return 200, "text/xml; charset=UTF-8", body.encode()

    def idconv(self, params: Mapping[str, str]) -> tuple[int, str, bytes]:
        records = []
        for raw in (i.strip() for i in params.get("ids", "").split(",") if i.strip()):
            pmcid = raw.upper() if raw.upper().startswith("PMC") else f"PMC{raw}"
            found = self.by_pmcid.get(pmcid)
            if found is None:
                records.append({"pmcid": pmcid, "status": "error", "errmsg": "invalid article id"})
            else:
                record = {"pmcid": pmcid, "pmid": found[0]}
                if found[1]:
                    record["doi"] = found[1]
                records.append(record)
        body = {"status": "ok", "responseDate": time.strftime("%Y-%m-%d %H:%M:%S"),
                "request": f"ids={params.get('ids', '')};format=json", "records": records}
        return 200, "application/json; charset=UTF-8", json.dumps(body).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    fake: FakePubMed

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        parts = urlsplit(self.path)
        self._serve(unquote(parts.path), parts.query, "GET")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        parts = urlsplit(self.path)
        query = "&".join(q for q in (parts.query, body) if q)
        self._serve(unquote(parts.path), query, "POST")

    def _serve(self, path: str, query: str, method: str) -> None:
        fake = self.fake
        params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        name = path.rsplit("/", 1)[-1] if not path.endswith("/") else path
        if path.endswith("esearch.fcgi"):
            endpoint = "esearch"
        elif path.endswith("efetch.fcgi"):
            endpoint = "efetch"
        elif path.rstrip("/") == IDCONV_PATH.rstrip("/"):
            endpoint = "idconv"
        else:
            endpoint = name or "?"
        with fake._lock:
            fake.methods[(endpoint, method)] += 1
        admitted = fake._admit(endpoint, params)
        self._state = {"released": False}
        try:
            if not admitted:
                body = {"error": "API rate limit exceeded", "api-key": params.get("api_key", self.client_address[0]),
                        "count": "4", "limit": str(RATE_WITH_KEY if params.get("api_key") else RATE)}
                self._answer(429, "application/json", json.dumps(body).encode())
                return
            action = fake._action(endpoint)
            if fake.latency:
                time.sleep(fake.latency)
            if action == "drop":
                with fake._lock:
                    fake.dropped += 1
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            if isinstance(action, tuple) and action and action[0] == "slow":
                time.sleep(float(action[1]))
                action = None
            if action == "garbage":
                self._answer(200, "text/html", b"<html><body>Service temporarily unavailable</body>")
                return
            if isinstance(action, int):
                if action == 429:
                    with fake._lock:
                        fake.sent_429 += 1
                self._answer(action, "text/plain", f"HTTP {action}".encode())
                return
            if endpoint == "esearch":
                self._answer(*fake.esearch(params))
            elif endpoint == "efetch":
                self._answer(*fake.efetch(params))
            elif endpoint == "idconv":
                self._answer(*fake.idconv(params))
            else:
                self._answer(404, "text/plain", b"Not found")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            fake._release(self._state)

    def _answer(self, status: int, content_type: str, body: bytes) -> None:
        # Leave the in-flight count before the bytes go out: the client may send
        # its next request the instant it has this answer.
        self.fake._release(self._state)
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of PubMed XML files")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--no-enforce", action="store_true", help="never answer 429 on its own")
    args = parser.parse_args(argv)
    fake = FakePubMed(args.fixtures, enforce=not args.no_enforce, latency=args.latency, port=args.port)
    fake.start()
    print(fake.url, flush=True)
    print(fake.idconv_url, flush=True)
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
