"""A record aligned with the raw text of the entry that cites it: one `Comparison` per reference.

The record's values are looked for in the entry, not the other way round: a
value found in the text is confirmed wherever the entry's style put it, and a
slip of the parser cannot turn into a finding. In order:

1. identifiers (DOI, URL, PMID...) and the entry's own number (`12.`, `[3]`)
   are set aside, so that their digits are never read as a year or a page;
2. the title (fuzzy, partial: `titles.py`), the authors' family names
   (`names.py`) and the journal (`journals.py`) are located, and their spans
   set aside too;
3. the remaining numbers are matched with the record's pages, years, volume
   and issue; every number equal to a record value is explained;
4. identity: the record's title and authors in the entry make it the same
   work; neither, with the numbers disagreeing too, another work;
5. a field whose record value is nowhere in the entry is `conflicting` only
   when the entry shows another value for it, read surely: a tagger span of
   high confidence, a parsed value found once in the text, or the one number
   of its kind that nothing else explains. Otherwise it is `absent` (the
   entry does not state it) or `not_compared` (it may, but which value is
   unclear). Conflicts count only once identity is `same`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from citecheck.compare import cited as reading
from citecheck.compare.folded import Folded, fold_text
from citecheck.compare.journals import compatible, locate_journal
from citecheck.compare.names import comparable_name, family_key, find_name, record_people, same_family_name
from citecheck.compare.numbers import Number, locator_key, numbers_in, page_span, same_locator, same_pages
from citecheck.compare.titles import CLOSE, FOUND, content_words, full_title, locate_title, title_similarity
from citecheck.model import Comparison, FieldComparison, FieldState, Identity, Reference, Work
from citecheck.text.lexicon import words as word_list
from citecheck.text.normalize import fold

FIELDS = ("title", "author", "authors", "year", "journal", "volume", "issue", "pages")

_IDENTIFIER = re.compile(
    r"(?:https?://|www\.)\S+|\bdoi\s?:\s?\S+|\b10\.\d{4,9}/\S+|\bPMID:?\s?\d+|\bPMC\d+"
    r"|\b(?:ISSN|ISBN|eISSN|pISSN)[:\s]{0,3}[\dXx][\dXx\- ]{6,16}",
    re.IGNORECASE,
)
_ENUMERATION = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,4}[.)]|[-*•·–]\s)")
OTHER_TITLE = 65.0  # a record title scoring under this is not in the entry
OTHER_DIFFERENT = 0.5  # a cited title this unlike the record's names another paper


@dataclass
class _Entry:
    """The entry as the steps below see it, and what each step has set aside."""

    reference: Reference
    text: str
    folded: Folded
    hidden: list[tuple[int, int]]
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self) -> list[tuple[int, int]]:
        """The spans of the text not yet set aside."""
        spans = sorted(self.hidden + self.taken)
        free, position = [], 0
        for left, right in spans:
            if left > position:
                free.append((position, left))
            position = max(position, right)
        if position < len(self.text):
            free.append((position, len(self.text)))
        return free


def _hidden_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in _IDENTIFIER.finditer(text)]
    enumeration = _ENUMERATION.match(text)
    if enumeration:
        spans.append((enumeration.start(), enumeration.end()))
    return spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for left, right in spans:
        for index in range(left, min(right, len(chars))):
            chars[index] = " "
    return "".join(chars)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# ------------------------------------------------------------------ the record


def record_years(work: Work) -> dict[int, str | None]:
    """Every year a citation of this record may legitimately give, with how it is known."""
    years: dict[int, str | None] = {}
    if work.year:
        years[work.year] = None
    for value, note in ((work.print_year, "print year"), (work.online_year, "online year")):
        if value and value not in years:
            years[value] = note
    raw = work.raw if isinstance(work.raw, Mapping) else {}
    for key, note in (("published", "publication year"), ("published-other", "publication year")):
        year = _raw_year(raw.get(key))
        if year and year not in years:
            years[year] = note
    return years


def _raw_year(date: Any) -> int | None:
    try:
        year = int(date["date-parts"][0][0])
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    return year if 1000 <= year <= 2999 else None


def _people(work: Work) -> list[dict[str, str]]:
    people = record_people(work.raw) if isinstance(work.raw, Mapping) else []
    return people or [{"family": a, "given": "", "kind": "person"} for a in work.authors]


# ------------------------------------------------------------------ the steps


@dataclass
class _Numbers:
    """The entry's numbers, which record value explains each, and which one each field claimed."""

    all: list[Number]
    claimed: dict[str, Number] = field(default_factory=dict)
    explained: set[int] = field(default_factory=set)  # indexes into `all`
    notes: dict[str, str | None] = field(default_factory=dict)

    def unexplained(self) -> list[Number]:
        claimed = {id(n) for n in self.claimed.values()}
        return [n for i, n in enumerate(self.all) if i not in self.explained and id(n) not in claimed]


