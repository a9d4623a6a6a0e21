"""Work classification: PubMed MeSH and publication types first, then the abstract, then the title."""

from __future__ import annotations

import pytest

from citecheck.evidence import classify, classify_pubmed, classify_text, evidence_from_json
from citecheck.evidence.kinds import PubMedRecord
from citecheck.model import Evidence, EvidenceKind as K


def record(mesh=(), types=("Journal Article",), abstract=None, title=None, pmid="1"):
    return PubMedRecord(pmid=pmid, title=title, abstract=abstract, mesh=tuple(mesh), publication_types=tuple(types))


# ------------------------------------------------------------------ PubMed


def test_mesh_animals_and_mice_is_an_animal_study():
    evidence = classify_pubmed(record(["Animals", "Mice", "Obesity"]))
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("mice",)
    assert evidence.source == "pubmed-mesh"
    assert evidence.basis == "PubMed MeSH: Animals, Mice"


def test_mesh_species_variants_map_to_one_label():
    evidence = classify_pubmed(record(["Animals", "Rats, Sprague-Dawley", "Rats", "Guinea Pigs", "Swine, Miniature"]))
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("rats", "guinea pigs", "pigs")


def test_mesh_humans_and_animals_is_mixed():
    evidence = classify_pubmed(record(["Humans", "Animals", "Mice", "Adult"]))
    assert evidence.kind is K.MIXED
    assert evidence.species == ("mice",)


def test_review_type_wins_over_mixed_mesh():
    evidence = classify_pubmed(record(["Humans", "Animals"], types=("Journal Article", "Review")))
    assert evidence.kind is K.REVIEW
    assert evidence.source == "pubmed-type"
    assert evidence.basis == "PubMed publication type: Review"


def test_review_of_animal_studies_only_is_animal():
    evidence = classify_pubmed(record(["Animals", "Rats"], types=("Systematic Review", "Meta-Analysis")))
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("rats",)
    assert "no Humans" in evidence.basis


@pytest.mark.parametrize("kind", ["Editorial", "Comment", "Letter", "News"])
def test_editorial_types(kind):
    assert classify_pubmed(record(["Humans"], types=(kind,))).kind is K.EDITORIAL


def test_human_cell_line_without_people_is_in_vitro():
    evidence = classify_pubmed(record(["Humans", "Cell Line, Tumor", "Apoptosis"]))
    assert evidence.kind is K.IN_VITRO
    assert evidence.species == ("human",)


def test_named_cell_line_descriptor_counts_as_culture():
    assert classify_pubmed(record(["Humans", "HEK293 Cells"])).kind is K.IN_VITRO


def test_humans_with_age_tags_and_cells_is_human():
    # Patients' samples analysed alongside a cell line: people were studied.
    assert classify_pubmed(record(["Humans", "Adult", "Middle Aged", "Cells, Cultured"])).kind is K.HUMAN


def test_xenograft_human_cells_in_mice_is_animal():
    evidence = classify_pubmed(record(["Humans", "Animals", "Mice, Nude", "Cell Line, Tumor", "Xenograft Model Antitumor Assays"]))
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("mice",)


def test_animal_cells_are_in_vitro_unless_the_text_shows_live_animals():
    cells = record(["Animals", "Rats", "Hepatocytes", "Cells, Cultured"])
    assert classify_pubmed(cells).kind is K.IN_VITRO
    assert classify_pubmed(cells).species == ("rats",)
    live = Evidence(K.ANIMAL, ("rats",))
    assert classify_pubmed(cells, live).kind is K.ANIMAL


def test_clinical_trial_type_without_mesh_is_human():
    evidence = classify_pubmed(record([], types=("Randomized Controlled Trial",)))
    assert evidence.kind is K.HUMAN
    assert evidence.source == "pubmed-type"


def test_veterinary_trial_with_dog_mesh_is_animal():
    assert classify_pubmed(record(["Animals", "Dogs"], types=("Randomized Controlled Trial",))).kind is K.ANIMAL


def test_record_without_mesh_says_nothing():
    assert classify_pubmed(record([])) is None
    assert classify_pubmed(record(["Obesity", "Gastrointestinal Microbiome"])) is None


def test_no_mesh_yet_does_not_mean_human():
    # Indexed later: no check tags, and a title that names nobody.
    evidence = classify("Alterations in the gut microbiota and metabolite profiles in the context of neuropathic pain",
                        None, record([], pmid="99000007"))
    assert evidence.kind is K.UNKNOWN
    assert evidence.pmid == "99000007"
    assert evidence.confidence == "low"


def test_pubmed_abstract_is_read_when_mesh_is_missing():
    abstract = ("Comparisons of the gut microbiota of obese mice and their lean littermates, as well as of obese and "
                "lean human volunteers, have revealed differences. Here we demonstrate through metagenomic analyses "
                "that these changes affect the mouse gut microbiota. Colonization of germ-free mice with an obese "
                "microbiota results in a greater increase in body fat.")
    evidence = classify("An obesity-associated gut microbiome", None, record([], abstract=abstract, pmid="17183312"))
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("mice",)
    assert evidence.source == "abstract"
    assert evidence.pmid == "17183312"


