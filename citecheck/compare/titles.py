"""Where a record's title stands in an entry, however the entry writes it.

The record's title is looked for in the folded entry (case, accents,
punctuation and markup gone, so headline case and `<i>` do not matter) with
rapidfuzz's best partial alignment, which forgives typos and small changes.
Titles are also tried without their subtitle (`Main: Sub` cited as `Main`,
or a record that keeps its subtitle apart) and cut short (`A long title…`).
A title of one or two words must be written exactly: too many entries hold
the word `Editorial`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from citecheck.compare.folded import Folded
from citecheck.model import Work
from citecheck.text.normalize import fold

FOUND = 90.0  # from here a title is the record's title (typos, punctuation)
CLOSE = 70.0  # from here to FOUND: a similar title (a misquote, or a near namesake)
SHORT_WORDS = 3  # titles with fewer words must match word for word


@dataclass(frozen=True)
class TitleMatch:
    """The best place of a record title in the entry: score 0..100 and the span of `Reference.text`."""

    score: float
    left: int
    right: int
    words: int  # words of the title variant that matched
    note: str | None = None


def full_title(work: Work) -> str:
    """The record's title with its subtitle, as a reference would print it."""
    if work.title and work.subtitle and fold(work.subtitle) not in fold(work.title):
        return f"{work.title}: {work.subtitle}"
    return work.title or ""


def main_part(title: str) -> str:
    """The title before its subtitle (`Main: Sub`, `Main - Sub`, `Main? Sub`, `Main. Sub`)."""
    for separator in (": ", " - ", " – ", " — ", "? ", ". "):
        head, found, _ = title.partition(separator)
        if found and len(head.split()) >= 3:
            return head
    return title


def _variants(work: Work) -> list[tuple[str, str | None]]:
    variants: list[tuple[str, str | None]] = []
    for text, note in (
        (full_title(work), None),
        (work.title or "", None),
        (main_part(full_title(work)), "title without its subtitle"),
    ):
        folded = fold(text)
        if folded and folded not in [v for v, _ in variants]:
            variants.append((folded, note))
    return variants


def _exact_words(entry: Folded, variant: str) -> tuple[int, int] | None:
    target = variant.split()
    words = entry.words
    for index in range(len(words) - len(target) + 1):
        if all(words[index + k].text == target[k] for k in range(len(target))):
            return words[index].left, words[index + len(target) - 1].right
    return None


def _align(entry: Folded, variant: str) -> tuple[float, int, int]:
    """Score and original span of the best alignment of `variant` in the entry."""
    alignment = fuzz.partial_ratio_alignment(variant, entry.folded)
    if alignment is None:
        return 0.0, 0, 0
    start, end = alignment.dest_start, alignment.dest_end
    if len(variant) > len(entry.folded):
        start, end = 0, len(entry.folded)
    # Widen to whole words: the alignment may start or stop inside one.
    while start > 0 and entry.folded[start - 1] != " ":
        start -= 1
    while end < len(entry.folded) and entry.folded[end] != " ":
        end += 1
    # The window has the title's length, so it may take in a word before or
    # after the title ("2018 differential ..."): drop edge words the title lacks.
    title_words = set(variant.split())
    window = [w for w in entry.words if w.start >= start and w.end <= end]
    while len(window) > 1 and window[0].text not in title_words and not _close_to_any(window[0].text, title_words):
        window.pop(0)
    while len(window) > 1 and window[-1].text not in title_words and not _close_to_any(window[-1].text, title_words):
        window.pop()
    if window:
        start, end = window[0].start, window[-1].end
    left, right = entry.span(start, end)
    return alignment.score, left, right


def _close_to_any(word: str, words: set[str]) -> bool:
    return len(word) >= 4 and any(fuzz.ratio(word, other) >= 80 for other in words)


def locate_title(entry: Folded, work: Work) -> TitleMatch | None:
    """Where the record's title is in the entry, or its best near miss; None when the record has no title."""
    variants = _variants(work)
    if not variants or not entry.folded:
        return None
    best: TitleMatch | None = None
    for variant, note in variants:
        words = len(variant.split())
        if words < SHORT_WORDS:
            span = _exact_words(entry, variant)
            match = TitleMatch(100.0 if span else 0.0, *(span or (0, 0)), words, note)
        else:
            score, left, right = _align(entry, variant)
            match = TitleMatch(score, left, right, words, note)
        if best is None or match.score > best.score + 0.5:
            best = match
    assert best is not None
    if best.score < FOUND:
        cut = _cut_short(entry, variants[0][0])
        if cut is not None and cut.score > best.score:
            best = cut
    return best


def _cut_short(entry: Folded, variant: str) -> TitleMatch | None:
    """The longest start of the title (at least half of it, four words or more) that the entry holds."""
    words = variant.split()
    shortest = max(4, (len(words) + 1) // 2)
    for count in range(len(words) - 1, shortest - 1, -1):
        prefix = " ".join(words[:count])
        score, left, right = _align(entry, prefix)
        if score >= 95:
            return TitleMatch(min(score, 99.0), left, right, count, "title cut short")
    return None


def title_similarity(cited: str, work: Work) -> float:
    """0..1 similarity of a title as cited with the record's (with or without subtitle)."""
    a = fold(cited.rstrip(".… "))
    best = 0.0
    for variant, _ in _variants(work):
        if not a or not variant:
            continue
        if a == variant:
            return 1.0
        best = max(best, fuzz.ratio(a, variant) / 100, fuzz.token_sort_ratio(a, variant) / 100 * 0.98)
    return best


def title_word_share(title: str, text: str) -> float:
    """Share of the title's longer words (four letters or more) that the text holds, allowing typos."""
    wanted = [w for w in fold(title).split() if len(w) >= 4 and not w.isdigit()]
    if not wanted:
        return 0.0
    have = set(fold(text).split())
    found = sum(1 for w in wanted if w in have or _close_to_any(w, have))
    return found / len(wanted)


def content_words(text: str) -> int:
    """How many words of three letters or more a text has (a title says something)."""
    return sum(1 for w in fold(text).split() if len(w) >= 3 and not w.isdigit())
