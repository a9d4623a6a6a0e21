"""PubMed E-utilities: DOI -> PMID -> MeSH, publication types and abstract, then the evidence type.

NCBI allows 3 requests per second without an API key and 10 with one
(`settings.ncbi_api_key`), and asks every client to send `tool=` and
`email=`; going faster earns 429. So every request waits for a slot from a
pacer set to those limits: the run's shared `Http` pacer for the PubMed host
when the resolver hands us its client, or a pacer of our own around a plain
`httpx.AsyncClient`.

One `esearch.fcgi?term=<doi>[aid]` per DOI finds the PMID; `efetch.fcgi`
then fetches up to 200 records per request. Answers are cached like Crossref
answers (`pubmed:<doi>` in the disk cache, `ttl_found_days` for a record,
`ttl_not_found_days` for "PubMed has no record for this DOI"); failures are
never cached.

PubMed is a help, not a requirement. `--no-pubmed`, `--offline` without a
cached answer, or a PubMed that cannot be reached (connection refused,
timeouts, 5xx after retries) all fall back to reading the Crossref title and
abstract, with `confidence="low"` where MeSH could have told otherwise. A
failure is reported once, in `EvidenceResult.problem` (and in the run's
`Counters.pubmed_problem` when the shared client is used), and the run goes on.

References that carry only a PMID or a PMCID can be given a DOI before the
Crossref look-up: `pmid_to_doi` (efetch) and `pmcid_to_doi` (the PMC ID
converter).
"""

from __future__ import annotations

import asyncio
import random
import re
import sys
import time
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from citecheck.evidence.kinds import PubMedRecord, classify_work
from citecheck.model import Evidence, Work
from citecheck.settings import Settings
from citecheck.text.identifiers import doi_key
from citecheck.sources.errors import CircuitOpen, PermanentError, SourceError, TransientError

if TYPE_CHECKING:  # imported where used: a warm run answers from the cache without either
    import xml.etree.ElementTree as ET

    import httpx

DEFAULT_IDCONV_URL = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/"
TOOL = "citecheck"
EFETCH_BATCH = 200  # NCBI's advice for GET requests
IDCONV_BATCH = 200  # the ID converter's limit
RATE = 3  # requests per second without an API key
RATE_WITH_KEY = 10
CONCURRENCY = 3
# Retries when talking through a plain httpx client (the run's Http has its own policy).
ATTEMPTS = 4
BACKOFF = 0.5  # seconds, doubled each retry, half of it random
CACHE_ENDPOINT = "pubmed"
PMID_ENDPOINT = "pubmed-pmid"
PMCID_ENDPOINT = "pmcid"

__all__ = [
    "DEFAULT_IDCONV_URL",
    "EvidenceResult",
    "IdMap",
    "PubMedClient",
    "classify_works",
    "parse_efetch",
    "pmid_to_doi",
    "pmcid_to_doi",
]


# ------------------------------------------------------------------- results


class EvidenceResult(dict):
    """DOI -> Evidence, plus what happened on the way.

    `problem` is None, or the reason PubMed could not be used, one line
    ("connection failed (ConnectError) after 4 attempts", "HTTP 503 after 5
    attempts", "PubMed answered unreadable XML (...)"): what
    `RunStats.pubmed_problem` holds. `pubmed_asked` is False when PubMed was
    switched off or the run is offline. `requests`, `cache_hits` and
    `rate_limited` count what this call did.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem: str | None = None
        self.pubmed_asked = False
        self.requests = 0
        self.cache_hits = 0
        self.rate_limited = 0


class IdMap(dict):
    """PMID or PMCID -> DOI for the identifiers that have one; `problem` as in EvidenceResult."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem: str | None = None


