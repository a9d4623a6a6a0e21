"""Animal names from the shipped NCBI Taxonomy / WordNet list, and where they do not name animals."""

from __future__ import annotations

import pytest

from citecheck.evidence import organisms
from citecheck.evidence import vocabulary as v


def found(text: str) -> list[tuple[str, str]]:
    return [(o.text, o.label) for o in organisms.find(text)]


def test_the_list_says_where_it_comes_from_and_under_which_licence():
    header = " ".join(organisms.names().header)
    assert "NCBI Taxonomy" in header and "public domain" in header
    assert "WordNet 3.0" in header and "licence" in header
    # Broad, not a hand list: tens of thousands of names of each sort.
    data = organisms.names()
    assert len(data.common) > 50_000 and len(data.scientific) > 80_000 and len(data.epithets) > 100_000


@pytest.mark.parametrize(
    "text, name, label",
    [
        ("Wing length of grasshoppers reared at two temperatures", "grasshoppers", "grasshoppers"),
        ("Copepods fed on diatoms grew faster.", "Copepods", "copepods"),
        ("Nest success of red-eyed vireos in fragmented forest", "red-eyed vireos", "red-eyed vireos"),
        ("Song learning in vireos", "vireos", "vireos"),
        ("Macaca were trained on a reaching task.", "Macaca", "Macaca"),
        ("Juvenile hormone in Rhodnius prolixus nymphs", "Rhodnius prolixus", "Rhodnius prolixus"),
        ("Blood feeding by the kissing bug", "kissing bug", "kissing bugs"),
        ("Caddisflies with scraping mouthparts", "Caddisflies", "caddisflies"),
        ("The Hymenoptera of the region", "Hymenoptera", "Hymenoptera"),
    ],
)
def test_animals_outside_the_laboratory_table_are_found(text, name, label):
    assert (name, label) in found(text)


def test_an_abbreviated_binomial_counts_once_the_full_name_was_given():
    text = "Rhodnius prolixus moults after a blood meal. In R. prolixus, ecdysone rises."
    assert [label for _, label in found(text)] == ["Rhodnius prolixus", "Rhodnius prolixus"]
    # Without the full name, "E. coli" or "S. aureus" name no animal.
    assert found("E. coli and S. aureus were grown overnight.") == []


@pytest.mark.parametrize(
    "text",
    [
        "FISH analysis showed the translocation.",  # fluorescence in situ hybridisation
        "CAT activity and BAT thermogenesis rose.",  # catalase, brown adipose tissue
        "This indicates a role for the receptor.",  # "This" is a genus that needs its species name
        "Data demonstrates that clinicians disagree.",
        "Parma et al. measured the index.",  # a genus that is also a surname and a city
        "Eating your own Dog Food helps, as Bullock suggested.",  # names in prose
        "a triple hélice social",  # "lice" inside a word with an accent
        "see articles.asp?ID=160",
        "Jutaan orang berpartisipasi das",  # Indonesian and German words that WordNet knows as animals
    ],
)
def test_words_that_only_look_like_animal_names(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The sequences were sorted with the fish-out tool.",
        "A Grey Wolf Optimizer tuned the model.",
        "Bee venom relieved knee pain.",
        "Snail mucin creams are popular.",
    ],
)
def test_tools_and_materials_named_after_animals_are_not_subjects(text):
    assert list(v.species_in(v.mask(text))) == []


def test_the_laboratory_table_keeps_its_labels():
    labels = [label for label, _ in v.species_in("Mice and rats, then zebrafish and copepods")]
    assert labels == ["mice", "rats", "zebrafish", "copepods"]


def test_stages_of_development_and_a_foreign_word_are_not_animals():
    assert found("Serological evidence of Brucella abortus in cattle herds") == []
    assert found("A Prova Brasil e sua influência na organização do currículo escolar") == []


@pytest.mark.parametrize(
    "text, name",
    [
        # WordNet lists the leather or a person first, but its concordance tags the animal as often.
        ("Hatchling alligators grow faster in warm nests.", "alligators"),
        ("Home ranges of tigers in a reserve", "tigers"),
        # A genus shared with a microbe counts in its animal species only.
        ("Egg laying in the stick insect Bacillus rossius", "Bacillus rossius"),
    ],
)
def test_names_the_broader_rules_add(text, name):
    assert name in [o.text for o in organisms.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Spores of Bacillus subtilis survive boiling.",
        "Urinary isolates of Proteus mirabilis",
        "The pacemaker does not help the patient.",
    ],
)
def test_bacteria_and_common_words_are_not_animals(text):
    assert found(text) == []