def _match_numbers(numbers: list[Number], work: Work) -> _Numbers:
    result = _Numbers(numbers)
    years = record_years(work)
    pages = [v for v in (work.pages, work.article_number) if v]

    def claim(name: str, candidates: list[Number], note: str | None = None) -> None:
        taken = {id(n) for n in result.claimed.values()}
        for number in candidates:
            if id(number) not in taken:
                result.claimed[name] = number
                result.notes[name] = note
                return

    def explain(test) -> list[Number]:
        hits = []
        for index, number in enumerate(numbers):
            if test(number):
                result.explained.add(index)
                hits.append(number)
        return hits

    # Page ranges first: the most distinctive numbers.
    ranges = explain(lambda n: n.is_range and any(same_pages(n.text, p) for p in pages))
    claim("pages", ranges)
    year_hits = explain(lambda n: n.is_year and int(n.first[:4]) in years)
    if year_hits:
        ordered = sorted(year_hits, key=lambda n: (not n.in_brackets, n.left))
        claim("year", ordered, years[int(ordered[0].first[:4])])
    if work.volume:
        hits = explain(lambda n: same_locator(n.text, work.volume or ""))
        claim("volume", sorted(hits, key=lambda n: (not (n.labelled_volume or n.after.lstrip()[:1] in "(:"), n.left)))
    if work.issue:
        hits = explain(lambda n: same_locator(n.text, work.issue or ""))
        claim("issue", sorted(hits, key=lambda n: (not (n.in_brackets or n.labelled_issue), n.left)))
    if "pages" not in result.claimed and pages:
        firsts = {_bare_first(p) for p in pages} - {None}
        singles = explain(lambda n: not n.is_range and _bare_first(n.text) in firsts)
        claim("pages", sorted(singles, key=lambda n: (not n.labelled_page, n.left)))
    for value in pages:  # a range's last page written alone, or an article number's digits
        span = page_span(value)
        if span and span[1]:
            explain(lambda n, last=span[1]: not n.is_range and n.first.lower() == last)
    return result


def _bare_first(value: str) -> str | None:
    span = page_span(value)
    if span is None:
        return None
    return span[0].lstrip("abcdefghijklmnopqrstuvwxyz") or span[0]


# ------------------------------------------------------------------ cited values


def _tagged_as(reference: Reference, number: Number, label: str) -> float | None:
    """With a tagger: its confidence that `number` is this field (None when it says it is not, or nothing)."""
    best = None
    for span in reference.spans:
        if _overlaps((span.start, span.end), (number.left, number.right)):
            if span.label == label:
                best = max(best or 0.0, span.confidence)
            elif span.confidence >= reading.MIN_CONFIDENCE:
                return None
    return best


def _cited_number(
    entry: _Entry, label: str, candidates: list[Number], layout: list[Number]
) -> tuple[Number, float, str] | None:
    """The entry's own value of a numeric field among `candidates`: (number, confidence, source)."""
    reference = entry.reference
    if reading.has_tagger(reference):
        scored = [(n, _tagged_as(reference, n, label)) for n in candidates]
        scored = [(n, c) for n, c in scored if c is not None]
        if scored:
            number, confidence = max(scored, key=lambda pair: pair[1])
            return number, confidence, "tagger"
    else:
        for found in reading.readings(reference, label):
            for number in candidates:
                if _overlaps((found.left, found.right), (number.left, number.right)):
                    return number, found.confidence, "parser"
    if len(layout) == 1:
        # The one number of this field's shape that no record value explains.
        number = layout[0]
        if reading.has_tagger(reference) and _tagged_as(reference, number, label) is None and any(
            _overlaps((s.start, s.end), (number.left, number.right)) for s in reference.spans
        ):
            return None
        return number, 0.85, "layout"
    return None


