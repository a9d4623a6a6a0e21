"""Family names as in-text citations write them: parsing a name list, comparing two names.

`parse_names("Smith, Jones, and Lee")` reads a list of family names (with
particles such as `de` or `van`, `et al.` and "and colleagues"); `name_variants`
finds every name list that ends a piece of text, longest first, walking back
word by word so the work is bounded by the names; `name_level` says whether
two names are the same (2), a letter or two apart (1) or different (0).

A capitalised word that is usually something else ("May", "Table", "The")
makes a name weak: it counts only when a reference carries that very name.
Those words are the list `lexicon/not-names.txt`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from citecheck.extract.lexicon import words
from citecheck.text.names import PARTICLES

__all__ = [
    "NameParse",
    "clean_name",
    "is_name_token",
    "name_level",
    "name_tokens",
    "name_variants",
    "norm",
    "parse_names",
    "parse_names_weak",
    "title_words",
]

_ETAL_TAIL = re.compile(
    r"(?:,\s{0,2})?(?<![\w])(?:et\.?\s{0,2}al\.?|and\s{1,3}(?:colleagues|co-?workers|associates)"
    r"|&\s{0,2}colleagues)$",
    re.IGNORECASE,
)
_NAME_SEP = re.compile(
    r"\s{0,3},\s{0,3}(?:(?:and|&)\s{1,3})?|\s{1,3}(?:and|&)\s{1,3}|\s{0,3}&\s{0,3}"
)


def norm(token: str) -> str:
    """Case-, accent- and punctuation-free spelling of a name token."""
    decomposed = unicodedata.normalize("NFKD", token)
    return "".join(ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in (norm(p) for p in re.split(r"[\s-]+", name)) if t)


_BRACKETED = re.compile(r"\([^()]{0,40}\)|\[[^\[\]]{0,40}\]")


def title_words(name: str) -> tuple[str, ...]:
    """The words of a group name or a title, bracketed parts, case, accents and punctuation aside."""
    bare = _BRACKETED.sub(" ", name[:400])
    return tuple(t for t in (norm(p) for p in re.split(r"[\s\-\u2010-\u2015/]+", bare)) if t)


def is_name_token(token: str) -> bool:
    if not token or not token[0].isalpha() or not token[0].isupper():
        return False
    if not all(ch.isalpha() or ch in "-'’" for ch in token):
        return False
    if any(ch.islower() for ch in token):
        return True
    letters = sum(ch.isalpha() for ch in token)
    return 2 <= letters <= 8  # an acronym used as author: WHO, NIH, CDC


def clean_name(part: str) -> tuple[str, bool] | None:
    """The name written in `part`, and whether it is only weakly a name.

    A capitalised word that is usually something else ("May", "An", "In",
    "Table") makes the name weak: it counts only if a reference says so.
    """
    tokens = part.split()
    if not 1 <= len(tokens) <= 4:
        return None
    if len(tokens) > 1 and norm(tokens[0]) in words("not-names") and tokens[0].lower() not in PARTICLES:
        return None  # "As O'Nions": a sentence's first word before the name
    capitalised = 0
    weak = False
    for index, token in enumerate(tokens):
        if token in PARTICLES and index < len(tokens) - 1:
            continue
        if not is_name_token(token):
            return None
        weak = weak or norm(token) in words("not-names")
        capitalised += 1
    return (" ".join(tokens), weak) if capitalised else None


@lru_cache(maxsize=8192)
def parse_names_weak(text: str) -> tuple[tuple[str, ...], bool, bool] | None:
    text = text.strip().rstrip(",").strip()
    if not text or len(text) > 200:
        return None
    et_al = False
    tail = _ETAL_TAIL.search(text)
    if tail:
        et_al = True
        text = text[: tail.start()].strip().rstrip(",").strip()
        if not text:
            return None
    parts = _NAME_SEP.split(text)
    if not 1 <= len(parts) <= 6:
        return None
    names: list[str] = []
    weak = False
    for part in parts:
        cleaned = clean_name(part)
        if cleaned is None:
            return None
        names.append(cleaned[0])
        weak = weak or cleaned[1]
    return tuple(names), et_al, weak


def parse_names(text: str) -> tuple[tuple[str, ...], bool] | None:
    """Family names and the et-al flag of a name list, or None if it is not one.

    `Yang et al.` -> (("Yang",), True); `Smith & Jones` -> (("Smith", "Jones"),
    False); `Smith, Jones, and Lee` -> three names. Every part must look like
    a family name: capitalised words, optionally with particles (`de`, `van`),
    and none of them a word such as a month or "The" (those are only accepted
    during linking, when a reference carries that very name).
    """
    parsed = parse_names_weak(text)
    if parsed is None or parsed[2]:
        return None
    return parsed[0], parsed[1]


@dataclass(frozen=True)
class NameParse:
    authors: tuple[str, ...]
    et_al: bool
    start: int  # offset in the parsed string where the names begin
    weak: bool = False


_LIST_WORDS = frozenset("and & et et. al al. colleagues coworkers co-workers associates".split())


def _may_be_in_names(token: str) -> bool:
    """Whether `token` can be part of a name list at all (cheap pre-check)."""
    bare = token.rstrip(",;").casefold()
    return bare in _LIST_WORDS or bare in PARTICLES or is_name_token(token.rstrip(",;"))


def name_variants(text: str, max_tokens: int = 10) -> list[NameParse]:
    """Every name list that ends `text`, longest first.

    Walks back word by word and stops at the first word that cannot belong to
    a name list, so the work is bounded by the names, not by the text.
    """
    tokens = list(re.finditer(r"\S+", text[-400:]))
    offset = max(0, len(text) - 400)
    variants: list[NameParse] = []
    for count in range(1, min(max_tokens, len(tokens)) + 1):
        token = tokens[-count]
        if count > 1 and not _may_be_in_names(token.group(0)):
            break
        start = offset + token.start()
        parsed = parse_names_weak(text[start:])
        if parsed:
            variants.append(NameParse(parsed[0], parsed[1], start, parsed[2]))
    variants.reverse()
    return variants


def name_level(cited: tuple[str, ...], listed: tuple[str, ...]) -> int:
    """2: same name; 1: spelt a letter or two differently; 0: different."""
    if not cited or not listed:
        return 0
    if cited == listed or "".join(cited) == "".join(listed):
        return 2
    shorter, longer = (cited, listed) if len(cited) < len(listed) else (listed, cited)
    if longer[len(longer) - len(shorter) :] == shorter:
        return 2  # "Courten" / "de Courten", "Li" / "Gang Li"
    for a, b in (("".join(cited), "".join(listed)), (cited[-1], listed[-1])):
        if len(a) >= 4 and len(b) >= 4 and a[0] == b[0]:
            # Imported here: most runs never compare two different names.
            from rapidfuzz.distance import OSA

            allowed = 1 if max(len(a), len(b)) <= 7 else 2
            if OSA.distance(a, b, score_cutoff=allowed) <= allowed:
                return 1
    return 0
