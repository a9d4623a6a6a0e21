"""The circuit breaker: a host that keeps failing is no longer asked in this run.

It counts consecutive failed attempts to one host and opens after too many.
A host that has not answered once in this run and cannot even be connected
to (no DNS, refused: offline, or a wrong URL) opens after
`unreachable_threshold` attempts, so that an offline run reports
`unverified` in seconds instead of retrying every DOI.
"""

from __future__ import annotations


class Breaker:
    """Consecutive failures of one host; `open` once there are too many."""

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
