"""A sharded index answers as the one-file index built from the same inputs."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from citecheck.errors import SnapshotError
from citecheck.model import Reference
from citecheck.pipeline import check_paths
from citecheck.snapshot import shards
from citecheck.snapshot.build import build_snapshot, format_build_result
from citecheck.snapshot.info import format_info, snapshot_info
from citecheck.snapshot.source import SnapshotSource
from citecheck.sources.records import work_from_message
from tests.snapshot.conftest import (
    BUNDLED,
    CHECKED_ARTICLES,
    fixture_inputs,
    list_items,
    offline_settings,
    report_json,
    write_parts,
)


def _indexed(stamp: str) -> dict[str, Any]:
    return {"date-parts": [[int(stamp[:4]), 1, 1]], "date-time": stamp}


def _versions(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items, then later copies of some of them: newer, older, and equal-dated but different."""
    newer = copy.deepcopy(items[3])
    newer.update(title=["A newer version of this record"], indexed=_indexed("2099-01-01T00:00:00Z"))
    older = copy.deepcopy(items[10])
    older.update(title=["An outdated version of this record"], indexed=_indexed("1999-01-01T00:00:00Z"))
    tie = copy.deepcopy(items[20])
    tie.update(title=["Same date, later input"])
    return items + [newer, older, tie]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("shards")
    items = list_items(600)
    messages = _versions(items)
    parts = write_parts(folder / "parts", messages, 6)
    single = build_snapshot(parts, folder / "single.sqlite")
    sharded = build_snapshot(parts, folder / "sharded", shards=3)
    return {"folder": folder, "items": items, "messages": messages, "parts": parts,
            "single": single, "sharded": sharded}


def test_plan_cuts_consecutive_runs_of_about_equal_size(tmp_path: Path) -> None:
    files = []
    for n, size in enumerate([10, 10, 10, 10, 50, 5, 5]):
        path = tmp_path / f"{n}.jsonl"
        path.write_bytes(b"x" * size)
        files.append(path)
    groups = shards.plan(files, 3)
    assert [path for group in groups for path in group] == files  # every file once, in order
    assert len(groups) == 3 and all(groups)
    assert shards.plan(files, 10) == [[f] for f in files]  # never more shards than files
    assert shards.plan(files[:1], 4) == [files[:1]]


def test_sharded_index_holds_the_same_records_as_the_single_file(built: dict[str, Any]) -> None:
    single, sharded = built["single"], built["sharded"]
    assert sharded.shards == sharded.new_shards == 3 and single.shards == 0
    assert sharded.records == single.records and sharded.ok
    dois = sorted({m["DOI"] for m in built["messages"]})
    with SnapshotSource.open(single.output) as one, SnapshotSource.open(sharded.output) as many:
        assert len(many.readers) == 3
        assert many.messages(dois) == one.messages(dois)
        assert len(one.messages(dois)) == len({d.lower() for d in dois})


def test_newest_indexed_wins_across_shards_and_the_earlier_input_on_a_tie(built: dict[str, Any]) -> None:
    items = built["items"]
    with SnapshotSource.open(built["sharded"].output) as source:
        found = source.messages([items[3]["DOI"], items[10]["DOI"], items[20]["DOI"]])
    assert found[items[3]["DOI"].lower()]["title"] == ["A newer version of this record"]
    assert found[items[10]["DOI"].lower()] == items[10]
    assert found[items[20]["DOI"].lower()] == items[20]


