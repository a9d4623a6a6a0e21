"""The extractor's speed shortcuts give exactly what the plain patterns give.

Pre-checks skip a pattern only when it cannot match, windowed searches find
the matches of a whole-text search, and an entry repeated in a document is
read once: each is compared here with the slow, direct way on generated text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.extract import claims
from citecheck.extract import cite_find as citations
from citecheck.ingest import document_from_text
from citecheck.extract.quick import finditer_near
from citecheck.extract.reflist import find_references
from citecheck.model import InputFormat
from citecheck.text.normalize import folded, may_contain

PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that the mention, claim and field patterns react to, with the
# characters IGNORECASE folds to ASCII letters and look-around edge cases.
_TOKENS = [
    "and", "&", " ", "  ", "\n", "\t", "Smith", "smith", "Yang", "et", "al", ".", "al.", "et al.", "et. al",
    "colleagues", "co-workers", "coworkers", "associates", "the", "The", "a", "An", "this", "paper", "study",
    "Study", "STUDIES", "review", "lab", "label", "team", "commentary", "commentaryx", "editorial", "x" * 45,
    "Abcdefghijklmnopqrstuvwxyzabcdefghijklmn", "Ångström", "ſtudy", "İ", "ı", "K", "-", "'",
    "’", "research", "shows", "found", "has been shown to", "clinically proven", "further studies are needed",
    "according to", "evidence", "well-established", "2019", "(2020)", "12(3):45-67", "vol. 4", "pp. 1-9",
    ";", ",", ":", "(", ")", "n.d.", "In", "Press", "doi", "PMID: 123", "PMC12345", "[PubMed]", "http://x.org/a",
    "www.y.com", "<b>", "\ufffd", "Read more", "Copyright", "Epub", "Retrieved from", "—", "―",
]
_SEPARATORS = st.sampled_from([" ", " ", " ", "", "  ", "\n", ", "])


@st.composite
def _texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(_TOKENS), max_size=40))
    return "".join(word + draw(_SEPARATORS) for word in words)


_TEXT = _texts()


def _spans(matches) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


# ------------------------------------------------------------------ quick


@pytest.mark.parametrize("char", ["\u0130", "\u0131", "\u017f", "\u212a"])
def test_text_with_a_character_that_folds_to_ascii_is_never_skipped(char: str) -> None:
    text = f"a {char} word"
    assert folded(text) is None
    assert may_contain(text, ("nothing here",))


def test_may_contain_ignores_case_only() -> None:
    assert may_contain("Read MORE here", ("read more",))
    assert not may_contain("Ready to read", ("read more",))
    assert may_contain("Ångström Read More", ("read more",))


def test_windows_that_touch_are_merged() -> None:
    pattern = re.compile(r"ab+c")
    text = "xx abbbc yy abc"
    anchors = [m.start() for m in re.finditer("b", text)]
    assert _spans(finditer_near(pattern, text, anchors, 2, 3)) == _spans(pattern.finditer(text))


@PROPERTY
@given(text=_TEXT)
def test_mention_searches_match_whole_text_searches(text: str) -> None:
    assert _spans(citations._the_name_matches(text)) == _spans(citations._THE_NAME.finditer(text))
    near = finditer_near(citations._PAIR, text, citations._pair_anchors(text), 50, 56)
    assert _spans(near) == _spans(citations._PAIR.finditer(text))
    near = finditer_near(citations._ETAL_CUE, text, citations._etal_anchors(text), 12, 16)
    assert _spans(near) == _spans(citations._ETAL_CUE.finditer(text))


_LONGEST_NAME = "Q" + "u" * 40  # the longest name the mention patterns read (41 letters)


@pytest.mark.parametrize(
    "text",
    [
        f"this   {_LONGEST_NAME}   et  al.   commentary.",
        f"The {_LONGEST_NAME} et al. editorial",
        f"a {_LONGEST_NAME} commentaryx",
        f"{_LONGEST_NAME}   and   {_LONGEST_NAME}uuu",
        f"{_LONGEST_NAME} & {_LONGEST_NAME}",
        "Smith and   co-workers",
        "Yang et.  al.",
        "Yang et.  alx",
        "Lee and   co-workersx",
    ],
)
def test_longest_mentions_are_found_by_windowed_searches(text: str) -> None:
    for padded in (text, "word " * 30 + text + " word" * 30):
        assert _spans(citations._the_name_matches(padded)) == _spans(citations._THE_NAME.finditer(padded))
        near = finditer_near(citations._PAIR, padded, citations._pair_anchors(padded), 50, 56)
        assert _spans(near) == _spans(citations._PAIR.finditer(padded))
        near = finditer_near(citations._ETAL_CUE, padded, citations._etal_anchors(padded), 12, 16)
        assert _spans(near) == _spans(citations._ETAL_CUE.finditer(padded))


# ----------------------------------------------------------------- claims


def _trigger_without_precheck(sentence: str) -> str | None:
    if len(sentence) > 5000 or sentence.rstrip().endswith("?") or claims._HEDGE.search(sentence):
        return None
    found = [m for m in (p.search(sentence) for p in claims._TRIGGERS) if m]
    return " ".join(min(found, key=lambda m: m.start()).group(0).split()) if found else None


@PROPERTY
@given(sentence=_TEXT)
def test_claim_trigger_matches_the_patterns(sentence: str) -> None:
    assert claims.claim_trigger(sentence) == _trigger_without_precheck(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Studies show that it works.",
        "Research suggests a link.",
        "Scientists suggest a link.",
        "Experts agree and experts report gains.",
        "Evidence shows a benefit.",
        "Data suggest a benefit.",
        "Trials indicate a benefit.",
        "Several meta-analyses indicate a benefit.",
        "Reviews indicate a benefit.",
        "The literature supports it.",
        "Experiments revealed it.",
        "Investigations confirmed it.",
        "Surveys report it.",
        "Science proves it.",
        "It has been shown to help.",
        "It was proven to help.",
        "It has been demonstrated to help.",
        "It was found to help.",
        "It is clinically tested.",
        "It is well-documented.",
        "According to one study it helps.",
        "A sentence about nothing at all.",
    ],
)
def test_claim_trigger_on_each_kind_of_trigger(sentence: str) -> None:
    expected = _trigger_without_precheck(sentence)
    assert claims.claim_trigger(sentence) == expected
    assert (expected is None) == (sentence == "A sentence about nothing at all.")


# ------------------------------------------------------------- references


def test_a_repeated_entry_is_read_like_a_single_one() -> None:
    entry = "Smith J, Jones K. A title of the work. J Clin Nutr. 2019;12(3):45-67. doi:10.1000/xyz123"
    single = find_references(document_from_text(f"References\n\n1. {entry}\n", "a.txt", InputFormat.TEXT))
    text = "References\n\n" + "".join(f"{n}. {entry}\n\n" for n in range(1, 4))
    repeated = find_references(document_from_text(text, "b.txt", InputFormat.TEXT))
    assert len(single) == 1 and len(repeated) == 3
    keep = ("authors", "year", "title", "journal", "volume", "issue", "pages", "doi")
    for reference in repeated:
        assert {k: getattr(reference, k) for k in keep} == {k: getattr(single[0], k) for k in keep}
    assert [r.number for r in repeated] == [1, 2, 3]
    assert [r.line for r in repeated] == [3, 5, 7]
