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

from rapidfuzz import fuzz

from citecheck.compare.authors import Authors, first_author_field, locate_authors, other_authors_field
from citecheck.compare.entry import Entry, blank, overlaps
from citecheck.compare.folded import fold_text
from citecheck.compare.journals import compatible, locate_journal
from citecheck.compare.locators import match_numbers, numeric_fields
from citecheck.compare.numbers import numbers_in
from citecheck.compare.titles import (
    CLOSE,
    FOUND,
    content_words,
    full_title,
    locate_title,
    title_similarity,
    title_word_share,
)
from citecheck.model import Comparison, FieldComparison, FieldState, Identity, Reference, Work
from citecheck.text.normalize import fold

FIELDS = ("title", "author", "authors", "year", "journal", "volume", "issue", "pages")
OTHER_TITLE = 65.0  # a record title scoring under this is not in the entry
OTHER_DIFFERENT = 0.5  # a cited title this unlike the record's names another paper
MISQUOTED_SHARE = 0.8  # a misquoted title: fewer of the record title's words than this anywhere in the entry


def _one_conflict_per_number(fields: dict[str, FieldComparison], numbers) -> None:
    """One number of the entry cannot be wrong twice. Read as the year and the volume of a journal
    that uses the year as volume, it is reported as the year (the two are the same value); read as
    two other fields, it stays with the field whose place it stands in, or with neither."""
    by_span: dict = {}
    for name in ("year", "volume", "issue", "pages"):
        compared = fields.get(name)
        if compared is not None and compared.state is FieldState.CONFLICTING:
            by_span.setdefault(compared.span, []).append(name)
    for span, names in by_span.items():
        if len(names) < 2:
            continue
        number = next((n for n in numbers.all if (n.left, n.right) == span), None)
        if "year" in names and "volume" in names and number is not None and numbers.plainly_volume(number):
            keep = "volume"  # "Journal. 2017:1–7": the number before the pages
        elif "year" in names:
            keep = "year"
        elif number is not None and "volume" in names and numbers.volume_place(number):
            keep = "volume"
        elif number is not None and "pages" in names and (number.is_range or number.labelled_page):
            keep = "pages"  # "6:250–9": a range is pages, never an issue
        elif number is not None and "issue" in names and (number.in_brackets or number.labelled_issue):
            keep = "issue"
        elif number is not None and {"issue", "pages"} <= set(names) and numbers.shaped_like(number) in names:
            keep = numbers.shaped_like(number)  # "158, 97": as many digits as the record's pages, not its issue
        else:
            keep = None
        for name in names:
            if name != keep:
                other = fields[name]
                fields[name] = FieldComparison(name, FieldState.NOT_COMPARED, other.cited, other.record, other.span,
                                               f"the same number is read as the {keep or 'another field'}")


def numbers_of(entry: Entry) -> list:
    return numbers_in(entry.masked, entry.hidden)


def _field(name: str, state: FieldState, *, entry: Entry | None = None, span: tuple[int, int] | None = None,
           record: str | None = None, note: str | None = None) -> FieldComparison:
    cited = entry.text[span[0]:span[1]] if span is not None and entry is not None else None
    return FieldComparison(name, state, cited=cited, record=record, span=span, note=note)


# ------------------------------------------------------------------ title, journal


def _inside(reading, spans) -> bool:
    """A reading that lies within a span found to be another field (`Front` of `Front. Plant Sci.` is no title)."""
    return any(left <= reading.left and reading.right <= right for left, right in spans if right > left)


def _title_field(entry: Entry, work: Work, title, identity_without_title: bool,
                 elsewhere: list[tuple[int, int]] = ()) -> FieldComparison:
    record = full_title(work) or None
    if not record:
        return _field("title", FieldState.NOT_COMPARED, note="the record has no title")
    if title is not None and title.score >= FOUND:
        return _field("title", FieldState.FOUND, entry=entry, span=(title.left, title.right), record=record,
                      note=title.note)
    readings = [r for r in entry.readings("title") if not _inside(r, elsewhere)]
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
        and _title_misquoted(entry, work, best)
    ):
        return _field("title", FieldState.CONFLICTING, entry=entry, span=(best.left, best.right), record=record,
                      note=f"similarity {similarity:.2f}")
    return _field("title", FieldState.NOT_COMPARED, entry=entry, span=(best.left, best.right), record=record,
                  note="the entry's title differs, or was not read well enough to tell")


def _title_misquoted(entry: Entry, work: Work, cited) -> bool:
    """The record's title is clearly not what the entry writes: the cited title is no piece of it (an
    entry cut in two, a title split by the reader), and several of its words are nowhere in the entry."""
    record = fold(full_title(work))
    written = fold(cited.text)
    if not written or fuzz.partial_ratio(written, record) >= 95 or fuzz.partial_ratio(record, written) >= 95:
        return False
    return title_word_share(full_title(work), entry.masked) < MISQUOTED_SHARE


def _journal_field(entry: Entry, work: Work, match, title_span, authors: Authors) -> FieldComparison:
    record = work.journal or (work.short_journals[0] if work.short_journals else None)
    if not record:
        return _field("journal", FieldState.NOT_COMPARED, note="the record has none")
    if match is not None:
        return _field("journal", FieldState.FOUND, entry=entry, span=(match.left, match.right), record=record,
                      note=match.note)
    readings = [r for r in entry.readings("journal") if not _inside(r, [title_span] if title_span else [])]
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
        and not any(overlaps(span, s) for s in authors.spans())
        and not compatible(best.text, work)
    )
    if clear:
        return _field("journal", FieldState.CONFLICTING, entry=entry, span=span, record=record)
    return _field("journal", FieldState.NOT_COMPARED, entry=entry, span=span, record=record,
                  note="the entry's journal could not be read well enough to tell")


