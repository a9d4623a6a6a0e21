"""Past one machine: the snapshot built and an archive checked, on one process and on a 2-worker Dask cluster.

    nice .venv/bin/python benchmarks/snapshot_dask.py            # 1,000,000 records in 40 parts, 10,000 posts
    nice .venv/bin/python benchmarks/snapshot_dask.py --records 100000 --parts 8 --posts 1000 --repeat 1
    nice .venv/bin/python benchmarks/snapshot_dask.py --dir /data --keep      # keep parts, indexes, archive
    nice .venv/bin/python benchmarks/snapshot_dask.py --dir /data --keep --reuse  # resume: stages measured are kept

Run by hand (needs the extra: pip install -e ".[dask]"); RESULTS-snapshot.md holds the last figures.
Every heavy step is a whole `citecheck` command in a child process, timed from outside (wall time,
CPU time of the command and all its processes, peak memory of its largest process) and repeated
`--repeat` times; medians are printed with the load average read before each run, because the
machine may be shared with other work.

1. Generates public-data-file-shaped parts (`.jsonl.gz`, one work message per line) from the real
   records of /work/shared/crossref, altered as in benchmarks/snapshot.py.
2. Builds: the full profile as one file in one process, and as shards on `--dask local:2`; the
   lean profile as shards on `--dask local:2` and (once, unless --no-lean-file) as one file.
3. Look-up and search latency on the one-file index and on the sharded one.
4. Generates an archive of posts citing the records (APA style; some references without a DOI,
   some with a DOI no record has, some with a wrong year) and checks it offline against the lean
   sharded index with one `citecheck` process and with `--dask local:2`, and once with one process
   against the full one-file index; the three reports must be identical. One more run on the cluster, in a child process, times the three rounds of the
   distributed check and the client's memory.
5. Prints the figures and, from the measured per-core rates, what 180 million records and a
   million posts would take on N machines.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL_RECORDS = 180_000_000
FULL_GZ_BYTES = 208e9
MACHINE_CORES = 16  # the machine the table assumes: 16 cores, 64 GB, local NVMe, 10 Gb/s to shared storage
POLITE_RATE = 10.0  # Crossref polite pool, requests per second


def _bench_module() -> Any:
    """benchmarks/snapshot.py, for its record generator and query measures."""
    spec = importlib.util.spec_from_file_location("snapshot_bench", Path(__file__).with_name("snapshot.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["snapshot_bench"] = module
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- generation


def _citable(message: dict[str, Any]) -> dict[str, Any]:
    authors = [a for a in message.get("author") or [] if isinstance(a, dict) and a.get("family")]
    return {
        "doi": message["DOI"],
        "title": (message.get("title") or [""])[0],
        "authors": [(a["family"], a.get("given") or "") for a in authors[:6]],
        "year": message["issued"]["date-parts"][0][0],
        "journal": (message.get("container-title") or [""])[0],
        "volume": message.get("volume"),
        "issue": message.get("issue"),
        "page": message.get("page"),
    }


def generate_parts(folder: Path, records: int, parts: int, keep_citable: int, keep_queries: int) -> dict[str, Any]:
    """`records` generated messages in `parts` consecutive .jsonl.gz parts; a sample kept for posts and queries."""
    bench = _bench_module()
    generator = bench.Generator()
    rng = random.Random(29)
    citable_ids = set(rng.sample(range(records), min(keep_citable, records)))
    query_ids = set(rng.sample(range(records), min(keep_queries, records)))
    per_part = -(-records // parts)
    folder.mkdir(parents=True, exist_ok=True)
    citable, queries, json_bytes = [], {}, 0
    for part in range(parts):
        path = folder / f"part-{part:04d}.jsonl.gz"
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as out:
            for i in range(part * per_part, min(records, (part + 1) * per_part)):
                message = generator.record(i)
                line = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
                json_bytes += len(line)
                out.write(line)
                if i in citable_ids:
                    citable.append(_citable(message))
                if i in query_ids:
                    queries[i] = message
        print(f"  part {part + 1}/{parts} written", flush=True)
    gz_bytes = sum(p.stat().st_size for p in folder.glob("*.jsonl.gz"))
    state = {"records": records, "parts": parts, "json_bytes": json_bytes, "gz_bytes": gz_bytes,
             "citable": citable, "queries": {str(k): v for k, v in queries.items()}}
    (folder.parent / "sample.json").write_text(json.dumps(state), encoding="utf-8")
    return state


def _apa(ref: dict[str, Any], *, doi: str | None, year: int) -> str:
    names = [f"{family}, {given[:1]}." if given else family for family, given in ref["authors"]]
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else "Anonymous"
    where = ref["journal"] or "Journal of Studies"
    if ref["volume"]:
        where += f", {ref['volume']}"
        if ref["issue"]:
            where += f"({ref['issue']})"
    if ref["page"]:
        where += f", {ref['page']}"
    text = f"{authors} ({year}). {ref['title']}. {where}."
    return text + (f" https://doi.org/{doi}" if doi else "")


def _cite(ref: dict[str, Any], year: int) -> str:
    families = [family for family, _ in ref["authors"]] or ["Anonymous"]
    if len(families) == 1:
        who = families[0]
    elif len(families) == 2:
        who = f"{families[0]} & {families[1]}"
    else:
        who = f"{families[0]} et al."
    return f"({who}, {year})"


SENTENCES = [
    "A study of {topic} reported changes in the measured outcome {cite}.",
    "Earlier work on {topic} reached a similar conclusion {cite}.",
    "The effect of {topic} has been described in detail {cite}.",
    "Others questioned how far the results on {topic} generalise {cite}.",
]
TOPICS = ["sleep", "gut bacteria", "exercise", "memory", "inflammation", "diet", "ageing", "stress"]


def generate_archive(folder: Path, citable: list[dict[str, Any]], posts: int, seed: int = 41) -> dict[str, int]:
    """Posts of 12 to 24 references each, APA style: 8% without a DOI, 2% with a DOI no record has, 3% a wrong year."""
    rng = random.Random(seed)
    counts = {"posts": posts, "references": 0, "without_doi": 0, "unknown_doi": 0, "wrong_year": 0, "bytes": 0}
    usable = [c for c in citable if c["authors"] and len(c["title"]) >= 20]
    for n in range(posts):
        refs = rng.sample(usable, rng.randint(12, 24))
        paragraphs, entries = [], []
        for ref in refs:
            year, doi = ref["year"], ref["doi"]
            roll = rng.random()
            if roll < 0.08:
                doi = None
                counts["without_doi"] += 1
            elif roll < 0.10:
                doi = doi + "x9"
                counts["unknown_doi"] += 1
            elif roll < 0.13:
                year += 1
                counts["wrong_year"] += 1
            paragraphs.append(rng.choice(SENTENCES).format(topic=rng.choice(TOPICS), cite=_cite(ref, year)))
            entries.append(_apa(ref, doi=doi, year=year))
        body = [f"Post {n}: what the research says", ""]
        for start in range(0, len(paragraphs), 4):
            body += [" ".join(paragraphs[start : start + 4]), ""]
        body += ["References", ""] + sorted(entries)
        text = "\n".join(body) + "\n"
        target = folder / f"{n // 1000:03d}" / f"post-{n:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        counts["references"] += len(refs)
        counts["bytes"] += len(text.encode("utf-8"))
    return counts


# -------------------------------------------------------------- measuring


TIMER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.PIPE)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
                  "code": done.returncode, "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""


def timed(command: list[str], stdout: Path) -> dict[str, Any]:
    """Run a command in a fresh child; wall, CPU of it and its processes, the largest one's peak memory."""
    load = os.getloadavg()[0]
    done = subprocess.run([sys.executable, "-c", TIMER, str(stdout), *command], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = load
    return result


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def citecheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "citecheck", *args]


