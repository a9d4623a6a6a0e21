"""The run's one HTTP client: every request to every host is paced, retried and bounded the same way.

Every request, whatever the service (Crossref look-ups and searches, doi.org,
PubMed's E-utilities, the PMC ID converter), goes through `Http.request`:

- it waits for a slot from its host's `Pacer`, which starts at the limits the
  service registered (`configure`) or the strictest Crossref pool, and adopts
  whatever the host announces in each answer's headers;
- when the run has a cache folder, the host's budget is shared with every
  other citecheck process using that folder (`citecheck.sources.budget`);
- transient failures (429, 5xx, timeouts, dropped connections) are retried
  with exponential backoff and jitter, honouring `Retry-After`, within a
  bounded number of attempts; other 4xx answers are returned untouched;
- a request never takes longer than its deadline (`request_timeout`, retries
  included, counted from its first send), and nothing is sent once the run's
  deadline (`run_timeout`) has passed;
- after too many consecutive failures a host's circuit opens: nothing more is
  sent to it in this run, and what is left becomes unverified.

Only requests to the Crossref API (`settings.crossref_url`) carry the
`mailto=` parameter and the Plus token; other hosts never see the token.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urljoin, urlsplit

import httpx

import citecheck
from citecheck.settings import Settings
from citecheck.sources.breaker import Breaker
from citecheck.sources.counters import Counters
from citecheck.sources.errors import CircuitOpen, DeadlineExceeded, PermanentError, TransientError
from citecheck.sources.limits import (  # noqa: F401 - the header readers are part of this module's face
    CROSSREF_PUBLIC,
    MAX_CONCURRENCY,
    Limits,
    parse_interval,
    parse_retry_after,
    read_limits,
)
from citecheck.sources.pacer import Grant, Pacer

MAX_REDIRECTS = 5
_UNSET: Any = object()



# How a failed transfer is told to the user: what happened, not the HTTP library's exception name.
_TRANSPORT_TROUBLE = {
    "ReadError": "dropped while reading the answer",
    "WriteError": "dropped while sending the request",
    "RemoteProtocolError": "the server closed it or answered garbled",
    "LocalProtocolError": "the request could not be sent",
    "ProxyError": "the proxy refused it",
    "DecodingError": "the answer could not be decoded",
}

@dataclass(frozen=True)
class HttpPolicy:
    """How hard to try: retries, backoff, circuit breaker."""

    attempts: int = 5  # first try included
    backoff_base: float = 0.5  # seconds; doubled each retry, with jitter
    backoff_cap: float = 10.0
    total: float = 60.0  # upper bound on one request, retries included (settings.request_timeout is usually lower)
    max_retry_after: float = 60.0  # a longer Retry-After means "give up for now"
    breaker_threshold: int = 10  # consecutive failed attempts that open a host's circuit
    # Safety margin on the rate interval (clocks and timers are not exact).
    rate_margin: float = 0.01

    def backoff(self, attempt: int) -> float:
        """Delay before retry number `attempt` (1-based): exponential, half of it random."""
        delay = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        return delay * (0.5 + random.random() / 2)


def user_agent(settings: Settings) -> str:
    """`citecheck/<version> (<homepage>; mailto:<addr>)`: how Crossref's polite pool recognises us."""
    contact = f"; mailto:{settings.mailto}" if settings.mailto else ""
    return f"citecheck/{citecheck.__version__} ({citecheck.HOMEPAGE}{contact})"


