"""Accuracy of the evidence check on the labelled set in fixtures/evidence/.

Three figures, each as precision and recall against hand labels:

1. work classification, per kind (human, animal, in_vitro, review, editorial,
   mixed), with the PubMed records of fixtures/pubmed/ where there are some
   (as a run with PubMed) and without them (as `--no-pubmed`);
2. the sentence reader: is the citing sentence a claim about people?
3. the flag itself (CC401/CC402): a sentence about people citing animal or
   cell-culture evidence and no human, mixed or review source. Expected
   flags come from the labels, predicted ones from the classifiers.
   "pairs" are the sentences as written with the works they cite; "cross"
   pairs every labelled sentence with every labelled work (one citation each),
   a larger synthetic check of the two classifiers together.

Sentences are split into "dev" (read while the rules were written) and
"holdout" (written afterwards and not used to tune anything); both are shown.

Run: .venv/bin/python benchmarks/evidence.py [--verbose]
Targets: flag precision >= 0.95 and recall >= 0.90 on the pairs, with PubMed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from citecheck.evidence import classify, read_sentence  # noqa: E402
from citecheck.evidence.kinds import PubMedRecord  # noqa: E402
from citecheck.model import Evidence, EvidenceKind  # noqa: E402
from citecheck.sources.pubmed import parse_efetch  # noqa: E402
from citecheck.sources.records import plain_text  # noqa: E402

FIXTURES = ROOT / "fixtures"
FLAGGED = {"animal", "in_vitro"}
CARRIES = {"human", "mixed", "review"}


def load() -> tuple[list[dict], list[dict]]:
    works = json.loads((FIXTURES / "evidence" / "works.json").read_text(encoding="utf-8"))["works"]
    sentences = json.loads((FIXTURES / "evidence" / "sentences.json").read_text(encoding="utf-8"))["sentences"]
    return works, sentences


def record_of(work: dict) -> PubMedRecord | None:
    if not work.get("pubmed_xml"):
        return None
    records = parse_efetch((FIXTURES / "pubmed" / work["pubmed_xml"]).read_text(encoding="utf-8"))
    return records[0] if records else None


def classify_fixture(work: dict, *, pubmed: bool) -> Evidence:
    message = work["message"]
    titles = message.get("title") or []
    title = plain_text(titles[0]) if titles else None
    abstract = plain_text(message.get("abstract")) if isinstance(message.get("abstract"), str) else None
    record = record_of(work) if pubmed else None
    return classify(title, abstract, record, pubmed_checked=pubmed)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def kind_table(works: list[dict], predicted: dict[str, Evidence], title: str, verbose: bool) -> None:
    kinds = [k.value for k in EvidenceKind if k is not EvidenceKind.UNKNOWN]
    print(f"\n{title}")
    print(f"  {'kind':10s} {'n':>4s} {'precision':>10s} {'recall':>8s}")
    correct = 0
    for kind in kinds:
        tp = sum(1 for w in works if w["label"]["kind"] == kind and predicted[w["id"]].kind.value == kind)
        fp = sum(1 for w in works if w["label"]["kind"] != kind and predicted[w["id"]].kind.value == kind)
        fn = sum(1 for w in works if w["label"]["kind"] == kind and predicted[w["id"]].kind.value != kind)
        p, r = prf(tp, fp, fn)
        print(f"  {kind:10s} {tp + fn:4d} {p:10.2f} {r:8.2f}")
    correct = sum(1 for w in works if w["label"]["kind"] == predicted[w["id"]].kind.value)
    unknown = sum(1 for w in works if predicted[w["id"]].kind is EvidenceKind.UNKNOWN)
    print(f"  accuracy {correct}/{len(works)} = {correct / len(works):.2f}; classified unknown: {unknown}")
    # The distinction that matters for the flag: animal/in-vitro or not.
    tp = sum(1 for w in works if w["label"]["kind"] in FLAGGED and predicted[w["id"]].kind.value in FLAGGED)
    fp = sum(1 for w in works if w["label"]["kind"] not in FLAGGED and predicted[w["id"]].kind.value in FLAGGED)
    fn = sum(1 for w in works if w["label"]["kind"] in FLAGGED and predicted[w["id"]].kind.value not in FLAGGED)
    p, r = prf(tp, fp, fn)
    print(f"  animal-or-in-vitro vs the rest: precision {p:.2f}, recall {r:.2f}")
    if verbose:
        for w in works:
            got = predicted[w["id"]]
            if got.kind.value != w["label"]["kind"]:
                print(f"    miss {w['id']}: labelled {w['label']['kind']}, got {got.kind.value} ({got.basis})")


def flag_expected(sentence: dict, labels: dict[str, str]) -> bool:
    kinds = [labels[c] for c in sentence["cites"]]
    return sentence["human_claim"] and any(k in FLAGGED for k in kinds) and not any(k in CARRIES for k in kinds)


def flag_predicted(sentence: dict, predicted: dict[str, Evidence], readings: dict[str, bool]) -> bool:
    kinds = [predicted[c].kind.value for c in sentence["cites"]]
    if not any(k in FLAGGED for k in kinds) or any(k in CARRIES for k in kinds):
        return False
    return readings[sentence["id"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    works, sentences = load()
    labels = {w["id"]: w["label"]["kind"] for w in works}
    with_pubmed = {w["id"]: classify_fixture(w, pubmed=True) for w in works}
    without = {w["id"]: classify_fixture(w, pubmed=False) for w in works}
    print(f"labelled works: {len(works)} ({dict(Counter(labels.values()))}); "
          f"{sum(1 for w in works if w.get('pubmed_xml'))} with PubMed records")
    kind_table(works, with_pubmed, "work classification, with PubMed records where available", args.verbose)
    kind_table(works, without, "work classification, titles and abstracts only (--no-pubmed)", args.verbose)

    readings = {s["id"]: read_sentence(s["sentence"], s.get("context", "")).about_people for s in sentences}
    print(f"\nsentence reader (claim about people)")
    print(f"  {'split':10s} {'n':>4s} {'claims':>7s} {'precision':>10s} {'recall':>7s}")
    for split in ("dev", "holdout", "holdout2", "all"):
        chosen = [s for s in sentences if split == "all" or s.get("split", "dev") == split]
        tp = sum(1 for s in chosen if s["human_claim"] and readings[s["id"]])
        fp = sum(1 for s in chosen if not s["human_claim"] and readings[s["id"]])
        fn = sum(1 for s in chosen if s["human_claim"] and not readings[s["id"]])
        p, r = prf(tp, fp, fn)
        print(f"  {split:10s} {len(chosen):4d} {sum(s['human_claim'] for s in chosen):7d} {p:10.2f} {r:7.2f}")
    if args.verbose:
        for s in sentences:
            if s["human_claim"] != readings[s["id"]]:
                print(f"    miss {s['id']} ({s.get('split')}) labelled {s['human_claim']}: {s['sentence'][:100]}")

    print(f"\n  {'flag (CC401/CC402)':34s} {'cases':>6s} {'expected':>9s} {'tp':>4s} {'fp':>4s} {'fn':>4s} "
          f"{'precision':>10s} {'recall':>7s}")
    for split in ("dev", "holdout", "holdout2", "all"):
        cited = [s for s in sentences if s["cites"] and (split == "all" or s.get("split", "dev") == split)]
        for name, predicted in ((f"pairs {split}, with PubMed", with_pubmed), (f"pairs {split}, --no-pubmed", without)):
            expected = {s["id"]: flag_expected(s, labels) for s in cited}
            got = {s["id"]: flag_predicted(s, predicted, readings) for s in cited}
            tp = sum(1 for s in cited if expected[s["id"]] and got[s["id"]])
            fp = sum(1 for s in cited if not expected[s["id"]] and got[s["id"]])
            fn = sum(1 for s in cited if expected[s["id"]] and not got[s["id"]])
            p, r = prf(tp, fp, fn)
            print(f"  {name:34s} {len(cited):6d} {sum(expected.values()):9d} {tp:4d} {fp:4d} {fn:4d} {p:10.2f} {r:7.2f}")
            if args.verbose and split != "all":
                for s in cited:
                    if expected[s["id"]] != got[s["id"]]:
                        print(f"    {'fp' if got[s['id']] else 'fn'} {s['id']}: {s['sentence'][:90]}")
    for name, predicted in (("cross, with PubMed", with_pubmed), ("cross, --no-pubmed", without)):
        tp = fp = fn = total = expected_count = 0
        for s in sentences:
            for w in works:
                total += 1
                want = s["human_claim"] and labels[w["id"]] in FLAGGED
                have = readings[s["id"]] and predicted[w["id"]].kind.value in FLAGGED
                expected_count += want
                tp += want and have
                fp += have and not want
                fn += want and not have
        p, r = prf(tp, fp, fn)
        print(f"  {name:34s} {total:6d} {expected_count:9d} {tp:4d} {fp:4d} {fn:4d} {p:10.2f} {r:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
