"""Retries, their bounds, the circuit breaker, pacing by the announced limits, identification."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

import httpx
import pytest

import citecheck
from citecheck.model import Outcome
from citecheck.settings import Settings
from citecheck.sources.cache import DiskCache
from citecheck.sources.http import Http, user_agent
from citecheck.sources.limits import parse_interval, parse_retry_after, read_limits
from citecheck.sources.pacer import Pacer
from tests.servers.fake_crossref import FakeCrossref, Limits
from tests.sources.helpers import FAST, resolve, settings_for

DOI = "10.1002/jor.1100150407"
WORK = "/works/" + DOI


# ------------------------------------------------------------------- retries


def test_429_with_retry_after_is_honoured_then_succeeds(fake_crossref, settings):
    fake_crossref.set_fail({WORK: [{"status": 429, "retry_after": "0.4"}]})
    answers, resolver = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.FOUND
    assert fake_crossref.work_requests(DOI) == 2
    first, second = [r.time for r in fake_crossref.log if r.path == WORK]
    assert second - first >= 0.4
    stats = resolver.stats()
    assert stats.rate_limited == 1 and stats.requests == 2


def test_503_then_200(fake_crossref, settings):
    fake_crossref.set_fail({WORK: [503]})
    answers, resolver = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.FOUND
    assert answers[DOI].work.title.startswith("Growth hormone secretagogue")
    assert fake_crossref.work_requests(DOI) == 2
    assert resolver.stats().failures == 1


def test_timeout_is_retried(fake_crossref, cache_dir):
    fake_crossref.set_fail({WORK: [("slow", 1.0)]})
    settings = settings_for(fake_crossref, cache_dir, timeout=0.3)
    answers, _ = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.FOUND
    assert fake_crossref.work_requests(DOI) == 2


def test_dropped_connection_is_retried(fake_crossref, settings):
    fake_crossref.set_fail({WORK: ["drop", "drop"]})
    answers, _ = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.FOUND
    assert fake_crossref.dropped == 2
    assert fake_crossref.work_requests(DOI) == 3


def test_retries_are_bounded_in_count(fake_crossref, settings):
    fake_crossref.set_fail({WORK: [503] * 20})
    policy = replace(FAST, attempts=3)
    answers, resolver = resolve(settings, [DOI], policy)
    assert answers[DOI].outcome is Outcome.UNVERIFIED
    assert "HTTP 503 after 3 attempts" in answers[DOI].reason
    assert fake_crossref.work_requests(DOI) == 3
    assert resolver.stats().unverified == 1


def test_retries_are_bounded_in_time(fake_crossref, settings):
    fake_crossref.set_fail({WORK: [503] * 20})
    policy = replace(FAST, attempts=50, backoff_base=0.2, backoff_cap=0.2, total=0.5)
    started = time.monotonic()
    answers, _ = resolve(settings, [DOI], policy)
    assert answers[DOI].outcome is Outcome.UNVERIFIED
    assert time.monotonic() - started < 5.0  # 50 attempts at this backoff would take 5-10 s
    # Ended by the time bound, not the count: a handful of attempts (fewer when the machine is
    # slow to answer), far from the 50 allowed.
    assert "no answer within 0.5 s (request-timeout)" in answers[DOI].reason
    assert "HTTP 503" in answers[DOI].reason
    assert 1 <= fake_crossref.work_requests(DOI) <= 6


def test_a_retry_after_beyond_the_limit_gives_up_at_once(fake_crossref, settings):
    fake_crossref.set_fail({WORK: [{"status": 429, "retry_after": "3600"}]})
    answers, _ = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.UNVERIFIED
    assert "3600" in answers[DOI].reason
    assert fake_crossref.work_requests(DOI) == 1


@pytest.mark.parametrize("status", [400, 403, 410])
def test_no_retry_on_other_4xx(fake_crossref, settings, status):
    fake_crossref.set_fail({WORK: [status] * 5})
    answers, _ = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.UNVERIFIED
    assert f"HTTP {status}" in answers[DOI].reason
    assert fake_crossref.work_requests(DOI) == 1


@pytest.mark.parametrize("mailto, in_flight", [(None, 1), ("tests@example.org", 3)])
def test_circuit_breaker_stops_sending_and_answers_unverified(fake_crossref, cache_dir, mailto, in_flight):
    fake_crossref.set_fail(lambda request: 503)
    dois = sorted(fake_crossref.works)[:8]
    policy = replace(FAST, attempts=2, breaker_threshold=4)
    answers, resolver = resolve(settings_for(fake_crossref, cache_dir, mailto=mailto), dois, policy)
    assert all(a.outcome is Outcome.UNVERIFIED for a in answers.values())
    # Four failed attempts open the circuit; after that only requests already
    # in flight are answered, and nothing more is sent.
    assert 4 <= fake_crossref.total_requests <= 4 + in_flight - 1
    assert any("stopped answering" in a.reason for a in answers.values())
    assert resolver.stats().unverified == 8


def test_success_resets_the_breaker(fake_crossref, settings):
    # Each DOI fails once, then succeeds: failures never come two in a row.
    dois = sorted(fake_crossref.works)[:6]
    fake_crossref.set_fail({"/works/" + doi: [503] for doi in dois})

    async def run():
        from citecheck.sources.resolver import Resolver

        resolver = Resolver(settings, policy=replace(FAST, breaker_threshold=2))
        answers = [await resolver.resolve([doi]) for doi in dois]
        await resolver.aclose()
        return answers

    answers = asyncio.run(run())
    assert all(a[doi].outcome is Outcome.FOUND for a, doi in zip(answers, dois))
    assert fake_crossref.total_requests == 12


# -------------------------------------------------------------------- pacing


def test_pacing_obeys_the_announced_rate_and_concurrency(cache_dir):
    limits = Limits(single=4, search=1, concurrency=2, interval=0.2)
    with FakeCrossref.from_fixtures(polite=limits, latency=0.02) as fake:
        dois = sorted(fake.works)[:24]
        answers, resolver = resolve(settings_for(fake, cache_dir), dois)
        assert all(a.outcome is Outcome.FOUND for a in answers.values())
        assert fake.sent_429 == 0
        assert fake.max_in_window["single"] <= 4
        assert fake.max_concurrent <= 2
        assert resolver.stats().rate_limited == 0
        spread = fake.log[-1].time - fake.log[0].time
        # 24 requests at 4 per 0.2 s cannot take less than 5 full intervals.
        assert spread >= 1.0


def test_concurrency_is_used_up_to_the_announced_limit(cache_dir):
    with FakeCrossref.from_fixtures(latency=0.15) as fake:
        dois = sorted(fake.works)[:10]
        resolve(settings_for(fake, cache_dir), dois)
        assert fake.max_concurrent == 3  # polite pool
        assert fake.sent_429 == 0


def test_starts_with_one_request_before_the_first_answer(cache_dir):
    with FakeCrossref.from_fixtures(latency=0.2) as fake:
        resolve(settings_for(fake, cache_dir), sorted(fake.works)[:4])
        times = [r.time for r in fake.log]
        assert times[1] - times[0] >= 0.2


def test_public_pool_is_one_at_a_time(cache_dir):
    with FakeCrossref.from_fixtures(latency=0.05) as fake:
        answers, _ = resolve(settings_for(fake, cache_dir, mailto=None), sorted(fake.works)[:6])
        assert all(a.outcome is Outcome.FOUND for a in answers.values())
        assert fake.max_concurrent == 1
        assert fake.sent_429 == 0
        assert {r.pool for r in fake.log} == {"public"}


def test_a_client_over_the_limit_gets_429_from_the_fake(fake_crossref):
    # The fake's enforcement is what the pacing tests rely on: check it bites.
    fake_crossref.latency = 0.2

    async def flood() -> list[int]:
        async with httpx.AsyncClient(base_url=fake_crossref.url) as client:
            answers = await asyncio.gather(*(client.get(WORK) for _ in range(4)))
            return [a.status_code for a in answers]

    statuses = asyncio.run(flood())
    assert statuses.count(200) == 1 and statuses.count(429) == 3
    assert fake_crossref.enforced_429 == 3


def test_legacy_header_spelling_is_obeyed(cache_dir):
    limits = Limits(single=3, search=1, concurrency=3, interval=0.25)
    with FakeCrossref.from_fixtures(polite=limits, header_style="legacy") as fake:
        dois = sorted(fake.works)[:9]

        async def run():
            from citecheck.sources.resolver import Resolver

            resolver = Resolver(settings_for(fake, cache_dir), policy=FAST)
            await resolver.resolve(dois)
            pacer = resolver.http.pacer(fake.url)
            await resolver.aclose()
            return pacer

        pacer = asyncio.run(run())
        assert pacer.budgets["single"].limit == 3
        assert pacer.budgets["single"].interval == 0.25
        assert fake.sent_429 == 0
        assert fake.max_in_window["single"] <= 3


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"x-rate-limit-limit": "10", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3", "x-api-pool": "polite"}, (10, 1.0, 3, "polite")),
        ({"X-Ratelimit-Limit": "50", "X-Ratelimit-Interval": "1s"}, (50, 1.0, None, None)),
        ({"X-Rate-Limit-Limit": "3"}, (3, 1.0, None, None)),
        ({"x-rate-limit-limit": "five", "x-concurrency-limit": "0"}, (None, None, None, None)),
        ({}, (None, None, None, None)),
    ],
)
def test_read_limits(headers, expected):
    announced = read_limits(headers)
    assert (announced.limit, announced.interval, announced.concurrency, announced.pool) == expected


@pytest.mark.parametrize("text, seconds", [("1s", 1.0), ("1", 1.0), ("500ms", 0.5), ("1m", 60.0), ("0s", None), ("x", None)])
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


def test_parse_retry_after():
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now=1445412480.0) == pytest.approx(5.0)


def test_pacer_follows_lower_announced_limits():
    async def run() -> tuple[int, int]:
        pacer = Pacer("h", single=10, concurrency=3)
        pacer.observe({"x-rate-limit-limit": "2", "x-concurrency-limit": "1"}, "single")
        return pacer.budgets["single"].limit, pacer.concurrency

    assert asyncio.run(run()) == (2, 1)


def test_pacer_caps_absurd_limits():
    pacer = Pacer("h")
    pacer.observe({"x-rate-limit-limit": "100000", "x-concurrency-limit": "5000"}, "search")
    assert pacer.budgets["search"].limit <= 100 and pacer.concurrency <= 16


def test_pacer_slot_serves_searches_on_their_own_budget():
    async def run() -> float:
        pacer = Pacer("h", single=50, search=2, interval=0.2, concurrency=5)
        started = time.monotonic()
        for _ in range(5):
            async with pacer.slot("search"):
                pass
        return time.monotonic() - started

    # 5 searches at 2 per 0.2 s need at least two full intervals.
    assert asyncio.run(run()) >= 0.4


# ------------------------------------------------------------ identification


def test_user_agent_mailto_and_plus_token(fake_crossref, cache_dir):
    fake_crossref.agencies["10.5061/dryad.x"] = "datacite"
    fake_crossref.csl["10.5061/dryad.x"] = {"DOI": "10.5061/dryad.x", "title": "A data set", "type": "dataset"}
    settings = settings_for(fake_crossref, cache_dir, mailto="someone@example.org", plus_token="s3cret")
    resolve(settings, [DOI, "10.5061/dryad.x"])
    expected_ua = f"citecheck/{citecheck.__version__} ({citecheck.HOMEPAGE}; mailto:someone@example.org)"
    assert {r.headers["user-agent"] for r in fake_crossref.log} == {expected_ua}
    crossref = [r for r in fake_crossref.log if r.kind != "doiorg"]
    doiorg = [r for r in fake_crossref.log if r.kind == "doiorg"]
    assert crossref and doiorg
    for request in crossref:
        assert request.query.get("mailto") == ["someone@example.org"]
        assert request.headers["crossref-plus-api-token"] == "Bearer s3cret"
        assert request.pool == "plus"
    # The token and the address are for Crossref only.
    for request in doiorg:
        assert "crossref-plus-api-token" not in request.headers
        assert "mailto" not in request.query


def test_without_mailto_there_is_no_contact(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir, mailto=None)
    resolve(settings, [DOI])
    request = fake_crossref.log[0]
    assert request.headers["user-agent"] == f"citecheck/{citecheck.__version__} ({citecheck.HOMEPAGE})"
    assert "mailto" not in request.query and request.pool == "public"
    assert "crossref-plus-api-token" not in request.headers


def test_user_agent_text():
    assert user_agent(Settings(mailto="a@b.org")).endswith("; mailto:a@b.org)")


def test_injectable_transport_needs_no_server():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True}, headers={"x-rate-limit-limit": "7", "x-concurrency-limit": "2"})

    async def run() -> Http:
        http = Http(Settings(crossref_url="https://api.example"), transport=httpx.MockTransport(handler), policy=FAST)
        response = await http.get("https://api.example/works/10.1/x")
        assert response.json() == {"ok": True}
        await http.aclose()
        return http

    http = asyncio.run(run())
    assert seen[0].url.path == "/works/10.1/x"
    assert http.pacer("https://api.example/").budgets["single"].limit == 7
    assert http.pacer("https://api.example/").concurrency == 2
    assert http.counters.requests == 1


def test_a_refused_connection_is_transient_and_bounded(cache_dir):
    # A port nobody listens on: every attempt is refused.
    with FakeCrossref() as fake:
        url = fake.url
    settings = Settings(crossref_url=url, doi_url=url + "/doiorg", cache_dir=cache_dir, timeout=2.0, pubmed=False)
    answers, resolver = resolve(settings, [DOI], replace(FAST, attempts=3))
    assert answers[DOI].outcome is Outcome.UNVERIFIED
    # A host that never answered and refuses connections stops being asked
    # after three attempts (the breaker opens), whatever the retry budget.
    assert "connection failed: refused, or no such host" in answers[DOI].reason
    assert "Error" not in answers[DOI].reason  # no exception names of the HTTP library
    assert "stopped answering (3 failures in a row" in answers[DOI].reason
    assert resolver.stats().failures == 3


def test_an_unreachable_host_is_given_up_quickly_even_with_many_references(cache_dir):
    with FakeCrossref() as fake:
        url = fake.url
    settings = Settings(crossref_url=url, doi_url=url + "/doiorg", cache_dir=cache_dir, timeout=2.0, pubmed=False)
    dois = [f"10.1/x{i}" for i in range(20)]
    answers, resolver = resolve(settings, dois)
    assert {a.outcome for a in answers.values()} == {Outcome.UNVERIFIED}
    assert resolver.stats().failures <= 5  # not 20 DOIs x 5 attempts


def test_an_invalid_base_url_is_unverified_not_a_crash(cache_dir):
    settings = Settings(crossref_url="ftp://example.invalid", cache_dir=cache_dir, pubmed=False)
    answers, resolver = resolve(settings, [DOI])
    assert answers[DOI].outcome is Outcome.UNVERIFIED and "cannot request" in answers[DOI].reason
    assert resolver.stats().requests == 1


# ----------------------------------------------------------------- deadlines


def test_a_doi_whose_server_never_answers_is_given_up_at_the_request_deadline(cache_dir):
    # The server holds that one DOI's connection open for a minute; the others answer.
    with FakeCrossref.from_fixtures(enforce=False, latency=0.05) as fake:
        dead, *alive = sorted(fake.works)[:6]
        fake.set_fail({"/works/" + dead: [("slow", 60)] * 10})
        settings = settings_for(fake, cache_dir, timeout=1.0, request_timeout=2.0)
        started = time.monotonic()
        answers, resolver = resolve(settings, [dead, *alive], replace(FAST, total=60.0))
        elapsed = time.monotonic() - started
    assert answers[dead].outcome is Outcome.UNVERIFIED
    assert "within 2 s" in answers[dead].reason or "timeout after" in answers[dead].reason
    assert all(answers[doi].outcome is Outcome.FOUND for doi in alive)
    assert elapsed < 4.0  # not a minute, and not one timeout per retry allowed
    assert DiskCache(settings).get(dead) is None  # a failure is never cached


def test_the_run_deadline_ends_the_network_phase(cache_dir):
    # One at a time (public pool), 0.3 s each: 20 DOIs would take 6 s.
    with FakeCrossref.from_fixtures(latency=0.3) as fake:
        dois = sorted(fake.works)[:20]
        settings = settings_for(fake, cache_dir, mailto=None, run_timeout=1.0)
        started = time.monotonic()
        answers, resolver = resolve(settings, dois)
        elapsed = time.monotonic() - started
        sent = fake.total_requests
    found = [d for d in dois if answers[d].outcome is Outcome.FOUND]
    late = [d for d in dois if answers[d].outcome is Outcome.UNVERIFIED]
    assert 1 <= len(found) <= 5 and len(found) + len(late) == 20
    assert all("run's time limit of 1 s ran out" in answers[d].reason for d in late)
    assert sent <= len(found) + 1  # nothing more was sent once the time was up
    assert elapsed < 2.5
    assert resolver.stats().unverified == len(late)
