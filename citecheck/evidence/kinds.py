"""What kind of study a cited work is: people, animals, cells, a review, an editorial.

Pure: the PubMed record (if any) and the Crossref work come in, an `Evidence`
goes out. Sources are trusted in this order (API-NOTES, "PubMed"):

1. PubMed publication types (Editorial, Review...) and MeSH check tags
   (Humans, Animals, Mice, Rats... and the cell-culture descriptors). They are
   assigned by NLM indexers who read the paper, so they are the best evidence.
   MeSH arrives only after indexing: a record without MeSH says nothing, and
   in particular "no Animals tag" never means a human study.
2. The abstract (PubMed's, else Crossref's, JATS already stripped), read with
   the title.
3. The title alone. A third of mouse-only papers do not say "mice" in the
   title, so a title that names no subjects gives `unknown`, not `human`.

Reading text, background sentences ("Obesity affects millions of people...")
and the closing outlook ("...a potential therapy for patients") count little:
what the authors did to whom is in between. "Human cells transplanted into
mice" is an animal study; "in patients and in mice" is mixed; a
"mouse-derived cell line" is cell culture. A text that names no people and no
animals but the methods of the laboratory (assays, chromatography, enzymes,
microbial strains: `data/lab_methods.txt`; microbes, `data/microbes.txt`) is
laboratory work, `in_vitro`; so is one that names a cell line
(`data/cell_lines.txt`) or the methods of cell culture ("primary cortical
neurons", "co-cultured", "epithelial monolayers") and no study of people. A
case described in the abstract is a study of a person; a review is known by
its own words ("this article reviews", "a literature search of PubMed",
"Evidence from ... is discussed") when nothing in the abstract reads as an
experiment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from citecheck.evidence import vocabulary as v
from citecheck.model import Evidence, EvidenceKind, Work

# ------------------------------------------------------------------ PubMed data


@dataclass(frozen=True)
class PubMedRecord:
    """What citecheck keeps of a PubMed `PubmedArticle`."""

    pmid: str
    title: str | None = None
    abstract: str | None = None
    mesh: tuple[str, ...] = ()
    publication_types: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    pmcid: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "pmid": self.pmid,
            "title": self.title,
            "abstract": self.abstract,
            "mesh": list(self.mesh),
            "publication_types": list(self.publication_types),
            "dois": list(self.dois),
            "pmcid": self.pmcid,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "PubMedRecord":
        return cls(
            pmid=str(data["pmid"]),
            title=data.get("title"),
            abstract=data.get("abstract"),
            mesh=tuple(data.get("mesh") or ()),
            publication_types=tuple(data.get("publication_types") or ()),
            dois=tuple(data.get("dois") or ()),
            pmcid=data.get("pmcid"),
        )


EDITORIAL_TYPES = {
    "editorial", "comment", "news", "newspaper article", "letter", "interview", "biography",
    "portrait", "lecture", "published erratum", "retraction of publication", "expression of concern",
    "personal narrative", "address", "autobiography",
}
REVIEW_TYPES = {
    "review", "systematic review", "meta-analysis", "network meta-analysis", "scoping review",
    "practice guideline", "guideline", "consensus development conference",
    "consensus development conference, nih", "umbrella review",
}
CLINICAL_TYPES = {
    "randomized controlled trial", "clinical trial", "clinical trial, phase i", "clinical trial, phase ii",
    "clinical trial, phase iii", "clinical trial, phase iv", "controlled clinical trial",
    "pragmatic clinical trial", "observational study", "case reports", "twin study", "clinical study",
    "equivalence trial", "adaptive clinical trial", "clinical trial, veterinary",
}

_MESH_SPECIES = [
    (re.compile(p), label)
    for p, label in (
        (r"^(?:Mice|Mus)\b", "mice"),
        (r"^(?:Rats|Rattus)\b", "rats"),
        (r"^Guinea Pigs$", "guinea pigs"),
        (r"^Dogs$", "dogs"),
        (r"^(?:Cats|Felis|Puma)\b", "cats"),
        (r"^(?:Swine|Sus scrofa|Minipig)", "pigs"),
        (r"^Rabbits$", "rabbits"),
        (r"^(?:Primates|Macaca|Haplorhini|Callithrix|Papio|Pan troglodytes|Cercopithec|Chlorocebus|Saimiri|Cebus)",
         "primates"),
        (r"^Zebrafish$", "zebrafish"),
        (r"^Drosophila", "flies"),
        (r"^Caenorhabditis", "worms"),
        (r"^(?:Cricetinae|Mesocricetus|Cricetulus)$", "hamsters"),
        (r"^Sheep", "sheep"),
        (r"^Cattle$", "cattle"),
        (r"^Horses$", "horses"),
        (r"^(?:Chickens|Chick Embryo)$", "chickens"),
        (r"^(?:Birds|Songbirds|Finches|Passeriformes)$", "birds"),
        (r"^Chiroptera$", "bats"),
        (r"^Xenopus", "frogs"),
        (r"^(?:Rodentia|Gerbillinae|Arvicolinae)$", "rodents"),
        (r"^Ferrets$", "ferrets"),
        (r"^(?:Fishes|Oryzias|Salmo)", "fish"),
        (r"^(?:Dolphins|Cetacea|Bottle-Nosed Dolphin|Whales)", "dolphins"),
    )
]
_MESH_ANIMAL_MODEL = {"disease models, animal", "models, animal"}
_MESH_CULTURE = {
    "cell line", "cell line, tumor", "cell line, transformed", "cells, cultured", "in vitro techniques",
    "cell culture techniques", "primary cell culture", "coculture techniques", "organoids",
    "cell culture techniques, three dimensional", "tissue culture techniques", "organ culture techniques",
    "human umbilical vein endothelial cells", "hela cells", "jurkat cells", "vero cells", "cos cells",
    "cho cells", "caco-2 cells",
}
_MESH_NAMED_CELLS = re.compile(r"^[A-Za-z0-9][\w.-]{0,14}\d[\w.-]{0,10} Cells$")
_MESH_PEOPLE_AGES = {
    "adult", "aged", "aged, 80 and over", "middle aged", "young adult", "adolescent", "child",
    "child, preschool", "infant", "infant, newborn",
}


def _is_culture(descriptor: str) -> bool:
    return descriptor.lower() in _MESH_CULTURE or bool(_MESH_NAMED_CELLS.match(descriptor))


def _species_of_mesh(mesh: Iterable[str]) -> list[str]:
    found: list[str] = []
    for descriptor in mesh:
        for pattern, label in _MESH_SPECIES:
            if pattern.search(descriptor) and label not in found:
                found.append(label)
    return found


def classify_pubmed(record: PubMedRecord, text_verdict: "Evidence | None" = None) -> Evidence | None:
    """Evidence from publication types and MeSH alone; None when they say nothing.

    `text_verdict` (from the abstract) only breaks one tie: an animal record
    tagged with cell-culture descriptors is cell work unless the text shows
    live animals.
    """
    types = {t.lower() for t in record.publication_types}
    mesh = list(record.mesh)
    lower = {m.lower() for m in mesh}
    species = _species_of_mesh(mesh)
    has_humans = "humans" in lower
    has_animals = "animals" in lower or bool(species) or bool(lower & _MESH_ANIMAL_MODEL)
    culture = [m for m in mesh if _is_culture(m)]
    ages = [m for m in mesh if m.lower() in _MESH_PEOPLE_AGES]
    pmid = record.pmid

    def tags(*extra: str) -> str:
        shown = [m for m in mesh if m.lower() in {"humans", "animals"}] + [
            m for m in mesh if _species_of_mesh([m])
        ]
        shown += [m for m in extra if m not in shown]
        return "PubMed MeSH: " + ", ".join(dict.fromkeys(shown))

    editorial = [t for t in record.publication_types if t.lower() in EDITORIAL_TYPES]
    if editorial:
        return Evidence(EvidenceKind.EDITORIAL, (), "pubmed-type", pmid, f"PubMed publication type: {editorial[0]}")
    review = [t for t in record.publication_types if t.lower() in REVIEW_TYPES]
    if review:
        if has_animals and not has_humans:
            # A review of animal studies carries no human evidence either.
            return Evidence(
                EvidenceKind.ANIMAL, tuple(species), "pubmed-mesh", pmid,
                f"PubMed publication type: {review[0]}; {tags()} (no Humans)",
            )
        return Evidence(EvidenceKind.REVIEW, (), "pubmed-type", pmid, f"PubMed publication type: {review[0]}")

    clinical = [t for t in record.publication_types if t.lower() in CLINICAL_TYPES]
    if has_humans and has_animals:
        if culture and not ages and not clinical:
            # Human cells grown in animals (xenografts): the living subjects are animals.
            return Evidence(EvidenceKind.ANIMAL, tuple(species), "pubmed-mesh", pmid, tags(*culture[:2]))
        return Evidence(EvidenceKind.MIXED, tuple(species), "pubmed-mesh", pmid, tags())
    if has_humans:
        if culture and not ages and not clinical:
            return Evidence(EvidenceKind.IN_VITRO, ("human",), "pubmed-mesh", pmid, tags(*culture[:2]))
        return Evidence(EvidenceKind.HUMAN, (), "pubmed-mesh", pmid, tags(*ages[:1]))
    if has_animals:
        live = text_verdict is not None and text_verdict.kind in (EvidenceKind.ANIMAL, EvidenceKind.MIXED)
        if culture and not live:
            return Evidence(EvidenceKind.IN_VITRO, tuple(species), "pubmed-mesh", pmid, tags(*culture[:2]))
        return Evidence(EvidenceKind.ANIMAL, tuple(species), "pubmed-mesh", pmid, tags())
    if culture:
        return Evidence(EvidenceKind.IN_VITRO, (), "pubmed-mesh", pmid, "PubMed MeSH: " + ", ".join(culture[:3]))
    if clinical:
        return Evidence(EvidenceKind.HUMAN, (), "pubmed-type", pmid, f"PubMed publication type: {clinical[0]}")
    return None


# ------------------------------------------------------------------ reading text

_SECTION = re.compile(
    r"^(?P<label>background|introduction|context|rationale|objectives?|aims?|purpose|"
    r"materials? and methods|methods? and results|methods?|methodology|design|setting|case|"
    r"results?|findings|conclusions?|interpretation|significance|summary|abstract)\b\s{0,3}[.:]?\s{0,3}",
    re.IGNORECASE,
)
_BACKGROUND_LABELS = {"background", "introduction", "context", "rationale"}
_CONCLUSION_LABELS = {"conclusion", "conclusions", "interpretation", "significance"}
_STUDY_INTRO = re.compile(
    r"(?<![\w-])(?:here,? we|in this (?:study|work|report|paper)|in the present (?:study|work)|this study|"
    r"the present study|the aim of|we aimed|our aim|this report|to (?:investigate|determine|evaluate|assess|"
    r"examine|compare|explore|test))(?![\w])",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(
    r"^(?:these|our|the) (?:results|findings|data|observations)|^in conclusion|^taken together|^collectively|"
    r"^overall|^thus\b|^therefore\b|^this (?:study|work) (?:suggests|shows|provides|highlights|confirms)|"
    r"(?<![\w-])(?:may (?:[a-z]{2,15}ly |thus |therefore |also |then |one day )?(?:be|serve|provide|help|offer|represent|lead|aid|benefit)|potential(?:ly)? "
    r"(?:therap|treat|target|use|applications?|benefit)|therapeutic (?:targets?|strateg|potential|agents?)|"
    r"future (?:stud|research|investigation|clinical))",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_CASE_TITLE = re.compile(r"(?<![\w-])(?:case reports?|a case of|case series)(?![\w])", re.IGNORECASE)
_ANIMAL_REVIEW_TITLE = re.compile(
    r"(?<![\w-])(?:(?:in|of|from|using|across)\s(?:[\w-]{1,20}\s){0,2}?(?:animal models?|animal studies|animals|"
    r"rodents?|mice|rats|pre-?clinical (?:studies|models))|(?:animal|pre-?clinical) (?:studies|models|evidence|"
    r"experiments))(?![\w])",
    re.IGNORECASE,
)
# A people word followed by an animal ("adult male Wistar rats", "pregnant mice") describes the
# animals; "young adults varying in fish oil" does not (a function word or verb comes between).
_ANIMAL_AFTER = re.compile(
    r"^[\s-]{0,2}(?:(?!(?:in|of|with|and|or|for|to|from|at|on|by|as|than|versus|vs|who|that|which|were|was|are|is)"
    r"[\s-])(?![\w-]{1,20}ing[\s-])[\w-]{1,20}[\s-]{1,2}){0,2}?$",
    re.IGNORECASE,
)

# How much a cue counts, by where it was read.
_WEIGHTS = {
    "title": {"people": 2.0, "species": 2.0, "cells": 2.0},
    "background": {"people": 0.0, "species": 0.25, "cells": 0.0},
    "body": {"people": 1.0, "species": 1.0, "cells": 1.0},
    "conclusion": {"people": 0.25, "species": 0.5, "cells": 0.5},
}


@dataclass
class _Cues:
    """What the text says, with weights and the first place each thing was said."""

    species: Counter = field(default_factory=Counter)
    cell_species: Counter = field(default_factory=Counter)
    people: float = 0.0
    shared_people: float = 0.0  # "adults", "females": people only when no animal is named
    design: float = 0.0
    strong_cells: float = 0.0  # cell lines, "in vitro", "cultured": what a cell study says of itself
    cells: float = 0.0
    named_cells: float = 0.0  # cells named with their organism ("rat hepatocytes", "human endothelial cells")
    generic_cells: float = 0.0
    generic_animal: float = 0.0
    lab: set = field(default_factory=set)  # distinct words of laboratory work (assays, strains, HPLC...)
    lab_alone: bool = False  # a method done only at the bench or on a computer (crystal structure, docking)
    case: bool = False  # the abstract describes a case ("A case of ... is described")
    in_vivo: bool = False
    review: str | None = None
    editorial: str | None = None
    animal_review_title: bool = False
    case_title: bool = False
    study_action: bool = False
    weak_review: str | None = None
    self_review: str | None = None  # what a review says of its whole text (`vocabulary.REVIEW_SELF`)
    title_weak_review: bool = False  # the weak review cue was read in the title
    where: dict[str, tuple[str, str]] = field(default_factory=dict)  # cue -> (where, snippet)

    def note(self, key: str, where: str, text: str, match: re.Match[str]) -> None:
        if key not in self.where:
            self.where[key] = (where, v.snippet(text, match.start(), match.end()))


def _roles(abstract: str) -> list[tuple[str, str]]:
    """The abstract's sentences, each with its role: background, body or conclusion."""
    sentences = [s.strip() for s in _SENTENCE_END.split(abstract) if s.strip()]
    roles: list[tuple[str, str]] = []
    labelled = False
    mode = "background"
    for sentence in sentences:
        label = _SECTION.match(sentence)
        text = sentence
        if label:
            name = label.group("label").lower()
            text = sentence[label.end():]
            if name not in {"abstract", "summary"}:  # a heading, not a section
                labelled = True
                mode = (
                    "background" if name in _BACKGROUND_LABELS
                    else "conclusion" if name in _CONCLUSION_LABELS
                    else "body"
                )
        if labelled and mode == "background" and (_STUDY_INTRO.search(text) or v.STUDY_ACTION.search(text)):
            mode = "body"  # "Background ... In this study, we examined..."
        roles.append((mode if labelled else "?", text))
    if labelled:
        return [("body" if role == "?" else role, text) for role, text in roles]
    # Unlabelled: everything before the first "Here we..." is background, when
    # such a sentence exists after the first one.
    intro = next((i for i, (_, text) in enumerate(roles) if _STUDY_INTRO.search(text) or v.STUDY_ACTION.search(text)), 0)
    result = []
    for index, (_, text) in enumerate(roles):
        if index < intro:
            role = "background"
        elif index > intro and _CONCLUSION.search(text):
            role = "conclusion"
        else:
            role = "body"
        result.append((role, text))
    return result


