"""The fake Crossref answers as the recorded responses did; other tests rely on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from tests.servers.fake_crossref import FIXTURES, FakeCrossref

RESPONSES = FIXTURES / "responses"
ROOT = Path(__file__).resolve().parents[2]


def _recorded(name: str) -> tuple[dict, bytes]:
    meta = json.loads((RESPONSES / f"{name}.meta.json").read_text(encoding="utf-8"))
    headers = {k.lower(): v[0] for k, v in meta["response_headers"].items()}
    return headers, (RESPONSES / name).read_bytes()


def test_unknown_doi_is_the_recorded_404(fake_crossref):
    headers, body = _recorded("404_works_unknown-doi_10.1371_notarealdoi.txt")
    response = httpx.get(fake_crossref.url + "/works/10.1371/notarealdoi")
    assert response.status_code == 404
    assert response.content == body == b"Resource not found."
    assert response.headers["content-type"] == headers["content-type"]
    for name in ("x-rate-limit-limit", "x-rate-limit-interval", "x-concurrency-limit", "x-api-pool"):
        assert response.headers[name] == headers[name]  # recorded in the public pool


def test_a_record_is_served_as_its_envelope(fake_crossref):
    response = httpx.get(fake_crossref.url + "/works/10.3389%2FFENDO.2020.00605", params={"mailto": "a@b.org"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json()["message"]["DOI"] == "10.3389/fendo.2020.00605"
    assert response.headers["x-api-pool"] == "polite" and response.headers["x-concurrency-limit"] == "3"


def test_agency_endpoint(fake_crossref):
    fake_crossref.agencies["10.5061/dryad.1"] = "DataCite"
    _, recorded = _recorded("200_work-agency_10.1126_science.169.3946.635.json")
    answer = httpx.get(fake_crossref.url + "/works/10.5061/dryad.1/agency").json()
    assert answer.keys() == json.loads(recorded).keys()
    assert answer["message"]["agency"] == {"id": "datacite", "label": "DataCite"}
    missing = httpx.get(fake_crossref.url + "/works/5/agency")
    assert missing.status_code == 404 and missing.text == "Resource not found."


def test_doi_org_ra_and_content_negotiation(fake_crossref):
    fake_crossref.agencies["10.5061/dryad.1"] = "datacite"
    fake_crossref.csl["10.5061/dryad.1"] = {"DOI": "10.5061/dryad.1", "title": "Data"}
    ra = httpx.get(fake_crossref.url + "/doiorg/ra/10.5061/dryad.1,10.9999/none").json()
    assert ra == [{"DOI": "10.5061/dryad.1", "RA": "DataCite"}, {"DOI": "10.9999/none", "status": "DOI does not exist"}]
    csl = httpx.get(
        fake_crossref.url + "/doiorg/10.5061/dryad.1", headers={"Accept": "application/vnd.citationstyles.csl+json"}
    )
    assert csl.json()["title"] == "Data"
    assert httpx.get(fake_crossref.url + "/doiorg/10.9999/none").status_code == 404


def test_search_ranks_by_overlap(fake_crossref):
    response = httpx.get(
        fake_crossref.url + "/works",
        params={"query.bibliographic": "Altered Gut Microbiota Composition Back Pain Obese 2020", "rows": 3},
    )
    message = response.json()["message"]
    assert response.json()["message-type"] == "work-list"
    assert message["items"][0]["DOI"] == "10.3389/fendo.2020.00605"
    assert len(message["items"]) == 3
    scores = [item["score"] for item in message["items"]]
    assert scores == sorted(scores, reverse=True)


def test_fail_plan_is_consumed_in_order(fake_crossref):
    path = "/works/10.7759/cureus.42496"
    fake_crossref.set_fail({path: [503, {"status": 429, "retry_after": "2"}]})
    with httpx.Client(base_url=fake_crossref.url) as client:
        statuses = [client.get(path).status_code for _ in range(3)]
        assert client.get("/works/10.7759/CUREUS.42496").status_code == 200
    assert statuses == [503, 429, 200]
    assert fake_crossref.count(path) == 4 and fake_crossref.sent_429 == 1


def test_counters_and_reset():
    with FakeCrossref({"10.1/a": {"DOI": "10.1/a"}}) as fake:
        httpx.get(fake.url + "/works/10.1/a")
        assert fake.counters()["requests"] == 1 and fake.work_requests("10.1/A") == 1
        fake.reset_counters()
        assert fake.total_requests == 0 and fake.max_concurrent == 0


def test_standalone_prints_its_url_first():
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.servers.fake_crossref", "--port", "0", "--fixtures", str(FIXTURES)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "/works/10.7759/cureus.42496").json()["message"]["DOI"] == "10.7759/cureus.42496"
    finally:
        process.terminate()
        process.wait(timeout=10)