# -------------------------------------------------------------------- text


@pytest.mark.parametrize(
    "title",
    [
        "Heart rate variability and the migration of workers",
        "The ratio of omega-3 to omega-6 fatty acids in Kirsten rat sarcoma viral oncogene assays",
        "Pirates and their rations",
        "Karate training and generation of strength",
    ],
)
def test_rat_inside_other_words_is_not_rats(title):
    assert classify_text(title, None).kind is not K.ANIMAL


def test_word_boundaries_still_find_rats():
    evidence = classify_text("Green tea in streptozotocin-induced diabetic rats", None)
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("rats",)
    assert evidence.source == "title"
    assert evidence.basis == "title: …tea in streptozotocin-induced diabetic rats"


def test_human_cells_transplanted_into_mice_is_animal():
    evidence = classify_text(
        "Human tumour cells transplanted into mice respond to curcumin",
        "We transplanted human colon cancer cells into nude mice and treated the mice with curcumin for 4 weeks.",
    )
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("mice",)


def test_patients_and_mice_is_mixed():
    evidence = classify_text(
        "Gut microbiota in patients and in mice with colitis",
        "We compared stool samples of 40 patients with colitis with those of healthy controls, and treated "
        "colitic mice with the bacteria enriched in patients.",
    )
    assert evidence.kind is K.MIXED
    assert evidence.species == ("mice",)


def test_mouse_derived_cell_line_is_in_vitro():
    evidence = classify_text(
        "Curcumin and a mouse-derived cell line",
        "RAW 264.7 macrophages, a mouse-derived cell line, were treated with curcumin in vitro.",
    )
    assert evidence.kind is K.IN_VITRO
    assert "mice" in evidence.species


def test_reagents_and_foods_are_not_study_animals():
    evidence = classify_text(
        "Fish oil in adults",
        "Adults took fish oil for 12 weeks. Sections were stained with a rabbit polyclonal antibody and goat "
        "anti-rabbit IgG; cells were grown in fetal bovine serum.",
    )
    assert evidence.kind is K.HUMAN


def test_background_sentence_about_people_does_not_make_an_animal_study_mixed():
    abstract = (
        "Obesity affects millions of people and many patients develop diabetes. Here we fed mice a high-fat diet "
        "and treated them with electroacupuncture. Body weight fell in the treated mice. These findings suggest "
        "a potential therapy for patients with obesity."
    )
    evidence = classify_text("Electroacupuncture and body weight", abstract)
    assert evidence.kind is K.ANIMAL
    assert evidence.source == "abstract"
    assert "mice" in evidence.basis


def test_adult_male_rats_are_rats_not_adults():
    evidence = classify_text("Exercise in adult male Wistar rats", None)
    assert evidence.kind is K.ANIMAL


def test_veterinary_case_report_patient_is_a_dog():
    evidence = classify_text(
        "Cutaneous disease in a boxer dog",
        "In this report an uncommon case of canine protothecosis is presented. Therapy applied in this patient "
        "proved effective only for footpad lesions. Canine protothecosis usually presents in disseminated form.",
    )
    assert evidence.kind is K.ANIMAL
    assert evidence.species == ("dogs",)


def test_review_words():
    assert classify_text("Gut microbiota and pain: a systematic review", None).kind is K.REVIEW
    assert classify_text("Phytoestrogens and NAFLD", "In this article, we review the published literature.").kind is K.REVIEW


def test_review_of_animal_models_in_the_title_is_animal():
    evidence = classify_text("Urate-lowering effects of polyphenols in animal models: systematic review and meta-analysis", None)
    assert evidence.kind is K.ANIMAL


def test_case_report_with_review_of_literature_is_human():
    assert classify_text("Air embolism in a 60-year-old man: a case report and review of the literature", None).kind is K.HUMAN


def test_editorial_title():
    assert classify_text("Editorial: the gut and back pain", None).kind is K.EDITORIAL


def test_nothing_to_read():
    evidence = classify_text(None, None)
    assert evidence.kind is K.UNKNOWN
    assert evidence.confidence == "low"


def test_title_without_subjects_is_unknown_not_human():
    assert classify_text("Telomerase activity coevolves with body mass not lifespan", None).kind is K.UNKNOWN


# --------------------------------------------------------------- confidence


