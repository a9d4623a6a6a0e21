"""Fixtures for the sources tests."""

from __future__ import annotations

from pathlib import Path

from typing import Iterator

import pytest

from citecheck.settings import Settings
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed
from tests.sources.helpers import settings_for

PUBMED_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pubmed"


@pytest.fixture
def settings(fake_crossref: FakeCrossref, cache_dir: Path) -> Settings:
    return settings_for(fake_crossref, cache_dir)


@pytest.fixture
def fake_pubmed() -> Iterator[FakePubMed]:
    """A running fake PubMed serving every record of fixtures/pubmed/ (NCBI's rate enforced)."""
    with FakePubMed(PUBMED_FIXTURES) as fake:
        yield fake
