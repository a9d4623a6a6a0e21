"""Building and updating a snapshot index from the shapes Crossref records come in."""

from __future__ import annotations

import copy
import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from citecheck.errors import SnapshotError
from citecheck.model import Reference
from citecheck.snapshot import index, records
from citecheck.snapshot.build import build_snapshot, format_build_result
from citecheck.snapshot.info import format_info, snapshot_info
from citecheck.snapshot.source import SnapshotSource
from citecheck.sources.records import work_from_message
from tests.snapshot.conftest import LIST_ITEMS, list_items, message_of, record_files


def _write_jsonl_gz(path: Path, lines: list[str]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
    return path


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _with(message: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(message)
    changed.update(changes)
    return changed


def _indexed(stamp: str) -> dict[str, Any]:
    return {"date-parts": [[int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10])]], "date-time": stamp, "timestamp": 0}


# ------------------------------------------------------------------- inputs


def test_build_from_fixture_records_keeps_every_message_verbatim(tmp_path: Path) -> None:
    files = record_files()
    result = build_snapshot(files, tmp_path / "index.sqlite")
    dois = {message_of(f)["DOI"].lower() for f in files}
    assert result.ok
    assert result.files == len(files)
    assert result.added == result.total == len(dois)
    with SnapshotSource.open(tmp_path / "index.sqlite") as source:
        stored = source.messages(sorted(dois))
    assert set(stored) == dois
    for path in files:
        message = message_of(path)
        assert stored[message["DOI"].lower()] == message, path.name


def test_build_from_packed_list_items(tmp_path: Path) -> None:
    result = build_snapshot([LIST_ITEMS], tmp_path / "items.sqlite")
    items = list_items()
    assert result.ok
    assert result.records == len(items) == 1910
    assert result.total == len({m["DOI"].lower() for m in items})
    with SnapshotSource.open(tmp_path / "items.sqlite") as source:
        for message in items[::97]:
            assert source.messages([message["DOI"]])[message["DOI"].lower()] == message


def test_build_from_a_directory_of_single_items_and_envelopes(tmp_path: Path) -> None:
    folder = tmp_path / "records" / "nested"
    folder.mkdir(parents=True)
    items = list_items(6)
    for i, message in enumerate(items[:3]):
        (folder / f"item{i}.json").write_text(json.dumps(message, indent=1), encoding="utf-8")
    for i, message in enumerate(items[3:]):
        envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}
        (folder / f"work{i}.json").write_text(json.dumps(envelope), encoding="utf-8")
    (folder / "notes.txt").write_text("not an input", encoding="utf-8")
    result = build_snapshot([tmp_path / "records"], tmp_path / "dir.sqlite")
    assert result.ok and result.files == 6 and result.total == 6


def test_build_from_a_public_data_file_shaped_jsonl_gz(tmp_path: Path) -> None:
    # The public data file: one message per line, gzip-compressed, many parts;
    # an envelope per line and a work-list envelope are accepted as well.
    items = list_items(40)
    part1 = _write_jsonl_gz(tmp_path / "0.jsonl.gz", [_compact(m) for m in items[:20]])
    envelopes = [_compact({"status": "ok", "message-type": "work", "message": m}) for m in items[20:30]]
    work_list = _compact({"status": "ok", "message-type": "work-list", "message": {"items": items[30:]}})
    part2 = _write_jsonl_gz(tmp_path / "1.jsonl.gz", envelopes + [work_list])
    result = build_snapshot([part1, part2], tmp_path / "pdf.sqlite")
    assert result.ok
    assert (result.records, result.total) == (40, len({m["DOI"].lower() for m in items}))
    with SnapshotSource.open(tmp_path / "pdf.sqlite") as source:
        last = items[-1]["DOI"]
        assert source.messages([last])[last.lower()] == items[-1]


