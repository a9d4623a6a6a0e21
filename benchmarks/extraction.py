"""Extraction benchmark: how well the extractor finds reference lists, entries and citation links.

Runs the whole extractor (`citecheck.extract.extractor.extract`) over every
labelled article of a folder (each `*.labels.json` names its article file;
fixtures/articles/README.md describes the format) and prints:

- per article, the entries labelled and found, and whether the count of
  reference-list entries is exact; the share of articles with an exact count;
- reference detection precision, recall and F1 (a detected reference matches a
  labelled one when its source lines cover the line where the labelled `raw`
  starts and the texts agree, or failing a line match, when the texts agree);
- accuracy per field over the matched references (doi, year, first_author,
  journal, volume, issue, pages, pmid, pmcid; "unknown" in the label must be
  unknown in the output too);
- in-text citation link accuracy: a labelled citation is right when a citation
  is found in its sentence, overlapping its text, and it links to exactly the
  labelled entries (or to none when the label names none);
- unless `--no-timing`: throughput in MB/s over the articles, and the time for
  a 5 MB article and for a 200 kB line without a single space (each the median
  of three runs; the load of the machine is printed with them).

Targets: exact reference counts on >= 95% of articles, citation links >= 0.97,
detection F1 >= 0.97, every field >= 0.95.

The articles in fixtures/articles were used while the extractor was built, so
their figures are regression checks. Articles written later by someone else,
in the same labelled format, are a held-out measure:

    .venv/bin/python benchmarks/extraction.py --articles path/to/new/articles --details

Usage: .venv/bin/python benchmarks/extraction.py [--articles DIR] [--details] [--no-timing]

Comparison rules (the label is the truth as written; only spelling noise is
forgiven): DOIs compare lower-cased; journals compare without case,
punctuation or repeated spaces; pages compare with every dash-like character
(hyphen, en dash, U+FFFD standing for a lost en dash) read as "-"; first
authors compare without case or diacritics.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from citecheck.ingest import document_from_text, read_document  # noqa: E402
from citecheck.ingest.fold import fold_text as normalise_text  # noqa: E402
from citecheck.extract.extractor import extract  # noqa: E402
from citecheck.extract.reflist import find_references  # noqa: E402
from citecheck.model import Document, Extraction, InputFormat, Reference  # noqa: E402

ARTICLES = ROOT / "fixtures" / "articles"
FIELDS = ("doi", "year", "first_author", "journal", "volume", "issue", "pages", "pmid", "pmcid")
TARGET_F1 = 0.97
TARGET_FIELD = 0.95
TARGET_LINKS = 0.97
TARGET_EXACT_COUNTS = 0.95


# ------------------------------------------------------------------ labels


@dataclass
class Article:
    name: str
    path: Path
    labels: dict[str, Any]
    source: str

    @property
    def references(self) -> list[dict[str, Any]]:
        return list(self.labels.get("references") or [])

    @property
    def citations(self) -> list[dict[str, Any]]:
        return list(self.labels.get("in_text_citations") or [])


def load_articles(folder: Path = ARTICLES) -> list[Article]:
    """Every labelled article of `folder` (its text file and its labels)."""
    articles = []
    for label_file in sorted(folder.glob("*.labels.json")):
        labels = json.loads(label_file.read_text(encoding="utf-8"))
        path = folder / labels["file"]
        source = path.read_bytes().decode("utf-8")
        articles.append(Article(label_file.name[: -len(".labels.json")], path, labels, source))
    return articles


def raw_line(source: str, raw: str, after: int = 0) -> tuple[int, int]:
    """(1-based line where `raw` starts in `source`, offset) searching from `after`."""
    position = source.find(raw, after)
    if position < 0:
        position = source.find(raw)
    if position < 0:
        raise ValueError(f"raw not found in article: {raw[:60]!r}")
    return source.count("\n", 0, position) + 1, position


# -------------------------------------------------------------- comparison


def _fold(value: str) -> str:
    value = unicodedata.normalize("NFKD", value)
    return "".join(c for c in value if not unicodedata.combining(c)).casefold()


def _simple(value: str) -> str:
    value = normalise_text(value)
    return re.sub(r"[^\w]+", " ", _fold(value)).strip()


def normalise_field(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if name == "year":
        return int(value)
    text = str(value).strip()
    if name == "doi":
        return text.lower()
    if name in ("pages", "issue", "volume"):
        return re.sub(r"\s", "", re.sub(r"[\u2010-\u2015\u2212\ufffd]", "-", text)).lower()
    if name == "journal":
        return re.sub(r"[^\w]+", " ", _fold(normalise_text(text))).strip()
    if name == "first_author":
        return re.sub(r"[^\w]+", "", _fold(normalise_text(text)))
    if name == "pmcid":
        return text.upper()
    return text


def predicted_field(reference: Reference, name: str) -> Any:
    if name == "first_author":
        return reference.first_author
    return getattr(reference, name)


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    left, right = _simple(a), _simple(b)
    if not left or not right:
        return 0.0
    if left in right or right in left:
        return 100.0
    return float(fuzz.token_set_ratio(left, right))


# ------------------------------------------------------------------- scoring


@dataclass
class ArticleScore:
    name: str
    labelled: int = 0
    detected: int = 0
    matched: int = 0
    field_total: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    field_correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    citations_labelled: int = 0
    citations_correct: int = 0
    citations_scored: bool = False
    problems: list[str] = field(default_factory=list)


def match_references(article: Article, document: Document, references: Iterable[Reference]) -> dict[int, Reference]:
    """Labelled reference index -> the detected reference it matches."""
    detected = list(references)
    used: set[str] = set()
    pairs: dict[int, Reference] = {}
    offset = 0
    for index, label in enumerate(article.references):
        line, position = raw_line(article.source, label["raw"], offset)
        offset = position + 1
        best: tuple[float, Reference] | None = None
        for reference in detected:
            if reference.id in used:
                continue
            covers = reference.line <= line <= (reference.end_line or reference.line)
            text_score = similarity(label["raw"], reference.text)
            # On the labelled line the texts need only agree roughly (rendering
            # changes link syntax); elsewhere they must agree closely.
            if covers and text_score >= 60:
                score = 100 + text_score
            elif text_score >= 90:
                score = text_score
            else:
                continue
            if best is None or score > best[0]:
                best = (score, reference)
        if best is not None:
            pairs[index] = best[1]
            used.add(best[1].id)
    return pairs


def _expected_links(label: dict[str, Any]) -> set[int]:
    value = label.get("ref_n")
    if isinstance(value, list):
        return {int(v) for v in value}
    if value is not None:
        return {int(value)}
    # "refs 2 and 3" in the note of a citation that names several entries.
    note = str(label.get("note") or "")
    found = re.match(r"refs?\s(\d+(?:(?:,\s?|\sand\s)\d+){1,20})", note)
    if found:
        return {int(n) for n in re.findall(r"\d+", found.group(1))}
    return set()


def score_citations(article: Article, extraction: Extraction, pairs, score: ArticleScore) -> None:
    citations = extraction.citations
    score.citations_scored = True
    label_of = {reference.id: index + 1 for index, reference in pairs.items()}
    for label in article.citations:
        expected = _expected_links(label)
        score.citations_labelled += 1
        wanted_sentence = label.get("sentence") or ""
        wanted_text = label.get("citation") or ""
        candidates = [
            c
            for c in citations
            if similarity(c.sentence, wanted_sentence) >= 85 and _citation_overlaps(c.text, wanted_text)
        ]
        linked: set[int] = set()
        for candidate in candidates:
            linked.update(label_of.get(ref_id, -1) for ref_id in candidate.references)
        if expected:
            correct = bool(candidates) and expected <= linked and -1 not in linked
        else:
            correct = not linked
        if correct:
            score.citations_correct += 1
        else:
            score.problems.append(
                f"citation {wanted_text[:50]!r}: expected {sorted(expected) or 'none'}, "
                f"got {sorted(linked) if candidates else 'no citation found'}"
            )


# Words every link shares: two links in one sentence do not overlap by them.
_LINK_WORDS = frozenset("http https www doi org dx com".split())


def _citation_overlaps(found: str, wanted: str) -> bool:
    a, b = _simple(found), _simple(wanted)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    a_tokens = set(a.split()) - _LINK_WORDS
    b_tokens = set(b.split()) - _LINK_WORDS
    return len(a_tokens & b_tokens) >= max(1, min(len(a_tokens), len(b_tokens)) // 2)


def score_article(article: Article, with_citations: bool = True) -> ArticleScore:
    document = read_document(article.path, InputFormat.AUTO)
    extraction = extract(document) if with_citations else None
    # The labels list the entries of reference lists; a link in the prose that
    # became a reference of its own (origin "link") is not one of them.
    references = (
        tuple(r for r in extraction.references if r.origin == "list") if extraction else find_references(document)
    )
    score = ArticleScore(article.name, labelled=len(article.references), detected=len(references))
    pairs = match_references(article, document, references)
    score.matched = len(pairs)
    matched_ids = {r.id for r in pairs.values()}
    for index, label in enumerate(article.references):
        if index not in pairs:
            score.problems.append(f"missed #{index + 1}: {label['raw'][:70]!r}")
            continue
        reference = pairs[index]
        for name in FIELDS:
            expected = normalise_field(name, label.get(name))
            got = normalise_field(name, predicted_field(reference, name))
            score.field_total[name] += 1
            if expected == got:
                score.field_correct[name] += 1
            else:
                score.problems.append(f"#{index + 1} {name}: expected {label.get(name)!r}, got {predicted_field(reference, name)!r}")
    for reference in references:
        if reference.id not in matched_ids:
            score.problems.append(f"extra {reference.id} line {reference.line}: {reference.text[:70]!r}")
    if extraction is not None:
        score_citations(article, extraction, pairs, score)
    return score


@dataclass
class Summary:
    exact_counts: float
    precision: float
    recall: float
    f1: float
    fields: dict[str, float]
    links: float | None
    labelled: int
    detected: int
    matched: int


def summarise(scores: list[ArticleScore]) -> Summary:
    labelled = sum(s.labelled for s in scores)
    detected = sum(s.detected for s in scores)
    matched = sum(s.matched for s in scores)
    precision = matched / detected if detected else 1.0
    recall = matched / labelled if labelled else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    fields = {}
    for name in FIELDS:
        total = sum(s.field_total[name] for s in scores)
        correct = sum(s.field_correct[name] for s in scores)
        fields[name] = correct / total if total else 1.0
    scored = [s for s in scores if s.citations_scored]
    links = None
    if scored:
        total = sum(s.citations_labelled for s in scored)
        links = sum(s.citations_correct for s in scored) / total if total else 1.0
    exact = sum(1 for s in scores if s.labelled == s.detected) / len(scores) if scores else 1.0
    return Summary(exact, precision, recall, f1, fields, links, labelled, detected, matched)


# ------------------------------------------------------------------- timing


def _timed(label: str, function, repeat: int = 3) -> float:
    """The median of `repeat` timings of `function()`, in seconds (label: what is timed)."""
    import statistics

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timing(articles: list[Article]) -> list[tuple[str, str]]:
    rows = []
    texts = [(a.path, a.path.read_text(encoding="utf-8")) for a in articles]
    size = sum(len(t.encode("utf-8")) for _, t in texts)
    rounds = 3

    def run_all() -> None:
        for _ in range(rounds):
            for path, text in texts:
                extract(document_from_text(text, str(path), InputFormat.AUTO))

    elapsed = _timed("all", run_all)
    rows.append(("throughput (labelled articles, full extract)", f"{size * rounds / elapsed / 1e6:.2f} MB/s"))
    documents = [document_from_text(text, str(path), InputFormat.AUTO) for path, text in texts]

    def references_only() -> None:
        for _ in range(rounds):
            for document in documents:
                find_references(document)

    elapsed = _timed("refs", references_only)
    rows.append(("throughput (find_references only)", f"{size * rounds / elapsed / 1e6:.2f} MB/s"))

    body = "\n\n".join(texts[i % len(texts)][1] for i in range(len(texts)))
    paragraphs = []
    while sum(len(p) for p in paragraphs) < 5_000_000:
        paragraphs.append(body)
    big = "\n\n".join(paragraphs)[:5_000_000]
    seconds = _timed("5mb", lambda: extract(document_from_text(big, "big.txt", InputFormat.TEXT)))
    rows.append(("5 MB article (text, full extract)", f"{seconds:.2f} s"))
    big_document = document_from_text(big, "big.txt", InputFormat.TEXT)
    seconds = _timed("5mb-refs", lambda: find_references(big_document))
    rows.append(("5 MB article (find_references only)", f"{seconds:.2f} s"))

    import random

    rng = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789./()-_:;,%<>[]10.1000/"
    line = "".join(rng.choice(alphabet) for _ in range(200_000))
    seconds = _timed("line", lambda: extract(document_from_text(line, "line.txt", InputFormat.TEXT)))
    rows.append(("200 kB line without spaces", f"{seconds:.2f} s"))
    doi_line = "10.1000/" + "a" * 200_000
    seconds = _timed("doi", lambda: extract(document_from_text(doi_line, "doi.txt", InputFormat.TEXT)))
    rows.append(("200 kB DOI-like line", f"{seconds:.2f} s"))
    html = "<html><body>" + "<div><p>Smith J. Title. J 2020;1:2-3.</p></div>" * 60_000 + "</body></html>"
    seconds = _timed("html", lambda: extract(document_from_text(html, "big.html", InputFormat.HTML)))
    rows.append((f"{len(html) / 1e6:.1f} MB HTML page", f"{seconds:.2f} s"))
    return rows


# --------------------------------------------------------------------- main


def _status(value: float, target: float) -> str:
    return "ok" if value >= target else "BELOW"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    parser.add_argument("--details", action="store_true", help="print every miss, extra and wrong field")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)

    articles = load_articles(args.articles)
    scores = [score_article(article) for article in articles]
    summary = summarise(scores)

    print(f"{'article':48} {'labelled':>8} {'found':>6} {'match':>6} {'count':>5}  links")
    for score in scores:
        links = f"{score.citations_correct}/{score.citations_labelled}" if score.citations_scored else "-"
        count = "exact" if score.labelled == score.detected else "off"
        print(f"{score.name[:48]:48} {score.labelled:>8} {score.detected:>6} {score.matched:>6} {count:>5}  {links}")
        if args.details:
            for problem in score.problems:
                print(f"    {problem}")
    print()
    print(f"articles: {len(articles)}   labelled references: {summary.labelled}   detected: {summary.detected}")
    print(f"{'metric':30} {'value':>7}  {'target':>6}")
    exact = sum(1 for s in scores if s.labelled == s.detected)
    print(f"{'exact reference counts':30} {summary.exact_counts:7.3f}  {TARGET_EXACT_COUNTS:6.2f}  "
          f"{_status(summary.exact_counts, TARGET_EXACT_COUNTS)}  ({exact} of {len(scores)} articles)")
    print(f"{'detection precision':30} {summary.precision:7.3f}")
    print(f"{'detection recall':30} {summary.recall:7.3f}")
    print(f"{'detection F1':30} {summary.f1:7.3f}  {TARGET_F1:6.2f}  {_status(summary.f1, TARGET_F1)}")
    for name, value in summary.fields.items():
        print(f"{'field ' + name:30} {value:7.3f}  {TARGET_FIELD:6.2f}  {_status(value, TARGET_FIELD)}")
    if summary.links is not None:
        labelled = sum(s.citations_labelled for s in scores)
        right = sum(s.citations_correct for s in scores)
        print(f"{'citation links':30} {summary.links:7.3f}  {TARGET_LINKS:6.2f}  {_status(summary.links, TARGET_LINKS)}"
              f"  ({right} of {labelled} citations)")
    if not args.no_timing:
        print()
        if hasattr(os, "getloadavg"):
            print(f"load average before timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for label, value in timing(articles):
            print(f"{label:45} {value:>10}")
    failed = (
        summary.exact_counts < TARGET_EXACT_COUNTS
        or (summary.links is not None and summary.links < TARGET_LINKS)
        or summary.f1 < TARGET_F1
        or any(v < TARGET_FIELD for v in summary.fields.values())
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
