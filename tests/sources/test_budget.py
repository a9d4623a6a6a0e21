"""The request budget shared between processes (and clients) that use one cache folder."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citecheck.model import Outcome
from citecheck.sources.budget import SharedLedger, budget_folder, host_file_name
from citecheck.sources.pacer import Grant, Pacer, Rate
from tests.servers.fake_crossref import POLITE, FakeCrossref
from tests.sources.helpers import FAST, settings_for

ROOT = Path(__file__).resolve().parents[2]
HOST = "http://127.0.0.1:9"


# ------------------------------------------------------------------ ledger


def test_two_ledgers_on_one_folder_share_the_concurrency(tmp_path):
    first, second = SharedLedger(tmp_path, HOST), SharedLedger(tmp_path, HOST)
    rate = Rate(100, 1.0)
    held = [first.take("single", rate, 3) for _ in range(3)]
    assert all(isinstance(g, Grant) for g in held)
    # Three in flight: a fourth waits, whoever asks. The holder of all three is
    # woken by its own answers; the other must look again soon.
    assert first.take("single", rate, 3) == float("inf")
    wait = second.take("single", rate, 3)
    assert 0 < wait < 0.1
    first.release(held[1])
    mine = second.take("single", rate, 3)
    assert isinstance(mine, Grant)
    # Now each holds some: neither can count on its own answers to wake it.
    assert 0 < first.take("single", rate, 3) < 0.1
    assert (first.in_flight, second.in_flight) == (2, 1)


def test_two_ledgers_share_the_rate_and_say_how_long_to_wait(tmp_path):
    first, second = SharedLedger(tmp_path, HOST), SharedLedger(tmp_path, HOST)
    rate = Rate(2, 0.5)
    for ledger in (first, second):
        grant = ledger.take("single", rate, 5)
        assert isinstance(grant, Grant)
        ledger.release(grant)
    wait = second.take("single", rate, 5)
    assert isinstance(wait, float) and 0.4 < wait <= 0.52
    # Searches have their own rate.
    assert isinstance(first.take("search", Rate(1, 0.5), 5), Grant)


def test_a_pause_is_seen_by_every_ledger(tmp_path):
    first, second = SharedLedger(tmp_path, HOST), SharedLedger(tmp_path, HOST)
    first.pause(0.3)
    wait = second.take("single", Rate(10, 1.0), 3)
    assert isinstance(wait, float) and 0.2 < wait <= 0.3


def test_a_grant_of_a_process_that_died_lapses(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    ledger = SharedLedger(tmp_path, HOST)
    machine = ledger._owner.rsplit(":", 2)[0]
    state = {"held": [[f"{machine}:{pid}:1", 1, "single", time.time()]], "done": {}, "paused_until": 0}
    (tmp_path / host_file_name(HOST)).write_text(json.dumps(state))
    assert isinstance(ledger.take("single", Rate(10, 1.0), 1), Grant)


def test_a_grant_older_than_the_lease_lapses(tmp_path):
    ledger = SharedLedger(tmp_path, HOST, lease=5.0)
    live = f"elsewhere:{os.getpid()}:1"  # another machine: its process cannot be checked
    state = {"held": [[live, 1, "single", time.time() - 6]], "done": {}, "paused_until": 0}
    (tmp_path / host_file_name(HOST)).write_text(json.dumps(state))
    assert isinstance(ledger.take("single", Rate(10, 1.0), 1), Grant)
    state["held"][0][3] = time.time()
    (tmp_path / host_file_name(HOST)).write_text(json.dumps(state))
    assert not isinstance(ledger.take("single", Rate(10, 1.0), 1), Grant)


def test_a_damaged_budget_file_starts_afresh(tmp_path):
    (tmp_path / host_file_name(HOST)).write_text('{"held": [[1, 2')
    ledger = SharedLedger(tmp_path, HOST)
    assert isinstance(ledger.take("single", Rate(10, 1.0), 1), Grant)


def test_an_unusable_folder_falls_back_to_pacing_alone(tmp_path):
    problems: list[str] = []
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    ledger = SharedLedger(blocked, HOST, on_problem=problems.append)
    grant = ledger.take("single", Rate(10, 1.0), 1)
    assert isinstance(grant, Grant)
    assert ledger.take("single", Rate(10, 1.0), 1) == float("inf")  # the fallback keeps the limits
    ledger.release(grant)
    assert isinstance(ledger.take("single", Rate(10, 1.0), 1), Grant)
    assert len(problems) == 1 and "paced itself alone" in problems[0]


def test_two_pacers_in_one_process_keep_the_limits_together(tmp_path):
    async def go() -> tuple[int, float]:
        pacers = [Pacer(HOST, single=4, interval=0.2, concurrency=2, ledger=SharedLedger(tmp_path, HOST))
                  for _ in range(2)]
        in_flight = peak = 0

        async def one(pacer: Pacer) -> None:
            nonlocal in_flight, peak
            async with pacer.slot("single"):
                in_flight += 1
                peak = max(peak, in_flight)
                await asyncio.sleep(0.02)
                in_flight -= 1

        started = time.monotonic()
        await asyncio.gather(*(one(pacers[n % 2]) for n in range(16)))
        return peak, time.monotonic() - started

    peak, elapsed = asyncio.run(go())
    assert peak <= 2
    assert elapsed >= 0.6  # 16 requests at 4 per 0.2 s between both: at least three full intervals


def test_the_budget_lives_beside_the_cache(fake_crossref, cache_dir):
    from tests.sources.helpers import resolve

    resolve(settings_for(fake_crossref, cache_dir), ["10.1002/jor.1100150407"])
    assert (budget_folder(cache_dir) / host_file_name(fake_crossref.url)).exists()
    assert budget_folder(cache_dir) == cache_dir / "budget"


def test_without_a_cache_folder_a_run_paces_itself(fake_crossref):
    from tests.sources.helpers import resolve

    answers, resolver = resolve(settings_for(fake_crossref, None), ["10.1002/jor.1100150407"])
    assert answers["10.1002/jor.1100150407"].outcome is Outcome.FOUND
    assert resolver.http.budget_dir is None


# ------------------------------------------------------------- processes


def _workers(fake: FakeCrossref, caches: list[Path], groups: list[list[str]], go: Path) -> list[dict]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.sources.budget_worker", "--crossref", fake.url, "--cache", str(cache),
             "--go", str(go), *dois],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for cache, dois in zip(caches, groups)
    ]
    try:
        deadline = time.monotonic() + 60
        while len(list(go.parent.glob(go.name + ".*.ready"))) < len(processes):
            assert time.monotonic() < deadline and all(p.poll() is None for p in processes), "a worker did not start"
            time.sleep(0.01)
        go.write_text("go")
        results = []
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err[-2000:]
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()


@pytest.mark.parametrize("shared", [True, False], ids=["one-cache-folder", "separate-cache-folders"])
def test_two_processes_over_one_cache_folder_stay_within_the_limits(tmp_path, shared):
    with FakeCrossref.from_fixtures(latency=0.2) as fake:
        dois = sorted(fake.works)[:24]
        caches = [tmp_path / "cache"] * 2 if shared else [tmp_path / "a", tmp_path / "b"]
        results = _workers(fake, caches, [dois[:12], dois[12:]], tmp_path / "go")
        counters = fake.counters()
    if shared:
        # Together they never held more than the polite pool allows, and nobody was told to slow down.
        assert [r["found"] for r in results] == [12, 12]
        assert counters["sent_429"] == 0 and all(r["rate_limited"] == 0 for r in results)
        assert counters["max_concurrent"] <= POLITE.concurrency
        assert counters["max_in_window"]["single"] <= POLITE.single
    else:
        # Each paced itself alone: together they went over, and the fake said so.
        assert counters["max_concurrent"] > POLITE.concurrency
        assert counters["sent_429"] > 0


def test_the_http_client_uses_the_shared_ledger_with_a_cache(fake_crossref, cache_dir):
    from citecheck.sources.http import Http

    http = Http(settings_for(fake_crossref, cache_dir), policy=FAST)
    assert isinstance(http.pacer(fake_crossref.url).ledger, SharedLedger)
    asyncio.run(http.aclose())


def test_a_budget_that_cannot_be_shared_is_said_once_in_the_stats(fake_crossref, tmp_path):
    from citecheck.sources.http import Http

    blocked = tmp_path / "budget"
    blocked.write_text("a file where the folder should be")

    async def go():
        http = Http(settings_for(fake_crossref, None), policy=FAST, budget_dir=blocked)
        try:
            for doi in sorted(fake_crossref.works)[:2]:
                await http.get(f"{fake_crossref.url}/works/{doi}")
            return http.counters.snapshot()
        finally:
            await http.aclose()

    stats = asyncio.run(go())
    assert "request budget" in stats.cache_problem and "paced itself alone" in stats.cache_problem
    assert fake_crossref.total_requests == 2  # the run went on
