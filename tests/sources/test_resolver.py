"""The resolver: one look-up per DOI per run, source order, offline mode, the delegated look-ups."""

from __future__ import annotations

import asyncio
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest

from citecheck.model import Evidence, EvidenceKind, Outcome, Reference, Resolution, Suggestion, Work
from citecheck.settings import Settings
from citecheck.sources.resolver import Resolver
from tests.sources.helpers import FAST, resolve, settings_for

JOR = "10.1002/jor.1100150407"
CUREUS = "10.7759/cureus.42496"


def run(coroutine):
    return asyncio.run(coroutine)


# ---------------------------------------------------------------- dedup


def test_each_doi_is_requested_once_per_call(fake_crossref, settings):
    dois = [JOR, JOR.upper(), f" {JOR} ", CUREUS, "https://doi.org/" + CUREUS]
    answers, _ = resolve(settings, dois)
    assert set(answers) == set(dois)
    assert all(a.outcome is Outcome.FOUND for a in answers.values())
    assert fake_crossref.work_requests(JOR) == 1 and fake_crossref.work_requests(CUREUS) == 1


def test_each_doi_is_requested_once_per_run_across_calls(fake_crossref):
    settings = settings_for(fake_crossref, None)  # no cache: only the resolver's memory can dedupe

    async def go():
        resolver = Resolver(settings, policy=FAST)
        try:
            first = await resolver.resolve([JOR])
            # Two concurrent calls asking for the same DOIs.
            second, third = await asyncio.gather(resolver.resolve([JOR, CUREUS]), resolver.resolve([CUREUS]))
            return first, second, third, resolver.stats()
        finally:
            await resolver.aclose()

    first, second, third, stats = run(go())
    assert first[JOR] is second[JOR]
    assert second[CUREUS] is third[CUREUS]
    assert fake_crossref.work_requests(JOR) == 1 and fake_crossref.work_requests(CUREUS) == 1
    assert stats.requests == 2


def test_empty_and_blank_dois_are_skipped(fake_crossref, settings):
    answers, _ = resolve(settings, ["", "  "])
    assert answers == {}
    assert fake_crossref.total_requests == 0


# --------------------------------------------------------------- offline


def test_offline_without_cache_never_touches_the_network(fake_crossref, settings):
    answers, resolver = resolve(settings_for(fake_crossref, None, offline=True), [JOR, CUREUS])
    assert all(a.outcome is Outcome.UNVERIFIED and a.reason == "offline" for a in answers.values())
    assert fake_crossref.total_requests == 0
    stats = resolver.stats()
    assert stats.offline and stats.requests == 0 and stats.unverified == 2


def test_offline_uses_the_cache(fake_crossref, cache_dir):
    resolve(settings_for(fake_crossref, cache_dir), [JOR])
    before = fake_crossref.total_requests
    answers, resolver = resolve(settings_for(fake_crossref, cache_dir, offline=True), [JOR, CUREUS])
    assert answers[JOR].outcome is Outcome.FOUND and answers[JOR].source == "cache"
    assert answers[CUREUS].outcome is Outcome.UNVERIFIED and answers[CUREUS].reason == "offline"
    assert fake_crossref.total_requests == before
    assert resolver.stats().cache_hits == 1


def test_offline_resolver_creates_no_http_client(cache_dir):
    async def go():
        resolver = Resolver(Settings(cache_dir=cache_dir, offline=True))
        await resolver.resolve([JOR])
        created = resolver._http is not None
        await resolver.aclose()
        return created

    assert run(go()) is False


# ---------------------------------------------------------- source order


class StubSource:
    """A WorkSource that knows a fixed set of DOIs and records what it was asked."""

    def __init__(self, name: str, known: dict[str, Resolution]) -> None:
        self.name = name
        self.known = known
        self.asked: list[list[str]] = []
        self.closed = False

    async def lookup(self, dois):
        self.asked.append(list(dois))
        return {doi: self.known[doi] for doi in dois if doi in self.known}

    async def search(self, reference, rows=5):
        return None

    async def aclose(self):
        self.closed = True


