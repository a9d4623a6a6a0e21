"""The interface every source of work records implements (API, cache, snapshot).

A source answers for the DOIs it knows and leaves out the ones it does not:
a missing key means "ask the next source", while an `Outcome.NOT_FOUND`
Resolution is a definitive answer. Sources are chained by the resolver in
order of cost (snapshot, cache, Crossref API).
"""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable

from citecheck.model import Reference, Resolution, Work


@runtime_checkable
class WorkSource(Protocol):
    """Looks DOIs up and searches bibliographic text."""

    name: str

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        """Answer for the DOIs this source knows (normalised, lower case)."""
        ...

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        """Candidate works for a reference without a DOI; None when this source cannot search."""
        ...

    async def aclose(self) -> None:
        ...
