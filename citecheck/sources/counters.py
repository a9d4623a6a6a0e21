"""What the sources saw during a run: requests per service, failures, progress of each network phase.

One `Counters` per run, shared by the HTTP client, the cache and every
service; `snapshot()` turns it into the frozen `RunStats` the report shows.
`phases` says, for each network phase (Crossref look-ups, searches, PubMed,
doi.org), how much there is to do and how much is done, for a progress display.
"""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass

from citecheck.model import RunStats
from citecheck.settings import Settings

# The phases in the order a progress display lists them.
PHASES = ("Crossref", "search", "PubMed", "doi.org")


@dataclass
class Phase:
    """One network phase: `done` of `total` items (DOIs, references) answered."""

    name: str
    total: int = 0
    done: int = 0

    def add(self, count: int = 1) -> None:
        self.total += count

    def finish(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)


class Counters:
    """Mutable tallies for one run."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.requests = 0
        self.by_service: collections.Counter[str] = collections.Counter()
        self.cache_hits = 0
        self.rate_limited = 0
        self.failures = 0
        self.unverified = 0
        self.offline = bool(settings and settings.offline)
        self.cache_enabled = bool(settings.use_cache) if settings else True
        self.mailto = bool(settings and settings.mailto)
        self.cache_problem: str | None = None
        self.pubmed_problem: str | None = None
        self.budget_problem: str | None = None
        self.started = time.monotonic()
        self.phases: dict[str, Phase] = {name: Phase(name) for name in PHASES}

    def phase(self, name: str) -> Phase:
        if name not in self.phases:
            self.phases[name] = Phase(name)
        return self.phases[name]

    def sent(self, service: str) -> None:
        """One request went out to `service`."""
        self.requests += 1
        self.by_service[service] += 1

    def snapshot(self) -> RunStats:
        return RunStats(
            requests=self.requests,
            cache_hits=self.cache_hits,
            rate_limited=self.rate_limited,
            failures=self.failures,
            unverified=self.unverified,
            offline=self.offline,
            cache_enabled=self.cache_enabled,
            mailto=self.mailto,
            # The shared budget lives in the cache folder: its trouble is the folder's trouble.
            cache_problem=self.cache_problem or self.budget_problem,
            pubmed_problem=self.pubmed_problem,
        )
