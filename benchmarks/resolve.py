"""Benchmark: every look-up of a run against fake Crossref and PubMed servers that answer after 500 ms with the real limits.

Each scenario runs the network stage of the pipeline (read, extract, then
resolve: Crossref, doi.org, PubMed and the evidence classification, PubMed on
as by default) in fresh processes over an empty cache folder:

- `article`:  one 50-reference article (50 DOIs);
- `blog`:     40 articles, 400 references, 361 distinct DOIs, in one process;
- `parallel`: the same 40 articles in 4 processes of 10 articles each, over one
              cache folder, started at the same moment (as pre-commit,
              `xargs -P` or a CI matrix start them).

The floor of a scenario is what Crossref's polite pool allows for its
distinct DOIs: max(n / 10 per s, n x 0.5 s / 3 in flight). PubMed knows about
60% of the DOIs and allows 3 requests a second (no API key). The targets are
within 1.15x of the floor for `article` and 1.2x for `blog` and `parallel`,
no 429, never more than 3 Crossref requests in flight or 10 in a second, and
never more than 3 PubMed requests in a second.

`--baseline PATH` runs the same scenarios with the citecheck of another
checkout (e.g. `git worktree add /tmp/citecheck-before <commit>`), in the same
run, against the same servers. The habanero loop fetches the 50 DOIs of
`article` one at a time with `habanero.Crossref().works(ids=doi)`, public pool,
Crossref only. The warm run repeats `article` over its filled cache.

    .venv/bin/python benchmarks/resolve.py [--baseline PATH] [--repeat 3] [--scenarios article,blog,parallel]
                                           [--skip-habanero] [--cli]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.servers.fake_crossref import POLITE, FakeCrossref  # noqa: E402
from tests.servers.fake_pubmed import RATE as PUBMED_RATE, FakePubMed  # noqa: E402

LATENCY = 0.5
SEED = 12
PLAIN_DOI = re.compile(r"^10\.\d{4,9}/[a-z0-9._/-]+$")


# ------------------------------------------------------------------ the corpus


def _article_text(title: str, works: list[dict]) -> str:
    """A plain-text article citing every work once, with a numbered reference list."""
    body = " ".join(f"Finding number {i} was reported before [{i}]." for i in range(1, len(works) + 1))
    lines = [title, "", body, "", "References", ""]
    for i, work in enumerate(works, 1):
        authors = ", ".join(a.get("family", "X") for a in (work.get("author") or [])[:3] if isinstance(a, dict)) or "Anonymous"
        year = ((work.get("issued") or {}).get("date-parts") or [[None]])[0][0] or ""
        title_text = re.sub(r"<[^>]+>", "", " ".join(work.get("title") or ["Untitled"]))
        journal = " ".join(work.get("container-title") or [""])
        locator = ";".join(x for x in (work.get("volume"), work.get("page")) if x)
        lines.append(f"{i}. {authors}. {title_text}. {journal}. {year};{locator}. doi:{work['DOI'].lower()}")
    return "\n".join(lines) + "\n"


def build_corpus(crossref: FakeCrossref, pubmed: FakePubMed, folder: Path) -> dict[str, list[list[Path]]]:
    """Write the scenarios' articles; give PubMed records for 60% of their DOIs. Scenario -> process -> files."""
    eligible = sorted(doi for doi, work in crossref.works.items() if PLAIN_DOI.match(doi) and work.get("title"))
    rng = random.Random(SEED)
    article_dois = eligible[:50]
    blog_dois = rng.sample(eligible[50:], 361)
    # Four disjoint pools; each pool's 100 references cite some of its DOIs twice.
    pools = [blog_dois[i::4] for i in range(4)]
    groups: list[list[list[str]]] = []
    for pool in pools:
        refs = pool + rng.sample(pool, 100 - len(pool))
        rng.shuffle(refs)
        groups.append([refs[i:i + 10] for i in range(0, 100, 10)])
    for n, doi in enumerate(article_dois + blog_dois):
        if rng.random() < 0.6:
            mesh = ["Humans"] if rng.random() < 0.5 else ["Animals", "Mice"]
            pubmed.add_record(str(30000000 + n), doi, title="A study", mesh=mesh)

    def write(name: str, dois: list[str]) -> Path:
        path = folder / f"{name}.txt"
        path.write_text(_article_text(name, [crossref.works[d] for d in dois]), encoding="utf-8")
        return path

    article = write("article-50", article_dois)
    blog = [[write(f"post-{g}-{a}", dois) for a, dois in enumerate(group)] for g, group in enumerate(groups)]
    return {
        "article": [[article]],
        "blog": [[path for group in blog for path in group]],
        "parallel": blog,
        "_dois": {"article": len(article_dois), "blog": len(blog_dois), "parallel": len(blog_dois)},  # type: ignore[dict-item]
        "_article_dois": article_dois,  # type: ignore[dict-item]
    }


