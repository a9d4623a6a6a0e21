"""doi.org: which registration agency a DOI belongs to, and CSL JSON for DOIs outside Crossref.

A Crossref 404 does not prove a DOI is fake: DataCite, mEDRA, JaLC, KISTI...
register DOIs too. `https://doi.org/ra/{doi}` names the agency
(`[{"DOI": ..., "RA": "DataCite"}]`, or `"status": "DOI does not exist"`), and
content negotiation on `https://doi.org/{doi}` with
`Accept: application/vnd.citationstyles.csl+json` usually serves the agency's
metadata, after a redirect (for a Crossref DOI, to Crossref's `/transform`
route, which counts against Crossref's budget: each hop is paced by its host).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from citecheck.model import Work
from citecheck.settings import Settings
from citecheck.sources.endpoints import DoiOrgUrls, doi_path  # noqa: F401 - doi_path is imported from here too
from citecheck.sources.errors import DoiOrgError, SourceError
from citecheck.sources.http import Http
from citecheck.sources.records import work_from_csl
from citecheck.text.identifiers import doi_key

CSL_JSON = "application/vnd.citationstyles.csl+json"

# Agency ids as Crossref's /agency endpoint spells them -> the names people know.
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


def agency_label(agency: str) -> str:
    """`datacite` -> `DataCite`; unknown names are kept as given."""
    return AGENCY_LABELS.get(agency.strip().lower(), agency.strip())


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


class DoiOrgService:
    """doi.org over the run's HTTP client; every failure is a `DoiOrgError` with the reason."""

    def __init__(self, http: Http, settings: Settings) -> None:
        self.http = http
        self.urls = DoiOrgUrls.of(settings)
        http.configure(self.urls.base, service="doi.org")

    async def agency(self, doi: str) -> str | None:
        """The agency's label per doi.org/ra, or None when doi.org says the DOI does not exist."""
        try:
            response = await self.http.get(self.urls.agency(doi))
        except SourceError as exc:
            raise DoiOrgError(str(exc)) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise DoiOrgError(f"doi.org/ra answered HTTP {response.status_code}")
        answer = _json(response.text)
        if not isinstance(answer, list) or not answer or not isinstance(answer[0], Mapping):
            raise DoiOrgError("doi.org/ra answered something that is not an agency list")
        agency = answer[0].get("RA")
        if isinstance(agency, str) and agency.strip():
            return agency_label(agency)
        return None  # "DOI does not exist", "Invalid DOI"

    async def csl(self, doi: str, agency: str) -> Work | None:
        """The work as its agency describes it (CSL JSON), or None when none is served.

        Raises DoiOrgError when doi.org could not be asked, so that the caller
        does not cache an answer that lacks the metadata only by accident.
        """
        try:
            response = await self.http.get(self.urls.content(doi), headers={"Accept": CSL_JSON},
                                           follow_redirects=True)
        except SourceError as exc:
            raise DoiOrgError(str(exc)) from exc
        if response.status_code != 200:
            return None
        item = _json(response.text)
        if not isinstance(item, Mapping):
            return None
        try:
            work = work_from_csl(item, agency=agency.lower())
        except ValueError:
            return None
        # A record for another DOI is no description of this one.
        return work if work.doi == doi_key(doi) else None


async def registration_agency(http: Http, settings: Settings, doi: str) -> str | None:
    """`DoiOrgService(http, settings).agency(doi)`."""
    return await DoiOrgService(http, settings).agency(doi)


async def fetch_csl(http: Http, settings: Settings, doi: str, agency: str) -> Work | None:
    """`DoiOrgService(http, settings).csl(doi, agency)`."""
    return await DoiOrgService(http, settings).csl(doi, agency)
