"""Train the field tagger and the name tagger; write them and their card into citecheck/extract/model/.

    nice -n 10 python -m training.train_tagger            # the shipped models
    nice -n 10 python -m training.train_tagger --dev      # leave the dev data out and report on it

Data (all from `--shared`, default /work/shared):

- AnyStyle's core set, only what `splits.core_split` puts in `train`
  (with `--dev`, one in six of those is kept apart as the dev slice);
- real Crossref records of the `train` record split rendered in `train` CSL
  styles (`--rendered` references, style and record drawn with `--seed`);
- the same records written the loose ways of blogs (`data.blog_reference`),
  and every reference also in a blog variant (`data.vary`: bullets, wrapped
  lines, other DOI forms).

Rendered references are kept in `--cache` (default training/.cache) so that a
second run with the same settings does not render them again. Fixed seed:
the same command gives the same models.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Sequence

from training.data import (
    Labelled,
    blog_reference,
    core_references,
    load_records,
    name_labels,
    rendered,
    title_first,
    token_labels,
    vary,
)
from training.splits import bucket, core_split, record_split, styles_in

MODEL_DIR = Path(__file__).resolve().parent.parent / "citecheck" / "extract" / "model"
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

FIELD_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True, "feature.minfreq": 2}
NAME_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def _render_one(job: tuple[dict, str]) -> dict | None:
    item, style = job
    reference = rendered(item, style)
    if reference is None:
        return None
    return {"text": reference.text, "spans": reference.spans, "source": reference.source,
            "families": reference.families, "givens": reference.givens}


def render_many(records: Sequence[dict], styles: Sequence[str], count: int, seed: int, cache: Path, workers: int) -> list[Labelled]:
    """`count` references: (record, style) pairs drawn with `seed`, rendered (or read from the cache)."""
    from training.render import csl_item

    rng = random.Random(seed)
    jobs = []
    for _ in range(count):
        message = rng.choice(records)
        jobs.append((csl_item(message, "item"), rng.choice(styles)))
    key = hashlib.sha256(json.dumps([[j[0].get("DOI"), j[1]] for j in jobs]).encode()).hexdigest()[:16]
    path = cache / f"rendered-{key}.jsonl"
    if path.exists():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            rows = [row for row in pool.map(_render_one, jobs, chunksize=20) if row]
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return [
        Labelled(row["text"], tuple(tuple(s) for s in row["spans"]), row["source"], tuple(row["families"]), tuple(row["givens"]))
        for row in rows
    ]


def blog_many(records: Sequence[dict], seed: int) -> list[Labelled]:
    from training.render import csl_item

    rng = random.Random(seed)
    out = []
    for message in records:
        reference = blog_reference(csl_item(message, "item"), rng)
        if reference is not None:
            out.append(title_first(reference) if rng.random() < 0.08 else reference)
    return out


def _train(sequences: list[tuple[list[list[str]], list[str]]], params: dict, path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        trainer.append(features, labels)
    trainer.set_params(params)
    trainer.train(str(path))


def field_sequences(references: Sequence[Labelled]) -> list[tuple[list[list[str]], list[str]]]:
    from citecheck.extract.features import entry_features

    out = []
    for reference in references:
        tokens, labels = token_labels(reference)
        if tokens:
            out.append((entry_features(tokens), labels))
    return out


def name_sequences(references: Sequence[Labelled]) -> list[tuple[list[list[str]], list[str]]]:
    from citecheck.extract.features import name_features

    out = []
    for reference in references:
        if not reference.families:
            continue
        spans = [(s, e) for label, s, e in reference.spans if label == "author"]
        if not spans:
            continue
        text = reference.text[spans[0][0] : spans[-1][1]]
        tokens, labels = name_labels(text, reference.families, reference.givens)
        if tokens and "family" in labels:
            out.append((name_features(tokens), labels))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rendered", type=int, default=3000, help="rendered references to train on")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--cache", type=Path, default=CACHE_DIR)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dev", action="store_true", help="keep the dev data out, write to --out, report on dev")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    core_path = args.shared / "training" / "anystyle" / "core.xml"
    core = [r for r in core_references(core_path) if core_split(r.text) == "train"]
    core_dev = [r for r in core if bucket(f"core-dev:{' '.join(r.text.split())}", 6) == 0]
    if args.dev:
        core = [r for r in core if r not in core_dev]
    records = [m for m in load_records(args.shared / "crossref") if record_split(m["DOI"]) == "train"]
    styles = styles_in("train")
    rendered_refs = render_many(records, styles, args.rendered, args.seed, args.cache, args.workers)
    blog_refs = blog_many(records, args.seed + 1)
    rng = random.Random(args.seed + 2)
    # The real references count twice (as written and in a blog variant), and once more varied.
    varied = [vary(r, rng) for r in core + core + rendered_refs]
    training = core + rendered_refs + blog_refs + varied
    print(f"core {len(core)}, rendered {len(rendered_refs)} ({len(set(r.source for r in rendered_refs))} styles, "
          f"{len(records)} records), blog {len(blog_refs)}, varied {len(varied)}", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    fields_seq = field_sequences(training)
    _train(fields_seq, FIELD_PARAMS, args.out / "fields.crfsuite")
    names_seq = name_sequences(rendered_refs + blog_refs)
    _train(names_seq, NAME_PARAMS, args.out / "names.crfsuite")
    print(f"trained on {len(fields_seq)} entries, {len(names_seq)} author lists in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    summary = {
        "seed": args.seed,
        "core_train": len(core),
        "rendered": len(rendered_refs),
        "rendered_styles": len(set(r.source for r in rendered_refs)),
        "train_records": len(records),
        "blog": len(blog_refs),
        "varied": len(varied),
        "field_sequences": len(fields_seq),
        "name_sequences": len(names_seq),
        "field_params": FIELD_PARAMS,
        "name_params": NAME_PARAMS,
        "sizes": {p.name: p.stat().st_size for p in sorted(args.out.glob("*.crfsuite"))},
    }
    if args.dev:
        import training.evaluate as evaluate
        from citecheck.extract.tagger import use_models

        use_models(args.out)
        dev_styles = styles_in("dev")
        dev_rendered = render_many(records, dev_styles, 600, args.seed + 3, args.cache, args.workers)
        for name, refs in (("core dev slice", core_dev), ("dev styles", dev_rendered)):
            result = evaluate.score(refs, keep_misses=40)
            print(f"{name} ({result.references}): {result.row()}")
            for text, field_name, expected, found in result.misses:
                print(f"   {field_name}: {expected!r} -> {found!r} | {text[:160]!r}")
    else:
        (args.out / "training.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
        write_card(args.out, summary)
    return 0


FIGURES_START, FIGURES_END = "<!-- figures -->", "<!-- /figures -->"


def write_card(folder: Path, summary: dict) -> None:
    """The model card: what the models are, what they learnt from, how to make and measure them."""
    card = folder / "CARD.md"
    figures = "Not measured yet: run the benchmark below."
    if card.exists():
        old = card.read_text(encoding="utf-8")
        if FIGURES_START in old and FIGURES_END in old:
            figures = old.split(FIGURES_START, 1)[1].split(FIGURES_END, 1)[0].strip()
    sizes = ", ".join(f"`{name}` {size / 1e6:.2f} MB" for name, size in summary["sizes"].items())
    card.write_text(f"""# Reference field tagger and name tagger

