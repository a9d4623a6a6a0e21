"""What a host allows: its announced rate and concurrency, read from each answer's headers.

Crossref says in every answer how fast a client may go (`x-rate-limit-limit`
per `x-rate-limit-interval`; older answers spell it `x-ratelimit-*`) and how
many requests may be in flight (`x-concurrency-limit`). A host that announces
nothing is paced at the limits its documentation gives (`Limits`), and the
strictest pool's limits apply until the first answer says otherwise.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Mapping

# Hard ceilings on what a host may talk us into: a misconfigured mirror that
# announces 10,000 requests/s should not turn citecheck into a load generator.
MAX_RATE = 100
MAX_CONCURRENCY = 16


@dataclass(frozen=True)
class Limits:
    """Requests per `interval` seconds for single look-ups and for searches, and how many in flight."""

    single: int = 5
    search: int = 1
    interval: float = 1.0
    concurrency: int = 1


# Crossref's public pool (API-NOTES.md): the strictest, so the safe start before any answer.
CROSSREF_PUBLIC = Limits(single=5, search=1, interval=1.0, concurrency=1)
# NCBI's E-utilities: 3 requests a second from one address, 10 with an API key; every
# E-utility counts against the same budget, so searches share it too.
EUTILS = Limits(single=3, search=3, interval=1.0, concurrency=3)
EUTILS_WITH_KEY = Limits(single=10, search=10, interval=1.0, concurrency=3)


@dataclass(frozen=True)
class Announced:
    """The limits one answer announced (None: not said)."""

    limit: int | None = None
    interval: float | None = None
    concurrency: int | None = None
    pool: str | None = None


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


def _positive(value: str | None) -> int | None:
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


def read_limits(headers: Mapping[str, str]) -> Announced:
    """Read the rate-limit headers, in the current or the older spelling."""
    lower = {k.lower(): v for k, v in headers.items()}
    limit = lower.get("x-rate-limit-limit") or lower.get("x-ratelimit-limit")
    interval = lower.get("x-rate-limit-interval") or lower.get("x-ratelimit-interval")
    rate = _positive(limit)
    return Announced(
        limit=rate,
        # Without an interval header the limit is per second, as Crossref has always meant it.
        interval=parse_interval(interval) if interval else (1.0 if rate else None),
        concurrency=_positive(lower.get("x-concurrency-limit")),
        pool=lower.get("x-api-pool"),
    )
