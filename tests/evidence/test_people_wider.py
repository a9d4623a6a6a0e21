"""The sentence reader beyond its short lists: WordNet's people and diseases, animals as a sentence's subject,
words shared by people and animals, and cell work said in plain words."""

from __future__ import annotations

import pytest

from citecheck.evidence import read_sentence
from citecheck.evidence import people


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("Cyclists with sore knees could benefit from kinesiology tape (Ross, 2019).", "Cyclists"),
        ("Retirees who garden sleep longer (Ito, 2020).", "Retirees"),
        ("Nearly a third of two-year-olds in the survey were short of iron [4].", "two-year-olds"),
    ],
)
def test_people_named_by_words_outside_the_short_list(sentence, cue):
    reading = read_sentence(sentence)
    assert reading.about_people and reading.reason == "people"
    assert reading.cue == cue


@pytest.mark.parametrize(
    "sentence",
    [
        "Researchers found that the compound binds the receptor (Ode, 2018).",
        "Lopez and colleagues described the enzyme in detail (Lopez, 2017).",
        "Experts believe the protein folds in two steps (Ward, 2015).",
        "Foragers from honeybee colonies return with less pollen after rain (Hall, 2021).",
        "Migrants reach the breeding grounds earlier each spring (Both, 2006).",
        "Dominant singers across the animal kingdom defend larger territories [2].",
    ],
)
def test_people_words_that_name_researchers_or_animals_are_not_claims(sentence):
    assert not read_sentence(sentence).about_people


@pytest.mark.parametrize(
    "sentence",
    [
        "A protease blocker could ease pancreatitis (Ruiz, 2016).",
        "Poor sleep goes hand in hand with migraines (Lam, 2014).",
        "Extracts of lion's mane mushrooms may sharpen memory (Mori, 2009).",
        "Bee stings may ease the pain of arthritis (Lee, 2005).",
    ],
)
def test_health_claims_read_from_wordnet_conditions_and_plant_names(sentence):
    assert read_sentence(sentence).about_people


def test_conditions_and_people_come_from_wordnet_with_provenance():
    assert "pancreatitis" in people._diseases()[0]
    assert "burn" not in people._diseases()[0]  # also a verb
    nouns = people._people_nouns()
    assert "cyclists" in nouns and len(nouns) > 3000
    assert not {"researchers", "scientists", "colleagues", "promoters", "mediators"} & nouns
    for name in ("people.txt", "diseases.txt"):
        assert any("WordNet 3.0" in line and "licence" in line for line in
                   people.resources.files("citecheck.evidence").joinpath(f"data/{name}").read_text().splitlines()[:3])


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("Young axolotls regrow a lost limb within weeks (Tanaka, 2016).", "Young axolotls"),
        ("Female guppies kept apart from males grow larger (Reznick, 2001).", "Female guppies"),
        ("Newly hatched alligators grow more slowly in cold nests (Lance, 2003).", "Newly hatched alligators"),
    ],
)
def test_a_sentence_that_opens_with_animals_is_about_them(sentence, cue):
    reading = read_sentence(sentence)
    assert not reading.about_people
    assert reading.reason == "animal" and reading.cue == cue


def test_people_or_the_reader_named_beside_an_opening_animal_still_count():
    assert read_sentence("Sardines keep your heart healthy (Berg, 2012).").reason == "reader"
    assert read_sentence("Oysters eaten raw can make people ill [3].").reason == "people"


def test_words_shared_by_people_and_animals_follow_the_paragraph():
    sentence = "Pretreatment kept blood pressure stable in the survivors (Varga, 1990)."
    context = "Piglets were given endotoxin to induce shock. Half of them died within six hours."
    assert read_sentence(sentence).about_people
    reading = read_sentence(sentence, context)
    assert not reading.about_people and reading.reason == "animal-context"


def test_cells_grown_in_the_lab_frame_the_sentence():
    reading = read_sentence("In liver cells grown in the lab, the drug silenced genes for glucose output [6].")
    assert not reading.about_people and reading.reason == "in_vitro"
