"""What PubMed says about each cited study: looked up in batches as soon as the DOIs are known.

`PubMedLookup` belongs to one run. `start(dois)` begins the look-ups in the
background (the resolver calls it while Crossref is still answering);
`records(dois)` waits for them. Each DOI is answered once per run, from the
disk cache when it holds a definitive answer (`pubmed:<doi>`: a record for
`ttl_found_days`, "PubMed has no record" for `ttl_not_found_days`), otherwise
in batches of `ESEARCH_BATCH` DOIs: one esearch, one efetch, and each fetched
article mapped back to the DOIs its `ArticleIdList` carries.

A DOI the batch did not map is "no PubMed record" only when every PMID the
search named was fetched and belongs to another DOI of the batch; otherwise
the answer is left open (not cached, asked again next run). Failures are
never cached either.

PubMed is a help, not a requirement. `--no-pubmed`, `--offline` without a
cached answer, or a PubMed that cannot be reached all leave the evidence to
the Crossref title and abstract, with `confidence="low"` where MeSH could have
told otherwise. The first lasting failure is kept in `problem` (and in the
run's `Counters.pubmed_problem`), and PubMed is not asked again in the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from citecheck.evidence.kinds import PubMedRecord, classify_work
from citecheck.model import Evidence, Work
from citecheck.settings import Settings
from citecheck.sources.counters import Counters
from citecheck.sources.errors import PubMedError
from citecheck.sources.pubmed import ESEARCH_BATCH, PubMedService, normalise_pmcid
from citecheck.text.identifiers import doi_key

CACHE_ENDPOINT = "pubmed"
PMID_ENDPOINT = "pubmed-pmid"
PMCID_ENDPOINT = "pmcid"


# -------------------------------------------------------------------- results


@dataclass(frozen=True)
class PubMedAnswers:
    """What PubMed said about some DOIs.

    `records` holds the DOIs PubMed answered for definitively: the record, or
    None for "PubMed has no record of this DOI". A DOI absent from it was not
    checked (PubMed switched off, offline, failing, or the answer left open).
    """

    records: Mapping[str, PubMedRecord | None] = field(default_factory=dict)
    problem: str | None = None

    def checked(self, doi: str) -> bool:
        return doi in self.records


@dataclass(frozen=True)
class IdentifierMap:
    """PMID or PMCID -> DOI for the identifiers PubMed knows and that have one."""

    dois: Mapping[str, str] = field(default_factory=dict)
    problem: str | None = None


@dataclass(frozen=True)
class EvidenceLookup(MappingABC):
    """DOI -> Evidence for a set of works, and what happened on the way (reads as the mapping itself)."""

    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    problem: str | None = None  # why PubMed could not be used, one line
    pubmed_asked: bool = False  # False when PubMed was switched off or the run is offline
    cache_hits: int = 0

    def __getitem__(self, doi: str) -> Evidence:
        return self.evidence[doi]

    def __iter__(self) -> Iterator[str]:
        return iter(self.evidence)

    def __len__(self) -> int:
        return len(self.evidence)


# ---------------------------------------------------------------------- cache


class _Cache:
    """The run's disk cache for PubMed answers (JSON values), or nothing."""

    def __init__(self, settings: Settings, cache: Any, counters: Counters) -> None:
        self.settings = settings
        self.cache = cache
        self.counters = counters
        self.hits = 0

    def get(self, endpoint: str, key: str) -> Any:
        if self.cache is None:
            return None
        # A negative answer ("no PubMed record") expires sooner than a record.
        value = self.cache.get_json(endpoint, key, self.settings.ttl_found_days)
        if isinstance(value, Mapping) and value.get("none"):
            value = self.cache.get_json(endpoint, key, self.settings.ttl_not_found_days)
        if isinstance(value, Mapping):
            self.hits += 1
            self.counters.cache_hits += 1
        return value

    def put(self, endpoint: str, key: str, value: Mapping[str, Any]) -> None:
        if self.cache is None:
            return
        ttl = self.settings.ttl_not_found_days if value.get("none") else self.settings.ttl_found_days
        self.cache.set_json(endpoint, key, dict(value), ttl)


# --------------------------------------------------------------------- lookup


