"""Labelled references for the field tagger and the name tagger, from real sources only.

Two sources, one label vocabulary (`LABELS`):

- AnyStyle's core set (`core.xml`, BSD-2-Clause, real references by hand):
  only the part `splits.core_split` puts in `train` (or `test`, for the
  benchmark). Its segments map onto our labels: `date` -> `year` (the year
  itself; a month or day is `other`), `container-title` -> `journal`,
  `translator`/`director`/`producer` -> `editor`, `citation-number`, `note`,
  `genre`, `edition`... -> `other`. AnyStyle has no `issue`: inside its
  `volume` segment a number in brackets, or after `No.`/`Heft`/`issue`, is the
  issue; `Vol.`, `pp.` and other words there are `other`.
- Real Crossref records rendered by citeproc-py in CSL styles
  (`training.render.render_labelled`), in the styles and records of one split.

Both follow one convention: a field's span holds its value, not the
punctuation around it (the opening bracket of `(2020).` and the full stop
after a title are `other`); brackets inside a value stay in it.

`vary` gives a labelled reference the forms blog writers use (a bullet in
front, lines wrapped, `doi.org/…` without a scheme, `doi:` or `DOI: `), and
`blog_reference` writes a record the loose ways blogs do: family names
without initials (`Surname et al. (2020).`), `n.d.`, no issue, a Markdown
link on the title, a PMID.
"""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from citecheck.extract.tokens import Token, tokenize

LABELS = (
    "author", "editor", "year", "title", "journal", "volume", "issue", "pages",
    "doi", "url", "pmid", "pmcid", "publisher", "location", "other",
)

_ANYSTYLE = {
    "author": "author", "editor": "editor", "translator": "editor", "director": "editor", "producer": "editor",
    "date": "year", "title": "title", "journal": "journal", "container-title": "journal",
    "volume": "volume", "pages": "pages", "doi": "doi", "url": "url",
    "publisher": "publisher", "location": "location",
}
_YEAR = re.compile(r"(?:1[6-9]|20)\d\d[a-z]?|n\.?\s?d\.?|nd", re.IGNORECASE)
_IN = re.compile(r"(?:In|in|IN)\b:?\s{1,3}")
_ISSUE_WORDS = frozenset({"no", "nr", "heft", "issue", "num", "n", "iss", "number"})
_EDGE_PUNCT = frozenset(".,;:([{\"'“”‘’«»*_-–—/")
_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class Labelled:
    """A reference and its labelled character spans `(label, start, end)`, sorted and disjoint."""

    text: str
    spans: tuple[tuple[str, int, int], ...]
    source: str  # "core" | "rendered:<style>" | "blog"
    # For the name tagger: family and given names of the authors, when known.
    families: tuple[str, ...] = ()
    givens: tuple[str, ...] = ()


# ------------------------------------------------------------------ AnyStyle


def _volume_parts(segment: str, offset: int) -> list[tuple[str, int, int]]:
    """Split an AnyStyle `volume` segment into volume and issue spans."""
    spans: list[tuple[str, int, int]] = []
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", segment)]
    issue_next = False
    for index, (text, start, end) in enumerate(tokens):
        lower = text.lower()
        if lower in _ISSUE_WORDS:
            issue_next = True
            continue
        if not any(c.isdigit() for c in text) and not re.fullmatch(r"[IVXLC]{1,6}", text):
            continue
        before = tokens[index - 1][0] if index else ""
        in_brackets = before == "(" and index + 1 < len(tokens) and tokens[index + 1][0] == ")"
        if (issue_next or in_brackets) and any(label == "volume" for label, _, _ in spans):
            spans.append(("issue", offset + start, offset + end))
        elif issue_next and not spans:
            spans.append(("issue", offset + start, offset + end))
        elif not spans:
            spans.append(("volume", offset + start, offset + end))
        issue_next = False
    return spans


