"""Every URL citecheck sends a request to, built in one place per service.

Bases come from the settings (so that tests and mirrors can point elsewhere);
DOIs are percent-encoded as path segments (`<>:;()[]#` and the like), with
`/` kept, as Crossref and doi.org expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from citecheck.settings import Settings


def doi_path(doi: str) -> str:
    """The DOI as a URL path segment: every reserved character escaped except `/`."""
    return quote(doi, safe="/")


@dataclass(frozen=True)
class CrossrefUrls:
    """Crossref's REST API: `/works/{doi}`, `/works/{doi}/agency`, `/works?query...`."""

    base: str

    @classmethod
    def of(cls, settings: Settings) -> "CrossrefUrls":
        return cls(settings.crossref_url.rstrip("/"))

    def work(self, doi: str) -> str:
        return f"{self.base}/works/{doi_path(doi)}"

    def agency(self, doi: str) -> str:
        return f"{self.base}/works/{doi_path(doi)}/agency"

    def works(self) -> str:
        """The list route that takes `query.bibliographic` and `rows`."""
        return f"{self.base}/works"


@dataclass(frozen=True)
class DoiOrgUrls:
    """doi.org: the registration agency (`/ra/{doi}`) and content negotiation (`/{doi}`)."""

    base: str

    @classmethod
    def of(cls, settings: Settings) -> "DoiOrgUrls":
        return cls(settings.doi_url.rstrip("/"))

    def agency(self, doi: str) -> str:
        return f"{self.base}/ra/{doi_path(doi)}"

    def content(self, doi: str) -> str:
        return f"{self.base}/{doi_path(doi)}"


@dataclass(frozen=True)
class PubMedUrls:
    """NCBI's E-utilities (`esearch.fcgi`, `efetch.fcgi`) and the PMC ID converter."""

    base: str
    idconv: str

    @classmethod
    def of(cls, settings: Settings, idconv_url: str | None = None) -> "PubMedUrls":
        return cls(settings.pubmed_url.rstrip("/"), idconv_url or settings.idconv_url)

    def esearch(self) -> str:
        return f"{self.base}/esearch.fcgi"

    def efetch(self) -> str:
        return f"{self.base}/efetch.fcgi"

    def id_converter(self) -> str:
        return self.idconv
