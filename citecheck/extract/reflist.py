"""Find the reference list(s) of a document and cut them into entries, with exact offsets.

Two readers of the page's lines decide together where entries begin:

1. **The learned tagger** (`entry_model`): a CRF over the lines, trained on
   real references laid out as blogs lay them out, labels each line `B`
   (an entry begins), `I` (it goes on) or `O` (not a reference). It finds
   lists with or without a heading by what they look like, and entries that
   no marker or blank line separates (eight MLA entries on eight lines).
2. **The document's structure**: a list marker (`1.`, `[1]`, `1)`, `(1)`, a
   bullet, Wikipedia's `^ a b`, a Markdown footnote `[^1]:`), a blank line, and
   the end of a hanging indent each begin a new entry inside a list.

Where they disagree, the entry is split: a line the tagger calls `B` begins an
entry, and so does a line that continues one by the tagger but begins one by
the structure. An entry that still holds two DOIs, or two author-and-year
openings (a `<br>` lost when a page was copied), is split there too; so is a
line of entries glued by `^` separators. Duplicate entries under different
numbers stay separate entries.

A reference's `text` is exactly `Document.text[start:start + len(text)]`: the
entry without its list marker, its lines and their indentation as written.
Its fields are read by `citecheck.extract.fields.read_entry`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from citecheck.extract.headings import heading_name, is_reference_heading, is_section_end, is_weak_heading
from citecheck.extract.lines import Line, marker_of, opens_with_authors, split_lines
from citecheck.model import Document, Reference
from citecheck.text.identifiers import DOI_SHAPE, find_dois, find_pmcid, find_pmid

__all__ = ["Entry", "body_text", "find_entries", "find_references", "reference_lines"]

# Longer than this, a block is not one reference.
MAX_ENTRY = 4000


@dataclass(frozen=True)
class Entry:
    """One entry of a reference list: where it is and how the list marked it."""

    start: int  # offset of the entry's text in Document.text (after its marker)
    end: int  # end of its text (trailing whitespace excluded)
    first_line: int  # 1-based text lines
    last_line: int
    marker: str | None  # number | bracket | paren | footnote | bullet | caret | None
    number: int | None
    label: str | None  # a footnote's label
    section: str | None  # the heading of its list, as written


# ----------------------------------------------------------- glued entries

# `^` between entries of a list copied without its line breaks; never `[^3]`.
_CARET_SPLIT = re.compile(r"(?<!\[)\^(?:\s[a-z](?=\s))*\s?(?=\S)")


def _caret_pieces(line: Line) -> list[Line] | None:
    """A line of entries glued by `^` (a list copied without its line breaks), cut into pieces."""
    text = line.text
    if text.count("^") < 2 or len(text) > 200_000:
        return None
    cuts = [match for match in _CARET_SPLIT.finditer(text)]
    if len(cuts) < 2:
        return None
    bounds = [0] + [match.start() for match in cuts] + [len(text)]
    pieces = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    substantial = [p for p in pieces if len(text[p[0] : p[1]].split()) >= 3]
    if len(substantial) < 2 or len(substantial) < (len(pieces) - 1) * 0.6:
        return None
    found = []
    for a, b in pieces:
        piece = text[a:b].rstrip()
        if not piece.strip():
            continue
        found.append(
            Line(
                index=line.index,
                start=line.start + a,
                text=piece,
                indent=0,
                marker=marker_of(piece),
                blank_before=line.blank_before if a == 0 else False,
                blank_after=line.blank_after if b == len(text) else False,
                block_width=line.block_width,
            )
        )
    return found


def _lines_of(text: str) -> list[Line]:
    lines: list[Line] = []
    for line in split_lines(text):
        pieces = _caret_pieces(line) if "^" in line.text else None
        lines.extend(pieces or [line])
    return lines


# ---------------------------------------------------------------- splitting


def _entry_starts(lines: Sequence[Line], tags: Sequence[tuple[str, float]]) -> list[bool | None]:
    """For each line: True (an entry begins), False (an entry goes on), None (not a reference)."""
    starts: list[bool | None] = []
    previous: str = "O"
    first_indent = 0
    continued_deeper = False
    for line, (label, _) in zip(lines, tags):
        if label == "O":
            starts.append(None)
            previous = label
            continued_deeper = False
            continue
        structural = (
            line.marker.kind is not None
            or line.blank_before
            or (continued_deeper and line.indent <= first_indent)
            or _SAME_AUTHORS.match(line.body) is not None
        )
        begins = label == "B" or previous == "O" or structural
        starts.append(begins)
        if begins:
            first_indent = line.indent
            continued_deeper = False
        elif line.indent > first_indent:
            continued_deeper = True
        previous = label
    return starts


@dataclass
class _Span:
    lines: list[Line]
    start: int = 0

    def __post_init__(self) -> None:
        self.start = self.lines[0].body_start

    @property
    def end(self) -> int:
        last = self.lines[-1]
        return last.start + len(last.text.rstrip())


# An author list opening a reference, after the end of another, then a year:
# "Smith JA, Jones B, ... 2019", "Smith, J., & Lee, K. (2019)", "Smith, J. (2020)", "Smith et al. (2019)";
# or names written as MLA and IEEE write them, then a quoted title: 'Park, Chan. "Heat…',
# 'Park, Chan, and Min Lee. "Heat…', 'C. Park and M. Lee, "Heat…' (the year comes later there).
_UP = "A-Z\u00c0-\u00de"
_FAMILY = rf"[{_UP}][a-z\u00df-\u00ff][\w'\u2019-]{{0,40}}"
_AUTHOR = rf"{_FAMILY}(?:\s[{_UP}]{{1,3}}|,\s(?:[{_UP}]\.\s?-?){{1,3}})(?![\w])"
_GIVEN = rf"[{_UP}][a-z\u00df-\u00ff]{{1,20}}(?:\s[{_UP}]\.?)?"
_INITIALS = rf"(?:[{_UP}]\.\s?-?){{1,3}}\s?{_FAMILY}"
_QUOTE = "[\"\u201c]"
_YEAR_SOON = r"[^\n]{0,200}?(?:\((?:1[6-9]|20)\d\d|(?:[.;]|(?<=\.))\s?(?:1[6-9]|20)\d\d[a-z]?\b)"
_OPENING = re.compile(
    rf"(?<=[.)\]>])\s+(?="
    rf"(?:{_AUTHOR}(?:,?\s(?:&\s|and\s)?{_AUTHOR}){{1,30}}|[{_UP}][a-z][\w'\u2019-]{{1,40}}\set\sal\.?){_YEAR_SOON}"
    rf"|{_AUTHOR}[.,]?\s(?:\((?:1[6-9]|20)\d\d[a-z]?\)|(?:1[6-9]|20)\d\d[a-z]?[.,]\s)"
    rf"|{_FAMILY},\s{_GIVEN}(?:,?\s(?:and|&)\s{_GIVEN}\s{_FAMILY}|,\set\sal)?\.\s(?:{_QUOTE}|(?:1[6-9]|20)\d\d[a-z]?\.\s)"
    rf"|{_INITIALS}(?:,\s{_INITIALS}){{0,10}}(?:,?\s(?:and|&)\s{_INITIALS})?,\s{_QUOTE}"
    rf")"
)


_YEAR = re.compile(r"(?<![\w/.-])(?:1[6-9]|20)\d\d[a-z]?(?![\w/-])")


def _split_glued(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a block holding several entries: at the opening of each entry after a DOI or an entry's end.

    Only a block with two DOIs, or two author-and-year openings, is cut; a
    piece too short to be a reference is never cut off.
    """
    block = text[start:end]
    dois = []  # each DOI once: an entry may give its DOI twice (a `doi:` and a link)
    for match in find_dois(block):
        if all(match.doi != other.doi for other in dois):
            dois.append(match)
    cuts: list[int] = []
    if len(dois) >= 2:
        for doi in dois[:-1]:
            after = block.find(" ", doi.end)
            if after == -1:
                continue
            opening = _OPENING.search(block, doi.end - 1)
            position = opening.end() if opening and opening.start() <= after + 2 else None
            if position is None:
                rest = block[after:].lstrip()
                if rest[:1].isupper():
                    position = len(block) - len(rest)
            if position is not None and position < len(block):
                cuts.append(position)
    else:
        openings = [m.end() for m in _OPENING.finditer(block)]
        if openings and _is_opening(block):
            cuts.extend(openings)
        if "\n" in block:
            cuts.extend(_line_openings(block))
    pieces: list[tuple[int, int]] = []
    previous = 0
    dated = len(dois) >= 2  # two DOIs decide alone; two openings need a year each
    for cut in sorted(set(cuts)):
        before, after = block[previous:cut], block[cut:]
        if not dated and not (_YEAR.search(before) and _YEAR.search(after)):
            continue
        if len(before.split()) >= 5 and len(after.split()) >= 5:
            pieces.append((previous, cut))
            previous = cut
    pieces.append((previous, len(block)))
    return [(start + a, start + a + len(block[a:b].rstrip())) for a, b in pieces]