def _numeric_span(label: str, segment: str, offset: int) -> list[tuple[str, int, int]]:
    """The first to the last digit-bearing token of a `pages` segment."""
    marks = [m for m in re.finditer(r"\w+", segment) if any(c.isdigit() for c in m.group()) or re.fullmatch(r"[ivxlc]{1,6}", m.group())]
    if not marks:
        return []
    return [(label, offset + marks[0].start(), offset + marks[-1].end())]


def _year_spans(segment: str, offset: int) -> list[tuple[str, int, int]]:
    return [("year", offset + m.start(), offset + m.end()) for m in _YEAR.finditer(segment)][:1]


def core_references(path: Path) -> Iterator[Labelled]:
    """Every reference of AnyStyle's core.xml, its segments joined by single spaces."""
    for sequence in ET.parse(path).getroot().iter("sequence"):
        text = ""
        spans: list[tuple[str, int, int]] = []
        for node in sequence:
            segment = " ".join((node.text or "").split())
            if not segment:
                continue
            if text:
                text += " "
            offset = len(text)
            text += segment
            label = _ANYSTYLE.get(node.tag)
            if label is None:
                continue
            if label == "year":
                spans.extend(_year_spans(segment, offset))
            elif label == "volume":
                spans.extend(_volume_parts(segment, offset))
            elif label == "pages":
                spans.extend(_numeric_span("pages", segment, offset))
            elif label == "journal" and _IN.match(segment):
                # "In Handbook of…": the "In" is no part of the container's name
                cut = _IN.match(segment).end()
                spans.append((label, offset + cut, offset + len(segment)))
            else:
                spans.append((label, offset, offset + len(segment)))
        yield Labelled(text, tuple(spans), "core")


# ----------------------------------------------------------------- rendered


