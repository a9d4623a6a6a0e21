"""The lean profile keeps exactly what the checks read: same Works, same verdicts, far fewer bytes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from citecheck.compare.locators import record_years
from citecheck.errors import SnapshotError
from citecheck.model import Reference
from citecheck.pipeline import check_paths
from citecheck.snapshot.build import build_snapshot
from citecheck.snapshot.codec import search_fields
from citecheck.snapshot.info import snapshot_info
from citecheck.snapshot.profiles import Storage, lean_message
from citecheck.snapshot.source import SnapshotSource
from citecheck.sources.records import work_from_message
from tests.snapshot.conftest import (
    BUNDLED,
    CHECKED_ARTICLES,
    LIST_ITEMS,
    article_record_files,
    fixture_inputs,
    list_items,
    message_of,
    offline_settings,
    record_files,
    report_json,
)


def _all_messages() -> list[dict[str, Any]]:
    return [message_of(p) for p in record_files() + article_record_files()] + list_items()


def _notices(message: dict[str, Any], key: str) -> list[tuple]:
    """What the status checks read of `update-to` / `updated-by`."""
    out = []
    for notice in message.get(key) or []:
        if isinstance(notice, dict):
            updated = notice.get("updated")
            out.append((
                notice.get("DOI"), notice.get("type"), notice.get("label"), notice.get("source"),
                notice.get("record-id"), updated.get("date-time") if isinstance(updated, dict) else updated,
            ))
    return out


def test_a_lean_record_reads_as_the_full_one() -> None:
    messages = _all_messages()
    assert len(messages) > 2000
    with_notices = 0
    for message in messages:
        lean = lean_message(message)
        assert work_from_message(lean) == work_from_message(message), message["DOI"]
        assert work_from_message(lean).indexed == work_from_message(message).indexed
        assert record_years(work_from_message(lean)) == record_years(work_from_message(message)), message["DOI"]
        assert search_fields(lean) == search_fields(message), message["DOI"]
        for key in ("update-to", "updated-by"):
            assert _notices(lean, key) == _notices(message, key), message["DOI"]
        with_notices += bool(message.get("update-to") or message.get("updated-by"))
        assert lean.get("relation") == message.get("relation")
        assert lean.get("subtype") == message.get("subtype")
        first = (message.get("author") or [{}])[0]
        if isinstance(first, dict):
            assert (lean.get("author") or [{}])[0].get("given") == first.get("given")
        for dropped in ("reference", "license", "link", "funder", "ISSN", "publisher", "assertion"):
            assert dropped not in lean
    assert with_notices >= 3  # the fixtures hold corrections and retractions


def test_editors_stand_in_only_when_no_author_is_named() -> None:
    message = copy.deepcopy(list_items(1)[0])
    message["editor"] = [{"given": "Ann", "family": "Editor", "affiliation": []}]
    assert "editor" not in lean_message(message) or not message.get("author")
    message["author"] = [{"literal": "The Consortium"}]
    lean = lean_message(message)
    assert lean["editor"] == [{"given": "Ann", "family": "Editor"}]
    assert search_fields(lean) == search_fields(message)
    assert work_from_message(lean) == work_from_message(message)


def test_every_publication_date_a_cited_year_may_match_is_kept() -> None:
    message = copy.deepcopy(list_items(1)[0])
    message["issued"] = {"date-parts": [[None]]}
    message["published"] = {"date-parts": [[2011, 3]], "date-time": "x"}
    lean = lean_message(message)
    assert lean["published"] == {"date-parts": [[2011, 3]]}
    assert work_from_message(lean).year == work_from_message(message).year == 2011
    # A record issued one year and published the next: a citation may give either.
    message["issued"] = {"date-parts": [[2019, 3]]}
    message["published"] = {"date-parts": [[2020, 9, 2]]}
    message["published-other"] = {"date-parts": [[2021]]}
    lean = lean_message(message)
    assert record_years(work_from_message(lean)) == record_years(work_from_message(message))
    assert set(record_years(work_from_message(lean))) >= {2019, 2020, 2021}


def test_lean_index_is_much_smaller_and_answers_the_same(tmp_path: Path) -> None:
    full = build_snapshot([LIST_ITEMS], tmp_path / "full.sqlite")
    lean = build_snapshot([LIST_ITEMS], tmp_path / "lean.sqlite", profile="lean")
    assert lean.total == full.total
    assert lean.size_bytes < 0.6 * full.size_bytes
    info = snapshot_info(tmp_path / "lean.sqlite")
    assert info.profile == "lean"
    items = list_items()
    dois = [m["DOI"] for m in items]
    with SnapshotSource.open(tmp_path / "full.sqlite") as a, SnapshotSource.open(tmp_path / "lean.sqlite") as b:
        from_full, from_lean = a.lookup_sync(dois), b.lookup_sync(dois)
        assert from_full.keys() == from_lean.keys()
        assert all(from_full[d].work == from_lean[d].work for d in dois)
        for message in items[::60]:
            title = work_from_message(message).title or ""
            authors = tuple(work_from_message(message).authors[:1])
            reference = Reference(id="r", line=1, text=title, title=title, authors=authors)
            assert [w.doi for w in a.search_sync(reference)] == [w.doi for w in b.search_sync(reference)]


def test_verdicts_from_a_lean_index_equal_those_from_the_full_one(tmp_path: Path) -> None:
    lean = tmp_path / "lean.sqlite"
    assert build_snapshot(fixture_inputs(), lean, profile="lean").ok
    full_report = check_paths(CHECKED_ARTICLES, offline_settings(BUNDLED))
    lean_report = check_paths(CHECKED_ARTICLES, offline_settings(lean))
    findings = sum(len(f.findings) for f in full_report.files)
    assert findings >= 10  # the articles have real errors to find
    assert report_json(lean_report) == report_json(full_report)


def test_profile_is_fixed_when_the_index_is_created(tmp_path: Path) -> None:
    output = tmp_path / "lean.sqlite"
    build_snapshot(record_files()[:2], output, profile="lean")
    with pytest.raises(SnapshotError, match="lean profile"):
        build_snapshot(record_files()[2:4], output, profile="full")
    update = build_snapshot(record_files()[2:4], output)  # no profile given: the index's own
    assert update.ok and update.total == 4
    with pytest.raises(SnapshotError, match="unknown profile"):
        build_snapshot(record_files()[:1], tmp_path / "other.sqlite", profile="tiny")


def test_merging_a_full_index_into_a_lean_one_stores_it_lean(tmp_path: Path) -> None:
    full = tmp_path / "full.sqlite"
    build_snapshot(record_files()[:5], full)
    lean = tmp_path / "lean.sqlite"
    build_snapshot([full], lean, profile="lean")
    with SnapshotSource.open(lean) as source:
        for path in record_files()[:5]:
            message = message_of(path)
            stored = source.messages([message["DOI"]])[message["DOI"].lower()]
            assert stored == Storage("lean").keep(message)