def test_snapshot_then_cache_then_api(fake_crossref, cache_dir, monkeypatch):
    resolve(settings_for(fake_crossref, cache_dir), [CUREUS])  # CUREUS now in the cache
    fake_crossref.reset_counters()
    snapshot_answer = Resolution(doi=JOR, outcome=Outcome.FOUND, work=Work(doi=JOR, title="From the snapshot"), source="snapshot")
    snapshot = StubSource("snapshot", {JOR: snapshot_answer})
    opened: list[Path] = []

    class SnapshotSource:
        @classmethod
        def open(cls, path):
            opened.append(path)
            return snapshot

    monkeypatch.setitem(sys.modules, "citecheck.snapshot.source", types.SimpleNamespace(SnapshotSource=SnapshotSource))
    third = "10.1029/ar035"
    settings = settings_for(fake_crossref, cache_dir, snapshot=Path("/data/snapshot.db"))
    answers, _ = resolve(settings, [JOR, CUREUS, third])
    assert opened == [Path("/data/snapshot.db")]
    assert answers[JOR].source == "snapshot" and answers[JOR].work.title == "From the snapshot"
    assert answers[CUREUS].source == "cache"
    assert answers[third].source == "crossref"
    assert snapshot.asked == [[JOR, CUREUS, third]]
    assert [r.path for r in fake_crossref.log] == ["/works/" + third]
    assert snapshot.closed


def test_missing_snapshot_module_is_tolerated(fake_crossref, cache_dir, monkeypatch):
    monkeypatch.setitem(sys.modules, "citecheck.snapshot.source", None)  # import raises ImportError
    answers, _ = resolve(settings_for(fake_crossref, cache_dir, snapshot=Path("x.db")), [JOR])
    assert answers[JOR].outcome is Outcome.FOUND


def test_explicit_sources_replace_the_chain(settings):
    first = StubSource("a", {JOR: Resolution(doi=JOR, outcome=Outcome.NOT_FOUND, source="a")})
    second = StubSource("b", {})

    async def go():
        resolver = Resolver(settings, sources=[first, second])
        try:
            return await resolver.resolve([JOR, CUREUS])
        finally:
            await resolver.aclose()

    answers = run(go())
    assert answers[JOR].outcome is Outcome.NOT_FOUND
    assert answers[CUREUS].outcome is Outcome.UNVERIFIED and answers[CUREUS].reason == "no source could answer"
    assert second.asked == [[CUREUS]]


# ------------------------------------------------------------ suggestions

REF = Reference(id="r1", line=3, text="Smith J. A study of things. J Things. 2020.", title="A study of things", year=2020)


# What the resolver reads from the modules these tests stand in for, besides
# what each test gives: the matcher's settings (part of the cache key) and the
# query builder; `candidates` is the search that tells a failure (None) from "nothing".
_DEFAULTS = {
    "citecheck.suggest": {"THRESHOLD": 0.77, "MARGIN": 0.05},
    "citecheck.sources.search": {"bibliographic_query": lambda reference: reference.title or ""},
}


def _module(monkeypatch, name: str, **attrs) -> None:
    search_class = attrs.get("CrossrefSearch")
    if search_class is not None and not hasattr(search_class, "candidates"):

        async def candidates(self, reference, rows):
            try:
                found = self.search(reference, rows)
                return await found if asyncio.iscoroutine(found) else found
            except Exception:  # noqa: BLE001 - the real module turns any failure into None
                self.failures = getattr(self, "failures", 0) + 1
                return None

        search_class.candidates = candidates
    monkeypatch.setitem(sys.modules, name, types.SimpleNamespace(**{**_DEFAULTS.get(name, {}), **attrs}))


def test_suggest_many_searches_crossref_and_matches(settings, monkeypatch):
    seen: dict = {}
    candidate = Work(doi="10.1/found", title="A study of things")

    class CrossrefSearch:
        def __init__(self, settings, http):
            seen["pacer"] = http.pacer(settings.crossref_url)

        async def search(self, reference, rows):
            async with seen["pacer"].slot("search"):
                seen.setdefault("refs", []).append((reference.id, rows))
                await asyncio.sleep(0.05)  # let the other searches start meanwhile
            return [candidate]

    def best_match(reference, candidates):
        return Suggestion(doi=candidates[0].doi, score=0.97, title=candidates[0].title)

    _module(monkeypatch, "citecheck.sources.search", CrossrefSearch=CrossrefSearch)
    _module(monkeypatch, "citecheck.suggest", best_match=best_match)
    other = Reference(id="r2", line=5, text="Nothing.", title="Something else entirely", year=1999)

    async def go():
        resolver = Resolver(settings)
        try:
            return await resolver.suggest_many([REF, other, REF])
        finally:
            await resolver.aclose()

    suggestions = run(go())
    assert [s.doi for s in suggestions] == ["10.1/found"] * 3
    assert sorted(seen["refs"]) == [("r1", 5), ("r2", 5)]  # the repeated reference is searched once
    assert seen["pacer"].host == settings.crossref_url.lower()