def _access_dated(entry: _Entry, number: Number) -> bool:
    before = fold(entry.text[max(0, number.left - 40):number.left]).split()
    tail = " ".join(before[-5:])
    return any(word in tail.split() or (" " in word and word in tail) for word in word_list("access-words"))


# ------------------------------------------------------------------ fields


def _field(name: str, state: FieldState, *, entry: _Entry | None = None, span: tuple[int, int] | None = None,
           record: str | None = None, note: str | None = None, cited: str | None = None) -> FieldComparison:
    if span is not None and entry is not None and cited is None:
        cited = entry.text[span[0]:span[1]]
    return FieldComparison(name, state, cited=cited, record=record, span=span, note=note)


def _numeric_field(entry: _Entry, numbers: _Numbers, name: str, record: str | None, same, kind, layout_test) -> FieldComparison:
    if not record:
        return _field(name, FieldState.NOT_COMPARED, note="the record has none")
    claimed = numbers.claimed.get(name)
    if claimed is not None:
        return _field(name, FieldState.FOUND, entry=entry, span=(claimed.left, claimed.right), record=record,
                      note=numbers.notes.get(name))
    candidates = [n for n in numbers.unexplained() if kind(n)]
    layout = [n for n in candidates if layout_test(n)]
    found = _cited_number(entry, name, candidates, layout)
    if found is None:
        state = FieldState.NOT_COMPARED if candidates else FieldState.ABSENT
        note = "the entry's value could not be read" if candidates else None
        return _field(name, state, record=record, note=note)
    number, confidence, source = found
    span = (number.left, number.right)
    if same(number.text, record):
        return _field(name, FieldState.FOUND, entry=entry, span=span, record=record)
    if confidence < reading.MIN_CONFIDENCE:
        return _field(name, FieldState.NOT_COMPARED, entry=entry, span=span, record=record,
                      note=f"read with low confidence ({source})")
    return _field(name, FieldState.CONFLICTING, entry=entry, span=span, record=record, note=f"read by {source}")


def _year_field(entry: _Entry, numbers: _Numbers, work: Work) -> FieldComparison:
    years = record_years(work)
    record = str(work.year) if work.year else (str(min(years)) if years else None)
    return _numeric_field(
        entry, numbers, "year", record,
        same=lambda cited, _: cited[:4].isdigit() and int(cited[:4]) in years,
        kind=lambda n: n.is_year and not _access_dated(entry, n),
        layout_test=lambda n: True,
    )


def _volume_field(entry: _Entry, numbers: _Numbers, work: Work) -> FieldComparison:
    return _numeric_field(
        entry, numbers, "volume", work.volume,
        same=same_locator,
        kind=lambda n: not n.is_range and len(n.text) <= 6 and not n.is_year,
        layout_test=lambda n: n.labelled_volume or n.after.lstrip()[:1] in ("(", ":"),
    )


def _issue_field(entry: _Entry, numbers: _Numbers, work: Work) -> FieldComparison:
    return _numeric_field(
        entry, numbers, "issue", work.issue,
        same=same_locator,
        kind=lambda n: len(n.text) <= 7 and not n.is_year,
        layout_test=lambda n: n.in_brackets or n.labelled_issue,
    )


def _pages_field(entry: _Entry, numbers: _Numbers, work: Work) -> FieldComparison:
    record = work.pages or work.article_number
    values = [v for v in (work.pages, work.article_number) if v]
    return _numeric_field(
        entry, numbers, "pages", record,
        same=lambda cited, _: any(same_pages(cited, v) for v in values),
        kind=lambda n: n.is_range or n.labelled_page,
        layout_test=lambda n: n.is_range or n.labelled_page,
    )


# ------------------------------------------------------------------ authors


