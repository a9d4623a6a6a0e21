"""Shared material for the snapshot tests: record files from fixtures/ and a built index."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from citecheck.snapshot.build import build_snapshot

ROOT = Path(__file__).resolve().parents[2]
CROSSREF = ROOT / "fixtures" / "crossref"
LIST_ITEMS = ROOT / "fixtures" / "snapshot" / "list-items.jsonl.gz"
BUNDLED = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"


def record_files() -> list[Path]:
    """The `/works/{doi}` bodies (real recordings and reconstructed seeds)."""
    return sorted(CROSSREF.glob("10.*.json"))


def article_record_files() -> list[Path]:
    """Reconstructed records for the DOIs of fixtures/articles/ (may not exist yet)."""
    return sorted((CROSSREF / "articles").glob("10.*.json"))


def message_of(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))["message"]


def list_items(limit: int | None = None) -> list[dict[str, Any]]:
    items = []
    with gzip.open(LIST_ITEMS, "rt", encoding="utf-8") as handle:
        for line in handle:
            items.append(json.loads(line))
            if limit is not None and len(items) >= limit:
                break
    return items


@pytest.fixture(scope="session")
def records_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index built from the fixture records and the list items, once per session."""
    output = tmp_path_factory.mktemp("snapshot") / "records.sqlite"
    result = build_snapshot([*record_files(), LIST_ITEMS], output)
    assert result.ok, result.problems
    return output
