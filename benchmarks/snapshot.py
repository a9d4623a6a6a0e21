"""Snapshot index at scale: build speed, memory, size, lookup and search latency.

    .venv/bin/python benchmarks/snapshot.py                    # 1,000,000 records (about 15 minutes)
    .venv/bin/python benchmarks/snapshot.py --records 100000   # a quicker look
    .venv/bin/python benchmarks/snapshot.py --keep --dir /data # keep the files

Run by hand; prints figures (RESULTS-snapshot.md holds the last measured ones).

1. Generates a public-data-file-shaped `.jsonl.gz` (one work message per line)
   by replicating the real records of /work/shared/crossref (records,
   seed-records, list-items) with altered DOIs, titles (words swapped for
   words drawn from a Zipf-distributed vocabulary, so that term frequencies
   look like a real corpus rather than 500 copies of the same titles), first
   authors, years and indexed dates. Streamed to disk; disk space is checked
   first.
2. Builds the index in a child process (so that its peak memory, read with
   resource.getrusage, is the build's alone) and reports records/s, MB/s of
   JSON, peak RSS and bytes per record.
3. Looks up "articles" of 50 DOIs and runs 200 bibliographic searches (half
   with a typo in the title), reporting median and p95.
4. Builds two smaller shards, merges them (ATTACH), and builds a sample with
   the `reference` lists dropped, for the scale-out figures.
5. Extrapolates time and disk to the 2026 public data file (180 million
   records, 208 GB of gzip parts), then removes the temporary files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
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

from citecheck.model import Reference  # noqa: E402
from citecheck.snapshot.build import build_snapshot  # noqa: E402
from citecheck.snapshot.records import iter_messages  # noqa: E402
from citecheck.snapshot.source import SnapshotSource  # noqa: E402

SHARED = Path("/work/shared/crossref")
FULL_RECORDS = 180_000_000
FULL_GZ_BYTES = 208e9


# ---------------------------------------------------------------- generation


def base_messages() -> list[dict[str, Any]]:
    inputs = [SHARED / "records", SHARED / "seed-records", SHARED / "list-items"]
    return list(iter_messages([p for p in inputs if p.exists()]))


def vocabulary(rng: random.Random, size: int = 200_000) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ae", "io", "ou")]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 5))))
    return sorted(words)


class Generator:
    """Deterministic variations of the base records."""

    def __init__(self, seed: int = 20260601) -> None:
        self.rng = random.Random(seed)
        self.bases = base_messages()
        self.vocab = vocabulary(self.rng)
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(self.vocab))]
        total = 0.0
        self.cum = []
        for w in weights:
            total += w
            self.cum.append(total)
        families = sorted(
            {a["family"] for m in self.bases for a in m.get("author", []) if isinstance(a, dict) and a.get("family")}
        )
        self.families = families + [w.capitalize() for w in self.vocab[:20_000]]

    def word(self) -> str:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=1)[0]

    def record(self, i: int) -> dict[str, Any]:
        rng = self.rng
        base = self.bases[i % len(self.bases)]
        message = dict(base)
        message["DOI"] = f"{base['DOI']}.b{i}"
        words = (base.get("title") or ["Untitled"])[0].split()
        words = [self.word() if rng.random() < 0.35 else w for w in words]
        words.insert(rng.randint(0, len(words)), self.word())
        message["title"] = [" ".join(words)]
        authors = base.get("author")
        if isinstance(authors, list) and authors and isinstance(authors[0], dict):
            first = dict(authors[0])
            first["family"] = rng.choice(self.families)
            message["author"] = [first, *authors[1:]]
        year = rng.randint(1950, 2026)
        message["issued"] = {"date-parts": [[year, rng.randint(1, 12)]]}
        day = rng.randint(0, 7 * 365)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1546300800 + day * 86400 + rng.randint(0, 86399)))
        message["indexed"] = {"date-parts": [[int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10])]], "date-time": stamp}
        return message


def generate(path: Path, count: int, sample: set[int]) -> tuple[dict[int, dict[str, Any]], int]:
    """Write `count` records to a .jsonl.gz; return the sampled ones and the JSON byte count."""
    generator = Generator()
    kept: dict[int, dict[str, Any]] = {}
    json_bytes = 0
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as out:
        for i in range(count):
            message = generator.record(i)
            line = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            json_bytes += len(line)
            out.write(line)
            if i in sample:
                kept[i] = message
            if i and i % 100_000 == 0:
                print(f"  generated {i:,} records", flush=True)
    return kept, json_bytes


def reread(path: Path, count: int, sample: set[int]) -> tuple[dict[int, dict[str, Any]], int]:
    """The sampled records and JSON byte count of a file generated earlier."""
    kept: dict[int, dict[str, Any]] = {}
    json_bytes = 0
    with gzip.open(path, "rb") as handle:
        for i, line in enumerate(handle):
            json_bytes += len(line)
            if i in sample:
                kept[i] = json.loads(line)
    if i + 1 != count:
        raise SystemExit(f"{path} holds {i + 1:,} records, not {count:,}: pass --records {i + 1}")
    return kept, json_bytes


# ------------------------------------------------------------------- phases


def child_build(args: argparse.Namespace) -> None:
    """Runs in a child process: build, then print the figures as one JSON line."""
    drop = ["reference"] if args.drop_references else None
    result = build_snapshot(
        [Path(p) for p in args.inputs], Path(args.output), drop_fields=drop, workers=args.workers
    )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": result.seconds,
                "records": result.records,
                "total": result.total,
                "size": result.size_bytes,
                "peak_mb": usage.ru_maxrss / 1024,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "problems": result.problem_count,
            }
        )
    )


def run_build(inputs: list[Path], output: Path, drop_references: bool = False, workers: int = 1) -> dict[str, Any]:
    command = [
        sys.executable, __file__, "--child-build", "--workers", str(workers), "--output", str(output), *map(str, inputs)
    ]
    if drop_references:
        command.append("--drop-references")
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def typo(title: str, rng: random.Random) -> str:
    words = title.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return title
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1 :]  # a dropped letter
    return " ".join(words)


def measure_queries(index: Path, count: int, sampled: dict[int, dict[str, Any]]) -> dict[str, Any]:
    rng = random.Random(7)
    figures: dict[str, Any] = {}
    with SnapshotSource.open(index) as source:
        # Lookups: 30 "articles" of 50 DOIs each, DOIs spread over the index.
        times, cpu = [], []
        for article in range(30):
            dois = sampled_dois(count, rng, 50)
            started, cpu_started = time.perf_counter(), time.process_time()
            answers = source.lookup_sync(dois)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            assert len(answers) == 50, len(answers)
        figures["lookup_first_ms"] = times[0] * 1000
        figures["lookup_median_ms"] = statistics.median(times) * 1000
        figures["lookup_p95_ms"] = percentile(times, 0.95) * 1000
        figures["lookup_cpu_median_ms"] = statistics.median(cpu) * 1000

        # Searches: 200 references from sampled records, half with a typo.
        times, cpu, top1, top5 = [], [], 0, 0
        for n, (i, message) in enumerate(sorted(sampled.items())[:200]):
            title = message["title"][0]
            if n % 2:
                title = typo(title, rng)
            authors = tuple(a["family"] for a in message.get("author", [])[:1] if isinstance(a, dict) and a.get("family"))
            year = message["issued"]["date-parts"][0][0]
            reference = Reference(id=str(i), line=1, text=title, title=title, authors=authors, year=year)
            started, cpu_started = time.perf_counter(), time.process_time()
            found = source.search_sync(reference, rows=5)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            dois = [w.doi for w in found]
            top1 += bool(dois) and dois[0] == message["DOI"].lower()
            top5 += message["DOI"].lower() in dois
        figures["search_median_ms"] = statistics.median(times) * 1000
        figures["search_p95_ms"] = percentile(times, 0.95) * 1000
        figures["search_max_ms"] = max(times) * 1000
        figures["search_cpu_median_ms"] = statistics.median(cpu) * 1000
        figures["search_cpu_p95_ms"] = percentile(cpu, 0.95) * 1000
        figures["search_top1"] = top1
        figures["search_top5"] = top5
        figures["search_n"] = len(times)
    return figures


_BASE_DOIS: list[str] = []


def sampled_dois(count: int, rng: random.Random, k: int) -> list[str]:
    """k distinct DOIs of generated records, spread over the whole file."""
    if not _BASE_DOIS:
        _BASE_DOIS.extend(m["DOI"] for m in base_messages())
    return [f"{_BASE_DOIS[i % len(_BASE_DOIS)]}.b{i}" for i in rng.sample(range(count), k)]


def split(source: Path, parts: list[Path], limit: int) -> None:
    """Copy the first `limit` lines of a .jsonl.gz into several parts, round robin."""
    outs = [gzip.open(p, "wb", compresslevel=1) for p in parts]
    try:
        with gzip.open(source, "rb") as handle:
            for i, line in enumerate(handle):
                if i >= limit:
                    break
                outs[i % len(outs)].write(line)
    finally:
        for out in outs:
            out.close()


def first_lines(source: Path, target: Path, limit: int) -> None:
    split(source, [target], limit)


# --------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--shard-records", type=int, default=100_000, help="records per shard for the merge figure")
    parser.add_argument("--dir", type=Path, default=None, help="working folder (default: a new temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--workers", type=int, default=1, help="encoding processes for the main build")
    parser.add_argument(
        "--reuse", type=Path, default=None, help="a .jsonl.gz generated by an earlier run (--keep), instead of generating"
    )
    parser.add_argument("--child-build", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--drop-references", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--output", default=None, help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        child_build(args)
        return 0

    work = args.dir or Path(tempfile.mkdtemp(prefix="citecheck-snapshot-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["df", "-h", str(work)], check=False)
    free = shutil.disk_usage(work).free
    needed = args.records * 9_000  # generated input + index + shards, with margin
    print(f"working in {work}: {free / 1e9:,.1f} GB free, about {needed / 1e9:,.1f} GB needed")
    if free < needed:
        print("not enough disk space; pass --dir on a larger disk or fewer --records")
        return 1
    try:
        rng = random.Random(11)
        sample = set(rng.sample(range(args.records), min(400, args.records)))
        data = work / "part-0.jsonl.gz"
        started = time.perf_counter()
        if args.reuse:
            data = args.reuse
            print(f"reusing {data} ...", flush=True)
            sampled, json_bytes = reread(data, args.records, sample)
        else:
            print(f"generating {args.records:,} records ...", flush=True)
            sampled, json_bytes = generate(data, args.records, sample)
        gz_bytes = data.stat().st_size
        print(
            f"  {time.perf_counter() - started:,.0f} s; JSON {json_bytes / 1e9:,.2f} GB "
            f"({json_bytes / args.records:,.0f} B/record), gzip {gz_bytes / 1e9:,.2f} GB "
            f"({gz_bytes / args.records:,.0f} B/record)"
        )

        index = work / "index.sqlite"
        print(f"building the index (child process, {args.workers} encoding process(es)) ...", flush=True)
        built = run_build([data], index, workers=args.workers)
        rate = built["records"] / built["seconds"]
        cpu_rate = built["records"] / built["cpu_seconds"]
        per_record = built["size"] / built["total"]
        print(
            f"  {built['records']:,} records in {built['seconds']:,.0f} s = {rate:,.0f} records/s "
            f"({built['cpu_seconds']:,.0f} CPU s = {cpu_rate:,.0f} records per CPU second), "
            f"{json_bytes / built['seconds'] / 1e6:,.1f} MB/s of JSON; peak RSS {built['peak_mb']:,.0f} MB; "
            f"index {built['size'] / 1e9:,.2f} GB = {per_record:,.0f} B/record "
            f"= {per_record * 1e6 / 1e9:,.2f} GB per million records; problems {built['problems']}"
        )

        print("querying ...", flush=True)
        queries = measure_queries(index, args.records, sampled)
        print(
            f"  lookup of a 50-DOI article: first {queries['lookup_first_ms']:.1f} ms, "
            f"median {queries['lookup_median_ms']:.1f} ms, p95 {queries['lookup_p95_ms']:.1f} ms "
            f"(CPU median {queries['lookup_cpu_median_ms']:.1f} ms; 30 articles)"
        )
        print(
            f"  search: median {queries['search_median_ms']:.1f} ms, p95 {queries['search_p95_ms']:.1f} ms, "
            f"max {queries['search_max_ms']:.1f} ms (CPU median {queries['search_cpu_median_ms']:.1f} ms, "
            f"p95 {queries['search_cpu_p95_ms']:.1f} ms) over {queries['search_n']} references (half with a typo); "
            f"right record first {queries['search_top1']}/{queries['search_n']}, "
            f"in the top 5 {queries['search_top5']}/{queries['search_n']}"
        )
        index.unlink()

        shard_records = min(args.shard_records, args.records // 2)
        parts = [work / "shard-a.jsonl.gz", work / "shard-b.jsonl.gz"]
        split(data, parts, 2 * shard_records)
        shards = [work / "shard-a.sqlite", work / "shard-b.sqlite"]
        shard_runs = [run_build([p], s) for p, s in zip(parts, shards)]
        merged = run_build(shards, work / "merged.sqlite")
        merge_rate = merged["records"] / merged["seconds"]
        merge_cpu_rate = merged["records"] / merged["cpu_seconds"]
        print(
            f"  shards: {shard_runs[0]['records']:,} records each in {shard_runs[0]['seconds']:,.0f} s / "
            f"{shard_runs[1]['seconds']:,.0f} s; merge of both: {merged['seconds']:,.0f} s = {merge_rate:,.0f} records/s "
            f"({merge_cpu_rate:,.0f} per CPU second), "
            f"peak RSS {merged['peak_mb']:,.0f} MB"
        )
        slim_input = work / "slim.jsonl.gz"
        first_lines(data, slim_input, shard_records)
        slim = run_build([slim_input], work / "slim.sqlite", drop_references=True)
        full_sample = shard_runs[0]
        slim_per_record = slim["size"] / slim["total"]
        print(
            f"  without reference lists: {slim_per_record:,.0f} B/record "
            f"(full records in a same-size shard: {full_sample['size'] / full_sample['total']:,.0f} B/record)"
        )

        hours = FULL_RECORDS / rate / 3600
        gz_scale = FULL_GZ_BYTES / (gz_bytes / args.records * FULL_RECORDS)
        print("extrapolated to the 2026 public data file (180 million records, 208 GB gzip):")
        print(
            f"  one process: {hours:,.1f} h at {rate:,.0f} records/s, "
            f"{FULL_RECORDS / cpu_rate / 3600:,.1f} h of CPU at {cpu_rate:,.0f} records per CPU second "
            f"(our records gzip to {gz_bytes / args.records:,.0f} B, the file's average {FULL_GZ_BYTES / FULL_RECORDS:,.0f} B: "
            f"its records are about {gz_scale:.2f} times the size of ours)"
        )
        print(
            f"  disk: {per_record * FULL_RECORDS / 1e9:,.0f} GB with full records, "
            f"{slim_per_record * FULL_RECORDS / 1e9:,.0f} GB without reference lists "
            f"(before scaling by record size)"
        )
        print(
            f"  16 shard builds in parallel: about {hours / 16:,.1f} h, then merging "
            f"{FULL_RECORDS:,} records at {merge_rate:,.0f} records/s: {FULL_RECORDS / merge_rate / 3600:,.1f} h "
            f"({FULL_RECORDS / merge_cpu_rate / 3600:,.1f} h of CPU)"
        )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
            print(f"removed {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
