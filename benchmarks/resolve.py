"""Benchmark: resolving a 50-DOI article against a fake Crossref that answers after 500 ms.

Cold run (empty cache, polite pool): the floor is set by the announced limits,
max(50 / 10 per s, 50 x 0.5 s / 3 in flight) = 8.3 s; the target is to stay
within 15% of it with zero 429s, and the server's counters must show no
moment over the announced concurrency or rate. The same 50 DOIs fetched one at
a time with habanero (`Crossref(base_url=...).works(ids=doi)`) give the
comparison. The warm run (same cache) must make no request at all.

    .venv/bin/python benchmarks/resolve.py [--dois 50] [--latency 0.5] [--skip-habanero] [--skip-cli]

The last part times the whole `citecheck` process (json output, no PubMed, no
search) on a generated 50-reference article, cold and then warm.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from citecheck.model import Outcome  # noqa: E402
from citecheck.settings import Settings  # noqa: E402
from citecheck.sources.resolver import Resolver  # noqa: E402
from tests.servers.fake_crossref import POLITE, FakeCrossref  # noqa: E402


def _article(works: list) -> str:
    """A plain-text article citing every work once, with a numbered reference list."""
    body = " ".join(f"Finding number {i} was reported before [{i}]." for i in range(1, len(works) + 1))
    lines = ["A benchmark article", "", body, "", "References", ""]
    for i, work in enumerate(works, 1):
        authors = ", ".join(work.authors[:3]) or "Anonymous"
        locator = ";".join(x for x in (work.volume, work.pages or work.article_number) if x)
        lines.append(f"{i}. {authors}. {work.title or 'Untitled'}. {work.journal or ''}. {work.year or ''};{locator}. doi:{work.doi}")
    return "\n".join(lines) + "\n"


def _cli_runs(fake: FakeCrossref, works: list, folder: Path) -> None:
    """Time the whole `citecheck` process, cold then warm, against the fake server."""
    article = folder / "article.txt"
    article.write_text(_article(works), encoding="utf-8")
    cache = folder / "cli-cache"
    command = [
        sys.executable, "-m", "citecheck", str(article), "--format", "json", "--no-pubmed", "--no-search",
        "--cache-dir", str(cache), "--mailto", "benchmark@example.org", "--crossref-url", fake.url,
    ]
    env = {**os.environ, "CITECHECK_DOI_URL": fake.url + "/doiorg", "NO_COLOR": "1"}
    for label in ("cold", "warm"):
        fake.reset_counters()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        elapsed = time.perf_counter() - started
        print(f"cli {label}: {elapsed:.2f} s for the whole process, exit {done.returncode}, {fake.total_requests} requests to the server")
        if done.returncode not in (0, 1, 3):
            print("      " + (done.stderr.strip().splitlines() or ["(no message)"])[-1])


async def _resolve(settings: Settings, dois: list[str]) -> tuple[float, Resolver, dict]:
    resolver = Resolver(settings)
    started = time.perf_counter()
    try:
        answers = await resolver.resolve(dois)
    finally:
        await resolver.aclose()
    return time.perf_counter() - started, resolver, answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dois", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--skip-habanero", action="store_true")
    parser.add_argument("--skip-cli", action="store_true", help="do not time the citecheck process")
    args = parser.parse_args(argv)

    with FakeCrossref.from_fixtures(latency=args.latency) as fake, tempfile.TemporaryDirectory() as cache:
        dois = sorted(fake.works)[: args.dois]
        if len(dois) < args.dois:
            print(f"only {len(dois)} fixture records available", file=sys.stderr)
        n = len(dois)
        settings = Settings(
            crossref_url=fake.url,
            doi_url=fake.url + "/doiorg",
            cache_dir=Path(cache),
            mailto="benchmark@example.org",
            pubmed=False,
            search=False,
        )
        floor = max(n / POLITE.single, n * args.latency / POLITE.concurrency)

        cold, resolver, answers = asyncio.run(_resolve(settings, dois))
        cold_counters = fake.counters()
        found = sum(1 for r in answers.values() if r.outcome is Outcome.FOUND)
        stats = resolver.stats()
        print(f"cold: {n} DOIs, {found} found, {cold:.2f} s (floor {floor:.2f} s, {cold / floor:.2f}x floor; target <= 1.15x)")
        print(f"      client: {stats.requests} requests, {stats.rate_limited} x 429, {stats.failures} failures")
        print(
            f"      server: {cold_counters['requests']} requests, max in flight {cold_counters['max_concurrent']}"
            f" (announced {POLITE.concurrency}), max per {POLITE.interval:g} s {cold_counters['max_in_window']['single']}"
            f" (announced {POLITE.single}), 429 sent {cold_counters['sent_429']}"
        )
        manners_ok = (
            cold_counters["sent_429"] == 0
            and cold_counters["max_concurrent"] <= POLITE.concurrency
            and cold_counters["max_in_window"]["single"] <= POLITE.single
        )

        fake.reset_counters()
        warm, resolver, answers = asyncio.run(_resolve(settings, dois))
        warm_requests = fake.total_requests
        print(
            f"warm: {warm * 1000:.1f} ms, {fake.total_requests} requests to the server,"
            f" {resolver.stats().cache_hits} cache hits"
        )

        if not args.skip_habanero:
            from habanero import Crossref

            fake.reset_counters()
            client = Crossref(base_url=fake.url)
            started = time.perf_counter()
            for doi in dois:
                client.works(ids=doi)
            loop = time.perf_counter() - started
            print(f"habanero loop (one DOI at a time, public pool): {loop:.2f} s; citecheck cold is {loop / cold:.1f}x faster")

        if not args.skip_cli:
            _cli_runs(fake, [answers[doi].work for doi in dois if answers[doi].work], Path(cache))

        ok = manners_ok and cold <= floor * 1.15 and warm_requests == 0
        print("PASS" if ok else "FAIL: over the target or the announced limits")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