@dataclass
class _Authors:
    people: list[dict[str, str]]
    hits: dict[int, list[tuple[int, int, int, str | None]]]  # person index -> hits

    @property
    def comparable(self) -> bool:
        return bool(self.people) and comparable_name(self.people[0]["family"])

    def found(self, index: int) -> bool:
        return bool(self.hits.get(index))

    def any_found(self) -> bool:
        return any(self.hits.values())

    def spans(self) -> list[tuple[int, int]]:
        return [(left, right) for hits in self.hits.values() for _, left, right, _ in hits]


def _locate_authors(entry: _Entry, work: Work) -> _Authors:
    people = _people(work)
    hits: dict[int, list[tuple[int, int, int, str | None]]] = {}
    allowed = entry.free()
    for index, person in enumerate(people[:30]):
        if comparable_name(person["family"]) and len(family_key(person["family"])) >= 2:
            hits[index] = find_name(entry.folded, person["family"], allowed)
    return _Authors(people, hits)


def _first_cited_name(text: str) -> str:
    """The family name at the head of an author reading (`Smith J`, `Smith, J.`, `J. Smith`, `John A. Smith`)."""
    head = re.split(r",|;|\s&\s|\sand\s|\set\.?\sal", text, maxsplit=1)[0].strip()
    words = re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", head)
    # Initials ("J", "JK", "J.-P.") are not the family name.
    names = [w for w in words if len(w) >= 2 and not (w.isupper() and len(w) <= 3)]
    if not names:
        return " ".join(w for w in words if len(w) >= 2) or head
    # "Smith JK" has one name; "John A. Smith" ends with the family name.
    return names[-1]


def _author_field(entry: _Entry, authors: _Authors, title_span: tuple[int, int] | None) -> FieldComparison:
    if not authors.people:
        return _field("author", FieldState.NOT_COMPARED, note="the record has no authors")
    first = authors.people[0]
    record = first["family"]
    if not authors.comparable:
        return _field("author", FieldState.NOT_COMPARED, record=record, note="the record's name cannot be compared")
    hits = authors.hits.get(0) or []
    readings = [r for r in reading.readings(entry.reference, "author")
                if title_span is None or r.left < title_span[0]]
    if hits:
        _, left, right, note = hits[0]
        cited_first = readings[0] if readings else None
        if cited_first is not None and cited_first.sure and not _overlaps((left, right), (cited_first.left, cited_first.right)):
            # The entry's first author is another of the record's authors: the order changed.
            name = _first_cited_name(cited_first.text)
            position = _position(name, authors.people)
            if position and position > 1 and cited_first.left < left:
                return _field("author", FieldState.CONFLICTING, entry=entry, cited=name,
                              span=_name_span(cited_first, name), record=record,
                              note=f"{name} is author {position} of {len(authors.people)}")
        return _field("author", FieldState.FOUND, entry=entry, span=(left, right), record=record, note=note)
    if first["kind"] == "group":
        return _field("author", FieldState.NOT_COMPARED, record=record, note="a group author, written in many ways")
    if not readings and not reading.has_tagger(entry.reference):
        readings = _leading_names(entry, title_span)
    if not readings:
        return _field("author", FieldState.ABSENT, record=record)
    best = readings[0]
    name = _first_cited_name(best.text)
    if not name or (title_span and best.left >= title_span[0]):
        return _field("author", FieldState.NOT_COMPARED, record=record, note="the entry's first author could not be read")
    span = _name_span(best, name)
    if same_family_name(name, record) or _is_given_name(name, first):
        return _field("author", FieldState.FOUND, entry=entry, span=span, record=record, note="written differently")
    if not best.sure:
        return _field("author", FieldState.NOT_COMPARED, entry=entry, span=span, record=record,
                      note=f"read with low confidence ({best.source})")
    position = _position(name, authors.people)
    note = f"{name} is author {position} of {len(authors.people)}" if position else f"read by {best.source}"
    return _field("author", FieldState.CONFLICTING, entry=entry, span=span, record=record, note=note)


def _name_span(found: reading.Reading, name: str) -> tuple[int, int]:
    """Where the family name `name` stands inside a reading of the authors."""
    at = found.text.find(name)
    if at < 0:
        return found.left, found.right
    return found.left + at, found.left + at + len(name)


