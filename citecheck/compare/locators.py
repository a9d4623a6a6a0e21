"""Year, volume, issue and pages: the record's numbers matched with the entry's.

Every number of the entry left after the identifiers, the title, the names
and the journal are set aside is matched with the record: page ranges first
(the most distinctive), then years (issued, print, online), the volume, the
issue, a first page or article number written alone. Each field claims one
number; every number equal to some record value is "explained".

A field whose record value claimed nothing is `conflicting` only when the
entry's own value for it can be pointed at: a tagger span or a parsed value
on one of the unexplained numbers, or the one unexplained number standing
where the field stands (a year-shaped number; the number right after the
journal or before `(issue)`; the number in brackets after the volume; a
page range, or the number after the volume and issue). Journals that use the
year as the volume (`J Healthc Eng 2021:1-9`) are read by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from citecheck.compare import cited as reading
from citecheck.compare.entry import Entry, Span, overlaps
from citecheck.compare.numbers import Number, page_span, roman_value, same_locator, same_pages, word_number
from citecheck.model import FieldComparison, FieldState, Reference, Work
from citecheck.text.lexicon import words as word_list
from citecheck.text.normalize import fold

LAYOUT_CONFIDENCE = 0.85
_DASH_CHARS = "-‐‑‒–—"  # the one unexplained number in the field's place
_BETWEEN_JOURNAL_AND_VOLUME = re.compile(r"^[\s,.;:]*(?:vol(?:ume)?\.?|bd\.?|v\.)?\s*$", re.IGNORECASE)


def record_years(work: Work) -> dict[int, str | None]:
    """Every year a citation of this record may legitimately give, with how it is known."""
    years: dict[int, str | None] = {}
    if work.year:
        years[work.year] = None
    for value, note in ((work.print_year, "print year"), (work.online_year, "online year")):
        if value and value not in years:
            years[value] = note
    raw = work.raw if isinstance(work.raw, Mapping) else {}
    for key in ("published", "published-other"):
        year = _raw_year(raw.get(key))
        if year and year not in years:
            years[year] = "publication year"
    return years


def _raw_year(date: Any) -> int | None:
    try:
        year = int(date["date-parts"][0][0])
    except (TypeError, KeyError, IndexError, ValueError):
        return None
    return year if 1000 <= year <= 2999 else None


def _bare_first(value: str) -> str | None:
    span = page_span(value)
    if span is None:
        return None
    return span[0].lstrip("abcdefghijklmnopqrstuvwxyz") or span[0]


@dataclass
class Numbers:
    """The entry's numbers, which of them record values explain, and the one each field claimed."""

    entry: Entry
    all: list[Number]
    journal: Span | None
    title: Span | None = None
    claimed: dict[str, Number] = field(default_factory=dict)
    explained: set[int] = field(default_factory=set)  # ids of explained numbers
    notes: dict[str, str | None] = field(default_factory=dict)
    pages_settled: bool = True  # the record's pages were found, or it has none
    issue_settled: bool = True  # likewise for the issue
    record_issue: str | None = None
    record_first_page: str | None = None
    undecided: set[str] = field(default_factory=set)  # fields whose number is one of two that cannot be told apart
    placed: dict[str, Number] = field(default_factory=dict)  # a field's number told by its place among two

    def unexplained(self) -> list[Number]:
        claimed = {id(n) for n in self.claimed.values()}
        return [n for n in self.all if id(n) not in self.explained and id(n) not in claimed]

    def after_journal(self, number: Number) -> bool:
        if self.journal is None or number.left < self.journal[1]:
            return False
        between = self.entry.text[self.journal[1]:number.left]
        if not number.is_year and between.rstrip().endswith("("):
            between = between.rstrip()[:-1]  # "Journal. (77)": a volume in brackets
        return bool(_BETWEEN_JOURNAL_AND_VOLUME.match(between))

    def next_number(self, number: Number) -> Number | None:
        later = [n for n in self.all if n.left >= number.right]
        return min(later, key=lambda n: n.left) if later else None

    def follows_a_number(self, number: Number) -> bool:
        """Right after another number, with only `,`, `/` or a space between (`8, 1`, `82/6`)."""
        earlier = [n for n in self.all if n.right <= number.left]
        if not earlier:
            return False
        previous = max(earlier, key=lambda n: n.right)
        return not self.entry.text[previous.right:number.left].strip(" ,/(")

    def volume_strength(self, number: Number) -> int:
        """How plainly a number stands where a volume does: 2 labelled or before `(issue)` or `:pages`,
        1 right after the journal."""
        if number.labelled_volume or re.match(r"\s?[(:]\s?[A-Za-z]{0,2}\d", number.after):
            return 2
        return 1 if self.after_journal(number) else 0

    def plainly_volume(self, number: Number) -> bool:
        """Labelled, before `(issue)` or `:pages`, or right before the pages found (`2020, 2021, 1–9`)."""
        if self.volume_strength(number) == 2:
            return True
        following = self.next_number(number)
        pages = self.claimed.get("pages")
        return pages is not None and following is pages and not self.entry.text[number.right:following.left].strip(" ,;")

    def year_place(self, number: Number) -> bool:
        """Where a year stands: in brackets, or before the title (author-date styles), or before
        the journal in an entry without a title."""
        before = self.title or self.journal
        return number.in_brackets or (before is not None and number.right <= before[0])

    def year_strength(self, number: Number) -> int:
        """How plainly a number stands where a year does: 2 before the title (author-date styles),
        1 in brackets, 0 elsewhere."""
        before = self.title or self.journal
        if before is not None and number.right <= before[0]:
            return 2
        return 1 if number.in_brackets else 0

    def before_journal(self, number: Number) -> bool:
        """`(2016) 29 Global Ecol Biogeogr 78`: the volume written just before the journal."""
        return self.journal is not None and number.right <= self.journal[0] and \
            not self.entry.text[number.right:self.journal[0]].strip()

    def after_year(self, number: Number) -> bool:
        """`2011;32`: the volume after the year and a semicolon (Vancouver)."""
        year = self.claimed.get("year")
        return year is not None and year.right <= number.left and \
            self.entry.text[year.right:number.left].strip() == ";"

    def volume_place(self, number: Number) -> bool:
        """Where a volume stands: labelled, right after (or before) the journal or after `year;`,
        or before its issue or pages."""
        if (number.labelled_issue or number.labelled_page) and not number.labelled_volume:
            return False  # "Heft 2, S. 500": the label says what it is
        if number.labelled_volume or self.after_journal(number) or self.before_journal(number) or self.after_year(number):
            return True
        after = number.after.lstrip()
        if after[:1] in ("(", ":") or re.match(r"[,.]?\s*(?:no|nos|nr|issue|iss|h)\b\.?", after, re.IGNORECASE):
            return True
        # "18, 47–51", "11 1052–1057", "5(6)": right before the issue or the pages found.
        following = self.next_number(number)
        anchors = [self.claimed.get("issue"), self.claimed.get("pages")]
        return following is not None and any(following is a for a in anchors if a is not None) and \
            _nothing_but_a_page_label(self.entry.text[number.right:following.left], " ,.:;")

    def issue_place(self, number: Number) -> bool:
        """Where an issue stands: in brackets, labelled, or right after the volume when the pages are elsewhere."""
        if number.in_brackets or number.labelled_issue:
            return True
        if self.after_slash(number):
            return True
        if number.is_range or not self.right_after_volume(number):
            return False
        # "13, 427": an issue or a page? When the pages are elsewhere, the issue;
        # otherwise whichever of the record's two it is shaped like.
        return self.pages_settled or self.shaped_like(number) == "issue"

    def right_after_volume(self, number: Number) -> bool:
        volume = self.claimed.get("volume")
        return volume is not None and self.next_number(volume) is number and \
            not self.entry.text[volume.right:number.left].strip(" ,./:" + _DASH_CHARS)

    def bracketed_after_volume(self, number: Number) -> bool:
        """`284(1862)`: in brackets right after the volume found."""
        volume = self.claimed.get("volume")
        return volume is not None and self.next_number(volume) is number and \
            self.entry.text[volume.right:number.left].strip() == "("

    def after_slash(self, number: Number) -> bool:
        """`156/10`, `82/6`: a volume and its issue; pages are never written so."""
        volume = self.claimed.get("volume")
        return volume is not None and self.next_number(volume) is number and \
            self.entry.text[volume.right:number.left].strip() == "/"

    def shaped_like(self, number: Number) -> str | None:
        """`issue` or `pages`: the record value whose number of digits the number shares, when only one does."""
        digits = len(_digit_run(number.first))
        issue = len(_digit_run(self.record_issue or ""))
        page = len(_digit_run(self.record_first_page or ""))
        if not issue or not page or issue == page:
            return None
        return "issue" if digits == issue else "pages" if digits == page else None

    def pages_place(self, number: Number) -> bool:
        """Where pages stand: a range, labelled, after `:`, or the number after the volume and issue."""
        if number.is_range or number.labelled_page:
            return True
        if _dated(self.entry, number) or number.in_brackets or number.labelled_issue or number.labelled_volume:
            return False
        if _after_colon(number) or _e_locator(number):
            return True
        anchors = [n for key, n in self.claimed.items() if key in ("volume", "issue")]
        if not anchors:
            return False
        if not self.issue_settled and self.right_after_volume(number) and self.shaped_like(number) != "pages":
            return False  # right after the volume: the issue as likely as a page
        last = max(anchors, key=lambda n: n.right)
        claimed = {id(n) for n in self.claimed.values()}
        following = [n for n in self.all if n.left >= last.right and id(n) not in claimed]
        return bool(following) and min(following, key=lambda n: n.left) is number


