"""Fixtures for the evidence tests: a fake PubMed and settings pointing at it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from citecheck.settings import Settings
from citecheck.sources.records import work_from_message
from tests.servers.fake_pubmed import FakePubMed

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
SEED_DOIS = [
    "10.1111/1753-0407.13323",  # An 2022, mice
    "10.3389/fendo.2020.00605",  # Dekker Nitert 2020, humans
    "10.7759/cureus.42496",  # Ratna 2023, editorial
    "10.1016/j.lfs.2022.120961",  # Xia 2022, mice
    "10.2147/dmso.s449112",  # Yang 2024, mice
    "10.1111/os.13626",  # Yao 2023, review
    "10.1186/s13041-021-00765-y",  # Chen 2021, rats (not in the title)
    "10.1186/s10194-020-01170-x",  # Lin 2020, review
    "10.3390/biomedicines11030748",  # Garvey 2023, review
]


def crossref_work(doi: str):
    """The Work for a DOI from fixtures/crossref (the way the resolver builds it)."""
    path = FIXTURES / "crossref" / (doi.replace("/", "_") + ".json")
    return work_from_message(json.loads(path.read_text(encoding="utf-8"))["message"])


@pytest.fixture
def fake_pubmed() -> Iterator[FakePubMed]:
    """A running fake PubMed serving every record of fixtures/pubmed/ (NCBI's rate enforced)."""
    with FakePubMed(FIXTURES / "pubmed") as fake:
        yield fake


def pubmed_settings(fake: FakePubMed, cache_dir: Path | None = None, **values: Any) -> Settings:
    options: dict[str, Any] = {
        "pubmed_url": fake.url,
        "cache_dir": cache_dir,
        "use_cache": cache_dir is not None,
        "mailto": "tests@example.org",
        "timeout": 5.0,
        # 10 requests/s instead of 3 keeps the suite quick; the no-key pace has its own test.
        "ncbi_api_key": "test-key",
    }
    options.update(values)
    return Settings(**options)


@pytest.fixture
def seed_works():
    return [crossref_work(doi) for doi in SEED_DOIS]
