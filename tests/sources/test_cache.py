"""The disk cache: TTLs, what is never stored, damage, several processes, info and clear."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from citecheck.model import Outcome, Resolution
from citecheck.settings import Settings
from citecheck.sources.cache import DAY, DiskCache, cache_info, clear_cache
from citecheck.sources.records import work_from_message
from tests.servers.fake_crossref import FIXTURES
from tests.sources.helpers import FAST, resolve, settings_for

ROOT = Path(__file__).resolve().parents[2]
JOR = "10.1002/jor.1100150407"


def _found(doi: str = JOR) -> Resolution:
    envelope = json.loads((FIXTURES / (doi.replace("/", "_") + ".json")).read_text(encoding="utf-8"))
    return Resolution(doi=doi, outcome=Outcome.FOUND, work=work_from_message(envelope["message"]))


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------------- TTLs


def test_found_records_live_ttl_found_days(cache_dir):
    clock = Clock()
    settings = Settings(cache_dir=cache_dir, ttl_found_days=30)
    cache = DiskCache(settings, clock=clock)
    assert cache.put(_found())
    clock.now += 29 * DAY
    hit = cache.get(JOR)
    assert hit is not None and hit.outcome is Outcome.FOUND and hit.source == "cache"
    assert hit.work == _found().work
    clock.now += 2 * DAY
    assert cache.get(JOR) is None
    cache.close()


def test_not_found_lives_ttl_not_found_days(cache_dir):
    clock = Clock()
    settings = Settings(cache_dir=cache_dir, ttl_found_days=30, ttl_not_found_days=7)
    cache = DiskCache(settings, clock=clock)
    cache.put(Resolution(doi="10.1/gone", outcome=Outcome.NOT_FOUND))
    clock.now += 6 * DAY
    assert cache.get("10.1/GONE").outcome is Outcome.NOT_FOUND
    clock.now += 2 * DAY
    assert cache.get("10.1/gone") is None
    cache.close()


def test_a_shorter_ttl_applies_to_entries_already_stored(cache_dir):
    clock = Clock()
    DiskCache(Settings(cache_dir=cache_dir, ttl_found_days=30), clock=clock).put(_found())
    clock.now += 2 * DAY
    assert DiskCache(Settings(cache_dir=cache_dir, ttl_found_days=30), clock=clock).get(JOR) is not None
    assert DiskCache(Settings(cache_dir=cache_dir, ttl_found_days=1), clock=clock).get(JOR) is None


def test_ttl_zero_stores_nothing(cache_dir):
    cache = DiskCache(Settings(cache_dir=cache_dir, ttl_not_found_days=0))
    cache.put(Resolution(doi="10.1/gone", outcome=Outcome.NOT_FOUND))
    assert cache.get("10.1/gone") is None


def test_expired_entries_are_asked_again(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir)
    resolve(settings, [JOR])
    resolve(settings, [JOR])
    assert fake_crossref.work_requests(JOR) == 1
    # A TTL shorter than the entry's age (0.1 s) sends the next run back to Crossref.
    time.sleep(0.15)
    answers, _ = resolve(settings_for(fake_crossref, cache_dir, ttl_found_days=0.1 / DAY), [JOR])
    assert answers[JOR].source == "crossref"
    assert fake_crossref.work_requests(JOR) == 2


# ------------------------------------------------------------ never failures


def test_unverified_answers_are_refused(cache_dir):
    cache = DiskCache(Settings(cache_dir=cache_dir))
    assert cache.put(Resolution(doi=JOR, outcome=Outcome.UNVERIFIED, reason="HTTP 503")) is False
    assert cache.get(JOR) is None


def test_transient_failures_are_never_cached(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir)
    fake_crossref.set_fail({f"/works/{JOR}": [503, 503]})
    answers, _ = resolve(settings, [JOR], replace(FAST, attempts=2))
    assert answers[JOR].outcome is Outcome.UNVERIFIED
    assert cache_info(settings).entries == 0
    answers, _ = resolve(settings, [JOR])
    assert answers[JOR].outcome is Outcome.FOUND and answers[JOR].source == "crossref"


# ---------------------------------------------------------------- damage


def test_corrupt_cache_database_is_reported_once_and_rebuilt(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir)
    resolve(settings, [JOR])
    (cache_dir / "cache.db").write_bytes(b"this is not a database\x00" * 200)
    for sidecar in ("cache.db-wal", "cache.db-shm"):
        (cache_dir / sidecar).unlink(missing_ok=True)
    answers, resolver = resolve(settings, [JOR, "10.7759/cureus.42496"])
    assert all(a.outcome is Outcome.FOUND for a in answers.values())
    problem = resolver.stats().cache_problem
    assert problem and "could not be read" in problem and str(cache_dir) in problem
    assert list(cache_dir.glob("cache.db.corrupt-*"))
    # The rebuilt cache works: the next run asks nothing.
    before = fake_crossref.total_requests
    answers, resolver = resolve(settings, [JOR, "10.7759/cureus.42496"])
    assert fake_crossref.total_requests == before
    assert resolver.stats().cache_problem is None and resolver.stats().cache_hits == 2


def test_unusable_cache_location_is_bypassed(fake_crossref, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    settings = settings_for(fake_crossref, blocker)
    answers, resolver = resolve(settings, [JOR])
    assert answers[JOR].outcome is Outcome.FOUND
    assert "running without it" in resolver.stats().cache_problem
    answers, _ = resolve(settings, [JOR])
    assert fake_crossref.work_requests(JOR) == 2


def test_an_unreadable_entry_is_a_miss(cache_dir):
    cache = DiskCache(Settings(cache_dir=cache_dir))
    cache.put(_found())
    cache._open().set(f"v1:works:{JOR}", "{not json")
    assert cache.get(JOR) is None
    assert cache.counters.cache_problem is None


def test_use_cache_false_creates_nothing(fake_crossref, tmp_path):
    settings = settings_for(fake_crossref, tmp_path / "cache", use_cache=False)
    resolve(settings, [JOR])
    answers, resolver = resolve(settings, [JOR])
    assert fake_crossref.work_requests(JOR) == 2
    assert not (tmp_path / "cache").exists()
    assert resolver.stats().cache_enabled is False


# ------------------------------------------------------ several processes

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from citecheck.model import Outcome, Resolution
    from citecheck.settings import Settings
    from citecheck.sources.cache import DiskCache

    folder, me, other, n = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    cache = DiskCache(Settings(cache_dir=folder))
    for i in range(n):
        assert cache.put(Resolution(doi=f"10.{me}/{i}", outcome=Outcome.NOT_FOUND))
    deadline = time.monotonic() + 30
    missing = set(range(n))
    while missing and time.monotonic() < deadline:
        missing = {i for i in missing if cache.get(f"10.{other}/{i}") is None}
        time.sleep(0.01)
    print(cache.counters.cache_problem or "ok", len(missing))
    """
)