def test_confidence_is_low_where_pubmed_could_have_said_otherwise():
    human = classify("Back pain in overweight and obese individuals", None, pubmed_checked=False)
    assert human.kind is K.HUMAN and human.confidence == "low"
    # A title alone that names the animals and nobody else is trusted; one that also names people, or
    # names the animals only through a word shared with people, stays a guess.
    mice = classify("Electroacupuncture in obese mice", None, pubmed_checked=False)
    assert mice.kind is K.ANIMAL and mice.confidence == "high"
    beside_people = classify("Rat models of human liver disease", None,
                             pubmed_checked=False)
    assert beside_people.kind is K.ANIMAL and beside_people.confidence == "low"
    shared = classify("Growth of juveniles in the zebrafish", None, pubmed_checked=False)
    assert shared.kind is K.ANIMAL and shared.confidence == "low"
    cultured = classify("Caffeine slows the growth of cultured HK-2 cells", None, pubmed_checked=False)
    assert cultured.kind is K.IN_VITRO and cultured.confidence == "high"
    cells_alone = classify("Caffeine and the growth of kidney cells", None, pubmed_checked=False)
    assert cells_alone.kind is K.IN_VITRO and cells_alone.confidence == "low"
    read = classify("Electroacupuncture in obese mice", "Obese mice were given electroacupuncture for 4 weeks.",
                    pubmed_checked=False)
    assert read.kind is K.ANIMAL and read.confidence == "high"
    checked = classify("Back pain", "We recruited 80 adults with back pain and measured their gut microbiota.")
    assert checked.kind is K.HUMAN and checked.confidence == "high"


def test_evidence_from_json_round_trip():
    evidence = Evidence(K.ANIMAL, ("rats",), "pubmed-mesh", "99000007", "PubMed MeSH: Animals, Rats", "high")
    assert evidence_from_json(evidence.as_json()) == evidence
    assert evidence_from_json({"kind": "in_vitro"}) == Evidence(K.IN_VITRO)


def test_long_input_without_spaces_completes():
    # A 200 kB line without spaces: the patterns are bounded, so this returns (a hang would fail the suite).
    text = "a" * 200_000 + " in mice " + "rat" * 50_000
    assert classify_text(text[:300], text).kind is K.ANIMAL


def test_neuron_types_named_cells_are_not_cell_culture():
    title = "Reverse replay of behavioural sequences in hippocampal place cells during the awake state"
    assert classify_text(title, None).kind is not K.IN_VITRO
    assert classify_text("Apoptosis in cultured HeLa cells", None).kind is K.IN_VITRO


# ------------------------------------------------ studies outside the laboratory table


@pytest.mark.parametrize(
    "title, abstract, species",
    [
        ("Blood meal size and moulting in Rhodnius prolixus", None, "Rhodnius prolixus"),
        ("Copper toxicity in a marine copepod", None, "copepods"),
        ("Territory size of breeding vireos in fragmented forest", None, "vireos"),
        ("Working memory in Macaca", None, "primates"),  # the laboratory table names it
        ("Thermal tolerance of grasshoppers along an elevation gradient", None, "grasshoppers"),
        ("Neural mechanisms of birdsong learning", None, "birds"),
        # Words shared by people and animals belong to the animals named.
        (
            "Temperature during development shapes wing size",
            "Drosophila melanogaster were reared at 18 or 25 °C. Flies were measured as adults, and adults "
            "reared in the cold had larger wings.",
            "flies",
        ),
        (
            "Mate choice in the field cricket",
            "We collected adult females in the field and recorded the responses of adult females to male song "
            "in the laboratory.",
            "field crickets",
        ),
    ],
)
def test_animals_outside_the_laboratory_table(title, abstract, species):
    evidence = classify_text(title, abstract)
    assert evidence.kind is K.ANIMAL, evidence
    assert species in evidence.species


@pytest.mark.parametrize(
    "title, abstract",
    [
        ("Glucose-stimulated insulin secretion in HIT-T15 Pancreatic β-Cells", None),
        ("Effects of an Extract on Cell Viability and Markers on the Cell Surface", None),
        ("Oxidative stress in HK-2 cells exposed to cisplatin", None),
        # A cell study whose opening sentence speaks of patients.
        (
            "Anti-proliferative effects of a plant alkaloid",
            "Cancer remains a leading cause of death among malignant patients. HeLa and MCF-7 cells were "
            "treated with the alkaloid for 48 h, and cell viability was measured by MTT assay.",
        ),
    ],
)
def test_cell_culture_by_shape_and_words(title, abstract):
    assert classify_text(title, abstract).kind is K.IN_VITRO


def test_cell_work_on_samples_from_people_stays_human():
    title = "A long noncoding RNA in airway epithelial cells in children with pneumonia"
    abstract = (
        "We measured the RNA in bronchoalveolar lavage fluid of children with pneumonia. Knockdown in vitro "
        "in A549 and BEAS-2B cells promoted inflammation."
    )
    assert classify_text(title, abstract).kind is K.HUMAN


def test_design_words_in_a_title_without_people_nouns():
    assert classify_text("A randomised trial of vitamin D for fracture prevention", None).kind is K.HUMAN


def test_organisms_in_tool_names_are_not_subjects():
    evidence = classify_text(
        "Sequencing marine samples with the fish-out tool", "We developed a fish-out tool to isolate sequences."
    )
    assert evidence.kind is K.UNKNOWN


def test_cell_work_added_to_work_in_vivo_is_an_animal_study():
    evidence = classify_text("Anti-inflammatory effects of an alga phlorotannin: in vitro and in vivo study", None)
    assert evidence.kind is K.ANIMAL and evidence.confidence == "low"
