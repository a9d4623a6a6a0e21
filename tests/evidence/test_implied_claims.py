"""Claims about people that are implied, not stated: a health effect promised with no other subject."""

from __future__ import annotations

import pytest

from citecheck.evidence import read_sentence


@pytest.mark.parametrize("sentence", [
    "Cinnamon keeps blood sugar in check after meals (Ortiz et al., 2019).",
    "Migraines respond well to riboflavin (Ortiz et al., 2019).",
    "Collagen smooths wrinkles (Ortiz et al., 2019).",
    "Omega-3s sharpen memory in old age (Ortiz et al., 2019).",
    "Ultra-processed food rewires appetite (Ortiz et al., 2019).",
    "Sugar feeds cancer (Ortiz et al., 2019).",
    "Tea tree oil tames dandruff (Ortiz et al., 2019).",
])
def test_new_effect_verbs_with_a_health_word(sentence):
    assert read_sentence(sentence).about_people


@pytest.mark.parametrize("sentence", [
    "Rosemary oil keeps hair from thinning [3].",
    "Saw palmetto eases an enlarged prostate [3].",
    "Fluoride rinses harden teeth [3].",
])
def test_body_parts_said_of_no_other_subject(sentence):
    reading = read_sentence(sentence)
    assert reading.about_people


@pytest.mark.parametrize("sentence", [
    "The antidepressant moclobemide can trigger tremor (Ng, 2001).",
    "Statins lower the chance of a second heart attack (Ng, 2001).",
    "Infusions of vitamin C shorten hospital stays (Ng, 2001).",
])
def test_classes_of_drugs_are_treatments(sentence):
    reading = read_sentence(sentence)
    assert reading.about_people and reading.reason in {"treatment", "health"}


@pytest.mark.parametrize("sentence", [
    "Ginger is a powerful anti-inflammatory (Ng, 2001).",
    "Quercetin is a potent antihistamine (Ng, 2001).",
    "Kombucha has many health benefits (Ng, 2001).",
])
def test_remedies_and_health_benefits_promised(sentence):
    assert read_sentence(sentence).about_people


@pytest.mark.parametrize("sentence", [
    "The enzyme keeps its activity at high temperature (Ng, 2001).",
    "Soil bacteria respond to drought by forming spores (Ng, 2001).",
    "Statins were first isolated from a fungus (Ng, 2001).",
    "Hair cells in the cochlea convert sound into signals (Ng, 2001).",
    "The river feeds a large lake (Ng, 2001).",
    "The protein mimics the structure of DNA (Ng, 2001).",
    "The colon in that title separates two clauses (Ng, 2001).",
])
def test_the_same_words_with_no_health_promise_are_not_claims(sentence):
    assert not read_sentence(sentence).about_people


def test_the_sentence_naming_the_cells_or_animals_still_wins():
    assert not read_sentence("In HaCaT keratinocytes, collagen smoothed the scratch wound (Ng, 2001).").about_people
    assert not read_sentence("Statins lowered the risk of plaques in rabbits (Ng, 2001).").about_people
