"""Precision and recall of the identity and metadata rules on real records rendered in CSL styles.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/styles.py --styles dev            # tuning: dev styles x train records
    .venv/bin/python benchmarks/styles.py --styles test --records test   # the reported, held-out figures

What it does:

1. Loads the real Crossref records of /work/shared/crossref (`records/`,
   `list-items/`, `seed-records/`; `--shared` to point elsewhere) and keeps
   those a reference list would cite: a title, a person as first author, a
   year. `training/splits.py` puts each record in `train` or `test` by its DOI.
2. Indexes every record in a temporary snapshot (citecheck's own
   `snapshot build`), which then serves the look-ups and the searches, offline,
   exactly as `citecheck --offline --snapshot` does.
3. For each CSL style of the chosen split (`training/splits.py`: `train`,
   `dev` or `test`; at most `--max-styles`, spread evenly), renders
   `--per-style` records with citeproc-py (`training/render.py`), each once
   clean and once with one planted error of each kind: year, volume, issue,
   pages, first author (another record's family name) and another paper's DOI.
   A plant the style does not print is skipped. A style that prints no DOI
   gets `https://doi.org/...` after the entry, as a blog writer adds it.
   The blog forms (`--blog`): `Surname et al. (2020). Title. Journal, 12(3),
   45-67.`, bullet lists, bare `doi.org/` links.
4. Puts the entries, shuffled, in short articles (a heading `References`,
   eight entries each, a blank line between entries) and runs them through
   the real pipeline: extractor, snapshot, comparison, rules.
5. Scores the CC1xx and CC2xx findings of each entry against its plant: a
   finding of the planted rule is a true positive; any other CC1xx/CC2xx
   finding is a false positive of its rule; a plant without its finding is a
   miss. A clean entry is "flagged" when it gets any CC1xx/CC2xx finding.
   For another paper's DOI it also counts how often the finding offers the
   right DOI.

Prints the per-rule table, the share of clean entries flagged, and the styles
with the most false findings; `--show N` prints N of the wrong answers with
their comparison (use it on train/dev styles only; `--false-only`, `--kind KIND`
and `--not-verified`, the clean entries whose status is not `verified`, narrow
it); `--json PATH` writes every figure, `--dump PATH` every entry with its
findings and comparison (JSON lines).
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from citecheck.ingest import document_from_text  # noqa: E402
from citecheck.model import InputFormat  # noqa: E402
from citecheck.pipeline import run_documents  # noqa: E402
from citecheck.settings import Settings  # noqa: E402
from training.render import csl_item, render  # noqa: E402
from training.splits import record_split, style_split, styles_in  # noqa: E402

PLANTS = {
    "clean": None,
    "year": "CC201",
    "volume": "CC202",
    "issue": "CC203",
    "pages": "CC204",
    "author": "CC205",
    "doi": "CC103",
}
RULES = ("CC101", "CC102", "CC103", "CC104", "CC105", "CC201", "CC202", "CC203", "CC204", "CC205", "CC206", "CC207")
BLOG_STYLES = ("blog-et-al", "blog-bullets", "blog-bare-doi")
PER_ARTICLE = 8


# ------------------------------------------------------------------ records


def load_records(shared: Path) -> list[dict[str, Any]]:
    """Every record a reference list would cite, from records/, list-items/ and seed-records/."""
    found: dict[str, dict[str, Any]] = {}
    for folder in ("records", "list-items", "seed-records"):
        for path in sorted((shared / "crossref" / folder).glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue
            message = data.get("message", data) if isinstance(data, dict) else None
            if isinstance(message, dict) and isinstance(message.get("DOI"), str):
                found.setdefault(message["DOI"].lower(), message)
    return [m for m in found.values() if _citable(m)]


def _citable(message: Mapping[str, Any]) -> bool:
    item = csl_item(message)
    people = item.get("author") or []
    return bool(item.get("title") and people and "family" in people[0] and item.get("issued")
                and len(item["title"].split()) >= 3)


def _years(message: Mapping[str, Any]) -> set[int]:
    years = set()
    for key in ("issued", "published-print", "published-online", "published", "published-other"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            years.add(int(parts[0][0]))
    return years


# ------------------------------------------------------------------ plants


def _bump(value: str, rng: random.Random, avoid: Iterable[str]) -> str | None:
    """A different number of the same form (`12` -> `14`, `e0123` -> `e0127`)."""
    match = re.fullmatch(r"([A-Za-z]{0,2})(\d{1,9})", value.strip())
    if not match:
        return None
    prefix, digits = match.groups()
    avoid = set(avoid)
    for _ in range(20):
        number = int(digits) + rng.choice([-3, -2, -1, 1, 2, 3, 5, 7])
        if number <= 0:
            continue
        candidate = f"{prefix}{str(number).zfill(len(digits)) if digits.startswith('0') else number}"
        if candidate not in avoid and candidate != value:
            return candidate
    return None


def planted_items(message: Mapping[str, Any], pool: list[dict[str, Any]], rng: random.Random) -> dict[str, dict[str, Any] | str]:
    """kind -> the CSL item with that error (for "doi": the other record's DOI)."""
    item = csl_item(message, "item")
    plants: dict[str, dict[str, Any] | str] = {"clean": item}
    numbers = {str(item.get(k)) for k in ("volume", "issue", "page") if item.get(k)}
    years = _years(message)
    year = item["issued"]["date-parts"][0][0]
    choices = [year + d for d in (-3, -2, -1, 1, 2, 3) if year + d not in years]
    if choices and years:  # a record without a year of publication cannot show a wrong one
        plants["year"] = {**item, "issued": {"date-parts": [[rng.choice(choices)]]}}
    for key, kind in (("volume", "volume"), ("issue", "issue")):
        if item.get(key):
            changed = _bump(str(item[key]), rng, numbers | {str(y) for y in years})
            if changed:
                plants[kind] = {**item, key: changed}
    if item.get("page"):
        pages = _planted_pages(str(item["page"]), rng)
        if pages:
            plants["pages"] = {**item, "page": pages}
    families = {a.get("family", "").lower() for a in item.get("author") or []}
    donors = [m for m in pool if m.get("author") and isinstance(m["author"][0], dict) and m["author"][0].get("family")]
    for _ in range(20):
        donor = rng.choice(donors)
        family = str(donor["author"][0]["family"]).strip()
        if family.lower() not in families and len(family) >= 3 and family.isascii() and family.isalpha():
            authors = [dict(a) for a in item["author"]]
            authors[0] = {**authors[0], "family": family}
            plants["author"] = {**item, "author": authors}
            break
    for _ in range(20):
        donor = rng.choice(pool)
        if donor["DOI"].lower() != str(message["DOI"]).lower() and csl_item(donor).get("title") != item.get("title"):
            plants["doi"] = donor["DOI"].lower()
            break
    return plants


def _planted_pages(page: str, rng: random.Random) -> str | None:
    parts = re.split(r"\s*[-–]\s*", page.strip())
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        shift = rng.choice([-20, -9, -5, -2, 2, 5, 9, 20, 100])
        first, last = int(parts[0]) + shift, int(parts[1]) + shift
        if first > 0:
            return f"{first}-{last}"
        return None
    return _bump(page, rng, ())


# ------------------------------------------------------------------ entries


@dataclass
class Entry:
    style: str
    kind: str
    doi: str  # the record's DOI (the right one)
    text: str
    expected: str | None
    line: int = 0
    found: list[dict[str, Any]] = field(default_factory=list)
    reference: dict[str, Any] | None = None


def _with_doi(text: str, doi: str, form: str = "https://doi.org/") -> str:
    if doi.lower() in text.lower():
        return text
    return f"{text.rstrip()} {form}{doi}"


def style_entries(style: str, message: Mapping[str, Any], pool: list[dict[str, Any]], rng: random.Random) -> list[Entry]:
    """The clean entry and every plant the style prints, for one record."""
    doi = str(message["DOI"]).lower()
    plants = planted_items(message, pool, rng)
    try:
        clean = render(plants["clean"], style)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - a style citeproc-py cannot run prints nothing
        return []
    if not clean or len(clean) < 20:
        return []
    entries = [Entry(style, "clean", doi, _with_doi(clean, doi), None)]
    for kind, planted in plants.items():
        if kind == "clean":
            continue
        if kind == "doi":
            wrong = str(planted)
            text = _with_doi(clean, doi)
            text = re.sub(re.escape(doi), wrong, text, flags=re.IGNORECASE)
            entries.append(Entry(style, kind, doi, text, PLANTS[kind]))
            continue
        try:
            text = render(planted, style)  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001
            continue
        if text and text != clean:
            entries.append(Entry(style, kind, doi, _with_doi(text, doi), PLANTS[kind]))
    return entries


def blog_entry(style: str, item: Mapping[str, Any], doi: str) -> str:
    """The forms blog writers use: no initials, bullets, bare doi.org links."""
    people = item.get("author") or []
    family = people[0].get("family", "") if people else ""
    who = f"{family} et al." if len(people) > 2 else " & ".join(p.get("family", "") for p in people)
    year = item["issued"]["date-parts"][0][0]
    where = item.get("container-title") or ""
    numbers = ""
    if item.get("volume"):
        numbers = f", {item['volume']}" + (f"({item['issue']})" if item.get("issue") else "")
    if item.get("page"):
        numbers += f", {item['page']}"
    if style == "blog-et-al":
        return f"{who} ({year}). {item['title']}. {where}{numbers}. https://doi.org/{doi}"
    if style == "blog-bullets":
        return f"- {who} ({year}). {item['title']}. *{where}*{numbers}. https://doi.org/{doi}"
    return f"* {who}, {item['title']}, {where} {year}{numbers}. doi.org/{doi}"


def blog_entries(style: str, message: Mapping[str, Any], pool: list[dict[str, Any]], rng: random.Random) -> list[Entry]:
    doi = str(message["DOI"]).lower()
    plants = planted_items(message, pool, rng)
    clean = blog_entry(style, plants["clean"], doi)  # type: ignore[arg-type]
    entries = [Entry(style, "clean", doi, clean, None)]
    for kind, planted in plants.items():
        if kind == "clean":
            continue
        if kind == "doi":
            entries.append(Entry(style, kind, doi, clean.replace(doi, str(planted)), PLANTS[kind]))
            continue
        text = blog_entry(style, planted, doi)  # type: ignore[arg-type]
        if text != clean:
            entries.append(Entry(style, kind, doi, text, PLANTS[kind]))
    return entries


def articles(entries: list[Entry], rng: random.Random) -> list[tuple[str, str, list[Entry]]]:
    """(name, text, entries) for short articles of one style each, entries shuffled."""
    by_style: dict[str, list[Entry]] = collections.defaultdict(list)
    for entry in entries:
        by_style[entry.style].append(entry)
    out = []
    for style, group in by_style.items():
        rng.shuffle(group)
        for start in range(0, len(group), PER_ARTICLE):
            chunk = group[start:start + PER_ARTICLE]
            lines = ["Notes on a few papers", "", "Some findings were reported below.", "", "References", ""]
            for entry in chunk:
                entry.line = len(lines) + 1
                lines.extend([entry.text, ""])
            out.append((f"{style}-{start // PER_ARTICLE}.txt", "\n".join(lines), chunk))
    return out


# ------------------------------------------------------------------ running


def build_index(shared: Path, folder: Path) -> Path:
    from citecheck.snapshot.build import build_snapshot

    output = folder / "records.sqlite"
    inputs = [shared / "crossref" / name for name in ("records", "list-items", "seed-records")]
    build_snapshot([p for p in inputs if p.exists()], output)
    return output


def run(batch: list[tuple[str, str, list[Entry]]], index: Path) -> None:
    settings = Settings(offline=True, snapshot=index, use_cache=False, pubmed=False, progress=False)
    documents = [document_from_text(text, name, InputFormat.TEXT) for name, text, _ in batch]
    report = asyncio.run(run_documents(documents, settings))
    for (_, _, entries), file in zip(batch, report.files):
        by_line = {entry.line: entry for entry in entries}
        results = {r.reference.id: r for r in file.results}
        for result in file.results:
            entry = by_line.get(result.reference.line)
            if entry is not None and entry.reference is None:
                entry.reference = {
                    "id": result.reference.id,
                    "text": result.reference.text,
                    "status": result.status.value,
                    "suggested": result.suggestion.doi if result.suggestion else None,
                    "comparison": result.comparison.as_json() if result.comparison else None,
                }
        for finding in file.findings:
            if finding.code[:3] not in ("CC1", "CC2") or finding.reference is None:
                continue
            result = results.get(finding.reference)
            entry = by_line.get(result.reference.line) if result else None
            if entry is not None:
                entry.found.append({"code": finding.code, "message": finding.message, "suggestion": finding.suggestion})


# ------------------------------------------------------------------ scoring


def score(entries: list[Entry]) -> dict[str, Any]:
    tp: collections.Counter = collections.Counter()
    fp: collections.Counter = collections.Counter()
    fn: collections.Counter = collections.Counter()
    clean = flagged = unread = 0
    fixes = collections.Counter()
    statuses = collections.Counter()  # of clean entries
    unread_fields = collections.Counter()  # clean entries' fields the entry may state but could not be compared
    per_style: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for entry in entries:
        codes = {f["code"] for f in entry.found if f["code"] in RULES}
        stats = per_style[entry.style]
        stats["entries"] += 1
        if entry.reference is None:
            unread += 1
            stats["unread"] += 1
        if entry.expected is None:
            clean += 1
            if entry.reference is not None:
                statuses[entry.reference["status"]] += 1
                for name, compared in ((entry.reference.get("comparison") or {}).get("fields") or {}).items():
                    if compared["state"] == "not_compared" and compared["record"] and compared["note"] not in (
                            None, "the record has none"):
                        unread_fields[name] += 1
            if codes:
                flagged += 1
                stats["clean flagged"] += 1
        for code in codes:
            if code == entry.expected:
                tp[code] += 1
            else:
                fp[code] += 1
                stats["false findings"] += 1
        if entry.expected and entry.expected not in codes:
            fn[entry.expected] += 1
            stats["missed"] += 1
        if entry.kind == "doi" and "CC103" in codes:
            offered = entry.reference and entry.reference.get("suggested")
            fixes["offered"] += bool(offered)
            fixes["right"] += offered == entry.doi
    rules = {}
    for code in RULES:
        found, wrong, missed = tp[code], fp[code], fn[code]
        rules[code] = {
            "tp": found, "fp": wrong, "fn": missed,
            "precision": found / (found + wrong) if found + wrong else None,
            "recall": found / (found + missed) if found + missed else None,
        }
    return {
        "entries": len(entries), "clean": clean, "clean_flagged": flagged,
        "clean_flagged_share": flagged / clean if clean else None, "unread": unread,
        "rules": rules, "wrong_work_fix": dict(fixes), "styles": {k: dict(v) for k, v in per_style.items()},
        "clean_statuses": dict(statuses), "clean_fields_not_compared": dict(unread_fields),
    }


def _fmt(value: float | None) -> str:
    return "    -" if value is None else f"{value:.3f}"


def print_summary(title: str, result: dict[str, Any], worst: int = 15) -> None:
    print(f"\n{title}")
    print(f"entries {result['entries']:,} (clean {result['clean']:,}); entries the extractor did not return: "
          f"{result['unread']:,}")
    share = result["clean_flagged_share"]
    print(f"clean entries flagged (any CC1xx/CC2xx): {result['clean_flagged']} = {_fmt(share)}")
    print(f"{'rule':<7}{'tp':>7}{'fp':>6}{'fn':>6}  precision  recall")
    for code, row in result["rules"].items():
        if row["tp"] or row["fp"] or row["fn"]:
            print(f"{code:<7}{row['tp']:>7}{row['fp']:>6}{row['fn']:>6}  {_fmt(row['precision']):>9}  {_fmt(row['recall']):>6}")
    print(f"statuses of clean entries: {result['clean_statuses']}; "
          f"fields stated but not compared: {result['clean_fields_not_compared']}")
    fixes = result["wrong_work_fix"]
    if fixes:
        print(f"wrong-work findings offering a DOI: {fixes.get('offered', 0)}, the right one: {fixes.get('right', 0)}")
    styles = sorted(result["styles"].items(), key=lambda kv: -(kv[1].get("false findings", 0) + kv[1].get("missed", 0)))
    bad = [(name, s) for name, s in styles if s.get("false findings") or s.get("missed")][:worst]
    if bad:
        print("styles with the most false findings / misses:")
        for name, s in bad:
            print(f"  {name:<50} entries {s['entries']:>3}  false {s.get('false findings', 0):>3}  "
                  f"missed {s.get('missed', 0):>3}  clean flagged {s.get('clean flagged', 0):>2}  "
                  f"unread {s.get('unread', 0):>2}")


def show(entries: list[Entry], count: int, every: bool = False) -> None:
    wrong = entries if every else [
        e for e in entries if (e.expected is None and e.found) or
        (e.expected and e.expected not in {f["code"] for f in e.found}) or
        any(f["code"] != e.expected for f in e.found)]
    field_of = {"year": "year", "volume": "volume", "issue": "issue", "pages": "pages", "author": "author"}
    reasons = collections.Counter()
    for entry in wrong:
        comparison = (entry.reference or {}).get("comparison")
        if entry.expected and entry.expected not in {f["code"] for f in entry.found}:
            if comparison is None:
                reasons[(entry.kind, "no comparison", entry.reference is None)] += 1
            elif entry.kind in field_of:
                state = comparison["fields"][field_of[entry.kind]]
                reasons[(entry.kind, comparison["identity"], state["state"], state["note"])] += 1
            else:
                reasons[(entry.kind, comparison["identity"])] += 1
    print("\nwhy planted errors were missed:")
    for reason, number in reasons.most_common():
        print(f"  {number:>4}  {reason}")
    print(f"\n{len(wrong)} entries with a wrong answer; {min(count, len(wrong))} shown")
    for entry in wrong[:count]:
        print(f"\n[{entry.style}] plant={entry.kind} expected={entry.expected} got={[f['code'] for f in entry.found]}")
        print(f"  {entry.text}")
        for finding in entry.found:
            print(f"  -> {finding['code']}: {finding['message']}")
        if entry.reference and entry.reference.get("comparison"):
            comparison = entry.reference["comparison"]
            states = {k: (v["state"], v["cited"], v["record"], v["note"]) for k, v in comparison["fields"].items()
                      if v["state"] != "found"}
            status = entry.reference.get("status")
            print(f"  status={status} identity={comparison['identity']} {states}")
        elif entry.reference is None:
            print("  (not returned by the extractor as an entry of its own)")


# ------------------------------------------------------------------ main


def choose_styles(split: str, limit: int) -> list[str]:
    names = styles_in(split)  # type: ignore[arg-type]
    if limit and len(names) > limit:
        step = len(names) / limit
        names = [names[int(i * step)] for i in range(limit)]
    return names


def render_entries(styles: list[str], pool: list[dict], rng: random.Random, *, seed: int, per_style: int,
                   blog: bool, split: str) -> list[Entry]:
    """Every entry of the benchmark: `per_style` records of `pool` in each CSL style of `split`, each
    clean and with its plants, then (with `blog`) ten times as many in each blog form."""
    entries: list[Entry] = []
    for style in styles:
        assert style_split(style) == split
        chosen = random.Random(f"{seed}:{style}").sample(pool, min(per_style, len(pool)))
        for message in chosen:
            entries.extend(style_entries(style, message, pool, rng))
    if blog:
        for style in BLOG_STYLES:
            chosen = random.Random(f"{seed}:{style}").sample(pool, min(per_style * 10, len(pool)))
            for message in chosen:
                entries.extend(blog_entries(style, message, pool, rng))
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"), help="the shared data folder")
    parser.add_argument("--styles", choices=("train", "dev", "test"), default="dev", help="which styles (training/splits.py)")
    parser.add_argument("--records", choices=("train", "test"), default="train", help="which records (training/splits.py)")
    parser.add_argument("--max-styles", type=int, default=250, help="at most this many styles, spread evenly (0: all)")
    parser.add_argument("--per-style", type=int, default=6, help="records rendered in each style")
    parser.add_argument("--blog", action="store_true", help="add the blog forms as three more styles")
    parser.add_argument("--only-blog", action="store_true", help="the blog forms only")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=60, help="articles per pipeline run")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong answers (train/dev only)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--false-only", action="store_true", help="with --show, only entries with a false finding")
    parser.add_argument("--kind", help="with --show, only plants of this kind (year, volume, issue, pages, author, doi, clean)")
    parser.add_argument("--not-verified", action="store_true",
                        help="with --show, only clean entries whose status is not `verified`")
    parser.add_argument("--dump", type=Path, help="write every entry (text, plant, findings, comparison) as JSON lines")
    args = parser.parse_args(argv)

    if args.show and args.styles == "test":
        print("--show prints held-out cases: use it on train or dev styles", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rng = random.Random(args.seed)
    records = load_records(args.shared)
    pool = [m for m in records if record_split(m["DOI"]) == args.records]
    styles = [] if args.only_blog else choose_styles(args.styles, args.max_styles)
    print(f"records: {len(records):,} citable, {len(pool):,} in the {args.records} split; "
          f"styles: {len(styles)} of the {args.styles} split" + (" + 3 blog forms" if args.blog or args.only_blog else ""))
    entries = render_entries(styles, pool, rng, seed=args.seed, per_style=args.per_style,
                             blog=args.blog or args.only_blog, split=args.styles)
    print(f"rendered {len(entries):,} entries in {time.perf_counter() - started:.0f} s")
    docs = articles(entries, rng)
    with tempfile.TemporaryDirectory() as folder:
        index = build_index(args.shared, Path(folder))
        for start in range(0, len(docs), args.batch):
            run(docs[start:start + args.batch], index)
    elapsed = time.perf_counter() - started
    print(f"checked {len(docs):,} articles in {elapsed:.0f} s")
    rendered = [e for e in entries if e.style not in BLOG_STYLES]
    blog = [e for e in entries if e.style in BLOG_STYLES]
    results = {}
    if rendered:
        results["styles"] = score(rendered)
        print_summary(f"CSL styles ({args.styles} split) x records ({args.records} split)", results["styles"])
    if blog:
        results["blog"] = score(blog)
        print_summary(f"blog forms x records ({args.records} split)", results["blog"])
    if args.show:
        chosen = [e for e in entries if not args.kind or e.kind == args.kind]
        if args.false_only:
            chosen = [e for e in chosen if any(f["code"] != e.expected for f in e.found)]
        if args.not_verified:
            chosen = [e for e in chosen if e.expected is None and (e.reference or {}).get("status") != "verified"]
        show(chosen, args.show, every=args.not_verified)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for entry in entries:
                out.write(json.dumps({"style": entry.style, "kind": entry.kind, "doi": entry.doi, "text": entry.text,
                                      "expected": entry.expected, "found": entry.found,
                                      "reference": entry.reference}, ensure_ascii=False) + "\n")
    if args.json:
        args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()}, **results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
