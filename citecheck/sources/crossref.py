"""The Crossref REST API: single works, registration agencies and bibliographic searches.

`CrossrefService` speaks to the API over the run's HTTP client and raises a
`CrossrefError` saying why whenever it gets no usable answer. A 200 must be a
work record for the DOI that was asked; anything else (not JSON, no DOI,
another DOI) is an answer that makes no sense.

`CrossrefSource` is the resolver's source of records: one `GET /works/{doi}`
per DOI, then the agency if 404. A 404 is only "not found" once the DOI's
registration agency is known to be Crossref or none at all: DataCite, mEDRA
and the others register DOIs Crossref has never heard of
(`/works/{doi}/agency`, then doi.org/ra). Definitive answers go to the disk
cache; failures never do.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Mapping, Sequence

from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.settings import Settings
from citecheck.sources.cache import DiskCache
from citecheck.sources.doiorg import DoiOrgService, agency_label
from citecheck.sources.endpoints import CrossrefUrls
from citecheck.sources.errors import CrossrefError, SourceError, TransientError
from citecheck.sources.http import Http
from citecheck.sources.records import work_from_message
from citecheck.text.identifiers import doi_key


def _failure(exc: SourceError) -> CrossrefError:
    if isinstance(exc, TransientError):
        return CrossrefError(f"Crossref could not be reached: {exc}")
    return CrossrefError(str(exc))


class CrossrefService:
    """Crossref's REST API over the run's HTTP client."""

    def __init__(self, http: Http, settings: Settings) -> None:
        self.http = http
        self.urls = CrossrefUrls.of(settings)
        http.configure(self.urls.base, service="Crossref")

    async def work(self, doi: str) -> Work | None:
        """The record of `doi`, or None when Crossref has none (404)."""
        try:
            response = await self.http.get(self.urls.work(doi))
        except SourceError as exc:
            raise _failure(exc) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise CrossrefError(f"Crossref answered HTTP {response.status_code}")
        return self._work(doi, response.text)

    @staticmethod
    def _work(doi: str, text: str) -> Work:
        try:
            body: Any = json.loads(text)
        except ValueError:
            raise CrossrefError("Crossref's answer made no sense (not JSON)") from None
        if not isinstance(body, Mapping) or body.get("message-type") != "work" or not isinstance(body.get("message"), Mapping):
            raise CrossrefError("Crossref's answer made no sense (not a work record)")
        try:
            work = work_from_message(body["message"])
        except ValueError:
            raise CrossrefError("Crossref's answer made no sense (a record without a DOI)") from None
        if work.doi != doi:
            raise CrossrefError(f"Crossref's answer made no sense (a record for another DOI, {work.doi})")
        return work

    async def agency(self, doi: str) -> str | None:
        """The agency per Crossref's /agency endpoint; None when Crossref does not know the DOI."""
        try:
            response = await self.http.get(self.urls.agency(doi))
        except SourceError as exc:
            raise _failure(exc) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise CrossrefError(f"Crossref's agency endpoint answered HTTP {response.status_code}")
        try:
            agency = json.loads(response.text)["message"]["agency"]
            name = agency.get("label") or agency["id"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise CrossrefError("Crossref's agency endpoint answered something that made no sense") from None
        return agency_label(str(name))

    async def search(self, query: str, rows: int) -> list[Work]:
        """`GET /works?query.bibliographic=...&rows=N`: candidate works in Crossref's order."""
        try:
            response = await self.http.get(
                self.urls.works(), params={"query.bibliographic": query, "rows": str(rows)}, kind="search"
            )
        except SourceError as exc:
            raise _failure(exc) from exc
        if response.status_code != 200:
            raise CrossrefError(f"Crossref's search answered HTTP {response.status_code}")
        try:
            body: Any = json.loads(response.text)
        except ValueError:
            raise CrossrefError("Crossref's search answer made no sense (not JSON)") from None
        message = body.get("message") if isinstance(body, Mapping) else None
        items = message.get("items") if isinstance(message, Mapping) else None
        if not isinstance(items, list):
            raise CrossrefError("Crossref's search answer made no sense (no list of items)")
        works: list[Work] = []
        for item in items[: max(rows, 0)]:
            if not isinstance(item, Mapping):
                continue
            try:
                works.append(work_from_message(item))
            except ValueError:
                continue  # an item without a DOI cannot be suggested
        return works


def _unverified(doi: str, reason: str, source: str = "crossref") -> Resolution:
    return Resolution(doi=doi, outcome=Outcome.UNVERIFIED, reason=reason, source=source)


class CrossrefSource:
    """Looks DOIs up in the Crossref API (and doi.org after a 404); writes definitive answers to the cache."""

    name = "crossref"

    def __init__(self, http: Http, cache: DiskCache | None, settings: Settings) -> None:
        self.http = http
        self.cache = cache
        self.settings = settings
        self.crossref = CrossrefService(http, settings)
        self.doiorg = DoiOrgService(http, settings)

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        """Answer for every DOI (unverified when Crossref could not say), concurrently within the pacer's limits."""
        answers = await asyncio.gather(*(self.lookup_one(doi) for doi in dois))
        return dict(zip(dois, answers))

    async def lookup_one(self, doi: str) -> Resolution:
        doi = doi_key(doi)
        resolution, cacheable = await self._resolve(doi)
        if cacheable and self.cache is not None and resolution.outcome is not Outcome.UNVERIFIED:
            self.cache.put(resolution)
        return resolution

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        return None  # searching is citecheck.sources.search's job

    async def aclose(self) -> None:
        return None  # the Http client belongs to the resolver

    async def _resolve(self, doi: str) -> tuple[Resolution, bool]:
        try:
            work = await self.crossref.work(doi)
        except CrossrefError as exc:
            return _unverified(doi, str(exc)), False
        if work is not None:
            return Resolution(doi=doi, outcome=Outcome.FOUND, work=work, source="crossref"), True
        phase = self.http.counters.phase("doi.org")
        phase.add()
        try:
            return await self._not_in_crossref(doi)
        finally:
            phase.finish()

    async def _not_in_crossref(self, doi: str) -> tuple[Resolution, bool]:
        source = "crossref"
        try:
            agency = await self.crossref.agency(doi)
            if agency is None:
                source = "doi.org"
                agency = await self.doiorg.agency(doi)
        except SourceError as exc:
            # Not found in Crossref, but whether it exists elsewhere is unknown.
            return _unverified(doi, f"not in Crossref, and its registration agency could not be checked: {exc}"), False
        if agency is not None and agency.lower() == "crossref":
            # Registered with Crossref, yet /works does not serve it (a record
            # not yet indexed, a glitch): not knowing is not "not found".
            url = self.crossref.urls.work(doi)
            return _unverified(doi, f"{url} answered 404, yet the DOI's registration agency is Crossref"), False
        if agency is None:
            return Resolution(doi=doi, outcome=Outcome.NOT_FOUND, source=source), True
        try:
            work = await self.doiorg.csl(doi, agency)
        except SourceError as exc:
            # The agency is certain; the metadata is missing only by accident: do not cache.
            return (
                Resolution(doi=doi, outcome=Outcome.NOT_CROSSREF, agency=agency,
                           reason=f"{agency} metadata could not be fetched: {exc}", source=source),
                False,
            )
        return (
            Resolution(doi=doi, outcome=Outcome.NOT_CROSSREF, work=work, agency=agency,
                       source="doi.org" if work is not None else source),
            True,
        )
