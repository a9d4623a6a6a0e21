"""Find the reference list(s) of an article and turn each entry into a Reference.

Web articles end their reference lists in every way imaginable: under a
"References" (or "Sources", "Citations", "Works Cited", "Further reading"…)
heading or under none, numbered (`1.`, `[1]`, `1)`) or not, one entry per
line or wrapped over several, separated by blank lines or not, or glued into
one line with `^` between entries. So the finder works in three passes:

1. Segment the text into entries: blank lines and list markers separate
   entries; inside a block, a line starts a new entry only when the previous
   line ended one and this line starts like a reference (an author list, a
   URL after a complete entry), otherwise it continues the entry.
2. Score each entry for how much it looks like a reference (author list at the
   start, a year where styles put it, a volume(issue):pages group, a DOI,
   PMID or PMCID) against how much it looks like prose (in-text citations such
   as "(Yao et al., 2023)", length, first-person words, "Read More").
3. Take (a) the entries under a reference heading until the section visibly
   ends, and (b) without a heading, runs of reference-looking entries, with
   short gaps allowed for sub-headings and notes. A single reference-looking
   line in a footer ("May 24, 2024", a licence number) never makes a run.

Each kept entry is parsed by `citecheck.extract.entry_rules.parse_fields`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from citecheck.text.identifiers import find_dois, find_pmcid, find_pmid, find_urls
from citecheck.text.normalize import may_contain
from citecheck.extract.entry_rules import (
    MAX_ENTRY,
    ParsedFields,
    find_volume,
    find_year,
    late_authors,
    parse_authors,
    parse_fields,
)
from citecheck.model import Document, Reference

__all__ = [
    "find_references",
    "is_reference_heading",
    "reference_text_lines",
]

# ------------------------------------------------------------------ headings

_HEADING_WORDS = (
    r"references?|reference list|list of references|sources?|sources cited|sources and (?:further )?reading|"
    r"citations?|cited (?:works|literature|sources)|bibliography|selected bibliography|works cited|"
    r"works consulted|literature|literature cited|cited literature|references and (?:notes|further reading)|"
    r"notes and references|further reading|additional reading|suggested reading|recommended reading|"
    r"key references|selected references|scientific references|research references|studies cited|"
    r"research cited|footnotes|endnotes|notes and sources|reading list|scientific sources|"
    r"references and sources|sources and references|resources and references|"
    r"referenced studies|references used"
)
_REF_HEADING = re.compile(
    rf"^\s{{0,10}}(?:#{{1,6}}\s{{1,5}})?(?:[*_]{{1,3}})?(?:(?:\d{{1,2}}|[IVX]{{1,5}})[.)]?\s{{1,3}})?"
    rf"(?P<name>{_HEADING_WORDS})(?:[*_]{{1,3}})?\s{{0,5}}:?\s{{0,5}}(?:[*_]{{1,3}})?\s{{0,5}}$",
    re.IGNORECASE,
)
# Words that alone make too weak a heading when nothing reference-like follows.
_WEAK_HEADINGS = frozenset({"studies", "research", "literature", "sources", "source", "notes"})
_END_HEADING = re.compile(
    r"^\s{0,10}(?:#{1,6}\s)?(?:post disclaimer|disclaimer|recent posts|related posts|related articles|"
    r"related products|related|you may also like|comments?|leave a (?:reply|comment)|share(?: this)?|"
    r"about the author|author bio|tags?|categories|newsletter|subscribe|statement|contact(?: us)?|"
    r"follow us|copyright|post navigation|more from|popular posts|latest posts|read next|"
    r"professional scope of practice|blog information.{0,30})\s{0,5}:?\s{0,5}$",
    re.IGNORECASE,
)


def is_reference_heading(line: str) -> bool:
    """Whether `line` is on its own a heading that opens a reference list."""
    return len(line) <= 80 and bool(_REF_HEADING.match(line))


# ------------------------------------------------------------------- markers

_MARKER = re.compile(
    r"^\s{0,16}(?:(?P<num>\d{1,3})[.)](?=\s)|\[(?P<br>\d{1,3})\]:?|\((?P<par>\d{1,3})\)(?=\s)|"
    r"\[\^(?P<fn>\d{1,3})\]:?|(?P<bullet>[-*+\u2022\u25e6\u25aa\u25cf\u00b7\u2219](?=\s))|(?P<caret>\^)(?=\s?\S)(?:\s[a-z](?=\s)){0,12})\s{0,10}"
)


def _marker(line: str) -> tuple[str | None, int | None, int]:
    """(kind, number, length) of the list marker at the start of `line`."""
    match = _MARKER.match(line)
    if not match:
        return None, None, 0
    for kind in ("num", "br", "par", "fn"):
        value = match.group(kind)
        if value is not None:
            return "number", int(value), match.end()
    if match.group("bullet"):
        return "bullet", None, match.end()
    return "caret", None, match.end()


# ------------------------------------------------------------------- entries


@dataclass
class _Entry:
    start: int  # 1-based text line
    end: int
    parts: list[str] = field(default_factory=list)
    number: int | None = None
    marker: str | None = None
    kind: str = "non"  # ref | link | weak | non | heading | refhead | caret
    score: int = 0
    heading_name: str | None = None
    loose: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.parts)

    @property
    def flat(self) -> str:
        return " ".join(part.strip() for part in self.parts)


_URL_START = re.compile(r"^<?(?:https?://|www\.)\S", re.IGNORECASE)
_ID_LINE = re.compile(
    r"^(?:PMID|PMCID|PMC\d|doi\s?:|DOI\b|https?://(?:dx\.)?doi\.org/|(?:dx\.)?doi\.org/|"
    r"Available (?:from|at|online)|Retrieved (?:from|on)|Accessed|\[(?:PubMed|PMC|Google|Cross)|Epub|"
    r"Published (?:online|ahead)|Full text|Free full text)",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"(?:[.?!)\]>\"'}]|\d)$")
_OPEN_END = re.compile(r"(?:[,;:&\-/(]|\b(?:and|of|the|in|for|on|with|to|a|an|by|et|al))$", re.IGNORECASE)


def _blank(line: str) -> bool:
    return not line.strip()


def _has_identifier(text: str) -> bool:
    return bool(find_dois(text) or find_pmid(text) or find_pmcid(text))


def _starts_reference(body: str) -> bool:
    """Whether a line starts like a new reference entry."""
    if _URL_START.match(body):
        return True
    authors = parse_authors(body)
    if authors and authors.style != "organisation":
        return True
    if authors and find_year(body[authors.end : authors.end + 12]):
        return True
    return False


def _split_caret(line: str) -> list[str] | None:
    """The pieces of a line whose entries are separated only by `^`."""
    if line.count("^") < 2 or len(line) > 200_000:
        return None
    pieces = [piece.strip() for piece in line.split("^")]
    substantial = [piece for piece in pieces if len(piece.split()) >= 3]
    if len(substantial) >= 2 and len(substantial) >= (len(pieces) - 1) * 0.6:
        return pieces
    return None


def _segment(lines: Sequence[str]) -> list[_Entry]:
    """Cut the text into blocks and blocks into candidate entries."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    current_indent = 0
    previous_body = ""

    def close() -> None:
        nonlocal current
        if current is not None and current.parts:
            entries.append(current)
        current = None

    for index, raw in enumerate(lines, start=1):
        if _blank(raw):
            close()
            previous_body = ""
            continue
        line = raw.rstrip()
        pieces = _split_caret(line) if "^" in line else None
        if pieces is not None:
            close()
            for position, piece in enumerate(pieces):
                if not piece:
                    continue
                entry = _Entry(index, index, [piece], marker="caret")
                if position == 0 and is_reference_heading(piece):
                    entry.kind = "refhead"
                    entry.heading_name = _heading_name(piece)
                else:
                    entry.kind = "caret"
                entries.append(entry)
            previous_body = ""
            continue
        kind, number, length = _marker(line)
        body = line[length:].strip() if kind else line.strip()
        if len(line) <= 80 and is_reference_heading(line):
            close()
            entries.append(_Entry(index, index, [line.strip()], kind="refhead", heading_name=_heading_name(line)))
            previous_body = ""
            continue
        indent = len(line) - len(line.lstrip())
        # A hanging indent: a line indented deeper than the entry's first line
        # continues it, whatever it looks like.
        hanging = current is not None and indent >= current_indent + 2 and not _ID_LINE.match(body)
        new_entry = (
            current is None
            or kind is not None
            or (not hanging and _continues_as_new(current, previous_body, body))
        )
        if new_entry:
            close()
            current = _Entry(index, index, [body], number=number, marker=kind)
            current_indent = indent
        else:
            assert current is not None
            current.parts.append(body)
            current.end = index
        previous_body = body
    close()
    return _merge_author_only(entries)


