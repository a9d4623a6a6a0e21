"""citecheck.sources.search: Crossref `query.bibliographic` through the run's HTTP client, against the fake server."""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator

import pytest

from citecheck.model import Reference
from citecheck.settings import Settings
from citecheck.sources.http import Http
from citecheck.sources.search import MAX_QUERY_CHARS, CrossrefSearch, bibliographic_query
from tests.servers.fake_crossref import FakeCrossref, Limits
from tests.sources.helpers import FAST

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "crossref" / "articles"


def article_message(name: str) -> dict[str, Any]:
    return json.loads((ARTICLES / name).read_text(encoding="utf-8"))["message"]


GAVRILOV = article_message("10.1016_s0027-5107(97)00058-4.json")
ENARD = article_message("10.1038_nature01025.json")
WEBB = article_message("10.1093_jhered_esi025.json")


def correction_of(message: dict[str, Any]) -> dict[str, Any]:
    notice = copy.deepcopy(message)
    notice["DOI"] = "10.5555/correction.1"
    notice["title"] = ["Correction: " + message["title"][0]]
    notice["author"] = []
    notice["update-to"] = [{"DOI": message["DOI"], "type": "correction", "label": "Correction"}]
    return notice


# Article 004 as written: no DOI, first author misspelled.
GAVILOV_REFERENCE = Reference(
    id="004-1",
    line=12,
    text="Gavilov LA and 8 others. 1997. Mutation load and human longevity. Mut Res 377:61-62.",
    authors=("Gavilov",),
    et_al=True,
    year=1997,
    title="Mutation load and human longevity",
    journal="Mut Res",
    volume="377",
    pages="61-62",
)


@pytest.fixture
def fake() -> Iterator[FakeCrossref]:
    works = {m["DOI"]: m for m in (GAVRILOV, ENARD, WEBB, correction_of(GAVRILOV))}
    # enforce=False: these tests are about answers, not about pacing.
    with FakeCrossref(works, enforce=False) as server:
        yield server


def settings_for(url: str, **values: Any) -> Settings:
    options: dict[str, Any] = {"crossref_url": url, "mailto": "tests@example.org", "timeout": 5.0, "use_cache": False}
    options.update(values)
    return Settings(**options)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def searching(settings: Settings, body: Callable[[CrossrefSearch], Awaitable[Any]], policy=FAST) -> tuple[Any, Http]:
    """Run `body(search)` with a searcher on an HTTP client of its own; the client is closed after."""

    async def go() -> tuple[Any, Http]:
        http = Http(settings, policy=policy)
        try:
            return await body(CrossrefSearch(settings, http)), http
        finally:
            await http.aclose()

    return asyncio.run(go())


# -------------------------------------------------------------------- answers


def test_search_sends_a_bibliographic_query_and_returns_works(fake: FakeCrossref) -> None:
    (works, failures), http = searching(
        settings_for(fake.url), lambda search: _with_failures(search, search.search(GAVILOV_REFERENCE)))
    assert works, "the fake server holds the record"
    assert works[0].doi == "10.1016/s0027-5107(97)00058-4"
    assert {w.doi for w in works} >= {"10.1016/s0027-5107(97)00058-4", "10.5555/correction.1"}
    seen = [r for r in fake.log if r.path == "/works"]
    assert len(seen) == 1
    query = seen[0].query
    assert query["rows"] == ["5"]
    bibliographic = query["query.bibliographic"][0]
    for part in ("Gavilov", "1997", "Mutation load and human longevity", "Mut Res"):
        assert part in bibliographic
    # Polite pool: the contact travels in the User-Agent and as mailto=, with citecheck's name.
    assert seen[0].pool == "polite" and seen[0].kind == "search"
    assert query["mailto"] == ["tests@example.org"]
    assert "mailto:tests@example.org" in seen[0].headers["user-agent"]
    assert "citecheck/" in seen[0].headers["user-agent"]
    assert http.counters.requests == 1 and http.counters.by_service["Crossref"] == 1 and failures == 0