def load_records(folder: Path) -> list[dict[str, Any]]:
    """Crossref work messages from `records/` (whole API answers) and `list-items/` (messages)."""
    messages = []
    for sub in ("records", "list-items"):
        for path in sorted((folder / sub).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            message = data.get("message", data) if isinstance(data, dict) else None
            if isinstance(message, dict) and message.get("DOI") and message.get("title"):
                messages.append(message)
    unique: dict[str, dict[str, Any]] = {}
    for message in messages:
        unique.setdefault(message["DOI"].lower(), message)
    return list(unique.values())


def rendered(item: Mapping[str, Any], style: str) -> Labelled | None:
    from training.render import render_labelled

    try:
        reference = render_labelled(item, style)
    except Exception:  # a style citeproc-py cannot run on this record
        return None
    if reference is None or len(reference.text) < 20:
        return None
    families = tuple(a.get("family") or a.get("literal", "") for a in item.get("author", ()))
    givens = tuple(a.get("given", "") for a in item.get("author", ()))
    return Labelled(reference.text, tuple(reference.spans), f"rendered:{style}", families, givens)


# ------------------------------------------------------------ blog variants


def _shift(spans: Iterable[tuple[str, int, int]], at: int, by: int) -> list[tuple[str, int, int]]:
    return [(l, s + by if s >= at else s, e + by if e > at else e) for l, s, e in spans]


def vary(reference: Labelled, rng: random.Random) -> Labelled:
    """The same reference as a blog might show it: bullet, wrapped lines, another DOI form."""
    text, spans = reference.text, list(reference.spans)
    doi = next(((s, e) for l, s, e in spans if l == "doi"), None)
    if doi and rng.random() < 0.6:
        start, end = doi
        bare = re.search(r"10\.\d{4,9}/\S+", text[start:end])
        if bare:
            value = bare.group()
            form = rng.choice(["doi.org/{}", "https://doi.org/{}", "doi:{}", "DOI: {}", "{}", "http://dx.doi.org/{}"])
            new = form.format(value)
            text = text[:start] + new + text[end:]
            spans = [(l, s, e) for l, s, e in spans if (s, e) != doi]
            spans = _shift(spans, end, len(new) - (end - start))
            spans.append(("doi", start, start + len(new)))
            spans.sort(key=lambda span: span[1])
    if doi and rng.random() < 0.15:
        # Link residue scraped along with the entry: "DOI link <…>", "[PubMed] [Google Scholar]".
        start, end = next(((s, e) for l, s, e in spans if l == "doi"), doi)
        bare = re.search(r"10\.\d{4,9}/\S+", text[start:end])
        if bare and end >= len(text.rstrip(". ")):
            tail = rng.choice([" DOI link <https://doi.org/{}>", " Full text <https://doi.org/{}>", " [DOI: {}]"]).format(bare.group())
            spans = [(l, s, e) for l, s, e in spans if l != "doi"]
            text = text[:start].rstrip() + tail
            link = text.rfind(bare.group())
            spans.append(("doi", link, link + len(bare.group())))
    elif rng.random() < 0.1:
        text = text.rstrip() + rng.choice([" [PubMed] [Google Scholar]", " [PMC free article] [PubMed]", " [CrossRef]", " Google Scholar"])
    if rng.random() < 0.1:
        # Scraped text that lost its en dashes and curly quotes to U+FFFD.
        text = text.replace("–", "\ufffd").replace("“", "\ufffd").replace("”", "\ufffd")
    authors = next(((s, e) for l, s, e in spans if l == "author"), None)
    if authors and rng.random() < 0.1 and text[authors[1] : authors[1] + 2] == ". ":
        # "Amano T, Matsubara T, et al. : Impact of…"
        glue = rng.choice([": ", " : ", ". : "])
        text = text[: authors[1]] + glue + text[authors[1] + 2 :]
        spans = _shift(spans, authors[1] + 1, len(glue) - 2)
    if rng.random() < 0.3:
        bullet = rng.choice(["- ", "* ", "• ", "· ", "– "])
        text = bullet + text
        spans = _shift(spans, 0, len(bullet))
    if rng.random() < 0.4:
        spaces = [m.start() for m in re.finditer(" ", text)]
        for position in rng.sample(spaces, min(len(spaces), rng.randint(1, 3))):
            text = text[:position] + "\n" + text[position + 1 :]
    return Labelled(text, tuple(spans), reference.source, reference.families, reference.givens)


def _pieces(reference: Labelled) -> list[tuple[str, str]]:
    """The whole text as (label, text) pieces, gaps as `other`."""
    pieces, position = [], 0
    for label, start, end in reference.spans:
        if start > position:
            pieces.append(("other", reference.text[position:start]))
        pieces.append((label, reference.text[start:end]))
        position = end
    if position < len(reference.text):
        pieces.append(("other", reference.text[position:]))
    return pieces


def _joined(pieces: Sequence[tuple[str, str]], like: Labelled) -> Labelled:
    text, spans = "", []
    for label, piece in pieces:
        if label != "other" and piece:
            spans.append((label, len(text), len(text) + len(piece)))
        text += piece
    return Labelled(text, tuple(spans), like.source, like.families, like.givens)


def title_first(reference: Labelled) -> Labelled:
    """The title moved in front of the authors: "Title. Bibus D. Lipid Technologies"."""
    pieces = _pieces(reference)
    index = next((i for i, (label, _) in enumerate(pieces) if label == "title"), None)
    if index is None or not any(label == "author" for label, _ in pieces[:index]):
        return reference
    title = pieces.pop(index)
    if index < len(pieces) and pieces[index][0] == "other":
        gap = pieces.pop(index)[1]
        if index > 0 and pieces[index - 1][0] == "other":
            kept = gap.lstrip(" .,:;")  # an opening mark of the next field ("_", "*") stays
            pieces[index - 1] = ("other", pieces[index - 1][1].rstrip() + " " + kept)
    return _joined([title, ("other", ". ")] + pieces, reference)


class _Writer:
    """Builds a text piece by piece, remembering the span of each labelled piece."""

    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[str, int, int]] = []

    def add(self, piece: str, label: str | None = None) -> None:
        if label and piece:
            self.spans.append((label, len(self.text), len(self.text) + len(piece)))
        self.text += piece