def floor(n: int) -> float:
    """What Crossref's polite pool allows for n look-ups answered after LATENCY."""
    return max(n / POLITE.single, n * LATENCY / POLITE.concurrency)


# --------------------------------------------------------------------- running


def run_processes(tree: Path, groups: list[list[Path]], settings: dict, folder: Path) -> list[dict]:
    """Start one child per group with `tree`'s citecheck, let them go together, collect what they say."""
    go = folder / f"go-{uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    env.pop("NCBI_API_KEY", None)
    children = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "resolve_child.py"), "--settings", json.dumps(settings),
             "--go", str(go), *map(str, group)],
            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for group in groups
    ]
    try:
        deadline = time.monotonic() + 600
        while len(list(folder.glob(go.name + ".*.ready"))) < len(children):
            if time.monotonic() > deadline or any(c.poll() is not None for c in children):
                raise RuntimeError("a benchmark process did not start: " + "".join(c.stderr.read() for c in children if c.poll() is not None)[-2000:])
            time.sleep(0.01)
        go.touch()
        results = []
        for child in children:
            out, err = child.communicate(timeout=1800)
            if child.returncode != 0:
                raise RuntimeError(f"benchmark process failed: {err.strip()[-2000:]}")
            result = json.loads(out.strip().splitlines()[-1])
            if not Path(result["citecheck"]).resolve().is_relative_to(tree.resolve()):
                raise RuntimeError(f"expected the citecheck of {tree}, got {result['citecheck']}")
            results.append(result)
        return results
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()


def measure(name: str, tree: Path, corpus: dict, crossref: FakeCrossref, pubmed: FakePubMed, folder: Path) -> dict:
    cache = folder / f"cache-{uuid.uuid4().hex}"
    settings = {
        "crossref_url": crossref.url, "doi_url": crossref.doiorg_url, "pubmed_url": pubmed.url,
        "idconv_url": pubmed.idconv_url, "cache_dir": str(cache), "mailto": "benchmark@example.org",
    }
    crossref.reset_counters()
    pubmed.reset_counters()
    results = run_processes(tree, corpus[name], settings, folder)
    counters = crossref.counters()
    return {
        "time": max(r["end"] for r in results) - min(r["start"] for r in results),
        "crossref": counters["requests"], "crossref_429": counters["sent_429"],
        "in_flight": counters["max_concurrent"], "per_second": counters["max_in_window"]["single"],
        "pubmed": pubmed.total_requests, "pubmed_429": pubmed.sent_429, "pubmed_per_second": pubmed.max_in_second,
        "unverified": sum(r["unverified"] for r in results),
        "pubmed_problem": next((r["pubmed_problem"] for r in results if r["pubmed_problem"]), None),
        "cache": cache,
    }


def habanero_loop(crossref: FakeCrossref, dois: list[str]) -> float:
    from habanero import Crossref

    client = Crossref(base_url=crossref.url)
    started = time.perf_counter()
    for doi in dois:
        client.works(ids=doi)
    return time.perf_counter() - started


def cli_runs(tree: Path, article: Path, crossref: FakeCrossref, pubmed: FakePubMed, folder: Path) -> list[str]:
    """The whole `citecheck` process on the 50-reference article, cold then warm."""
    cache = folder / "cli-cache"
    env = {**os.environ, "PYTHONPATH": str(tree), "NO_COLOR": "1", "CITECHECK_DOI_URL": crossref.doiorg_url,
           "CITECHECK_IDCONV_URL": pubmed.idconv_url}
    command = [sys.executable, "-m", "citecheck", str(article), "--format", "json", "--cache-dir", str(cache),
               "--mailto", "benchmark@example.org", "--crossref-url", crossref.url, "--pubmed-url", pubmed.url]
    lines = []
    for label in ("cold", "warm"):
        crossref.reset_counters()
        pubmed.reset_counters()
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder)
        lines.append(f"cli {label}: {time.perf_counter() - started:.2f} s for the whole process, exit {done.returncode}, "
                     f"{crossref.total_requests} Crossref and {pubmed.total_requests} PubMed requests")
    return lines


