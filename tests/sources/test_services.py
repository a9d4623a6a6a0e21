"""Each remote service on an injected transport: no server, its own URLs, its own error."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from citecheck.settings import Settings
from citecheck.sources.crossref import CrossrefService
from citecheck.sources.doiorg import DoiOrgService
from citecheck.sources.errors import CrossrefError, DoiOrgError, PubMedError
from citecheck.sources.http import Http
from citecheck.sources.pubmed import PubMedService
from tests.sources.helpers import FAST

SETTINGS = Settings(
    crossref_url="https://api.example", doi_url="https://doi.example", pubmed_url="https://eutils.example/eutils",
    idconv_url="https://idconv.example/convert/", mailto="tests@example.org", use_cache=False, pubmed=True,
)
ARTICLE = """<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>11</PMID><Article><ArticleTitle>T</ArticleTitle>
</Article></MedlineCitation><PubmedData><ArticleIdList><ArticleId IdType="doi">10.1/a</ArticleId></ArticleIdList>
</PubmedData></PubmedArticle></PubmedArticleSet>"""


def with_service(make, handler, use):
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def go():
        http = Http(SETTINGS, transport=httpx.MockTransport(record), policy=FAST)
        try:
            return await use(make(http))
        finally:
            await http.aclose()

    return asyncio.run(go()), seen


def test_crossref_service_builds_its_urls_and_reads_a_work():
    message = {"DOI": "10.1/x(y)", "title": ["A title"], "type": "journal-article"}

    def handler(request):
        return httpx.Response(200, json={"status": "ok", "message-type": "work", "message": message})

    work, seen = with_service(lambda http: CrossrefService(http, SETTINGS), handler, lambda s: s.work("10.1/x(y)"))
    assert work.title == "A title"
    assert str(seen[0].url).startswith("https://api.example/works/10.1/x%28y%29?mailto=tests%40example.org")


def test_crossref_service_raises_its_own_error():
    def handler(request):
        return httpx.Response(403, text="Forbidden")

    with pytest.raises(CrossrefError, match="Crossref answered HTTP 403"):
        with_service(lambda http: CrossrefService(http, SETTINGS), handler, lambda s: s.work("10.1/x"))


def test_doiorg_service_reads_the_agency_and_raises_its_own_error():
    answers = iter([httpx.Response(200, json=[{"DOI": "10.5061/x", "RA": "DataCite"}]), httpx.Response(200, text="<html>")])
    agency, seen = with_service(lambda http: DoiOrgService(http, SETTINGS), lambda r: next(answers), lambda s: s.agency("10.5061/x"))
    assert agency == "DataCite" and str(seen[0].url) == "https://doi.example/ra/10.5061/x"
    with pytest.raises(DoiOrgError, match="not an agency list"):
        with_service(lambda http: DoiOrgService(http, SETTINGS), lambda r: httpx.Response(200, text="<html>"),
                     lambda s: s.agency("10.5061/x"))


def test_pubmed_service_posts_a_long_search_and_fetches_the_ids():
    def handler(request):
        if request.url.path.endswith("esearch.fcgi"):
            return httpx.Response(200, json={"esearchresult": {"count": "1", "idlist": ["11"]}})
        return httpx.Response(200, text=ARTICLE)

    async def use(service):
        pmids = await service.esearch_dois([f"10.1/{n}" for n in range(20)])
        return pmids, await service.efetch(pmids)

    (pmids, records), seen = with_service(lambda http: PubMedService(http, SETTINGS), handler, use)
    assert pmids == ["11"] and records[0].dois == ("10.1/a",)
    search, fetch = seen
    assert search.method == "POST" and str(search.url) == "https://eutils.example/eutils/esearch.fcgi"
    form = dict(httpx.QueryParams(search.content.decode()))
    assert form["term"].startswith('"10.1/0"[doi] OR "10.1/1"[doi]') and form["tool"] == "citecheck"
    assert form["retmax"] == "80" and form["email"] == "tests@example.org"
    assert fetch.method == "GET" and fetch.url.params["id"] == "11"


def test_pubmed_service_raises_its_own_error():
    with pytest.raises(PubMedError, match="non-JSON"):
        with_service(lambda http: PubMedService(http, SETTINGS), lambda r: httpx.Response(200, text="<html>busy</html>"),
                     lambda s: s.esearch_dois(["10.1/a"]))


def test_the_id_converter_and_the_e_utilities_count_as_pubmed():
    def handler(request):
        return httpx.Response(200, json={"records": [{"pmcid": "PMC7", "pmid": "11", "doi": "10.1/A"}]})

    async def use(service):
        return await service.convert_pmcids(["PMC7"]), service.http.counters.by_service

    (converted, by_service), seen = with_service(lambda http: PubMedService(http, SETTINGS), handler, use)
    assert converted == {"PMC7": "10.1/a"}
    assert dict(by_service) == {"PubMed": 1} and seen[0].url.params["ids"] == "PMC7"
