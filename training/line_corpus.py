"""Synthetic articles for the line tagger: real references and real prose, laid out as blogs lay them out.

The tagger (`citecheck.extract.entry_model`) labels each non-blank line of an
article `B` (the first line of a reference entry), `I` (a later line of one)
or `O` (anything else). Real articles labelled line by line are few, so the
training articles are put together from real material:

- **References**: AnyStyle's hand-labelled core set (`core.xml`, only its
  `train` split, `splits.core_split`) and real Crossref records rendered with
  citeproc-py (`training/render.py`) in CSL styles, one split of styles and
  records at a time (`splits.style_split`, `splits.record_split`); plus bare
  links, `PMID:` lines and `doi:` lines, which blogs list as entries too.
- **Prose**: the abstracts of the same split's Crossref records, cut into
  paragraphs, with in-text citations of the article's own entries written into
  them in the style of the list (`(Smith et al., 2020)`, `[3]`, `¹²`).
- **Layout**: a heading or none; entries numbered (`1.`, `[1]`, `1)`, `(1)`),
  bulleted, Wikipedia `^ a b`, Markdown footnotes, or bare; separated by blank
  lines or not; hard-wrapped at a random width flush, with a hanging indent or
  under the marker, or not wrapped; sorted by author (adjacent entries of one
  first author) or not; sub-headings inside long lists; numbered prose lists in
  the body; a second list; a footer of site furniture after the list.

Everything is drawn from one `random.Random(seed)`, so a split and a seed give
the same articles on every machine.
"""

from __future__ import annotations

import functools
import html
import json
import os
import random
import re
import textwrap
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from training import splits

def shared_folder() -> Path:
    """The shared data folder: `$CITECHECK_SHARED`, else the nearest `shared/` beside a parent folder."""
    if os.environ.get("CITECHECK_SHARED"):
        return Path(os.environ["CITECHECK_SHARED"])
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "training").is_dir():
            return parent / "shared"
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = shared_folder()
CORE = SHARED / "training" / "anystyle" / "core.xml"
CROSSREF = SHARED / "crossref"


@dataclass(frozen=True)
class Article:
    """A synthetic article: its lines, each labelled B, I or O (blank lines are "")."""

    lines: tuple[str, ...]
    labels: tuple[str, ...]  # one per line; "" for a blank line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def entries(self) -> int:
        return sum(1 for label in self.labels if label == "B")


# ------------------------------------------------------------------ material


@functools.lru_cache(maxsize=None)
def core_references(split: str, core: Path = CORE) -> tuple[str, ...]:
    """The AnyStyle core references of one split, as printed (citation numbers dropped)."""
    tree = ElementTree.parse(core)
    found = []
    for sequence in tree.getroot().iter("sequence"):
        parts = [(child.text or "").strip() for child in sequence if child.tag != "citation-number"]
        text = " ".join(part for part in parts if part)
        text = " ".join(text.split())
        if len(text) >= 20 and splits.core_split(text) == split:
            found.append(text)
    return tuple(found)


def _message(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    message = data.get("message", data) if isinstance(data, dict) else None
    return message if isinstance(message, dict) and message.get("DOI") else None


@functools.lru_cache(maxsize=None)
def crossref_records(split: str, folder: Path = CROSSREF) -> tuple[dict, ...]:
    """The Crossref records (list items and whole records) of one split, by DOI."""
    seen: set[str] = set()
    records = []
    for path in sorted([*folder.glob("list-items/*.json"), *folder.glob("records/*.json")]):
        message = _message(path)
        if message is None:
            continue
        doi = str(message["DOI"]).lower()
        if doi in seen or splits.record_split(doi) != split:
            continue
        seen.add(doi)
        records.append(message)
    return tuple(records)


_LEADING_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]?)\s*_?\s*(?=\S)")
_TAGS = re.compile(r"<[^<>]{1,200}>")


