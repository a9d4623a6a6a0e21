"""One citecheck process of the look-up benchmark: read, extract and resolve some articles, then say how long it took.

    python benchmarks/resolve_child.py --settings JSON --go FILE ARTICLE...

Run by benchmarks/resolve.py with PYTHONPATH pointing at the checkout under
test (this one, or an older one for comparison): it uses only what every
version has (`pipeline.read`, `pipeline.extract`, `pipeline.resolve`,
`Settings`). It reads and extracts the articles, then waits until FILE
exists, so that several processes start their look-ups at the same moment,
and prints one JSON line: the wall-clock start and end of the look-ups (the
resolve stage: Crossref, doi.org, PubMed, comparison, classification), what the run's stats counted, and which
citecheck it imported.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
import time
from pathlib import Path

# What the resolve stage imports on first use, in this version or an older one.
PRELOAD = (
    "httpx", "diskcache", "rich.progress", "citecheck.sources.resolver", "citecheck.sources.crossref",
    "citecheck.sources.search", "citecheck.sources.pubmed", "citecheck.sources.studies", "citecheck.sources.budget",
    "citecheck.evidence.kinds", "citecheck.compare", "citecheck.compare.align", "citecheck.suggest", "citecheck.match",
    "citecheck.report.progress", "xml.etree.ElementTree",
)


def _warm_up(pipeline, extractions) -> None:
    """Pay the one-off set-ups every process pays once (the comparison's journal abbreviation table,
    the evidence reader's word lists) before the clock starts: they are not look-ups."""
    from citecheck.model import Work

    work = Work(doi="10.1000/warm-up", title="Warm-up effects in mice and people", journal="Journal of Warm-up Studies")
    compare = getattr(pipeline, "compare_reference", None)
    references = [r for e in extractions for r in e.references]
    if compare is not None and references:
        compare(references[0], work)
    try:
        from citecheck.evidence.kinds import classify_work
    except ImportError:
        return
    classify_work(work)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", required=True, help="Settings fields as JSON")
    parser.add_argument("--go", type=Path, required=True)
    parser.add_argument("articles", nargs="+", type=Path)
    args = parser.parse_args(argv)

    import citecheck
    from citecheck import pipeline
    from citecheck.settings import Settings

    values = json.loads(args.settings)
    values["cache_dir"] = Path(values["cache_dir"])
    settings = Settings(**values)
    # Reading, extracting and importing happen before the start line: only the look-ups are timed.
    extractions = [pipeline.extract(pipeline.read(path, settings)) for path in args.articles]
    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # not in this version
    _warm_up(pipeline, extractions)
    deadline = time.monotonic() + 300
    Path(f"{args.go}.{os.getpid()}.ready").touch()
    while not args.go.exists():
        if time.monotonic() > deadline:
            print(json.dumps({"error": "never told to go"}), flush=True)
            return 1
        time.sleep(0.002)
    start = time.time()
    resolved = asyncio.run(pipeline.resolve(extractions, settings))
    end = time.time()
    stats = resolved.stats
    print(json.dumps({
        "start": start, "end": end, "requests": stats.requests, "rate_limited": stats.rate_limited,
        "failures": stats.failures, "unverified": stats.unverified, "pubmed_problem": stats.pubmed_problem,
        "found": sum(1 for r in resolved.resolutions.values() if r.work is not None),
        "evidence": len(resolved.evidence), "citecheck": citecheck.__file__,
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
