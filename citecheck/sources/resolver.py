"""The resolver: every DOI of a run answered once, from the cheapest source that knows it.

Sources are asked in order of cost: the local snapshot index (if configured),
the disk cache, then the Crossref API. Each answers for the DOIs it knows and
passes the rest on; whatever no source could answer is unverified, with the
reason ("offline", the failure...). A DOI is never looked up twice in a run,
even when several files or calls ask for it, and the run shares one HTTP
client, one pacer per host and one cache.

The resolver also fronts the other look-ups the pipeline needs: DOI
suggestions for references without one (snapshot or Crossref search, then
`citecheck.suggest.best_match`), DOIs for references that give only a PMID or
PMCID, and the evidence type of each work. PubMed's look-ups start as soon as
the DOIs are known, in batches, and run while Crossref answers
(`citecheck.sources.studies`); `classify` then only waits for what is left.
`counters.phases` tells a progress display how far each network phase is.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any, Sequence

import httpx

from citecheck.model import Evidence, Outcome, Reference, Resolution, RunStats, Suggestion, Work
from citecheck.settings import Settings
from citecheck.sources.base import WorkSource
from citecheck.sources.cache import DiskCache
from citecheck.sources.counters import Counters
from citecheck.sources.crossref import CrossrefSource
from citecheck.sources.http import Http, HttpPolicy
from citecheck.sources.studies import PubMedLookup
from citecheck.text.identifiers import doi_key

SEARCH_ROWS = 5


def _suggestion_key(reference: Reference) -> str | None:
    """The cache key of a reference's search: its query and the matcher's settings."""
    from citecheck.suggest import MARGIN, THRESHOLD
    from citecheck.sources.search import bibliographic_query

    query = bibliographic_query(reference)
    return f"{query}|rows={SEARCH_ROWS}|threshold={THRESHOLD}|margin={MARGIN}" if query else None


async def _maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


class _LazyCrossref:
    """The Crossref client, built on first use: a run served from the cache never pays for an HTTP client."""

    name = "crossref"

    def __init__(self, resolver: "Resolver") -> None:
        self._resolver = resolver
        self._client: CrossrefSource | None = None

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        if self._client is None:
            resolver = self._resolver
            self._client = CrossrefSource(resolver.http, resolver.cache, resolver.settings)
        return await self._client.lookup(dois)

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        return None

    async def aclose(self) -> None:
        return None


class Resolver:
    """One per run. `sources`, when given, replaces the default chain (snapshot, cache, Crossref).

    `snapshot`, when given, is the snapshot source of the chain instead of
    the index `settings.snapshot` names (a check spread over a cluster asks
    the index on its workers).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sources: Sequence[WorkSource] | None = None,
        policy: HttpPolicy | None = None,
        snapshot: WorkSource | None = None,
    ) -> None:
        self.settings = settings
        self.counters = Counters(settings)
        self._transport = transport
        self._policy = policy
        self._http: Http | None = None
        self.cache: DiskCache | None = DiskCache(settings, self.counters) if settings.use_cache else None
        self._explicit = list(sources) if sources is not None else None
        self._chain: list[WorkSource] | None = None
        self._snapshot: Any = snapshot
        self._snapshot_opened = snapshot is not None
        self._done: dict[str, Resolution] = {}
        self._pending: dict[str, asyncio.Future[Resolution]] = {}
        self._suggested: dict[tuple, asyncio.Future[Suggestion | None]] = {}
        self.studies = PubMedLookup(settings, lambda: self.http, cache=self.cache, counters=self.counters)

    # ------------------------------------------------------------ the parts

    @property
    def http(self) -> Http:
        """The run's HTTP client, created on first use (an offline run may never need it)."""
        if self._http is None:
            self._http = Http(self.settings, transport=self._transport, counters=self.counters, policy=self._policy)
        return self._http

    def _open_snapshot(self) -> Any:
        if self._snapshot_opened:
            return self._snapshot
        self._snapshot_opened = True
        if self.settings.snapshot:
            try:
                from citecheck.snapshot.source import SnapshotSource
            except ImportError:
                return None
            # A snapshot that cannot be opened is the user's error (SnapshotError, exit 2): let it through.
            self._snapshot = SnapshotSource.open(self.settings.snapshot)
        return self._snapshot

    async def _sources(self) -> list[WorkSource]:
        if self._chain is None:
            if self._explicit is not None:
                self._chain = list(self._explicit)
            else:
                chain: list[WorkSource] = []
                snapshot = await _maybe_await(self._open_snapshot())
                self._snapshot = snapshot
                if snapshot is not None:
                    chain.append(snapshot)
                if self.cache is not None:
                    chain.append(self.cache)
                if not self.settings.offline:
                    chain.append(_LazyCrossref(self))
                self._chain = chain
        return self._chain

    # ------------------------------------------------------------- resolve

    async def resolve(self, dois: Sequence[str]) -> dict[str, Resolution]:
        """A Resolution for every DOI given (keyed as given); each DOI is looked up once per run."""
        keys = {doi: doi_key(doi) for doi in dois if doi and doi.strip()}
        mine: list[str] = []
        loop = asyncio.get_running_loop()
        for key in dict.fromkeys(keys.values()):
            if key not in self._done and key not in self._pending:
                self._pending[key] = loop.create_future()
                mine.append(key)
        # PubMed answers for the same DOIs in its own batches, alongside Crossref
        # (started once Crossref's first requests are out: `_lookup`).
        wanted_of_pubmed = list(keys.values())
        try:
            if mine:
                await self._lookup(mine, wanted_of_pubmed)
            self.studies.start(wanted_of_pubmed)  # nothing to do when `_lookup` started it
        finally:
            # Whatever was not settled (cancelled run, a source that raised) must not hang other callers.
            for key in mine:
                if key not in self._done:
                    self._settle(key, Resolution(doi=key, outcome=Outcome.UNVERIFIED, reason="the look-up was interrupted"))
        for key in set(keys.values()):
            if key not in self._done:
                await self._pending[key]
        return {doi: self._done[key] for doi, key in keys.items()}

    async def _lookup(self, dois: list[str], pubmed: list[str]) -> None:
        remaining = dois
        for source in await self._sources():
            if not remaining:
                break
            if isinstance(source, _LazyCrossref):
                # One task per DOI (the pacer keeps them within the server's
                # limits): each answer is settled as it arrives, which is what
                # the progress display counts.
                self.counters.phase("Crossref").add(len(remaining))
                tasks = [asyncio.ensure_future(self._lookup_one(source, doi)) for doi in remaining]
                try:
                    await asyncio.sleep(0)  # Crossref's first requests go out first: they set the pace
                    self.studies.start(pubmed)
                    await asyncio.gather(*tasks)
                finally:
                    for task in tasks:
                        task.cancel()
            else:
                answers = await source.lookup(remaining)
                for doi in remaining:
                    resolution = answers.get(doi)
                    if resolution is not None:
                        self._settle(doi, resolution)
            remaining = [doi for doi in remaining if doi not in self._done]
        reason = "offline" if self.settings.offline else "no source could answer"
        for doi in remaining:
            self._settle(doi, Resolution(doi=doi, outcome=Outcome.UNVERIFIED, reason=reason, source="none"))

    async def _lookup_one(self, source: WorkSource, doi: str) -> None:
        try:
            resolution = (await source.lookup([doi])).get(doi)
        finally:
            self.counters.phase("Crossref").finish()
        if resolution is not None:
            self._settle(doi, resolution)

    def _settle(self, key: str, resolution: Resolution) -> None:
        self._done[key] = resolution
        if resolution.outcome is Outcome.UNVERIFIED:
            self.counters.unverified += 1
        future = self._pending.pop(key, None)
        if future is not None and not future.done():
            future.set_result(resolution)

    # ------------------------------------------------------------- suggest

    def _crossref_search(self) -> Any:
        try:
            from citecheck.sources.search import CrossrefSearch
        except ImportError:
            return None
        return CrossrefSearch(self.settings, self.http)

    async def suggest_many(self, references: Sequence[Reference]) -> list[Suggestion | None]:
        """A DOI suggestion (or None) for each reference without a DOI, in order."""
        try:
            from citecheck.suggest import best_match
        except ImportError:
            return [None] * len(references)
        await self._sources()  # opens the snapshot, if any
        snapshot = self._snapshot
        searcher = None if self.settings.offline else self._crossref_search()
        if snapshot is None and searcher is None and self.cache is None:
            return [None] * len(references)

        async def search(reference: Reference) -> Suggestion | None:
            # A decided search (a suggestion or a definite "nothing fits") is
            # cached like a found record, so a second run costs no request;
            # a failed search is not, and is asked again next time.
            key = _suggestion_key(reference)
            if self.cache is not None and key:
                cached = self.cache.get_json("suggestion", key, self.settings.ttl_found_days)
                if isinstance(cached, dict):
                    self.counters.cache_hits += 1
                    return Suggestion(**cached["suggestion"]) if cached.get("suggestion") else None
            candidates: list[Work] | None = None
            failed = False
            try:
                if snapshot is not None:
                    candidates = await _maybe_await(snapshot.search(reference, SEARCH_ROWS))
                # A snapshot may hold only part of Crossref: without a candidate there, ask Crossref.
                if not candidates and searcher is not None:
                    candidates = await searcher.candidates(reference, SEARCH_ROWS)
                    failed = candidates is None
            except Exception:  # noqa: BLE001 - a failed search costs a suggestion, never the run
                self.counters.failures += 1
                candidates, failed = None, True
            suggestion = best_match(reference, candidates) if candidates else None
            if self.cache is not None and key and not failed and (searcher is not None or suggestion):
                value = {"suggestion": None if suggestion is None else {
                    "doi": suggestion.doi, "score": suggestion.score, "title": suggestion.title}}
                self.cache.set_json("suggestion", key, value, self.settings.ttl_found_days)
            return suggestion

        phase = self.counters.phase("search")
        phase.add(len(references))

        async def one(reference: Reference) -> Suggestion | None:
            # The same reference in several files is searched once, even concurrently.
            memo = (reference.title, reference.authors, reference.year, reference.journal, reference.text)
            if memo not in self._suggested:
                self._suggested[memo] = asyncio.ensure_future(search(reference))
            try:
                return await self._suggested[memo]
            finally:
                phase.finish()

        return list(await asyncio.gather(*(one(reference) for reference in references)))

    # ------------------------------------------------- PMID / PMCID to DOI

    async def identifiers_to_dois(self, pmids: Sequence[str], pmcids: Sequence[str]) -> dict[str, str]:
        """DOIs for references that give only a PMID or a PMCID.

        Keys are the identifiers as given (PMIDs as digits, PMCIDs as `PMC…`);
        what PubMed does not know, or cannot be asked, is simply absent.
        """
        found: dict[str, str] = {}
        if pmids:
            found.update((await self.studies.pmids_to_dois(list(pmids))).dois)
        if pmcids:
            found.update((await self.studies.pmcids_to_dois(list(pmcids))).dois)
        return found

    # ------------------------------------------------------------ classify

    async def classify(self, works: Sequence[Work]) -> dict[str, Evidence]:
        """Evidence type per DOI: PubMed's answers (already under way since `resolve`), else the Crossref text."""
        result = await self.studies.classify(list(works))
        return dict(result.evidence)

    # -------------------------------------------------------------- the end

    def stats(self) -> RunStats:
        return self.counters.snapshot()

    async def aclose(self) -> None:
        await self.studies.aclose()
        for source in self._chain or []:
            if source is not self.cache:
                await _maybe_await(source.aclose())
        if self.cache is not None:
            self.cache.close()
        if self._http is not None:
            await self._http.aclose()