def build(label: str, parts: Path, output: Path, extra: list[str], repeat: int, work: Path) -> dict[str, Any]:
    runs = []
    for attempt in range(repeat):
        if output.is_dir():
            shutil.rmtree(output)
        elif output.exists():
            output.unlink()
        run = timed(citecheck("snapshot", "build", str(parts), "--output", str(output), *extra), work / "build.out")
        if run["code"] not in (0, 1):
            raise SystemExit(f"{label}: build failed ({run['code']}): {run['stderr']}")
        runs.append(run)
        print(f"  {label} run {attempt + 1}/{repeat}: {run['wall']:,.1f} s wall, {run['cpu']:,.1f} s CPU, "
              f"peak {run['peak_mb']:,.0f} MB (load {run['load']:.1f})", flush=True)
    return {"runs": runs, "wall": median_of(runs, "wall"), "cpu": median_of(runs, "cpu"),
            "peak_mb": median_of(runs, "peak_mb"), "loads": [r["load"] for r in runs]}


def index_size(path: Path) -> tuple[int, int]:
    """(bytes on disk, records) of a one-file or sharded index."""
    from citecheck.snapshot.info import snapshot_info

    info = snapshot_info(path)
    return info.size_bytes, info.records


def child_check(args: argparse.Namespace) -> None:
    """In a child process: the distributed check with a timestamp per round, and the client's memory."""
    import logging
    import resource

    import distributed

    from citecheck.settings import Settings
    from citecheck.snapshot.dask import check_on_cluster

    started = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=":0", silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    ready = time.perf_counter()
    marks: dict[str, float] = {}

    def mark(name: str, done: int, total: int) -> None:
        marks.setdefault(f"{name} first", time.perf_counter())
        if done == total:
            marks[f"{name} last"] = time.perf_counter()

    settings = Settings(snapshot=Path(args.index), offline=True, use_cache=False, pubmed=False, progress=False)
    report = check_on_cluster(client, [args.archive], settings, on_round=mark)
    finished = time.perf_counter()
    client.close()
    cluster.close()
    dois = {r.reference.doi for f in report.files for r in f.results if r.reference.doi}
    print(json.dumps({
        "cluster_start": ready - started,
        "round1": marks["Reading files last"] - ready,
        "resolve": marks["Checking files first"] - marks["Reading files last"],
        "round3": marks["Checking files last"] - marks["Checking files first"],
        "check_total": finished - ready,
        "client_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "client_cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
        "workers_cpu": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime,
        "distinct_dois": len(dois),
        "references": sum(len(f.results) for f in report.files),
    }))


