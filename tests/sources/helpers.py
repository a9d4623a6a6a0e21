"""Helpers for the sources tests: settings pointing at the fake servers, a fast retry policy, runners."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Sequence

from citecheck.model import Resolution
from citecheck.settings import Settings
from citecheck.sources.http import HttpPolicy
from citecheck.sources.resolver import Resolver
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed

# Retries as in production, but with millisecond backoff so that tests stay fast.
FAST = HttpPolicy(backoff_base=0.01, backoff_cap=0.05, total=10.0)


def settings_for(fake: FakeCrossref, cache_dir: Path | None, **values: Any) -> Settings:
    options: dict[str, Any] = {
        "crossref_url": fake.url,
        "doi_url": fake.url + "/doiorg",
        "cache_dir": cache_dir,
        "use_cache": cache_dir is not None,
        "mailto": "tests@example.org",
        "timeout": 5.0,
        # These tests are about Crossref; PubMed has its own (tests/sources/test_pubmed*.py).
        "pubmed": False,
    }
    options.update(values)
    return Settings(**options)


def resolve(settings: Settings, dois: Sequence[str], policy: HttpPolicy = FAST) -> tuple[dict[str, Resolution], Resolver]:
    """Run one resolver over `dois` and close it; returns the answers and the (closed) resolver."""

    async def run() -> tuple[dict[str, Resolution], Resolver]:
        resolver = Resolver(settings, policy=policy)
        try:
            return await resolver.resolve(list(dois)), resolver
        finally:
            await resolver.aclose()

    return asyncio.run(run())


def pubmed_settings(fake: FakePubMed, cache_dir: Path | None = None, **values: Any) -> Settings:
    """The evidence tests' PubMed settings (the fake E-utilities, an API key), with the fake's ID converter."""
    from tests.evidence.conftest import pubmed_settings as evidence_settings

    return evidence_settings(fake, cache_dir, **{"idconv_url": fake.idconv_url, **values})