# ------------------------------------------------------------------- parsing


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _record(article: ET.Element) -> PubMedRecord | None:
    citation = article.find("MedlineCitation")
    if citation is None:
        return None
    pmid = _text(citation.find("PMID"))
    if not pmid:
        return None
    body = citation.find("Article")
    title = _text(body.find("ArticleTitle")) if body is not None else None
    parts = []
    if body is not None:
        for node in body.findall("Abstract/AbstractText"):
            text = _text(node)
            if text:
                label = node.get("Label")
                parts.append(f"{label.capitalize()}: {text}" if label else text)
    mesh = tuple(
        name for name in (_text(node) for node in citation.findall("MeshHeadingList/MeshHeading/DescriptorName"))
        if name
    )
    types = tuple(
        name for name in (_text(node) for node in (body.findall("PublicationTypeList/PublicationType") if body is not None else []))
        if name
    )
    dois: list[str] = []
    pmcid = None
    for node in article.findall("PubmedData/ArticleIdList/ArticleId"):
        kind = (node.get("IdType") or "").lower()
        value = _text(node)
        if not value:
            continue
        if kind == "doi":
            dois.append(value.lower())
        elif kind == "pmc":
            pmcid = value.upper()
    if body is not None:
        for node in body.findall("ELocationID"):
            if (node.get("EIdType") or "").lower() == "doi" and _text(node):
                dois.append(_text(node).lower())  # type: ignore[union-attr]
    return PubMedRecord(
        pmid=pmid,
        title=title,
        abstract=" ".join(parts) or None,
        mesh=mesh,
        publication_types=types,
        dois=tuple(dict.fromkeys(dois)),
        pmcid=pmcid,
    )