# A year where a reference gives it: "(2020)", ". 2019.", "; 2019;", or closing its line ("report 2019.").
_REFERENCE_YEAR = re.compile(
    r"\((?:1[6-9]|20)\d\d[a-z]?\)|[.,;]\s?(?:1[6-9]|20)\d\d[a-z]?[.;:]|\s(?:1[6-9]|20)\d\d[a-z]?\.\s*$"
)
# A labelled line that belongs to the entry above it: "Erratum in: …", "Comment in: …".
_LABEL = re.compile(r"\s*[^\W\d_]+(?:\s[^\W\d_]+){0,2}:")


def _line_openings(block: str) -> Iterator[int]:
    """Line starts where the line above ended an entry and the line gives a year of its own.

    Two years in reference position, one on each side of a line break, are two
    entries that the tagger read as one (a short last entry: "Sleep Foundation
    (2020) Sleep facts."); the caller cuts only where the text above has a year.
    """
    position = block.find("\n")
    while position != -1:
        start = position + 1
        end = block.find("\n", start)
        line = block[start : end if end != -1 else len(block)]
        body = line.lstrip()
        if (
            block[:position].rstrip().endswith(".")
            and body[:1].isupper()
            and _LABEL.match(body) is None
            and _REFERENCE_YEAR.search(line)
        ):
            yield start + len(line) - len(body)
        position = end


