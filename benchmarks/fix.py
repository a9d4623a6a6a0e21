"""How often `citecheck fix` corrects a planted error exactly as the style writes the right value, and how often it touches a clean entry.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/fix.py --styles dev                          # tuning: dev styles x train records
    .venv/bin/python benchmarks/fix.py --styles test --records test          # the reported, held-out figures

The articles are those of the rendered-style benchmark (`benchmarks/styles.py`):
real Crossref records rendered with citeproc-py in the CSL styles of one split
(`training/splits.py`), each entry once clean and once with one planted error
of each kind (year, volume, issue, pages, first author, another paper's DOI),
eight entries to an article. Two kinds are added here, made from the clean
entry: its DOI dropped (`missing-doi`, which the fix adds back the way the
other entries write theirs) and its DOI written with en dashes for its hyphens
(`dashed-doi`). The articles go through the real pipeline, offline, from a
snapshot of the records (`citecheck --offline --snapshot`), and the safe
fixes are made as `citecheck fix --write` makes them (`--unsafe`: the unsafe
ones too).

Each entry is then scored against the clean rendering of its record in its
style, character for character:

- a planted entry is **fixed** when the fixed entry is exactly the clean one,
  **wrongly changed** when it changed into anything else, and otherwise
  **left** (split into: its finding was reported and the fix left to a
  person, or the error was not found at all);
- a clean entry is **changed** when the fix touched it (the target is 0).

Prints the shares per kind and in all; `--json PATH` writes every figure;
`--show N` prints N entries that were changed wrongly or left after a finding
(train/dev styles only).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from citecheck.fix import applied, apply_edits, edits_of  # noqa: E402
from citecheck.ingest import document_from_text  # noqa: E402
from citecheck.model import InputFormat  # noqa: E402
from citecheck.pipeline import _run  # noqa: E402
from citecheck.settings import Settings  # noqa: E402
from styles import (  # noqa: E402
    BLOG_STYLES,
    PLANTS,
    Entry,
    articles,
    build_index,
    choose_styles,
    load_records,
    render_entries,
)
from training.splits import record_split  # noqa: E402

# The rule whose finding each plant should cause.
EXPECTED = {**PLANTS, "missing-doi": "CC101", "dashed-doi": "CC105"}
_DOI_EXPRESSION = r"(?:https?://(?:dx\.)?doi\.org/|doi\.org/|\bdoi:\s?|\bDOI:?\s?)?"


_LABEL = re.compile(r"(?:\b(?:available\s+(?:at|from)|retrieved\s+from|en\s+ligne|online|url)\s*:?\s*)$", re.IGNORECASE)


def without_doi(text: str, doi: str) -> str | None:
    """The entry as a writer who had no DOI would have it: the DOI, its label and its brackets gone."""
    match = re.search(_DOI_EXPRESSION + re.escape(doi), text, re.IGNORECASE)
    if match is None:
        return None
    start, end = match.start(), match.end()
    if 0 < start and end < len(text) and text[start - 1] + text[end] in ("<>", "()", "[]"):
        start, end = start - 1, end + 1
    head, tail = _LABEL.sub("", text[:start].rstrip()).rstrip(), text[end:].strip()
    if head.endswith((".", ",", ";", ":")) and tail[:1] in (".", ",", ";", ":"):
        tail = tail[1:]
    dropped = (head + tail).rstrip()
    return dropped if dropped and doi not in dropped.lower() else None


def extra_plants(clean: Entry) -> list[Entry]:
    """The clean entry without its DOI, and with its DOI's hyphens written as en dashes."""
    out = []
    dropped = without_doi(clean.text, clean.doi)
    if dropped:
        out.append(Entry(clean.style, "missing-doi", clean.doi, dropped, EXPECTED["missing-doi"]))
    match = re.search(re.escape(clean.doi), clean.text, re.IGNORECASE)
    if match and "-" in clean.doi:
        written = clean.text[match.start():match.end()]
        dashed = clean.text[:match.start()] + written.replace("-", "–") + clean.text[match.end():]
        out.append(Entry(clean.style, "dashed-doi", clean.doi, dashed, EXPECTED["dashed-doi"]))
    return out


