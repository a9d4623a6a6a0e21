"""One HTTP client per run, paced by what each host announces, with bounded retries.

Crossref says in every answer how fast a client may go (`x-rate-limit-limit`
per `x-rate-limit-interval`, older answers spell it `x-ratelimit-*`) and how
many requests may be in flight (`x-concurrency-limit`); going over earns 429s
and, if repeated, a block. So every request waits for a slot from its host's
`Pacer`, which starts at the public pool's limits (the strictest) and adopts
whatever the host announces from the first answer on. Searches and single-work
look-ups have separate rate budgets and share the concurrency limit.

Transient failures (429, 5xx, timeouts, dropped connections) are retried with
exponential backoff and jitter, honouring `Retry-After`, within a bounded
number of attempts and total time; other 4xx answers are returned to the
caller untouched. After too many consecutive failures a host's circuit opens:
no more requests go to it in this run, and what is left becomes unverified.
"""

from __future__ import annotations

import asyncio
import collections
import email.utils
import random
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Mapping
from urllib.parse import urljoin, urlsplit

import httpx

import citecheck
from citecheck.model import RunStats
from citecheck.settings import Settings
from citecheck.sources.errors import CircuitOpen, PermanentError, TransientError

# Hard ceilings on what a host may talk us into: a misconfigured mirror that
# announces 10,000 requests/s should not turn citecheck into a load generator.
MAX_RATE = 100
MAX_CONCURRENCY = 16
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class HttpPolicy:
    """How hard to try: retries, backoff, circuit breaker."""

    attempts: int = 5  # first try included
    backoff_base: float = 0.5  # seconds; doubled each retry, with jitter
    backoff_cap: float = 10.0
    total: float = 60.0  # never spend longer than this on one request, retries included
    max_retry_after: float = 60.0  # a longer Retry-After means "give up for now"
    breaker_threshold: int = 10  # consecutive failed attempts that open a host's circuit
    # Safety margin on the rate interval (clocks and timers are not exact).
    rate_margin: float = 0.01

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based): exponential, half of it random."""
        delay = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        return delay * (0.5 + random.random() / 2)


class Counters:
    """What the sources saw during a run; turned into a frozen RunStats at the end."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.requests = 0
        self.cache_hits = 0
        self.rate_limited = 0
        self.failures = 0
        self.unverified = 0
        self.offline = bool(settings and settings.offline)
        self.cache_enabled = bool(settings.use_cache) if settings else True
        self.mailto = bool(settings and settings.mailto)
        self.cache_problem: str | None = None
        self.pubmed_problem: str | None = None

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
            cache_problem=self.cache_problem,
            pubmed_problem=self.pubmed_problem,
        )


# --------------------------------------------------------------------- headers


