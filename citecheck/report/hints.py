"""The hints printed on stderr at the end of a run, when they would change what the user does next.

Each hint reads the run's statistics (RunStats) and the references' statuses,
never the findings: it explains how the run went (rate limits, outages, a
cache that could not be used), not what is wrong with the article. A run where
all went well has no hints at all.
"""

from __future__ import annotations

import re
from collections import Counter

from citecheck.model import Outcome, Report, Status
from citecheck.report.text import one_line, plural
from citecheck.settings import Settings

REASON_LIMIT = 120


def hints_for(report: Report, settings: Settings) -> list[str]:
    stats = report.stats
    hints: list[str] = []
    offline = settings.offline or stats.offline

    if stats.rate_limited and not (stats.mailto or settings.mailto):
        hints.append("Crossref rate-limited this run; set --mailto or CITECHECK_MAILTO to use the polite pool")

    unverified = [
        result
        for file in report.files
        for result in file.results
        if result.status is Status.UNVERIFIED
    ]
    if unverified and offline:
        hints.append(
            f"--offline: {plural(len(unverified), 'reference')} not in the cache or snapshot "
            "(reported unverified); run without --offline to look them up"
        )
    elif unverified:
        reasons = Counter(
            one_line(result.resolution.reason)
            for result in unverified
            if result.resolution and result.resolution.outcome is Outcome.UNVERIFIED and result.resolution.reason
        )
        because = f" ({_shorten(_cause(reasons.most_common(1)[0][0]))})" if reasons else ""
        hints.append(
            f"{plural(len(unverified), 'reference')} could not be verified because Crossref at "
            f"{settings.crossref_url} was unreachable or failing{because}; check the connection "
            "(or --crossref-url) and run again, or use --snapshot INDEX to check against a local copy"
        )

    if stats.cache_problem:
        hints.append(f"cache: {_shorten(one_line(stats.cache_problem), 200)}")
    elif not settings.use_cache and not offline and stats.requests:
        hints.append(
            f"--no-cache: this run sent {plural(stats.requests, 'request')} and the next will send "
            "them again; drop --no-cache to reuse answers"
        )

    if stats.pubmed_problem:
        hints.append(
            f"PubMed could not be reached ({_shorten(one_line(stats.pubmed_problem))}): the evidence checks "
            "(CC401, CC402) ran with lower confidence, from Crossref titles and abstracts only"
        )
    return hints


def _cause(reason: str) -> str:
    """What went wrong, without the circuit breaker's bookkeeping or Python's exception names:
    "h:9 stopped answering (3 failures in a row, last: connection failed: refused, or no such host);
    not asked again in this run" -> "connection failed: refused, or no such host; 3 times in a row"."""
    stopped = re.fullmatch(r".*? stopped answering \((\d+) failures in a row, last: (.*)\); not asked again in this run",
                           reason)
    if stopped:
        reason = f"{stopped.group(2)}; {stopped.group(1)} times in a row"
    return re.sub(r" \([A-Z][A-Za-z]*(Error|Exception|Timeout)\)", "", reason)


def _shorten(text: str, limit: int = REASON_LIMIT) -> str:
    """At most `limit` characters, cut at a space (never mid-word)."""
    from citecheck.report.wrap import shorten

    return shorten(text, limit)
