"""The sentence reader: is a citing sentence a claim about people?"""

from __future__ import annotations

import pytest

from citecheck.evidence import read_sentence


@pytest.mark.parametrize(
    "sentence, reason, cue",
    [
        ("Butyricimonas is often diminished in individuals with neuropathic pain (Chen et al., 2021).", "people", "individuals"),
        ("Sleep apnea is common in older adults with FXTAS [2].", "people", "older adults"),
        ("Do you feel muscle aches in your gut or lower back?", "reader", "you"),
        ("Probiotics calm your gut.", "reader", "your"),
        ("It helps protect the body from harmful bacteria.", "body", "the body"),
        ("Dog owners walk more and weigh less.", "people", "Dog owners"),
    ],
)
def test_sentences_that_name_people(sentence, reason, cue):
    reading = read_sentence(sentence)
    assert reading.about_people
    assert reading.reason == reason
    assert reading.cue == cue


@pytest.mark.parametrize(
    "sentence",
    [
        # The seed sentences whose citations must be flagged.
        "What this does is that it provides electric stimulation and anti-inflammatory effects to induce "
        "cholinergic reflexes in the gut and HPA axis. (Yang et al., 2024)",
        "Since electroacupuncture can reduce gut inflammation causing back pain, it can help regulate the intestinal "
        "flora by promoting intestinal motility and blocking the pain signals from affecting the back muscles. "
        "(An et al., 2022)",
        "Since electroacupuncture can be combined with other therapies, it can effectively reduce body weight and "
        "restore digestion and absorption to shape the gut microbiota. (Xia et al., 2022)",
        "Imbalances in gut microbiota are associated with obesity, type 2 diabetes, and neuropathic pain (Chen et al., 2021).",
        "VSL#3: A mixture of eight bacterial strains is effective in promoting gut and nerve health (Chen et al., 2021).",
        "SCFAs: Reduced levels of SCFAs can disrupt gut health and exacerbate neuroinflammation (Chen et al., 2021).",
        # Treatments recommended, health claims, safety claims.
        "Acupuncture can help reduce back pain.",
        "Massularia Acuminata (MA) is an aphrodisiac herb from Yoruba medicine of Nigeria.",
        "Zigbir is safe to take every day, even at high doses [4].",
        "Stress early in life leaves lasting marks on the brain [5].",
    ],
)
def test_unqualified_health_claims_are_about_people(sentence):
    reading = read_sentence(sentence)
    assert reading.about_people, reading
    assert reading.cue


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("In mice, probiotics reduced pain in the paw.", "animal"),
        ("Animal studies suggest that electroacupuncture lowers blood glucose (An et al., 2022).", "animal"),
        ("In a rat model of neuropathic pain, the gut microbiota changed.", "animal"),
        ("Obese people have more efficient gut flora, as shown in mice.", "animal"),
        ("Beagles given the drug regained strength faster [12].", "animal"),
        ("Humans share these expression patterns with songbirds (Teramitsu et al. 2004).", "animal"),
        ("In vitro, curcumin suppressed gluconeogenic genes.", "in_vitro"),
        ("In HEK293T cells, PCB153 caused large chromosomal deletions [9].", "in_vitro"),
        ("Curcumin activated AMPK in human hepatoma cells.", "in_vitro"),
    ],
)
def test_sentences_that_say_their_evidence_is_not_human(sentence, reason):
    reading = read_sentence(sentence)
    assert not reading.about_people
    assert reading.reason == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Gut microbiota produce short-chain fatty acids (SCFAs), which have anti-inflammatory properties.",
        "A Nature commentary by Colgin and Moser helps to make sense of the problem:",
        "The rate of migration increased with the ratio of the two fatty acids.",
        "Liver samples were stored at minus 80 degrees until analysis [8].",
        "Here is part of the abstract of Gavrilov et al. (1997):",
    ],
)
def test_sentences_that_claim_nothing_about_people(sentence):
    assert not read_sentence(sentence).about_people


def test_citation_names_do_not_count():
    # "Ratna" and "Mann" in citations are not rats or men.
    assert not read_sentence("The model was fitted as described (Ratna et al., 2023; Mann, 2019).").about_people


def test_pets_fish_oil_and_reagents_are_not_animal_framing():
    assert read_sentence("Fish oil lowers blood triglycerides in overweight adults [12].").about_people
    assert read_sentence("Owning a dog lowers blood pressure in older adults.").about_people
    assert read_sentence("Cultured yogurt can improve digestion in older adults.").about_people


