"""Shared pytest fixtures: the fake Crossref server and a private cache folder."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from tests.servers.fake_crossref import FakeCrossref


@pytest.fixture
def fake_crossref() -> Iterator[FakeCrossref]:
    """A running fake Crossref loaded with every fixture record (no latency, limits enforced).

    Tests that need other behaviour adjust it in place (`fake.latency = 0.2`,
    `fake.set_fail({...})`, `fake.agencies[doi] = "datacite"`), or start their
    own `FakeCrossref(...)`.
    """
    with FakeCrossref.from_fixtures() as fake:
        yield fake


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """An empty folder for the disk cache of one test."""
    path = tmp_path / "cache"
    path.mkdir()
    return path
