"""The fake E-utilities behave like NCBI's where citecheck depends on it."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx

from tests.evidence.conftest import FIXTURES, ROOT
from tests.servers.fake_pubmed import FakePubMed


def test_esearch_and_efetch_shapes(fake_pubmed):
    fake_pubmed.enforce = False  # four requests in a row; the rate has its own test
    with httpx.Client() as client:
        found = client.get(f"{fake_pubmed.url}/esearch.fcgi",
                           params={"db": "pubmed", "term": "10.1186/S13041-021-00765-Y[aid]", "retmode": "json"}).json()
        assert found["esearchresult"]["idlist"] == ["99000007"]
        missing = client.get(f"{fake_pubmed.url}/esearch.fcgi",
                             params={"db": "pubmed", "term": "10.9/none[aid]", "retmode": "json"}).json()
        assert missing["esearchresult"]["count"] == "0" and missing["esearchresult"]["idlist"] == []
        fetched = client.get(f"{fake_pubmed.url}/efetch.fcgi", params={"db": "pubmed", "id": "99000007,1,32982987"})
        assert fetched.headers["content-type"].startswith("text/xml")
        assert fetched.text.count("<PubmedArticle>") == 2
        assert fetched.text.index("99000007") < fetched.text.index("32982987")
        posted = client.post(f"{fake_pubmed.url}/efetch.fcgi", data={"db": "pubmed", "id": "32982987"})
        assert posted.text.count("<PubmedArticle>") == 1
    assert fake_pubmed.requests == {"esearch": 2, "efetch": 2}
    assert fake_pubmed.efetch_batches == [["99000007", "1", "32982987"], ["32982987"]]


def test_a_batch_search_answers_like_esearch(fake_pubmed):
    fake_pubmed.enforce = False
    for n in range(30):
        fake_pubmed.add_record(str(400000 + n), f"10.4/{n}", title="T")
    term = " OR ".join(f'"10.4/{n}"[doi]' for n in range(30)) + ' OR "10.4/none"[doi]'
    with httpx.Client() as client:
        # retmax defaults to 20: the count says 30, the list holds 20, newest (highest PMID) first.
        first = client.post(f"{fake_pubmed.url}/esearch.fcgi", data={"db": "pubmed", "term": term, "retmode": "json"})
        result = first.json()["esearchresult"]
        assert result["count"] == "30" and len(result["idlist"]) == 20
        assert result["idlist"] == [str(400000 + n) for n in range(29, 9, -1)]
        assert result["errorlist"]["phrasesnotfound"] == ['"10.4/none"[doi]']
        rest = client.get(f"{fake_pubmed.url}/esearch.fcgi",
                          params={"db": "pubmed", "term": term, "retmode": "json", "retstart": "20", "retmax": "100"})
        assert rest.json()["esearchresult"]["idlist"] == [str(400000 + n) for n in range(9, -1, -1)]
        # [aid] and an unquoted DOI mean the same; another field finds nothing.
        same = client.get(f"{fake_pubmed.url}/esearch.fcgi", params={"term": "10.4/3[aid] OR 10.4/4[doi]", "retmode": "json"})
        assert sorted(same.json()["esearchresult"]["idlist"]) == ["400003", "400004"]
        other = client.get(f"{fake_pubmed.url}/esearch.fcgi", params={"term": "10.4/3[title]", "retmode": "json"})
        assert other.json()["esearchresult"]["count"] == "0"
    assert fake_pubmed.methods[("esearch", "POST")] == 1 and fake_pubmed.methods[("esearch", "GET")] == 3


def test_rate_limit_is_enforced_per_key():
    with FakePubMed(FIXTURES / "pubmed") as fake, httpx.Client() as client:
        statuses = [client.get(f"{fake.url}/efetch.fcgi", params={"id": "32982987"}).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses[3:]
        body = client.get(f"{fake.url}/efetch.fcgi", params={"id": "32982987"}).json()
        assert body["error"] == "API rate limit exceeded"
        keyed = [client.get(f"{fake.url}/efetch.fcgi", params={"id": "1", "api_key": "k"}).status_code for _ in range(10)]
        assert keyed == [200] * 10
        assert fake.sent_429 >= 3


def test_injected_failures_and_refusal():
    with FakePubMed(FIXTURES / "pubmed", fail={"esearch": [503, "garbage"]}, enforce=False) as fake, httpx.Client() as client:
        url = f"{fake.url}/esearch.fcgi"
        assert client.get(url, params={"term": "x[aid]"}).status_code == 503
        assert client.get(url, params={"term": "x[aid]"}).headers["content-type"] == "text/html"
        assert client.get(url, params={"term": "x[aid]"}).status_code == 200
    fake.refuse()
    with httpx.Client() as client:
        try:
            client.get(url, params={"term": "x[aid]"})
        except httpx.ConnectError:
            pass
        else:
            raise AssertionError("a refused connection was expected")


def test_idconv(fake_pubmed):
    fake_pubmed.add_record("1234", "10.1/x", pmcid="PMC42")
    with httpx.Client() as client:
        answer = client.get(fake_pubmed.idconv_url, params={"ids": "PMC42,PMC7", "format": "json"}).json()
    assert answer["records"] == [
        {"pmcid": "PMC42", "pmid": "1234", "doi": "10.1/x"},
        {"pmcid": "PMC7", "status": "error", "errmsg": "invalid article id"},
    ]


def test_standalone_prints_its_url_first():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.servers.fake_pubmed", "--port", "0", "--fixtures", str(FIXTURES / "pubmed")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/entrez/eutils")
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = httpx.get(f"{url}/esearch.fcgi", params={"term": "10.3389/fendo.2020.00605[aid]", "retmode": "json"})
                break
            except httpx.ConnectError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        assert json.loads(answer.text)["esearchresult"]["idlist"] == ["32982987"]
    finally:
        process.terminate()
        process.wait(timeout=10)