def rendered_references(records: Sequence[dict], styles: Sequence[str], per_record: int, rng: random.Random) -> list[str]:
    """Each record rendered in `per_record` styles drawn from `styles`."""
    from training.render import csl_item, render

    found = []
    for index, message in enumerate(records):
        item = csl_item(message, f"r{index}")
        for style in rng.sample(list(styles), min(per_record, len(styles))):
            try:
                text = render(item, style)
            except Exception:  # a style citeproc-py cannot run: skip it
                continue
            text = _LEADING_NUMBER.sub("", text).strip()
            if len(text) >= 30 and sum(1 for word in text.split() if sum(c.isalpha() for c in word) >= 3) >= 4:
                found.append(text)
    return found


def abstracts(records: Sequence[dict]) -> list[str]:
    """The records' abstracts as plain text."""
    found = []
    for message in records:
        abstract = message.get("abstract")
        if not abstract:
            continue
        text = " ".join(html.unescape(_TAGS.sub(" ", str(abstract))).split())
        text = re.sub(r"^(?:Abstract|ABSTRACT|Summary)\s*[:.]?\s*", "", text)
        if len(text) > 200:
            found.append(text)
    return found


def titles(records: Sequence[dict]) -> list[str]:
    found = []
    for message in records:
        title = message.get("title")
        if isinstance(title, list):
            title = title[0] if title else ""
        title = " ".join(html.unescape(_TAGS.sub(" ", str(title or ""))).split())
        if 3 <= len(title.split()) <= 16:
            found.append(title)
    return found


def title_first_entries(records: Sequence[dict], rng: random.Random, count: int) -> list[str]:
    """Entries that open with the title, authors after it (a reading list's habit), often without a year."""
    found = []
    usable = [m for m in records if m.get("author") and m.get("title")]
    for message in rng.sample(usable, min(count, len(usable))):
        title = " ".join(html.unescape(_TAGS.sub(" ", str((message.get("title") or [""])[0]))).split())
        names = []
        for person in message["author"][: rng.randint(1, 5)]:
            family = person.get("family") or person.get("name") or ""
            given = "".join(part[0] + "." for part in str(person.get("given") or "").split() if part)
            names.append(f"{family} {given}".strip())
        container = " ".join(str((message.get("container-title") or [""])[0]).split())
        parts = [title.rstrip(".") + ".", ", ".join(names) + "."]
        if container and rng.random() < 0.6:
            parts.append(container + ".")
        year = ((message.get("issued") or {}).get("date-parts") or [[None]])[0][0]
        if year and rng.random() < 0.4:
            parts.append(f"{year}.")
        found.append(" ".join(parts))
    return found


def bare_entries(records: Sequence[dict], rng: random.Random, count: int) -> list[str]:
    """Entries that are only a link or an identifier, as reading lists often hold."""
    dois = [str(m["DOI"]) for m in records]
    hosts = ["www.examplehealth.org", "blog.example.net", "www.example-news.com", "nutrition.example.org"]
    found = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.3 and dois:
            found.append(rng.choice(["https://doi.org/", "http://dx.doi.org/", "doi:", "DOI: "]) + rng.choice(dois))
        elif kind < 0.55:
            number = rng.randint(10_000_000, 39_999_999)
            found.append(rng.choice([
                f"https://pubmed.ncbi.nlm.nih.gov/{number}/",
                f"http://www.ncbi.nlm.nih.gov/pubmed/{number}",
                f"PMID: {number}",
                f"https://www.ncbi.nlm.nih.gov/pmc/articles/PMC{rng.randint(1_000_000, 9_999_999)}/",
            ]))
        else:
            words = rng.sample(["omega", "sleep", "gut", "pain", "study", "new", "health", "diet", "heart", "brain"], 3)
            found.append(f"https://{rng.choice(hosts)}/{rng.randint(2010, 2024)}/{'-'.join(words)}/")
    return found