def _initials(given: str, dotted: bool) -> str:
    letters = [part[0] for part in re.split(r"[\s.-]+", given) if part]
    return "".join(f"{c}." for c in letters) if dotted else "".join(letters)


def blog_reference(item: Mapping[str, Any], rng: random.Random) -> Labelled | None:
    """`item` written the loose ways blog writers write references."""
    people = [a for a in item.get("author", ()) if a.get("family")]
    title = item.get("title")
    if not people or not title:
        return None
    out = _Writer()
    form = rng.random()
    families = [p["family"] for p in people]
    first = out.add
    if form < 0.35 or len(people) > 3 and form < 0.6:
        first(families[0], "author")
        if len(people) > 1:
            first(" et al.", "author")
    elif form < 0.6:
        names = families[:3]
        for index, name in enumerate(names):
            if index:
                first(" and " if index == len(names) - 1 else ", ", "author")
            first(name, "author")
    elif form < 0.8:
        dotted = rng.random() < 0.5
        for index, person in enumerate(people[:6]):
            if index:
                first(", ", "author")
            first(f"{person['family']} {_initials(person.get('given', ''), dotted)}".strip(), "author")
        if len(people) > 6:
            first(", et al", "author")
    else:
        # Given name or initials first: "J. Smith, A. B. Jones and C. Brown", "John Smith and Jane Doe".
        full = rng.random() < 0.5
        names = people[:4]
        for index, person in enumerate(names):
            if index:
                first(" and " if index == len(names) - 1 and len(people) <= 4 else ", ", "author")
            given = person.get("given", "")
            given = given if full and given else " ".join(f"{c}." for c in _initials(given, False))
            first(f"{given} {person['family']}".strip(), "author")
        if len(people) > 4:
            first(" et al.", "author")
    spans = out.spans
    # merge the author pieces into one span
    starts = [s for l, s, e in spans if l == "author"]
    ends = [e for l, s, e in spans if l == "author"]
    out.spans = [("author", min(starts), max(ends))]
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    if not year or rng.random() < 0.08:
        out.add(" (")
        out.add(rng.choice(["n.d.", "n.d", "nd"]), "year")
        out.add(").")
    elif rng.random() < 0.7:
        out.add(" (")
        out.add(str(year), "year")
        out.add(").")
    else:
        out.add(" " if out.text.endswith(".") else ". ")
        out.add(str(year), "year")
        out.add(".")
    doi = item.get("DOI")
    link = rng.random()
    out.add(" ")
    if doi and link < 0.25:
        out.add("[")
        out.add(title, "title")
        out.add("](")
        out.add(f"https://doi.org/{doi}", "doi")
        out.add(").")
    elif link < 0.4:
        curly = rng.random() < 0.5
        out.add("“" if curly else '"')
        out.add(title, "title")
        out.add(".”" if curly else '."')
    else:
        out.add(title, "title")
        out.add("." if not title.endswith(("?", "!", ".")) else "")
    journal = item.get("container-title") if rng.random() < 0.7 else item.get("container-title-short") or item.get("container-title")
    if journal:
        out.add(" ")
        marks = rng.choice(["", "", "*", "_"])
        out.add(marks)
        out.add(journal, "journal")
        out.add(marks)
        volume, issue, page = item.get("volume"), item.get("issue"), item.get("page")
        if issue and rng.random() < 0.3:
            issue = None
        if volume:
            layout = rng.random()
            if layout < 0.5:
                out.add(", ")
                out.add(volume, "volume")
                if issue:
                    out.add("(")
                    out.add(issue, "issue")
                    out.add(")")
                if page:
                    out.add(", ")
                    out.add(page.replace("-", rng.choice(["-", "–"])), "pages")
            elif layout < 0.8:
                out.add(". " if rng.random() < 0.5 else " ")
                out.add(str(year) if year else "", None)
                out.add(";")
                out.add(volume, "volume")
                if issue:
                    out.add("(")
                    out.add(issue, "issue")
                    out.add(")")
                if page:
                    out.add(":")
                    out.add(page, "pages")
            else:
                out.add(", vol. ")
                out.add(volume, "volume")
                if issue:
                    out.add(", no. ")
                    out.add(issue, "issue")
                if page:
                    out.add(", pp. ")
                    out.add(page, "pages")
        out.add(".")
    if doi and link >= 0.25:
        tail = rng.random()
        if tail < 0.35:
            out.add(" ")
            out.add(rng.choice(["doi.org/", "https://doi.org/", "doi:", "DOI: ", "https://dx.doi.org/"]) + doi, "doi")
        elif tail < 0.45:
            out.add(" PMID: ")
            out.add(str(rng.randint(1_000_000, 39_999_999)), "pmid")
    spans = tuple(sorted(((l, s, e) for l, s, e in out.spans if e > s), key=lambda span: span[1]))
    return Labelled(out.text, spans, "blog", tuple(families), tuple(p.get("given", "") for p in people))


