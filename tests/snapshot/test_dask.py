"""The build and the check on a local Dask cluster of two worker processes give what one process gives."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import distributed  # the test extra installs dask[distributed]
import pytest

from citecheck.errors import CitecheckError
from citecheck.pipeline import check_paths
from citecheck.snapshot import dask as on_dask
from citecheck.snapshot.build import build_snapshot
from citecheck.snapshot.source import SnapshotSource
from tests.snapshot.conftest import (
    ARTICLES,
    ROOT,
    BUNDLED,
    CHECKED_ARTICLES,
    fixture_inputs,
    list_items,
    offline_settings,
    record_files,
    report_json,
    write_parts,
)
from tests.sources.helpers import settings_for

# Every wait on the cluster is bounded: a hung cluster fails the test, never the suite.
TIMEOUT = 60

pytestmark = pytest.mark.xdist_group("dask")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=":0", silence_logs=40, timeout=TIMEOUT,
    )
    client = distributed.Client(cluster, timeout=TIMEOUT)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture
def two_workers(client: Any) -> Any:
    """The cluster with both its workers up (a test before may have killed one)."""
    client.wait_for_workers(2, timeout=TIMEOUT)
    return client


def _kill_one_worker(client: Any) -> int:
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    os.kill(victim, signal.SIGKILL)
    return victim


# ------------------------------------------------------------------ the build


def test_distributed_build_equals_the_single_process_build(two_workers: Any, tmp_path: Path) -> None:
    items = list_items(400)
    newer = copy.deepcopy(items[5])
    newer.update(title=["Indexed again later"], indexed={"date-parts": [[2099, 1, 1]], "date-time": "2099-01-01T00:00:00Z"})
    messages = items + [newer]
    parts = write_parts(tmp_path / "parts", messages, 8)
    single = build_snapshot(parts, tmp_path / "single.sqlite")
    sharded = build_snapshot(parts, tmp_path / "sharded", dask=two_workers, profile="full")
    assert sharded.shards == 2  # one per worker
    assert sharded.records == single.records == len(messages)
    dois = [m["DOI"] for m in messages]
    with SnapshotSource.open(single.output) as one, SnapshotSource.open(sharded.output) as many:
        expected = one.messages(dois)
        assert many.messages(dois) == expected
        assert expected[items[5]["DOI"].lower()]["title"] == ["Indexed again later"]
        keys = set()
        for reader in many.readers:
            keys |= set(reader.indexed([d.lower() for d in dois]))
        assert keys == set(expected)


def test_a_worker_lost_while_building_costs_a_retry(two_workers: Any, tmp_path: Path) -> None:
    items = list_items(600)
    parts = write_parts(tmp_path / "parts", items, 6)
    single = build_snapshot(parts, tmp_path / "single.sqlite")
    killed: list[int] = []

    def kill_once(result: Any, done: int, total: int) -> None:
        if not killed:
            killed.append(_kill_one_worker(two_workers))

    sharded = build_snapshot(parts, tmp_path / "sharded", dask=two_workers, shards=6, on_shard=kill_once)
    assert killed and sharded.shards == 6 and sharded.ok
    dois = [m["DOI"] for m in items]
    with SnapshotSource.open(single.output) as one, SnapshotSource.open(sharded.output) as many:
        assert many.messages(dois) == one.messages(dois)
    assert not [p for p in sharded.output.iterdir() if p.name.startswith(".")]  # no half-built shard listed


# ------------------------------------------------------------------ the check


@pytest.fixture(scope="module")
def one_process() -> str:
    """The JSON report of every fixture article checked in this process against the bundled index."""
    return report_json(check_paths([ARTICLES], offline_settings(BUNDLED)))


def test_distributed_check_equals_the_single_process_check(two_workers: Any, one_process: str) -> None:
    articles = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    assert len(articles) >= 30
    settings = offline_settings(BUNDLED)
    expected = one_process
    rounds: list[tuple[str, int, int]] = []
    report = on_dask.check_on_cluster(two_workers, [ARTICLES], settings,
                                      on_round=lambda *progress: rounds.append(progress))
    assert report_json(report) == expected
    assert [r.path for r in report.files] == [str(p) for p in articles]
    reading = [r for r in rounds if r[0] == "Reading files"]
    assert len(reading) >= 4 and reading[-1][1] == reading[-1][2]  # several batches, all done


@pytest.fixture(scope="module")
def checked_by_one() -> str:
    """The JSON report of the seed and real articles checked in this process against the bundled index."""
    return report_json(check_paths(CHECKED_ARTICLES, offline_settings(BUNDLED)))


def test_a_worker_killed_mid_check_costs_a_retry_not_the_run(two_workers: Any, checked_by_one: str) -> None:
    settings = offline_settings(BUNDLED)
    expected = checked_by_one
    before = set(two_workers.run(os.getpid).values())
    killed: list[int] = []

    def kill_during_the_first_round(name: str, done: int, total: int) -> None:
        if name == "Reading files" and done == 1 and not killed:
            killed.append(_kill_one_worker(two_workers))

    # Five files, one a batch: the other four and the later rounds are still to come when it dies.
    report = on_dask.check_on_cluster(two_workers, CHECKED_ARTICLES, settings, on_round=kill_during_the_first_round)
    assert killed and killed[0] in before
    assert report_json(report) == expected
    two_workers.wait_for_workers(2, timeout=TIMEOUT)
    assert killed[0] not in set(two_workers.run(os.getpid).values())  # the nanny started a new process


def test_the_api_is_asked_once_per_doi_the_snapshot_lacks(two_workers: Any, fake_crossref: Any, tmp_path: Path) -> None:
    # A snapshot holding part of the seed articles' records; the archive repeats
    # the articles so that each missing DOI is cited in files of many batches.
    seeds = CHECKED_ARTICLES[:3]
    index = tmp_path / "partial.sqlite"
    held = record_files()[::2]
    build_snapshot(held, index)
    archive = tmp_path / "archive"
    archive.mkdir()
    for copy_number in range(6):
        for seed in seeds:
            shutil.copy(seed, archive / f"{copy_number}-{seed.name}")
    settings = settings_for(fake_crossref, None, snapshot=index, pubmed=False, search=False, progress=False)
    report = on_dask.check_on_cluster(two_workers, [archive], settings)
    asked = [seen.path for seen in fake_crossref.log if seen.path.startswith("/works/")]
    assert asked, "some cited DOIs are not in the partial snapshot"
    assert len(asked) == len(set(asked))  # never twice, whichever worker's files cite it
    with SnapshotSource.open(index) as source:
        in_snapshot = set(source.messages([p[len("/works/"):] for p in asked]))
    assert not in_snapshot  # and never a DOI the snapshot holds
    # The same answers a single process gets, asking the same DOIs.
    fake_crossref.reset_counters()
    single = check_paths([archive], settings)
    assert sorted(s.path for s in fake_crossref.log if s.path.startswith("/works/")) == sorted(asked)
    assert report_json(report) == report_json(single)


def test_pubmed_is_asked_from_the_client_as_by_one_process(two_workers: Any, tmp_path: Path) -> None:
    from tests.servers.fake_pubmed import FakePubMed

    settings = replace(offline_settings(BUNDLED), offline=False, pubmed=True, search=False, ncbi_api_key="test-key",
                       crossref_url="http://127.0.0.1:9", doi_url="http://127.0.0.1:9")
    with FakePubMed(ROOT / "fixtures" / "pubmed") as pubmed:
        settings = replace(settings, pubmed_url=pubmed.url, idconv_url=pubmed.idconv_url)
        single = check_paths(CHECKED_ARTICLES, settings)
        asked_by_one = dict(pubmed.requests)
        pubmed.reset_counters()
        spread = on_dask.check_on_cluster(two_workers, CHECKED_ARTICLES, settings)
        assert dict(pubmed.requests) == asked_by_one and sum(asked_by_one.values()) > 0
    assert report_json(spread) == report_json(single)
    kinds = {r.evidence.kind for f in spread.files for r in f.results if r.evidence is not None}
    assert len(kinds) >= 2  # PubMed's answers reached the verdicts


def test_a_sharded_index_serves_the_check_on_the_workers(two_workers: Any, checked_by_one: str, tmp_path: Path) -> None:
    sharded = build_snapshot(fixture_inputs(), tmp_path / "index", dask=two_workers, profile="lean")
    assert sharded.ok and sharded.shards == 2
    report = on_dask.check_on_cluster(two_workers, CHECKED_ARTICLES, offline_settings(sharded.output))
    assert report_json(report) == checked_by_one


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("spec", ["locale", "local:0", "local:two", "http//nowhere", ""])
def test_a_scheduler_that_is_not_one_is_one_clear_line(spec: str) -> None:
    with pytest.raises(on_dask.DaskError) as raised:
        on_dask.parse_scheduler(spec)
    message = str(raised.value)
    assert "\n" not in message and ("local:N" in message or "whole number" in message)


def test_a_wrong_output_is_told_before_a_cluster_starts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from citecheck.errors import SnapshotError

    def no_cluster(spec: Any) -> Any:
        raise AssertionError("a cluster was started for a build that cannot be made")

    monkeypatch.setattr(on_dask, "connect", no_cluster)
    single = tmp_path / "one.sqlite"
    build_snapshot(record_files()[:1], single)
    lean = build_snapshot(record_files()[:1], tmp_path / "lean", shards=1, profile="lean").output
    for output, profile, message in ((single, None, "single-file index"), (lean, "full", "lean profile")):
        with pytest.raises(SnapshotError, match=message):
            build_snapshot(record_files()[1:2], output, dask="local:2", profile=profile)


def test_addresses_and_local_clusters_are_understood() -> None:
    assert on_dask.parse_scheduler("local") == on_dask.Scheduler()
    assert on_dask.parse_scheduler("local:3") == on_dask.Scheduler(workers=3)
    assert on_dask.parse_scheduler("tcp://scheduler:8786").address == "tcp://scheduler:8786"
    assert on_dask.parse_scheduler("10.0.0.5:8786").address == "tcp://10.0.0.5:8786"


def test_an_unreachable_scheduler_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(on_dask, "CONNECT_TIMEOUT", 2)
    started = time.monotonic()
    with pytest.raises(on_dask.DaskError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 ") as raised:
        with on_dask.connect("tcp://127.0.0.1:9"):
            pass
    assert "\n" not in str(raised.value) and time.monotonic() - started < TIMEOUT


def test_dask_option_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from citecheck import cli

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    for argv in (["--dask", "local:2", "--offline", str(CHECKED_ARTICLES[0])],
                 ["snapshot", "build", str(record_files()[0]), "--output", "/tmp/never-built", "--dask", "local"]):
        with pytest.raises(SystemExit) as exited:
            cli.main(argv)
        assert exited.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "pip install 'citecheck[dask]'" in err, err
    assert not Path("/tmp/never-built").exists()
    assert issubclass(on_dask.DaskError, CitecheckError)