def test_worker_processes_build_the_same_index(tmp_path: Path) -> None:
    items = list_items(1200)
    lines = [_compact(m) for m in items]
    lines[700] = "{broken"
    part = _write_jsonl_gz(tmp_path / "part.jsonl.gz", lines)
    single = build_snapshot([part], tmp_path / "one.sqlite")
    parallel = build_snapshot([part], tmp_path / "two.sqlite", workers=2)
    assert [str(p) for p in parallel.problems] == [str(p) for p in single.problems]
    assert parallel.problems[0].line == 701
    assert (parallel.records, parallel.added, parallel.total) == (single.records, single.added, single.total)
    tables = []
    for name in ("one", "two"):
        conn = sqlite3.connect(tmp_path / f"{name}.sqlite")
        tables.append(conn.execute("SELECT w.doi, w.indexed, b.body FROM works w JOIN bodies b USING (id) ORDER BY w.doi").fetchall())
        conn.close()
    assert tables[0] == tables[1]


def test_older_items_file_is_streamed_item_by_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `{"items": [...]}` parts are about 1 GB: they must not be decoded whole.
    # Record how much of the file had been read when each record came out.
    consumed: list[int] = []
    original_mark = records._BoundedReader.mark

    def spy(self: records._BoundedReader) -> None:
        consumed.append(self.consumed)
        original_mark(self)

    monkeypatch.setattr(records._BoundedReader, "mark", spy)
    items = list_items(400)
    path = tmp_path / "part.json"
    text = json.dumps({"items": items}, indent=1)
    path.write_text(text, encoding="utf-8")
    result = build_snapshot([path], tmp_path / "items.sqlite")
    assert result.ok and result.records == 400
    assert len(consumed) == 400
    assert consumed[0] < len(text) / 8  # the first record came out long before the end
    with SnapshotSource.open(tmp_path / "items.sqlite") as source:
        assert source.messages([items[42]["DOI"]])[items[42]["DOI"].lower()] == items[42]