def _is_opening(block: str) -> bool:
    """Whether a block itself starts with an author list and a year, like each glued entry."""
    return bool(_OPENING.match(". " + block, 1))


# ------------------------------------------------------------------ sections


def _section_heading(lines: Sequence[Line], index: int) -> str | None:
    """The reference heading just above line `index` (a line or two up), as written."""
    for back in (1, 2, 3):
        position = index - back
        if position < 0:
            return None
        text = lines[position].text.strip()
        if is_reference_heading(text):
            name = heading_name(text) or text
            return text.strip("#*_: ").strip() if name else None
        if lines[position].marker.kind is not None or len(text) > 80:
            return None
    return None


def _strong(text: str) -> bool:
    """Evidence that a lone entry really is a reference: an identifier, or a year with volume and pages."""
    if find_dois(text) or find_pmid(text) or find_pmcid(text):
        return True
    return bool(re.search(r"(?:1[6-9]|20)\d\d", text)) and bool(
        re.search(r"\d{1,5}\s?\(\s?[\w-]{1,10}\s?\)\s?[:,]\s?\d|;\s?\d{1,5}(?:\([\w-]{1,10}\))?:\s?\d|\bpp?\.\s?\d", text)
    )


_EVIDENCE = re.compile(
    rf"(?<![\w/.-])(?:1[6-9]|20)\d\d[a-z]?(?![\w/-])|\bn\.\s?d\.|https?://|www\.|{DOI_SHAPE.pattern}|\bPMC?I?D?:?\s?\d{{5,9}}"
    r"|\bet\.?\s?al\b|\d{1,5}\s?\(\s?[\w-]{1,10}\s?\)\s?[:,]\s?\d|;\s?\d{1,5}:\s?\d",
    re.IGNORECASE,
)