async def _with_failures(search: CrossrefSearch, pending: Awaitable[Any]) -> tuple[Any, int]:
    return await pending, search.failures


def test_rows_limits_the_answer(fake: FakeCrossref) -> None:
    reference = Reference(id="r", line=1, text="x", title="FoxP2 song-learning birds speech language evolution", year=2002)
    works, _ = searching(settings_for(fake.url), lambda search: search.search(reference, rows=2))
    assert len(works) == 2
    assert fake.log[-1].query["rows"] == ["2"]


def test_a_base_url_with_a_trailing_slash_still_reaches_works(fake: FakeCrossref) -> None:
    works, _ = searching(settings_for(fake.url + "/"), lambda search: search.search(GAVILOV_REFERENCE))
    assert works and fake.log[-1].path == "/works"


def test_suggest_validates_the_candidates(fake: FakeCrossref) -> None:
    suggestion, _ = searching(settings_for(fake.url), lambda search: search.suggest(GAVILOV_REFERENCE))
    assert suggestion is not None
    assert suggestion.doi == "10.1016/s0027-5107(97)00058-4"  # not the correction notice


def test_no_result_is_an_empty_list_not_a_failure(fake: FakeCrossref) -> None:
    reference = Reference(id="r", line=1, text="x", title="Quasiparticle zzyzx wombat")

    async def body(search: CrossrefSearch) -> tuple[Any, Any, int]:
        return await search.search(reference), await search.suggest(reference), search.failures

    (works, suggestion, failures), _ = searching(settings_for(fake.url), body)
    assert works == [] and suggestion is None and failures == 0


def test_a_searcher_without_a_client_makes_and_closes_its_own(fake: FakeCrossref) -> None:
    async def go() -> tuple[list, bool]:
        search = CrossrefSearch(settings_for(fake.url))
        try:
            return await search.search(GAVILOV_REFERENCE), search.http is not None
        finally:
            await search.aclose()

    works, had_client = run(go())
    assert works and had_client


# --------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "action",
    [
        500,
        503,
        429,
        400,
        {"status": 200, "headers": {"content-type": "text/html"}, "body": "<html>maintenance</html>"},
        {"status": 200, "headers": {"content-type": "application/json"}, "body": {"status": "ok", "message": {}}},
        {"status": 200, "headers": {"content-type": "application/json"}, "body": ["not", "an", "object"]},
        "drop",
    ],
    ids=["500", "503", "429", "400", "html-200", "json-without-items", "json-list", "dropped"],
)
def test_an_error_answer_gives_an_empty_list_and_is_counted(fake: FakeCrossref, action: Any) -> None:
    # Transient answers (5xx, 429, a dropped connection) are retried: only when
    # every attempt gets one is the search lost.
    transient = action in (500, 503, 429, "drop")
    fake.retry_after = "0"
    fake.set_fail({"/works": [action] * (3 if transient else 1)})

    async def body(search: CrossrefSearch) -> tuple[list, int, str | None, list]:
        lost = await search.search(GAVILOV_REFERENCE)
        failures, reason = search.failures, search.last_error
        # The next search is answered again.
        return lost, failures, reason, await search.search(GAVILOV_REFERENCE)

    (lost, failures, reason, again), _ = searching(settings_for(fake.url), body, replace(FAST, attempts=3))
    assert lost == [] and failures == 1 and reason
    assert again
    assert fake.count("/works") == (3 if transient else 1) + 1


@pytest.mark.parametrize("status", [429, 503])
def test_a_transient_answer_is_tried_again(fake: FakeCrossref, status: int) -> None:
    fake.retry_after = "0"
    fake.set_fail({"/works": [status]})
    (works, failures), http = searching(
        settings_for(fake.url), lambda search: _with_failures(search, search.search(GAVILOV_REFERENCE)))
    assert works and failures == 0
    assert http.counters.requests == 2


