"""The end-of-run hints: one for each situation that calls for it, none when all went well."""

from __future__ import annotations

from pathlib import Path

from citecheck.model import RunStats, Status
from citecheck.report.hints import hints_for
from citecheck.settings import Settings
from tests.report.sample import clean_report, sample_report, with_statuses


def _report(stats: RunStats, status: Status | None = None, reason: str | None = None):
    report = sample_report(stats)
    return with_statuses(report, status, reason) if status else report


def test_no_hints_when_all_went_well() -> None:
    assert hints_for(clean_report(), Settings(mailto="me@example.org")) == []
    assert hints_for(sample_report(RunStats(requests=12, cache_hits=3, mailto=True)), Settings()) == []


def test_rate_limited_without_mailto() -> None:
    hints = hints_for(_report(RunStats(requests=9, rate_limited=2)), Settings())
    assert hints == ["Crossref rate-limited this run; set --mailto or CITECHECK_MAILTO to use the polite pool"]


def test_no_rate_limit_hint_when_a_mailto_was_sent() -> None:
    assert hints_for(_report(RunStats(requests=9, rate_limited=2, mailto=True)), Settings()) == []
    assert hints_for(_report(RunStats(requests=9, rate_limited=2)), Settings(mailto="me@example.org")) == []


def test_unverified_because_crossref_failed() -> None:
    report = _report(RunStats(requests=9, failures=3, mailto=True), Status.UNVERIFIED,
                     reason="HTTP 503 after 4 tries")
    (hint,) = hints_for(report, Settings())
    assert hint.startswith("3 references could not be verified because Crossref at https://api.crossref.org "
                           "was unreachable or failing")
    assert "(HTTP 503 after 4 tries)" in hint
    assert "run again" in hint and "--snapshot" in hint and "--crossref-url" in hint


def test_an_unreachable_host_is_said_in_plain_words() -> None:
    reason = ("127.0.0.1:9 stopped answering (3 failures in a row, last: connection failed: refused, or no such host); "
              "not asked again in this run")
    (hint,) = hints_for(_report(RunStats(mailto=True), Status.UNVERIFIED, reason=reason),
                        Settings(crossref_url="http://127.0.0.1:9"))
    assert hint == ("3 references could not be verified because Crossref at http://127.0.0.1:9 was unreachable or "
                    "failing (connection failed: refused, or no such host; 3 times in a row); check the connection "
                    "(or --crossref-url) and run again, or use --snapshot INDEX to check against a local copy")


def test_a_long_reason_is_shortened_at_a_space() -> None:
    reason = "the server at 127.0.0.1:9 answered with something that could not be read " * 3
    report = _report(RunStats(mailto=True), Status.UNVERIFIED, reason=reason + " and more words to go past the limit")
    (hint,) = hints_for(report, Settings(crossref_url="http://127.0.0.1:9"))
    assert "http://127.0.0.1:9" in hint
    inside = hint.split("failing (", 1)[1].split("); check", 1)[0]
    assert inside.endswith("...") and reason.startswith(inside[:-3])
    assert inside[:-3].split()[-1] in reason.split()  # the last word kept is a whole word


def test_unverified_reason_is_one_short_line() -> None:
    report = _report(RunStats(mailto=True), Status.UNVERIFIED, reason="timeout\x1b[2J\n" + "x" * 500)
    (hint,) = hints_for(report, Settings())
    assert "\x1b" not in hint and "\n" not in hint and len(hint) < 300


def test_offline_hides_unverified_references() -> None:
    report = _report(RunStats(offline=True, cache_hits=1), Status.UNVERIFIED, reason="offline")
    (hint,) = hints_for(report, Settings(offline=True))
    assert hint == ("--offline: 3 references not in the cache or snapshot (reported unverified); "
                    "run without --offline to look them up")


def test_cache_disabled_costs_requests() -> None:
    (hint,) = hints_for(_report(RunStats(requests=7, cache_enabled=False, mailto=True)), Settings(use_cache=False))
    assert hint.startswith("--no-cache: this run sent 7 requests")
    # Nothing asked, nothing to save: no hint.
    assert hints_for(_report(RunStats(requests=0, cache_enabled=False, mailto=True)), Settings(use_cache=False)) == []


def test_cache_problem() -> None:
    problem = "the cache at /tmp/c could not be used (database disk image is malformed); running without it"
    (hint,) = hints_for(_report(RunStats(requests=4, cache_enabled=False, cache_problem=problem, mailto=True)),
                        Settings(cache_dir=Path("/tmp/c")))
    assert hint == f"cache: {problem}"


def test_pubmed_unreachable() -> None:
    (hint,) = hints_for(_report(RunStats(requests=4, mailto=True, pubmed_problem="connection refused")), Settings())
    assert hint.startswith("PubMed could not be reached (connection refused): the evidence checks")
    assert "lower confidence" in hint


def test_several_situations_give_several_hints_in_order() -> None:
    stats = RunStats(requests=20, rate_limited=5, pubmed_problem="HTTP 500")
    hints = hints_for(_report(stats, Status.UNVERIFIED, reason="HTTP 429"), Settings())
    assert [hint.split(" ")[0] for hint in hints] == ["Crossref", "3", "PubMed"]