def test_suggest_many_without_the_modules_returns_nones(settings, monkeypatch):
    monkeypatch.setitem(sys.modules, "citecheck.suggest", None)

    async def go():
        resolver = Resolver(settings)
        try:
            return await resolver.suggest_many([REF, REF])
        finally:
            await resolver.aclose()

    assert run(go()) == [None, None]


def test_a_failing_search_costs_only_its_suggestion_and_is_not_cached(settings, monkeypatch):
    asked: list[str] = []

    class CrossrefSearch:
        def __init__(self, settings, http):
            pass

        def search(self, reference, rows):  # a plain function is accepted too
            asked.append(reference.id)
            raise RuntimeError("search blew up")

    _module(monkeypatch, "citecheck.sources.search", CrossrefSearch=CrossrefSearch)
    _module(monkeypatch, "citecheck.suggest", best_match=lambda reference, candidates: None)

    async def go():
        resolver = Resolver(settings)
        try:
            return await resolver.suggest_many([REF])
        finally:
            await resolver.aclose()

    assert run(go()) == [None]
    assert run(go()) == [None]
    assert asked == ["r1", "r1"]  # the failure was not cached: the second run asked again


def test_offline_suggestions_use_only_the_snapshot(fake_crossref, cache_dir, monkeypatch):
    calls: list[str] = []

    class CrossrefSearch:
        def __init__(self, settings, http):
            calls.append("crossref")

    class Snapshot(StubSource):
        async def search(self, reference, rows=5):
            calls.append("snapshot")
            return [Work(doi="10.1/snap", title="A study of things")]

    snapshot = Snapshot("snapshot", {})
    _module(monkeypatch, "citecheck.snapshot.source", SnapshotSource=types.SimpleNamespace(open=lambda path: snapshot))
    _module(monkeypatch, "citecheck.sources.search", CrossrefSearch=CrossrefSearch)
    _module(monkeypatch, "citecheck.suggest", best_match=lambda r, c: Suggestion(doi=c[0].doi, score=0.9))
    settings = settings_for(fake_crossref, cache_dir, offline=True, snapshot=Path("s.db"))

    async def go():
        resolver = Resolver(settings)
        try:
            return await resolver.suggest_many([REF])
        finally:
            await resolver.aclose()

    assert run(go())[0].doi == "10.1/snap"
    assert calls == ["snapshot"]
    assert fake_crossref.total_requests == 0


# --------------------------------------------------------------- classify


def test_classify_without_pubmed_reads_the_crossref_text(settings):
    works = [Work(doi=JOR, title="Growth hormone secretagogue effects in aged rats")]

    async def go():
        resolver = Resolver(settings)  # PubMed switched off (tests.sources.helpers)
        try:
            return await resolver.classify(works), resolver
        finally:
            await resolver.aclose()

    evidence, resolver = run(go())
    assert evidence[JOR].kind is EvidenceKind.ANIMAL and evidence[JOR].source == "title"
    assert resolver._http is None  # nothing was asked of anyone


# ------------------------------------------------------------------ stats


def test_stats_reflect_the_run(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir)
    resolve(settings, [JOR])
    fake_crossref.set_fail({f"/works/{CUREUS}": [503] * 10})
    answers, resolver = resolve(settings, [JOR, CUREUS], replace(FAST, attempts=2))
    stats = resolver.stats()
    assert (stats.cache_hits, stats.requests, stats.failures, stats.unverified) == (1, 2, 2, 1)
    assert stats.mailto and stats.cache_enabled and not stats.offline
    assert stats.cache_problem is None


@pytest.mark.parametrize("mailto", [None, "x@example.org"])
def test_stats_mailto_flag(settings, mailto):
    assert Resolver(replace(settings, mailto=mailto)).stats().mailto is bool(mailto)


def test_a_run_served_from_the_cache_creates_no_http_client(fake_crossref, cache_dir):
    settings = settings_for(fake_crossref, cache_dir)
    resolve(settings, [JOR])

    async def go():
        resolver = Resolver(settings)
        answers = await resolver.resolve([JOR])
        created = resolver._http is not None
        await resolver.aclose()
        return answers, created

    answers, created = run(go())
    assert answers[JOR].source == "cache" and created is False