# --------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--parts", type=int, default=40)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster")
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--query-shards", type=lambda text: [int(n) for n in text.split(",") if n], default=[8, 32],
                        help="also build the lean profile in these numbers of shards and time queries on them")
    parser.add_argument("--no-lean-file", dest="lean_file", action="store_false",
                        help="skip the one-process build of the lean profile (only its size is reported)")
    parser.add_argument("--reuse", action="store_true", help="reuse the parts, archive and figures kept in --dir: only the stages not measured yet run "
                        "(delete DIR/figures.json to measure again)")
    parser.add_argument("--child-check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--archive", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--index", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_check:
        child_check(args)
        return 0

    work = args.dir or Path(tempfile.mkdtemp(prefix="citecheck-dask-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    needed = args.records * 12_000
    free = shutil.disk_usage(work).free
    print(f"working in {work}: {free / 1e9:,.1f} GB free, about {needed / 1e9:,.1f} GB needed; "
          f"{os.cpu_count()} cores; load {os.getloadavg()}")
    if free < needed:
        print("not enough disk space; pass --dir on a larger disk, or fewer --records")
        return 1
    parts, archive = work / "parts", work / "archive"
    dask = f"local:{args.workers}"
    try:
        if args.reuse and (work / "sample.json").exists():
            state = json.loads((work / "sample.json").read_text(encoding="utf-8"))
            print(f"reusing {state['records']:,} records in {state['parts']} parts")
        else:
            print(f"generating {args.records:,} records in {args.parts} parts ...", flush=True)
            state = generate_parts(parts, args.records, args.parts, keep_citable=20_000, keep_queries=400)
        records = state["records"]
        print(f"  JSON {state['json_bytes'] / records:,.0f} B/record, gzip {state['gz_bytes'] / records:,.0f} B/record")

        # Each stage's figures are saved as it ends; with --reuse, a stage whose figures and output
        # are kept is not run again (a long run interrupted resumes where it stopped).
        saved = work / "figures.json"
        figures: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8")) if args.reuse and saved.exists() else {}

        def stage(name: str, output: Path | None, run: Any) -> Any:
            if name not in figures or (output is not None and not output.exists()):
                figures[name] = run()
                saved.write_text(json.dumps(figures), encoding="utf-8")
            return figures[name]

        outputs = {"full-1": "full.sqlite", "full-dask": "full-shards", "lean-dask": "lean-shards", "lean-1": "lean.sqlite"}
        stage("full-1", work / "full.sqlite",
              lambda: build("full, one file, one process", parts, work / "full.sqlite", [], args.repeat, work))
        stage("full-dask", work / "full-shards",
              lambda: build(f"full, shards, --dask {dask}", parts, work / "full-shards", ["--dask", dask], args.repeat,
                            work))
        stage("lean-dask", work / "lean-shards",
              lambda: build(f"lean, shards, --dask {dask}", parts, work / "lean-shards",
                            ["--dask", dask, "--profile", "lean"], args.repeat, work))
        if args.lean_file:
            stage("lean-1", work / "lean.sqlite",
                  lambda: build("lean, one file, one process", parts, work / "lean.sqlite", ["--profile", "lean"], 1,
                                work))
        sizes = {name: index_size(work / out) for name, out in outputs.items() if name in figures}

        print("querying ...", flush=True)
        bench = _bench_module()
        queries = {int(k): v for k, v in state["queries"].items()}
        lookups = stage("queries", None, lambda: {
            name: bench.measure_queries(work / out, records, queries)
            for name, out in [("one file (full)", "full.sqlite"), ("2 shards (full)", "full-shards"),
                              ("2 shards (lean)", "lean-shards")]})
        # How look-ups and searches grow with the number of shards they ask (each shard is one more
        # query per look-up and per search step): the lean profile cut into more shards, built here.
        for count in args.query_shards:
            folder = work / f"lean-{count}-shards"
            stage(f"lean-{count}", folder, lambda: build(
                f"lean, {count} shards, --workers 2", parts, folder,
                ["--profile", "lean", "--shards", str(count), "--workers", "2"], 1, work))
            sizes[f"lean-{count}"] = index_size(folder)
            lookups[f"{count} shards (lean)"] = stage(
                f"queries-lean-{count}", None, lambda: bench.measure_queries(folder, records, queries))

        if not (args.reuse and archive.exists()):
            print(f"generating {args.posts:,} posts ...", flush=True)
            if archive.exists():
                shutil.rmtree(archive)
            counts = generate_archive(archive, state["citable"], args.posts)
            (work / "archive.json").write_text(json.dumps(counts), encoding="utf-8")
        counts = json.loads((work / "archive.json").read_text(encoding="utf-8"))
        check_args = ["--offline", "--no-pubmed", "--no-cache", "--snapshot", str(work / "lean-shards"),
                      "--format", "json", "--fail-on", "never", str(archive)]
        def checks() -> dict[str, Any]:
            single, spread = [], []
            for attempt in range(args.repeat):
                single.append(timed(citecheck(*check_args), work / "one.json"))
                spread.append(timed(citecheck("--dask", dask, *check_args), work / "dask.json"))
                same = (work / "one.json").read_bytes() == (work / "dask.json").read_bytes()
                print(f"  check run {attempt + 1}/{args.repeat}: one process {single[-1]['wall']:,.1f} s "
                      f"(load {single[-1]['load']:.1f}), --dask {dask} {spread[-1]['wall']:,.1f} s "
                      f"(load {spread[-1]['load']:.1f}); reports identical: {same}", flush=True)
                if not same or single[-1]["code"] != spread[-1]["code"]:
                    raise SystemExit("the distributed check gave another report than the single process")
            # The same archive against the full one-file index: the lean profile must give the same verdicts.
            full_args = [*check_args]
            full_args[full_args.index("--snapshot") + 1] = str(work / "full.sqlite")
            against_full = timed(citecheck(*full_args), work / "full.json")
            lean_same = (work / "full.json").read_bytes() == (work / "one.json").read_bytes()
            print(f"  one process against the full one-file index: {against_full['wall']:,.1f} s; "
                  f"report identical to the lean shards': {lean_same}", flush=True)
            if not lean_same:
                raise SystemExit("the lean index gave other verdicts than the full one")
            return {"single": single, "spread": spread, "against_full": against_full, "lean_same": lean_same}

        checked = stage("checks", None, checks)
        single, spread = checked["single"], checked["spread"]
        # The rounds of the distributed check, on the whole archive and on its first tenth: the
        # difference gives what the client spends per post, without its fixed costs (imports, start).
        tenth = work / "archive-tenth"
        if not tenth.exists():
            tenth.mkdir()
            for post in sorted(archive.rglob("*.txt"))[: max(1, counts["posts"] // 10)]:
                shutil.copy(post, tenth / post.name)
        rounds = stage("rounds", None, lambda: probe(args.workers, archive, work / "lean-shards"))
        small = stage("rounds-tenth", None, lambda: probe(args.workers, tenth, work / "lean-shards"))
        report(state, figures, sizes, lookups, counts, single, spread, rounds, small, args)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            print(f"removed {work}")
    return 0


def probe(workers: int, archive: Path, index: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child-check", "--workers", str(workers), "--archive",
                           str(archive), "--index", str(index)], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["posts"] = sum(1 for _ in archive.rglob("*.txt"))
    return result


def report(state, figures, sizes, lookups, counts, single, spread, rounds, small, args) -> None:
    records = state["records"]
    w = args.workers
    print()
    print(f"== {records:,} records in {state['parts']} parts; measured on a shared {os.cpu_count()}-core machine, "
          f"medians of {args.repeat} ==")
    for name, label in [("full-1", "full, one file, one process"), ("full-dask", f"full, shards, {w}-worker LocalCluster"),
                        ("lean-dask", f"lean, shards, {w}-worker LocalCluster"), ("lean-1", "lean, one file, one process")] + [
                        (f"lean-{n}", f"lean, {n} shards, 2 local processes") for n in args.query_shards]:
        if name not in figures:
            continue
        f = figures[name]
        size, total = sizes[name]
        print(f"build {label:38s} {f['wall']:8,.1f} s  {records / f['wall']:8,.0f} records/s  "
              f"CPU {f['cpu']:8,.1f} s  peak {f['peak_mb']:6,.0f} MB  {size / total:6,.0f} B/record  "
              f"loads {', '.join(f'{x:.1f}' for x in f['loads'])}")
    for name, q in lookups.items():
        print(f"queries {name:18s} lookup of 50 DOIs median {q['lookup_median_ms']:.1f} ms (p95 "
              f"{q['lookup_p95_ms']:.1f}, CPU median {q['lookup_cpu_median_ms']:.1f}); search median "
              f"{q['search_median_ms']:.1f} ms (p95 {q['search_p95_ms']:.1f}, CPU median {q['search_cpu_median_ms']:.1f}, "
              f"CPU p95 {q['search_cpu_p95_ms']:.1f}); right record first {q['search_top1']}/{q['search_n']}")
    one, many = median_of(single, "wall"), median_of(spread, "wall")
    print(f"archive: {counts['posts']:,} posts, {counts['references']:,} references ({counts['bytes'] / 1e6:.1f} MB); "
          f"{counts['without_doi']:,} without DOI, {counts['unknown_doi']:,} with an unknown DOI, "
          f"{counts['wrong_year']:,} with a wrong year")
    print(f"check, one process    {one:8,.1f} s  CPU {median_of(single, 'cpu'):8,.1f} s  "
          f"peak {median_of(single, 'peak_mb'):,.0f} MB  ({counts['posts'] / one:,.0f} posts/s)")
    print(f"check, --dask local:{w} {many:8,.1f} s  CPU {median_of(spread, 'cpu'):8,.1f} s  "
          f"peak {median_of(spread, 'peak_mb'):,.0f} MB  ({counts['posts'] / many:,.0f} posts/s)")
    print(f"distributed rounds: cluster start {rounds['cluster_start']:.1f} s, read+extract+look up "
          f"{rounds['round1']:.1f} s, resolve on the client {rounds['resolve']:.1f} s, check {rounds['round3']:.1f} s; "
          f"CPU: client {rounds['client_cpu']:.1f} s, workers {rounds['workers_cpu']:.1f} s; "
          f"client peak {rounds['client_peak_mb']:,.0f} MB for {rounds['distinct_dois']:,} distinct DOIs")

    # ---- on paper, from CPU time (robust to a shared machine): per-core rates -> N machines
    build_rate = records / figures["lean-dask"]["cpu"]  # records per CPU second, lean shards, all processes
    gz_scale = FULL_GZ_BYTES / FULL_RECORDS / (state["gz_bytes"] / records)
    lean_bytes = sizes["lean-dask"][0] / sizes["lean-dask"][1]
    worker_rate = counts["posts"] / max(rounds["workers_cpu"], 1e-9)  # posts per worker CPU second
    more = max(1, rounds["posts"] - small["posts"])
    # Client (and, on a local cluster, scheduler) CPU and memory per post: the slope between two sizes.
    client_per_post = max(0.0, rounds["client_cpu"] - small["client_cpu"]) / more
    client_mb_per_post = max(0.0, rounds["client_peak_mb"] - small["client_peak_mb"]) / more
    print(f"client per post (slope between {small['posts']:,} and {rounds['posts']:,} posts): "
          f"{client_per_post * 1e3:,.2f} ms of CPU, {client_mb_per_post * 1e3:,.0f} kB of memory")
    refs_per_post = counts["references"] / counts["posts"]
    missing = counts["unknown_doi"] / max(1, counts["references"])
    posts = 1_000_000
    print()
    print(f"== on paper: 180 M records and 10^6 posts on N machines of {MACHINE_CORES} cores, from CPU time here: "
          f"{build_rate:,.0f} records per CPU second (lean shards; the file's records are {gz_scale:.2f} x the size "
          f"of ours), {worker_rate:,.1f} posts per worker CPU second, {client_per_post * 1e3:,.1f} ms of client CPU "
          f"per post ==")
    for n in (1, 4, 16, 64):
        cores = n * MACHINE_CORES
        build_h = FULL_RECORDS / (build_rate / gz_scale) / cores / 3600
        check_h = posts / worker_rate / cores / 3600
        client_h = posts * client_per_post / 3600
        print(f"N={n:3d} ({cores:5d} cores): build {build_h:6.2f} h, {FULL_RECORDS * lean_bytes / 1e9:,.0f} GB lean; "
              f"check: workers {check_h:6.2f} h, client {client_h:5.2f} h (one process, whatever N)")
    print(f"client memory at 10^6 posts: about {(small['client_peak_mb'] + client_mb_per_post * posts) / 1e3:,.0f} GB "
          f"(it grows with posts); "
          f"Crossref for DOIs no record has ({missing:.1%} of {refs_per_post:.0f} references a post): "
          f"{posts * refs_per_post * missing / POLITE_RATE / 3600:,.1f} h at {POLITE_RATE:.0f} requests/s")


if __name__ == "__main__":
    raise SystemExit(main())
