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


def write_parts(folder: Path, messages: list[dict[str, Any]], count: int) -> list[Path]:
    """Public-data-file-shaped parts: consecutive runs of the messages, one per line, gzipped."""
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(messages) // count)
    parts = []
    for n in range(count):
        path = folder / f"{n:04d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            for message in messages[n * size : (n + 1) * size]:
                handle.write(json.dumps(message, separators=(",", ":")) + "\n")
        parts.append(path)
    return parts


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


ARTICLES = ROOT / "fixtures" / "articles"
# The seed articles and the real ones whose records fixtures/crossref holds.
CHECKED_ARTICLES = [
    ARTICLES / "seed-electroacupuncture-gut-inflammation.txt",
    ARTICLES / "seed-probiotics-neuropathic-pain.txt",
    ARTICLES / "seed-acupuncture-stomach-back-pain.txt",
    ARTICLES / "004_johnhawks-younger-mothers-longevity.txt",
    ARTICLES / "005_johnhawks-foxp2-bats.txt",
]


def fixture_inputs() -> list[Path]:
    """What the bundled index is built from (see benchmarks/build_fixture_snapshot.py)."""
    inputs = record_files()
    if (CROSSREF / "articles").is_dir():
        inputs.append(CROSSREF / "articles")
    return [*inputs, LIST_ITEMS]


def offline_settings(index: Path, cache_dir: Path | None = None):
    """Settings for a check answered by the index alone: offline, no cache, no PubMed, no progress bar."""
    from citecheck.settings import Settings

    return Settings(
        snapshot=index, offline=True, use_cache=cache_dir is not None, cache_dir=cache_dir,
        pubmed=False, progress=False,
    )


def report_json(report) -> str:
    """The JSON report, as `--format json` prints it."""
    import io

    from citecheck.report import write

    out = io.StringIO()
    write(report, "json", out)
    return out.getvalue()
