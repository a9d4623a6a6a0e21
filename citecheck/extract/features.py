"""What the field tagger and the name tagger see of each token.

Features in the manner of GROBID's and AnyStyle's reference models: the word
(lower case; digits by their shape), its shape, case, punctuation and digits,
where it stands in the entry, whether space or a line break came before it,
whether it is inside brackets or quotes, a few word lists from
`citecheck.text.lexicon` (months, name particles, journal words, link words,
organisation words), and the same short description of its neighbours.

Every feature is a plain string, the form python-crfsuite reads fastest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from citecheck.extract.tokens import Token
from citecheck.text.lexicon import words

__all__ = ["entry_features", "name_features", "shape"]

_OPENING_QUOTES = frozenset("“‘«„")
_CLOSING_QUOTES = frozenset("”’»")
_ROMAN = re.compile(r"[ivxlc]{1,6}|[IVXLC]{1,6}")


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], ...]:
    return (
        words("months"), words("particles"), words("journal-words"),
        words("link-words"), words("organisation-words"),
    )


@lru_cache(maxsize=20000)
def shape(text: str) -> str:
    """`Xxxx` -> `Xx`, `1425` -> `d4`, `e0201` -> `xd`, `J` -> `X1`, `,` -> `,`."""
    if text.isdigit():
        return f"d{min(len(text), 5)}"
    out = []
    for char in text:
        kind = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if not out or out[-1] != kind:
            out.append(kind)
    result = "".join(out)[:6]
    return result + "1" if len(text) == 1 and text.isalpha() else result


@lru_cache(maxsize=50000)
def _word(text: str) -> tuple[str, ...]:
    """The features of a token that depend on its text alone."""
    months, particles, journal_words, link_words, organisation_words = _lists()
    lower = text.lower()
    form = shape(text)
    features = [f"s={form}"]
    if any(c.isdigit() for c in text):
        features.append(f"w={form}")
        if text.isdigit():
            value = int(text)
            if len(text) == 4 and 1600 <= value <= 2039:
                features.append("year")
            elif value < 400:
                features.append("small")
        elif re.fullmatch(r"(?:1[6-9]|20)\d\d[a-z]", text):
            features.append("year")
    else:
        features.append(f"w={lower[:24]}")
        if len(text) >= 4:
            features.append(f"p3={lower[:3]}")
            features.append(f"s3={lower[-3:]}")
    if text.isalpha():
        if text.isupper():
            features.append("upper" if len(text) > 1 else "initial")
        elif text[0].isupper():
            features.append("title")
        else:
            features.append("lower")
        if lower in months:
            features.append("month")
        if lower in particles:
            features.append("particle")
        if lower in journal_words:
            features.append("jword")
        if lower in link_words:
            features.append("link")
        if lower in organisation_words:
            features.append("org")
        if _ROMAN.fullmatch(text):
            features.append("roman")
        features.append(f"len={min(len(text), 8)}")
    elif len(text) == 1:
        features.append("punct")
    return tuple(features)


def _brief(token: Token) -> str:
    text = token.text
    if token.kind != "word":
        return token.kind
    if text.isalpha() and len(text) > 1:
        return "W" if text[0].isupper() else "w"
    return shape(text)


_CHUNK_BREAKS = frozenset(",.;:()[]“”\"«»")
_SMALL_WORDS = frozenset("a an and the of in on for to at by with from or as de la der und et".split())


def _chunk_features(tokens: Sequence[Token]) -> list[tuple[str, ...]]:
    """What each token's chunk (the words between two punctuation marks) looks like as a whole.

    A journal name is title-cased and holds journal words; a title is mostly
    lower case; a chunk of digits is a volume or pages: features of the whole
    chunk tell the tagger where one field stops and the next begins.
    """
    out: list[tuple[str, ...]] = [()] * len(tokens)
    start = 0
    journal_words = _lists()[2]
    for end in range(len(tokens) + 1):
        if end < len(tokens) and not (tokens[end].kind == "word" and tokens[end].text in _CHUNK_BREAKS):
            continue
        if end > start:
            words_in = [t.text for t in tokens[start:end] if t.text.isalpha() and len(t.text) > 1]
            content = [w for w in words_in if w.lower() not in _SMALL_WORDS]
            capitals = sum(1 for w in content if w[0].isupper())
            if not content:
                case = "none"
            elif capitals == len(content):
                case = "allcap" if len(content) > 1 else "onecap"
            elif capitals * 2 >= len(content):
                case = "mostcap"
            else:
                case = "lower"
            size = min(end - start, 8)
            features = [f"cc={case}", f"cn={size}"]
            if any(w.lower() in journal_words for w in words_in):
                features.append("cj")
            if any(t.text.isdigit() for t in tokens[start:end]):
                features.append("cd")
            chunk = tuple(features)
            for index in range(start, end):
                out[index] = chunk
        start = end + 1
    return out


def _word_context(tokens: Sequence[Token], lowers: Sequence[str]) -> list[tuple[str, ...]]:
    """The nearest word before and after each token, and the punctuation between.

    Punctuation is a token of its own, so the word-level view ("Problem" then
    ", " then "Information") is given explicitly, as a whitespace tokenizer
    would see it.
    """
    count = len(tokens)
    is_word = [not (t.kind == "word" and len(t.text) == 1 and not t.text.isalnum()) for t in tokens]
    out: list[tuple[str, ...]] = []
    previous = -1
    befores: list[tuple[str, str]] = []
    for i in range(count):
        if previous >= 0:
            between = "".join(tokens[k].text for k in range(previous + 1, i))[:4] or "_"
            befores.append((f"pw={lowers[previous]}", f"pp={between}"))
        else:
            befores.append(("pw=^",))
        if is_word[i]:
            previous = i
    following = -1
    afters: list[tuple[str, str]] = [()] * count
    for i in range(count - 1, -1, -1):
        if following >= 0:
            between = "".join(tokens[k].text for k in range(i + 1, following))[:4] or "_"
            afters[i] = (f"nw={lowers[following]}", f"np={between}")
        else:
            afters[i] = ("nw=$",)
        if is_word[i]:
            following = i
    return [before + after for before, after in zip(befores, afters)]


def entry_features(tokens: Sequence[Token]) -> list[list[str]]:
    """One feature list per token of an entry, for the field tagger."""
    count = len(tokens)
    chunks = _chunk_features(tokens)
    briefs = [_brief(token) for token in tokens]
    lowers = [token.text.lower()[:24] if token.kind == "word" and not any(c.isdigit() for c in token.text) else briefs[i]
              for i, token in enumerate(tokens)]
    near = [(f"{lower}",) if lower == brief else (lower, f"~{brief}") for lower, brief in zip(lowers, briefs)]
    context = _word_context(tokens, lowers)
    out: list[list[str]] = []
    depth = 0
    quoted = False
    seen_year = False
    segment = 0
    opens_segment = True
    for i, token in enumerate(tokens):
        text = token.text
        if token.kind != "word":
            features = ["b", f"k={token.kind}"]
        else:
            features = ["b", *_word(text)]
        features.append(f"pos={10 * i // count}")
        features.extend(chunks[i])
        if i < 3:
            features.append(f"i={i}")
        if count - i <= 3:
            features.append(f"e={count - i}")
        if token.space_before:
            features.append("sp")
        if token.newline_before:
            features.append("nl")
        if depth > 0:
            features.append("inpar")
        if quoted:
            features.append("inq")
        if seen_year:
            features.append("afteryear")
        features.append(f"seg={min(segment, 5)}")
        if opens_segment:
            features.append("segstart")
        opens_segment = False
        if text in ".?!" and i + 1 < count and tokens[i + 1].space_before and i > 0:
            previous = tokens[i - 1].text
            # "J." and "Proc." end no sentence; "sleep." and "2020)." do.
            if len(previous) >= 4 or not previous.isalpha() or previous.islower() and len(previous) >= 2:
                segment += 1
                opens_segment = True
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < count:
                features.extend(f"{offset}:{value}" for value in near[j])
            else:
                features.append(f"{offset}:edge")
        features.extend(context[i])
        if i + 1 < count and not tokens[i + 1].space_before:
            features.append(f"glued:{briefs[i + 1]}")
        out.append(features)
        if text in "([":
            depth += 1
        elif text in ")]" and depth:
            depth -= 1
        elif text in _OPENING_QUOTES:
            quoted = True
        elif text in _CLOSING_QUOTES or (text == '"'):
            quoted = not quoted if text == '"' else False
        elif "year" in features and not seen_year:
            seen_year = True
    return out


def name_features(tokens: Sequence[Token]) -> list[list[str]]:
    """One feature list per token of an author list, for the name tagger."""
    count = len(tokens)
    briefs = [_brief(token) for token in tokens]
    out: list[list[str]] = []
    for i, token in enumerate(tokens):
        features = ["b", *_word(token.text)]
        if i == 0:
            features.append("first")
        if i == count - 1:
            features.append("last")
        if token.space_before:
            features.append("sp")
        for offset in (-3, -2, -1, 1, 2, 3):
            j = i + offset
            if 0 <= j < count:
                neighbour = tokens[j].text
                features.append(f"{offset}b:{briefs[j]}")
                if not neighbour.isalpha() or neighbour.lower() in ("and", "et", "al", "&", "und", "y"):
                    features.append(f"{offset}:{neighbour.lower()}")
            else:
                features.append(f"{offset}:edge")
        if i + 1 < count and not tokens[i + 1].space_before:
            features.append(f"glued:{briefs[i + 1]}")
        out.append(features)
    return out