def _continues_as_new(current: _Entry, previous: str, body: str) -> bool:
    """Whether `body` (a line inside a block) starts a new entry."""
    if len(current.flat) > MAX_ENTRY:
        return True
    if _ID_LINE.match(body):
        # "PMID: 123" under the entry it belongs to; a second DOI starts another.
        flat = current.flat
        if body.lower().startswith(("pmid",)) and find_pmid(flat):
            return True
        if body.lower().startswith(("pmc",)) and find_pmcid(flat):
            return True
        if "doi" in body[:20].lower() and find_dois(flat):
            return True
        return False
    if _URL_START.match(body):
        flat = current.flat
        if find_urls(flat) or find_dois(flat) or _URL_START.match(current.parts[0]):
            return True
        return False  # the link of the entry above ("…2020;1:2-3.\nhttps://…")
    if not previous or _OPEN_END.search(previous):
        return False
    first = body[:1]
    if not first or first.islower() or first.isdigit() or first in "([{,;:.-&":
        return False
    if _TERMINAL.search(previous) or find_urls(previous[-200:]):
        return _starts_reference(body)
    return False


_AUTHOR_ONLY = re.compile(r"^[^\d()\"]{2,400}$")


def _merge_author_only(entries: list[_Entry]) -> list[_Entry]:
    """Glue a line that is only an author list to the title it belongs to.

    Title-first entries put the authors on the next line ("Title of talk.\\n
    Pepper-Yowell A.R., Wang S."): that line is not a reference of its own.
    """
    merged: list[_Entry] = []
    for entry in entries:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and entry.marker is None
            and previous.marker in (None, "bullet", "number")
            and entry.start == previous.end + 1
            and len(entry.parts) == 1
            and _AUTHOR_ONLY.match(entry.flat)
            and _is_author_list(entry.flat)
            and not parse_authors(previous.flat)
        ):
            previous.parts.extend(entry.parts)
            previous.end = entry.end
            continue
        merged.append(entry)
    return merged


