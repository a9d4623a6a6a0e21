"""PubMed's E-utilities and the PMC ID converter, in batches, over the run's HTTP client.

NCBI allows 3 requests a second from one address without an API key and 10
with one (`settings.ncbi_api_key`), and asks every client to send `tool=` and
`email=`; going faster earns 429. The host's pacer is set to those limits and
every request shares the run's retries, deadlines and circuit breaker.

One request answers for many works:

- `esearch` takes many DOIs in one term, `"10.1/a"[doi] OR "10.2/b"[doi]`,
  sent by POST once the term is long (NCBI's advice for queries of more than
  a few hundred characters), with `retmax` raised from its default of 20 so
  that every PMID comes back (and `retstart` paging if more remain). The
  answer is a bare list of PMIDs: which DOI each belongs to is read from the
  records themselves;
- `efetch` takes up to 200 PMIDs per request (POST beyond a short list) and
  answers a `PubmedArticleSet`; a PMID it does not know is simply absent.
  Each article's DOIs are read from its `PubmedData/ArticleIdList` (and
  `ELocationID`), never from the list of works it cites;
- the PMC ID converter takes up to 200 PMCIDs per request.

Every failure is a `PubMedError` with the reason; callers decide what it means.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from citecheck.evidence.kinds import PubMedRecord
from citecheck.settings import Settings
from citecheck.sources.endpoints import PubMedUrls
from citecheck.sources.errors import PermanentError, PubMedError, SourceError
from citecheck.sources.limits import EUTILS, EUTILS_WITH_KEY
from citecheck.text.identifiers import doi_key

if TYPE_CHECKING:  # imported where used: a warm run answers from the cache without either
    import xml.etree.ElementTree as ET

    import httpx

    from citecheck.sources.http import Http

TOOL = "citecheck"
ESEARCH_BATCH = 50  # DOIs per esearch term
EFETCH_BATCH = 200  # NCBI's advice: beyond about 200 ids, POST; and keep answers a sensible size
IDCONV_BATCH = 200  # the ID converter's limit
POST_FROM = 400  # characters of parameters above which a request goes by POST
ESEARCH_RETMAX_CAP = 10000  # esearch returns at most this many ids per request

__all__ = [
    "PubMedService",
    "doi_term",
    "normalise_pmcid",
    "parse_efetch",
    "parse_esearch",
]


# ------------------------------------------------------------------- parsing


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def normalise_pmcid(pmcid: str) -> str | None:
    match = re.fullmatch(r"\s*(?:pmc)?\s*(\d{1,12})\s*", pmcid, re.IGNORECASE)
    return f"PMC{match.group(1)}" if match else None


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
    # The article's own identifiers: `PubmedData/ArticleIdList`, not the lists of the works it cites.
    for node in article.findall("PubmedData/ArticleIdList/ArticleId"):
        kind = (node.get("IdType") or "").lower()
        value = _text(node)
        if not value:
            continue
        if kind == "doi":
            dois.append(doi_key(value))
        elif kind == "pmc":
            pmcid = value.upper()
    if body is not None:
        for node in body.findall("ELocationID"):
            value = _text(node)
            if (node.get("EIdType") or "").lower() == "doi" and value:
                dois.append(doi_key(value))
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


def parse_esearch(payload: Any) -> tuple[list[str], int]:
    """(the PMIDs of this page, the total count) of an esearch JSON answer; PermanentError when it is not one."""
    result = payload.get("esearchresult") if isinstance(payload, Mapping) else None
    if not isinstance(result, Mapping):
        raise PermanentError("PubMed esearch answered without an esearchresult")
    if result.get("ERROR"):
        raise PermanentError(f"PubMed esearch error: {result['ERROR']}")
    ids = [str(i) for i in result.get("idlist") or [] if str(i).isdigit()]
    try:
        count = int(result.get("count", len(ids)))
    except (TypeError, ValueError):
        count = len(ids)
    return ids, count


def doi_term(dois: Sequence[str]) -> str:
    """`"10.1/a"[doi] OR "10.2/b"[doi]`: quoted, so that brackets and semicolons in a DOI stay literal."""
    return " OR ".join(f'"{doi.replace(chr(34), "")}"[doi]' for doi in dois)


# ------------------------------------------------------------------ service


class PubMedService:
    """E-utilities and the ID converter for one run, at NCBI's pace."""

    def __init__(self, http: Http, settings: Settings, *, idconv_url: str | None = None) -> None:
        self.http = http
        self.settings = settings
        self.urls = PubMedUrls.of(settings, idconv_url)
        limits = EUTILS_WITH_KEY if settings.ncbi_api_key else EUTILS
        http.configure(self.urls.base, service="PubMed", limits=limits)
        http.configure(self.urls.id_converter(), service="PubMed", limits=limits)

    def _params(self, extra: Mapping[str, str]) -> dict[str, str]:
        params = dict(extra)
        params["tool"] = TOOL
        if self.settings.mailto:
            params["email"] = self.settings.mailto
        if self.settings.ncbi_api_key:
            params["api_key"] = self.settings.ncbi_api_key
        return params

    async def _ask(self, url: str, params: Mapping[str, str], *, follow_redirects: bool = False) -> httpx.Response:
        """GET, or POST when the parameters are long; a 2xx answer or a PubMedError."""
        params = self._params(params)
        try:
            if sum(len(k) + len(v) + 2 for k, v in params.items()) > POST_FROM:
                response = await self.http.post(url, data=params, follow_redirects=follow_redirects)
            else:
                response = await self.http.get(url, params=params, follow_redirects=follow_redirects)
        except SourceError as exc:
            raise PubMedError(str(exc)) from exc
        if response.status_code >= 400:
            raise PubMedError(f"HTTP {response.status_code} from {self.http.host_of(url).split('://', 1)[-1]}")
        return response

    async def esearch_dois(self, dois: Sequence[str]) -> list[str]:
        """The PMIDs of the articles carrying any of `dois`, in one search (more pages if need be)."""
        term = doi_term(dois)
        retmax = min(ESEARCH_RETMAX_CAP, max(20, 4 * len(dois)))
        found: list[str] = []
        while True:
            response = await self._ask(self.urls.esearch(), {
                "db": "pubmed", "term": term, "retmode": "json", "retmax": str(retmax), "retstart": str(len(found)),
            })
            try:
                ids, count = parse_esearch(response.json())
            except ValueError as exc:  # not JSON
                raise PubMedError(f"PubMed esearch answered non-JSON ({exc})") from exc
            except PermanentError as exc:
                raise PubMedError(str(exc)) from exc
            found.extend(i for i in ids if i not in found)
            if not ids or len(found) >= min(count, ESEARCH_RETMAX_CAP):
                return found

    async def efetch(self, pmids: Sequence[str]) -> list[PubMedRecord]:
        """The records PubMed has for `pmids` (unknown ones are simply absent), 200 per request."""
        records: list[PubMedRecord] = []
        for start in range(0, len(pmids), EFETCH_BATCH):
            batch = list(pmids[start:start + EFETCH_BATCH])
            response = await self._ask(self.urls.efetch(), {"db": "pubmed", "id": ",".join(batch), "retmode": "xml"})
            try:
                records.extend(parse_efetch(response.text))
            except PermanentError as exc:
                raise PubMedError(str(exc)) from exc
        return records

    async def convert_pmcids(self, pmcids: Sequence[str]) -> dict[str, str | None]:
        """PMCID -> DOI (None: the converter knows the PMCID, which has no DOI); unknown PMCIDs are absent."""
        found: dict[str, str | None] = {}
        for start in range(0, len(pmcids), IDCONV_BATCH):
            batch = list(pmcids[start:start + IDCONV_BATCH])
            # The converter has moved hosts before: follow its redirects.
            response = await self._ask(self.urls.id_converter(), {"ids": ",".join(batch), "format": "json"},
                                       follow_redirects=True)
            try:
                payload = response.json()
            except ValueError as exc:
                raise PubMedError(f"the PMC ID converter answered non-JSON ({exc})") from exc
            items = payload.get("records") if isinstance(payload, Mapping) else None
            for item in items if isinstance(items, list) else []:
                if not isinstance(item, Mapping):
                    continue
                pmcid = normalise_pmcid(str(item.get("pmcid") or item.get("requested-id") or ""))
                if pmcid not in batch:
                    continue
                doi = item.get("doi")
                if item.get("status") == "error" and not doi:
                    continue  # unknown or malformed id
                found[pmcid] = doi_key(doi) if isinstance(doi, str) and doi.strip() else None
        return found