# What a reference states beyond a year: a link or identifier, "et al.", "n.d.", volume and pages.
_RICH = re.compile(
    rf"\bn\.\s?d\.|https?://|www\.|{DOI_SHAPE.pattern}|\bPMC?I?D?:?\s?\d{{5,9}}"
    r"|\bet\.?\s?al\b|\d{1,5}\s?\(\s?[\w-]{1,10}\s?\)\s?[:,]\s?\d|;\s?\d{1,5}:\s?\d|\bpp?\.\s?\d|\d\s?[-\u2013]\s?\d",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
# A day with its month and year: when something was posted, not what a reference gives.
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}\s{_MONTH},?\s(?:19|20)\d\d\b|\b{_MONTH}\s\d{{1,2}},?\s(?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
)
_ENDS_SENTENCE = re.compile(r"[.!?][\"'\u201d)\]]?\s*$")


def _has_evidence(text: str) -> bool:
    """Anything a reference states: a year, "n.d.", a link or identifier, "et al.", volume and pages."""
    return _EVIDENCE.search(text) is not None


def _trimmed(group: list[tuple["_Span", int]], text: str) -> list[tuple["_Span", int]]:
    """A list without what states nothing a reference states: unmarked lines at its ends, headings inside.

    A closing remark under a list ("Next session: the cerebellum."), a
    sub-heading between entries ("Energy studies") and a footnote that is a
    note are not entries; an entry of a marked list (a `^` list of titles) stays.
    """
    def bare(item: tuple[_Span, int]) -> bool:
        span = item[0]
        return span.lines[0].marker.kind is None and not _has_evidence(text[span.start : span.end])

    def note(item: tuple[_Span, int]) -> bool:
        # A footnote that states nothing a reference states is a note ("[^6]: The train was late.").
        span = item[0]
        return span.lines[0].marker.kind == "footnote" and not _has_evidence(text[span.start : span.end])

    def heading(item: tuple[_Span, int]) -> bool:
        span = item[0]
        body = text[span.start : span.end]
        return len(span.lines) == 1 and bare(item) and len(body.split()) <= 8 and body.rstrip()[-1:] not in ".?!\"'"

    def thin(item: tuple[_Span, int]) -> bool:
        # After the list, a line with a date and little else: a byline with its day, a company's name and year.
        span = item[0]
        body = text[span.start : span.end]
        return (
            span.lines[0].marker.kind is None
            and len(body.split()) <= 10
            and not _RICH.search(body)
            and not opens_with_authors(body)
            and (_FULL_DATE.search(body) is not None or _ENDS_SENTENCE.search(body) is None)
        )

    group = [item for item in group if not heading(item) and not note(item)]
    while group and (bare(group[-1]) or (len(group) > 1 and thin(group[-1]))):
        group = group[:-1]
    while group and bare(group[0]):
        group = group[1:]
    return group


# A link's words, the link, and the sentence going on in lower case after it:
# "Clark et al. (2017) <https://doi.org/…> reviewed the trials." A reference
# goes on after its link only with a note of access or another identifier.
_PROSE_LINK = re.compile(
    r"[^<>\n]{1,80}?\s<(?:https?://)[^\s<>]{4,2000}>[,;]?\s{1,3}"
    r"(?!(?:accessed|retrieved|viewed|available|cited|archived|doi|pmid|pmcid|isbn|issn|pp?\.|in\b|and\b|et\b)\b)"
    r"[a-z][a-z'’-]{1,30}\s[a-z]"
)


def _looks_like_reference(body: str) -> bool:
    """An entry names its authors, or states more than a year (a link, volume and pages, et al.)."""
    return opens_with_authors(body) or _RICH.search(body) is not None