def parse_efetch(text: str) -> list[PubMedRecord]:
    """The records of an efetch `PubmedArticleSet`; raises PermanentError on unreadable XML."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise PermanentError(f"PubMed answered unreadable XML ({exc})") from exc
    articles = [root] if root.tag == "PubmedArticle" else root.findall("PubmedArticle")
    return [record for record in (_record(article) for article in articles) if record is not None]


def _esearch_ids(payload: Any) -> list[str]:
    result = payload.get("esearchresult") if isinstance(payload, Mapping) else None
    if not isinstance(result, Mapping):
        raise PermanentError("PubMed esearch answered without an esearchresult")
    if result.get("ERROR"):
        raise PermanentError(f"PubMed esearch error: {result['ERROR']}")
    ids = result.get("idlist") or []
    return [str(i) for i in ids if str(i).isdigit()]


def _normalise_pmcid(pmcid: str) -> str | None:
    match = re.fullmatch(r"\s*(?:pmc)?\s*(\d{1,12})\s*", pmcid, re.IGNORECASE)
    return f"PMC{match.group(1)}" if match else None


# ---------------------------------------------------------------- transport


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


class _Ncbi:
    """GETs to NCBI at NCBI's pace, through the run's `Http` or a plain httpx client.

    With the run's `Http` its pacer for the host is set to NCBI's limits and
    its retries, 429 pauses and circuit breaker apply. With a plain
    `httpx.AsyncClient` (or none: one is made and closed here) this class
    paces and retries by itself.
    """

    def __init__(self, settings: Settings, http: Any = None) -> None:
        self.settings = settings
        self.rate = RATE_WITH_KEY if settings.ncbi_api_key else RATE
        self.requests = 0
        self.rate_limited = 0
        self.abandoned = False  # set once PubMed failed for good: pending retries give up
        self._wrapper = None
        self._client: httpx.AsyncClient | None = None
        self._owned = False
        self._pacers: dict[str, Any] = {}
        # httpx is imported only to make a client: a client handed in means
        # httpx is loaded already, and the run's `Http` may never need it.
        loaded = sys.modules.get("httpx")
        is_client = loaded is not None and isinstance(http, loaded.AsyncClient)
        if http is not None and not is_client and hasattr(http, "pacer"):
            self._wrapper = http
        elif is_client:
            self._client = http
        else:
            import httpx

            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(settings.timeout, connect=min(10.0, settings.timeout)),
                headers={"User-Agent": _user_agent(settings)},
            )
            self._owned = True

    @property
    def counters(self) -> Any:
        return getattr(self._wrapper, "counters", None)

    def _pacer(self, url: str) -> Any:
        from citecheck.sources.http import Pacer

        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        if self._wrapper is not None:
            pacer = self._wrapper.pacer(url)
            if key not in self._pacers:
                pacer.set_limits(single=self.rate, interval=1.0, concurrency=CONCURRENCY)
                self._pacers[key] = pacer
            return pacer
        if key not in self._pacers:
            self._pacers[key] = Pacer(key, single=self.rate, interval=1.0, concurrency=CONCURRENCY)
        return self._pacers[key]

    def params(self, extra: Mapping[str, str]) -> dict[str, str]:
        params = dict(extra)
        params["tool"] = TOOL
        if self.settings.mailto:
            params["email"] = self.settings.mailto
        if self.settings.ncbi_api_key:
            params["api_key"] = self.settings.ncbi_api_key
        return params

    async def get(self, url: str, params: Mapping[str, str], *, follow_redirects: bool = False) -> httpx.Response:
        """A successful answer; raises TransientError, CircuitOpen or PermanentError."""
        self._pacer(url)  # NCBI's limits, before the first request
        if self._wrapper is not None:
            before = getattr(self.counters, "rate_limited", 0)
            response = await self._wrapper.get(url, params=params, follow_redirects=follow_redirects)
            self.requests += 1
            self.rate_limited += max(0, getattr(self.counters, "rate_limited", 0) - before)
        else:
            response = await self._get_plain(url, params, follow_redirects)
        if response.status_code >= 400:
            raise PermanentError(f"HTTP {response.status_code} from {urlsplit(url).netloc}")
        return response

    async def _get_plain(self, url: str, params: Mapping[str, str], follow_redirects: bool) -> httpx.Response:
        import httpx

        assert self._client is not None
        pacer = self._pacer(url)
        attempts, started = ATTEMPTS, time.monotonic()
        for attempt in range(1, attempts + 1):
            error: TransientError
            async with pacer.slot("single"):
                self.requests += 1
                try:
                    response = await self._client.get(url, params=params, follow_redirects=follow_redirects)
                except httpx.TimeoutException:
                    error = TransientError(f"timeout after {self.settings.timeout:g} s")
                except httpx.TransportError as exc:
                    error = TransientError(f"connection failed ({type(exc).__name__})")
                else:
                    if response.status_code == 429:
                        self.rate_limited += 1
                        error = TransientError("HTTP 429 (rate limited)", retry_after=_retry_after(response), status=429)
                    elif response.status_code >= 500:
                        error = TransientError(f"HTTP {response.status_code}", retry_after=_retry_after(response),
                                               status=response.status_code)
                    else:
                        return response
            delay = min(8.0, BACKOFF * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
            if error.retry_after is not None:
                delay = max(delay, min(error.retry_after, 30.0))
            if error.status == 429:
                pacer.pause(delay)
            if attempt == attempts or self.abandoned or time.monotonic() - started + delay > 60:
                raise TransientError(f"{error} after {attempt} attempts", status=error.status)
            await asyncio.sleep(delay)
        raise TransientError("no answer")  # pragma: no cover - the loop returns or raises

    async def aclose(self) -> None:
        if self._owned and self._client is not None:
            await self._client.aclose()


def _user_agent(settings: Settings) -> str:
    try:
        from citecheck.sources.http import user_agent

        return user_agent(settings)
    except ImportError:  # pragma: no cover - http.py ships with the package
        return "citecheck"


# -------------------------------------------------------------------- cache


class _Cache:
    """The run's disk cache for PubMed answers (JSON values), or nothing."""

    def __init__(self, settings: Settings, cache: Any = None, counters: Any = None) -> None:
        self.settings = settings
        self._cache = cache
        self._owned = False
        if cache is None and settings.use_cache:
            try:
                from citecheck.sources.cache import DiskCache

                self._cache = DiskCache(settings, counters)
                self._owned = True
            except ImportError:  # pragma: no cover - cache.py ships with the package
                self._cache = None

    def get(self, endpoint: str, key: str) -> Any:
        if self._cache is None:
            return None
        # A negative answer ("no PubMed record") expires sooner than a record.
        value = self._cache.get_json(endpoint, key, self.settings.ttl_found_days)
        if isinstance(value, Mapping) and value.get("none"):
            value = self._cache.get_json(endpoint, key, self.settings.ttl_not_found_days)
        return value

    def put(self, endpoint: str, key: str, value: Mapping[str, Any]) -> None:
        if self._cache is None:
            return
        ttl = self.settings.ttl_not_found_days if value.get("none") else self.settings.ttl_found_days
        self._cache.set_json(endpoint, key, dict(value), ttl)

    def close(self) -> None:
        if self._owned and self._cache is not None:
            self._cache.close()


