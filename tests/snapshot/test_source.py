"""SnapshotSource: lookups, search and errors, through the WorkSource interface."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from citecheck.errors import SnapshotError
from citecheck.model import Outcome, Reference
from citecheck.snapshot.info import snapshot_info
from citecheck.snapshot.query import MAX_TITLE_TOKENS, title_tokens
from citecheck.snapshot.source import SnapshotSource
from citecheck.sources.base import WorkSource
from citecheck.sources.records import work_from_message
from tests.snapshot.conftest import (
    BUNDLED,
    article_record_files,
    list_items,
    message_of,
    record_files,
)

SICI = "10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v"


@pytest.fixture
def source(records_index: Path):
    with SnapshotSource.open(records_index) as opened:
        yield opened


def test_is_a_work_source(source: SnapshotSource) -> None:
    assert isinstance(source, WorkSource)
    assert source.name == "snapshot"


def test_work_from_snapshot_equals_work_from_the_record_file(source: SnapshotSource) -> None:
    files = record_files()
    dois = [message_of(p)["DOI"] for p in files]
    answers = asyncio.run(source.lookup(dois))
    assert set(answers) == set(dois)
    for path in files:
        message = message_of(path)
        resolution = answers[message["DOI"]]
        assert resolution.outcome is Outcome.FOUND and resolution.source == "snapshot"
        assert resolution.doi == message["DOI"].lower()
        expected = work_from_message(message)
        assert resolution.work == expected, path.name
        assert resolution.work.raw == expected.raw


def test_lookup_is_case_insensitive_and_keyed_as_asked(source: SnapshotSource) -> None:
    asked = ["10.1038/NG.3834", " 10.1038/ng.3834 "]
    answers = asyncio.run(source.lookup(asked))
    assert set(answers) == set(asked)
    assert {r.doi for r in answers.values()} == {"10.1038/ng.3834"}
    assert answers[asked[0]].work.title == "The impact of structural variation on human gene expression"


def test_lookup_of_a_sici_doi(source: SnapshotSource) -> None:
    asked = SICI.upper()  # <>:;() and all
    answers = asyncio.run(source.lookup([asked, SICI]))
    assert answers[SICI].work.doi == SICI
    assert answers[asked].work.volume == "430" and answers[asked].work.pages == "283-305"


def test_unknown_dois_are_absent_not_not_found(source: SnapshotSource) -> None:
    answers = asyncio.run(source.lookup(["10.1038/ng.3834", "10.9999/not-in-the-snapshot", ""]))
    assert list(answers) == ["10.1038/ng.3834"]
    assert asyncio.run(source.lookup([])) == {}


def test_many_dois_in_one_lookup(source: SnapshotSource) -> None:
    items = list_items()
    dois = [m["DOI"] for m in items[:1200]]  # several IN (...) chunks
    answers = source.lookup_sync(dois)
    assert len(answers) == len(dois)


def _reference(title: str, authors: tuple[str, ...] = (), year: int | None = None) -> Reference:
    return Reference(id="r", line=1, text=title, title=title, authors=authors, year=year)


def test_search_finds_a_record_despite_a_typo_in_the_title(source: SnapshotSource) -> None:
    reference = _reference(
        "Methylphenidate exposure induces dopamine neuron loss and activaton of microglia in the basal ganglia of mice",
        ("Sadasivan",),
        2012,
    )
    found = asyncio.run(source.search(reference))
    assert found and found[0].doi == "10.1371/journal.pone.0033693"


def test_search_finds_a_list_item_with_a_misspelt_author_and_no_year(source: SnapshotSource) -> None:
    # Pick items whose titles are long enough to be distinctive.
    checked = 0
    for message in list_items()[::50]:
        work = work_from_message(message)
        if not work.title or len(title_tokens(work.title)) < 4:
            continue
        words = work.title.split()
        words[len(words) // 2] = words[len(words) // 2][:-1] + "q"  # one typo
        author = (work.authors[0] + "x",) if work.authors else ()
        found = source.search_sync(_reference(" ".join(words), author))
        assert work.doi in [w.doi for w in found], work.title
        checked += 1
    assert checked >= 20


def test_search_uses_author_and_year_when_the_title_is_unrecognisable(source: SnapshotSource) -> None:
    reference = _reference("Qwxz ytrewq plokij", ("Sadasivan",), 2012)
    found = source.search_sync(reference)
    assert found and found[0].doi == "10.1371/journal.pone.0033693"


@pytest.mark.parametrize(
    "title",
    [
        'title:* AND "unbalanced NEAR(x y) OR NOT -{authors}: ^start',
        "naïve x² 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ǅemal ᏣᎳᎩ ⁂ ()[]{}",
        "a" * 200_000,
        "",
    ],
)
def test_search_sanitises_fts_syntax_and_odd_text(source: SnapshotSource, title: str) -> None:
    found = source.search_sync(_reference(title, ("O'Brien-Smith",), 2020))
    assert isinstance(found, list)


def test_title_tokens_are_capped_and_drop_stop_words() -> None:
    title = (
        "The effects of the long-term administration of methylphenidate on the dopaminergic system of mice "
        "and rats in the wild: a randomised controlled comparison across twelve independent laboratories "
        "with blinded outcome assessment"
    )
    tokens = title_tokens(title)
    assert len(tokens) == MAX_TITLE_TOKENS
    assert not {"the", "of", "on", "and", "in", "a", "with"} & set(tokens)
    assert {"methylphenidate", "dopaminergic", "laboratories"} <= set(tokens)
    assert title_tokens("Élan vital, naïve Müller") == ["elan", "vital", "naive", "muller"]


def test_words_no_record_holds_are_left_out_of_the_query(source: SnapshotSource) -> None:
    # Every cited word is misspelt but two: the query runs on the two the index knows.
    reference = _reference("Methylphenidatte Expossure Inducess Dopamine Neuronn Loss", ("Sadasivann",))
    found = source.search_sync(reference)
    assert "10.1371/journal.pone.0033693" in [w.doi for w in found]


def test_missing_index_is_a_snapshot_error(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="not found") as raised:
        SnapshotSource.open(tmp_path / "missing.sqlite")
    assert "\n" not in str(raised.value) and "missing.sqlite" in str(raised.value)
    assert "citecheck snapshot build" in str(raised.value)


def test_non_sqlite_file_is_a_snapshot_error(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"\x00garbage" * 100)
    with pytest.raises(SnapshotError, match="not a SQLite database"):
        SnapshotSource.open(path)


def test_sqlite_file_without_the_tables_is_a_snapshot_error(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE works (doi TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(SnapshotError, match="not a citecheck snapshot index") as raised:
        SnapshotSource.open(path)
    assert str(path) in str(raised.value)
    with pytest.raises(SnapshotError):
        snapshot_info(path)


def test_damaged_index_is_a_snapshot_error(tmp_path: Path, records_index: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    data = bytearray(records_index.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match=str(path).replace("\\", "\\\\")):
        SnapshotSource.open(path)


def test_index_opens_read_only(records_index: Path) -> None:
    with SnapshotSource.open(records_index) as source:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            source.readers[0]._conn.execute("DELETE FROM meta")


def test_bundled_fixture_snapshot_serves_every_fixture_record() -> None:
    files = record_files() + article_record_files()
    with SnapshotSource.open(BUNDLED) as source:
        answers = source.lookup_sync([message_of(p)["DOI"] for p in files])
        for path in files:
            message = message_of(path)
            assert message["DOI"] in answers, (
                f"{path.name} is not in the bundled snapshot: run benchmarks/build_fixture_snapshot.py"
            )
            assert answers[message["DOI"]].work == work_from_message(message), (
                f"{path.name} differs from the bundled snapshot: run benchmarks/build_fixture_snapshot.py"
            )
        item = list_items(1)[0]
        assert source.lookup_sync([item["DOI"]])[item["DOI"]].work == work_from_message(item)