def _is_author_list(text: str) -> bool:
    found = parse_authors(text)
    if not found or found.style not in ("vancouver", "apa", "mla", "initials"):
        return False
    rest = text[found.end :].strip(" .,;:")
    return not rest


def _heading_name(line: str) -> str:
    match = _REF_HEADING.match(line.strip())
    name = match.group("name") if match else line
    return name.strip().strip(":").strip()


# ------------------------------------------------------------------- scoring

_CITATION = re.compile(
    r"\((?:[A-Z][\w'\u2019-]{1,40}(?:\s(?:et al\.?|and|&)\s?[\w'\u2019-]{0,40})?(?:\s[A-Z][\w'-]{1,30})?,?\s(?:1[6-9]|20)\d\d[a-z]?"
    r"(?:[:,]\s?(?:p\.\s?)?\d{1,5})?(?:;\s[^()]{3,80})?)\)"
)
# Words of a writer talking to a reader; never in a reference. "I" counts only
# before a lower-case word ("I think"), since "Morita I." is an initial.
_PROSE_WORDS = re.compile(
    r"\b(?:[Ww]e|[Oo]ur|us|[Yy]ou|[Yy]our|[Mm]y|me|[Tt]his (?:article|post)|[Cc]lick|[Rr]ead more)\b|\bI\s[a-z]"
)
_FOOTER = re.compile(
    r"\b(?:Read More|Continue reading|Copyright|All rights reserved|Posted (?:on|in|by)|Leave a (?:comment|reply)|"
    r"Share this|Sign up|Subscribe|Privacy Policy|Terms of (?:Use|Service)|Cookie|License #|Licen[cs]ed as)\b",
    re.IGNORECASE,
)
# Every match of _FOOTER holds one of these (see citecheck.extract.quick).
_FOOTER_WORDS = (
    "read more", "continue reading", "copyright", "all rights reserved", "posted ", "leave a ",
    "share this", "sign up", "subscribe", "privacy policy", "terms of ", "cookie", "licen",
)
_DATE_ONLY = re.compile(
    r"^(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s\d{1,2},?\s(?:19|20)\d\d|"
    r"\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s(?:19|20)\d\d|"
    r"(?:19|20)\d\d-\d\d-\d\d|\d{1,2}/\d{1,2}/(?:19|20)?\d\d)\.?$"
)
_SOCIAL = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:twitter\.com|x\.com|facebook\.com|fb\.me|instagram\.com|linkedin\.com|"
    r"youtube\.com|youtu\.be|pinterest\.|tiktok\.com|t\.me|wa\.me|reddit\.com/submit|plus\.google|"
    r"api\.whatsapp|mailto:|tel:)",
    re.IGNORECASE,
)
_QUOTED_TITLE = re.compile(r"[\"\u201c\ufffd][A-Z][^\"\u201d\ufffd]{10,300}[.?!,]?[\"\u201d\ufffd]")