Two linear-chain conditional random fields (python-crfsuite, L-BFGS):

- `fields.crfsuite` labels each token of one reference entry: author, editor, year, title,
  journal (any container: journal, book, proceedings), volume, issue, pages, doi, url, pmid,
  pmcid, publisher, location, other. Identifier tokens (DOI, URL, PMID, PMCID) are relabelled
  by exact rules after tagging.
- `names.crfsuite` labels each token of an author list: family, given, other.

Used by `citecheck.extract.fields.read_entry`; features in `citecheck/extract/features.py`.
Sizes: {sizes}.

## Data

All of it real, none of it from the held-out splits (`training/splits.py`):

| source | references |
| --- | --- |
| AnyStyle core set, `core_split == "train"` (hand-labelled; BSD-2-Clause, see `LICENSE-anystyle`) | {summary["core_train"]} |
| Crossref records of the `train` record split ({summary["train_records"]} records) rendered by citeproc-py in {summary["rendered_styles"]} CSL styles of the `train` style split | {summary["rendered"]} |
| the same records written the loose ways of blogs (no initials, `et al.`, `n.d.`, Markdown links, bare `doi.org/`, PMID, no issue) | {summary["blog"]} |
| variants of the above (bullets, wrapped lines, other DOI forms; the core set twice) | {summary["varied"]} |

{summary["field_sequences"]} entries train the field tagger; {summary["name_sequences"]} author lists (rendered and blog
references, whose family and given names come from the record) train the name tagger.
Settings: field tagger {summary["field_params"]}; name tagger {summary["name_params"]}; seed {summary["seed"]}.

AnyStyle's core set is Copyright 2011-2023 Sylvester Keil, BSD-2-Clause: its notice is
`LICENSE-anystyle` in this folder and travels with these models. Crossref asserts no ownership
of bibliographic metadata.

## Make and measure

    nice -n 10 python -m training.train_tagger            # writes this folder (needs the train extra)
    nice -n 10 python -m benchmarks.fields                # held-out figures (test styles x test records; core test fifth)

## Figures

{FIGURES_START}
{figures}
{FIGURES_END}
""", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