def _read(cues: _Cues, role: str, raw: str) -> None:
    weights = _WEIGHTS[role]
    where = "title" if role == "title" else "abstract"
    text = v.mask(raw)
    # Cells first: "rat hepatocytes" names cells, not living rats.
    cell_spans = []
    for match in v.CELLS_OF.finditer(text):
        cell_spans.append(match.span())
        origin = match.group("species").lower()
        label = "human" if origin == "human" else next((l for l, _ in v.species_in(origin)), origin)
        cues.cell_species[label] += weights["cells"]
        cues.cells += weights["cells"]
        cues.named_cells += weights["cells"]  # "human breast cancer cells": what a cell study says of itself
        cues.note("cells", where, raw, match)
    # What a cell study says of itself counts once a sentence: "cultured and expanded in vitro" is one
    # method, not two.
    strong = [m for pattern in (v.IN_VITRO, v.CELL_LINES, v.CELL_LINE_SHAPE) for m in pattern.finditer(text)]
    if strong:
        cues.cells += weights["cells"]
        cues.strong_cells += weights["cells"]
        cues.note("cells", where, raw, min(strong, key=lambda m: m.start()))
    blanked = list(text)
    for start, end in cell_spans:
        blanked[start:end] = " " * (end - start)
    in_vivo_text = "".join(blanked)
    for label, match in v.species_in(in_vivo_text):
        cues.species[label] += weights["species"]
        cues.note(f"species:{label}", where, raw, match)
    for match in v.ANIMAL_GENERIC.finditer(in_vivo_text):
        cues.generic_animal += weights["species"]
        cues.note("animal", where, raw, match)
    if v.IN_VIVO.search(text):
        cues.in_vivo = True
    for match in v.PEOPLE_STRONG.finditer(in_vivo_text):
        after = in_vivo_text[match.end(): match.end() + 60]
        following = next(v.species_in(after), None)
        if following is not None and _ANIMAL_AFTER.match(after[: following[1].start()]):
            continue  # "adult male rats"
        if v.PEOPLE_SHARED.fullmatch(match.group(0)):
            cues.shared_people += weights["people"]  # "measured as adults": the flies, perhaps
            cues.note("shared-people", where, raw, match)
            continue
        cues.people += weights["people"]
        cues.note("people", where, raw, match)
    for match in v.HUMAN_MATERIAL.finditer(in_vivo_text):
        cues.people += weights["people"]
        cues.note("people", where, raw, match)
    for match in v.CELLS_GENERIC.finditer(in_vivo_text):
        cues.generic_cells += weights["cells"] * 0.5
        if "cells" not in cues.where:
            cues.note("cells", where, raw, match)
    for match in v.HUMAN_SAMPLES.finditer(in_vivo_text):
        cues.design += weights["people"] if role != "title" else 1.0
        cues.note("design", where, raw, match)
    for match in v.HUMAN_DESIGN.finditer(in_vivo_text):
        cues.design += weights["people"] if role != "title" else 1.0
        cues.note("design", where, raw, match)
    for match in v.lab_work().finditer(in_vivo_text):
        if not cues.lab:
            cues.note("lab", where, raw, match)
        cues.lab.add(match.group(0).lower())
    # Microbes and enzymes named count as one word of laboratory work each, however many are named.
    for key, pattern in (("microbe", v.microbes()), ("enzyme", v.ENZYME)):
        match = pattern.search(in_vivo_text)
        if match:
            if not cues.lab:
                cues.note("lab", where, raw, match)
            cues.lab.add(key)
    match = v.lab_work_alone().search(in_vivo_text)
    if match and not cues.lab_alone:
        cues.lab_alone = True
        cues.note("lab-alone", where, raw, match)
    if v.STUDY_ACTION.search(text):
        cues.study_action = True
    if role == "title":
        review = v.REVIEW_TITLE.search(text) or v.REVIEW.search(text)
        editorial = v.EDITORIAL_TITLE.search(text)
        weak = v.REVIEW_TITLE_WEAK.search(text)
        cues.animal_review_title = bool(_ANIMAL_REVIEW_TITLE.search(text))
        cues.case_title = bool(_CASE_TITLE.search(text))
    else:
        review = v.REVIEW.search(text)
        editorial = v.EDITORIAL.search(text)
        weak = v.REVIEW_WEAK.search(text)
        self_review = v.REVIEW_SELF.search(text)
        if self_review and cues.self_review is None:
            cues.self_review = f"{where}: {v.snippet(raw, self_review.start(), self_review.end())}"
        if v.CASE_REPORT.search(text):
            cues.case = True
    if weak and cues.weak_review is None:
        cues.weak_review = f"{where}: {v.snippet(raw, weak.start(), weak.end())}"
        cues.title_weak_review = role == "title"
    if review and cues.review is None:
        cues.review = f"{where}: {v.snippet(raw, review.start(), review.end())}"
    if editorial and cues.editorial is None:
        cues.editorial = f"{where}: {v.snippet(raw, editorial.start(), editorial.end())}"


