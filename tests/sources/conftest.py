"""Fixtures for the sources tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.settings import Settings
from tests.servers.fake_crossref import FakeCrossref
from tests.sources.helpers import settings_for


@pytest.fixture
def settings(fake_crossref: FakeCrossref, cache_dir: Path) -> Settings:
    return settings_for(fake_crossref, cache_dir)