class PubMedLookup:
    """Batched, cached, concurrent PubMed look-ups for one run."""

    def __init__(
        self,
        settings: Settings,
        http: Callable[[], Any],
        *,
        cache: Any = None,
        counters: Counters | None = None,
        idconv_url: str | None = None,
    ) -> None:
        self.settings = settings
        self.counters = counters if counters is not None else Counters(settings)
        self.cache = _Cache(settings, cache, self.counters)
        self.problem: str | None = None
        self._http = http
        self._idconv_url = idconv_url
        self._service: PubMedService | None = None
        self._known: dict[str, PubMedRecord | None] = {}
        self._pending: dict[str, asyncio.Future[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def enabled(self) -> bool:
        return self.settings.pubmed

    @property
    def usable(self) -> bool:
        """Whether PubMed may still be asked in this run."""
        return self.settings.pubmed and not self.settings.offline and self.problem is None

    @property
    def service(self) -> PubMedService:
        if self._service is None:
            self._service = PubMedService(self._http(), self.settings, idconv_url=self._idconv_url)
        return self._service

    def _failed(self, exc: PubMedError) -> None:
        if self.problem is None:
            # The reason only: the report says what it means ("PubMed could not be reached (...)").
            self.problem = str(exc) or type(exc).__name__
            if self.counters.pubmed_problem is None:
                self.counters.pubmed_problem = self.problem

    # -- records by DOI

    def start(self, dois: Iterable[str]) -> None:
        """Begin looking these DOIs up (cache first, then PubMed in batches) without waiting."""
        if not self.enabled:
            return
        wanted = [d for d in dict.fromkeys(doi_key(d) for d in dois if d and d.strip())
                  if d not in self._known and d not in self._pending]
        misses = []
        for doi in wanted:
            value = self.cache.get(CACHE_ENDPOINT, doi)
            if isinstance(value, Mapping):
                try:
                    self._known[doi] = None if value.get("none") else PubMedRecord.from_json(value)
                    continue
                except (KeyError, TypeError, ValueError):
                    pass  # an entry we cannot read is a miss
            misses.append(doi)
        if not misses or not self.usable:
            return
        loop = asyncio.get_running_loop()
        phase = self.counters.phase("PubMed")
        for start in range(0, len(misses), ESEARCH_BATCH):
            batch = misses[start:start + ESEARCH_BATCH]
            done: asyncio.Future[None] = loop.create_future()
            for doi in batch:
                self._pending[doi] = done
            phase.add(len(batch))
            task = asyncio.ensure_future(self._batch(batch, done))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _batch(self, dois: list[str], done: asyncio.Future[None]) -> None:
        try:
            if self.usable:
                await self._ask(dois)
        except PubMedError as exc:
            self._failed(exc)
        finally:
            for doi in dois:
                self._pending.pop(doi, None)
            self.counters.phase("PubMed").finish(len(dois))
            if not done.done():
                done.set_result(None)

    async def _ask(self, dois: list[str]) -> None:
        pmids = await self.service.esearch_dois(dois)
        records = await self.service.efetch(pmids) if pmids and self.usable else []
        wanted = set(dois)
        order = {pmid: rank for rank, pmid in enumerate(pmids)}
        carriers: dict[str, list[PubMedRecord]] = {}
        for record in sorted(records, key=lambda r: order.get(r.pmid, len(order))):
            for doi in record.dois:
                if doi in wanted:
                    carriers.setdefault(doi, []).append(record)
        attributed = {r.pmid for found in carriers.values() for r in found}
        # Every PMID the search named is accounted for: an unmapped DOI has no record.
        settled = set(pmids) <= attributed
        for doi in dois:
            if doi in carriers:
                record = carriers[doi][0]
                self._known[doi] = record
                self.cache.put(CACHE_ENDPOINT, doi, record.as_json())
            elif settled:
                self._known[doi] = None
                self.cache.put(CACHE_ENDPOINT, doi, {"none": True})

    async def records(self, dois: Iterable[str]) -> PubMedAnswers:
        """The answers for `dois`, waiting for look-ups under way (and starting the missing ones)."""
        wanted = list(dict.fromkeys(doi_key(d) for d in dois if d and d.strip()))
        self.start(wanted)
        waits = {id(f): f for f in (self._pending.get(doi) for doi in wanted) if f is not None}
        if waits:
            await asyncio.gather(*waits.values())
        return PubMedAnswers({doi: self._known[doi] for doi in wanted if doi in self._known}, self.problem)

    # -- identifiers

    def _cached_dois(self, endpoint: str, identifiers: list[str]) -> tuple[dict[str, str], list[str]]:
        """(identifier -> DOI for the cached answers that have one, the identifiers with no cached answer)."""
        found: dict[str, str] = {}
        misses = []
        for identifier in identifiers:
            value = self.cache.get(endpoint, identifier)
            if not isinstance(value, Mapping):
                misses.append(identifier)
            elif value.get("doi"):
                found[identifier] = value["doi"]
        return found, misses

    async def pmids_to_dois(self, pmids: Iterable[str]) -> IdentifierMap:
        """PMID -> DOI (lower case) for the PMIDs PubMed knows and that have a DOI, in one efetch per 200."""
        if not self.enabled:
            return IdentifierMap()
        wanted = list(dict.fromkeys(p.strip() for p in pmids if p and p.strip().isdigit()))
        found, misses = self._cached_dois(PMID_ENDPOINT, wanted)
        if misses and self.usable:
            try:
                records = {r.pmid: r for r in await self.service.efetch(misses)}
            except PubMedError as exc:
                self._failed(exc)
                records = {}
            for pmid in misses:
                record = records.get(pmid)
                if record is None:
                    continue  # unknown PMID: not cached, it may be a typo fixed tomorrow
                doi = record.dois[0] if record.dois else None
                self.cache.put(PMID_ENDPOINT, pmid, {"doi": doi} if doi else {"none": True})
                if doi:
                    found[pmid] = doi
                    # The record is here already: the evidence look-up needs no request for it.
                    self._known[doi] = record
                    self.cache.put(CACHE_ENDPOINT, doi, record.as_json())
        return IdentifierMap(found, self.problem)

    async def pmcids_to_dois(self, pmcids: Iterable[str]) -> IdentifierMap:
        """PMCID ("PMC1234567") -> DOI through the PMC ID converter, 200 per request."""
        if not self.enabled:
            return IdentifierMap()
        wanted = list(dict.fromkeys(p for p in (normalise_pmcid(x) for x in pmcids if x) if p))
        found, misses = self._cached_dois(PMCID_ENDPOINT, wanted)
        if misses and self.usable:
            try:
                converted = await self.service.convert_pmcids(misses)
            except PubMedError as exc:
                self._failed(exc)
                converted = {}
            for pmcid, doi in converted.items():
                self.cache.put(PMCID_ENDPOINT, pmcid, {"doi": doi} if doi else {"none": True})
                if doi:
                    found[pmcid] = doi
        return IdentifierMap(found, self.problem)

    # -- evidence

    async def classify(self, works: Sequence[Work]) -> EvidenceLookup:
        """DOI -> Evidence for every work: PubMed MeSH and publication types where known, else the Crossref text."""
        unique: dict[str, Work] = {}
        for work in works:
            if work is not None and work.doi:
                unique.setdefault(doi_key(work.doi), work)
        answers = await self.records(unique) if unique else PubMedAnswers()
        evidence = {
            doi: classify_work(work, answers.records.get(doi), pubmed_checked=answers.checked(doi))
            for doi, work in unique.items()
        }
        return EvidenceLookup(
            evidence,
            problem=self.problem,
            pubmed_asked=bool(unique) and self.settings.pubmed and not self.settings.offline,
            cache_hits=self.cache.hits,
        )

    async def aclose(self) -> None:
        """Stop look-ups nobody waits for any more."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


# -------------------------------------------------------------- entry points


async def _with_lookup(settings: Settings, http: Any, cache: Any, idconv_url: str | None, use):
    """Run `use(lookup)` with a lookup over `http` (the run's client) or a client made for the call."""
    from citecheck.sources.http import Http

    owned = http is None
    client = http if http is not None else Http(settings)
    own_cache = None
    if cache is None and settings.use_cache:
        from citecheck.sources.cache import DiskCache

        cache = own_cache = DiskCache(settings, client.counters)
    lookup = PubMedLookup(settings, lambda: client, cache=cache, counters=client.counters, idconv_url=idconv_url)
    try:
        return await use(lookup)
    finally:
        await lookup.aclose()
        if own_cache is not None:
            own_cache.close()
        if owned:
            await client.aclose()


async def classify_works(works: Sequence[Work], settings: Settings, http: Any = None, *, cache: Any = None) -> EvidenceLookup:
    """DOI -> Evidence for every work; never raises for a PubMed failure (see `EvidenceLookup.problem`)."""
    return await _with_lookup(settings, http, cache, None, lambda lookup: lookup.classify(works))


async def pmid_to_doi(pmids: Iterable[str], settings: Settings, http: Any = None, *, cache: Any = None) -> IdentifierMap:
    """PMID -> DOI (lower case) for the PMIDs PubMed knows and that have a DOI."""
    return await _with_lookup(settings, http, cache, None, lambda lookup: lookup.pmids_to_dois(pmids))


async def pmcid_to_doi(pmcids: Iterable[str], settings: Settings, http: Any = None, *, cache: Any = None,
                       idconv_url: str | None = None) -> IdentifierMap:
    """PMCID ("PMC1234567") -> DOI through the PMC ID converter."""
    return await _with_lookup(settings, http, cache, idconv_url, lambda lookup: lookup.pmcids_to_dois(pmcids))
