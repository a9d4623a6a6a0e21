"""The words that say who or what a study was done on, as bounded regular expressions.

Shared by the work classifier (`kinds`) and the sentence reader (`people`), so
that "rats" means the same thing in a title, an abstract and a citing
sentence. Every pattern matches whole words only ("rat" is not "rate",
"ratio" or "migration"), and every repetition is bounded, so no input can
make a match backtrack for long.

Before looking for species, `mask` blanks out phrases in which an animal word
does not name the subjects of a study: antibodies raised in rabbits, fetal
bovine serum, fish oil, dog owners, the "Kirsten rat sarcoma" gene. Masking
replaces characters with spaces, so offsets into the text stay valid.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterator

from citecheck.evidence import organisms

_I = re.IGNORECASE

# --------------------------------------------------------------------- species

# Canonical label -> the words (regex alternatives, whole words) that name it.
# The label is what a report shows ("a study in rats").
SPECIES_TERMS: dict[str, str] = {
    "guinea pigs": r"guinea[- ]pigs?|cavia porcellus",
    "mice": r"mice|mouse|murine|mus musculus",
    "rats": r"rats|rat|rattus",
    "rodents": r"rodents?|voles?|gerbils?",
    "hamsters": r"hamsters?",
    "dogs": r"dogs?|canines?|beagles?|puppies",
    "cats": r"cats|felines?|felids?|kittens?|pumas?|cougars?",
    "pigs": r"pigs?|piglets?|swine|porcine|minipigs?|sows",
    "rabbits": r"rabbits?|leporine",
    "primates": r"monkeys?|macaques?|macaca|rhesus|marmosets?|baboons?|non-?human primates?|chimpanzees?",
    "sheep": r"sheep|ovine|ewes?|lambs",
    "cattle": r"cattle|cows?|calves|bovine|heifers?|steers",
    "horses": r"horses?|equine|ponies|foals?",
    "chickens": r"chickens?|broilers?|hens|chicks?",
    "birds": r"birds?|songbirds?|birdsongs?|bird songs?|avian|finch(?:es)?|zebra finch(?:es)?|quails?|pigeons?",
    "bats": r"bats",
    "zebrafish": r"zebrafish|zebra fish|danio rerio",
    "fish": r"fish|fishes|salmon|trout|medaka|poecilia",
    "frogs": r"frogs?|tadpoles?|xenopus",
    "flies": r"drosophila|fruit ?fl(?:y|ies)",
    "worms": r"c\. ?elegans|caenorhabditis|nematodes?",
    "dolphins": r"dolphins?|whales?|cetaceans?",
    "ferrets": r"ferrets?",
}

_SPECIES_RES = [
    (label, re.compile(r"(?<![\w-])(?:" + words + r")(?![\w])", _I)) for label, words in SPECIES_TERMS.items()
]

# Species that cell-culture papers name their cells after ("rat hepatocytes").
_CELL_NOUNS = (
    r"cell[- ]lines?|cells?|fibroblasts?|hepatocytes?|macrophages?|myoblasts?|myotubes?|neurons?|"
    r"cardiomyocytes?|keratinocytes?|adipocytes?|splenocytes?|islets?|organoids?|explants?|"
    r"primary cultures?|cultures?|neutrophils?|lymphocytes?|monocytes?|platelets?|erythrocytes?|"
    r"microglia|astrocytes?|chondrocytes?|osteoblasts?|enterocytes?|oocytes?|embryonic stem cells?"
)

# Words that end a noun phrase: "mice were injected with cells" is not "mouse cells".
_NOT_A_MODIFIER = (
    r"(?!(?:were|was|with|and|or|of|in|on|by|the|a|an|to|from|for|into|are|is|that|which|after|"
    r"before|treated|injected|given|fed|received|transplanted|bearing|implanted|carrying)[ -])"
)

# "rat primary hepatocytes", "mouse-derived cell line", "swine umbilical vein endothelial cells"
CELLS_OF = re.compile(
    r"(?<![\w-])(?P<species>human|" + "|".join(SPECIES_TERMS.values()) + r")"
    r"(?:[- ]derived)?[ -](?:" + _NOT_A_MODIFIER + r"[a-z0-9]{1,20}[ -]){0,3}?(?:" + _CELL_NOUNS + r")(?![\w])",
    _I,
)

# Words for animals in general (no species).
ANIMAL_GENERIC = re.compile(
    r"(?<![\w-])(?:animal models?|animal stud(?:y|ies)|animal experiments?|in animals|laboratory animals|"
    r"lab animals|pre-?clinical (?:stud(?:y|ies)|models?|data|research|trials?)|"
    r"experimental animals|animals)(?![\w])",
    _I,
)

# Phrases in which an animal word does not name the subjects studied.
_MASKS = [
    # antibodies and sera used as reagents
    r"(?:goat|rabbit|mouse|rat|donkey|sheep|chicken|horse|hamster|guinea pig)[- ]anti[- ][a-z0-9-]{1,30}",
    r"anti[- ](?:mouse|rabbit|rat|goat|human|chicken|sheep)(?: ig[gmay])?",
    r"(?:mouse|rabbit|rat|goat|sheep|chicken|donkey)\s+(?:monoclonal|polyclonal|ig[gmay]|antibod(?:y|ies)|antiser(?:um|a))",
    r"(?:fetal|foetal|newborn)\s+(?:bovine|calf)\s+serum",
    r"bovine\s+serum\s+albumin",
    r"(?:horse|goat|donkey|calf)\s+serum",
    r"horseradish(?: peroxidase)?",
    # gene, virus and disease names that contain an animal
    r"(?:kirsten|harvey)?\s?rat\s+sarcoma",
    r"murine\s+(?:leuka?emia|sarcoma)\s+virus",
    r"mouse\s+mammary\s+tumou?r\s+virus",
    r"(?:swine|bird|avian)\s+(?:flu|influenza)",
    # a disease or virus named after its host ("classical swine fever virus", "SV40")
    r"(?:swine|porcine|bovine|canine|feline|avian|murine|equine|ovine|simian|mouse)\s+(?:[a-z-]{1,20}\s){0,2}?"
    r"(?:virus(?:es)?|fever|diseases?|influenza|distemper|parvovirus|leuka?emia|immunodeficiency)",
    r"swine\s+fever(?:\s+virus(?:es)?)?",
    r"cat[- ]scratch(?: disease| fever)?",
    r"(?:mad\s+cow|cowpox|monkeypox|chickenpox)",
    r"feline\s+foamy\s+virus",
    # food and supplements
    r"fish[- ]oils?",
    r"(?:oily|fatty|dietary)\s+fish",
    r"(?:fish|chicken|beef|pork|meat|salmon)(?:\s+and\s+fish[- ]oils?)?\s+(?:intake|consumption|soup|broth|meals?|"
    r"diets?|content|eaters)",
    r"(?:cow|goat|sheep)'?s?\s+milk",
    r"bovine\s+colostrum",
    r"cat'?s\s+claw",
    r"horse\s+chestnut",
    r"shark\s+cartilage",
    r"grass[- ]fed\s+[a-z]{1,20}",
    r"tumou?r\s+necrosis\s+factor(?:[- ]alpha|[- ]α)?",
    r"(?:eat|eating|ate|eats)\s+(?:more\s+)?(?:fish|salmon|chicken)",
    # neurons named for what they code in a living brain, not cells in a dish
    r"(?:hippocampal\s+|entorhinal\s+)?(?:place|grid|head[- ]direction|border|boundary|concept|speed)\s+cells?",
    # pets and sayings
    r"(?:dog|cat|pet)[- ]owners?(?:hip)?",
    r"owning\s+a\s+(?:dog|cat|pet)",
    r"(?:dog|cat)[- ]walking",
    r"human\s+guinea\s+pigs?",
    r"lab(?:oratory)?\s+rats?\s+(?:for|of)\s+(?:the\s+)?(?:industry|experts)",
    r"rat\s+race",
    r"computer\s+mouse",
]
_MASK_RE = re.compile(r"(?<![\w-])(?:" + "|".join(_MASKS) + r")(?![\w])", _I)


def mask(text: str) -> str:
    """`text` with the reagent, food, pet and gene-name phrases blanked out (same length)."""
    return _MASK_RE.sub(lambda m: " " * len(m.group(0)), text)


def _word_list(name: str) -> tuple[str, ...]:
    text = resources.files("citecheck.evidence").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _not_subject_after() -> re.Pattern[str]:
    """What, right after an animal's name, makes it a tool or a material ("fish-out tool", "bee venom")."""
    words = sorted(_word_list("tools.txt") + _word_list("materials.txt"), key=len, reverse=True)
    return re.compile(
        r"(?:-(?:out|in|on|up|off|over|down|away|back)(?![\w-])"  # "fish-out", "mouse-over": a verb
        r"|[\s-]{1,2}(?:[\w-]{1,20}[\s-]{1,2})?(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-]))",
        _I,
    )