def _basis(cues: _Cues, *keys: str) -> str:
    parts = []
    for key in keys:
        if key in cues.where:
            where, text = cues.where[key]
            parts.append(f"{where}: {text}")
    return "; ".join(dict.fromkeys(parts))


_HUMAN_WORD = re.compile(r"(?<![\w-])(?:human|humans|clinical|patients?|people)(?![\w-])", re.IGNORECASE)


def _title_names_subjects(cues: _Cues, kind: EvidenceKind, title: str) -> bool:
    """Whether a title alone says who was studied plainly enough to be trusted: it names the animals
    ("...in obese mice") or the cell culture ("...in cultured HK-2 cells") and nobody else: no people,
    no word shared with people, no design of a study in people, no review or commentary. A title that
    names no subjects, or animals beside people ("...for Human Disease Mouse Modeling"), stays a guess."""
    if (cues.people or cues.shared_people or cues.design or cues.review or cues.weak_review or cues.self_review
            or cues.editorial):
        return False
    if kind is EvidenceKind.ANIMAL:
        return bool(cues.species) and not _HUMAN_WORD.search(v.mask(title))
    if kind is EvidenceKind.IN_VITRO:
        return cues.strong_cells > 0
    return False


def classify_text(title: str | None, abstract: str | None) -> Evidence:
    """Evidence read from the title and abstract; `unknown` when they name no subjects."""
    cues = _Cues()
    if title:
        _read(cues, "title", title)
    if abstract:
        for role, sentence in _roles(abstract):
            _read(cues, role, sentence)
    source = "abstract" if abstract else ("title" if title else None)
    if source is None:
        return Evidence(EvidenceKind.UNKNOWN, (), None, None, "no title or abstract to read", "low")

    animal = sum(cues.species.values())
    species = tuple(label for label, _ in cues.species.most_common() if cues.species[label] > 0)
    if animal == 0 and cues.generic_animal:
        animal = 0.5 * cues.generic_animal
    # Words shared by people and animals ("adults", "females") count for people only when no animal
    # is named; design words (randomised, cohort, enrolled) likewise.
    people = cues.people
    if animal == 0:
        people += cues.shared_people + 0.5 * cues.design
    species_keys = [f"species:{label}" for label in species[:1]] or ["animal"]
    people_keys = ("people", "design") if cues.people else ("shared-people", "design")

    def verdict(kind: EvidenceKind, found: tuple[str, ...], basis: str, weak: bool = False) -> Evidence:
        if source == "title" and not _title_names_subjects(cues, kind, title or ""):
            weak = True
        return Evidence(kind, found, source, None, basis, "low" if weak else "high")

    if cues.editorial and not cues.study_action:
        return verdict(EvidenceKind.EDITORIAL, (), cues.editorial)
    # A review's own words count when nothing in the abstract reads as an experiment: no study action,
    # no design of a study in people, no cell culture.
    weak_review = cues.weak_review if not (cues.study_action or cues.design or cues.strong_cells) else None
    if weak_review and cues.title_weak_review and cues.species:
        weak_review = None  # "...in mice: possible mechanisms" reports an experiment in mice
    if weak_review is None and cues.self_review and not cues.study_action:
        weak_review = cues.self_review  # "Evidence from cell culture, mouse models and patients is discussed"
    review = cues.review or weak_review
    if review and not ((cues.case_title or cues.case) and people > 0):
        if cues.animal_review_title and cues.people == 0:
            return verdict(EvidenceKind.ANIMAL, species, f"{review}; {_basis(cues, *species_keys)}")
        return verdict(EvidenceKind.REVIEW, (), review, weak=not cues.review)

    if animal > 0 and people > 0:
        if people >= 3 * animal:
            return verdict(EvidenceKind.HUMAN, (), _basis(cues, *people_keys))
        if animal >= 3 * people:
            return verdict(EvidenceKind.ANIMAL, species, _basis(cues, *species_keys))
        return verdict(EvidenceKind.MIXED, species, _basis(cues, "people", *species_keys))
    if animal > 0:
        return verdict(EvidenceKind.ANIMAL, species, _basis(cues, *species_keys), weak=animal < 1.0)
    if people > 0:
        if cues.strong_cells + cues.named_cells > people and cues.design == 0:
            # A cell study whose background or outlook speaks of patients ("...in malignant patients").
            origin = tuple(label for label, _ in cues.cell_species.most_common())
            return verdict(EvidenceKind.IN_VITRO, origin, _basis(cues, "cells"))
        return verdict(EvidenceKind.HUMAN, (), _basis(cues, *people_keys), weak=people < 1.0)
    if cues.cells > 0 and not cues.in_vivo:
        origin = tuple(label for label, _ in cues.cell_species.most_common())
        return verdict(EvidenceKind.IN_VITRO, origin, _basis(cues, "cells"))
    if cues.in_vivo:
        # "In Vitro and In Vivo Study": cell work added to animal work is an animal study.
        return verdict(EvidenceKind.ANIMAL, (), f"{source}: in vivo (no species named)", weak=True)
    if cues.generic_cells > 0:
        # "...in hepatoma cells": cells named, no organism, no people: cell work.
        return verdict(EvidenceKind.IN_VITRO, (), _basis(cues, "cells"), weak=True)
    if len(cues.lab) >= 2 or cues.lab_alone:
        # Assays, chromatography, enzymes, microbial strains and no living subject: laboratory work.
        return verdict(EvidenceKind.IN_VITRO, (), _basis(cues, "lab-alone", "lab"), weak=len(cues.lab) < 3)
    return verdict(EvidenceKind.UNKNOWN, (), f"{source} names no study subjects", weak=True)