# --------------------------------------------------------------------- report


TARGET = {"article": 1.15, "blog": 1.2, "parallel": 1.2}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="another checkout to run the same scenarios with")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each scenario; times are medians")
    parser.add_argument("--scenarios", default="article,blog,parallel")
    parser.add_argument("--skip-habanero", action="store_true")
    parser.add_argument("--cli", action="store_true", help="also time the whole citecheck process, cold and warm")
    args = parser.parse_args(argv)
    scenarios = [s for s in args.scenarios.split(",") if s]
    trees = [("current", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline else [])

    with FakeCrossref.from_fixtures(latency=LATENCY) as crossref, FakePubMed(latency=LATENCY) as pubmed, \
            tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = build_corpus(crossref, pubmed, folder)
        runs: dict[tuple[str, str], list[dict]] = {}
        for repeat in range(args.repeat):
            for scenario in scenarios:
                for version, tree in trees:
                    result = measure(scenario, tree, corpus, crossref, pubmed, folder)
                    runs.setdefault((scenario, version), []).append(result)
                    n = corpus["_dois"][scenario]
                    print(f"[{repeat + 1}] {scenario:8} {version:8} {result['time']:7.2f} s  floor {floor(n):6.2f} s  "
                          f"{result['time'] / floor(n):4.2f}x  Crossref {result['crossref']} (429: {result['crossref_429']}, "
                          f"in flight <= {result['in_flight']}, <= {result['per_second']}/s)  PubMed {result['pubmed']} "
                          f"(429: {result['pubmed_429']}, <= {result['pubmed_per_second']}/s)  unverified {result['unverified']}",
                          flush=True)
        print()
        print("| scenario | version | time (median) | floor | ratio | Crossref requests | PubMed requests | 429s | most in flight | most per second (Crossref / PubMed) | unverified |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        ok = True
        for scenario in scenarios:
            n = corpus["_dois"][scenario]
            for version, _ in trees:
                results = runs[(scenario, version)]
                median = statistics.median(r["time"] for r in results)
                worst_429 = max(r["crossref_429"] + r["pubmed_429"] for r in results)
                in_flight = max(r["in_flight"] for r in results)
                per_second = max(r["per_second"] for r in results)
                pubmed_per_second = max(r["pubmed_per_second"] for r in results)
                times = ", ".join(f"{r['time']:.1f}" for r in results)
                print(f"| {scenario} ({n} DOIs) | {version} | {median:.1f} s ({times}) | {floor(n):.1f} s | "
                      f"{median / floor(n):.2f}x | {results[0]['crossref']} | {results[0]['pubmed']} | {worst_429} | "
                      f"{in_flight} | {per_second} / {pubmed_per_second} | {max(r['unverified'] for r in results)} |")
                if version == "current":
                    ok = ok and median <= floor(n) * TARGET[scenario] and worst_429 == 0
                    ok = ok and all(r["unverified"] == 0 for r in results)
                    ok = ok and in_flight <= POLITE.concurrency and per_second <= POLITE.single
                    ok = ok and pubmed_per_second <= PUBMED_RATE
        if "article" in scenarios:
            cache = runs[("article", "current")][-1]["cache"]
            crossref.reset_counters()
            pubmed.reset_counters()
            settings = {"crossref_url": crossref.url, "doi_url": crossref.doiorg_url, "pubmed_url": pubmed.url,
                        "idconv_url": pubmed.idconv_url, "cache_dir": str(cache), "mailto": "benchmark@example.org"}
            warm = run_processes(ROOT, corpus["article"], settings, folder)[0]
            print(f"\nwarm article: {warm['end'] - warm['start']:.3f} s, "
                  f"{crossref.total_requests} Crossref and {pubmed.total_requests} PubMed requests")
            ok = ok and crossref.total_requests == 0 and pubmed.total_requests == 0
            if not args.skip_habanero:
                crossref.reset_counters()
                loop = habanero_loop(crossref, corpus["_article_dois"])
                current = statistics.median(r["time"] for r in runs[("article", "current")])
                print(f"habanero loop, 50 DOIs one at a time (public pool, Crossref only): {loop:.2f} s; "
                      f"citecheck with PubMed is {loop / current:.1f}x faster")
            if args.cli:
                for line in cli_runs(ROOT, corpus["article"][0][0], crossref, pubmed, folder):
                    print(line)
        print("PASS" if ok else "FAIL: over a target or an announced limit")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