def test_two_processes_share_one_cache(cache_dir):
    n = 150
    env_python = sys.executable
    procs = [
        subprocess.Popen(
            [env_python, "-c", WRITER, str(cache_dir), me, other, str(n)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me, other in (("1111", "2222"), ("2222", "1111"))
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert out.split() == ["ok", "0"]  # no problem, nothing of the other's missing
    info = cache_info(Settings(cache_dir=cache_dir))
    assert info.entries == 2 * n


# ------------------------------------------------------------ info, clear


def test_cache_info_and_clear(cache_dir):
    settings = Settings(cache_dir=cache_dir)
    assert cache_info(settings).exists is False
    assert "no cache yet" in cache_info(settings).describe()
    clock = Clock()
    cache = DiskCache(settings, clock=lambda: clock.now)
    clock.now = time.time() - 3 * DAY
    cache.put(_found())
    clock.now += 2 * DAY
    cache.put(Resolution(doi="10.1/gone", outcome=Outcome.NOT_FOUND))
    cache.close()
    info = cache_info(settings)
    assert info.exists and info.location == cache_dir
    assert info.entries == 2
    assert info.size_bytes > 0
    assert info.oldest_age == pytest.approx(3 * DAY, abs=60)
    assert info.newest_age == pytest.approx(DAY, abs=60)
    text = info.describe()
    assert str(cache_dir) in text and "entries:  2" in text and "oldest:   3 days ago" in text and "newest:   24 h ago" in text
    assert clear_cache(settings) == 2
    assert cache_info(settings).entries == 0
    assert clear_cache(Settings(cache_dir=cache_dir / "elsewhere")) == 0


def test_default_location_is_the_platform_cache_dir():
    location = Settings().resolved_cache_dir
    assert location.name == "citecheck" or "citecheck" in location.parts


def test_cache_info_and_clear_on_a_damaged_cache(cache_dir):
    settings = Settings(cache_dir=cache_dir)
    (cache_dir / "cache.db").write_bytes(b"garbage" * 100)
    info = cache_info(settings)
    assert info.exists and info.problem and "cache clear" in info.describe()
    clear_cache(settings)
    assert not (cache_dir / "cache.db").exists()
    assert cache_info(settings).exists is False
