"""Search Crossref for the works a reference without a DOI may cite.

The search goes through habanero (2.4, on httpx): `Crossref.works(
query_bibliographic=..., limit=rows)` sends `GET {base_url}/works?query.
bibliographic=...&rows=N` and returns the decoded JSON. habanero is
synchronous, so each call runs in a worker thread (`asyncio.to_thread`), and
when a pacer is given each call holds one of its "search" slots, so that
searches stay within Crossref's search budget (1 a second public, 3 polite)
alongside the DOI lookups.

habanero 2.4, as installed, behaves like this (read from its source):
- the URL is `base_url + "/works/"` with the slashes at both ends stripped, so
  a base URL must not end with "/" (it would give `//works`);
- `query_bibliographic` becomes `query.bibliographic`, `limit` becomes `rows`;
- `mailto` is appended to the User-Agent as `(mailto:...)` (polite pool) and
  `ua_string` after it; `api_key` is stored but never sent, so the Plus token
  cannot travel through habanero 2.4;
- an HTTP error status raises `httpx.HTTPStatusError`, a transport error
  (refused, timeout) `RuntimeError`, a 200 answer that is not JSON
  `habanero.RequestError`, and an answer without `message.total-results`
  `KeyError`.
None of those may escape: a failed search returns [] and is counted in
`failures` (with the reason in `last_error`) for the caller to report. A 429
or 503 also pauses the pacer for the `Retry-After` the answer gives (the
pacer cannot read habanero's answers otherwise).
"""

from __future__ import annotations

import asyncio
import logging
import re
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, Mapping, Protocol

from citecheck.model import Reference, Suggestion, Work
from citecheck.settings import Settings
from citecheck.sources.records import plain_text, work_from_message

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 400  # long enough for authors + year + title + journal, short enough for a URL
_URL = re.compile(r"\b(?:https?://|www\.|doi:\s{0,3}|10\.\d{4,9}/)\S{0,500}", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


class SearchPacer(Protocol):
    """What this module needs from the shared per-host pacer (citecheck/sources/http.py)."""

    def slot(self, kind: str) -> AbstractAsyncContextManager[Any]:  # pragma: no cover - protocol
        ...


def bibliographic_query(reference: Reference) -> str:
    """The `query.bibliographic` text for a reference: authors, year, title, journal.

    Crossref matches the whole citation string best; when the parser could
    not read a title, the reference text itself (without URLs and DOIs) is sent.
    """
    title = plain_text(reference.title) if reference.title else None
    if title:
        parts = [*reference.authors[:3], str(reference.year) if reference.year else "", title, reference.journal or ""]
        if reference.volume:
            parts.append(reference.volume)
        text = " ".join(p for p in parts if p)
    else:
        text = _URL.sub(" ", reference.text or "")
    text = _SPACE.sub(" ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0]
    return text


def _user_agent_extra() -> str:
    from citecheck import HOMEPAGE, __version__

    return f"citecheck/{__version__} (+{HOMEPAGE})"


# A search answered 429 or 503 is tried again (after the pause the answer
# asked for) at most this many times in all; any other failure is final.
SEARCH_ATTEMPTS = 3


class CrossrefSearch:
    """`search(reference)` → candidate works, through habanero, paced, never raising."""

    name = "crossref-search"

    def __init__(self, settings: Settings, pacer: SearchPacer | None = None) -> None:
        from habanero import Crossref

        self.settings = settings
        self.pacer = pacer
        self._client = Crossref(
            base_url=settings.crossref_url.rstrip("/"),
            mailto=settings.mailto,
            ua_string=_user_agent_extra(),
            timeout=settings.timeout,
        )
        self.requests = 0
        self.failures = 0
        self.last_error: str | None = None

    def _slot(self) -> AbstractAsyncContextManager[Any]:
        if self.pacer is None:
            return nullcontext()
        return self.pacer.slot("search")

    async def search(self, reference: Reference, rows: int = 5) -> list[Work]:
        """Up to `rows` candidate works in Crossref's order; [] when nothing fits or the search failed."""
        return await self.candidates(reference, rows) or []

    async def candidates(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        """Like `search`, but None when the search failed (so that a failure is never cached)."""
        query = bibliographic_query(reference)
        if not query:
            return []
        for attempt in range(1, SEARCH_ATTEMPTS + 1):
            try:
                async with self._slot():
                    self.requests += 1
                    answer = await asyncio.to_thread(self._client.works, query_bibliographic=query, limit=rows)
                return self._works(answer, rows)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # habanero raises several unrelated types; see the module docstring
                self.failures += 1
                self.last_error = f"{type(error).__name__}: {error}"[:300]
                # Only a 429 or 503 is worth another try, after the pause it asked for.
                wait = self._back_off(error)
                if wait is None or attempt == SEARCH_ATTEMPTS:
                    log.info("Crossref search failed for %s: %s", reference.id, self.last_error)
                    return None
                if getattr(self.pacer, "pause", None) is None:
                    await asyncio.sleep(wait)  # no shared pacer to hold the host back: wait here
        return None

    def _back_off(self, error: Exception) -> float | None:
        """After a 429 (or 503), hold the whole host back as the answer asks, so the next search waits.

        The seconds asked for when the error was such a transient answer (worth
        another try), None for any other failure."""
        import httpx

        response = getattr(error, "response", None) if isinstance(error, httpx.HTTPStatusError) else None
        if response is None or response.status_code not in (429, 503):
            return None
        try:
            seconds = float(response.headers.get("retry-after") or 1.0)
        except ValueError:
            seconds = 1.0  # an HTTP date: rare from Crossref; one second is the documented interval
        seconds = min(max(seconds, 0.0), 60.0)
        pause = getattr(self.pacer, "pause", None)
        if pause is not None:
            pause(seconds)
        return seconds

    def _works(self, answer: Any, rows: int) -> list[Work]:
        if not isinstance(answer, Mapping) or not isinstance(answer.get("message"), Mapping):
            raise ValueError("search answer without a message")
        items = answer["message"].get("items")
        if not isinstance(items, list):
            raise ValueError("search answer without items")
        works: list[Work] = []
        for item in items[: max(rows, 0)]:
            if not isinstance(item, Mapping):
                continue
            try:
                works.append(work_from_message(item))
            except ValueError:
                continue  # an item without a DOI cannot be suggested
        return works

    async def suggest(self, reference: Reference, rows: int = 5) -> Suggestion | None:
        """Search, then validate the candidates (citecheck.suggest.best_match)."""
        from citecheck.suggest import best_match

        return best_match(reference, await self.search(reference, rows=rows))

    async def aclose(self) -> None:
        """Nothing to close: habanero opens a connection per request."""
