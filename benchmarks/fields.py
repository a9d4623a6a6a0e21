"""Field-tagging benchmark: per-field accuracy of `read_entry` on references no model was trained on.

Two held-out sets (see training/splits.py):

- **held-out styles**: real Crossref records of the `test` record split,
  rendered by citeproc-py in CSL styles of the `test` style split (`--count`
  references, style and record drawn with `--seed`);
- **held-apart core**: the fifth of AnyStyle's core set that
  `core_split` puts in `test` (real references labelled by hand).

`--split dev` measures on dev styles and the dev slice of core-train instead:
that is where features and settings are tuned. Per field (first author,
year, volume, issue, pages, title, journal, doi): the share right among the
references where the gold or the reading has a value (training/evaluate.py
says how values are compared). Also: the model's size and how many
references it reads per CPU-second of its one process (median of `--repeat`
runs; CPU time, so that other work on the machine does not count).

Usage: nice -n 10 .venv/bin/python -m benchmarks.fields [--shared /work/shared] [--misses 20]
Target: every field >= 0.95 on both sets.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from training.data import core_references, load_records  # noqa: E402
from training.evaluate import FIELDS, score  # noqa: E402
from training.splits import bucket, core_split, record_split, styles_in  # noqa: E402
from training.train_tagger import CACHE_DIR, MODEL_DIR, render_many  # noqa: E402

TARGET = 0.95


def held_out(shared: Path, split: str, count: int, seed: int, workers: int):
    core = list(core_references(shared / "training" / "anystyle" / "core.xml"))
    records = load_records(shared / "crossref")
    if split == "test":
        core_set = [r for r in core if core_split(r.text) == "test"]
        record_set = [m for m in records if record_split(m["DOI"]) == "test"]
    else:
        core_set = [r for r in core if core_split(r.text) == "train" and bucket(f"core-dev:{' '.join(r.text.split())}", 6) == 0]
        record_set = [m for m in records if record_split(m["DOI"]) == "train"]
    rendered = render_many(record_set, styles_in(split), count, seed, CACHE_DIR, workers)
    return rendered, core_set


def speed(texts: list[str], repeat: int) -> float:
    from citecheck.extract.fields import read_entry

    read_entry(texts[0])  # load the models outside the timing
    rates = []
    for _ in range(repeat):
        # CPU time of this one process: what one core does, whatever else the machine runs.
        started = time.process_time()
        for text in texts:
            read_entry(text)
        rates.append(len(texts) / (time.process_time() - started))
    return statistics.median(rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--models", type=Path, default=None, help="a model folder other than the shipped one")
    parser.add_argument("--misses", type=int, default=0, help="print this many wrong fields per set")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--card", action="store_true", help="write the figures into the model card")
    args = parser.parse_args(argv)
    if args.models:
        from citecheck.extract.tagger import use_models

        use_models(args.models)
    rendered, core = held_out(args.shared, args.split, args.count, args.seed, args.workers)
    styles_name = "held-out styles" if args.split == "test" else "dev styles"
    core_name = "held-apart core" if args.split == "test" else "core-train dev slice"
    results = [(f"{styles_name} ({len(rendered)} references, {len({r.source for r in rendered})} styles)", score(rendered, args.misses)),
               (f"{core_name} ({len(core)} references)", score(core, args.misses))]
    table = ["| set | " + " | ".join(f.replace("_", " ") for f in FIELDS) + " |", "| --- |" + " --- |" * len(FIELDS)]
    failed = False
    for name, result in results:
        cells = []
        for field_name in FIELDS:
            value = result.accuracy(field_name)
            cells.append(f"{value:.3f}" if value is not None else "–")
            failed |= value is not None and value < TARGET
        table.append(f"| {name} | " + " | ".join(cells) + " |")
    print("\n".join(table))
    for name, result in results:
        for text, field_name, expected, found in result.misses:
            print(f"  [{name.split(' (')[0]}] {field_name}: {expected!r} -> {found!r} | {text[:200]!r}")
    folder = args.models or MODEL_DIR
    size = sum(p.stat().st_size for p in folder.glob("*.crfsuite"))
    texts = [r.text for r in rendered + core]
    rate = speed(texts, args.repeat)
    load = os.getloadavg()[0]
    line = (f"model {size / 1e6:.2f} MB; {rate:,.0f} references per CPU-second on one core "
            f"(median of {args.repeat} runs over {len(texts)} references; load average {load:.1f} on {os.cpu_count()} cores)")
    print("\n" + line)
    if args.card:
        from training.train_tagger import FIGURES_END, FIGURES_START

        card = folder / "CARD.md"
        text = card.read_text(encoding="utf-8")
        head, rest = text.split(FIGURES_START, 1)
        tail = rest.split(FIGURES_END, 1)[1]
        command = f"python -m benchmarks.fields --split {args.split} --count {args.count} --seed {args.seed}"
        body = f"`{command}` (per-field accuracy; target {TARGET} each):\n\n" + "\n".join(table) + f"\n\n{line}."
        card.write_text(f"{head}{FIGURES_START}\n{body}\n{FIGURES_END}{tail}", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