def _foreign_tail_cut(group: list[tuple["_Span", int]], text: str) -> list[tuple["_Span", int]]:
    """A list without another list run on below it: a numbered list of post titles under unnumbered entries.

    Where the marker changes kind, or the numbers start again at 1, the lines
    below stay only when most of them look like references.
    """
    for index in range(1, len(group)):
        before, marker = group[index - 1][0].lines[0].marker, group[index][0].lines[0].marker
        if marker.kind != before.kind or (marker.number == 1 and before.number is not None):
            tail = group[index:]
            looking = sum(1 for span, _ in tail if _looks_like_reference(text[span.start : span.end]))
            if looking * 2 < len(tail):
                return group[:index]
            return group
    return group


def find_entries(document: Document) -> list[Entry]:
    """Every entry of every reference list of `document`, in document order."""
    from citecheck.extract.entry_model import tag_lines

    text = document.text
    lines = _lines_of(text)
    tags = tag_lines(lines)
    starts = _entry_starts(lines, tags)
    # A heading that names what is not a reference ("Comments", "You might also
    # like", "External links") ends the list: nothing below it is an entry until
    # a reference heading opens another list.
    closed = False
    for index, line in enumerate(lines):
        body = line.text.strip()
        if len(body) <= 200 and not line.marker.kind:
            if is_reference_heading(body):
                closed = False
            elif is_section_end(body):
                closed = True
        if closed:
            starts[index] = None
    spans: list[_Span] = []
    for line, begins in zip(lines, starts):
        if begins is None:
            continue
        if begins or not spans:
            spans.append(_Span([line]))
        else:
            spans[-1].lines.append(line)
    # Group the entries into lists: consecutive entries, headings and notes between them aside.
    entries: list[Entry] = []
    groups: list[list[tuple[_Span, int]]] = []
    position_of = {id(line): index for index, line in enumerate(lines)}
    last_position = -10
    for span in spans:
        first = position_of[id(span.lines[0])]
        between = lines[last_position + 1 : first] if last_position >= 0 else []
        if not groups or first - last_position > 3 or any(is_reference_heading(line.text.strip()) for line in between):
            groups.append([])
        groups[-1].append((span, first))
        last_position = position_of[id(span.lines[-1])]
    for group in groups:
        group = _foreign_tail_cut(_trimmed(group, text), text)
        if not group:
            continue
        heading = _section_heading(lines, group[0][1])
        kept = group
        if len(group) == 1 and not _strong(text[group[0][0].start : group[0][0].end]):
            named = heading is not None and not is_weak_heading((heading_name(heading) or "").lower())
            if not named:
                continue  # a lone line that merely looks like a reference: a footer date, a licence
        if heading is None:
            # Outside a reference section, a sentence around a link is prose that cites by its link.
            kept = [item for item in kept if not _PROSE_LINK.match(text[item[0].start : item[0].end])]
            if not kept:
                continue
        carets = all(span.lines[0].marker.kind == "caret" for span, _ in kept)
        for ordinal, (span, _) in enumerate(kept, start=1):
            if span.end - span.start > MAX_ENTRY:
                continue
            marker = span.lines[0].marker
            number = marker.number if marker.kind in ("number", "bracket", "paren", "footnote") else None
            if carets:
                number = ordinal  # a Wikipedia list lost its numbers; its order is its number
            pieces = _split_glued(text, span.start, span.end)
            line_start = span.lines[0].start
            line_number = span.lines[0].index + 1
            for piece_start, piece_end in pieces:
                first_line = line_number + text.count("\n", line_start, piece_start)
                entries.append(
                    Entry(
                        start=piece_start,
                        end=piece_end,
                        first_line=first_line,
                        last_line=first_line + text.count("\n", piece_start, piece_end),
                        marker=marker.kind if piece_start == span.start else None,
                        number=number if piece_start == span.start else None,
                        label=marker.label if piece_start == span.start else None,
                        section=heading,
                    )
                )
    return entries


# --------------------------------------------------------------------- public


# The mark Chicago and MLA write for the authors of the entry above: a run of dashes
# or underscores (folded `———` reads `- - -`) before a full stop or comma.
_SAME_AUTHORS = re.compile(r"[ \t]{0,4}(?:[-\u2013\u2014\u2015_][ \t]{0,2}){2,24}[.,]")