# ------------------------------------------------------------------- client


class PubMedClient:
    """Looks works up in PubMed for one run; stops asking after the first lasting failure."""

    def __init__(self, settings: Settings, http: Any = None, *, cache: Any = None,
                 idconv_url: str | None = None) -> None:
        self.settings = settings
        self.base = settings.pubmed_url.rstrip("/")
        self.idconv_url = idconv_url or getattr(settings, "idconv_url", None) or DEFAULT_IDCONV_URL
        self.ncbi = _Ncbi(settings, http)
        self.cache = _Cache(settings, cache, self.ncbi.counters)
        self.cache_hits = 0
        self.problem: str | None = None
        self._gate: asyncio.Semaphore | None = None

    # -- failure handling

    @property
    def usable(self) -> bool:
        return self.problem is None and not self.settings.offline

    def _failed(self, exc: BaseException) -> None:
        self.ncbi.abandoned = True
        if self.problem is None:
            # The reason only: the report says what it means ("PubMed could not be reached (...)").
            self.problem = str(exc) or type(exc).__name__
            counters = self.ncbi.counters
            if counters is not None and getattr(counters, "pubmed_problem", "set") is None:
                counters.pubmed_problem = self.problem

    async def _get(self, url: str, params: Mapping[str, str], *, follow_redirects: bool = False) -> httpx.Response | None:
        """An answer, or None once PubMed has failed for good (the first lasting failure is kept)."""
        # At most CONCURRENCY requests are out (retrying) at once, so that an
        # unreachable PubMed costs a few retry cycles, not one per DOI.
        if self._gate is None:
            self._gate = asyncio.Semaphore(CONCURRENCY)
        async with self._gate:
            if not self.usable:
                return None
            try:
                return await self.ncbi.get(url, self.ncbi.params(params), follow_redirects=follow_redirects)
            except (SourceError, CircuitOpen) as exc:
                self._failed(exc)
                return None

    # -- E-utilities

    async def esearch_doi(self, doi: str) -> list[str] | None:
        """PMIDs whose article id is `doi`; None when PubMed could not answer."""
        response = await self._get(f"{self.base}/esearch.fcgi", {"db": "pubmed", "term": f"{doi}[aid]", "retmode": "json"})
        if response is None:
            return None
        try:
            return _esearch_ids(response.json())
        except ValueError as exc:  # not JSON
            self._failed(PermanentError(f"esearch answered non-JSON ({exc})"))
            return None
        except PermanentError as exc:
            self._failed(exc)
            return None

    async def efetch(self, pmids: Sequence[str]) -> dict[str, PubMedRecord] | None:
        """Records by PMID, fetched 200 at a time; None when PubMed could not answer."""
        records: dict[str, PubMedRecord] = {}
        for start in range(0, len(pmids), EFETCH_BATCH):
            batch = list(pmids[start:start + EFETCH_BATCH])
            response = await self._get(f"{self.base}/efetch.fcgi", {"db": "pubmed", "id": ",".join(batch), "retmode": "xml"})
            if response is None:
                return None
            try:
                for record in parse_efetch(response.text):
                    records[record.pmid] = record
            except PermanentError as exc:
                self._failed(exc)
                return None
        return records

    # -- DOIs

    async def records_for_dois(self, dois: Iterable[str]) -> tuple[dict[str, PubMedRecord | None], set[str]]:
        """(DOI -> record or None, the DOIs PubMed answered for definitively)."""
        wanted = list(dict.fromkeys(doi_key(d) for d in dois if d and d.strip()))
        found: dict[str, PubMedRecord | None] = {}
        answered: set[str] = set()
        misses = []
        for doi in wanted:
            value = self.cache.get(CACHE_ENDPOINT, doi)
            if isinstance(value, Mapping):
                try:
                    found[doi] = None if value.get("none") else PubMedRecord.from_json(value)
                except (KeyError, TypeError, ValueError):
                    misses.append(doi)
                    continue
                answered.add(doi)
                self.cache_hits += 1
            else:
                misses.append(doi)
        if not misses or not self.usable:
            return found, answered

        async def search(doi: str) -> tuple[str, list[str] | None]:
            return doi, await self.esearch_doi(doi) if self.usable else None

        pmids_of: dict[str, list[str]] = {}
        for doi, pmids in await asyncio.gather(*(search(doi) for doi in misses)):
            if pmids is None:
                continue
            if not pmids:
                found[doi] = None
                answered.add(doi)
                self.cache.put(CACHE_ENDPOINT, doi, {"none": True})
            else:
                pmids_of[doi] = pmids
        all_pmids = list(dict.fromkeys(p for pmids in pmids_of.values() for p in pmids))
        records = await self.efetch(all_pmids) if all_pmids else {}
        if records is None:
            return found, answered
        for doi, pmids in pmids_of.items():
            candidates = [records[p] for p in pmids if p in records]
            if not candidates:
                continue  # esearch named a PMID efetch did not return: ask again next run
            record = next((r for r in candidates if doi in r.dois), candidates[0])
            found[doi] = record
            answered.add(doi)
            self.cache.put(CACHE_ENDPOINT, doi, record.as_json())
        return found, answered

    # -- identifiers

    async def pmids_to_dois(self, pmids: Iterable[str]) -> IdMap:
        result = IdMap()
        wanted = list(dict.fromkeys(p.strip() for p in pmids if p and p.strip().isdigit()))
        misses = []
        for pmid in wanted:
            value = self.cache.get(PMID_ENDPOINT, pmid)
            if isinstance(value, Mapping):
                self.cache_hits += 1
                if value.get("doi"):
                    result[pmid] = value["doi"]
            else:
                misses.append(pmid)
        if misses and self.usable:
            records = await self.efetch(misses)
            if records is not None:
                for pmid in misses:
                    record = records.get(pmid)
                    if record is None:
                        continue  # unknown PMID: not cached, it may be a typo fixed tomorrow
                    doi = record.dois[0] if record.dois else None
                    self.cache.put(PMID_ENDPOINT, pmid, {"doi": doi} if doi else {"none": True})
                    if doi:
                        result[pmid] = doi
                        self.cache.put(CACHE_ENDPOINT, doi, record.as_json())
        result.problem = self.problem
        return result

    async def pmcids_to_dois(self, pmcids: Iterable[str]) -> IdMap:
        result = IdMap()
        wanted = list(dict.fromkeys(p for p in (_normalise_pmcid(x) for x in pmcids if x) if p))
        misses = []
        for pmcid in wanted:
            value = self.cache.get(PMCID_ENDPOINT, pmcid)
            if isinstance(value, Mapping):
                self.cache_hits += 1
                if value.get("doi"):
                    result[pmcid] = value["doi"]
            else:
                misses.append(pmcid)
        for start in range(0, len(misses), IDCONV_BATCH):
            if not self.usable:
                break
            batch = misses[start:start + IDCONV_BATCH]
            # The converter has moved hosts before: follow its redirects.
            response = await self._get(self.idconv_url, {"ids": ",".join(batch), "format": "json"}, follow_redirects=True)
            if response is None:
                break
            try:
                payload = response.json()
            except ValueError as exc:
                self._failed(PermanentError(f"the PMC ID converter answered non-JSON ({exc})"))
                break
            records = payload.get("records") if isinstance(payload, Mapping) else None
            for item in records if isinstance(records, list) else []:
                if not isinstance(item, Mapping):
                    continue
                pmcid = _normalise_pmcid(str(item.get("pmcid") or item.get("requested-id") or ""))
                if pmcid not in batch:
                    continue
                doi = item.get("doi")
                if item.get("status") == "error" and not doi:
                    continue  # unknown or malformed id: not cached
                doi = doi_key(doi) if isinstance(doi, str) and doi.strip() else None
                self.cache.put(PMCID_ENDPOINT, pmcid, {"doi": doi, "pmid": item.get("pmid")} if doi else {"none": True})
                if doi:
                    result[pmcid] = doi
        result.problem = self.problem
        return result

    async def aclose(self) -> None:
        self.cache.close()
        await self.ncbi.aclose()


