"""Helpers for the sources tests: settings pointing at the fake server, a fast retry policy, a runner."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Sequence

from citecheck.model import Resolution
from citecheck.settings import Settings
from citecheck.sources.http import HttpPolicy
from citecheck.sources.resolver import Resolver
from tests.servers.fake_crossref import FakeCrossref

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