# ------------------------------------------------------------------- together

_FIRM = (EvidenceKind.ANIMAL, EvidenceKind.IN_VITRO, EvidenceKind.REVIEW, EvidenceKind.EDITORIAL)


def classify(
    title: str | None = None,
    abstract: str | None = None,
    record: PubMedRecord | None = None,
    *,
    pubmed_checked: bool = True,
) -> Evidence:
    """The evidence for one work, trusting PubMed first, then the abstract, then the title.

    `pubmed_checked` is False when PubMed was not asked (`--no-pubmed`,
    offline) or could not be reached: then a verdict that MeSH could have
    overturned (human, mixed, unknown) has low confidence, as has a verdict
    read from a title alone unless the title plainly names the animals or
    cells studied and nobody else (`_confidence`).
    """
    abstract_text = (record.abstract if record and record.abstract else None) or abstract
    title_text = title or (record.title if record else None)
    text = classify_text(title_text, abstract_text)
    pmid = record.pmid if record else None
    if record is not None:
        indexed = classify_pubmed(record, text)
        if indexed is not None:
            return indexed
    return Evidence(
        kind=text.kind,
        species=text.species,
        source=text.source,
        pmid=pmid,
        basis=text.basis,
        confidence=_confidence(text, pubmed_checked),
    )


def _confidence(text: Evidence, pubmed_checked: bool) -> str:
    """How far a verdict read from text can be trusted.

    Low: a title alone that does not plainly name the animals or the cell culture studied and nobody
    else (`_title_names_subjects`: a third of animal studies do not name the animal in the title, and a
    title that names people beside animals may be a review or a mixed study), a weak reading of the
    abstract, or a verdict that PubMed's MeSH could have overturned when PubMed was not asked (human,
    mixed, unknown). Titles that name only the animals or the cells studied were right in all 31 such
    titles of the labelled set (fixtures/evidence, abstracts removed; `benchmarks/evidence.py`).
    """
    if text.kind is EvidenceKind.UNKNOWN or text.source not in ("abstract", "title") or text.confidence == "low":
        return "low"
    if text.kind not in _FIRM and not pubmed_checked:
        return "low"
    return "high"


def classify_work(work: Work, record: PubMedRecord | None = None, *, pubmed_checked: bool = True) -> Evidence:
    """`classify` for a resolved Crossref work (title with subtitle, JATS-free abstract)."""
    title = work.title
    if title and work.subtitle:
        title = f"{title}: {work.subtitle}"
    return classify(title, work.abstract, record, pubmed_checked=pubmed_checked)