# ---------------------------------------------------------------- prose


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentences_of(texts: Iterable[str]) -> list[str]:
    found = []
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            if 6 <= len(sentence.split()) <= 60:
                found.append(sentence)
    return found


_SURNAME = re.compile(r"^\W{0,3}([A-Z][A-Za-z'\u00c0-\u017f-]{1,30})")


def surname_of(entry: str) -> str:
    match = _SURNAME.match(entry)
    return match.group(1) if match else "Smith"


_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-2]\d)\b")


def citation_for(entry: str, number: int, style: str, rng: random.Random) -> str:
    """An in-text citation of `entry` (number `number`) in one of the common styles."""
    year_match = _YEAR.search(entry)
    year = year_match.group(0) if year_match else str(rng.randint(1990, 2024))
    name = surname_of(entry)
    if style == "numeric":
        return rng.choice([f" [{number}]", f" ({number})", f"[{number}]"])
    if style == "super":
        return str(number).translate(str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"))
    if style == "footnote":
        return f"[^{number}]"
    return rng.choice([
        f" ({name} et al., {year})", f" ({name}, {year})", f" ({name} & Lee, {year})", f" ({name} {year})",
        f" ({name} et al. {year})",
    ])


def paragraph(sentences: Sequence[str], cites: Sequence[str], rng: random.Random, width: int | None,
              links: Sequence[str] = ()) -> list[str]:
    """A paragraph of 2-6 sentences, some ending with a citation, hard-wrapped or not."""
    chosen = [rng.choice(sentences) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.3:
        # Bloggers write to their readers.
        chosen.insert(0, rng.choice([
            "In this post we look at what the research says.",
            "You may have heard that this helps, but what do the studies show?",
            "Here is what I found when I read the papers.",
            "Our team reviewed the evidence for you.",
        ]))
    parts = []
    for sentence in chosen:
        if links and rng.random() < 0.15:
            # A study cited by a link, as Markdown and HTML are read: "a 2020 study <https://...>".
            words_ = sentence.split()
            at = rng.randint(1, max(1, min(len(words_) - 1, 12)))
            span = rng.randint(1, 3)
            words_[at + span - 1 : at + span] = [words_[at + span - 1] + f" <{rng.choice(links)}>"] if at + span - 1 < len(words_) else words_[-1:]
            sentence = " ".join(words_)
        elif cites and rng.random() < 0.5:
            citation = rng.choice(cites)
            if sentence.endswith("."):
                sentence = sentence[:-1] + citation.rstrip() + "." if not citation.startswith("[^") else sentence + citation
        parts.append(sentence)
    text = " ".join(parts)
    if width:
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [text]
    return [text]


_HEADINGS = (
    "References", "REFERENCES", "References:", "## References", "**References**", "Sources", "Sources:",
    "Bibliography", "Works Cited", "Citations", "Literature Cited", "Further reading", "Reference List",
    "Scientific References", "Studies cited", "Selected references", "Notes and references", "Research",
)
_BODY_HEADINGS = (
    "Introduction", "What the research says", "How does it work?", "Key takeaways", "The bottom line",
    "Background", "Results", "Why it matters", "Summary", "## What we know", "Benefits", "Side effects",
    "Dosage and safety", "Conclusion", "The evidence", "Discussion",
)
_SUB_HEADINGS = ("Books", "Journal articles", "Reviews", "Clinical trials", "Animal studies", "Other sources",
                 "Online resources", "Studies on sleep", "Further reading:", "Web pages")


def chrome(rng: random.Random, teasers: Sequence[str]) -> list[list[str]]:
    """Blocks of site furniture after an article: sharing, tags, author box, related posts, legal text."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")

    def date() -> str:
        return rng.choice([
            f"{rng.choice(months)} {rng.randint(1, 28)}, {rng.randint(2012, 2025)}",
            f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(2012, 2025)}",
            f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        ])

    blocks = [
        ["Share this:", "Facebook", "Twitter", "Email"],
        [f"Posted on {date()} by admin"],
        [f"Tags: {', '.join(rng.sample(['sleep', 'pain', 'diet', 'gut health', 'supplements', 'exercise', 'aging'], 3))}"],
        ["Leave a Reply", "Your email address will not be published. Required fields are marked *"],
        [f"\u00a9 {rng.randint(2015, 2025)} {rng.choice(['Healthy Living', 'The Science Blog', 'Clinic News'])}. All rights reserved."],
        ["Privacy Policy | Terms of Use | Contact"],
        ["About the author", "Jane Doe writes about nutrition and health. She has a degree in biology."],
        ["Disclaimer: This article is for information only and is not medical advice. "
         "Talk to your doctor before starting any supplement."],
        ["Recent Posts"] + [title for title in rng.sample(list(teasers), min(3, len(teasers)))],
        ["Related posts"] + [f"{title} {date()}" if rng.random() < 0.5 else title for title in rng.sample(list(teasers), min(3, len(teasers)))],
        [date()],
        ["Subscribe to our newsletter", "Sign up for updates"],
        ["Previous post", "Next post"],
        [f"Last updated: {date()}"],
        [f"Reviewed by Dr. {rng.choice(['Ana Lopez', 'John Kim', 'Mary Evans'])}, {rng.choice(['MD', 'PhD', 'RD'])}"],
    ]
    return rng.sample(blocks, rng.randint(1, 5))


# ---------------------------------------------------------------- layout


_TAIL_ID = re.compile(r"(?:(?:doi|DOI)\s?:\s?|Available (?:from|at):?\s|https?://)\S+\s?$")
_MARKERS = ("none", "number", "bracket", "paren_close", "paren", "bullet", "caret", "footnote")
_MARKER_WEIGHTS = (0.36, 0.2, 0.1, 0.05, 0.03, 0.15, 0.06, 0.05)


def _marker(kind: str, number: int, rng: random.Random, bullet: str) -> str:
    if kind == "number":
        return f"{number}. "
    if kind == "bracket":
        return f"[{number}] "
    if kind == "paren_close":
        return f"{number}) "
    if kind == "paren":
        return f"({number}) "
    if kind == "bullet":
        return f"{bullet} "
    if kind == "caret":
        letters = " ".join("abcdef"[: rng.choice([0, 0, 0, 2, 3])])
        return f"^ {letters} " if letters else "^ "
    if kind == "footnote":
        return f"[^{number}]: "
    return ""


@dataclass
class _Writer:
    lines: list[str]
    labels: list[str]

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
            self.labels.append("")

    def add(self, line: str, label: str) -> None:
        self.lines.append(line)
        self.labels.append(label)


def write_list(writer: _Writer, entries: Sequence[str], rng: random.Random, heading: str | None,
               marker_kind: str | None = None, notes: Sequence[str] = ()) -> None:
    """One reference list in a random layout."""
    marker_kind = marker_kind or rng.choices(_MARKERS, _MARKER_WEIGHTS)[0]
    blank_between = rng.random() < (0.35 if marker_kind != "none" else 0.55)
    wrap = rng.random() < 0.4
    width = rng.randint(55, 100)
    hanging = rng.choice(["flush", "hanging", "under"]) if wrap else "flush"
    indent = " " * rng.choice([0, 0, 0, 2, 4])
    bullet = rng.choice(["-", "*", "\u2022", "+"])
    start = rng.choice([1, 1, 1, 1, rng.randint(2, 30)])
    if heading:
        writer.blank()
        writer.add(heading, "O")
        if rng.random() < 0.7:
            writer.blank()
    sub_every = rng.randint(4, 12) if rng.random() < 0.1 and len(entries) > 6 else 0
    for position, entry in enumerate(entries):
        if sub_every and position and position % sub_every == 0:
            writer.blank()
            writer.add(rng.choice(_SUB_HEADINGS), "O")
            writer.blank()
        if notes and rng.random() < 0.08:
            writer.add(indent + rng.choice(["*", "**", "Note:", "(Note:"]) + " " + rng.choice(notes), "O")
            if blank_between:
                writer.blank()
        marker = indent + _marker(marker_kind, start + position, rng, bullet)
        if wrap and len(marker) + len(entry) > width:
            rest_indent = {"flush": indent, "hanging": indent + " " * rng.choice([2, 3, 4, 4]), "under": " " * len(marker)}[hanging]
            pieces = textwrap.wrap(entry, width, initial_indent=marker, subsequent_indent=rest_indent,
                                   break_on_hyphens=False, break_long_words=False)
        else:
            pieces = [marker + entry]
        if rng.random() < 0.12:
            # The identifier or link of the entry on a line of its own under it.
            tail = _TAIL_ID.search(pieces[-1])
            continuation = indent + (" " * rng.choice([0, 0, 2, 4]))
            if tail and tail.start() > len(marker) + 20 and rng.random() < 0.6:
                pieces[-1:] = [pieces[-1][: tail.start()].rstrip(), continuation + tail.group(0).strip()]
            else:
                pieces.append(continuation + rng.choice([
                    f"PMID: {rng.randint(10_000_000, 39_999_999)}",
                    f"https://pubmed.ncbi.nlm.nih.gov/{rng.randint(10_000_000, 39_999_999)}/",
                    f"PMCID: PMC{rng.randint(1_000_000, 9_999_999)}",
                    f"[PubMed] [Google Scholar]",
                    f"doi:10.{rng.randint(1000, 9999)}/{rng.randint(100, 99999)}",
                ]))
        for index, piece in enumerate(pieces):
            writer.add(piece, "B" if index == 0 else "I")
        if blank_between:
            writer.blank()


def write_topics(writer: _Writer, entries: Sequence[str], bare: Sequence[str], rng: random.Random) -> None:
    """A reading list cut by topic: a short heading, then one to four entries, often bare links."""
    position = 0
    topics = ["Sleep", "Energy", "Heart health", "Inflammation", "Cortisol", "Insulin function", "Brain",
              "Joint pain", "Gut health", "Mood", "Exercise recovery", "Eye health", "Summary/Highlights"]
    blank_between = rng.random() < 0.7
    while position < len(entries):
        writer.blank()
        writer.add(rng.choice(topics) + rng.choice([":", ":", "", " studies:"]), "O")
        writer.blank()
        for _ in range(rng.randint(1, 4)):
            if position >= len(entries):
                break
            entry = rng.choice(bare) if bare and rng.random() < 0.4 else entries[position]
            writer.add(rng.choice(["", "", "- "]) + entry, "B")
            if blank_between:
                writer.blank()
            position += 1


def _prose_list(writer: _Writer, sentences: Sequence[str], rng: random.Random) -> None:
    """A numbered or bulleted list of prose points in the body (not references)."""
    kind = rng.choice(["number", "bullet", "number", "bracket"])
    bullet = rng.choice(["-", "*", "\u2022"])
    blank_between = rng.random() < 0.3
    for position in range(rng.randint(2, 7)):
        text = rng.choice(sentences)
        if rng.random() < 0.5:
            label = " ".join(text.split()[:rng.randint(1, 3)]).rstrip(",.;:")
            text = f"{label}: {text}"
        writer.add(_marker(kind, position + 1, rng, bullet) + text, "O")
        if blank_between:
            writer.blank()


def article(
    rng: random.Random,
    pool: Sequence[str],
    bare: Sequence[str],
    sentences: Sequence[str],
    teasers: Sequence[str],
) -> Article:
    """One synthetic article (see the module notes)."""
    writer = _Writer([], [])
    count = rng.choice([1, 2, 3, rng.randint(3, 12), rng.randint(5, 30), rng.randint(20, 60)])
    entries = [rng.choice(pool) for _ in range(count)]
    for index in range(len(entries)):
        if bare and rng.random() < 0.05:
            entries[index] = rng.choice(bare)
    if rng.random() < 0.5:
        entries.sort(key=lambda entry: entry.lower())  # alphabetical: neighbours share first authors
    if rng.random() < 0.05 and entries:
        entries.insert(rng.randrange(len(entries)), rng.choice(entries))  # a duplicate under another number
    marker_kind = rng.choices(_MARKERS, _MARKER_WEIGHTS)[0]
    cite_style = {"number": "numeric", "bracket": "numeric", "paren": "numeric", "paren_close": "numeric",
                  "footnote": "footnote", "caret": "numeric"}.get(marker_kind) or rng.choice(["author", "author", "super"])
    if cite_style == "numeric" and rng.random() < 0.25:
        cite_style = "super"
    cites = [citation_for(entry, number + 1, cite_style, rng) for number, entry in enumerate(entries)]
    links = [entry for entry in bare if entry.startswith("http")] if rng.random() < 0.35 else []
    width = rng.choice([None, None, rng.randint(60, 100)])
    if rng.random() < 0.8:
        writer.add(rng.choice(teasers) if teasers else "A post", "O")
        writer.blank()
    for _ in range(rng.randint(1, 8)):
        if rng.random() < 0.25:
            writer.add(rng.choice(_BODY_HEADINGS), "O")
            writer.blank()
        for line in paragraph(sentences, cites, rng, width, links):
            writer.add(line, "O")
        writer.blank()
        if rng.random() < 0.12:
            _prose_list(writer, sentences, rng)
            writer.blank()
    heading = rng.choice(_HEADINGS) if rng.random() < 0.7 else None
    if marker_kind == "footnote" and rng.random() < 0.6:
        heading = None
    notes = [sentence for sentence in sentences[:2000] if len(sentence.split()) <= 20]
    if rng.random() < 0.07:
        if heading:
            writer.blank()
            writer.add(heading, "O")
        write_topics(writer, entries, bare, rng)
    else:
        write_list(writer, entries, rng, heading, marker_kind, notes)
    if rng.random() < 0.3:
        # A closing remark under the list.
        writer.blank()
        writer.add(rng.choice([
            rng.choice(notes) if notes else "That is all for now.",
            "Questions? Leave them below.", "Next time: more on this topic.", "Thanks for reading!",
            "Updated with two new studies.", "Have a look at the full papers if you can.",
        ]), "O")
    if rng.random() < 0.15:
        more = [rng.choice(pool) for _ in range(rng.randint(2, 8))]
        write_list(writer, more, rng, rng.choice(["Further reading", "Additional sources", "See also:"]))
    if rng.random() < 0.55:
        for block in chrome(rng, teasers):
            writer.blank()
            for line in block:
                writer.add(line, "O")
    while writer.lines and writer.lines[-1] == "":
        writer.lines.pop()
        writer.labels.pop()
    return Article(tuple(writer.lines), tuple(writer.labels))


def corpus(
    count: int,
    seed: int,
    *,
    style_split: str,
    record_split: str,
    core_split: str,
    rendered_per_record: int = 2,
) -> list[Article]:
    """`count` articles built only from the named splits (see the module notes)."""
    rng = random.Random(seed)
    records = crossref_records(record_split)
    styles = splits.styles_in(style_split)  # type: ignore[arg-type]
    pool = list(core_references(core_split)) + rendered_references(records, styles, rendered_per_record, rng)
    pool += title_first_entries(records, rng, len(pool) // 40)
    bare = bare_entries(records, rng, 300)
    sentences = sentences_of(abstracts(records))
    teasers = titles(records)
    return [article(rng, pool, bare, sentences, teasers) for _ in range(count)]
