"""An honest rewording for a sentence that cites animal or cell studies for people.

The suggestion keeps the author's sentence and says what was studied:
"...diminished in individuals with neuropathic pain" becomes "...diminished
in rats with neuropathic pain"; a sentence without a people noun gets a
lead-in ("In a study of obese mice, electroacupuncture can..."). The animals
are described as the cited work's title describes them ("type 2 diabetic
mice", "obese mice") when it does.
"""

from __future__ import annotations

import re

from citecheck.evidence import vocabulary as v
from citecheck.model import Evidence, EvidenceKind

_I = re.IGNORECASE

# People nouns that can simply be swapped for the animals studied.
_SWAPPABLE = re.compile(
    r"(?<![\w-])(?:individuals|people|persons|patients|humans|adults|subjects|participants|sufferers)(?![\w-])", _I
)
_QUALIFIER_SHAPE = re.compile(r"^[a-z][a-z-]{2,30}(?:ic|ese|ed|al|ive|ous|ant|ent|less)$")
_QUALIFIERS = {"obese", "lean", "old", "young", "aged", "male", "female", "pregnant", "healthy", "knockout",
               "transgenic", "germ-free", "wild-type", "adult", "newborn", "elderly", "nude"}
_NOT_QUALIFIERS = {"induced", "treated", "based", "related", "used", "isolated", "selected", "infected",
                   "exposed", "fed", "derived", "associated", "mediated", "dependent"}
_FOLLOWING_NOUN = re.compile(r"^[ -]{1,2}(?!(?:by|in|with|and|or|of|after|via|through|from|to|for|on|at|during|under)\b)[a-z]", _I)
_LABEL = re.compile(r"^(?P<label>[^:.]{1,40}):\s{1,3}(?P<rest>\S.*)$", re.DOTALL)
_LEADING_WORD = re.compile(r"^(?P<word>\S+)")


def animals_studied(evidence: Evidence, title: str | None = None) -> str:
    """How to name the animals: "obese mice", "type 2 diabetic mice", "rats", "animals"."""
    species = [s for s in evidence.species if s != "human"]
    if not species:
        return "animals"
    if len(species) > 1:
        return " and ".join(species[:2])
    label = species[0]
    if not title:
        return label
    masked = v.mask(title)
    for found, match in v.species_in(masked):
        if found != label:
            continue
        after = masked[match.end(): match.end() + 20]
        if _FOLLOWING_NOUN.match(after) and not match.group(0).lower().endswith(("s", "ce")):
            return label  # "Rat Model", "Rat Hearts": the word is a modifier
        words = masked[: match.start()].split()
        if not words:
            return label
        previous = words[-1].lower().strip(",;:()")
        qualifier = previous.split("-")[-1] if "-" in previous and previous.split("-")[-1] in _QUALIFIERS else previous
        if qualifier in _NOT_QUALIFIERS or not (qualifier in _QUALIFIERS or _QUALIFIER_SHAPE.match(qualifier)):
            return label
        if qualifier == "diabetic" and len(words) >= 3 and words[-3].lower() == "type" and words[-2] in {"1", "2"}:
            qualifier = f"type {words[-2]} diabetic"
        return f"{qualifier} {label}"
    return label


def cells_studied(evidence: Evidence, title: str | None = None) -> str:
    """How to name the cells: "HEK293T cells", "human coronary artery endothelial cells", "cells"."""
    if title:
        masked = v.mask(title)
        match = v.CELLS_OF.search(masked)
        if match:
            return title[match.start(): match.end()]
        line = v.CELL_LINES.search(masked)
        if line:
            return f"{line.group(0)} cells"
    origin = [s for s in evidence.species if s]
    if origin:
        return f"{'human' if origin[0] == 'human' else origin[0].rstrip('s')} cells"
    return "cells"


def _lower_first(text: str) -> str:
    word = _LEADING_WORD.match(text)
    if not word:
        return text
    token = word.group("word")
    # Keep acronyms, names with inner capitals and strain names ("SCFAs", "VSL#3", "McDonald").
    if any(c.isupper() for c in token[1:]) or any(c.isdigit() or c in "#/" for c in token):
        return text
    return text[0].lower() + text[1:]


def suggest(sentence: str, evidence: Evidence, title: str | None = None) -> str:
    """The sentence reworded to say what the cited study was done on."""
    sentence = " ".join(sentence.split())
    if evidence.kind is EvidenceKind.IN_VITRO:
        lead = f"In experiments on {cells_studied(evidence, title)}"
    else:
        animals = animals_studied(evidence, title)
        swap = _SWAPPABLE.search(sentence)
        if swap:
            rest = sentence[swap.end():]
            # "people with type 2 diabetes" -> "mice with type 2 diabetes", not "diabetic mice with..."
            if rest.lstrip().lower().startswith("with ") and evidence.species:
                animals = " and ".join(s for s in evidence.species[:2] if s != "human") or animals
            return sentence[: swap.start()] + animals + rest
        lead = f"In a study of {animals}"
    labelled = _LABEL.match(sentence)
    if labelled and len(labelled.group("label").split()) <= 4:
        return f"{labelled.group('label')}: {lead[0].lower()}{lead[1:]}, {_lower_first(labelled.group('rest'))}"
    return f"{lead}, {_lower_first(sentence)}"