def test_search_on_shards_finds_what_the_single_file_finds(built: dict[str, Any]) -> None:
    checked = 0
    with SnapshotSource.open(built["single"].output) as one, SnapshotSource.open(built["sharded"].output) as many:
        for message in built["items"][::15]:
            work = work_from_message(message)
            if not work.title or len(work.title) < 20:
                continue
            words = work.title.split()
            words[len(words) // 2] = words[len(words) // 2][:-1] + "q"  # one typo
            reference = Reference(id="r", line=1, text=" ".join(words), title=" ".join(words),
                                  authors=work.authors[:1], year=work.year)
            expected = [w.doi for w in one.search_sync(reference)]
            assert [w.doi for w in many.search_sync(reference)] == expected, work.title
            checked += 1
        # A record superseded in a later shard is not found by its old title.
        old = work_from_message(built["items"][3]).title or ""
        stale = Reference(id="s", line=1, text=old, title=old)
        assert built["items"][3]["DOI"].lower() not in [w.doi for w in many.search_sync(stale)]
        newer = Reference(id="n", line=1, text="", title="A newer version of this record")
        assert [w.doi for w in many.search_sync(newer)][:1] == [built["items"][3]["DOI"].lower()]
    assert checked >= 20


def test_verdicts_from_shards_equal_those_from_the_single_file(tmp_path: Path) -> None:
    sharded = tmp_path / "index"
    assert build_snapshot(fixture_inputs(), sharded, shards=4).ok
    expected = report_json(check_paths(CHECKED_ARTICLES, offline_settings(BUNDLED)))
    assert report_json(check_paths(CHECKED_ARTICLES, offline_settings(sharded))) == expected


def test_a_build_into_a_sharded_index_adds_shards(built: dict[str, Any], tmp_path: Path) -> None:
    index = tmp_path / "index"
    parts = built["parts"]
    first = build_snapshot(parts[:2], index, shards=2)
    newer = copy.deepcopy(built["items"][0])
    newer.update(title=["Updated in a later part"], indexed=_indexed("2098-01-01T00:00:00Z"))
    update = write_parts(tmp_path / "update", [newer], 1)
    second = build_snapshot(update, index)
    assert (first.shards, second.shards, second.new_shards) == (2, 3, 1)
    manifest = shards.load_manifest(index)
    assert [s.file for s in manifest.shards] == ["shard-00000.sqlite", "shard-00001.sqlite", "shard-00002.sqlite"]
    assert manifest.sources == 3
    with SnapshotSource.open(index) as source:
        assert source.messages([newer["DOI"]])[newer["DOI"].lower()]["title"] == ["Updated in a later part"]
    info = snapshot_info(index)
    assert info.shards == 3 and info.records == sum(s.records for s in manifest.shards)
    assert "3 shards" in format_info(info) and "1 new shard" in format_build_result(second)


def test_an_interrupted_sharded_build_leaves_the_index_as_it_was(built: dict[str, Any], tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_snapshot(built["parts"][:1], index, shards=1)
    before = (index / shards.MANIFEST).read_text(encoding="utf-8")

    def fail_after_one(tasks):
        yield shards.build_shard(tasks[0])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        shards.build_sharded(built["parts"][1:4], index, shards=3, runner=fail_after_one)
    assert (index / shards.MANIFEST).read_text(encoding="utf-8") == before
    with SnapshotSource.open(index) as source:
        assert len(source.readers) == 1
    again = build_snapshot(built["parts"][1:2], index)
    assert again.shards == 2
    assert sorted(p.name for p in index.iterdir()) == [shards.MANIFEST, "shard-00000.sqlite", "shard-00001.sqlite"]


def test_shards_open_read_only_and_immutable(built: dict[str, Any]) -> None:
    with SnapshotSource.open(built["sharded"].output) as source:
        for reader in source.readers:
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                reader._conn.execute("DELETE FROM meta")


def test_a_missing_shard_or_a_damaged_manifest_is_one_clear_line(built: dict[str, Any], tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_snapshot(built["parts"][:2], index, shards=2)
    (index / "shard-00001.sqlite").unlink()
    with pytest.raises(SnapshotError, match="shard-00001.sqlite is listed in .* but missing") as raised:
        SnapshotSource.open(index)
    assert "\n" not in str(raised.value)
    (index / shards.MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(SnapshotError, match="not a snapshot manifest"):
        SnapshotSource.open(index)


def test_outputs_a_sharded_build_refuses(built: dict[str, Any], tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SnapshotError, match="folder without a snapshot manifest"):
        build_snapshot(built["parts"][:1], notes, shards=2)
    assert (notes / "mine.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(SnapshotError, match="single-file index"):
        build_snapshot(built["parts"][:1], built["single"].output, shards=2)
    with pytest.raises(SnapshotError, match="--shards 0"):
        build_snapshot(built["parts"][:1], tmp_path / "zero", shards=0)


def test_shards_built_on_local_processes_equal_those_built_here(built: dict[str, Any], tmp_path: Path) -> None:
    parallel = build_snapshot(built["parts"], tmp_path / "parallel", shards=3, workers=2)
    assert parallel.shards == 3
    dois = [m["DOI"] for m in built["messages"]]
    with SnapshotSource.open(parallel.output) as a, SnapshotSource.open(built["sharded"].output) as b:
        assert a.messages(dois) == b.messages(dois)
