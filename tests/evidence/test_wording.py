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


# ------------------------------------------------------------------ sentence shapes

T2D = "Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice"
HELA = Evidence(K.IN_VITRO, ("human",))
HELA_TITLE = "Curcumin induces apoptosis in HeLa cells"
MICE_ADVICE = "Say that the cited study was done in mice, or cite a study in people."
RATS_ADVICE = "Say that the cited study was done in rats, or cite a study in people."
T2D_ADVICE = "Say that the cited study was done in type 2 diabetic mice, or cite a study in people."
HELA_ADVICE = "Say that the cited study was done on HeLa cells grown in the laboratory, or cite a study in people."


@pytest.mark.parametrize(
    "sentence, evidence, title, expected",
    [
        # A people noun as the subject: the animals take its place, capitalised.
        ("Humans benefit from electroacupuncture (An et al., 2022).", MICE, T2D,
         "Type 2 diabetic mice benefit from electroacupuncture (An et al., 2022)."),
        ("Patients recovered faster after the treatment (Doe, 2019).", RATS, None,
         "Rats recovered faster after the treatment (Doe, 2019)."),
        ("People with diabetes can lower their blood sugar with electroacupuncture (An et al., 2022).", MICE, T2D,
         "Mice with diabetes can lower their blood sugar with electroacupuncture (An et al., 2022)."),
        ("Individuals benefit.", MICE, None, "Mice benefit."),
        ("Patients improved (Doe, 2019).", Evidence(K.ANIMAL, ("mice", "rats")), None,
         "Mice and rats improved (Doe, 2019)."),
        # ... as an object or after a preposition.
        ("Electroacupuncture helps people lose weight (Xia et al., 2022).", MICE, None,
         "Electroacupuncture helps mice lose weight (Xia et al., 2022)."),
        ("In people, fasting improves memory (Smith, 2020).", MICE, None,
         "In mice, fasting improves memory (Smith, 2020)."),
        ("Electroacupuncture is safe and effective for humans (An et al., 2022).", MICE, T2D,
         "Electroacupuncture is safe and effective for type 2 diabetic mice (An et al., 2022)."),
        ("According to Smith (2020), fasting improves memory in adults.", MICE, None,
         "According to Smith (2020), fasting improves memory in mice."),
        ("Electroacupuncture lowers blood glucose in people with type 2 diabetes, as shown by An et al. (2022).",
         MICE, T2D,
         "Electroacupuncture lowers blood glucose in mice with type 2 diabetes, as shown by An et al. (2022)."),
        # A sentence that names its evidence says what the cited study is.
        ("Clinical trials have demonstrated that electroacupuncture lowers blood glucose (An et al., 2022).",
         MICE, T2D,
         "A study in type 2 diabetic mice found that electroacupuncture lowers blood glucose (An et al., 2022)."),
        ("Studies in humans show fasting improves memory (Smith, 2020).", MICE, None,
         "A study in mice found that fasting improves memory (Smith, 2020)."),
        ("Numerous studies and reviews suggest that acupuncture relieves back pain (Doe, 2019).", MICE, None,
         "A study in mice found that acupuncture relieves back pain (Doe, 2019)."),
        ("Research shows that curcumin kills cancer cells (Lee, 2018).", HELA, HELA_TITLE,
         "A study of HeLa cells grown in the laboratory found that curcumin kills cancer cells (Lee, 2018)."),
        # A claim ending in a list is qualified where it begins.
        ("Fasting improves memory, mood, and sleep (Smith, 2020).", MICE, None,
         "In mice, fasting improves memory, mood, and sleep (Smith, 2020)."),
        ("Benefits include: lower weight, better sleep, and less pain (Smith, 2020).", MICE, None,
         "In mice, benefits include: lower weight, better sleep, and less pain (Smith, 2020)."),
        # Citations of every shape stay exactly as written, after the qualification.
        ("Fasting improves memory (Smith, 2020; Doe, 2019).", MICE, None,
         "Fasting improves memory in mice (Smith, 2020; Doe, 2019)."),
        ("Fasting improves memory [1], [2].", MICE, None, "Fasting improves memory in mice [1], [2]."),
        ("Fasting improves memory [1, 4-6].", MICE, None, "Fasting improves memory in mice [1, 4-6]."),
        ("Fasting improves memory.[1]", MICE, None, "Fasting improves memory in mice.[1]"),
        ("Fasting improves memory.¹", MICE, None, "Fasting improves memory in mice.¹"),
        ("Fasting improves memory ([Smith, 2020](https://doi.org/10.1/x)).", MICE, None,
         "Fasting improves memory in mice ([Smith, 2020](https://doi.org/10.1/x))."),
        ("Fasting improves memory [[1]](#ref1).", MICE, None, "Fasting improves memory in mice [[1]](#ref1)."),
        ("Fasting improves memory <sup>1</sup>.", MICE, None, "Fasting improves memory in mice <sup>1</sup>."),
        ('Fasting improves memory <a href="#r1">[1]</a>.', MICE, None,
         'Fasting improves memory in mice <a href="#r1">[1]</a>.'),
        ('Fasting improves memory<sup><a href="#fn1">1</a></sup>.', MICE, None,
         'Fasting improves memory in mice<sup><a href="#fn1">1</a></sup>.'),
        ("Fasting improves memory [1](#footnote-1).", MICE, None, "Fasting improves memory in mice [1](#footnote-1)."),
        ("Smith et al. (2020) showed that fasting improves memory.", MICE, None,
         "Smith et al. (2020) showed that fasting improves memory in mice."),
        ("Supplementing with zinc (Doe, 2019) boosts immunity.", RATS, None,
         "Supplementing with zinc (Doe, 2019) boosts immunity in rats."),
        ("Fasting helps (it lowers weight) (Smith, 2020).", MICE, None,
         "Fasting helps (it lowers weight) in mice (Smith, 2020)."),
        # A sentence without a capital or a full stop gets both.
        ("fasting improves memory (Smith, 2020).", MICE, None, "Fasting improves memory in mice (Smith, 2020)."),
        ("Fasting improves memory (Smith, 2020)", MICE, None, "Fasting improves memory in mice (Smith, 2020)."),
        ("mRNA vaccines trigger immunity (Doe, 2019).", MICE, None, "mRNA vaccines trigger immunity in mice (Doe, 2019)."),
        ("Curcumin kills cancer cells (Lee, 2018).", HELA, HELA_TITLE,
         "Curcumin kills cancer cells in HeLa cells grown in the laboratory (Lee, 2018)."),
        # No honest rewording: the advice alone.
        ("Clinical trials show that people who take probiotics lose weight (An et al., 2022).", MICE, T2D, T2D_ADVICE),
        ("Clinical trials show that electroacupuncture works (An et al., 2022; Doe, 2019).", MICE, T2D, T2D_ADVICE),
        ("You can lower your blood sugar with cinnamon (Doe, 2019).", RATS, None, RATS_ADVICE),
        ("If you fast, your memory improves (Smith, 2020).", MICE, None, MICE_ADVICE),
        ("Your gut will thank you (Doe, 2019).", MICE, None, MICE_ADVICE),
        ("Take turmeric daily to reduce joint pain (Doe, 2019).", RATS, None, RATS_ADVICE),
        ("Try fasting twice a week to sharpen your memory [3].", MICE, None, MICE_ADVICE),
        ("Can fasting improve your memory (Smith, 2020)?", MICE, None, MICE_ADVICE),
        ("Does cinnamon lower blood sugar? Yes (Doe, 2019).", RATS, None, RATS_ADVICE),
        ("Fasting improves memory (Smith, 2020) and lowers weight (Doe, 2019).", MICE, None, MICE_ADVICE),
        ("Older adults who walk daily live longer (Doe, 2019).", MICE, None, MICE_ADVICE),
        ("Many people believe fasting helps, and it does (Smith, 2020).", MICE, None, MICE_ADVICE),
        ("Women who drink green tea have fewer fractures (Doe, 2019).", RATS, None, RATS_ADVICE),
        ("Children with autism benefit from probiotics (Doe, 2019).", MICE, None, MICE_ADVICE),
        ("Probiotics help everyone digest better (Doe, 2019)!", MICE, None, MICE_ADVICE),
        ("It lowers inflammation in the human gut (Yang et al., 2024).", MICE, None, MICE_ADVICE),
        ("“Fasting sharpens memory,” says Smith (2020).", MICE, None, MICE_ADVICE),
        ("Curcumin kills cancer cells in patients (Lee, 2018).", HELA, HELA_TITLE, HELA_ADVICE),
    ],
)
def test_every_sentence_shape_gets_a_whole_sentence_or_the_advice(sentence, evidence, title, expected):
    assert suggest(sentence, evidence, title) == expected


def test_cells_of_a_species_are_named_in_the_singular():
    assert cells_studied(Evidence(K.IN_VITRO, ("mice",)), None) == "mouse cells"
    assert cells_studied(Evidence(K.IN_VITRO, ("guinea pigs",)), None) == "guinea pig cells"
    assert cells_studied(Evidence(K.IN_VITRO, ("sheep",)), None) == "sheep cells"