def _nothing_but_a_page_label(between: str, punctuation: str) -> bool:
    """Only punctuation between two numbers, or a page label (`13, S. e4890`, `2014, pp. 1–14`)."""
    words = fold(between).split()
    return not between.strip(punctuation) or (len(words) == 1 and words[0] in word_list("page-labels"))


def _after_colon(number: Number) -> bool:
    """`377:1893`: a page after the colon (not `2014: Title`, where nothing numeric follows the colon)."""
    return number.before.rstrip().endswith(":") and bool(re.search(r"\d\s?:\s?$", number.before))


def _e_locator(number: Number) -> bool:
    """An article number written with its letter (`e0214986`, `S25`)."""
    return number.first[:1].isalpha() and sum(c.isdigit() for c in number.first) >= 2


def _dated(entry: Entry, number: Number) -> bool:
    """A day of a date (`15 March`, `Mar 15`) is no page."""
    months = word_list("months")
    before = fold(entry.text[max(0, number.left - 12):number.left]).split()
    after = fold(entry.text[number.right:number.right + 12]).split()
    return bool(before and before[-1] in months) or bool(after and after[0] in months)


def match_numbers(entry: Entry, numbers: list[Number], work: Work, journal: Span | None,
                  title: Span | None = None) -> Numbers:
    """Claim, for each of the record's numeric fields, the entry's number that holds it."""
    romans = _roman_volume(entry, work, journal)
    numbers = _split_volume_issue(entry, numbers, work) + romans
    result = Numbers(entry, numbers, journal, title)
    years = record_years(work)
    pages = [v for v in (work.pages, work.article_number) if v]

    def claim(name: str, candidates: list[Number], note: str | None = None, shared: bool = False) -> Number | None:
        taken = {id(n) for key, n in result.claimed.items()}
        for number in candidates:
            if shared or id(number) not in taken:
                result.claimed[name] = number
                result.notes[name] = note
                return number
        return None

    def explain(test: Callable[[Number], bool]) -> list[Number]:
        hits = [n for n in numbers if test(n)]
        result.explained.update(id(n) for n in hits)
        return hits

    claim("pages", explain(lambda n: n.is_range and any(same_pages(n.text, p) for p in pages)))
    year_hits = explain(lambda n: n.is_year and int(n.first[:4]) in years)
    volume_hits = explain(lambda n: same_locator(n.text, work.volume or "")) if work.volume else []
    matching = [n for n in romans if n.first == str(int(work.volume) if (work.volume or "").isdigit()
                                                   else roman_value((work.volume or "").strip()))]
    volume_hits += [n for n in matching if n not in volume_hits]
    result.explained.update(id(n) for n in matching)
    issue_hits = explain(lambda n: same_locator(n.text, work.issue or "")) if work.issue else []
    for value, hits in ((work.volume, volume_hits), (work.issue, issue_hits), (work.pages, [])):
        phrase = _phrase_numbers(entry, numbers, value) if value else []
        result.explained.update(id(n) for n in phrase)
        if phrase and value == work.pages:
            claim("pages", phrase[:1])
        elif phrase and phrase[0] not in hits:
            hits.append(phrase[0])
    if issue_hits:
        claim("issue", sorted(issue_hits, key=lambda n: (not (n.in_brackets or n.labelled_issue), n.left)))
        # An issue equal to the volume ("5(5)") may have taken the volume's number: look again below.
    if "pages" not in result.claimed and pages:
        # A first page or article number written alone, unless it stands where a volume does.
        firsts = {_bare_first(p) for p in pages} - {None}
        singles = [n for n in numbers if not n.is_range and _bare_first(n.text) in firsts
                   and n not in volume_hits and n not in issue_hits]
        result.explained.update(id(n) for n in singles)
        claim("pages", sorted(singles, key=lambda n: (not n.labelled_page, n.left)))
    shared = [n for n in year_hits if n in volume_hits]
    if shared and work.volume:
        _claim_year_volume(result, claim, year_hits, volume_hits, years)
    else:
        if year_hits:
            ordered = sorted(year_hits, key=lambda n: (not n.in_brackets, n.left))
            number = claim("year", ordered)
            if number is not None:
                result.notes["year"] = years[int(number.first[:4])]
        if volume_hits:
            claim("volume", sorted(volume_hits, key=lambda n: (not result.volume_place(n), n.left)))
    if "issue" in result.claimed and "volume" not in result.claimed and volume_hits:
        # "5(5)": the issue took the first 5; give the volume its own. A 5 written
        # once goes to the field whose place it stands in ("8, 5": the issue).
        issue = result.claimed["issue"]
        labelled = issue.in_brackets or issue.labelled_issue
        if len(volume_hits) > 1 or not (labelled or result.follows_a_number(issue)) or (
                not labelled and result.volume_strength(issue) == 2):  # "1996, 2(4)": the 2 before `(` is the volume
            del result.claimed["issue"]
            claim("volume", sorted(volume_hits, key=lambda n: (not result.volume_place(n), n.left)))
            claim("issue", sorted(issue_hits, key=lambda n: (n is not issue, n.left)))
    if "pages" not in result.claimed and pages:
        firsts = {_bare_first(p) for p in pages} - {None}
        singles = explain(lambda n: not n.is_range and _bare_first(n.text) in firsts)
        claim("pages", sorted(singles, key=lambda n: (not n.labelled_page, n.left)))
    if "pages" not in result.claimed:
        # The record's pages written as they are, with any dash ("III–318"): the numbers in them are the pages.
        for value in pages:
            inside = _written_numbers(entry, numbers, value)
            if inside:
                result.explained.update(id(n) for n in inside)
                claim("pages", inside[:1])
                break
    for value in pages:  # a range's last page written alone
        span = page_span(value)
        if span and span[1]:
            explain(lambda n, last=span[1]: not n.is_range and n.first.lower() == last and not (
                "volume" not in result.claimed and result.volume_place(n)))
    # Two record values printed without a space between them ("20131-10": volume 2013, pages 1-10).
    heads, tails = _glue_parts(work, years)
    if "volume" in result.claimed:  # the volume written apart is not also glued to a page ("1: 152–166")
        heads = heads - {_digit_run(work.volume or "")} | {str(y) for y in years}
    explain(lambda n: not n.is_year and any(_digit_run(n.first) == a + b for a in heads for b in tails))
    # A year glued to the first page ("201950": 2019, page 50), whichever year the entry gives.
    # The year near the record's: "16701" is an article number, not 1670 glued to issue 1.
    near = {str(y + d) for y in years for d in range(-GLUED_YEAR_DISTANCE, GLUED_YEAR_DISTANCE + 1)}
    explain(lambda n: not n.is_year and any(
        _digit_run(n.first).endswith(b) and _digit_run(n.first)[:-len(b)] in near for b in tails))
    parts = heads | tails
    if "volume" in result.claimed or "issue" in result.claimed:
        # The volume and issue are written apart: "1: 152–166" is no volume 1 glued to pages 52-66.
        parts = parts - {_digit_run(work.volume or ""), _digit_run(work.issue or "")} | {str(y) for y in years}
    for value in pages:  # ... or a volume glued to the front of the page range ("20151-10" for 1-10)
        span = page_span(value)
        if span and span[1]:
            first, last = _digit_run(span[0]), _digit_run(span[1])
            volume_seen = "volume" in result.claimed or not work.volume
            explain(lambda n, first=first, last=last: n.is_range and _digit_run(n.first).endswith(first)
                    and len(_digit_run(n.first)) > len(first)
                    and (not volume_seen or _glued_prefix(_digit_run(n.first)[:-len(first)], parts))
                    and last.endswith(_digit_run(n.last or "")))
    result.pages_settled = "pages" in result.claimed or not pages
    result.issue_settled = "issue" in result.claimed or not work.issue
    result.record_issue = work.issue
    result.record_first_page = _bare_first(pages[0]) if pages else None
    return result


