"""Accuracy of the evidence check (CC401 animal-study-for-human-claim, CC402 in-vitro-study-for-human-claim).

Two data sets, reported apart:

* **regression** (always): the labelled set in `fixtures/evidence/` (works.json, sentences.json and
  the PubMed records of fixtures/pubmed/; its README tells where each came from). Its sentences and
  records were read while the rules were written, its later "holdout" splits too: these figures are
  regression figures, not held-out ones.
* **held out** (`--heldout PATH`): sentences and records written by someone else after the code, in
  the format below. Nothing in citecheck reads them; run this script on them once and report the
  first score.

Figures, for each set:

1. the flag itself: precision and recall of CC401 + CC402 together, with PubMed (MeSH and
   publication types, where a record carries them) and without (as `--no-pubmed`), and how many of
   the flags are low-confidence (reported at `info`). Expected flags come from the labels (a claim
   about people citing an animal or cell-culture work and no human, mixed or review work);
   predicted ones from `citecheck.evidence.overstatement.overstated`, the decision the rules make;
2. the classifier's accuracy per kind (human, animal, in_vitro, review, editorial, mixed) on the
   records as given (title and abstract), on the same records with the abstract removed (title
   only), and apart on the records that have an abstract and those that have none;
3. the sentence reader: is the sentence a claim about people?

Held-out format
---------------
PATH is a folder holding two files in JSON Lines (one JSON object a line, UTF-8), or one `.json`
file `{"works": [...], "sentences": [...]}` with the same objects.

`works.jsonl`, one cited work a line:

    {"id": "w1",                       # any unique string; sentences cite it by this id
     "title": "Copper toxicity in a marine copepod",
     "abstract": "Copepods were exposed ...",     # or null / left out when there is none
     "mesh": ["Animals", "Copepoda"],             # optional: PubMed MeSH descriptors, as PubMed lists them
     "publication_types": ["Journal Article"],   # optional: PubMed publication types
     "kind": "animal",                 # the label: human | animal | in_vitro | review | editorial | mixed
     "species": ["copepods"],          # optional, for reading the misses
     "note": "..."}                    # optional

Label a work by what its authors did to whom, read from its own title and abstract: people
(patients, volunteers, cohorts, trials, samples or records of people) is `human`; live animals is
`animal`; cells, tissues, proteins or microbes in the laboratory is `in_vitro`; people and animals
as subjects is `mixed`; reviews and meta-analyses `review`; commentaries and editorials `editorial`.

`sentences.jsonl`, one citing sentence a line:

    {"id": "s1",
     "sentence": "Copper in tap water may harm your gut (Lee et al., 2019).",
     "cites": ["w1"],                  # ids of works.jsonl cited by this sentence (one or more)
     "human_claim": true,              # the label, see below
     "context": "...",                 # optional: the other sentences of its paragraph
     "note": "..."}                    # optional

A sentence citing an id that is not in works is left out of the scores and listed (a set split by
work leaves some); a work with an unknown kind stops the run.

`human_claim` is true when a reader would take the sentence as saying something about people:
it names people, addresses the reader ("your gut"), speaks of the body, or promises a health
effect with no other subject ("a promising treatment for arthritis") -- and neither the sentence
nor its paragraph says the evidence is animal or cell culture ("in mice, ..."). Leave out sentences
two careful readers would label differently.

Run:  .venv/bin/python benchmarks/evidence.py [--heldout PATH] [--verbose]
Targets: flag precision >= 0.95 and recall >= 0.90, with and without PubMed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citecheck.evidence import classify, read_sentence  # noqa: E402
from citecheck.evidence.kinds import PubMedRecord  # noqa: E402
from citecheck.evidence.overstatement import overstated  # noqa: E402
from citecheck.model import Evidence, EvidenceKind  # noqa: E402
from citecheck.sources.pubmed import parse_efetch  # noqa: E402
from citecheck.sources.records import plain_text  # noqa: E402

FIXTURES = ROOT / "fixtures"
FLAGGED = {"animal", "in_vitro"}
CARRIES = {"human", "mixed", "review"}
KINDS = ("human", "animal", "in_vitro", "review", "editorial", "mixed")


@dataclass
class Work:
    id: str
    kind: str
    title: str | None
    abstract: str | None
    record: PubMedRecord | None = None


@dataclass
class Sentence:
    id: str
    sentence: str
    cites: list[str]
    human_claim: bool
    context: str = ""
    split: str = ""


@dataclass
class DataSet:
    name: str
    works: list[Work] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sentences citing works not in the set


# ------------------------------------------------------------------- loading


def load_regression() -> DataSet:
    works = json.loads((FIXTURES / "evidence" / "works.json").read_text(encoding="utf-8"))["works"]
    sentences = json.loads((FIXTURES / "evidence" / "sentences.json").read_text(encoding="utf-8"))["sentences"]
    data = DataSet("regression: fixtures/evidence (read while the rules were written; not held out)")
    for work in works:
        message = work["message"]
        titles = message.get("title") or []
        abstract = message.get("abstract")
        record = None
        if work.get("pubmed_xml"):
            records = parse_efetch((FIXTURES / "pubmed" / work["pubmed_xml"]).read_text(encoding="utf-8"))
            record = records[0] if records else None
        data.works.append(Work(
            id=work["id"],
            kind=work["label"]["kind"],
            title=plain_text(titles[0]) if titles else None,
            abstract=plain_text(abstract) if isinstance(abstract, str) else None,
            record=record,
        ))
    for s in sentences:
        data.sentences.append(Sentence(s["id"], s["sentence"], list(s["cites"]), bool(s["human_claim"]),
                                       s.get("context", ""), s.get("split", "dev")))
    return data


def load_heldout(path: Path) -> DataSet:
    """The held-out set in the format of the module docstring."""
    if path.is_dir():
        works = [json.loads(line) for line in (path / "works.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        sentences = [json.loads(line) for line in
                     (path / "sentences.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
        works, sentences = data["works"], data["sentences"]
    result = DataSet(f"held out: {path}")
    for work in works:
        if work["kind"] not in KINDS:
            raise SystemExit(f"{path}: work {work['id']!r} has kind {work['kind']!r}; use one of {', '.join(KINDS)}")
        record = None
        if work.get("mesh") or work.get("publication_types"):
            record = PubMedRecord(pmid=str(work["id"]), title=work.get("title"), abstract=work.get("abstract"),
                                  mesh=tuple(work.get("mesh") or ()),
                                  publication_types=tuple(work.get("publication_types") or ()))
        result.works.append(Work(work["id"], work["kind"], work.get("title"), work.get("abstract"), record))
    ids = {w.id for w in result.works}
    for s in sentences:
        missing = [c for c in s["cites"] if c not in ids]
        if missing:
            # A set split by work leaves a few sentences citing works of the other part: they cannot be
            # scored (the label depends on every work cited), so they are left out and counted.
            result.skipped.append(f"{s['id']} cites {', '.join(missing)}")
            continue
        result.sentences.append(Sentence(s["id"], s["sentence"], list(s["cites"]), bool(s["human_claim"]),
                                         s.get("context", ""), "heldout"))
    return result


# ------------------------------------------------------------------- measuring


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def classify_all(data: DataSet, *, pubmed: bool, abstracts: bool = True) -> dict[str, Evidence]:
    out = {}
    for work in data.works:
        record = work.record if pubmed else None
        if record is not None and not abstracts:
            record = PubMedRecord(record.pmid, record.title, None, record.mesh, record.publication_types)
        out[work.id] = classify(work.title, work.abstract if abstracts else None, record, pubmed_checked=pubmed)
    return out


def kind_table(data: DataSet, predicted: dict[str, Evidence], title: str, verbose: bool) -> None:
    print(f"\n  {title}")
    print(f"    {'kind':10s} {'n':>4s} {'correct':>8s} {'accuracy':>9s} {'precision':>10s}")
    for kind in KINDS:
        n = sum(1 for w in data.works if w.kind == kind)
        correct = sum(1 for w in data.works if w.kind == kind and predicted[w.id].kind.value == kind)
        said = sum(1 for w in data.works if predicted[w.id].kind.value == kind)
        accuracy = f"{correct / n:.2f}" if n else "-"
        precision = f"{correct / said:.2f}" if said else "-"
        print(f"    {kind:10s} {n:4d} {correct:8d} {accuracy:>9s} {precision:>10s}")
    correct = sum(1 for w in data.works if w.kind == predicted[w.id].kind.value)
    unknown = sum(1 for w in data.works if predicted[w.id].kind is EvidenceKind.UNKNOWN)
    total = len(data.works) or 1
    print(f"    all {correct}/{len(data.works)} = {correct / total:.2f}; said unknown (silent): {unknown}")
    if verbose:
        for w in data.works:
            got = predicted[w.id]
            if got.kind.value != w.kind:
                print(f"      miss {w.id}: labelled {w.kind}, got {got.kind.value} ({got.basis})")


def expected_flag(sentence: Sentence, labels: dict[str, str]) -> bool:
    kinds = [labels[c] for c in sentence.cites]
    return sentence.human_claim and any(k in FLAGGED for k in kinds) and not any(k in CARRIES for k in kinds)


def flag_table(data: DataSet, predicted: dict[str, Evidence], name: str, verbose: bool,
               splits: tuple[str, ...]) -> None:
    labels = {w.id: w.kind for w in data.works}
    for split in splits:
        chosen = [s for s in data.sentences if s.cites and (split == "all" or s.split == split)]
        tp = fp = fn = low = 0
        misses = []
        for s in chosen:
            verdict = overstated(s.sentence, {c: predicted[c] for c in s.cites}, s.context)
            got = bool(verdict.works)
            want = expected_flag(s, labels)
            tp += got and want
            fp += got and not want
            fn += want and not got
            if got:
                low += any(predicted[c].confidence == "low" for c in verdict.works)
            if got != want:
                misses.append(f"      {'fp' if got else 'fn'} {s.id}: {s.sentence[:100]}")
        p, r = prf(tp, fp, fn)
        label = f"{split}, {name}"
        print(f"    {label:30s} {len(chosen):6d} {tp + fn:9d} {tp:4d} {fp:4d} {fn:4d} {p:10.2f} {r:7.2f} {low:6d}")
        if verbose and split != "all":
            print("\n".join(misses))


def report(data: DataSet, verbose: bool) -> None:
    counts = Counter(w.kind for w in data.works)
    with_abstract = sum(1 for w in data.works if w.abstract)
    with_pubmed = sum(1 for w in data.works if w.record is not None)
    print(f"\n== {data.name}")
    print(f"   {len(data.works)} works ({dict(counts)}); {with_abstract} with an abstract, {with_pubmed} with PubMed "
          f"MeSH or types; {len(data.sentences)} sentences, {sum(s.human_claim for s in data.sentences)} "
          "labelled claims about people")
    if data.skipped:
        print(f"   {len(data.skipped)} sentences left out, citing works not in the set: {'; '.join(data.skipped)}")
    with_pubmed_kinds = classify_all(data, pubmed=True)
    without = classify_all(data, pubmed=False)
    splits = tuple(dict.fromkeys(s.split for s in data.sentences))
    splits = splits + ("all",) if len(splits) > 1 else splits

    print("\n  flag (CC401 + CC402)")
    print(f"    {'sentences':30s} {'cases':>6s} {'expected':>9s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} "
          f"{'recall':>7s} {'info':>6s}")
    flag_table(data, with_pubmed_kinds, "with PubMed", verbose, splits)
    flag_table(data, without, "--no-pubmed", verbose, splits)

    print("\n  classifier accuracy per kind")
    kind_table(data, with_pubmed_kinds, "title and abstract, with PubMed where the record has it", verbose)
    kind_table(data, without, "title and abstract, --no-pubmed", verbose)
    kind_table(data, classify_all(data, pubmed=False, abstracts=False), "title only (abstract removed), --no-pubmed",
               verbose)
    for has_abstract in (True, False):
        subset = DataSet(data.name, [w for w in data.works if bool(w.abstract) is has_abstract])
        if subset.works:
            kind_table(subset, without, f"records {'with' if has_abstract else 'without'} an abstract "
                       f"({len(subset.works)}), --no-pubmed", verbose=False)

    readings = {s.id: read_sentence(s.sentence, s.context).about_people for s in data.sentences}
    print("\n  sentence reader (claim about people)")
    print(f"    {'split':10s} {'n':>4s} {'claims':>7s} {'precision':>10s} {'recall':>7s}")
    for split in splits:
        chosen = [s for s in data.sentences if split == "all" or s.split == split]
        tp = sum(1 for s in chosen if s.human_claim and readings[s.id])
        fp = sum(1 for s in chosen if not s.human_claim and readings[s.id])
        fn = sum(1 for s in chosen if s.human_claim and not readings[s.id])
        p, r = prf(tp, fp, fn)
        print(f"    {split:10s} {len(chosen):4d} {sum(s.human_claim for s in chosen):7d} {p:10.2f} {r:7.2f}")
    if verbose:
        for s in data.sentences:
            if s.human_claim != readings[s.id]:
                print(f"      miss {s.id} ({s.split}) labelled {s.human_claim}: {s.sentence[:100]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heldout", type=Path, help="a held-out set (folder or .json file, format in the docstring)")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report(load_regression(), args.verbose)
    if args.heldout:
        report(load_heldout(args.heldout), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