_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:[-'’][^\W\d_]+)*\.?|[a-z]{1,3})$")


def _leading_names(entry: _Entry, title_span: tuple[int, int] | None) -> list[reading.Reading]:
    """The names an entry opens with, before the title it was found to hold: its first author as written."""
    if title_span is None:
        return []
    start = max([right for left, right in entry.hidden if left == 0] + [0])
    head = entry.text[start:title_span[0]]
    chunk = re.split(r",|;|\(|\s&\s|\sand\s|\set\.?\s?al\b|:|\.\s(?=[A-Z][^\W\d_]{2})", head, maxsplit=1)[0]
    words = chunk.split()
    if not words or len(words) > 6 or not all(_NAME_WORD.match(w) for w in words):
        return []
    if not any(len(w.strip(".")) >= 2 and not w.isupper() for w in words) and not any(len(w) >= 4 for w in words):
        return []
    left = start + head.index(chunk.strip())
    right = left + len(chunk.strip().rstrip("."))
    return [reading.Reading(entry.text[left:right], left, right, 0.85, "layout")]


def _is_given_name(name: str, person: dict[str, str]) -> bool:
    """Given and family names swapped (`Wei Z` for Zhang Wei)."""
    given = fold(person.get("given") or "").split()
    return bool(given) and family_key(name) == given[0]


def _position(name: str, people: list[dict[str, str]]) -> int | None:
    for index, person in enumerate(people, start=1):
        if family_key(person["family"]) == family_key(name):
            return index
    return None


def _other_authors_field(authors: _Authors, entry: _Entry) -> FieldComparison:
    others = list(range(1, len(authors.people)))
    if not others:
        return _field("authors", FieldState.NOT_COMPARED, note="the record has one author")
    found = [i for i in others if authors.found(i)]
    record = ", ".join(p["family"] for p in authors.people[1:6]) + (", ..." if len(authors.people) > 6 else "")
    if found:
        spans = [authors.hits[i][0][1:3] for i in found]
        span = (min(s[0] for s in spans), max(s[1] for s in spans))
        return _field("authors", FieldState.FOUND, entry=entry, span=span, record=record,
                      note=f"{len(found)} of {len(others)} other authors found")
    return _field("authors", FieldState.ABSENT, record=record)


# ------------------------------------------------------------------ title, journal


def _title_field(entry: _Entry, work: Work, title, identity_without_title: bool) -> FieldComparison:
    record = full_title(work) or None
    if not record:
        return _field("title", FieldState.NOT_COMPARED, note="the record has no title")
    if title is not None and title.score >= FOUND:
        return _field("title", FieldState.FOUND, entry=entry, span=(title.left, title.right), record=record,
                      note=title.note)
    readings = reading.readings(entry.reference, "title")
    if not readings:
        return _field("title", FieldState.ABSENT, record=record)
    best = readings[0]
    similarity = title_similarity(best.text, work)
    if (
        identity_without_title
        and best.sure
        and content_words(best.text) >= 4
        and title is not None and title.score >= CLOSE - 10
        and OTHER_DIFFERENT <= similarity < 0.93
    ):
        return _field("title", FieldState.CONFLICTING, entry=entry, span=(best.left, best.right), record=record,
                      note=f"similarity {similarity:.2f}")
    return _field("title", FieldState.NOT_COMPARED, entry=entry, span=(best.left, best.right), record=record,
                  note="the entry's title differs, or was not read well enough to tell")


def _journal_field(entry: _Entry, work: Work, match, title_span, authors: _Authors) -> FieldComparison:
    record = work.journal or (work.short_journals[0] if work.short_journals else None)
    if not record:
        return _field("journal", FieldState.NOT_COMPARED, note="the record has none")
    if match is not None:
        return _field("journal", FieldState.FOUND, entry=entry, span=(match.left, match.right), record=record,
                      note=match.note)
    readings = reading.readings(entry.reference, "journal")
    if not readings:
        return _field("journal", FieldState.ABSENT, record=record)
    best = readings[0]
    span = (best.left, best.right)
    after_title = title_span is not None and best.left >= title_span[1]
    clear = (
        best.sure
        and after_title
        and (work.type in (None, "journal-article"))
        and content_words(best.text) >= 1
        and not any(_overlaps(span, s) for s in authors.spans())
        and not compatible(best.text, work)
    )
    if clear:
        return _field("journal", FieldState.CONFLICTING, entry=entry, span=span, record=record)
    return _field("journal", FieldState.NOT_COMPARED, entry=entry, span=span, record=record,
                  note="the entry's journal could not be read well enough to tell")


# ------------------------------------------------------------------ identity


def _identity(work: Work, title, authors: _Authors, fields: dict[str, FieldComparison], entry: _Entry) -> tuple[Identity, bool]:
    """(identity, whether the identity stands without the title)."""
    has_title = content_words(full_title(work)) >= 1
    if not has_title and not authors.people:
        return Identity.UNKNOWN, False
    title_found = title is not None and title.score >= FOUND
    title_close = title is not None and CLOSE <= title.score < FOUND
    first = authors.found(0)
    anyone = authors.any_found()
    numbers = sum(fields[f].state is FieldState.FOUND for f in ("year", "volume", "pages"))
    journal = fields["journal"].state is FieldState.FOUND
    without_title = (first and numbers >= 1) or (anyone and numbers >= 2) or numbers >= 3 or (numbers >= 2 and journal)
    if title_found and (title.words >= 4 or first or anyone or numbers >= 1):
        return Identity.SAME, without_title
    if title_close and (anyone or numbers >= 2):
        return Identity.SAME, without_title
    if without_title:
        return Identity.SAME, True
    # Another work: nothing of the record's is in an entry that says enough.
    says_enough = content_words(_blank(entry.text, entry.hidden)) >= 4
    title_absent = not has_title or title is None or title.score < OTHER_TITLE
    names_comparable = not authors.people or authors.comparable
    record_foldable = not has_title or fold(full_title(work)).isascii()
    if says_enough and title_absent and names_comparable and record_foldable:
        if not anyone and numbers <= 1:
            return Identity.OTHER, False
        cited_titles = [r for r in reading.readings(entry.reference, "title") if r.sure]
        if (
            anyone and numbers == 0 and has_title and cited_titles
            and content_words(cited_titles[0].text) >= 4
            and title_similarity(cited_titles[0].text, work) < OTHER_DIFFERENT
        ):
            return Identity.OTHER, False  # the same authors' other paper
    return Identity.UNKNOWN, False


# ------------------------------------------------------------------ compare


def compare(reference: Reference, work: Work) -> Comparison:
    """Align `work` with the raw text of `reference` (pure; never raises on odd input)."""
    text = reference.text or ""
    hidden = _hidden_spans(text)
    masked = _blank(text, hidden)
    entry = _Entry(reference, text, fold_text(masked), hidden)
    title = locate_title(entry.folded, work)
    title_span = (title.left, title.right) if title is not None and title.score >= FOUND else None
    if title_span:
        entry.taken.append(title_span)
    authors = _locate_authors(entry, work)
    entry.taken.extend(authors.spans())
    journal = locate_journal(entry.folded, work, entry.free())
    if journal is not None:
        entry.taken.append((journal.left, journal.right))
    numbers = _match_numbers(numbers_in(masked, hidden + entry.taken), work)
    fields = {
        "year": _year_field(entry, numbers, work),
        "volume": _volume_field(entry, numbers, work),
        "issue": _issue_field(entry, numbers, work),
        "pages": _pages_field(entry, numbers, work),
        "journal": _journal_field(entry, work, journal, title_span, authors),
        "author": _author_field(entry, authors, title_span),
        "authors": _other_authors_field(authors, entry),
    }
    identity, without_title = _identity(work, title, authors, fields, entry)
    fields["title"] = _title_field(entry, work, title, identity is Identity.SAME and without_title)
    if identity is not Identity.SAME:
        fields = {
            name: FieldComparison(c.field, FieldState.NOT_COMPARED, c.cited, c.record, c.span,
                                  "identity not confirmed")
            if c.state is FieldState.CONFLICTING else c
            for name, c in fields.items()
        }
    return Comparison(identity=identity, fields=tuple(fields[name] for name in FIELDS))
