"""Folding characters to one spelling: what changes, what keeps its place, what is repaired."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from citecheck.ingest.fold import fold_char, fold_runs, fold_text


@given(st.text(st.sampled_from(" \u2014\u2015a-"), max_size=40))
def test_em_dashes_read_as_a_spaced_hyphen(text: str) -> None:
    assert fold_text(text) == re.sub(r" ?[\u2014\u2015] ?", " - ", text)


def test_every_character_folds_as_the_tables_say() -> None:
    every = "".join(chr(code) for code in range(0x3100) if chr(code) not in "\u2014\u2015\r\u00c2\u00c3\u00e2")
    expected = "".join(
        "..." if char == "\u2026"
        else "" if char in "\u200b\u200c\u200d\u2060\ufeff\u00ad" or ord(char) in (*range(0, 9), *range(14, 28), 127)
        else fold_char(char)
        for char in every
    )
    assert fold_text(every) == expected
    assert fold_text("a\u00a0b \u2014 c\tx") == "a b - c x"


@given(st.text(max_size=200))
def test_runs_tile_the_text_and_aligned_runs_keep_length(text: str) -> None:
    runs = list(fold_runs(text, 10))
    position = 10
    for output, start, length, aligned in runs:
        assert start == position
        position += length
        if aligned:
            assert len(output) == length
    assert position == 10 + len(text)
    assert "".join(output for output, *_ in runs) == fold_text(text)


def test_mojibake_is_repaired_as_a_replaced_run() -> None:
    runs = list(fold_runs("It\u00e2\u20ac\u2122s"))
    assert "".join(output for output, *_ in runs) == "It's"
    assert ("'", 2, 3, False) in runs
