"""Precision and recall of the DOI suggestions for references without a DOI.

Run by hand (not part of the test suite)::

    .venv/bin/python benchmarks/search_match.py            # in-process search stand-in
    .venv/bin/python benchmarks/search_match.py --server 300   # + 300 end to end through
                                                              #   CrossrefSearch and the fake server

What it does:
1. Loads the 1,910 real Crossref records of /work/shared/crossref/list-items
   (or --items DIR) and keeps those a reference could cite unambiguously: a
   title of three words or more that no other record shares, and a type that
   is not a journal, an issue or a component.
2. Withholds 10% of them from the search index: their references have no true
   record and must get no suggestion.
3. Adds look-alike decoys next to the records (seeded): the same title in
   another year, the same title under another first author, a notice
   ("Correction: ...", "Erratum to ...", "Reply to ...", "Retraction: ...",
   "RETRACTED: ..." with an `update-to` pointing at the true DOI), a paper of
   the same authors with another title, the same group's paper of the same
   year with a similar title (a third of the longer words swapped), and a
   preprint copy (`posted-content`, another DOI). Withheld records always get
   at least two decoys.
4. Renders every kept record WITHOUT its DOI in five styles (APA, Vancouver,
   Harvard, MLA, a loose blog style), with seeded noise: typos in the title or
   the first author's name, titles cut short, subtitles dropped, a year one
   off, accents lost; the loose style drops the journal and sometimes the
   authors. Each rendering becomes a `Reference` with the fields a reference
   parser reads from such text.
5. Searches each reference (`query.bibliographic` built by
   citecheck.sources.search.bibliographic_query) in a stand-in implementing the
   token-overlap ranking of tests/servers/fake_crossref.py, `rows` 5, and
   validates the candidates with citecheck.suggest.
6. Splits the records in two halves (seeded): on the calibration half a grid
   search finds the threshold and margin with the best recall at precision
   >= 0.99; the report half is scored with the module's THRESHOLD and MARGIN.

precision = correct suggestions / all suggestions (a suggestion for a withheld
record is wrong); recall = correct suggestions / references whose true record
is in the index. Table columns: "w/ true" references whose record is indexed,
"in cand." those whose record came back among the candidates, "withheld+"
wrong suggestions made for references whose record was withheld. The exit
status is 0 when the report half meets precision >= 0.98 and recall >= 0.90.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from citecheck import suggest as match  # noqa: E402
from citecheck.model import Reference, Work  # noqa: E402
from citecheck.sources.records import plain_text, work_from_message  # noqa: E402
from citecheck.sources.search import bibliographic_query  # noqa: E402

DEFAULT_ITEMS = Path("/work/shared/crossref/list-items")
STYLES = ("apa", "vancouver", "harvard", "mla", "blog")
SKIP_TYPES = {"journal", "journal-issue", "journal-volume", "component"}
NOTICES = (
    ("Correction: {t}", "correction"),
    ("Erratum to: {t}", "erratum"),
    ("Reply to: {t}", None),
    ("Retraction: {t}", "retraction"),
    ("RETRACTED: {t}", "retraction"),
    ("Expression of concern: {t}", "expression_of_concern"),
)


# ------------------------------------------------------------------ the corpus


def _title(message: Mapping[str, Any]) -> str:
    titles = message.get("title") or []
    return (plain_text(titles[0]) or "") if titles and isinstance(titles[0], str) else ""


def _year(message: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published", "published-print", "published-online"):
        parts = (message.get(key) or {}).get("date-parts") or []
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None


def _key(text: str) -> str:
    return " ".join(match.fold(text).split())


def load_items(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], collections.Counter]:
    """(every record, the records a reference can cite, why the others were left out)."""
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    records = [r.get("message", r) if "message-type" in r else r for r in records]
    titles = collections.Counter(_key(_title(r)) for r in records)
    kept, skipped = [], collections.Counter()
    for record in records:
        title = _title(record)
        if not title:
            skipped["no title"] += 1
        elif record.get("type") in SKIP_TYPES:
            skipped[f"type {record.get('type')}"] += 1
        elif len(_key(title).split()) < 3:
            skipped["title under 3 words"] += 1
        elif titles[_key(title)] > 1:
            skipped["title shared with another record"] += 1
        else:
            kept.append(record)
    return records, kept, skipped


def _families(message: Mapping[str, Any]) -> list[str]:
    names = []
    for author in message.get("author") or []:
        if isinstance(author, Mapping):
            name = author.get("family") or author.get("name")
            if isinstance(name, str) and name.strip():
                names.append(" ".join(name.split()))
    return names


def _given_initials(message: Mapping[str, Any], index: int) -> str:
    authors = message.get("author") or []
    if index >= len(authors) or not isinstance(authors[index], Mapping):
        return ""
    given = str(authors[index].get("given") or "")
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)[:3].upper()


def other(pool: list[dict[str, Any]], record: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    """Another record of the pool, never `record` itself."""
    while True:
        donor = rng.choice(pool)
        if donor["DOI"] != record["DOI"]:
            return donor


def make_decoys(
    record: dict[str, Any], pool: list[dict[str, Any]], rng: random.Random, counter: list[int], *, withheld: bool
) -> list[tuple[str, dict[str, Any]]]:
    """Look-alikes of one record, each with another DOI: [(kind, message)]."""
    title = _title(record)
    year = _year(record)
    decoys: list[tuple[str, dict[str, Any]]] = []

    def clone(kind: str, prefix: str = "10.5555") -> dict[str, Any]:
        counter[0] += 1
        message = json.loads(json.dumps(record))
        message["DOI"] = f"{prefix}/decoy.{kind}.{counter[0]}"
        message.pop("update-to", None)
        message.pop("updated-by", None)
        message.pop("relation", None)
        message["score"] = 0.0
        return message

    def set_year(message: dict[str, Any], value: int) -> None:
        for key in ("issued", "published", "published-print", "published-online", "published-other"):
            message.pop(key, None)
        message["issued"] = {"date-parts": [[value]]}
        message["published"] = {"date-parts": [[value]]}

    wanted = {
        "other-year": 0.35,
        "other-author": 0.30,
        "notice": 0.40,
        "same-authors-other-title": 0.30,
        "same-authors-similar-title": 0.30,
        "preprint": 0.30,
    }
    kinds = [k for k, p in wanted.items() if rng.random() < p]
    if withheld and len(kinds) < 2:
        kinds = rng.sample(list(wanted), 2)
    for kind in kinds:
        if kind == "other-year" and year:
            message = clone(kind)
            set_year(message, year + rng.choice([-5, -4, -3, -2, 2, 3, 4, 5]))
            decoys.append((kind, message))
        elif kind == "other-author" and _families(record):
            donor = other(pool, record, rng)
            others = [a for a in donor.get("author") or [] if isinstance(a, Mapping) and a.get("family")]
            if not others:
                continue
            message = clone(kind)
            message["author"] = json.loads(json.dumps(others[:3]))
            decoys.append((kind, message))
        elif kind == "notice":
            pattern, update = rng.choice(NOTICES)
            message = clone(kind)
            message["title"] = [pattern.format(t=title)]
            message.pop("subtitle", None)
            if update:
                message["update-to"] = [{"DOI": record["DOI"], "type": update, "label": update.title()}]
            if rng.random() < 0.5:
                message.pop("author", None)  # notices often carry no authors
            if year:
                set_year(message, year + rng.choice([0, 1, 1, 2]))
            message["page"] = ""
            decoys.append((kind, message))
        elif kind == "same-authors-other-title":
            donor = other(pool, record, rng)
            message = clone(kind)
            message["title"] = donor.get("title") or ["Untitled"]
            message.pop("subtitle", None)
            decoys.append((kind, message))
        elif kind == "same-authors-similar-title":
            # The same group's other paper of the same year: a third of the
            # title's longer words replaced ("Effect of X on Y in rats" / "... on Z ...").
            words = title.split()
            slots = [i for i, w in enumerate(words) if len(w) >= 4]
            if len(slots) < 3:
                continue
            fillers = [w for w in _title(other(pool, record, rng)).split() if len(w) >= 4] or ["analysis"]
            for i in rng.sample(slots, max(1, len(slots) // 3)):
                words[i] = rng.choice(fillers)
            message = clone(kind)
            message["title"] = [" ".join(words)]
            message.pop("subtitle", None)
            decoys.append((kind, message))
        elif kind == "preprint":
            message = clone(kind, prefix="10.1101")
            message["type"] = "posted-content"
            message["subtype"] = "preprint"
            message["container-title"] = []
            message["short-container-title"] = []
            message["institution"] = [{"name": "bioRxiv"}]
            for key in ("volume", "issue", "page", "article-number"):
                message.pop(key, None)
            message["relation"] = {"is-preprint-of": [{"id-type": "doi", "id": record["DOI"], "asserted-by": "subject"}]}
            if year:
                set_year(message, year - rng.choice([0, 1, 1]))
            decoys.append((kind, message))
    return decoys


# -------------------------------------------------------------- the rendering


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    action = rng.choice(("swap", "drop", "double", "replace"))
    if action == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if action == "drop":
        return word[:i] + word[i + 1 :]
    if action == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstn") + word[i + 1 :]


def _typo_text(text: str, rng: random.Random, edits: int) -> str:
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    for i in rng.sample(candidates, min(edits, len(candidates))):
        words[i] = _typo(words[i], rng)
    return " ".join(words)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Rendered:
    reference: Reference
    noise: tuple[str, ...]


@dataclass
class Case:
    record_doi: str
    true_doi: str | None  # None: the record was withheld from the index
    style: str
    half: str
    reference: Reference
    noise: tuple[str, ...]
    details: list[match.MatchDetails] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # candidate DOI -> decoy kind / "true" / "other"


def render(record: Mapping[str, Any], style: str, rng: random.Random, ident: str) -> Rendered:
    """One reference to `record` in `style`, WITHOUT its DOI, with seeded noise."""
    noise: list[str] = []
    rtype = record.get("type")
    families = _families(record)
    title = _title(record)
    subtitle = plain_text((record.get("subtitle") or [None])[0]) if record.get("subtitle") else None
    if subtitle and match.fold(subtitle) not in match.fold(title) and rng.random() < 0.7:
        title = f"{title}: {subtitle}"
    if ": " in title and rng.random() < 0.25 and len(title.split(": ")[0].split()) >= 3:
        title = title.split(": ")[0]
        noise.append("subtitle dropped")
    if rng.random() < 0.2:
        title = _typo_text(title, rng, rng.choice((1, 1, 2)))
        noise.append("title typo")
    truncated = False
    words = title.split()
    if len(words) >= 8 and rng.random() < 0.1:
        title = " ".join(words[: max(5, int(len(words) * rng.uniform(0.5, 0.75)))])
        truncated = True
        noise.append("title truncated")
    year = _year(record)
    if year and rng.random() < 0.1:
        year += rng.choice((-1, 1))
        noise.append("year off by one")
    if families and rng.random() < 0.15 and len(families[0]) >= 5:
        families = [_typo(families[0], rng), *families[1:]]
        noise.append("author typo")
    if families and rng.random() < 0.3:
        families = [_ascii(f) for f in families]
    container = plain_text((record.get("container-title") or [None])[0]) if record.get("container-title") else None
    if rtype == "posted-content" and not container:
        # A reference to a preprint names the server and says preprint.
        venue = next((i.get("name") for i in record.get("institution") or [] if isinstance(i, Mapping) and i.get("name")), None)
        venue = venue or record.get("group-title") or record.get("publisher")
        if venue:
            container = f"{venue} [Preprint]" if record.get("subtype") == "preprint" else str(venue)
    short = plain_text((record.get("short-container-title") or [None])[0]) if record.get("short-container-title") else None
    volume, issue, pages = record.get("volume"), record.get("issue"), record.get("page") or record.get("article-number")
    in_book = rtype in {"book-chapter", "proceedings-article", "reference-entry", "book-part", "book-section"}
    ellipsis = "…" if truncated and rng.random() < 0.5 else ""
    shown = title + ellipsis
    journal = container
    et_al = len(families) > 3

    def initials(i: int) -> str:
        return _given_initials(record, i)

    if style == "apa":
        names = [f"{f}, {'. '.join(initials(i)) + '.' if initials(i) else ''}".strip(", ") for i, f in enumerate(families[:6])]
        authors = ", ".join(names[:-1]) + (", & " + names[-1] if len(names) > 1 else (names[0] if names else ""))
        text = f"{authors} ({year or 'n.d.'}). {shown}."
        if container:
            text += f" In {container}" if in_book else f" {container}"
            if volume and not in_book:
                text += f", {volume}" + (f"({issue})" if issue else "")
            if pages:
                text += f" (pp. {pages})" if in_book else f", {pages}"
            text += "."
    elif style == "vancouver":
        journal = short or container
        names = [f"{f} {initials(i)}".strip() for i, f in enumerate(families[:6])]
        authors = ", ".join(names) + (", et al" if len(families) > 6 else "")
        text = f"{authors}. {shown}." if authors else f"{shown}."
        if journal:
            text += f" In: {journal}." if in_book else f" {journal}."
        text += f" {year or ''}"
        if volume:
            text += f";{volume}" + (f"({issue})" if issue else "")
        if pages:
            text += f":{pages}"
        text += "."
    elif style == "harvard":
        names = [f"{f}, {'.'.join(initials(i)) + '.' if initials(i) else ''}".strip(", ") for i, f in enumerate(families[:3])]
        authors = (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else (names[0] if names else "")
        if len(families) > 3:
            authors = names[0] + " et al."
        text = f"{authors} ({year or 'n.d.'}) '{shown}'"
        if container:
            text += f", in {container}" if in_book else f", {container}"
            if volume:
                text += f", {volume}" + (f"({issue})" if issue else "")
            if pages:
                text += f", pp. {pages}"
        text += "."
    elif style == "mla":
        given = ""
        raw_authors = record.get("author") or []
        if raw_authors and isinstance(raw_authors[0], Mapping):
            given = str(raw_authors[0].get("given") or "")
        lead = f"{families[0]}, {given}".strip(", ") if families else ""
        if len(families) == 2:
            lead += f", and {families[1]}"
        elif len(families) > 2:
            lead += ", et al"
        text = f"{lead}. \u201c{shown}.\u201d" if lead else f"\u201c{shown}.\u201d"
        if container:
            text += f" {container}"
            if volume:
                text += f", vol. {volume}"
            if issue:
                text += f", no. {issue}"
        text += f", {year}" if year else ""
        if pages:
            text += f", pp. {pages}"
        text += "."
    else:  # a loose blog reference: no journal, sometimes no authors
        journal = None
        volume = issue = pages = None
        if families and rng.random() < 0.8:
            who = families[0] + (" et al." if len(families) > 2 else f" and {families[1]}" if len(families) == 2 else "")
            text = rng.choice((f"{who} ({year}) {shown}", f"{shown} ({who}, {year})", f"{who}, \u2018{shown}\u2019, {year}"))
        else:
            families = []
            noise.append("no authors")
            text = f"{shown} ({year})" if year else shown
    reference = Reference(
        id=ident,
        line=1,
        text=text,
        authors=tuple(families[:6]) if style != "harvard" or len(families) <= 3 else tuple(families[:1]),
        et_al=et_al,
        year=year,
        title=shown,
        journal=journal if style != "blog" else None,
        volume=str(volume) if volume else None,
        issue=str(issue) if issue else None,
        pages=str(pages) if pages else None,
    )
    return Rendered(reference, tuple(noise))


# ------------------------------------------------------------- search stand-in

_TOKEN = re.compile(r"[a-z0-9]{2,40}")


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def _haystack(message: Mapping[str, Any]) -> str:
    def first(values: Any) -> str:
        if isinstance(values, list):
            return " ".join(v for v in values if isinstance(v, str))
        return values if isinstance(values, str) else ""

    return " ".join(
        [
            first(message.get("title")),
            first(message.get("container-title")),
            " ".join(str(a.get("family", "")) for a in message.get("author") or [] if isinstance(a, dict)),
            " ".join(str(p[0]) for p in (message.get("issued") or {}).get("date-parts") or [] if p and p[0]),
        ]
    )


class LocalSearch:
    """The ranking of tests/servers/fake_crossref.py (token overlap, ties by DOI), with an index for speed."""

    def __init__(self, messages: Iterable[Mapping[str, Any]]) -> None:
        self.messages: dict[str, Mapping[str, Any]] = {}
        self.postings: dict[str, list[str]] = collections.defaultdict(list)
        for message in messages:
            doi = str(message["DOI"]).lower()
            self.messages[doi] = message
            for token in _tokens(_haystack(message)):
                self.postings[token].append(doi)
        self.works = {doi: work_from_message(m) for doi, m in self.messages.items()}

    def search(self, query: str, rows: int = 5) -> list[Work]:
        wanted = _tokens(query)
        overlap: collections.Counter[str] = collections.Counter()
        for token in wanted:
            overlap.update(self.postings.get(token, ()))
        scored = sorted(((n * 10.0 / (1 + len(wanted)) * 10, doi) for doi, n in overlap.items()), key=lambda s: (-s[0], s[1]))
        return [self.works[doi] for _, doi in scored[:rows]]


# ------------------------------------------------------------------- scoring


@dataclass
class Tally:
    references: int = 0
    with_true: int = 0
    true_in_candidates: int = 0
    suggestions: int = 0
    correct: int = 0
    wrong: int = 0
    wrong_for_withheld: int = 0
    wrong_kinds: collections.Counter = field(default_factory=collections.Counter)

    @property
    def precision(self) -> float:
        return self.correct / self.suggestions if self.suggestions else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.with_true if self.with_true else 1.0


def tally(cases: Iterable[Case], threshold: float, margin: float) -> Tally:
    result = Tally()
    for case in cases:
        result.references += 1
        if case.true_doi:
            result.with_true += 1
            if any(d.doi == case.true_doi for d in case.details):
                result.true_in_candidates += 1
        chosen = match.decide(case.details, threshold, margin)
        if chosen is None:
            continue
        result.suggestions += 1
        if case.true_doi and chosen.doi == case.true_doi:
            result.correct += 1
        else:
            result.wrong += 1
            result.wrong_kinds[case.kinds.get(chosen.doi, "other record")] += 1
            if not case.true_doi:
                result.wrong_for_withheld += 1
    return result


def calibrate(cases: list[Case], floor: float = 0.99) -> tuple[float, float, Tally]:
    """The (threshold, margin) with the best recall at precision >= floor.

    The grid starts at a threshold of 0.76, just above the 0.75 a bare exact
    title scores (author, year and journal unknown), so that a reference
    giving only a title is never matched, and at a margin of 0.05, so that the
    best candidate always beats the runner-up clearly. On equal recall the
    larger margin, then the larger threshold, wins.
    """
    best: tuple[float, float, Tally] | None = None
    for t in range(76, 96):
        for m in range(5, 21):
            threshold, margin = t / 100, m / 100
            result = tally(cases, threshold, margin)
            if result.precision < floor:
                continue
            if best is None or result.recall >= best[2].recall - 1e-12:
                if best is None or result.recall > best[2].recall + 1e-12 or (margin, threshold) > (best[1], best[0]):
                    best = (threshold, margin, result)
    assert best is not None
    return best


def missed_reasons(cases: Iterable[Case], threshold: float | None = None, margin: float | None = None) -> collections.Counter:
    """Why references with a true record got no (right) suggestion."""
    threshold = match.THRESHOLD if threshold is None else threshold
    margin = match.MARGIN if margin is None else margin
    reasons: collections.Counter[str] = collections.Counter()
    for case in cases:
        if not case.true_doi:
            continue
        chosen = match.decide(case.details, threshold, margin)
        if chosen and chosen.doi == case.true_doi:
            continue
        if not any(d.doi == case.true_doi for d in case.details):
            reasons["not among the candidates"] += 1
        elif case.details[0].doi != case.true_doi:
            reasons[f"outranked by {case.kinds.get(case.details[0].doi)}"] += 1
        elif case.details[0].score < threshold:
            reasons["best, under the threshold"] += 1
        else:
            runner = case.details[1]
            reasons[f"best, runner-up too close ({case.kinds.get(runner.doi)})"] += 1
    return reasons


def print_table(title: str, cases: list[Case], threshold: float, margin: float) -> Tally:
    print(f"\n{title}  (threshold {threshold:.2f}, margin {margin:.2f})")
    header = (
        f"{'style':<10} {'refs':>5} {'w/ true':>7} {'in cand.':>8} {'suggest':>7} {'correct':>7} "
        f"{'wrong':>5} {'withheld+':>9} {'precision':>9} {'recall':>7}"
    )
    print(header)
    print("-" * len(header))
    total = Tally()
    for style in (*STYLES, "all"):
        subset = [c for c in cases if style == "all" or c.style == style]
        r = tally(subset, threshold, margin)
        if style == "all":
            print("-" * len(header))
            total = r
        print(
            f"{style:<10} {r.references:>5} {r.with_true:>7} {r.true_in_candidates:>8} {r.suggestions:>7} {r.correct:>7} "
            f"{r.wrong:>5} {r.wrong_for_withheld:>9} {r.precision:>9.3f} {r.recall:>7.3f}"
        )
    if total.wrong_kinds:
        print("wrong suggestions by what was suggested:", dict(total.wrong_kinds))
    return total


# --------------------------------------------------------------------- main


def build(args: argparse.Namespace) -> tuple[list[Case], LocalSearch, dict[str, Any]]:
    rng = random.Random(args.seed)
    records, kept, skipped = load_items(args.items)
    order = sorted(kept, key=lambda r: r["DOI"])
    rng.shuffle(order)
    withheld = {r["DOI"].lower() for r in order[: int(len(order) * args.withheld)]}
    # The halves are drawn separately from the withheld share, so both hold some.
    split = sorted(r["DOI"].lower() for r in order)
    rng.shuffle(split)
    calibration = set(split[: len(split) // 2])

    counter = [0]
    decoys: list[tuple[str, str, dict[str, Any]]] = []  # (kind, of which record, message)
    for record in order:
        for kind, message in make_decoys(record, kept, rng, counter, withheld=record["DOI"].lower() in withheld):
            decoys.append((kind, record["DOI"].lower(), message))
    indexed = [r for r in records if str(r.get("DOI", "")).lower() not in withheld] + [m for _, _, m in decoys]
    search = LocalSearch(indexed)
    decoy_kind = {m["DOI"].lower(): kind for kind, _, m in decoys}

    cases: list[Case] = []
    for record in order:
        doi = record["DOI"].lower()
        for style in STYLES:
            rendered = render(record, style, rng, f"{doi}#{style}")
            cases.append(
                Case(
                    record_doi=doi,
                    true_doi=None if doi in withheld else doi,
                    style=style,
                    half="calibration" if doi in calibration else "report",
                    reference=rendered.reference,
                    noise=rendered.noise,
                )
            )
    info = {
        "records": len(records),
        "kept": len(kept),
        "skipped": dict(skipped),
        "withheld": len(withheld),
        "decoys": collections.Counter(kind for kind, _, _ in decoys),
        "decoy_kind": decoy_kind,
    }
    return cases, search, info


def describe(doi: str, true_doi: str | None, decoy_kind: Mapping[str, str]) -> str:
    if doi == true_doi:
        return "true record"
    return f"decoy: {decoy_kind[doi]}" if doi in decoy_kind else "other record"


def run_local(cases: list[Case], search: LocalSearch, rows: int, decoy_kind: Mapping[str, str]) -> float:
    started = time.perf_counter()
    for case in cases:
        candidates = search.search(bibliographic_query(case.reference), rows=rows)
        case.details = match.ranked(case.reference, candidates)
        case.kinds = {w.doi: describe(w.doi, case.true_doi, decoy_kind) for w in candidates}
    return time.perf_counter() - started


def run_server(cases: list[Case], search: LocalSearch, rows: int, count: int, seed: int) -> None:
    """End to end: the same references through CrossrefSearch (the run's HTTP client) and the fake server."""
    from citecheck.settings import Settings
    from citecheck.sources.search import CrossrefSearch
    from tests.servers.fake_crossref import FakeCrossref

    sample = random.Random(seed).sample(cases, min(count, len(cases)))
    agree = 0
    started = time.perf_counter()
    with FakeCrossref(search.messages, enforce=False) as fake:
        client = CrossrefSearch(Settings(crossref_url=fake.url, mailto="bench@example.org"))

        async def go() -> None:
            nonlocal agree
            try:
                for case in sample:
                    works = await client.search(case.reference, rows=rows)
                    local = search.search(bibliographic_query(case.reference), rows=rows)
                    agree += [w.doi for w in works] == [w.doi for w in local]
                    case.details = match.ranked(case.reference, works)
            finally:
                await client.aclose()

        asyncio.run(go())
        failures = client.failures
    elapsed = time.perf_counter() - started
    print(
        f"\nend to end through CrossrefSearch + fake server: {len(sample)} references in {elapsed:.1f}s, "
        f"{failures} failed searches, candidate lists identical to the stand-in for {agree}/{len(sample)}"
    )
    print_table("end-to-end sample (module constants)", sample, match.THRESHOLD, match.MARGIN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=Path, default=DEFAULT_ITEMS, help="folder of Crossref list items (one JSON message per file)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rows", type=int, default=5)
    parser.add_argument("--withheld", type=float, default=0.10, help="share of records left out of the index")
    parser.add_argument("--server", type=int, default=0, metavar="N", help="also run N references end to end (CrossrefSearch + fake server)")
    parser.add_argument("--show-wrong", type=int, default=0, metavar="N", help="print N wrong suggestions of the report half")
    args = parser.parse_args(argv)

    cases, search, info = build(args)
    print(
        f"records {info['records']}, citable {info['kept']} (left out: {info['skipped']}), "
        f"withheld from the index {info['withheld']}, decoys {sum(info['decoys'].values())} {dict(info['decoys'])}"
    )
    print(f"references {len(cases)} ({len(STYLES)} styles), index {len(search.messages)} records, rows {args.rows}")
    elapsed = run_local(cases, search, args.rows, info["decoy_kind"])
    print(f"searched and validated in {elapsed:.1f}s ({1000 * elapsed / len(cases):.2f} ms per reference)")

    calibration = [c for c in cases if c.half == "calibration"]
    report = [c for c in cases if c.half == "report"]
    threshold, margin, fitted = calibrate(calibration)
    print(
        f"\ncalibration half: best recall at precision >= 0.99 with threshold {threshold:.2f}, margin {margin:.2f} "
        f"(precision {fitted.precision:.3f}, recall {fitted.recall:.3f}); module uses "
        f"THRESHOLD {match.THRESHOLD:.2f}, MARGIN {match.MARGIN:.2f}"
    )
    print_table("calibration half (module constants)", calibration, match.THRESHOLD, match.MARGIN)
    total = print_table("REPORT half (module constants)", report, match.THRESHOLD, match.MARGIN)
    noisy = collections.Counter()
    found = collections.Counter()
    for case in report:
        if case.true_doi:
            for n in case.noise or ("clean",):
                noisy[n] += 1
                chosen = match.decide(case.details)
                found[n] += bool(chosen and chosen.doi == case.true_doi)
    print("recall by noise:", {n: f"{found[n]}/{noisy[n]} = {found[n] / noisy[n]:.3f}" for n in sorted(noisy)})
    print("missed true records, why:", dict(missed_reasons(report)))
    if args.show_wrong:
        shown = 0
        for case in report:
            chosen = match.decide(case.details)
            if chosen and chosen.doi != case.true_doi and shown < args.show_wrong:
                shown += 1
                print(f"\nWRONG [{case.style}] {case.reference.text}")
                print(f"  true {case.true_doi} suggested {chosen.doi} ({case.kinds.get(chosen.doi)})")
                for d in case.details:
                    print("   ", case.kinds.get(d.doi), d.as_json())
    if args.server:
        run_server(cases, search, args.rows, args.server, args.seed)
    target = total.precision >= 0.98 and total.recall >= 0.90
    print(f"\ntarget precision >= 0.98 and recall >= 0.90 on the report half: {'met' if target else 'NOT met'}")
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