def test_paragraph_that_says_rats_frames_a_sentence_without_people_words():
    sentence = "Lower doses seem more effective, with 50mg/kg bodyweight increasing testosterone more than 200mg/kg.[1]"
    assert read_sentence(sentence).about_people
    context = "The 1000mg/kg group had a spike above the expected value. These studies were conducted in otherwise healthy rats."
    reading = read_sentence(sentence, context)
    assert not reading.about_people
    assert reading.reason == "animal-context"
    assert reading.cue == "rats"


def test_sentence_that_names_people_is_not_excused_by_its_paragraph():
    reading = read_sentence("Massularia boosts testosterone in men.[1]", "Earlier work was done in rats.")
    assert reading.about_people
    assert reading.reason == "people"


def test_reading_is_truthy():
    assert read_sentence("Patients improved.")
    assert not read_sentence("In rats, nothing changed.")


@pytest.mark.parametrize(
    "sentence, cue",
    [
        (
            "In a study of albino and pigmented catfish, albino individuals showed fewer aggressive interactions "
            "and were more often on the receiving end of attacks (Slavík et al., 2016).",
            "study of albino and pigmented catfish",
        ),
        ("In catfish, albino individuals were attacked more often.", "In catfish"),
        ("In an experiment with three cichlids, individuals that lost a fight ate less.", "experiment with three cichlids"),
        (
            "The discussion then moved to memory: place cells replay recent experience in reverse order while an "
            "animal is awake [5].",
            "an animal",
        ),
    ],
)
def test_sentences_that_name_their_animal_subjects_are_not_about_people(sentence, cue):
    reading = read_sentence(sentence)
    assert not reading.about_people
    assert reading.reason == "animal"
    assert reading.cue == cue


@pytest.mark.parametrize(
    "sentence, cue",
    [
        # The animal is named, but not as the subjects of the study.
        ("In a study of 300 adults, individuals who ate catfish twice a week had lower blood pressure.", "adults"),
        ("In a study of adults who kept pet goldfish, individuals reported less stress.", "adults"),
        ("Individuals who keep goldfish report lower stress and better sleep.", "Individuals"),
        ("Eating an animal protein diet can raise cholesterol in adults.", "adults"),
    ],
)
def test_people_sentences_that_mention_an_animal_elsewhere_stay_about_people(sentence, cue):
    reading = read_sentence(sentence)
    assert reading.about_people
    assert reading.reason == "people"
    assert reading.cue == cue


@pytest.mark.parametrize(
    "sentence",
    [
        # A title quoted in the sentence does not say what the evidence was.
        'As the review "Of Mice and Men" explains, probiotics can ease anxiety (Smith et al., 2020).',
        "The review Of Mice and Men reminds us that probiotics can ease anxiety (Smith et al., 2020).",
        # The animal gives an organ: the people are the subjects.
        "Patients who receive a pig heart need strong drugs to prevent rejection (Griffith et al., 2022).",
    ],
)
def test_titles_and_organ_donors_do_not_frame_a_sentence_as_animal(sentence):
    reading = read_sentence(sentence)
    assert reading.about_people, reading


def test_animals_outside_the_laboratory_table_frame_a_sentence_where_they_are_the_subjects():
    assert read_sentence("In a study of copepods, warming reduced egg production (Lee et al., 2019).").reason == "animal"
    assert read_sentence("In grasshoppers, protein-rich diets shortened life (Kim et al., 2020).").reason == "animal"
    # Named elsewhere, they do not: the claim is about people.
    reading = read_sentence("Eating oysters twice a week can raise testosterone in men (Lee et al., 2019).")
    assert reading.about_people and reading.reason == "people"


@pytest.mark.parametrize(
    "sentence",
    [
        # Implied claims: promises of treatment and health, with no people named.
        "Turmeric is a promising treatment for arthritis (Lee et al., 2020).",
        "Garlic may help reduce clotting (Kim, 2019).",
        "Green tea supports healthy weight (Ng et al., 2018).",
        "Fermented foods may reduce inflammation in your gut (Park, 2021).",
        "This herb could be a natural remedy against colds [3].",
        "Vitamin C shortens colds (Hemila, 2013).",
    ],
)
def test_implied_claims_about_people(sentence):
    reading = read_sentence(sentence)
    assert reading.about_people, reading
    assert reading.cue


@pytest.mark.parametrize(
    "sentence",
    [
        "Copepods are the most abundant animals in the ocean (Humes, 1994).",
        "Birdsong is learned during a sensitive period (Doupe, 1999).",
        "The concentration of butyrate increased with dietary fibre (Louis, 2017).",
        "Telomerase adds repeats to chromosome ends (Greider, 1985).",
    ],
)
def test_statements_about_other_things_are_not_claims_about_people(sentence):
    assert not read_sentence(sentence).about_people
