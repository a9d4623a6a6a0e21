"""Request slots for one host, within the rate and concurrency it announced.

`async with pacer.slot("single"):` (or `"search"`) waits until both the
concurrency limit and that kind's rate allow one more request. Waiters are
served first come, first served per kind. The limits start where the host's
documentation puts them (`citecheck.sources.limits`) and follow what the host
announces in each answer (`observe`). A 429 pauses the whole host (`pause`).

The bookkeeping of who holds what lives in a ledger: `LocalLedger` keeps it
in memory for one process; `citecheck.sources.budget.SharedLedger` keeps it
in a locked file so that every process sharing a cache folder draws on one
budget per host.

The rate is kept on completion times: a request counts against the budget
from the moment it is sent until one interval after its answer arrived. The
server saw it arrive somewhere in between, so however long the connection
took, no interval on the server's clock ever holds more than the limit.
(Counting from the send time is not safe: a slow first request reaches the
server late and crowds the next interval.)
"""

from __future__ import annotations

import asyncio
import collections
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import AsyncIterator, Callable, Mapping, Protocol

from citecheck.sources.limits import MAX_CONCURRENCY, MAX_RATE, Announced, Limits, read_limits

KINDS = ("single", "search")


class Grant:
    """One request's claim on a host's budget: in flight (`done` None) or completed at `done`."""

    __slots__ = ("kind", "done", "key")

    def __init__(self, kind: str, key: str | None = None) -> None:
        self.kind = kind
        self.done: float | None = None
        self.key = key


@dataclass
class Rate:
    """`limit` requests per `interval` seconds."""

    limit: int
    interval: float


class Ledger(Protocol):
    """Who holds which slot of one host: grants, releases and pauses."""

    in_flight: int  # requests of this process in flight

    def take(self, kind: str, rate: Rate, concurrency: int) -> Grant | float:
        """A grant now, or how many seconds to wait before asking again (inf: until a release)."""
        ...

    def release(self, grant: Grant) -> None:
        ...

    def pause(self, seconds: float) -> None:
        ...

    def close(self) -> None:
        ...


def window(rate: Rate, margin: float) -> float:
    """How long a completed request keeps counting against the rate."""
    return rate.interval * (1 + margin) + 0.002


class LocalLedger:
    """The grants of this process only, in memory."""

    def __init__(self, margin: float = 0.01, clock: Callable[[], float] = time.monotonic) -> None:
        self.margin = margin
        self.in_flight = 0
        self.paused_until = 0.0
        self._clock = clock
        self._grants: dict[str, list[Grant]] = {kind: [] for kind in KINDS}

    def take(self, kind: str, rate: Rate, concurrency: int) -> Grant | float:
        now = self._clock()
        if now < self.paused_until:
            return self.paused_until - now
        if self.in_flight >= concurrency:
            return float("inf")  # woken by release()
        span = window(rate, self.margin)
        grants = [g for g in self._grants[kind] if g.done is None or g.done > now - span]
        self._grants[kind] = grants
        if len(grants) >= rate.limit:
            finished = [g.done for g in grants if g.done is not None]
            # All in flight: a release() will pump again.
            return (min(finished) + span - now + 0.001) if finished else float("inf")
        grant = Grant(kind)
        grants.append(grant)
        self.in_flight += 1
        return grant

    def release(self, grant: Grant) -> None:
        if grant.done is None:
            grant.done = self._clock()
            self.in_flight = max(0, self.in_flight - 1)

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self._clock() + seconds)

    def close(self) -> None:
        return None


class Pacer:
    """Hands out request slots for one host within its announced limits."""

    def __init__(
        self,
        host: str,
        *,
        single: int = 5,
        search: int = 1,
        interval: float = 1.0,
        concurrency: int = 1,
        margin: float = 0.01,
        clock: Callable[[], float] = time.monotonic,
        ledger: Ledger | None = None,
    ) -> None:
        self.host = host
        self.budgets = {"single": Rate(single, interval), "search": Rate(search, interval)}
        self.concurrency = concurrency
        self.pool: str | None = None
        self.ledger: Ledger = ledger if ledger is not None else LocalLedger(margin, clock)
        self._waiters: dict[str, collections.deque] = {kind: collections.deque() for kind in KINDS}
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def for_limits(cls, host: str, limits: Limits, **options) -> "Pacer":
        return cls(host, single=limits.single, search=limits.search, interval=limits.interval,
                   concurrency=limits.concurrency, **options)

    @property
    def in_flight(self) -> int:
        return self.ledger.in_flight

    # -- public

    @asynccontextmanager
    async def slot(self, kind: str = "single") -> AsyncIterator["Pacer"]:
        grant = await self.acquire(kind)
        try:
            yield self
        finally:
            self.release(grant)

    def observe(self, headers: Mapping[str, str], kind: str = "single") -> Announced:
        """Adopt the limits an answer announced, for that kind of request."""
        announced = read_limits(headers)
        budget = self._budget(kind)
        if announced.limit:
            budget.limit = min(announced.limit, MAX_RATE)
        if announced.interval:
            budget.interval = announced.interval
        if announced.concurrency:
            self.concurrency = min(announced.concurrency, MAX_CONCURRENCY)
        if announced.pool:
            self.pool = announced.pool
        self._pump()
        return announced

    def set_limits(self, limits: Limits) -> None:
        """The starting limits of a host that does not announce them (PubMed: 3/s, or 10/s with a key)."""
        self.budgets["single"] = Rate(min(limits.single, MAX_RATE), limits.interval)
        self.budgets["search"] = Rate(min(limits.search, MAX_RATE), limits.interval)
        self.concurrency = min(limits.concurrency, MAX_CONCURRENCY)
        self._pump()

    def pause(self, seconds: float) -> None:
        """Send nothing to this host for `seconds` (after a 429)."""
        self.ledger.pause(seconds)
        self._pump()

    async def acquire(self, kind: str = "single") -> Grant:
        """Wait for a slot; hand the returned grant back to `release` once the answer is in."""
        kind = kind if kind in self._waiters else "single"
        waiters = self._waiters[kind]
        if not waiters:
            taken = self.ledger.take(kind, self._budget(kind), self.concurrency)
            if isinstance(taken, Grant):
                return taken
        future: asyncio.Future[Grant] = asyncio.get_running_loop().create_future()
        waiters.append(future)
        self._pump()
        try:
            return await future
        except asyncio.CancelledError:
            # Granted just before the cancellation: give the slot back.
            if future.done() and not future.cancelled():
                self.release(future.result())
            raise

    def release(self, grant: Grant | None = None) -> None:
        if grant is not None:
            self.ledger.release(grant)
        self._pump()

    def close(self) -> None:
        """Let go of the ledger (a shared one keeps a file open)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.ledger.close()

    # -- internals

    def _budget(self, kind: str) -> Rate:
        return self.budgets[kind if kind in self.budgets else "single"]

    def _pump(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        soonest = float("inf")
        for kind, waiters in self._waiters.items():
            while waiters:
                head = waiters[0]
                if head.done():  # cancelled while waiting
                    waiters.popleft()
                    continue
                taken = self.ledger.take(kind, self._budget(kind), self.concurrency)
                if not isinstance(taken, Grant):
                    soonest = min(soonest, taken)
                    break
                waiters.popleft()
                head.set_result(taken)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if soonest != float("inf"):
            self._timer = loop.call_later(max(0.0, soonest), self._pump)