def _is_link_entry(text: str, urls: list[str] | None = None) -> bool:
    """A bare URL, perhaps with a few words around it ("(From same page: URL)")."""
    urls = find_urls(text) if urls is None else urls
    if not urls:
        return False
    if all(_SOCIAL.match(url) for url in urls):
        return False
    rest = text
    for url in urls:
        rest = rest.replace(url, " ")
    words = [w for w in rest.split() if any(c.isalnum() for c in w)]
    return len(words) <= 12 and not _CITATION.search(rest)


_DIGIT = re.compile(r"\d")


def _score(entry: _Entry) -> None:
    """Score `entry` for looking like a reference and set its kind."""
    text = entry.flat
    if len(text) > MAX_ENTRY:
        entry.kind, entry.score = "non", -5
        return
    words = text.split()
    citations = len(_CITATION.findall(text)) if "(" in text else 0
    if entry.kind not in ("refhead", "caret") and (len(words) > 150 or (len(words) > 80 and citations)):
        # Long prose: no reference is that long, and none cites others in parentheses.
        entry.kind, entry.score, entry.loose = "non", -4, False
        return
    head = text.lstrip("*{}[]^# ")
    digits = _DIGIT.search(text) is not None
    linkish = "http" in text or "www." in text
    urls = find_urls(text) if linkish else []
    score = 0
    if digits and _has_identifier(text):
        score += 3
    authors = parse_authors(head)
    if authors:
        score += 2 if authors.style in ("apa", "vancouver") else 1
        if authors.et_al:
            score += 1
    year = find_year(head) if digits or "n.d" in head else None
    if year:
        if year.kind in ("paren", "dot", "vancouver", "nd"):
            score += 2
        elif year.kind in ("comma", "month"):
            score += 1
    volume = find_volume(head) if digits else None
    if volume and (volume.pages or volume.issue):
        score += 2
    if (authors or year) and _QUOTED_TITLE.search(head):
        score += 1
    if not authors and len(words) >= 4 and ". " in head and late_authors(head) is not None:
        score += 2
    score -= 3 * min(citations, 2)
    if len(words) > 80:
        score -= 2
    prose = _PROSE_WORDS.search(text) is not None
    footer = may_contain(text, _FOOTER_WORDS) and _FOOTER.search(text) is not None
    if prose:
        score -= 2
    if footer:
        score -= 3
    if digits and _DATE_ONLY.match(text.strip()):
        score -= 3
    entry.score = score
    if entry.kind in ("refhead", "caret"):
        return
    if urls and not citations and _is_link_entry(text, urls):
        entry.kind = "link"
    elif score >= 4:
        entry.kind = "ref"
    elif _looks_like_heading(entry):
        entry.kind = "heading"
    elif score >= 2:
        entry.kind = "weak"
    else:
        entry.kind = "non"
    entry.loose = _is_loose(entry, words, digits, bool(urls), citations, prose or footer)


