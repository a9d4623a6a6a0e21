"""Cell-culture and laboratory work told by its own words, and reviews that say what they are.

Every cue is checked both ways: the words of a cell study make it `in_vitro`, and a study of people
that uses the same words (cell viability of blood samples, cells grown from patients' stem cells and
given back to them) stays a study of people.
"""

from __future__ import annotations

import pytest

from citecheck.evidence import classify_text, read_sentence
from citecheck.evidence import vocabulary as v
from citecheck.model import EvidenceKind as K

# ------------------------------------------------------------------ named cell lines (data file)


@pytest.mark.parametrize("text", [
    "Apigenin slows the growth of HeLa", "HEK-293 were transiently co-expressing", "in Hep G2 and Huh7",
    "RAW264.7 macrophages", "THP-1 derived macrophages", "Caco2 and HT-29 monolayers", "MCF7 and MDA-MB-231",
    "the CHO-S expression system", "Raji cells", "CHO cells", "Jurkat T lymphocytes",
])
def test_cell_lines_are_named_in_their_usual_spellings(text):
    assert v.CELL_LINES.search(text)


@pytest.mark.parametrize("text", [
    "Ramos and colleagues found", "carbohydrate (CHO) intake during exercise", "the first principal component (PC3)",
    "hexokinase (HK-2) expression", "a KB of memory", "Ishikawa et al. reported",
])
def test_names_that_are_also_words_or_surnames_need_the_word_cells(text):
    assert not v.CELL_LINES.search(text)


def test_a_named_cell_line_without_the_word_cells_is_cell_work():
    evidence = classify_text(
        "Sulforaphane and colon cancer",
        "Colorectal cancer kills many patients. HCT116 and SW620 were treated with sulforaphane for 48 h, "
        "and apoptosis was measured by flow cytometry.",
    )
    assert evidence.kind is K.IN_VITRO


def test_a_sentence_that_names_a_cell_line_says_its_evidence_is_cells():
    reading = read_sentence("Ginger extract stopped Hep G2 from multiplying (Lim et al., 2020).")
    assert not reading.about_people and reading.reason == "in_vitro"


# ------------------------------------------------------------------ the methods of cell culture


def test_methods_before_the_first_result_count_as_methods():
    # The cell line is named in the first sentences, before any "we found": they are methods, not background.
    evidence = classify_text(
        "Zinc and rhinovirus",
        "Colds are a burden for adults and children. Zinc gluconate was added to HeLa monolayers infected "
        "with rhinovirus. Viral replication was measured by plaque assay.",
    )
    assert evidence.kind is K.IN_VITRO


def test_primary_cells_isolated_from_donors_are_cell_work():
    evidence = classify_text(
        "Calcitriol and T-cell cytokines",
        "Vitamin D deficiency is common among patients with lupus. Peripheral blood mononuclear cells were "
        "isolated from ten healthy donors and stimulated in vitro. Calcitriol reduced IL-17 secretion. "
        "Vitamin D may thus help to control autoimmunity in patients.",
    )
    assert evidence.kind is K.IN_VITRO


@pytest.mark.parametrize("title", [
    "Resveratrol protects primary cortical neurons from glutamate",
    "Butyrate tightens epithelial monolayers",
    "Co-culture of adipocytes and macrophages with green tea catechins",
    "Cannabidiol lowers amyloid toxicity in neuronal cultures",
])
def test_cell_culture_words_in_a_title(title):
    evidence = classify_text(title, None)
    assert evidence.kind is K.IN_VITRO and evidence.confidence == "high"


def test_cell_growth_named_with_no_organism_is_weak_cell_work():
    evidence = classify_text("Reishi extract slows cancer cell growth", None)
    assert evidence.kind is K.IN_VITRO and evidence.confidence == "low"


def test_cell_viability_of_blood_samples_in_a_trial_is_a_study_of_people():
    evidence = classify_text(
        "Vitamin C and lymphocytes in smokers",
        "In a randomised, placebo-controlled trial, 60 smokers received vitamin C or placebo. Blood samples "
        "were collected and the cell viability of lymphocytes was measured.",
    )
    assert evidence.kind is K.HUMAN


