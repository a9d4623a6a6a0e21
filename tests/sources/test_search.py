"""citecheck.sources.search: Crossref `query.bibliographic` through habanero, against the fake server."""

from __future__ import annotations

import asyncio
import copy
import json
import socket
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

import pytest

from citecheck.model import Reference
from citecheck.settings import Settings
from citecheck.sources.search import MAX_QUERY_CHARS, CrossrefSearch, bibliographic_query
from tests.servers.fake_crossref import FakeCrossref

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
    options: dict[str, Any] = {"crossref_url": url, "mailto": "tests@example.org", "timeout": 5.0}
    options.update(values)
    return Settings(**options)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


# -------------------------------------------------------------------- answers


def test_search_sends_a_bibliographic_query_and_returns_works(fake: FakeCrossref) -> None:
    search = CrossrefSearch(settings_for(fake.url))
    works = run(search.search(GAVILOV_REFERENCE))
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
    # Polite pool: the contact travels in the User-Agent, with citecheck's name.
    assert seen[0].pool == "polite"
    assert "mailto:tests@example.org" in seen[0].headers["user-agent"]
    assert "citecheck/" in seen[0].headers["user-agent"]
    assert search.requests == 1 and search.failures == 0


def test_rows_limits_the_answer(fake: FakeCrossref) -> None:
    reference = Reference(id="r", line=1, text="x", title="FoxP2 song-learning birds speech language evolution", year=2002)
    works = run(CrossrefSearch(settings_for(fake.url)).search(reference, rows=2))
    assert len(works) == 2
    assert fake.log[-1].query["rows"] == ["2"]


def test_a_base_url_with_a_trailing_slash_still_reaches_works(fake: FakeCrossref) -> None:
    works = run(CrossrefSearch(settings_for(fake.url + "/")).search(GAVILOV_REFERENCE))
    assert works and fake.log[-1].path == "/works"


def test_suggest_validates_the_candidates(fake: FakeCrossref) -> None:
    search = CrossrefSearch(settings_for(fake.url))
    suggestion = run(search.suggest(GAVILOV_REFERENCE))
    assert suggestion is not None
    assert suggestion.doi == "10.1016/s0027-5107(97)00058-4"  # not the correction notice


def test_no_result_is_an_empty_list_not_a_failure(fake: FakeCrossref) -> None:
    reference = Reference(id="r", line=1, text="x", title="Quasiparticle zzyzx wombat")
    search = CrossrefSearch(settings_for(fake.url))
    assert run(search.search(reference)) == []
    assert run(search.suggest(reference)) is None
    assert search.failures == 0


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
    # A 429 or 503 is retried: only when every attempt gets one is the search lost.
    transient = action in (429, 503)
    fake.retry_after = "0"
    fake.set_fail({"/works": [action] * (3 if transient else 1)})
    search = CrossrefSearch(settings_for(fake.url))
    assert run(search.search(GAVILOV_REFERENCE)) == []
    assert search.failures == (3 if transient else 1)
    assert search.last_error
    # The next search is answered again.
    assert run(search.search(GAVILOV_REFERENCE))
    assert search.failures == (3 if transient else 1)


@pytest.mark.parametrize("status", [429, 503])
def test_a_transient_answer_is_tried_again(fake: FakeCrossref, status: int) -> None:
    fake.retry_after = "0"
    fake.set_fail({"/works": [status]})
    search = CrossrefSearch(settings_for(fake.url))
    assert run(search.search(GAVILOV_REFERENCE))
    assert search.failures == 1 and search.requests == 2


def test_an_unreachable_server_gives_an_empty_list() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: the connection is refused.
    search = CrossrefSearch(settings_for(f"http://127.0.0.1:{port}"))
    assert run(search.search(GAVILOV_REFERENCE)) == []
    assert search.failures == 1


def test_a_slow_server_times_out_into_an_empty_list(fake: FakeCrossref) -> None:
    fake.set_fail({"/works": [("slow", 1.5)]})
    search = CrossrefSearch(settings_for(fake.url, timeout=0.3))
    assert run(search.search(GAVILOV_REFERENCE)) == []
    assert search.failures == 1


# ---------------------------------------------------------------------- pacer


class RecordingPacer:
    """A stand-in for citecheck.sources.http.Pacer that records slots and pauses."""

    def __init__(self, fake: FakeCrossref) -> None:
        self.fake = fake
        self.kinds: list[str] = []
        self.inside: list[tuple[int, int]] = []  # requests the server had seen at enter, at exit
        self.paused: list[float] = []

    @asynccontextmanager
    async def slot(self, kind: str = "single") -> AsyncIterator["RecordingPacer"]:
        self.kinds.append(kind)
        before = self.fake.total_requests
        try:
            yield self
        finally:
            self.inside.append((before, self.fake.total_requests))

    def pause(self, seconds: float) -> None:
        self.paused.append(seconds)


def test_each_search_holds_a_search_slot(fake: FakeCrossref) -> None:
    pacer = RecordingPacer(fake)
    search = CrossrefSearch(settings_for(fake.url), pacer=pacer)

    async def two() -> None:
        await search.search(GAVILOV_REFERENCE)
        await search.search(GAVILOV_REFERENCE)

    run(two())
    assert pacer.kinds == ["search", "search"]
    # The request was sent while the slot was held.
    assert pacer.inside == [(0, 1), (1, 2)]


def test_a_429_pauses_the_pacer_for_retry_after(fake: FakeCrossref) -> None:
    fake.set_fail({"/works": [{"status": 429, "retry_after": 3}]})
    pacer = RecordingPacer(fake)
    search = CrossrefSearch(settings_for(fake.url), pacer=pacer)
    assert run(search.search(GAVILOV_REFERENCE))  # answered on the second try
    assert pacer.paused == [3.0]


def test_with_the_real_pacer_searches_keep_to_the_search_rate() -> None:
    from citecheck.sources.http import Pacer

    # The fake enforces the public pool's 1 search a second: a client that
    # went faster would get 429s and empty answers.
    with FakeCrossref({GAVRILOV["DOI"]: GAVRILOV}) as strict:
        pacer = Pacer("127.0.0.1", single=5, search=1, interval=0.2, concurrency=1)
        strict.limits["public"] = type(strict.limits["public"])(single=5, search=1, concurrency=1, interval=0.2)
        search = CrossrefSearch(Settings(crossref_url=strict.url, timeout=5.0), pacer=pacer)

        async def three() -> list[int]:
            return [len(await search.search(GAVILOV_REFERENCE)) for _ in range(3)]

        assert run(three()) == [1, 1, 1]
        assert strict.sent_429 == 0 and search.failures == 0


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
    search = CrossrefSearch(settings_for(fake.url))
    assert run(search.search(Reference(id="r", line=1, text="   "))) == []
    assert fake.total_requests == 0
