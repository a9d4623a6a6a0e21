"""Where a record's journal stands in an entry: full title, short title, or an abbreviation of it.

A journal is cited by its full title, by Crossref's `short-container-title`,
by its ISO 4 abbreviation (computed with pyiso4 from the List of Title Word
Abbreviations), or by an abbreviation of the same kind that the list does not
give (`IEEE Trans. Inform. Theory`): each cited word the start of, or the
same first letter and then some letters of, the title's word in the same
place, with words such as `of` and `the` free to come or go. An acronym of
the title's first words (`JAMA`, `PNAS`) counts too.

`compatible` is looser and only ever stops a finding: a cited name whose words
each abbreviate some word of the record's title, in order, may be a
standard abbreviation that drops words (`Proc Biol Sci`), and is never
reported as another journal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from citecheck.compare.folded import Folded
from citecheck.model import Work
from citecheck.text.lexicon import words as word_list
from citecheck.text.normalize import fold

_BRACKETED = re.compile(r"\([^()]{0,60}\)|\[[^\[\]]{0,60}\]")


@dataclass(frozen=True)
class JournalMatch:
    left: int
    right: int
    note: str | None


@lru_cache(maxsize=1)
def _abbreviator():
    from pyiso4.ltwa import Abbreviate

    return Abbreviate.create()


@lru_cache(maxsize=4096)
def iso4(title: str) -> str | None:
    """The ISO 4 abbreviation of a journal title (pyiso4), or None when it cannot be made."""
    try:
        abbreviation = _abbreviator()(title, remove_part=True)
    except Exception:  # noqa: BLE001 - an odd title costs one form of the name, never the comparison
        return None
    return abbreviation or None


def record_names(work: Work) -> list[tuple[str, str | None]]:
    """The forms the record's journal may be cited in, each with a note."""
    names: list[tuple[str, str | None]] = []

    def add(name: str | None, note: str | None) -> None:
        if name and fold(name) and fold(name) not in [fold(n) for n, _ in names]:
            names.append((name, note))

    add(work.journal, None)
    for short in work.short_journals:
        add(short, "short title")
    if work.journal:
        add(_BRACKETED.sub(" ", work.journal), None)
        head = work.journal.split(": ", 1)[0]
        if head != work.journal:
            add(head, None)  # "JAMA: The Journal of...", "Proc. R. Soc. B: Biological Sciences"
    return names


def _significant(words: list[str]) -> list[str]:
    return [w for w in words if w not in word_list("journal-connectors")]


def abbreviates(short: str, word: str) -> bool:
    """`short` is `word` or an abbreviation of it: same first letter, then a subsequence (`natl`, `inform`)."""
    if short == word:
        return True
    if not short or not word or short[0] != word[0] or len(short) > len(word):
        return False
    if short.isdigit() or word.isdigit():
        return False
    position = 0
    for char in short:
        position = word.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _word_by_word(entry: Folded, name: str, start: int) -> int | None:
    """If the entry's words from `start` abbreviate every significant word of `name`, the index after them."""
    target = _significant(fold(name).split())
    if not target:
        return None
    words = entry.words
    index, matched, long_words = start, 0, 0
    while index < len(words) and matched < len(target):
        word = words[index].text
        if len(target) == 1 and word != target[0]:
            return None  # a one-word title is never abbreviated
        if abbreviates(word, target[matched]):
            matched += 1
            long_words += len(word) >= 3
            index += 1
        elif word in word_list("journal-connectors") and index > start:
            index += 1
        else:
            return None
    # Initials alone ("N. M.") are as likely to be a person's as a journal's.
    return index if matched == len(target) and long_words else None


def _acronym(entry: Folded, name: str, index: int) -> bool:
    word = entry.words[index].text
    initials = "".join(w[0] for w in _significant(fold(name).split()))
    return len(word) >= 3 and word.isalpha() and len(initials) >= len(word) and initials.startswith(word)


def locate_journal(entry: Folded, work: Work, allowed: list[tuple[int, int]]) -> JournalMatch | None:
    """Where the record's journal is written in the entry (inside the `allowed` spans), or None."""
    names = record_names(work)
    if not names:
        return None
    words = entry.words

    def inside(left: int, right: int) -> bool:
        return any(a <= left and right <= b for a, b in allowed)

    candidates: list[tuple[str, str | None]] = list(names)
    for name, note in names:
        if note is None:
            for start in range(len(words)):
                end = _word_by_word(entry, name, start)
                if end is not None and inside(words[start].left, words[end - 1].right):
                    exact = " ".join(w.text for w in words[start:end]) == fold(name)
                    return JournalMatch(words[start].left, words[end - 1].right, None if exact else "abbreviated")
    if work.journal:
        abbreviation = iso4(work.journal)
        if abbreviation:
            candidates.append((abbreviation, "ISO 4 abbreviation"))
    for name, note in candidates:
        target = fold(name).split()
        for start in range(len(words) - len(target) + 1):
            if all(words[start + k].text == target[k] for k in range(len(target))):
                left, right = words[start].left, words[start + len(target) - 1].right
                if inside(left, right):
                    return JournalMatch(left, right, note)
    for name, note in names:
        if len(_significant(fold(name).split())) >= 3:
            for index, word in enumerate(words):
                if _acronym(entry, name, index) and inside(word.left, word.right):
                    return JournalMatch(word.left, word.right, "acronym")
    return None


def _glued_abbreviation(word: str, words: list[str]) -> bool:
    """`word` is abbreviations of the title's words written together, in order (`jhuttrop`)."""
    if not word:
        return True
    if not words:
        return False
    for cut in range(1, len(word) + 1):
        if abbreviates(word[:cut], words[0]) and _glued_abbreviation(word[cut:], words[1:]):
            return True
    return _glued_abbreviation(word, words[1:]) if len(words) > 1 and word[0] != words[0][0] else False


def compatible(cited: str, work: Work) -> bool:
    """Whether `cited` could be a name of the record's journal (an abbreviation that drops words, a near spelling)."""
    # A number run into the name ("Letras185") is a volume or a page, not part of it.
    cited_words = _significant(fold(re.sub(r"(?<=[^\W\d_])\d+\b", " ", _BRACKETED.sub(" ", cited))).split())
    if not cited_words:
        return True
    forms = [n for n, _ in record_names(work)]
    if work.journal and iso4(work.journal):
        forms.append(iso4(work.journal) or "")
    for name in forms:
        words = _significant(fold(name).split())
        if not words:
            continue
        if fuzz.token_sort_ratio(" ".join(cited_words), " ".join(words)) >= 85:
            return True
        if len(cited_words) == 1 and "".join(w[0] for w in words).startswith(cited_words[0]) and len(cited_words[0]) >= 2:
            return True  # an acronym
        if len(cited_words) == 1 and _glued_abbreviation(cited_words[0], words):
            return True  # abbreviations written together ("JHutTrop")
        if abbreviates(cited_words[0], words[0]):
            # Each cited word abbreviates a later word of the title; one word
            # the record no longer carries ("Lond." of a former title) may remain.
            position, unmatched = 1, 0
            for word in cited_words[1:]:
                step = position
                while step < len(words) and not abbreviates(word, words[step]):
                    step += 1
                if step == len(words):
                    unmatched += 1
                else:
                    position = step + 1
            if unmatched == 0 or (unmatched == 1 and len(cited_words) >= 4):
                return True
    return False