# ------------------------------------------------------------------ identity


def _title_differs(entry: Entry, work: Work, journal_span) -> bool:
    """The entry surely states a title, and it is not the record's (nor the record's container)."""
    for found in entry.readings("title"):
        if not found.sure or content_words(found.text) < 4:
            continue
        if journal_span is not None and overlaps((found.left, found.right), journal_span):
            continue
        record = full_title(work)
        return title_word_share(record, found.text) < 0.4 and title_similarity(found.text, work) < OTHER_DIFFERENT
    return False


def _identity(work: Work, title, authors: Authors, fields: dict[str, FieldComparison], entry: Entry,
              journal_span) -> tuple[Identity, bool]:
    """(identity, whether the identity stands without the title).

    The same work: the record's title is in the entry (with, for a short
    title, an author or a number), or, without the title, its first author
    and a number, several of its authors, or its numbers and journal. Another
    work: an entry that says enough, holds no author and no title of the
    record, and either names another title or agrees on at most one of year,
    volume, pages and journal.
    """
    has_title = content_words(full_title(work)) >= 1
    if not has_title and not authors.people:
        return Identity.UNKNOWN, False
    title_found = title is not None and title.score >= FOUND
    title_close = title is not None and CLOSE <= title.score < FOUND
    first = authors.found(0)
    others = authors.others_found()
    # Distinct numbers: a year written once as the volume counts once.
    numbers = len({fields[f].span for f in ("year", "volume", "pages") if fields[f].state is FieldState.FOUND})
    journal = fields["journal"].state is FieldState.FOUND
    differs = _title_differs(entry, work, journal_span)
    without_title = (first and others >= 2) or others >= 3 or not differs and (
        (first and numbers >= 1) or (others >= 1 and numbers >= 2) or numbers >= 3 or (numbers >= 2 and journal)
    )
    if title_found and (title.words >= 4 or first or others or numbers >= 1):
        return Identity.SAME, without_title
    if title_close and (first or others >= 2 or numbers >= 2):
        return Identity.SAME, without_title
    if without_title:
        return Identity.SAME, True
    words = content_words(entry.masked)
    says_enough = words >= 4 or (words >= 2 and len(numbers_of(entry)) >= 2)
    title_absent = not has_title or title is None or title.score < OTHER_TITLE or (
        title.score < FOUND and title_word_share(full_title(work), entry.masked) < 0.4)
    names_comparable = not authors.people or authors.comparable
    record_foldable = not has_title or fold(full_title(work)).isascii()
    if says_enough and title_absent and names_comparable and record_foldable:
        agreeing = numbers + journal
        if not first and ((others == 0 and agreeing <= 1) or (others <= 1 and (differs or agreeing == 0))):
            return Identity.OTHER, False
        if differs and agreeing == 0 and others <= 1 and not (first and others >= 1):
            # Another title, no number or journal in common: a namesake ("Wang") is no tie.
            return Identity.OTHER, False
    return Identity.UNKNOWN, False


# ------------------------------------------------------------------ compare


def compare(reference: Reference, work: Work) -> Comparison:
    """Align `work` with the raw text of `reference` (pure; never raises on odd input)."""
    entry = Entry.of(reference)
    title = locate_title(entry.folded, work)
    if title is not None and any(left >= title.left for left, _ in entry.hidden):
        # A title that holds an identifier ("... ISBN 0904181723"): the whole title, read with it.
        whole = locate_title(fold_text(entry.text), work)
        if whole is not None and whole.note is None and whole.score >= FOUND and (
                title.note is not None or whole.right - whole.left > title.right - title.left + 3):
            title = whole
    title_span = (title.left, title.right) if title is not None and title.score >= FOUND else None
    if title_span:
        entry.taken.append(title_span)
    authors = locate_authors(entry, work)
    entry.taken.extend(authors.spans())
    journal = locate_journal(entry.folded, work, entry.free())
    journal_span = (journal.left, journal.right) if journal is not None else None
    if journal_span:
        entry.taken.append(journal_span)
    numbers = match_numbers(entry, numbers_in(entry.masked, entry.hidden + entry.taken), work, journal_span, title_span)
    fields = numeric_fields(entry, numbers, work)
    fields["journal"] = _journal_field(entry, work, journal, title_span, authors)
    boundary = title_span[0] if title_span else journal_span[0] if journal_span else None
    fields["author"] = first_author_field(entry, authors, boundary, title_span, journal_span)
    fields["authors"] = other_authors_field(entry, authors)
    identity, without_title = _identity(work, title, authors, fields, entry, journal_span)
    _one_conflict_per_number(fields, numbers)
    fields["title"] = _title_field(entry, work, title, identity is Identity.SAME and without_title,
                                   ([journal_span] if journal_span else []) + authors.spans())
    if identity is not Identity.SAME:
        fields = {
            name: FieldComparison(c.field, FieldState.NOT_COMPARED, c.cited, c.record, c.span, "identity not confirmed")
            if c.state is FieldState.CONFLICTING else c
            for name, c in fields.items()
        }
    return Comparison(identity=identity, fields=tuple(fields[name] for name in FIELDS))
