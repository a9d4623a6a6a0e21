"""Reading a work's own words: laboratory work with no living subject, case reports, reviews that say so."""

from __future__ import annotations

from citecheck.evidence import classify, classify_text
from citecheck.model import EvidenceKind as K


def test_assays_and_microbial_strains_with_no_subject_are_laboratory_work():
    evidence = classify_text(
        "Urease inhibition by phosphinic acids: enzyme kinetics and whole-cell activity against Proteus mirabilis",
        "Twelve phosphinates were tested against the purified enzyme and against bacterial strains. "
        "Inhibition constants were determined, and the minimum inhibitory concentration was measured on agar.",
    )
    assert evidence.kind is K.IN_VITRO
    assert evidence.confidence == "high"
    assert "enzyme kinetics" in evidence.basis


def test_chromatography_of_a_plant_extract_is_laboratory_work():
    evidence = classify("Polyphenols of rosemary leaves: HPLC determination and DPPH radical scavenging")
    assert evidence.kind is K.IN_VITRO
    assert evidence.confidence == "low"  # a title alone


def test_one_laboratory_word_alone_says_nothing():
    assert classify_text("Collagen synthesis and the ageing of skin", None).kind is K.UNKNOWN


def test_laboratory_words_do_not_outweigh_people_or_animals():
    people = classify_text(
        "Plasma carotenoids measured by HPLC in 300 adults", "Participants gave blood; HPLC and mass spectrometry were used."
    )
    assert people.kind is K.HUMAN
    animals = classify_text("Liver enzyme activity assays in rats fed fructose", None)
    assert animals.kind is K.ANIMAL


def test_named_cell_types_without_an_organism_are_cell_work():
    evidence = classify_text("Quercetin slows the migration of keratinocytes", None)
    assert evidence.kind is K.IN_VITRO


def test_a_case_report_is_a_study_of_a_person_even_when_it_discusses():
    evidence = classify_text(
        "Hiccups after a single dose of dexamethasone",
        "A case of persistent hiccups following dexamethasone is reported. The mechanism in the patient "
        "described is discussed in the light of earlier reports.",
    )
    assert evidence.kind is K.HUMAN


def test_a_review_that_says_what_it_does_without_the_word_review():
    evidence = classify_text(
        "Sirtuins in sepsis",
        "Sirtuins link metabolism and inflammation. In this paper, we highlight current understanding of their "
        "roles during sepsis and how they might be targeted by future therapies.",
    )
    assert evidence.kind is K.REVIEW


def test_review_wording_does_not_win_over_an_experiment():
    evidence = classify_text(
        "Sirtuin 1 in septic mice",
        "In this paper, we highlight a role of sirtuin 1. Mice were injected with endotoxin and we measured "
        "survival over five days.",
    )
    assert evidence.kind is K.ANIMAL


def test_a_title_that_announces_an_update_is_a_review():
    evidence = classify_text("Gut hormones and appetite: an update", None)
    assert evidence.kind is K.REVIEW
    assert evidence.confidence == "low"  # its own wording, no more


def test_a_bacterium_that_shares_its_genus_with_an_insect_is_no_animal():
    # "Bacillus" names a stick insect as well; only the insect's own species name makes it an animal.
    evidence = classify_text(
        "Biofilm formation by Bacillus subtilis strains on stainless steel",
        "Strains were grown on agar and biofilm biomass was measured by crystal violet assay.",
    )
    assert evidence.kind is K.IN_VITRO


def test_methods_said_with_an_adverb_mark_where_the_study_starts():
    # "were randomly assigned" opens the methods: the rats are the subjects, not background.
    evidence = classify(
        "Insulin protects the intestinal barrier during sepsis",
        "The intestinal barrier may matter in sepsis. Adult male Wistar rats were randomly assigned to four groups. "
        "Ileum samples were collected after 24 hours.",
        pubmed_checked=False,
    )
    assert evidence.kind is K.ANIMAL
    assert evidence.confidence == "high"


def test_a_cell_study_that_opens_with_the_patients_it_hopes_to_help_is_cell_work():
    # No "here we" sentence: the opening line about women counts in full, and the cells named with their
    # organism, with the words of culture, still outweigh it.
    evidence = classify_text(
        "Resveratrol and the invasion of human breast cancer cells",
        "Breast cancer kills many women each year. Resveratrol lowered the invasion of human breast cancer "
        "cells through Matrigel, and human breast cancer cells lost their spindle shape.",
    )
    assert evidence.kind is K.IN_VITRO


def test_bench_methods_with_no_organism_are_laboratory_work():
    evidence = classify_text(
        "A kinase that phosphorylates its own activator",
        "The kinase was expressed from a plasmid, and its catalytic activity was followed by western blotting "
        "and a luciferase reporter assay.",
    )
    assert evidence.kind is K.IN_VITRO