def parse_interval(value: str | None) -> float | None:
    """`1s`, `1`, `500ms`, `1m` -> seconds; None when unreadable."""
    if not value:
        return None
    text = value.strip().lower()
    units = (("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0))
    factor = 1.0
    for suffix, unit in units:
        if text.endswith(suffix):
            text, factor = text[: -len(suffix)].strip(), unit
            break
    try:
        seconds = float(text) * factor
    except ValueError:
        return None
    return seconds if 0 < seconds <= 3600 else None


def _int(value: str | None) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class Announced:
    """The limits one answer announced (None: not said)."""

    limit: int | None = None
    interval: float | None = None
    concurrency: int | None = None
    pool: str | None = None


def read_limits(headers: Mapping[str, str]) -> Announced:
    """Read the rate-limit headers, in the current or the older spelling."""
    lower = {k.lower(): v for k, v in headers.items()}
    limit = lower.get("x-rate-limit-limit") or lower.get("x-ratelimit-limit")
    interval = lower.get("x-rate-limit-interval") or lower.get("x-ratelimit-interval")
    rate = _int(limit)
    return Announced(
        limit=rate,
        # Without an interval header the limit is per second, as Crossref has always meant it.
        interval=parse_interval(interval) if interval else (1.0 if rate else None),
        concurrency=_int(lower.get("x-concurrency-limit")),
        pool=lower.get("x-api-pool"),
    )


# ----------------------------------------------------------------------- pacer


class _Stamp:
    """One request's claim on a rate budget: in flight (`done` None) or completed at `done`."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done: float | None = None


@dataclass
class _Budget:
    limit: int
    interval: float
    stamps: list = field(default_factory=list)
    waiters: collections.deque = field(default_factory=collections.deque)


class Pacer:
    """Hands out request slots for one host within its announced limits.

    `async with pacer.slot("single"):` (or `"search"`) waits until both the
    concurrency limit and that kind's rate allow one more request. Waiters are
    served first come, first served per kind. The limits start at the public
    pool's (5/s single, 1/s search, 1 at a time) and follow what the host
    announces (`observe`). A 429 pauses the whole host (`pause`).

    The rate is kept on completion times: a request counts against the budget
    from the moment it is sent until one interval after its answer arrived.
    The server saw it arrive somewhere in between, so however long the
    connection took, no interval on the server's clock ever holds more than
    the limit. (Counting from the send time is not safe: a slow first request
    reaches the server late and crowds the next interval.)
    """

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
    ) -> None:
        self.host = host
        self.budgets = {"single": _Budget(single, interval), "search": _Budget(search, interval)}
        self.concurrency = concurrency
        self.pool: str | None = None
        self.in_flight = 0
        self.margin = margin
        self.paused_until = 0.0
        self._clock = clock
        self._timer: asyncio.TimerHandle | None = None

    # -- public

    @asynccontextmanager
    async def slot(self, kind: str = "single") -> AsyncIterator["Pacer"]:
        stamp = await self.acquire(kind)
        try:
            yield self
        finally:
            self.release(stamp)

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

    def set_limits(self, *, single: int | None = None, search: int | None = None,
                   interval: float | None = None, concurrency: int | None = None) -> None:
        """Set the starting limits for a host that does not announce them (PubMed: 3/s, or 10/s with a key)."""
        for kind, value in (("single", single), ("search", search)):
            if value:
                self.budgets[kind].limit = min(value, MAX_RATE)
            if interval:
                self.budgets[kind].interval = interval
        if concurrency:
            self.concurrency = min(concurrency, MAX_CONCURRENCY)
        self._pump()

    def pause(self, seconds: float) -> None:
        """Send nothing to this host for `seconds` (after a 429)."""
        self.paused_until = max(self.paused_until, self._clock() + seconds)
        self._pump()

    async def acquire(self, kind: str = "single") -> _Stamp:
        """Wait for a slot; hand the returned stamp back to `release` once the answer is in."""
        budget = self._budget(kind)
        if not budget.waiters:
            stamp = self._try_take(budget)
            if isinstance(stamp, _Stamp):
                return stamp
        future: asyncio.Future[_Stamp] = asyncio.get_running_loop().create_future()
        budget.waiters.append(future)
        self._pump()
        try:
            return await future
        except asyncio.CancelledError:
            # Granted just before the cancellation: give the slot back.
            if future.done() and not future.cancelled():
                self.release(future.result())
            raise

    def release(self, stamp: _Stamp | None = None) -> None:
        if stamp is not None and stamp.done is None:
            stamp.done = self._clock()
        self.in_flight = max(0, self.in_flight - 1)
        self._pump()

    # -- internals

    def _budget(self, kind: str) -> _Budget:
        return self.budgets[kind if kind in self.budgets else "single"]

    def _try_take(self, budget: _Budget) -> _Stamp | float:
        """Take a slot now (a stamp), or say how long to wait before trying again."""
        now = self._clock()
        if now < self.paused_until:
            return self.paused_until - now
        if self.in_flight >= self.concurrency:
            return float("inf")  # woken by release()
        window = budget.interval * (1 + self.margin) + 0.002
        budget.stamps = [s for s in budget.stamps if s.done is None or s.done > now - window]
        if len(budget.stamps) >= budget.limit:
            finished = [s.done for s in budget.stamps if s.done is not None]
            # All in flight: a release() will pump again.
            return (min(finished) + window - now + 0.001) if finished else float("inf")
        stamp = _Stamp()
        budget.stamps.append(stamp)
        self.in_flight += 1
        return stamp

    def _pump(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        soonest = float("inf")
        for budget in self.budgets.values():
            while budget.waiters:
                head = budget.waiters[0]
                if head.done():  # cancelled while waiting
                    budget.waiters.popleft()
                    continue
                taken = self._try_take(budget)
                if not isinstance(taken, _Stamp):
                    soonest = min(soonest, taken)
                    break
                budget.waiters.popleft()
                head.set_result(taken)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if soonest != float("inf"):
            self._timer = loop.call_later(max(0.0, soonest), self._pump)


# ---------------------------------------------------------------------- client


def user_agent(settings: Settings) -> str:
    """`citecheck/<version> (<homepage>; mailto:<addr>)`: how Crossref's polite pool recognises us."""
    contact = f"; mailto:{settings.mailto}" if settings.mailto else ""
    return f"citecheck/{citecheck.__version__} ({citecheck.HOMEPAGE}{contact})"


class _Breaker:
    """Counts consecutive failures to one host and opens when there are too many.

    A host that has not answered once in this run and cannot even be
    connected to (no DNS, refused: offline, or a wrong URL) opens after
    `unreachable_threshold` attempts, so that an offline run reports
    `unverified` in seconds instead of retrying every DOI.
    """

    def __init__(self, threshold: int, unreachable_threshold: int = 3) -> None:
        self.threshold = threshold
        self.unreachable_threshold = unreachable_threshold
        self.failures = 0
        self.answered = False
        self.last: str | None = None
        self.open = False

    def success(self) -> None:
        self.answered = True
        if not self.open:
            self.failures = 0

    def failure(self, what: str, *, unreachable: bool = False) -> None:
        self.failures += 1
        self.last = what
        limit = self.unreachable_threshold if unreachable and not self.answered else self.threshold
        if self.failures >= limit:
            self.open = True


class Http:
    """The run's HTTP client: connection reuse, timeouts, identification, pacing, retries.

    Only requests to the Crossref API (`settings.crossref_url`) carry the
    `mailto=` parameter and the Plus token; other hosts never see the token.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        counters: Counters | None = None,
        policy: HttpPolicy | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.counters = counters or Counters(settings)
        self.policy = policy or HttpPolicy()
        self.user_agent = user_agent(settings)
        self._sleep = sleep
        self._transport = transport
        self._created: httpx.AsyncClient | None = None
        self._pacers: dict[str, Pacer] = {}
        self._breakers: dict[str, _Breaker] = {}

    @property
    def _client(self) -> httpx.AsyncClient:
        """The connection pool, made on the first request: a run answered from
        the cache never pays for building (and closing) it."""
        if self._created is None:
            self._created = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self.settings.timeout, connect=min(10.0, self.settings.timeout)),
                headers={"User-Agent": self.user_agent},
                follow_redirects=False,  # followed by hand, so that every hop is paced by its own host
                limits=httpx.Limits(max_connections=MAX_CONCURRENCY * 2, max_keepalive_connections=MAX_CONCURRENCY),
            )
        return self._created

    # -- hosts

    @staticmethod
    def host_of(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}".lower()

    def pacer(self, url: str) -> Pacer:
        """The pacer of the host `url` belongs to (created at the public pool's limits)."""
        host = self.host_of(url)
        if host not in self._pacers:
            self._pacers[host] = Pacer(host, margin=self.policy.rate_margin)
        return self._pacers[host]

    def _breaker(self, host: str) -> _Breaker:
        if host not in self._breakers:
            self._breakers[host] = _Breaker(self.policy.breaker_threshold)
        return self._breakers[host]

    def is_open(self, url: str) -> bool:
        """True once the host's circuit is open (nothing more will be sent to it)."""
        return self._breaker(self.host_of(url)).open

    def _is_crossref(self, url: str) -> bool:
        crossref = self.settings.crossref_url.rstrip("/")
        doi = self.settings.doi_url.rstrip("/")
        # The doi.org stand-in may live under the Crossref URL in tests: the longer prefix wins.
        if url.startswith(doi + "/") and len(doi) > len(crossref):
            return False
        return url.startswith(crossref + "/") or url == crossref

    # -- requests

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        kind: str = "single",
        follow_redirects: bool = False,
    ) -> httpx.Response:
        """GET with pacing and retries; returns any answer that is not a transient failure.

        Raises TransientError when retries are exhausted, CircuitOpen when the
        host's circuit is open, PermanentError when the URL itself is unusable.
        """
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._get_once(url, params=params, headers=headers, kind=kind)
            location = response.headers.get("location")
            if not (follow_redirects and response.is_redirect and location):
                return response
            url, params = urljoin(str(response.url), location), None
        raise PermanentError(f"too many redirects from {url}")

    def _prepare(self, url: str, params: Mapping[str, str] | None, headers: Mapping[str, str] | None):
        params = dict(params or {})
        headers = dict(headers or {})
        if self._is_crossref(url):
            headers.setdefault("Accept", "application/json")
            if self.settings.mailto:
                params.setdefault("mailto", self.settings.mailto)
            if self.settings.plus_token:
                headers["Crossref-Plus-API-Token"] = f"Bearer {self.settings.plus_token}"
        return params, headers

    async def _get_once(self, url: str, *, params, headers, kind: str) -> httpx.Response:
        params, headers = self._prepare(url, params, headers)
        host = self.host_of(url)
        pacer = self.pacer(url)
        breaker = self._breaker(host)
        policy = self.policy
        # The clock starts at the first send: waiting in a long queue for the
        # first slot must not use up the time allowed for retries.
        started: float | None = None
        attempt = 0
        while True:
            if breaker.open:
                raise CircuitOpen(
                    f"{urlsplit(host).netloc} stopped answering ({breaker.failures} failures in a row, "
                    f"last: {breaker.last}); not asked again in this run"
                )
            attempt += 1
            error: TransientError
            unreachable = False
            async with pacer.slot(kind):
                if breaker.open:  # opened while this request waited for its slot
                    continue
                if started is None:
                    started = time.monotonic()
                self.counters.requests += 1
                try:
                    response = await self._client.get(url, params=params or None, headers=headers)
                except httpx.TimeoutException:
                    error = TransientError(f"timeout after {self.settings.timeout:g} s")
                    response = None
                except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError) as exc:
                    raise PermanentError(f"cannot request {url}: {exc}") from exc
                except httpx.ConnectError as exc:
                    # No DNS, refused: the host cannot be reached at all.
                    error = TransientError(f"connection failed ({type(exc).__name__})")
                    unreachable = True
                    response = None
                except (httpx.TransportError, httpx.DecodingError) as exc:
                    # Reset, dropped mid-answer, proxy trouble, a garbled body.
                    error = TransientError(f"connection failed ({type(exc).__name__})")
                    response = None
                else:
                    pacer.observe(response.headers, kind)
            if response is not None:
                status = response.status_code
                if status == 429:
                    self.counters.rate_limited += 1
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    error = TransientError("HTTP 429 (rate limited)", retry_after=retry_after, status=429)
                elif status >= 500:
                    self.counters.failures += 1
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    error = TransientError(f"HTTP {status}", retry_after=retry_after, status=status)
                else:
                    breaker.success()
                    return response
            else:
                self.counters.failures += 1
            breaker.failure(str(error), unreachable=unreachable)
            if breaker.open:
                continue  # raises CircuitOpen above: no point waiting for a retry
            delay = policy.backoff(attempt)
            if error.retry_after is not None:
                if error.retry_after > policy.max_retry_after:
                    raise TransientError(f"{error} and asked to wait {error.retry_after:.0f} s",
                                         retry_after=error.retry_after, status=error.status)
                delay = max(delay, error.retry_after)
            if error.status == 429:
                # Everyone waits, not only this request: the host said we are too fast.
                pacer.pause(delay)
            elapsed = time.monotonic() - (started or time.monotonic())
            if attempt >= policy.attempts or elapsed + delay > policy.total:
                raise TransientError(
                    f"{error} after {attempt} attempt{'s' if attempt > 1 else ''}",
                    retry_after=error.retry_after,
                    status=error.status,
                )
            await self._sleep(delay)

    async def aclose(self) -> None:
        if self._created is not None:
            await self._created.aclose()