def test_candidates_tell_a_failure_from_nothing_found(fake: FakeCrossref) -> None:
    fake.set_fail({"/works": [400]})
    nothing = Reference(id="r", line=1, text="x", title="Quasiparticle zzyzx wombat")

    async def body(search: CrossrefSearch) -> tuple[Any, Any]:
        return await search.candidates(GAVILOV_REFERENCE), await search.candidates(nothing)

    (failed, empty), _ = searching(settings_for(fake.url), body)
    assert failed is None and empty == []


def test_an_unreachable_server_gives_an_empty_list() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: the connection is refused.
    (works, failures), _ = searching(
        settings_for(f"http://127.0.0.1:{port}"), lambda search: _with_failures(search, search.search(GAVILOV_REFERENCE)))
    assert works == [] and failures == 1


def test_a_slow_server_times_out_into_an_empty_list(fake: FakeCrossref) -> None:
    fake.set_fail({"/works": [("slow", 1.5)] * 5})
    settings = settings_for(fake.url, timeout=0.3, request_timeout=1.0)
    started = time.monotonic()
    (works, failures), _ = searching(settings, lambda search: _with_failures(search, search.search(GAVILOV_REFERENCE)))
    assert works == [] and failures == 1
    assert time.monotonic() - started < 2.5  # the request's deadline, not five slow answers


# ---------------------------------------------------------------------- pacer


def test_searches_keep_to_the_search_rate_beside_look_ups() -> None:
    # The fake enforces a search budget of 1 per 0.2 s and 5 look-ups per 0.2 s:
    # a client that went faster on either would get 429s.
    limits = Limits(single=5, search=1, concurrency=2, interval=0.2)
    with FakeCrossref({GAVRILOV["DOI"]: GAVRILOV}, polite=limits) as strict:
        settings = settings_for(strict.url)

        async def body(search: CrossrefSearch) -> list[int]:
            look_ups = [search.http.get(f"{strict.url}/works/{GAVRILOV['DOI']}") for _ in range(6)]
            searches = [search.search(GAVILOV_REFERENCE) for _ in range(4)]
            answers = await asyncio.gather(*searches, *look_ups)
            return [len(a) for a in answers[:4]]

        found, http = searching(settings, body)
        assert found == [1, 1, 1, 1]
        assert strict.sent_429 == 0 and strict.max_in_window["search"] <= 1 and strict.max_in_window["single"] <= 5
        searches = [r.time for r in strict.log if r.kind == "search"]
        assert searches[-1] - searches[0] >= 0.6  # four searches at one per 0.2 s


def test_a_429_on_a_search_pauses_the_host_for_retry_after(fake: FakeCrossref) -> None:
    fake.set_fail({"/works": [{"status": 429, "retry_after": "0.5"}]})
    works, http = searching(settings_for(fake.url), lambda search: search.search(GAVILOV_REFERENCE))
    assert works
    first, second = [r.time for r in fake.log if r.path == "/works"]
    assert second - first >= 0.5
    assert http.counters.rate_limited == 1


# ------------------------------------------------------------------ the query


def test_query_without_a_title_uses_the_text_without_links() -> None:
    reference = Reference(
        id="r", line=1,
        text="Guidance for Industry: Estimating the Maximum Safe Starting Dose https://www.fda.gov/x doi:10.1000/xyz",
    )
    query = bibliographic_query(reference)
    assert query == "Guidance for Industry: Estimating the Maximum Safe Starting Dose"


def test_query_is_capped_and_strips_markup() -> None:
    reference = Reference(id="r", line=1, text="x", title="<i>Drosophila</i> " + "wing " * 200, authors=("Ng",), year=2009)
    query = bibliographic_query(reference)
    assert len(query) <= MAX_QUERY_CHARS
    assert query.startswith("Ng 2009 Drosophila wing")
    assert "<i>" not in query


def test_an_empty_reference_sends_nothing(fake: FakeCrossref) -> None:
    works, _ = searching(settings_for(fake.url), lambda search: search.search(Reference(id="r", line=1, text="   ")))
    assert works == []
    assert fake.total_requests == 0