def test_work_list_and_single_work_bodies_and_arrays(tmp_path: Path) -> None:
    items = list_items(9)
    work_list = {"status": "ok", "message-type": "work-list", "message": {"facets": {}, "items": items[:4]}}
    single = {"status": "ok", "message-type": "work", "message": items[4]}
    (tmp_path / "list.json").write_text(json.dumps(work_list), encoding="utf-8")
    with gzip.open(tmp_path / "single.json.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(single))
    (tmp_path / "array.json").write_text(json.dumps(items[5:8]), encoding="utf-8")
    (tmp_path / "two-values.json").write_text(json.dumps(items[8]) + "\n" + json.dumps(items[0]), encoding="utf-8")
    result = build_snapshot([tmp_path], tmp_path / "index.sqlite")
    assert result.ok and result.records == 10
    assert result.total == len({m["DOI"].lower() for m in items})


def test_a_value_that_never_ends_is_reported_not_buffered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_VALUE_BYTES", 200_000)
    message = list_items(1)[0]
    path = tmp_path / "runaway.json"
    path.write_text('{"items": [' + json.dumps(message) + ', {"DOI": "' + "x" * 2_000_000, encoding="utf-8")
    result = build_snapshot([path], tmp_path / "index.sqlite")
    assert result.total == 1 and result.problem_count == 1
    assert "larger than" in result.problems[0].message and "rest of the file skipped" in result.problems[0].message


def test_missing_input_is_a_snapshot_error(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="not found"):
        build_snapshot([tmp_path / "nope.jsonl.gz"], tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_output_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "notes.sqlite"
    output.write_text("my notes", encoding="utf-8")
    with pytest.raises(SnapshotError, match="not a snapshot index"):
        build_snapshot(record_files()[:1], output)
    assert output.read_text(encoding="utf-8") == "my notes"


# ------------------------------------------------------------------ problems


def test_corrupt_line_and_truncated_gzip_are_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    items = list_items(30)
    lines = [_compact(m) for m in items[:10]]
    lines[3] = lines[3][: len(lines[3]) // 2]  # a line cut in half
    lines.insert(6, '{"status": "ok", "message-type": "validation-failure"}')
    bad_line = _write_jsonl_gz(tmp_path / "bad-line.jsonl.gz", lines)

    # A gzip part cut short: what was decompressed before the cut is kept.
    whole = gzip.compress("".join(_compact(m) + "\n" for m in items[10:30]).encode("utf-8"))
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(whole[: int(len(whole) * 0.6)])
    good = _write_jsonl_gz(tmp_path / "good.jsonl.gz", [_compact(items[-1])])

    result = build_snapshot([bad_line, truncated, good], tmp_path / "index.sqlite")
    problems = [str(p) for p in result.problems]
    assert result.problem_count == 3
    assert any(p.startswith(f"{bad_line}:4: bad JSON line") for p in problems), problems
    assert any(p.startswith(f"{bad_line}:7: not a Crossref work record") for p in problems), problems
    cut = next(p for p in result.problems if p.path == str(truncated))
    assert "truncated gzip" in cut.message and cut.line is not None and 1 < cut.line <= 21
    # Nine good lines of the first file, the lines before the cut, the last file.
    assert result.total == 9 + (cut.line - 1) + 1
    with SnapshotSource.open(tmp_path / "index.sqlite") as source:
        assert items[-1]["DOI"].lower() in source.messages([items[-1]["DOI"]])
        assert items[3]["DOI"].lower() not in source.messages([items[3]["DOI"]])
    text = format_build_result(result)
    assert "Problems: 3" in text and f"{bad_line}:4:" in text


def test_problems_are_listed_up_to_a_limit_and_counted_beyond(tmp_path: Path) -> None:
    lines = ["not json"] * (index.MAX_PROBLEMS + 25) + [_compact(list_items(1)[0])]
    result = build_snapshot([_write_jsonl_gz(tmp_path / "noise.jsonl.gz", lines)], tmp_path / "index.sqlite")
    assert result.problem_count == index.MAX_PROBLEMS + 25
    assert len(result.problems) == index.MAX_PROBLEMS
    assert result.problems[-1].line == index.MAX_PROBLEMS
    assert result.total == 1
    assert format_build_result(result).endswith("... and 25 more")


def test_broken_json_document_is_reported_with_the_records_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    message = list_items(1)[0]
    text = json.dumps({"items": [message, message]}, indent=1)
    cut = text.rindex('"DOI"')
    path.write_text(text[:cut] + '"DOI" "missing colon", ' + text[cut:], encoding="utf-8")
    result = build_snapshot([path], tmp_path / "index.sqlite")
    assert result.problem_count == 1
    problem = result.problems[0]
    assert problem.path == str(path)
    assert problem.message.startswith("bad JSON after record 1 (parse error")
    assert "\n" not in str(problem)
    assert result.total == 1  # the first item, read before the damage


# ------------------------------------------------------------------- updates


def test_newer_indexed_record_replaces_the_stored_one_and_older_is_ignored(tmp_path: Path) -> None:
    original = message_of(record_files()[0])
    stamp = original["indexed"]["date-time"]
    newer = _with(original, title=["Zymurgical kaleidoscope replacement"], indexed=_indexed("2099-01-01T00:00:00Z"))
    older = _with(original, title=["Obsolete quibbling wording"], indexed=_indexed("1999-01-01T00:00:00Z"))
    output = tmp_path / "index.sqlite"
    assert build_snapshot([record_files()[0]], output).added == 1

    update = build_snapshot([_write_jsonl_gz(tmp_path / "newer.jsonl.gz", [_compact(newer)])], output)
    assert (update.updated, update.added, update.total) == (1, 0, 1)
    stale = build_snapshot([_write_jsonl_gz(tmp_path / "older.jsonl.gz", [_compact(older)])], output)
    assert (stale.updated, stale.unchanged, stale.total) == (0, 1, 1)

    with SnapshotSource.open(output) as source:
        stored = source.messages([original["DOI"]])[original["DOI"].lower()]
        assert stored == newer and stored["indexed"]["date-time"] > stamp
        # The full-text entry moved with the record: the old title no longer matches.
        old_title = original["title"][0]
        assert source.search_sync(Reference(id="a", line=1, text=old_title, title=old_title)) == []
        found = source.search_sync(Reference(id="b", line=1, text="", title="Zymurgical kaleidoscope replacement"))
        assert [w.doi for w in found] == [original["DOI"].lower()]
        assert source.search_sync(Reference(id="c", line=1, text="", title="Obsolete quibbling wording")) == []
    info = snapshot_info(output)
    assert info.records == 1 and info.sources == 3


def test_newer_wins_within_one_run_whatever_the_order(tmp_path: Path) -> None:
    original = list_items(1)[0]
    a = _with(original, title=["Version A"], indexed=_indexed("2030-01-01T00:00:00Z"))
    b = _with(original, title=["Version B"], indexed=_indexed("2031-01-01T00:00:00Z"))
    for order in ([a, b], [b, a]):
        output = tmp_path / f"index-{order[0]['title'][0][-1]}.sqlite"
        result = build_snapshot([_write_jsonl_gz(tmp_path / "two.jsonl.gz", [_compact(m) for m in order])], output)
        assert (result.records, result.total, result.unchanged) == (2, 1, 1)
        with SnapshotSource.open(output) as source:
            assert source.messages([original["DOI"]])[original["DOI"].lower()]["title"] == ["Version B"]


def test_shard_indexes_merge_with_newer_indexed_winning(tmp_path: Path) -> None:
    items = list_items(30)
    shared = items[0]
    newer = _with(shared, title=["Merged newest title"], indexed=_indexed("2098-01-01T00:00:00Z"))
    shard_a = tmp_path / "a.sqlite"
    shard_b = tmp_path / "b.sqlite"
    build_snapshot([_write_jsonl_gz(tmp_path / "a.jsonl.gz", [_compact(m) for m in items[:20]])], shard_a)
    build_snapshot(
        [_write_jsonl_gz(tmp_path / "b.jsonl.gz", [_compact(m) for m in [newer, *items[20:]]])], shard_b
    )
    merged = tmp_path / "merged.sqlite"
    result = build_snapshot([shard_a, shard_b], merged)
    distinct = {m["DOI"].lower() for m in items}
    assert result.ok and result.total == len(distinct)
    assert result.updated == 1
    with SnapshotSource.open(merged) as source:
        assert source.messages([shared["DOI"]])[shared["DOI"].lower()] == newer
        assert source.messages([items[25]["DOI"]])[items[25]["DOI"].lower()] == items[25]
        found = source.search_sync(Reference(id="m", line=1, text="", title="Merged newest title"))
        assert found and found[0].doi == shared["DOI"].lower()


def test_dropped_fields_are_left_out_and_fixed_at_creation(tmp_path: Path) -> None:
    path = next(p for p in record_files() if message_of(p).get("reference"))
    output = tmp_path / "slim.sqlite"
    build_snapshot([path], output, drop_fields=["reference"])
    message = message_of(path)
    with SnapshotSource.open(output) as source:
        stored = source.messages([message["DOI"]])[message["DOI"].lower()]
    assert "reference" not in stored
    assert work_from_message(stored) == work_from_message(message)
    assert snapshot_info(output).dropped_fields == ("reference",)
    with pytest.raises(SnapshotError, match="dropping"):
        build_snapshot([path], output, drop_fields=[])


def test_interrupted_fresh_build_leaves_no_index(tmp_path: Path) -> None:
    def stop(_file: str, _records: int) -> None:
        raise KeyboardInterrupt

    output = tmp_path / "index.sqlite"
    with pytest.raises(KeyboardInterrupt):
        build_snapshot([LIST_ITEMS], output, batch_size=100, progress=stop)
    assert not output.exists()
    assert not list(tmp_path.glob("index.sqlite*"))


def test_index_is_left_in_a_safe_state(tmp_path: Path) -> None:
    output = tmp_path / "index.sqlite"
    build_snapshot(record_files()[:5], output)
    build_snapshot(record_files()[5:10], output)  # an update, in WAL mode while it runs
    assert not Path(f"{output}-wal").exists()
    conn = sqlite3.connect(output)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO works_fts (works_fts) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    finally:
        conn.close()


def test_info_and_its_rendering(records_index: Path) -> None:
    info = snapshot_info(records_index)
    messages = [message_of(p) for p in record_files()] + list_items()
    years = [work_from_message(m).year for m in messages if work_from_message(m).year]
    assert info.records == len({m["DOI"].lower() for m in messages})
    assert (info.first_year, info.last_year) == (min(years), max(years))
    indexed = [m["indexed"]["date-time"] for m in messages if "indexed" in m]
    assert (info.first_indexed, info.last_indexed) == (min(indexed), max(indexed))
    assert info.size_bytes == records_index.stat().st_size
    assert info.built_at and info.updated_at and info.searchable
    text = format_info(info)
    assert f"{info.records:,}" in text and f"{min(years)} to {max(years)}" in text