def find_references(document: Document) -> tuple[Reference, ...]:
    """Every entry of every reference list of `document` as a Reference (R1..Rn), in order."""
    from citecheck.extract.fields import read_entry

    references: list[Reference] = []
    readings: dict[str, dict] = {}  # a page can repeat an entry: read it once
    for entry in find_entries(document):
        text = document.text[entry.start : entry.end]
        fields = readings.get(text)
        if fields is None:
            fields = read_entry(text).reference_fields()
            if not fields.get("authors"):
                _names_from_opening(text, fields)
            # The field reader's spans are not handed on yet: the comparison and
            # `citecheck fix` read a tagger's spans differently from located
            # fields, and are built and tested on located fields.
            fields["spans"] = ()
            readings[text] = fields
        if references and not fields.get("authors") and _SAME_AUTHORS.match(text):
            # `———. 2020b.`: the authors of the entry above.
            fields = {**fields, "authors": references[-1].authors, "et_al": references[-1].et_al}
        references.append(
            Reference(
                id=f"R{len(references) + 1}",
                line=document.source_line(entry.first_line),
                text=text,
                end_line=document.source_line(entry.last_line),
                number=entry.number,
                section=entry.section,
                text_line=entry.first_line,
                text_end_line=entry.last_line,
                start=entry.start,
                **fields,
            )
        )
    return tuple(references)


def _names_from_opening(text: str, fields: dict) -> None:
    """Authors for an entry the field reader found none in: the family names it opens with, before its year.

    What the citation linker reads too ("Gavilov LA and 8 others. 1997. Mutation
    load..."). A title the reader placed over those names is not the title: the
    next title span is.
    """
    from citecheck.extract.cite_link import opening_names

    found = opening_names(text)
    if found is None:
        return
    names, et_al, end = found
    fields["authors"], fields["et_al"] = names, et_al
    spans = [span for span in fields.get("spans") or () if not (span.label == "title" and span.start < end)]
    if len(spans) != len(fields.get("spans") or ()):
        titles = [span for span in spans if span.label == "title"]
        fields["title"] = text[titles[0].start : titles[0].end].strip(" .,;:") if titles else None
        fields["spans"] = tuple(spans)


def reference_lines(references: Iterable[Reference]) -> frozenset[int]:
    """The text lines (1-based lines of `Document.text`) that list entries occupy."""
    lines: set[int] = set()
    for reference in references:
        first = reference.text_line or reference.line
        last = reference.text_end_line or reference.end_line or first
        lines.update(range(first, max(first, last) + 1))
    return frozenset(lines)


def body_text(document: Document, references: Sequence[Reference]) -> str:
    """`document.text` with the lines of list entries blanked (offsets and lines unchanged).

    A reference list cites nothing: the citation finder and the claim finder
    read only the body. The last answer is kept: every step asks for it.
    """
    key = (id(document), document.text, tuple((r.id, r.text_line, r.text_end_line, r.line, r.end_line, r.origin) for r in references))
    if _LAST_BODY and _LAST_BODY[0] == key:
        return _LAST_BODY[1]
    body = _body_text(document, references)
    _LAST_BODY[:] = [key, body]
    return body


_LAST_BODY: list = []


def _body_text(document: Document, references: Sequence[Reference]) -> str:
    listed = [r for r in references if r.origin == "list"]
    skipped = set(reference_lines(r for r in listed if r.text_line))
    by_source = [(r.line, max(r.line, r.end_line or r.line)) for r in listed if not r.text_line]
    if by_source:
        # Entries built without text lines (by hand): their source lines, mapped back.
        if not document.line_map:
            for first, last in by_source:
                skipped.update(range(first, last + 1))
        else:
            for text_line, source in enumerate(document.line_map, start=1):
                if any(first <= source <= last for first, last in by_source):
                    skipped.add(text_line)
    if not skipped:
        return document.text
    lines = document.text.split("\n")
    for number in skipped:
        if 1 <= number <= len(lines):
            lines[number - 1] = " " * len(lines[number - 1])
    return "\n".join(lines)
