"""The suggested rewording: say what the cited study was done on."""

from __future__ import annotations

import pytest

from citecheck.evidence.wording import animals_studied, cells_studied, suggest
from citecheck.model import Evidence, EvidenceKind as K

MICE = Evidence(K.ANIMAL, ("mice",))
RATS = Evidence(K.ANIMAL, ("rats",))


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice", "type 2 diabetic mice"),
        ("Electroacupuncture promoted intestinal defensins of high-fat diet-induced obese mice", "obese mice"),
        ("Electroacupuncture Reduces Inflammatory Bowel Disease in Obese Mice by Activating Nrf2", "obese mice"),
        ("Alterations in the gut microbiota in the context of neuropathic pain", "mice"),
        (None, "mice"),
    ],
)
def test_animals_as_the_title_describes_them(title, expected):
    assert animals_studied(MICE, title) == expected


def test_a_modifier_is_not_a_description_of_the_animals():
    title = "Sevoflurane Alleviates Reperfusion Arrhythmia in Isolated Rat Hearts after Ischemia-Reperfusion"
    assert animals_studied(RATS, title) == "rats"
    assert animals_studied(RATS, "Green Tea in Streptozotocin-Induced Diabetic Rats") == "diabetic rats"


def test_no_species_and_several_species():
    assert animals_studied(Evidence(K.ANIMAL), None) == "animals"
    assert animals_studied(Evidence(K.ANIMAL, ("mice", "rats")), None) == "mice and rats"


def test_people_noun_is_swapped_for_the_animals():
    sentence = "Butyricimonas is often diminished in individuals with neuropathic pain (Chen et al., 2021)."
    assert suggest(sentence, RATS) == "Butyricimonas is often diminished in rats with neuropathic pain (Chen et al., 2021)."


def test_with_clause_keeps_the_plain_species():
    sentence = "Electroacupuncture lowers blood glucose in people with type 2 diabetes (An et al., 2022)."
    title = "Electroacupuncture reduces blood glucose in type 2 diabetic mice"
    assert suggest(sentence, MICE, title) == "Electroacupuncture lowers blood glucose in mice with type 2 diabetes (An et al., 2022)."


@pytest.mark.parametrize(
    "sentence, evidence, title, expected",
    [
        # A sentence that opens with a clause gets nothing put in front of it.
        (
            "Since electroacupuncture can be combined with other therapies, it can effectively reduce body weight. "
            "(Xia et al., 2022)",
            MICE,
            "Electroacupuncture rescued the dysbiotic cecal microbiota of high-fat diet-induced obese mice",
            "Since electroacupuncture can be combined with other therapies, it can effectively reduce body weight "
            "in obese mice. (Xia et al., 2022)",
        ),
        # A label and an acronym are kept as written.
        (
            "VSL#3: A mixture of eight bacterial strains is effective in promoting gut and nerve health "
            "(Chen et al., 2021).",
            RATS,
            None,
            "VSL#3: A mixture of eight bacterial strains is effective in promoting gut and nerve health in rats "
            "(Chen et al., 2021).",
        ),
        ("SCFAs can disrupt gut health.", RATS, None, "SCFAs can disrupt gut health in rats."),
        (
            "Electroacupuncture reduced inflammation (Yang et al., 2024).",
            MICE,
            "Electroacupuncture Reduces Inflammatory Bowel Disease in Obese Mice by Activating Nrf2",
            "Electroacupuncture reduced inflammation in obese mice (Yang et al., 2024).",
        ),
        # The reader is no longer addressed: the claim is about the animals now.
        (
            "Probiotics may reduce bloating in your gut [4].",
            MICE,
            None,
            "Probiotics may reduce bloating in the gut in mice [4].",
        ),
    ],
)
def test_the_claim_is_qualified_where_it_ends(sentence, evidence, title, expected):
    assert suggest(sentence, evidence, title) == expected


def test_cells_from_the_title():
    cells = Evidence(K.IN_VITRO, ("human",))
    title = "Large chromosomal deletions in HEK293T cells exposed to polychlorinated biphenyl 153"
    assert cells_studied(cells, title) == "HEK293T cells"
    assert cells_studied(cells, "Angiotensin II in cultured human coronary artery endothelial cells") == (
        "human coronary artery endothelial cells"
    )
    assert cells_studied(Evidence(K.IN_VITRO, ("rats",)), None) == "rat cells"
    assert cells_studied(Evidence(K.IN_VITRO), None) == "cells"
    assert suggest("PCB exposure damages your DNA [9].", cells, title) == (
        "PCB exposure damages the DNA in HEK293T cells grown in the laboratory [9]."
    )