# ------------------------------------------------------------- to sequences


def _char_labels(reference: Labelled) -> list[str]:
    labels = ["other"] * len(reference.text)
    for label, start, end in reference.spans:
        for index in range(start, min(end, len(labels))):
            labels[index] = label
    return labels


def token_labels(reference: Labelled) -> tuple[list[Token], list[str]]:
    """The entry's tokens and one label each, punctuation at a field's edges as `other`."""
    tokens = tokenize(reference.text)
    chars = _char_labels(reference)
    labels = []
    for token in tokens:
        votes: dict[str, int] = {}
        for index in range(token.start, min(token.end, len(chars))):
            votes[chars[index]] = votes.get(chars[index], 0) + 1
        label = max(votes, key=votes.get) if votes else "other"
        if token.kind != "word":  # a link holding a DOI is the DOI, however long its prefix
            label = "doi" if "doi" in votes else "url" if "url" in votes else label
        # Identifiers are whole tokens: "doi", ":" and "https" around them are other.
        if label in ("doi", "url") and token.kind == "word" or label in ("pmid", "pmcid") and not token.text[-1:].isdigit():
            label = "other"
        labels.append(label)
    # Trim edge punctuation of every run of one label.
    index = 0
    while index < len(tokens):
        end = index
        while end + 1 < len(tokens) and labels[end + 1] == labels[index]:
            end += 1
        if labels[index] != "other":
            _trim_run(tokens, labels, index, end)
        index = end + 1
    return tokens, labels


def _trim_run(tokens: Sequence[Token], labels: list[str], first: int, last: int) -> None:
    while first <= last and tokens[first].kind == "word" and tokens[first].text in _EDGE_PUNCT:
        labels[first] = "other"
        first += 1
    while last >= first and tokens[last].kind == "word" and (
        tokens[last].text in _EDGE_PUNCT or tokens[last].text in _CLOSERS
        and _CLOSERS[tokens[last].text] not in {t.text for t in tokens[first:last]}
    ):
        labels[last] = "other"
        last -= 1


def name_labels(author_text: str, families: Sequence[str], givens: Sequence[str]) -> tuple[list[Token], list[str]]:
    """Tokens of an author list and `family` / `given` / `other` for each, from known names."""
    from citecheck.text.normalize import fold

    family_words = {w for name in families for w in fold(name).split()}
    given_words = {w for name in givens for w in fold(name).split()}
    given_initials = {w[0] for w in given_words}
    tokens = tokenize(author_text)
    labels = []
    for token in tokens:
        word = fold(token.text)
        if not word:
            labels.append("other")
        elif word in family_words:
            labels.append("family")
        elif word in given_words or len(word) <= 3 and set(word) <= given_initials:
            labels.append("given")
        else:
            labels.append("other")
    # "Pérez-Higueras", "O'Neil": a joiner glued between two family tokens is part of the name.
    for index in range(1, len(tokens) - 1):
        if (labels[index - 1] == labels[index + 1] == "family" and tokens[index].text in "-'’"
                and not tokens[index].space_before and not tokens[index + 1].space_before):
            labels[index] = "family"
    return tokens, labels