def host_of(url: str) -> str:
    """`https://api.crossref.org/works/x` -> `https://api.crossref.org`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Http:
    """The run's HTTP client: connection reuse, identification, pacing, retries, deadlines."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        counters: Counters | None = None,
        policy: HttpPolicy | None = None,
        sleep: Callable[[float], Any] = asyncio.sleep,
        budget_dir: Path | None = _UNSET,
        run_deadline: float | None = _UNSET,
    ) -> None:
        self.settings = settings
        self.counters = counters or Counters(settings)
        self.policy = policy or HttpPolicy()
        self.user_agent = user_agent(settings)
        self.request_timeout = min(self.policy.total, settings.request_timeout)
        if run_deadline is _UNSET:
            run_deadline = self.counters.started + settings.run_timeout if settings.run_timeout else None
        self.run_deadline: float | None = run_deadline
        if budget_dir is _UNSET:
            # Processes share a host's budget when they share a cache folder.
            from citecheck.sources.budget import budget_folder

            budget_dir = budget_folder(settings.resolved_cache_dir) if settings.use_cache else None
        self.budget_dir = budget_dir
        self._sleep = sleep
        self._transport = transport
        self._created: httpx.AsyncClient | None = None
        self._pacers: dict[str, Pacer] = {}
        self._breakers: dict[str, Breaker] = {}
        self._services: dict[str, str] = {}  # base URL -> service name
        self._limits: dict[str, Limits] = {}  # host -> the limits it documents

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

    host_of = staticmethod(host_of)

    def configure(self, url: str, *, service: str, limits: Limits | None = None) -> None:
        """Name the service behind a base URL and, for a host that announces none, the limits it documents."""
        self._services[url.rstrip("/")] = service
        if limits is not None:
            host = host_of(url)
            self._limits[host] = limits
            if host in self._pacers:
                self._pacers[host].set_limits(limits)

    def service_of(self, url: str) -> str:
        """The service a URL belongs to (the longest configured base it starts with), else its host."""
        bases = [base for base in self._services if url == base or url.startswith(base + "/")]
        return self._services[max(bases, key=len)] if bases else urlsplit(url).netloc

    def pacer(self, url: str) -> Pacer:
        """The pacer of the host `url` belongs to."""
        host = host_of(url)
        if host not in self._pacers:
            limits = self._limits.get(host, CROSSREF_PUBLIC)
            self._pacers[host] = Pacer.for_limits(host, limits, margin=self.policy.rate_margin, ledger=self._ledger(host))
        return self._pacers[host]

    def _ledger(self, host: str) -> Any:
        if self.budget_dir is None:
            return None
        from citecheck.sources.budget import SharedLedger

        try:
            Path(self.budget_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._budget_problem(f"the request budget folder {self.budget_dir} could not be made ({exc}); "
                                 "this run paced itself alone")
            return None
        # A grant lapses when no request could still be holding it.
        lease = max(120.0, 2 * self.request_timeout + 10)
        return SharedLedger(Path(self.budget_dir), host, margin=self.policy.rate_margin, lease=lease,
                            on_problem=self._budget_problem)

    def _budget_problem(self, message: str) -> None:
        if self.counters.budget_problem is None:
            self.counters.budget_problem = message

    def _breaker(self, host: str) -> Breaker:
        if host not in self._breakers:
            self._breakers[host] = Breaker(self.policy.breaker_threshold)
        return self._breakers[host]

    def is_open(self, url: str) -> bool:
        """True once the host's circuit is open (nothing more will be sent to it)."""
        return self._breaker(host_of(url)).open

    def _is_crossref(self, url: str) -> bool:
        crossref = self.settings.crossref_url.rstrip("/")
        doi = self.settings.doi_url.rstrip("/")
        # The doi.org stand-in may live under the Crossref URL in tests: the longer prefix wins.
        if url.startswith(doi + "/") and len(doi) > len(crossref):
            return False
        return url.startswith(crossref + "/") or url == crossref

    # -- requests

    async def get(self, url: str, **options: Any) -> httpx.Response:
        """`request("GET", ...)`."""
        return await self.request("GET", url, **options)

    async def post(self, url: str, **options: Any) -> httpx.Response:
        """`request("POST", ...)`; `data=` is sent form-encoded."""
        return await self.request("POST", url, **options)

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        kind: str = "single",
        follow_redirects: bool = False,
    ) -> httpx.Response:
        """Send with pacing and retries; returns any answer that is not a transient failure.

        Raises TransientError when retries are exhausted, CircuitOpen when the
        host's circuit is open, DeadlineExceeded when the request's or the
        run's time is up, PermanentError when the URL itself is unusable.
        """
        for _ in range(MAX_REDIRECTS + 1):
            response = await self._send(method, url, params=params, data=data, headers=headers, kind=kind)
            location = response.headers.get("location")
            if not (follow_redirects and response.is_redirect and location):
                return response
            # A redirect is followed with GET, as browsers and httpx do for 301-303.
            method, url, params, data = "GET", urljoin(str(response.url), location), None, None
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

    # -- deadlines

    def _run_left(self) -> float:
        return float("inf") if self.run_deadline is None else self.run_deadline - time.monotonic()

    def _run_over(self) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"the run's time limit of {self.settings.run_timeout:g} s ran out (run-timeout)"
            if self.settings.run_timeout else "the run's time limit ran out"
        )

    def _request_over(self, attempt: int, last: str | None) -> DeadlineExceeded:
        after = f"; last: {last} after {attempt} attempt{'s' if attempt > 1 else ''}" if last else ""
        return DeadlineExceeded(f"no answer within {self.request_timeout:g} s (request-timeout){after}")

    async def _acquire(self, pacer: Pacer, kind: str, wait: float) -> Grant:
        """A slot, waiting at most `wait` seconds (inf: as long as it takes)."""
        if wait == float("inf"):
            return await pacer.acquire(kind)
        if wait <= 0:
            raise asyncio.TimeoutError
        return await asyncio.wait_for(pacer.acquire(kind), wait)

    # -- one request, retried

    async def _send(self, method: str, url: str, *, params, data, headers, kind: str) -> httpx.Response:
        params, headers = self._prepare(url, params, headers)
        host = host_of(url)
        service = self.service_of(url)
        pacer = self.pacer(url)
        breaker = self._breaker(host)
        policy = self.policy
        # The request's clock starts at its first send: waiting in a long
        # queue for the first slot must not use up the time allowed for retries.
        started: float | None = None
        attempt = 0
        last: str | None = None
        while True:
            if breaker.open:
                raise CircuitOpen(
                    f"{urlsplit(host).netloc} stopped answering ({breaker.failures} failures in a row, "
                    f"last: {breaker.last}); not asked again in this run"
                )
            if self._run_left() <= 0:
                raise self._run_over()
            request_left = float("inf") if started is None else self.request_timeout - (time.monotonic() - started)
            if request_left <= 0:
                raise self._request_over(attempt, last)
            try:
                grant = await self._acquire(pacer, kind, min(self._run_left(), request_left))
            except asyncio.TimeoutError:
                raise (self._run_over() if self._run_left() <= 0 else self._request_over(attempt, last)) from None
            attempt += 1
            error: TransientError | None = None
            unreachable = False
            response: httpx.Response | None = None
            try:
                if breaker.open:  # opened while this request waited for its slot
                    continue
                if started is None:
                    started = time.monotonic()
                left = min(self.request_timeout - (time.monotonic() - started), self._run_left())
                if left <= 0:
                    continue  # the checks above end it
                per_attempt = min(self.settings.timeout, left)
                self.counters.sent(service)
                try:
                    response = await asyncio.wait_for(
                        self._client.request(
                            method, url, params=params or None, data=data, headers=headers,
                            timeout=httpx.Timeout(per_attempt, connect=min(10.0, per_attempt)),
                        ),
                        per_attempt + 1.0,  # httpx times each read; this bounds the whole answer
                    )
                except (httpx.TimeoutException, asyncio.TimeoutError):
                    error = TransientError(f"timeout after {per_attempt:.3g} s")
                except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError) as exc:
                    raise PermanentError(f"cannot request {url}: {exc}") from exc
                except httpx.ConnectError as exc:
                    # No DNS, refused: the host cannot be reached at all.
                    error = TransientError("connection failed: refused, or no such host")
                    unreachable = True
                except (httpx.TransportError, httpx.DecodingError) as exc:
                    # Reset, dropped mid-answer, proxy trouble, a garbled body.
                    error = TransientError(f"connection failed: {_TRANSPORT_TROUBLE.get(type(exc).__name__, 'dropped')}")
                else:
                    pacer.observe(response.headers, kind)
            finally:
                pacer.release(grant)
            if response is not None:
                status = response.status_code
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if status == 429:
                    self.counters.rate_limited += 1
                    error = TransientError("HTTP 429 (rate limited)", retry_after=retry_after, status=429)
                elif status >= 500:
                    self.counters.failures += 1
                    error = TransientError(f"HTTP {status}", retry_after=retry_after, status=status)
                else:
                    breaker.success()
                    # Let a request that was waiting for this slot go out before this answer is
                    # read: parsing and caching it are then off the path that sets the pace.
                    await asyncio.sleep(0)
                    return response
            elif error is not None:
                self.counters.failures += 1
            else:
                continue  # nothing was sent (breaker or deadline): the checks above end it
            last = str(error)
            breaker.failure(last, unreachable=unreachable)
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
            if self._run_left() <= 0:
                raise self._run_over()
            if attempt >= policy.attempts:
                raise TransientError(
                    f"{error} after {attempt} attempt{'s' if attempt > 1 else ''}",
                    retry_after=error.retry_after,
                    status=error.status,
                )
            elapsed = time.monotonic() - started if started is not None else 0.0
            if elapsed + delay >= self.request_timeout:
                raise self._request_over(attempt, last)
            if delay >= self._run_left():
                raise self._run_over()
            await self._sleep(delay)

    async def aclose(self) -> None:
        for pacer in self._pacers.values():
            pacer.close()
        if self._created is not None:
            await self._created.aclose()