def test_cells_grown_in_vitro_and_given_to_patients_is_a_study_of_people():
    evidence = classify_text(
        "Stem cells for knee osteoarthritis",
        "Stem cells may regrow cartilage. Twenty patients received injections of their own stem cells that "
        "were cultured and expanded in vitro. Pain improved at one year.",
    )
    assert evidence.kind is K.HUMAN


def test_in_vitro_background_does_not_make_a_trial_mixed():
    evidence = classify_text(
        "Turmeric for knee pain",
        "Curcumin is anti-inflammatory in vitro and in animal models. We randomised 120 patients with knee "
        "osteoarthritis to curcumin or placebo. Pain fell more with curcumin.",
    )
    assert evidence.kind is K.HUMAN


# ------------------------------------------------------------------ microbes, enzymes, bench methods


@pytest.mark.parametrize("title", [
    "Antibacterial activity of manuka honey against Staphylococcus aureus",
    "Whole-genome sequencing of a Lactobacillus plantarum strain from kimchi",
    "Purification of a novel lipase from Bacillus subtilis",
    "Crystal structure of the bitter taste receptor bound to quinine",
    "Molecular docking of flavonoids with the main protease",
])
def test_microbes_enzymes_and_bench_methods_make_laboratory_work(title):
    evidence = classify_text(title, None)
    assert evidence.kind is K.IN_VITRO and evidence.confidence == "low"


@pytest.mark.parametrize("title", [
    "Helicobacter pylori eradication and gastric cancer incidence",
    "Serum lipase and amylase in acute pancreatitis",
    "Proton pump inhibitors and the risk of Clostridium difficile",
    "Lactobacillus drops for colic in infants",
])
def test_a_microbe_or_enzymes_alone_say_nothing(title):
    assert classify_text(title, None).kind is not K.IN_VITRO


# ------------------------------------------------------------------ reviews


@pytest.mark.parametrize("abstract", [
    "Inflammatory bowel disease affects many people. This article reviews the evidence for boswellia, from "
    "in vitro studies and animal models to clinical trials in patients.",
    "Obesity runs in families. In this mini-review, we highlight the main epigenetic findings.",
    "A literature search of PubMed and Embase was run for studies published since 2000. Thirty-one studies "
    "met the inclusion criteria; most cohorts reported a link between nut intake and memory.",
    "Autophagy fails in Parkinson's disease. Evidence from cell culture, fly models and patient brains is "
    "discussed, with the prospects of drugs that restore it.",
    "Polyphenols reach the colon. This paper provides a concise overview of their fermentation by gut "
    "bacteria, from in vitro fermentation studies and animal experiments to human trials.",
    "Sleep shapes memory. We examine the evidence from studies in rodents and humans that spindles matter.",
])
def test_a_review_that_says_so_in_its_abstract(abstract):
    assert classify_text("Mechanisms and more", abstract).kind is K.REVIEW


def test_a_study_that_discusses_the_literature_is_still_a_study():
    mice = classify_text(
        "A probiotic in obese mice",
        "High-fat diet-fed mice received a probiotic for 8 weeks. Body weight gain was reduced. Recent advances "
        "in probiotic research are discussed.",
    )
    assert mice.kind is K.ANIMAL
    records = classify_text(
        "Sepsis outcomes", "The medical records of 210 patients with sepsis were reviewed. Early antibiotics "
        "were associated with survival.",
    )
    assert records.kind is K.HUMAN


@pytest.mark.parametrize("title", [
    "Gut microbes and mood: from mechanisms to therapy",
    "Resveratrol and ageing: a critical appraisal",
    "Omega-3 and the brain: a minireview",
    "Nrf2 activators in the clinic: promise and pitfalls",
])
def test_titles_that_read_as_reviews(title):
    evidence = classify_text(title, None)
    assert evidence.kind is K.REVIEW and evidence.confidence == "low"


def test_a_title_naming_animals_with_a_review_phrase_reports_an_experiment():
    assert classify_text("Berberine lowers lipids in hamsters: possible mechanisms", None).kind is K.ANIMAL
