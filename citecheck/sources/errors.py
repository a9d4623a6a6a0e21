"""Errors raised while talking to a remote source.

Transient errors (429, 5xx, timeouts, dropped connections) are retried and,
if they persist, turn a reference `unverified`; they are never cached.
"""

from __future__ import annotations


class SourceError(Exception):
    """Base for every failure to get an answer from a source."""


class TransientError(SourceError):
    """Worth retrying: 429, 5xx, timeout, connection reset."""

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class PermanentError(SourceError):
    """Not worth retrying: a 4xx other than 404/429, or an answer that makes no sense."""


class CircuitOpen(SourceError):
    """Too many consecutive failures: stop sending to this host for the rest of the run."""