# ------------------------------------------------------------ entry points


async def classify_works(
    works: Sequence[Work], settings: Settings, http: Any = None, *, cache: Any = None
) -> EvidenceResult:
    """DOI -> Evidence for every work; the resolver's entry point.

    `http` is the run's `citecheck.sources.http.Http`, a plain
    `httpx.AsyncClient`, or None (a client is made for this call). `cache` is
    the run's `DiskCache`; without one, one is opened when caching is on.
    Never raises for a PubMed failure: the result's `problem` says what
    happened and the evidence comes from the Crossref text instead.
    """
    result = EvidenceResult()
    unique: dict[str, Work] = {}
    for work in works:
        if work is not None and work.doi:
            unique.setdefault(doi_key(work.doi), work)
    if not unique:
        return result
    records: dict[str, PubMedRecord | None] = {}
    answered: set[str] = set()
    if settings.pubmed:
        client = PubMedClient(settings, http, cache=cache)
        try:
            result.pubmed_asked = not settings.offline
            records, answered = await client.records_for_dois(unique)
        finally:
            await client.aclose()
        result.problem = client.problem
        result.requests = client.ncbi.requests
        result.rate_limited = client.ncbi.rate_limited
        result.cache_hits = client.cache_hits
    for doi, work in unique.items():
        result[doi] = classify_work(work, records.get(doi), pubmed_checked=doi in answered)
    return result


