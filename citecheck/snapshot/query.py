"""Full-text queries for a reference without a DOI, and the re-ranking of their hits.

A query is built from the reference's title words, first author and year,
relaxed step by step (all words, all words but one, any word) so that a typo
in the title still finds the record; candidates are then re-ranked by title,
author and year agreement. Every word is double-quoted, so no FTS5 syntax can
be smuggled in from an article.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from rapidfuzz import fuzz

from citecheck.model import Reference, Work

# Words of a cited title considered (the longest, when it has more).
MAX_TITLE_TOKENS = 16
# Of those, the rarest ones the index holds go into the query: a handful of
# rare words pins a record down, and their posting lists are short, so the
# query stays fast however large the index.
MAX_QUERY_TOKENS = 5
# Words kept for the last-resort any-word query.
MAX_ANY_TOKENS = 3
# FTS hits re-ranked per query.
CANDIDATES = 30

# Bounded: a 200 kB title without spaces yields tokens of at most 64 characters.
_WORD = re.compile(r"[^\W_]{1,64}")
_STOPWORDS = frozenset(
    """a an and are as at be been but by can do does for from had has have how in into is it its
    not of on or our over than that the their these this those through to under up upon was we
    were what when where which while who why will with within without de der die des du et la le
    les und von zu""".split()
)


def _fold(text: str) -> str:
    """Lower case without diacritics, as the FTS tokenizer sees text."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def title_tokens(text: str | None, limit: int = MAX_TITLE_TOKENS) -> list[str]:
    """The distinctive words of a title: no stop words or single letters, longest kept when capped."""
    if not text:
        return []
    seen: dict[str, int] = {}
    for word in _WORD.findall(_fold(text[:2000])):
        if len(word) < 2 or word in _STOPWORDS or word in seen:
            continue
        seen[word] = len(seen)
    if len(seen) <= limit:
        return list(seen)
    # Longer words are rarer, so they narrow the search most; keep title order.
    kept = sorted(seen, key=lambda w: (-len(w), seen[w]))[:limit]
    return sorted(kept, key=seen.__getitem__)


def author_token(reference: Reference) -> str | None:
    if not reference.authors:
        return None
    words = [w for w in _WORD.findall(_fold(reference.authors[0][:200])) if len(w) >= 2]
    # "van der Berg", "de la Cruz": the longest word is the one indexed for sure.
    return max(words, key=len) if words else None


def _quote(token: str) -> str:
    # A double-quoted FTS5 string is taken literally: no operators, columns or
    # prefixes can be smuggled in; the tokens hold word characters only anyway.
    return '"' + token.replace('"', '""') + '"'


def _all(tokens: Sequence[str]) -> str:
    return " AND ".join(_quote(t) for t in tokens)


def _any(tokens: Sequence[str]) -> str:
    return " OR ".join(_quote(t) for t in tokens)


def search_queries(tokens: Sequence[str], author: str | None, year: int | None) -> list[str]:
    """FTS5 queries from the strictest to the loosest; the first with hits is used.

    `tokens` are the cited title's rarest words that the index holds, and
    `author` the first author's family name if the index holds it.
    """
    queries: list[str] = []
    if tokens:
        if author:
            queries.append(f"title:({_all(tokens)}) AND authors:{_quote(author)}")
        queries.append(f"title:({_all(tokens)})")
        if len(tokens) >= 3:
            # Every word but one: a word of the cited title that the record
            # does not have (a real-word typo, an added word) still matches.
            groups = [
                "(" + _all([t for j, t in enumerate(tokens) if j != i]) + ")" for i in range(len(tokens))
            ]
            queries.append(f"title:({' OR '.join(groups)})")
        if author:
            queries.append(f"authors:{_quote(author)} AND title:({_any(tokens)})")
    if author and year:
        queries.append(f"authors:{_quote(author)} AND year:{_quote(str(year))}")
    if tokens:
        queries.append(f"title:({_any(tokens[:MAX_ANY_TOKENS])})")
    return queries


def similarity(reference: Reference, work: Work) -> float:
    """How well a work agrees with a reference: title most, then first author, then year."""
    cited = " ".join(_WORD.findall(_fold(reference.title or reference.text)))
    score = 0.0
    if work.title:
        title = " ".join(_WORD.findall(_fold(work.title)))
        full = " ".join(_WORD.findall(_fold(f"{work.title} {work.subtitle or ''}")))
        score += 0.7 * max(fuzz.ratio(cited, title), fuzz.ratio(cited, full)) / 100
    if reference.authors and work.authors:
        first = _fold(reference.authors[0])
        best = max(fuzz.ratio(first, _fold(name)) for name in work.authors[:3])
        score += 0.2 * best / 100
    if reference.year and work.years:
        gap = min(abs(reference.year - y) for y in work.years)
        score += 0.1 if gap == 0 else 0.05 if gap == 1 else 0.0
    return score