def run(batch: list[tuple[str, str, list[Entry]]], index: Path, unsafe: bool) -> dict[int, str]:
    """Fix each article as `citecheck fix --write` would; for every entry (by id), its fixed text."""
    settings = Settings(offline=True, snapshot=index, use_cache=False, pubmed=False, progress=False)
    documents = [document_from_text(text, name, InputFormat.TEXT) for name, text, _ in batch]
    report, _ = asyncio.run(_run(documents, settings, unsafe=unsafe))
    fixed: dict[int, str] = {}
    for (_, text, entries), file in zip(batch, report.files):
        source = file.extraction.document.source
        after = apply_edits(source, edits_of(applied(file.findings, unsafe))).split("\n")
        lines = {result.reference.id: result.reference.line for result in file.results}
        by_line = {entry.line: entry for entry in entries}
        for entry in entries:
            fixed[id(entry)] = after[entry.line - 1]
        for finding in file.findings:
            entry = by_line.get(lines.get(finding.reference or "", -1))
            if entry is not None:
                entry.found.append({
                    "code": finding.code,
                    "fix": finding.fix.applicability if finding.fix else None,
                    "reason": finding.fix.reason if finding.fix else None,
                    "description": finding.fix.description if finding.fix else None,
                })
    return fixed


def score(entries: list[Entry], fixed: dict[int, str], clean_text: dict[tuple[str, str], str]) -> dict[str, Any]:
    kinds: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    reasons: collections.Counter = collections.Counter()
    for entry in entries:
        after = fixed.get(id(entry), entry.text)
        counts = kinds[entry.kind]
        counts["entries"] += 1
        if entry.kind == "clean":
            counts["changed"] += after != entry.text
            if after != entry.text:
                for f in entry.found:
                    if f["fix"] == "safe":
                        reasons[("clean changed by", f["code"], None)] += 1
            continue
        target = clean_text.get((entry.style, entry.doi))
        found = any(f["code"] == entry.expected for f in entry.found)
        if after == target:
            counts["fixed"] += 1
        elif after != entry.text:
            counts["wrongly changed"] += 1
        elif found:
            counts["left to a person"] += 1
            for f in entry.found:
                if f["code"] == entry.expected:
                    reasons[(entry.kind, f["fix"], f["reason"])] += 1
        else:
            counts["not found"] += 1
    planted = [k for k in kinds if k != "clean"]
    total = collections.Counter()
    for kind in planted:
        total.update(kinds[kind])
    return {
        "kinds": {kind: dict(counts) for kind, counts in kinds.items()},
        "planted": dict(total),
        "fixed_share": total["fixed"] / total["entries"] if total["entries"] else None,
        "wrong_share": total["wrongly changed"] / total["entries"] if total["entries"] else None,
        "clean_changed_share": kinds["clean"]["changed"] / kinds["clean"]["entries"] if kinds["clean"]["entries"] else None,
        "reasons_left": [[list(k), v] for k, v in reasons.most_common(20)],
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "    -"


def print_summary(title: str, result: dict[str, Any]) -> None:
    print(f"\n{title}")
    print(f"{'kind':<12}{'entries':>8}{'fixed':>8}{'share':>7}{'wrong':>7}{'left':>6}{'unfound':>9}")
    for kind, counts in sorted(result["kinds"].items()):
        if kind == "clean":
            continue
        entries = counts.get("entries", 0)
        print(f"{kind:<12}{entries:>8}{counts.get('fixed', 0):>8}{_share(counts.get('fixed', 0), entries):>7}"
              f"{counts.get('wrongly changed', 0):>7}{counts.get('left to a person', 0):>6}{counts.get('not found', 0):>9}")
    total = result["planted"]
    print(f"{'all planted':<12}{total.get('entries', 0):>8}{total.get('fixed', 0):>8}{_share(total.get('fixed', 0), total.get('entries', 0)):>7}"
          f"{total.get('wrongly changed', 0):>7}{total.get('left to a person', 0):>6}{total.get('not found', 0):>9}")
    clean = result["kinds"].get("clean", {})
    print(f"clean entries changed: {clean.get('changed', 0)} of {clean.get('entries', 0)} = "
          f"{_share(clean.get('changed', 0), clean.get('entries', 0))}")
    if result["reasons_left"]:
        print("left to a person after a finding (kind, applicability, reason):")
        for key, count in result["reasons_left"][:10]:
            print(f"  {count:>4}  {tuple(key)}")


def show(entries: list[Entry], fixed: dict[int, str], clean_text: dict[tuple[str, str], str], count: int,
         kind: str | None = None, wrong_only: bool = False) -> None:
    shown = 0
    for entry in entries:
        if kind and entry.kind != kind:
            continue
        after = fixed.get(id(entry), entry.text)
        target = entry.text if entry.kind == "clean" else clean_text.get((entry.style, entry.doi))
        wrong = after != entry.text and after != target
        left = entry.kind != "clean" and after == entry.text and any(f["code"] == entry.expected for f in entry.found)
        if not (wrong or (left and not wrong_only)) or shown >= count:
            continue
        shown += 1
        print(f"\n[{entry.style}] {entry.kind}: {'WRONG' if wrong else 'left'}")
        print(f"  planted: {entry.text}")
        print(f"  fixed:   {after}")
        print(f"  clean:   {target}")
        for finding in entry.found:
            print(f"  -> {finding['code']} {finding['fix']}: {finding['description']} ({finding['reason']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"), help="the shared data folder")
    parser.add_argument("--styles", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--records", choices=("train", "test"), default="train")
    parser.add_argument("--max-styles", type=int, default=120, help="at most this many styles, spread evenly (0: all)")
    parser.add_argument("--per-style", type=int, default=4, help="records rendered in each style")
    parser.add_argument("--blog", action="store_true", help="add the blog forms as three more styles")
    parser.add_argument("--unsafe", action="store_true", help="also make the unsafe fixes (another work's DOI)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=60, help="articles per pipeline run")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong or left entries (train/dev only)")
    parser.add_argument("--kind", help="with --show, only entries of this kind (year, pages, missing-doi, clean...)")
    parser.add_argument("--wrong", action="store_true", help="with --show, only the entries changed wrongly")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    if args.show and args.styles == "test":
        print("--show prints held-out cases: use it on train or dev styles", file=sys.stderr)
        return 2

    started = time.perf_counter()
    rng = random.Random(args.seed)
    records = load_records(args.shared)
    pool = [m for m in records if record_split(m["DOI"]) == args.records]
    styles = choose_styles(args.styles, args.max_styles)
    entries = render_entries(styles, pool, rng, seed=args.seed, per_style=args.per_style,
                             blog=args.blog, split=args.styles)
    entries.extend(extra for entry in list(entries) if entry.kind == "clean" for extra in extra_plants(entry))
    clean_text = {(e.style, e.doi): e.text for e in entries if e.kind == "clean"}
    print(f"records: {len(pool):,} in the {args.records} split; styles: {len(styles)} of the {args.styles} split"
          + (" + 3 blog forms" if args.blog else "") + f"; {len(entries):,} entries")
    docs = articles(entries, rng)
    fixed: dict[int, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        index = build_index(args.shared, Path(folder))
        for start in range(0, len(docs), args.batch):
            fixed.update(run(docs[start:start + args.batch], index, args.unsafe))
    print(f"fixed {len(docs):,} articles in {time.perf_counter() - started:.0f} s")
    results = {}
    rendered = [e for e in entries if e.style not in BLOG_STYLES]
    blog = [e for e in entries if e.style in BLOG_STYLES]
    if rendered:
        results["styles"] = score(rendered, fixed, clean_text)
        print_summary(f"CSL styles ({args.styles} split) x records ({args.records} split)"
                      + (", unsafe fixes too" if args.unsafe else ""), results["styles"])
    if blog:
        results["blog"] = score(blog, fixed, clean_text)
        print_summary(f"blog forms x records ({args.records} split)", results["blog"])
    if args.show:
        show(entries, fixed, clean_text, args.show, args.kind, args.wrong)
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, **results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