async def pmid_to_doi(pmids: Iterable[str], settings: Settings, http: Any = None, *, cache: Any = None) -> IdMap:
    """PMID -> DOI (lower case) for the PMIDs PubMed knows and that have a DOI."""
    if not settings.pubmed:
        return IdMap()
    client = PubMedClient(settings, http, cache=cache)
    try:
        return await client.pmids_to_dois(pmids)
    finally:
        await client.aclose()


async def pmcid_to_doi(
    pmcids: Iterable[str], settings: Settings, http: Any = None, *, cache: Any = None,
    idconv_url: str | None = None,
) -> IdMap:
    """PMCID ("PMC1234567") -> DOI through the PMC ID converter (`idconv_url`, or
    `settings.idconv_url` when Settings has it, or DEFAULT_IDCONV_URL)."""
    if not settings.pubmed:
        return IdMap()
    client = PubMedClient(settings, http, cache=cache, idconv_url=idconv_url)
    try:
        return await client.pmcids_to_dois(pmcids)
    finally:
        await client.aclose()


def evidence_json(evidence: Mapping[str, Evidence]) -> dict[str, dict[str, Any]]:
    """DOI -> `Evidence.as_json()`, for reports and snapshots."""
    return {doi: item.as_json() for doi, item in evidence.items()}
