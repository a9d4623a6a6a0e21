"""An honest rewording for a sentence that cites animal or cell studies for people.

The suggestion keeps the author's sentence and says what was studied:
"...diminished in individuals with neuropathic pain" becomes "...diminished
in rats with neuropathic pain"; a sentence without a people noun has its
claim qualified where it ends ("...reduced inflammation in obese mice (Yang
et al., 2024)."), so that a sentence opening with "Since..." or a label stays
a sentence. The animals are described as the cited work's title describes
them ("type 2 diabetic mice", "obese mice") when it does.
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


# What may close a sentence after its claim: citations, footnote marks, closing quotes and punctuation.
_TRAILER = re.compile(
    r"(?:\s{0,3}(?:\((?=[^()]{0,200}\b(?:1[6-9]|20)\d\d[a-z]?\b)[^()]{0,200}\)"  # (Chen et al., 2021)
    r"|\[\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,10}\s{0,2}\]"  # [1], [2-4]
    r"|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,6}"  # superscript marks
    r"|[.!?;:,\"”’')]))+\s{0,3}$"
)
_READER_OWN = re.compile(r"(?<![\w'-])(?:your|our)(?![\w'-])", _I)


def _qualify(sentence: str, subjects: str) -> str:
    """`sentence` with " in <subjects>" at the end of its claim, before its citations and full stop.

    "...reduced inflammation (Yang et al., 2024)." becomes "...reduced inflammation in obese mice (Yang
    et al., 2024)."; a sentence that addresses the reader speaks of the body in general instead ("your
    gut" -> "the gut"), since the claim is now about the animals or cells.
    """
    trailer = _TRAILER.search(sentence)
    body, tail = (sentence[: trailer.start()], sentence[trailer.start():]) if trailer else (sentence, "")
    # The claim's own closing punctuation stays in the tail; its citations follow the inserted words.
    body = _READER_OWN.sub(lambda m: "The" if m.group(0)[0].isupper() else "the", body.rstrip())
    if not tail.strip():
        tail = "."
    elif tail[0] not in " ":
        tail = tail if tail[0] in ".!?;:,\"”’')" else " " + tail
    return f"{body} in {subjects}{tail}"


def suggest(sentence: str, evidence: Evidence, title: str | None = None) -> str:
    """The sentence reworded to say what the cited study was done on.

    A people noun is swapped for the animals ("...in individuals with neuropathic pain" -> "...in rats
    with neuropathic pain"); otherwise the claim is qualified where it ends ("...is effective in
    promoting gut and nerve health in rats (Chen et al., 2021)."). Either way the author's sentence
    stays whole and grammatical: nothing is put in front of a "Since..." clause or a "VSL#3:" label.
    """
    sentence = " ".join(sentence.split())
    if evidence.kind is EvidenceKind.IN_VITRO:
        return _qualify(sentence, f"{cells_studied(evidence, title)} grown in the laboratory")
    animals = animals_studied(evidence, title)
    swap = _SWAPPABLE.search(sentence)
    if swap:
        rest = sentence[swap.end():]
        # "people with type 2 diabetes" -> "mice with type 2 diabetes", not "diabetic mice with..."
        if rest.lstrip().lower().startswith("with ") and evidence.species:
            animals = " and ".join(s for s in evidence.species[:2] if s != "human") or animals
        return sentence[: swap.start()] + animals + rest
    return _qualify(sentence, animals)