def _names_a_subject(text: str, start: int, end: int) -> bool:
    """Whether the animal name at text[start:end] names animals, not an acronym, tool or material."""
    word = text[start:end]
    if len(word) > 1 and word.isupper():
        return False  # "FISH" (the hybridisation method), "CAT", "BAT"
    return _not_subject_after().match(text, end) is None


def lab_animals_in(text: str) -> Iterator[re.Match[str]]:
    """The names of the table's laboratory animals in an already masked `text` (no taxonomy look-up)."""
    for label, match in _table_species(text):
        yield match


def _table_species(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    taken: list[tuple[int, int]] = []
    for label, pattern in _SPECIES_RES:
        for match in pattern.finditer(text):
            span = match.span()
            # "guinea pigs" must not count again as "pigs": earlier labels win overlaps.
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            if _names_a_subject(text, *span):
                yield label, match


def species_in(text: str) -> Iterator[tuple[str, re.Match[str] | organisms.Organism]]:
    """(species label, match) for every animal name in an already masked `text`.

    The short table above gives the labels reports use for the usual laboratory animals ("mice"); every
    other animal comes from `organisms` (NCBI Taxonomy and WordNet names: "copepods", "Rhodnius
    prolixus"), labelled as written. A name followed by a tool or material noun is skipped.
    """
    found = [(match.start(), label, match) for label, match in _table_species(text)]
    taken = [match.span() for _, _, match in found]
    for organism in organisms.find(text):
        span = organism.span()
        if any(a < span[1] and span[0] < b for a, b in taken):
            continue
        if _names_a_subject(text, *span):
            found.append((span[0], organism.label, organism))
    for _, label, match in sorted(found, key=lambda item: item[0]):
        yield label, match


# ---------------------------------------------------------------- cell culture

IN_VITRO = re.compile(
    r"(?<![\w-])(?:in vitro|in-vitro|ex vivo|cell cultures?|cultured|culture medium|cell[- ]lines?|"
    r"cell[- ]based assays?|transfected|knock(?:ed)?[- ]?down in (?:\w{1,20} )?cells|"
    r"mammalian cells|in (?:\w{1,20} ){0,2}cells in the lab|grown in (?:the )?(?:lab|laboratory|culture|a dish)|test[- ]tubes?|petri dish(?:es)?|"
    r"lab(?:oratory)? dish(?:es)?|organoids?|cytotoxicity assays?|cell viability|cell proliferation assays?|"
    r"MTT assays?|CCK-8|transwell|colony formation assays?|wound[- ]healing assays?|scratch assays?|"
    r"(?:were|was) seeded|culture plates?|well plates?|cells were (?:treated|incubated|exposed|transfected)|"
    r"cell-free|purified (?:recombinant )?proteins?|recombinant proteins?|single-molecule|"
    # primary cells, co-cultures, monolayers, living cells in a dish
    r"primary (?:[\w-]{1,20} ){0,3}?(?:cells|cell cultures?|cultures|neurons|hepatocytes|fibroblasts|keratinocytes|"
    r"macrophages|chondrocytes|osteoblasts|myoblasts|astrocytes|microglia|cardiomyocytes|adipocytes|islets)|"
    r"co-?cultur(?:e|es|ed|ing)|(?:cell|epithelial|endothelial|confluent) monolayers?|transfection|"
    r"in living cells|"
    r"neuronal cultures?|(?:maintained|kept|expanded|incubated|differentiated) in culture|clonogenic assays?|"
    r"cells were (?:pre-?treated|stimulated|infected|seeded|plated|grown|cultured|harvested|co-?cultured|"
    r"irradiated|challenged|differentiated|transduced))(?![\w])",
    _I,
)

# A named cell line by its shape, before the word "cells": capitals and digits ("HK-2 cells",
# "HIT-T15 Pancreatic β-Cells", "H9c2 cardiomyocytes", "IPEC-J2 cells").
CELL_LINE_SHAPE = re.compile(
    r"(?<![\w-])(?!(?:CD|IL|TNF|HLA|Th|NK|HbA)-?\d|(?:SARS|COVID|HIV|HPV|EBV|MERS|H\dN\d)(?![a-z]))"  # markers, viruses
    r"(?=[\w-]{0,15}\d)(?=[A-Za-z0-9]{0,10}-?[A-Z])[A-Z][A-Za-z0-9]{0,10}(?:-[A-Za-z0-9]{1,8}){0,3}"
    r"(?![\w-])[ \t](?:[\w-]{1,25}[ \t]){0,2}?(?i:(?:β|beta|alpha|α)[- ]?)?"
    r"(?i:cells?|cell lines?|cardiomyocytes|fibroblasts|myoblasts|hepatocytes|macrophages|keratinocytes|"
    r"adipocytes|neurons|monocytes)(?![\w-])"
)

def _cell_line_name(name: str) -> str:
    """A cell line's name as a pattern: its hyphens, spaces and full stops may be written or left out,
    and so may a break where two letters meet a digit or a small letter meets a capital ("HEK 293",
    "Hep G2")."""
    chunks = [chunk for chunk in re.split(r"[-\s.]", name) if chunk]
    parts = []
    for chunk in chunks:
        pieces = re.split(r"(?<=[A-Za-z]{2})(?=\d)|(?<=[a-z])(?=[A-Z])", chunk)
        parts.append(r"[-\s]?".join(re.escape(piece) for piece in pieces))
    return r"[-\s.]?".join(parts)


def _cell_lines() -> re.Pattern[str]:
    """Named cell lines (`data/cell_lines.txt`): the names of its `[alone]` section anywhere, those of
    `[before cells]` only right before "cell(s)" or "cell line(s)"."""
    sections: dict[str, list[str]] = {"alone": [], "before cells": []}
    section = "alone"
    for line in _word_list("cell_lines.txt"):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        sections[section].append(line)

    def names(section: str) -> str:
        return "|".join(_cell_line_name(n) for n in sorted(sections[section], key=len, reverse=True))

    return re.compile(
        r"(?<![\w-])(?:(?:" + names("alone") + r")(?![\w])|(?:" + names("before cells") + r")"
        r"(?=(?:-[A-Za-z0-9]{1,6})?[\s-]{1,2}(?:cells?|cell[\s-]lines?)(?![\w-])))",
        _I,
    )


# Named cell lines ("HeLa", "RAW 264.7", "CHO cells").
CELL_LINES = _cell_lines()

IN_VIVO = re.compile(r"(?<![\w-])in vivo(?![\w])", _I)


def _sections(name: str, first: str) -> dict[str, list[str]]:
    """The lines of a data file by `[section]`; lines before the first heading belong to `first`."""
    sections: dict[str, list[str]] = {first: []}
    section = first
    for line in _word_list(name):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            sections.setdefault(section, [])
            continue
        sections[section].append(line)
    return sections


def _words(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lab_work() -> re.Pattern[str]:
    """The words of laboratory work with no living subject (`data/lab_methods.txt`): assays,
    chromatography, enzymes, microbial strains, genome sequencing. Read on first use."""
    words = [w for section in _sections("lab_methods.txt", "pairs").values() for w in section]
    return re.compile(r"(?<![\w-])(?:" + _words(words) + r")(?![\w-])", _I)


@lru_cache(maxsize=1)
def lab_work_alone() -> re.Pattern[str]:
    """The methods of `data/lab_methods.txt` done only at the bench or on a computer (its `[alone]`
    section: crystal structures, molecular docking, broth microdilution): one is enough."""
    words = _sections("lab_methods.txt", "pairs").get("alone", [])
    return re.compile(r"(?<![\w-])(?:" + _words(words) + r")(?![\w-])", _I)


@lru_cache(maxsize=1)
def microbes() -> re.Pattern[str]:
    """Microbes grown and tested in the laboratory (`data/microbes.txt`): a genus with its capital,
    alone or before its species ("Candida albicans"), or a usual short form ("E. coli")."""
    sections = _sections("microbes.txt", "genera")
    return re.compile(
        r"(?<![\w-])(?:(?:" + _words(sections["genera"]) + r")(?:\s[a-z]{3,25})?|(?:"
        + _words(sections.get("abbreviated", [])).replace(r"\ ", r"\s?") + r"))(?![\w-])"
    )


# Enzymes named by their suffix ("lipase", "alpha-glucosidase", "acetylcholinesterase"): one word of
# laboratory work, however many are named (serum enzymes are measured in patients too).
ENZYME = re.compile(
    r"(?<![\w])[a-z0-9-]{0,20}(?:prote|lip|amyl|glucosid|galactosid|ester|kin|phosphat|reduct|oxid|synth|"
    r"transfer|polymer|lig|nucle|hydrol|dehydrogen|isomer|cycl|peptid|lact|ure|catal|peroxid|cellul|xylan|"
    r"chitin|collagen|elast|hyaluronid|tyrosin|lipoxygen|cyclooxygen|helic|integr|transcript|casp|"
    r"lucifer)ases?(?:-\d{1,2})?(?![\w-])",
    _I,
)

# ---------------------------------------------------------------------- people

# Nouns that name people as the subjects of a study.
PEOPLE_STRONG = re.compile(
    r"(?<![\w-])(?:patients?|participants?|volunteers?|inpatients|outpatients|humans|human subjects|"
    r"human participants|men|women|adults?|children|child|infants?|adolescents?|toddlers?|"
    r"newborns?|neonates?|boys|girls|elderly|older adults|persons|people|individuals|"
    r"survivors|smokers|students|athletes|nurses|physicians|parents|mothers|fathers|"
    r"pregnant women|premutation carriers|twins|veterans|residents|subjects|males|females|juveniles?|"
    r"offspring)(?![\w])",
    _I,
)
# Of those, the ones that also name animals ("measured as adults", "adult females", "newborn pups",
# "individuals were marked"): people only when the text names no animal.
PEOPLE_SHARED = re.compile(
    r"(?<![\w-])(?:adults?|infants?|newborns?|neonates?|individuals|survivors|parents|mothers|fathers|twins|"
    r"residents|elderly|juveniles?|offspring|subjects|males|females)(?![\w])",
    _I,
)

# Human material that is not cell culture: "human brain", "human gut microbes", "human trials".
HUMAN_MATERIAL = re.compile(
    r"(?<![\w-])human (?:brains?|tissues?|samples|autops(?:y|ies)|post-?mortem|fetuses|guts?|gut microbes|"
    r"microbiomes?|microbiota|longevity|lifespan|populations?|genetics|(?:feeding |clinical )?trials?|"
    r"studies|volunteers|subjects|participants|cohorts?|infants|milk)(?![\w-])",
    _I,
)

# Cells with no organism named ("hepatoma cells", "endothelial cells"): cell work when nothing else is said.
CELLS_GENERIC = re.compile(
    r"(?:(?<![\w-])|(?<=β-)|(?<=beta-))(?:cells|cell line|cell lines|cell necrosis|cell migration|"
    r"(?:cancer |tumou?r )?cell (?:growth|proliferation|viability|invasion|cycle arrest)|"
    r"(?:fibroblast|keratinocyte|macrophage|monocyte|osteoblast|osteoclast|chondrocyte|adipocyte|myoblast|"
    r"hepatocyte|neuronal|endothelial|epithelial) (?:proliferation|migration|viability|apoptosis|differentiation)|"
    r"fibroblasts|hepatocytes|macrophages|myoblasts|myotubes|cardiomyocytes|keratinocytes|adipocytes|"
    r"neutrophils|monocytes|lymphocytes|astrocytes|chondrocytes|osteoblasts|osteoclasts|enterocytes|"
    r"organoids|spheroids|explants|islets)(?![\w-])",
    _I,
)

# Samples taken from people: an analysis of human data, even when cell work follows ("lavage fluid of
# children with pneumonia", "serum from 40 patients").
HUMAN_SAMPLES = re.compile(
    r"(?<![\w-])(?:samples?|serum|sera|plasma|blood|tissues?|biops(?:y|ies)|fluids?|specimens?|urine|stools?|"
    r"feces|faeces|saliva|swabs?|records)\s(?:[\w-]{1,20}\s){0,2}?(?:of|from)\s(?:\d{1,5}\s)?"
    r"(?:[\w-]{1,20}\s){0,2}?(?:patients|children|participants|volunteers|women|men|individuals|donors|"
    r"infants|adults|people|persons|newborns|neonates|pregnant women)(?![\w-])",
    _I,
)

# Study designs that, with no animal in sight, mean people.
HUMAN_DESIGN = re.compile(
    r"(?<![\w-])(?:cohorts?|case[- ]control|cross[- ]sectional|population[- ]based|epidemiolog\w{0,10}|"
    r"surveys?|questionnaires?|interviews?|focus groups?|randomi[sz]ed|clinical trials?|"
    r"double[- ]blind(?:ed)?|placebo[- ]controlled|case reports?|phase (?:i{1,3}|[123])|"
    r"\d{1,3}[- ](?:year|yr|month)[- ]old|enrolled|recruited|retrospective(?:ly)?|prospective(?:ly)?|"
    r"healthy controls|medical records|outpatient clinic|emergency department|informed consent|"
    r"ethics committee approv\w{0,5}|trial registration|body mass index|bmi)(?![\w])",
    _I,
)

# ------------------------------------------------------ reviews and editorials

REVIEW = re.compile(
    r"(?<![\w-])(?:systematic review|scoping review|narrative review|literature review|umbrella review|"
    r"meta-?analys[ie]s|meta-?analytic|pooled analysis|review(?:ed)? of (?:the )?(?:published )?literature|"
    r"(?:this|the present|our) review|we review|we summari[sz]e|reviewed here|here,? we discuss|"
    r"consensus statement|position statement|practice guidelines?|review article|"
    # a review that says what kind it is ("In this mini-review", "our comprehensive review")
    r"mini-?reviews?|minireviews?|(?:this|the present|the current|our) (?:brief|short|critical|comprehensive|"
    r"concise|updated?|integrative|focused|selective|structured|rapid|historical|state-of-the-art) review|"
    r"(?:this|the present|our) (?:paper|article|chapter|manuscript|overview|work) (?:critically |briefly )?reviews|"
    r"(?<!records )(?<!charts )(?<!files )(?:is|are) (?:critically |briefly |extensively )?reviewed|"
    # how a systematic review found its studies
    r"literature search(?:es)?|(?:systematic(?:ally)? )?search(?:ed|es|ing)? (?:of |in |through )?(?:the )?"
    r"(?:PubMed|MEDLINE|Embase|Scopus|Web of Science|Cochrane|CINAHL|PsycINFO|Google Scholar)|"
    r"(?:electronic |bibliographic )?databases? (?:were|was) searched|"
    r"(?:studies|articles|trials|RCTs|papers|publications|reports) (?:that )?(?:met|fulfilled|meeting|fulfilling) "
    r"(?:the |our )?(?:inclusion|eligibility|selection) criteria|"
    r"(?:studies|articles|RCTs|papers|publications) (?:were|was) (?:included|identified|selected|retrieved|eligible)|"
    r"we (?:examine|appraise|evaluate|assess|consider|synthesi[sz]e) the (?:available |current |existing |"
    r"published |recent |growing )?(?:evidence|literature))(?![\w])",
    _I,
)
# What a review says of its whole text, in words a research paper does not use of its own results:
# it counts when nothing in the abstract reads as an experiment (`STUDY_ACTION`), even when the review
# names the cells, animals or trials it covers ("Evidence from cell culture, mouse models and patient
# brains is discussed").
REVIEW_SELF = re.compile(
    r"(?<![\w-])(?:(?:evidence|literature|advances|progress|developments|knowledge)\s(?:[\w,()-]{1,25}\s){0,8}?"
    r"(?:is|are|will be) (?:[a-z]{2,15}ly )?(?:discussed|summari[sz]ed|presented|highlighted|outlined|described)|"
    r"(?:this|the present|our) (?:paper|article|chapter|manuscript|overview|work) (?:provides|presents|gives|offers) "
    r"(?:a |an )?(?:[\w-]{1,20} ){0,2}?(?:overview|summary|synthesis|update|appraisal|account)|"
    r"we (?:discuss|summari[sz]e|highlight|outline|describe|present|provide an overview of) (?:the |our )?"
    r"(?:current|recent|latest|emerging|existing|available) (?:understanding|knowledge|evidence|literature|"
    r"advances|progress|findings|studies|data|insights|concepts))(?![\w])",
    _I,
)
REVIEW_TITLE = re.compile(
    r"(?<![\w-])(?:reviews?|meta-?analys[ie]s|overview|guidelines?|consensus|mini-?reviews?|minireviews?)(?![\w])", _I
)

# Said only in a title ("from a clinical perspective" is common in research abstracts).
EDITORIAL_TITLE = re.compile(
    r"(?<![\w-])(?:editorial|commentary|viewpoint|perspectives?|letter to the editor|in memoriam|"
    r"opinion|news and views|erratum|corrigendum|reply)(?![\w])",
    _I,
)
EDITORIAL = re.compile(r"(?<![\w-])(?:this|our|in this) (?:editorial|commentary|viewpoint)(?![\w])", _I)

# A review's abstract describes no experiment; one of these means a primary study.
STUDY_ACTION = re.compile(
    r"(?<![\w-])(?:we (?:examined|investigated|studied|measured|assessed|evaluated|analy[sz]ed|performed|"
    r"conducted|found|observed|show|showed|demonstrate|demonstrated|report|used|use|tested|compared|"
    r"enrolled|recruited|administered|treated|fed|determined|identified|developed|generated|constructed|"
    r"mapped|estimated|randomi[sz]ed|allocated|assigned|surveyed|interviewed|followed|exposed|isolated|cultured|incubated|transfected|infected|stimulated|established|"
    r"characteri[sz]ed|screened|synthesi[sz]ed|quantified)|"
    r"(?:were|was) (?:[a-z]{2,15}ly )?(?:randomi[sz]ed|divided|assigned|treated|fed|injected|enrolled|"
    r"recruited|included|measured|assessed|collected|analy[sz]ed|exposed|given|administered|allocated|"
    r"performed|obtained|determined|evaluated|induced|studied|examined|used|carried out|"
    # the methods of laboratory work
    r"added|incubated|cultured|seeded|plated|isolated|stimulated|pre-?treated|transfected|infected|irradiated|"
    r"harvested|grown|challenged|co-?cultured|differentiated|prepared|maintained|stained|transduced|"
    r"quantified|detected)|"
    # results said in the past tense ("Body weight gain was reduced")
    r"(?:was|were) (?:[a-z]{2,15}ly )?(?:reduced|increased|decreased|elevated|improved|attenuated|inhibited|"
    r"abolished|restored|prevented|enhanced|suppressed|unchanged|unaffected|impaired|upregulated|downregulated))(?![\w])",
    _I,
)
# What a review says of itself; a primary study may say it too ("we highlight a role..."), so these
# count only in an abstract that describes no experiment (`STUDY_ACTION`).
REVIEW_WEAK = re.compile(
    r"(?<![\w-])(?:(?:is|are) (?:discussed|reviewed|summari[sz]ed|highlighted|outlined)|"
    r"(?:in this|this|the present|our) (?:paper|article|chapter|manuscript|overview|work),? "
    r"(?:we )?(?:highlights?|discuss(?:es)?|summari[sz]es?|outlines?|describes?|presents?|provides?|examines?|"
    r"explores?|considers?|focus(?:es)?|reviews?)|"
    r"we (?:highlight|discuss|summari[sz]e|outline|describe|present|provide|explore|consider|focus on) "
    r"(?:the |an? )?(?:current|recent|latest|emerging|existing|available|growing|our current|overview|summary|"
    r"update|state)|"
    r"(?:current|recent) (?:advances|progress|developments|knowledge|understanding|concepts|status|insights|"
    r"trends)|state[- ]of[- ]the[- ]art|an overview of)(?![\w])",
    _I,
)
# The same said in a title ("...: A New Frontier", "An Update", "Recent Advances in...").
REVIEW_TITLE_WEAK = re.compile(
    r"(?<![\w-])(?:a new frontier|new frontiers|an update|update on|updates on|current concepts|"
    r"current (?:knowledge|understanding|perspectives|status|evidence)|recent (?:advances|progress|developments|"
    r"insights|findings)|state[- ]of[- ]the[- ]art|challenges and (?:opportunities|perspectives|prospects)|"
    r"(?:future )?perspectives and challenges|past, present,? and future|from bench to bedside|"
    r"what do we know|where do we stand|an overview|where are we now|the story so far|a primer|critical appraisal|"
    r"lessons learned|promises? and (?:pitfalls|challenges|perils|limitations)|pros and cons|"
    r"(?:facts|myths) and (?:myths|facts|fiction|realities)|(?:possible|potential|proposed|putative) mechanisms|"
    r"therapeutic (?:perspectives?|implications|opportunities)|"
    r"from (?:bench|mechanisms?|molecules?|biology|pathophysiology|pathogenesis|basic science|genes?) to "
    r"(?:bedside|therap(?:y|ies|eutics)|treatment|clinic|clinical practice|practice|management))(?![\w])",
    _I,
)

# A case report says so in its abstract ("A case of ... is described", "We report a 45-year-old man").
CASE_REPORT = re.compile(
    r"(?<![\w-])(?:(?:a|this|the present|an unusual|a rare) case (?:of|report)|case reports?|case series|"
    r"we (?:report|describe|present) (?:a|an|the|two|three|four|\d{1,2})\s(?:[\w-]{1,20}\s){0,4}?"
    r"(?:case|cases|patient|patients|man|woman|boy|girl|child|infant|neonate)|"
    r"the patient (?:described|presented|reported))(?![\w])",
    _I,
)


def first_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


def snippet(text: str, start: int, end: int, width: int = 40) -> str:
    """The matched words with a little context, ellipses where the text was cut."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    # Cut on word boundaries so the snippet does not start mid-word.
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    body = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + body + ("…" if right < len(text) else "")
