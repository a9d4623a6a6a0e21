"""One citecheck resolver in a process of its own, for the tests of the budget shared between processes.

    python -m tests.sources.budget_worker --crossref URL --cache DIR --go FILE DOI...

says it is ready (FILE.<pid>.ready), waits until FILE exists (so that several
workers start at the same moment),
resolves the DOIs against the fake Crossref with the cache folder DIR (or no
cache with `--no-cache`), and prints one JSON line: how many were found and
what the client counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

from citecheck.model import Outcome
from citecheck.settings import Settings
from citecheck.sources.resolver import Resolver


async def _resolve(settings: Settings, dois: list[str]) -> dict:
    resolver = Resolver(settings)
    try:
        answers = await resolver.resolve(dois)
    finally:
        await resolver.aclose()
    stats = resolver.stats()
    return {
        "found": sum(1 for a in answers.values() if a.outcome is Outcome.FOUND),
        "requests": stats.requests,
        "rate_limited": stats.rate_limited,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crossref", required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--go", type=Path, required=True)
    parser.add_argument("dois", nargs="+")
    args = parser.parse_args(argv)
    settings = Settings(
        crossref_url=args.crossref, doi_url=args.crossref + "/doiorg", cache_dir=args.cache,
        use_cache=not args.no_cache, mailto="tests@example.org", pubmed=False, search=False, timeout=10.0,
    )
    from citecheck.sources import budget, crossref  # noqa: F401 - imported before the start line

    deadline = time.monotonic() + 60
    Path(f"{args.go}.{os.getpid()}.ready").touch()
    while not args.go.exists():
        if time.monotonic() > deadline:
            print(json.dumps({"error": "never told to go"}))
            return 1
        time.sleep(0.005)
    print(json.dumps(asyncio.run(_resolve(settings, args.dois))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