def _looks_like_heading(entry: _Entry) -> bool:
    if len(entry.parts) != 1:
        return False
    line = entry.parts[0].strip()
    if not line or len(line) > 80 or entry.marker in ("number",):
        return False
    words = line.split()
    if len(words) > 10:
        return False
    if line.endswith((".", ",", ";")) and not line.endswith("..."):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitals >= max(1, len(words) // 2) or line.endswith(":")


def _is_loose(
    entry: _Entry, words: list[str], digits: bool, urls: bool, citations: int, chatty: bool
) -> bool:
    """An entry that is not clearly a reference but may be one inside a reference section.

    `chatty`: the entry holds prose words or footer phrases (already searched
    for by `_score`).
    """
    text = entry.flat
    if not words or len(words) > 45 or len(words) < 3 or citations:
        return False
    if chatty:
        return False
    if not (text[:1].isupper() or text[:1] in "\"'[(*{"):
        return False
    return digits or urls or len(re.findall(r"\.\s[A-Z]", text)) >= 2 or bool(_QUOTED_TITLE.search(text))


# ------------------------------------------------------------------ sections

_MEMBER = ("ref", "link", "caret")


@dataclass
class _Section:
    name: str | None
    entries: list[_Entry]


def _find_sections(entries: list[_Entry]) -> list[_Section]:
    sections: list[_Section] = []
    index = 0
    total = len(entries)
    # Under "Related posts", "Comments" and the like, linked titles and dated
    # teasers follow: no run of references starts there until the next heading.
    blocked = False
    while index < total:
        entry = entries[index]
        if entry.kind == "refhead":
            blocked = False
            section, index = _take_heading_section(entries, index)
            if section is not None:
                sections.append(section)
            continue
        if _ends_article(entry):
            blocked = True
            index += 1
            continue
        if entry.kind == "heading":
            blocked = False
        elif blocked:
            index += 1
            continue
        if entry.kind in ("ref", "link") or (entry.kind == "caret"):
            section, next_index = _take_run(entries, index)
            if section is not None:
                sections.append(section)
                index = next_index
                continue
        index += 1
    return sections


def _ends_article(entry: _Entry) -> bool:
    """A heading such as "Recent Posts" or "You may also like": the article is over."""
    return len(entry.parts) == 1 and len(entry.flat) <= 80 and bool(_END_HEADING.match(entry.flat))


def _take_heading_section(entries: list[_Entry], index: int) -> tuple[_Section | None, int]:
    """The entries under a reference heading, up to where the list visibly ends."""
    name = entries[index].heading_name
    taken: list[_Entry] = []
    pending: list[_Entry] = []  # loose entries kept only if a reference follows
    position = index + 1
    gap = 0
    strong = 0
    while position < len(entries):
        entry = entries[position]
        if entry.kind == "refhead":
            break
        if _ends_article(entry):
            break
        listed = (
            entry.marker in ("number", "bullet", "caret")
            and entry.kind != "heading"
            and entry.score >= 0
            and not _CITATION.search(entry.flat)
        )
        if entry.kind in _MEMBER or entry.kind == "weak" or listed:
            taken.extend(pending)
            pending = []
            taken.append(entry)
            if entry.kind in _MEMBER or entry.score >= 2:
                strong += 1
            gap = 0
        elif entry.loose and entry.kind != "heading" and gap == 0:
            pending.append(entry)
        else:
            # A sub-heading or a note may sit inside the list; the list goes on
            # only if a clear reference follows soon.
            gap += 1
            if gap > 2 or not _member_follows(entries, position + 1, 3 - gap):
                break
        position += 1
    # A loose entry at the very end is kept only if it carries a link or starts
    # with an author list: a closing remark ("Retrieved 2024") is not a reference.
    for entry in pending:
        if not (find_urls(entry.flat) or _has_identifier(entry.flat) or parse_authors(entry.flat)):
            break
        taken.append(entry)
    if not taken or (strong == 0 and (name or "").lower() in _WEAK_HEADINGS):
        return None, index + 1
    if strong == 0 and not any(e.marker for e in taken):
        return None, index + 1
    return _Section(name, taken), position


def _member_follows(entries: list[_Entry], position: int, window: int) -> bool:
    """Whether a clear reference comes within `window` non-reference entries.

    Weak entries (a title-first entry, a note with an author list) neither
    count against the window nor end the look-ahead.
    """
    window = max(window, 1)
    for entry in entries[position : position + 12]:
        if entry.kind in _MEMBER:
            return True
        if entry.kind == "refhead":
            return False
        if entry.kind == "weak" or (entry.loose and entry.kind != "heading"):
            continue
        window -= 1
        if window <= 0:
            return False
    return False


def _take_run(entries: list[_Entry], index: int) -> tuple[_Section | None, int]:
    """A run of reference-looking entries without a heading."""
    taken: list[_Entry] = []
    position = index
    pending: list[_Entry] = []  # weak entries waiting for a reference after them
    gap = 0
    while position < len(entries):
        entry = entries[position]
        if entry.kind == "refhead":
            break
        if entry.kind in _MEMBER:
            taken.extend(pending)
            pending = []
            taken.append(entry)
            gap = 0
        elif entry.kind == "weak" or (entry.loose and not gap and entry.kind != "heading"):
            pending.append(entry)
        else:
            gap += 1
            if gap > 2 or not _member_follows(entries, position + 1, 3 - gap):
                break
        position += 1
    refs = sum(1 for e in taken if e.kind == "ref")
    links = sum(1 for e in taken if e.kind == "link")
    carets = sum(1 for e in taken if e.kind == "caret")
    strongest = max((e.score for e in taken if e.kind == "ref"), default=0)
    if refs >= 2 or (refs == 1 and strongest >= 7) or refs + links >= 3 or carets >= 2:
        return _Section(None, taken), position
    return None, index + 1


# --------------------------------------------------------------------- public


def find_references(document: Document) -> tuple[Reference, ...]:
    """Every entry of every reference list of `document`, in document order (R1..Rn)."""
    lines = document.text.split("\n")
    entries = _segment(lines)
    # A page can repeat itself (the same list in a desktop and a mobile
    # layout, a footer on every "page" of a long export): an entry that looks
    # exactly like an earlier one is scored and parsed once.
    scores: dict[tuple[str, str, str | None, bool], tuple[str, int, bool]] = {}
    for entry in entries:
        key = (entry.flat, entry.kind, entry.marker, len(entry.parts) == 1)
        known = scores.get(key)
        if known is None:
            _score(entry)
            scores[key] = (entry.kind, entry.score, entry.loose)
        else:
            entry.kind, entry.score, entry.loose = known
    sections = _find_sections(entries)
    parsed: dict[str, ParsedFields] = {}
    references: list[Reference] = []
    for section in sections:
        # "^" lists (Wikipedia, examine.com) are ordered lists whose numbers were
        # lost when the page was copied: their order is their number.
        carets = [entry for entry in section.entries if entry.marker == "caret"]
        if carets and len(carets) == len(section.entries):
            for position, entry in enumerate(carets, start=1):
                entry.number = position
        for entry in section.entries:
            references.append(_build(document, entry, section.name, len(references) + 1, parsed))
    return tuple(references)


def _build(
    document: Document, entry: _Entry, section: str | None, ordinal: int, parsed: dict[str, ParsedFields]
) -> Reference:
    """The Reference for `entry`; `parsed` remembers the fields of texts already parsed."""
    text = entry.text if len(entry.parts) > 1 else entry.parts[0]
    fields = parsed.get(text)
    if fields is None:
        fields = parsed[text] = parse_fields(text)
    return Reference(
        id=f"R{ordinal}",
        line=document.source_line(entry.start),
        text=" ".join(part.strip() for part in entry.parts),
        end_line=document.source_line(entry.end),
        number=entry.number if entry.marker in ("number", "caret") else None,
        authors=fields.authors,
        et_al=fields.et_al,
        year=fields.year,
        year_suffix=fields.year_suffix,
        no_date=fields.no_date,
        title=fields.title,
        journal=fields.journal,
        volume=fields.volume,
        issue=fields.issue,
        pages=fields.pages,
        doi=fields.doi,
        malformed_doi=fields.malformed_doi,
        pmid=fields.pmid,
        pmcid=fields.pmcid,
        url=fields.url,
        section=section,
        text_line=entry.start,
        text_end_line=entry.end,
    )


def reference_text_lines(references: Iterable[Reference]) -> frozenset[int]:
    """The TEXT lines (1-based lines of `Document.text`) that the references occupy.

    The in-text citation finder skips these lines: a reference list is not a
    place where works are cited. Falls back to the source lines for references
    built without text lines (identical for plain-text documents).
    """
    lines: set[int] = set()
    for reference in references:
        first = reference.text_line or reference.line
        last = reference.text_end_line or reference.end_line or first
        lines.update(range(first, max(first, last) + 1))
    return frozenset(lines)
