"""Folding for comparison: case, accents, markup, Greek letters, punctuation, mojibake."""

from __future__ import annotations

import pytest

from citecheck.text.normalize import fix_mojibake, fold, folded, may_contain, squash, strip_accents


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Müller-Lüdenscheidt", "muller ludenscheidt"),
        ("Łukasz Øster", "lukasz oster"),
        ("Straße", "strasse"),
        ("<i>In vivo</i> effects of α-synuclein", "in vivo effects of alpha synuclein"),
        ("Food &amp; Function", "food function"),
        ("  J. Clin.  Nutr.  ", "j clin nutr"),
        ("TNF-β, IL-6", "tnf beta il 6"),
    ],
)
def test_fold_gives_one_comparison_form(written: str, expected: str) -> None:
    assert fold(written) == expected
    assert fold(fold(written)) == fold(written)


def test_strip_accents_keeps_case_and_punctuation() -> None:
    assert strip_accents("Pérez-Ñúñez, Ø.") == "Perez-Nunez, o."


def test_squash_folds_whitespace_only() -> None:
    assert squash(" a\n b\t\tc  ") == "a b c"


def test_fix_mojibake_mends_wrongly_decoded_text_and_leaves_the_rest() -> None:
    assert fix_mojibake("CafÃ© sociÃ©tÃ©") == "Café société"
    assert fix_mojibake("Itâ€™s here") == "It’s here"
    assert fix_mojibake("Ångström Åland") == "Ångström Åland"
    assert fix_mojibake("plain text") == "plain text"


def test_folded_refuses_characters_that_regex_case_folding_maps_to_ascii() -> None:
    assert folded("PMID") == "pmid"
    assert folded("\u0130stanbul") is None
    assert may_contain("See PubMed", ("pubmed",))
    assert not may_contain("nothing here", ("pubmed",))
    assert may_contain("\u212aelvin", ("zzz",))
