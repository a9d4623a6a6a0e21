"""Search Crossref for the works a reference without a DOI may cite.

`bibliographic_query` turns a reference into the text Crossref matches best
(authors, year, title, journal); `CrossrefSearch` sends it as
`GET /works?query.bibliographic=...&rows=N` through the run's HTTP client, so
that searches are paced on Crossref's search budget (1 a second public, 3
polite) beside the DOI look-ups, retried on 429 and 5xx after the pause the
answer asks for, and bounded by the same deadlines and circuit breaker.

A failed search is never an exception for the caller: `candidates` returns
None (so that the failure is not cached), `search` an empty list, and the
reason is kept in `last_error`.
"""

from __future__ import annotations

import logging
import re

from citecheck.model import Reference, Suggestion, Work
from citecheck.settings import Settings
from citecheck.sources.crossref import CrossrefService
from citecheck.sources.errors import CrossrefError
from citecheck.sources.http import Http
from citecheck.sources.records import plain_text
from citecheck.text.identifiers import DOI_SHAPE

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 400  # long enough for authors + year + title + journal, short enough for a URL
_URL = re.compile(rf"(?:\b(?:https?://|www\.|doi:\s{{0,3}})|{DOI_SHAPE.pattern})\S{{0,500}}", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


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


class CrossrefSearch:
    """`search(reference)` → candidate works, paced and retried by the run's HTTP client, never raising.

    Without an `http` client of the run, one is made for this searcher (and
    closed by `aclose`).
    """

    name = "crossref-search"

    def __init__(self, settings: Settings, http: Http | None = None) -> None:
        self.settings = settings
        self._owned = http is None
        self.http = http if http is not None else Http(settings)
        self.service = CrossrefService(self.http, settings)
        self.failures = 0
        self.last_error: str | None = None

    async def search(self, reference: Reference, rows: int = 5) -> list[Work]:
        """Up to `rows` candidate works in Crossref's order; [] when nothing fits or the search failed."""
        return await self.candidates(reference, rows) or []

    async def candidates(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        """Like `search`, but None when the search failed (so that a failure is never cached)."""
        query = bibliographic_query(reference)
        if not query:
            return []
        try:
            return await self.service.search(query, rows)
        except CrossrefError as error:
            self.failures += 1
            self.last_error = str(error)[:300]
            log.info("Crossref search failed for %s: %s", reference.id, self.last_error)
            return None

    async def suggest(self, reference: Reference, rows: int = 5) -> Suggestion | None:
        """Search, then validate the candidates (citecheck.suggest.best_match)."""
        from citecheck.suggest import best_match

        return best_match(reference, await self.search(reference, rows=rows))

    async def aclose(self) -> None:
        if self._owned:
            await self.http.aclose()
