"""How a cited value is compared with the registered one, field by field.

Citations are written by people: page ranges get shortened (`695-10`), journal
names abbreviated (`Front Endocrinol (Lausanne)`), names lose their accents.
These comparisons accept every form that means the same thing, so that a
finding is only raised for a real difference.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from citecheck.model import Reference, Work
from citecheck.text.names import family_key, same_family_name
from citecheck.text.normalize import fold

_JOURNAL_STOPWORDS = {"of", "the", "and", "in", "for", "on", "a", "an", "de", "la", "und", "fur"}


# ------------------------------------------------------------------------ names


def author_position(cited: str, authors: tuple[str, ...]) -> int | None:
    """1-based position of a cited family name among the registered authors."""
    for index, name in enumerate(authors, start=1):
        if same_family_name(cited, name):
            return index
    return None


# ----------------------------------------------------------------------- titles


def title_key(title: str) -> str:
    return " ".join(fold(title).split())


def full_title(work: Work) -> str:
    if work.title and work.subtitle and fold(work.subtitle) not in fold(work.title):
        return f"{work.title}: {work.subtitle}"
    return work.title or ""


def title_similarity(cited: str, work: Work) -> float:
    """0..1 similarity of a cited title with the registered title (with or without subtitle)."""
    a = title_key(cited.rstrip(".… "))
    best = 0.0
    for candidate in {work.title or "", full_title(work)}:
        b = title_key(candidate)
        if not a or not b:
            continue
        if a == b:
            return 1.0
        score = fuzz.ratio(a, b) / 100
        # A cited title that stops early ("Title…" or the title without its
        # subtitle) is the same title, not a different one.
        if len(a) >= 20 and b.startswith(a):
            score = max(score, 0.97)
        if len(b) >= 20 and a.startswith(b):
            score = max(score, 0.97)
        best = max(best, score, fuzz.token_sort_ratio(a, b) / 100 * 0.98)
    return best


# -------------------------------------------------------------------- locators


def _digits(value: str) -> str:
    return "".join(re.findall(r"[0-9a-z]+", fold(value)))


_SUPPLEMENT = re.compile(r"\bsup(?:p|pl|plement)?\b\.?", re.IGNORECASE)


def same_locator(cited: str, registered: str) -> bool:
    """Volume or issue: `1/2` = `1-2` = `1 2`; `Suppl 3` = `Supplement_3`; case and spaces ignored."""

    def key(value: str) -> str:
        return _digits(_SUPPLEMENT.sub("suppl", value.replace("_", " ")))

    return key(cited) == key(registered)


_RANGE = re.compile(r"^\s*([A-Za-z]{0,3})(\d{1,9})([A-Za-z]{0,3})\s*(?:[-‐‑‒–—―~]{1,2}\s*([A-Za-z]{0,3})(\d{1,9})([A-Za-z]{0,3}))?\s*$")


def _page_span(value: str) -> tuple[str, str | None] | None:
    """(first, last) page as strings with the last page expanded (`695-10` -> 710)."""
    value = value.replace("pp.", "").replace("p.", "").strip()
    match = _RANGE.match(value)
    if not match:
        return None
    prefix, first, suffix, last_prefix, last, last_suffix = match.groups()
    start = f"{prefix.lower()}{first}{suffix.lower()}"
    if last is None:
        return start, None
    if len(last) < len(first):
        head = first[: len(first) - len(last)]
        expanded = head + last
        # "695-10" is 695-710: when the shortened end would fall before the
        # start, the dropped leading digits were one higher.
        if int(expanded) < int(first):
            expanded = str(int(head) + 1) + last
        last = expanded
    return start, f"{(last_prefix or prefix).lower()}{last}{(last_suffix or suffix).lower()}"


def same_pages(cited: str, work: Work) -> bool:
    """Pages or article number: `695-710` = `695–710` = `695-10`; `e42496` = `42496`."""
    registered = [v for v in (work.pages, work.article_number) if v]
    if not registered:
        return True
    cited_span = _page_span(cited)
    for value in registered:
        if fold(cited).replace(" ", "") == fold(value).replace(" ", ""):
            return True
        span = _page_span(value)
        if cited_span is None or span is None:
            continue
        if cited_span == span:
            return True
        first_cited, last_cited = cited_span
        first_reg, last_reg = span
        same_first = first_cited.lstrip("e") == first_reg.lstrip("e")
        # Citing only the first page of a range, or a single-page article
        # number with a prefix, is the same locator.
        if same_first and (last_cited is None or last_reg is None or last_cited.lstrip("e") == last_reg.lstrip("e")):
            return True
    return False


def registered_pages(work: Work) -> str | None:
    return work.pages or work.article_number


# ---------------------------------------------------------------------- journals


def _journal_tokens(name: str) -> list[str]:
    name = re.sub(r"\([^()]{0,60}\)", " ", name)  # "(Lausanne)", "(Basel)"
    return [t for t in fold(name.replace("&", " and ")).split() if t not in _JOURNAL_STOPWORDS]


def _abbreviates(short: str, full: str) -> bool:
    """True when `short` is an abbreviation of `full` (ISO 4 style: same first
    letter, the rest a subsequence, e.g. `natl` of `national`)."""
    if short == full:
        return True
    if not short or not full or short[0] != full[0] or len(short) > len(full):
        return False
    position = 0
    for char in short:
        position = full.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _journal_matches(cited: str, registered: str) -> bool:
    a, b = _journal_tokens(cited), _journal_tokens(registered)
    if not a or not b:
        return True
    if a == b:
        return True
    if len(a) == len(b) and all(_abbreviates(x, y) for x, y in zip(a, b)):
        return True
    # An acronym ("PLoS ONE" forms aside): "JAMA", "BMJ", "PNAS".
    if len(a) == 1 and len(a[0]) >= 2 and a[0] == "".join(t[0] for t in _journal_tokens(registered)):
        return True
    # Tolerate a dropped word in either ("J Clin Endocrinol Metab" vs a
    # registered name with an extra qualifier) only when the rest matches in order.
    if abs(len(a) - len(b)) == 1:
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        for skip in range(len(longer)):
            rest = longer[:skip] + longer[skip + 1 :]
            if all(_abbreviates(x, y) or _abbreviates(y, x) for x, y in zip(shorter, rest)):
                return True
    return fuzz.ratio(" ".join(a), " ".join(b)) >= 92


def same_journal(cited: str, work: Work) -> bool:
    names = [n for n in (work.journal, *work.short_journals) if n]
    if not names:
        return True
    return any(_journal_matches(cited, name) for name in names)


# ------------------------------------------------------------------------ works


def looks_like_title(title: str | None) -> bool:
    """At least two words of letters: a URL fragment or a number is not a title to compare."""
    return bool(title) and len(re.findall(r"[^\W\d_]{2,}", title or "")) >= 2


def is_other_work(reference: Reference, work: Work) -> bool:
    """The DOI leads to a different paper, not a mis-cited one.

    A title that clearly differs, with a first author that differs too, is
    another work. So is a title that only resembles the registered one (two
    papers on the same topic) when most of the other fields disagree as well:
    author, year, journal, volume, pages. With no cited title, the author must
    disagree and so must the year or the journal, so that one misspelt field
    never reads as a different work.
    """
    author_differs = (
        reference.first_author is not None
        and bool(work.authors)
        and author_position(reference.first_author, work.authors) is None
    )
    year_differs = reference.year is not None and bool(work.years) and all(abs(reference.year - y) > 1 for y in work.years)
    journal_differs = bool(reference.journal) and not same_journal(reference.journal or "", work)
    if looks_like_title(reference.title) and work.title:
        similarity = title_similarity(reference.title or "", work)
        if similarity < 0.6 and (author_differs or not work.authors or not reference.authors):
            return True
        if similarity >= 0.85:
            return False
        volume_differs = bool(reference.volume and work.volume) and not same_locator(reference.volume or "", work.volume or "")
        pages_differ = bool(reference.pages) and not same_pages(reference.pages or "", work)
        return sum((author_differs, year_differs, journal_differs, volume_differs, pages_differ)) >= 3
    if not author_differs:
        return False
    return year_differs or journal_differs