GLUED_YEAR_DISTANCE = 10  # a year glued to a page is at most this far from the record's


def _glued_prefix(prefix: str, parts: set[str]) -> bool:
    """A number glued before a page: a record value, or a year."""
    return prefix in parts or (len(prefix) == 4 and 1500 <= int(prefix) <= 2100)


def _digit_run(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _glue_parts(work: Work, years: Mapping[int, str | None]) -> tuple[set[str], set[str]]:
    """What a style may glue together: (volume or year, issue or first page), as digits."""
    heads = {str(y) for y in years} | {_digit_run(work.volume or "")}
    tails = {_digit_run(work.issue or ""), _digit_run(work.article_number or "")}
    span = page_span(work.pages) if work.pages else None
    if span:
        tails.add(_digit_run(span[0]))
    return heads - {""}, tails - {""}


def _split_volume_issue(entry: Entry, numbers: list[Number], work: Work) -> list[Number]:
    """`9-12` read as a page range that is a volume and its issue (`PLOS ONE, 9‑12, p. e0186494`):
    two numbers, when its second part is the record's issue and its first is not the record's first page."""
    if not work.issue or not work.issue.isdigit():
        return numbers
    pages = [v for v in (work.pages, work.article_number) if v]
    firsts = {_bare_first(p) for p in pages} - {None}
    pages_elsewhere = any(
        (n.is_range and any(same_pages(n.text, p) for p in pages)) or (n.labelled_page and _bare_first(n.text) in firsts)
        for n in numbers
    )
    out = []
    for number in numbers:
        volume_first = bool(work.volume) and _digit_run(number.first) == _digit_run(work.volume or "") and pages_elsewhere
        if number.is_range and (_digit_run(number.last or "") == work.issue or volume_first) and not any(
            same_pages(number.text, p) for p in pages
        ) and _bare_first(number.first) not in {_bare_first(p) for p in pages}:
            dash = number.left + len(number.first)
            end = number.right - len(number.last or "")
            out.append(word_number(entry.text, entry.masked, number.left, dash, int(_digit_run(number.first) or 0)))
            out.append(word_number(entry.text, entry.masked, end, number.right, int(number.last or 0)))
        else:
            out.append(number)
    return out


def _written_numbers(entry: Entry, numbers: list[Number], value: str) -> list[Number]:
    """The numbers inside the one place `value` (a page range) is written as it is, any dash between its parts."""
    parts = [re.escape(p) for p in re.split(rf"\s*[{_DASH_CHARS}]+\s*", value.strip()) if p]
    if len(parts) < 2:
        return []
    pattern = re.compile(r"(?<![\w])" + rf"\s?[{_DASH_CHARS}]{{1,2}}\s?".join(parts) + r"(?![\w])", re.IGNORECASE)
    places = [m.span() for m in pattern.finditer(entry.masked)]
    if len(places) != 1:
        return []
    left, right = places[0]
    return sorted((n for n in numbers if left <= n.left and n.right <= right), key=lambda n: n.left)


def _phrase_numbers(entry: Entry, numbers: list[Number], value: str) -> list[Number]:
    """The numbers of `value` written as it is, when it is more than one number (`1 Microbial Pat`,
    `1/2`, `2165-a-2166`): the first stands for the field, the others are explained."""
    target = fold(value)
    if " " not in target or not target[:1].isdigit():
        return []
    text = entry.folded.folded
    at = f" {text} ".find(f" {target} ")
    if at < 0:
        return []
    left, right = entry.folded.span(at, at + len(target))
    inside = [n for n in numbers if left <= n.left and n.right <= right]
    return sorted(inside, key=lambda n: n.left)


def _roman_volume(entry: Entry, work: Work, journal: Span | None) -> list[Number]:
    """A volume written in Roman numerals (`ccxxxviii`, `tome MMX`), read as its number: the record's
    volume anywhere, any other numeral only where a volume stands (after the journal, or labelled)."""
    if not work.volume:
        return []
    wanted = int(work.volume) if work.volume.isdigit() else roman_value(work.volume.strip())
    if not wanted or wanted < 2:
        return []
    found = []
    for word in entry.folded.words:
        written = entry.text[word.left:word.right]
        if not (written.isupper() or written.islower()):
            continue  # "Li" is a name; numerals are written in one case
        if len(word.text) < 2 and not re.match(r"[/.]\d", entry.text[word.right:word.right + 2]):
            continue  # one letter is a numeral only in "x/7", "x.7"
        value = roman_value(word.text)
        if value is None or any(a <= word.left < b for a, b in entry.hidden + entry.taken):
            continue
        number = word_number(entry.text, entry.masked, word.left, word.right, value)
        after_journal = journal is not None and 0 <= word.left - journal[1] <= 3
        if value == wanted or after_journal or number.labelled_volume:
            found.append(number)
    return found


def _claim_year_volume(result: Numbers, claim, year_hits: list[Number], volume_hits: list[Number], years) -> None:
    """A journal whose volume is the year (`J Eng 2020;2020:1-7`): which number is which, by place.

    With the value written twice, the better placed is the volume. Written
    once beside another year-shaped number, the two are told apart by how
    much each looks like a volume (labelled, before `(` or `:`, or right
    after the journal); when neither does more, neither is read.
    """
    def note(number: Number) -> str | None:
        return years[int(number.first[:4])]

    ordered = sorted(volume_hits, key=lambda n: (-result.volume_strength(n), n.left))
    strangers = [n for n in result.unexplained() if n.is_year]
    others = {n.first for n in strangers}
    heads = [n for n in ordered if result.year_strength(n) == 2]
    if len(ordered) >= 2 and heads and len(others) == 1 and all(result.year_strength(n) < 2 for n in strangers):
        # "Smith (2014): Title. Journal, 2014, 2017": the year before the title, written again later; the
        # other year-shaped number is the volume.
        claim("year", heads[:1], note(heads[0]))
        result.explained.update(id(n) for n in ordered)
        result.placed["volume"] = min(strangers, key=lambda n: n.left)
        return
    if len(ordered) >= 2:
        if any(result.plainly_volume(n) for n in strangers) and not any(result.plainly_volume(n) for n in ordered):
            # "2017 ... Vol. 2015 (2017)": the labelled number is the volume, and it is another.
            year = claim("year", sorted(ordered, key=lambda n: (not result.year_place(n), n.left)))
            if year is not None:
                result.notes["year"] = note(year)
            return
        # Of two copies, the one before the title is the year ("Chen 2024, Title, Journal, 2024, 90").
        volume = claim("volume", sorted(ordered, key=lambda n: (-result.volume_strength(n), result.year_strength(n) == 2,
                                                                n.left)))
        rest = [n for n in year_hits if n is not volume]
        year = claim("year", sorted(rest, key=lambda n: (not n.in_brackets, n.left)))
        if year is not None:
            result.notes["year"] = note(year)
        return
    (single,) = ordered
    if not strangers:
        claim("volume", [single])
        claim("year", [single], note(single), shared=True)  # the year written once, as the volume
        return
    stranger = strangers[0] if len({n.first for n in strangers}) == 1 else None  # "2015 (2018). 2018": one other year
    single_year, single_volume = result.year_place(single), result.plainly_volume(single)
    if stranger is not None and stranger.labelled_volume != single.labelled_volume:
        # "C. 2024, 2021": a label says which is the volume.
        if stranger.labelled_volume:
            claim("year", [single], note(single))
        else:
            claim("volume", [single])
        return
    if stranger is not None and {result.year_strength(single), result.year_strength(stranger)} == {1, 2}:
        # "2016. Title. Journal, (2017), 1-3": the year before the title is the year, the one in brackets the volume.
        if result.year_strength(stranger) == 2:
            claim("volume", [single])
            result.placed["year"] = stranger
        else:
            claim("year", [single], note(single))
            result.placed["volume"] = stranger
        return
    if stranger is not None:
        stranger_year, stranger_volume = result.year_place(stranger), result.plainly_volume(stranger)
        if (single_year or stranger_volume) and not (stranger_year or single_volume):
            claim("year", [single], note(single))  # the stranger is where the volume stands
            return
        if (stranger_year or single_volume) and not (single_year or stranger_volume):
            claim("volume", [single])  # the stranger is where the year stands
            return
    result.explained.update(id(n) for n in strangers)  # which is which cannot be told
    result.explained.add(id(single))
    result.undecided.update({"year", "volume"})


# ------------------------------------------------------------------ the entry's own value


def _tagged_as(reference: Reference, number: Number, label: str) -> float | None:
    """With a tagger: its confidence that `number` is this field (None when it says it is not, or nothing)."""
    best = None
    for span in reference.spans:
        if overlaps((span.start, span.end), (number.left, number.right)):
            if span.label == label:
                best = max(best or 0.0, span.confidence)
            elif span.confidence >= reading.MIN_CONFIDENCE:
                return None
    return best


def _cited_number(entry: Entry, label: str, candidates: list[Number], layout: list[Number]) -> tuple[Number, float, str] | None:
    """The entry's own value of a numeric field among `candidates`: (number, confidence, source)."""
    reference = entry.reference
    if reading.has_tagger(reference):
        scored = [(n, _tagged_as(reference, n, label)) for n in candidates]
        scored = [(n, c) for n, c in scored if c is not None]
        if scored:
            number, confidence = max(scored, key=lambda pair: pair[1])
            return number, confidence, "tagger"
    distinct = {n.text for n in layout}
    unique = len(layout) == 1 or (label == "year" and len(distinct) == 1)
    if not reading.has_tagger(reference):
        for found in entry.readings(label):
            for number in candidates:
                if overlaps((found.left, found.right), (number.left, number.right)):
                    if found.sure or not unique:
                        return number, found.confidence, "parser"
    if unique:
        # The one number of the field's shape in the field's place (a year
        # written twice the same way is still one year).
        number = layout[0]
        if reading.has_tagger(reference) and _tagged_as(reference, number, label) is None and any(
            overlaps((s.start, s.end), (number.left, number.right)) for s in reference.spans
        ):
            return None  # the tagger reads it as another field
        return number, LAYOUT_CONFIDENCE, "layout"
    return None


def _access_dated(entry: Entry, number: Number) -> bool:
    before = " ".join(fold(entry.text[max(0, number.left - 40):number.left]).split()[-5:])
    return any(word in before.split() or (" " in word and word in before) for word in word_list("access-words"))


def _field(entry: Entry, name: str, state: FieldState, *, span: Span | None = None, record: str | None = None,
           note: str | None = None) -> FieldComparison:
    cited = entry.text[span[0]:span[1]] if span is not None else None
    return FieldComparison(name, state, cited=cited, record=record, span=span, note=note)


def _numeric_field(entry: Entry, numbers: Numbers, name: str, record: str | None,
                   same: Callable[[str], bool], kind: Callable[[Number], bool],
                   place: Callable[[Number], bool]) -> FieldComparison:
    if not record:
        return _field(entry, name, FieldState.NOT_COMPARED, note="the record has none")
    claimed = numbers.claimed.get(name)
    if claimed is not None:
        return _field(entry, name, FieldState.FOUND, span=(claimed.left, claimed.right), record=record,
                      note=numbers.notes.get(name))
    if name in numbers.undecided:
        return _field(entry, name, FieldState.NOT_COMPARED, record=record,
                      note="two years are written where the year and the volume stand; which is which cannot be told")
    candidates = [n for n in numbers.unexplained() if kind(n)]
    layout = [n for n in candidates if place(n)]
    if numbers.placed.get(name) in candidates:
        layout = [numbers.placed[name]]
    found = _cited_number(entry, name, candidates, layout)
    if found is None:
        if candidates:
            return _field(entry, name, FieldState.NOT_COMPARED, record=record, note="the entry's value could not be read")
        return _field(entry, name, FieldState.ABSENT, record=record)
    number, confidence, source = found
    span = (number.left, number.right)
    if same(number.text):
        return _field(entry, name, FieldState.FOUND, span=span, record=record)
    if confidence < reading.MIN_CONFIDENCE:
        return _field(entry, name, FieldState.NOT_COMPARED, span=span, record=record,
                      note=f"read with low confidence ({source})")
    return _field(entry, name, FieldState.CONFLICTING, span=span, record=record, note=f"read by {source}")


BACK_ISSUE_YEARS = 5  # a cited year this much older than a record's only (online) year may be the print year


def _back_issue(work: Work, cited: str) -> bool:
    """A record of a back issue put online later (issued = online year, no print date), cited by its print year."""
    if work.print_year or not work.online_year or work.year != work.online_year or not cited[:4].isdigit():
        return False
    return int(cited[:4]) <= work.online_year - BACK_ISSUE_YEARS


def numeric_fields(entry: Entry, numbers: Numbers, work: Work) -> dict[str, FieldComparison]:
    """The year, volume, issue and pages of the entry compared with the record's."""
    years = record_years(work)
    year_record = str(work.year) if work.year else (str(min(years)) if years else None)
    volume_is_year = bool(work.volume and work.volume.isdigit() and int(work.volume) in years)
    page_values = [v for v in (work.pages, work.article_number) if v]
    issue_like_year = bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", (work.issue or "").strip()))
    first_page = _bare_first(page_values[0]) if page_values else None
    page_like_year = bool(first_page and re.fullmatch(r"1[5-9]\d\d|20\d\d", first_page))
    fields = {
        "year": _numeric_field(
            entry, numbers, "year", year_record,
            same=lambda cited: cited[:4].isdigit() and int(cited[:4]) in years,
            kind=lambda n: n.is_year and not _access_dated(entry, n) and not _after_colon(n),
            place=lambda n: True,
        ),
        "volume": _numeric_field(
            entry, numbers, "volume", work.volume,
            same=lambda cited: same_locator(cited, work.volume or ""),
            # A journal that uses the year as volume has year-shaped volumes only ("$122" is no volume).
            kind=lambda n: not n.is_range and len(n.first) <= 6 and (n.is_year if volume_is_year else not n.is_year),
            place=numbers.volume_place,
        ),
        "issue": _numeric_field(
            entry, numbers, "issue", work.issue,
            same=lambda cited: same_locator(cited, work.issue or ""),
            # An issue numbered like a year ("284(1862)") only in brackets right after the volume, the year found elsewhere.
            kind=lambda n: len(n.text) <= 7 and (not n.is_year or (
                issue_like_year and "year" in numbers.claimed and n.in_brackets and numbers.bracketed_after_volume(n))),
            place=numbers.issue_place,
        ),
        "pages": _numeric_field(
            entry, numbers, "pages", work.pages or work.article_number,
            same=lambda cited: any(same_pages(cited, v) for v in page_values),
            # A page numbered like a year: labelled, after a colon, or where pages stand once the year is found.
            kind=lambda n: (not n.is_year or _after_colon(n) or n.labelled_page or (
                page_like_year and "year" in numbers.claimed)) and (n.is_range or numbers.pages_place(n)),
            place=numbers.pages_place,
        ),
    }
    year = fields["year"]
    if year.state is FieldState.CONFLICTING and _back_issue(work, year.cited or ""):
        fields["year"] = FieldComparison("year", FieldState.NOT_COMPARED, year.cited, year.record, year.span,
                                         "the record gives only the year the issue went online")
    return fields
