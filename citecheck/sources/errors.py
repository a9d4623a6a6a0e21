"""Errors raised while talking to a remote source.

The HTTP stack raises the first four: transient errors (429, 5xx, timeouts,
dropped connections) are retried and, if they persist, turn a reference
`unverified`; a permanent error is not worth retrying; an open circuit means
a host is no longer asked in this run; a deadline means the time allowed for
a request or for the whole run is up. None of them is ever cached.

Each remote service has its own error on top (`CrossrefError`, `PubMedError`,
`DoiOrgError`), raised by that service's client with the reason, so that a
caller can tell which source failed without knowing how it is spoken to.
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


class DeadlineExceeded(SourceError):
    """The time allowed for one request (retries included) or for the whole run is up."""


class ServiceError(SourceError):
    """A remote service could not answer; `service` names it, the message says why."""

    service = "a remote service"


class CrossrefError(ServiceError):
    """Crossref's REST API could not answer, or answered something that makes no sense."""

    service = "Crossref"


class PubMedError(ServiceError):
    """PubMed's E-utilities (or the PMC ID converter) could not answer."""

    service = "PubMed"


class DoiOrgError(ServiceError):
    """doi.org could not say which agency registered a DOI, or serve its metadata."""

    service = "doi.org"
