"""The Crossref REST API as a WorkSource: one `GET /works/{doi}` per DOI, then the agency if 404.

A 200 must be a work record for the DOI that was asked; anything else (not
JSON, no DOI, another DOI) is an answer that makes no sense and leaves the
reference unverified. A 404 is only "not found" once the DOI's registration
agency is known to be Crossref or none at all: DataCite, mEDRA and the others
register DOIs Crossref has never heard of (`/works/{doi}/agency`, then
doi.org/ra). Definitive answers go to the disk cache; failures never do.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Mapping, Sequence

from citecheck.model import Outcome, Reference, Resolution, Work
from citecheck.settings import Settings
from citecheck.sources.cache import DiskCache
from citecheck.sources.doiorg import agency_label, doi_path, fetch_csl, registration_agency
from citecheck.sources.errors import CircuitOpen, PermanentError, SourceError, TransientError
from citecheck.sources.http import Http
from citecheck.sources.records import work_from_message
from citecheck.text.identifiers import doi_key


def _unverified(doi: str, reason: str, source: str = "crossref") -> Resolution:
    return Resolution(doi=doi, outcome=Outcome.UNVERIFIED, reason=reason, source=source)


class CrossrefClient:
    """Looks DOIs up in the Crossref API; writes definitive answers to the cache."""

    name = "crossref"

    def __init__(self, http: Http, cache: DiskCache | None, settings: Settings) -> None:
        self.http = http
        self.cache = cache
        self.settings = settings
        self.base = settings.crossref_url.rstrip("/")

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

    # -- the steps

    async def _resolve(self, doi: str) -> tuple[Resolution, bool]:
        try:
            response = await self.http.get(f"{self.base}/works/{doi_path(doi)}")
        except CircuitOpen as exc:
            return _unverified(doi, str(exc)), False
        except TransientError as exc:
            return _unverified(doi, f"Crossref could not be reached: {exc}"), False
        except PermanentError as exc:
            return _unverified(doi, str(exc)), False
        if response.status_code == 200:
            return self._parse(doi, response.text), True
        if response.status_code == 404:
            return await self._not_in_crossref(doi)
        return _unverified(doi, f"Crossref answered HTTP {response.status_code}"), False

    def _parse(self, doi: str, text: str) -> Resolution:
        try:
            body: Any = json.loads(text)
        except ValueError:
            return _unverified(doi, "Crossref's answer made no sense (not JSON)")
        if not isinstance(body, Mapping) or body.get("message-type") != "work" or not isinstance(body.get("message"), Mapping):
            return _unverified(doi, "Crossref's answer made no sense (not a work record)")
        try:
            work = work_from_message(body["message"])
        except ValueError:
            return _unverified(doi, "Crossref's answer made no sense (a record without a DOI)")
        if work.doi != doi:
            return _unverified(doi, f"Crossref's answer made no sense (a record for another DOI, {work.doi})")
        return Resolution(doi=doi, outcome=Outcome.FOUND, work=work, source="crossref")

    async def _crossref_agency(self, doi: str) -> str | None:
        """The agency per Crossref's /agency endpoint; None on 404. Raises on failures."""
        response = await self.http.get(f"{self.base}/works/{doi_path(doi)}/agency")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ValueError(f"Crossref's agency endpoint answered HTTP {response.status_code}")
        try:
            agency = json.loads(response.text)["message"]["agency"]
            name = agency.get("label") or agency["id"]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ValueError("Crossref's agency endpoint answered something that made no sense") from None
        return agency_label(str(name))

    async def _not_in_crossref(self, doi: str) -> tuple[Resolution, bool]:
        source = "crossref"
        try:
            agency = await self._crossref_agency(doi)
            if agency is None:
                source = "doi.org"
                agency = await registration_agency(self.http, self.settings, doi)
        except (SourceError, ValueError) as exc:
            # Not found in Crossref, but whether it exists elsewhere is unknown.
            return _unverified(doi, f"not in Crossref, and its registration agency could not be checked: {exc}"), False
        if agency is not None and agency.lower() == "crossref":
            # Registered with Crossref, yet /works does not serve it (a record
            # not yet indexed, a glitch): not knowing is not "not found".
            url = f"{self.base}/works/{doi_path(doi)}"
            return _unverified(doi, f"{url} answered 404, yet the DOI's registration agency is Crossref"), False
        if agency is None:
            return Resolution(doi=doi, outcome=Outcome.NOT_FOUND, source=source), True
        try:
            work = await fetch_csl(self.http, self.settings, doi, agency)
        except SourceError as exc:
            # The agency is certain; the metadata is missing only by accident: do not cache.
            return (
                Resolution(
                    doi=doi,
                    outcome=Outcome.NOT_CROSSREF,
                    agency=agency,
                    reason=f"{agency} metadata could not be fetched: {exc}",
                    source=source,
                ),
                False,
            )
        return (
            Resolution(
                doi=doi,
                outcome=Outcome.NOT_CROSSREF,
                work=work,
                agency=agency,
                source="doi.org" if work is not None else source,
            ),
            True,
        )
