"""An honest rewording for a sentence that cites animal or cell studies for people.

The suggestion keeps the author's sentence and says what was studied. A
sentence that names its evidence says what the cited study is ("Clinical trials
show that X" -> "A study in type 2 diabetic mice found that X"); a people noun
is swapped for the animals ("...diminished in individuals with neuropathic
pain" -> "...diminished in rats with neuropathic pain"); otherwise the claim is
qualified where it ends ("...reduced inflammation in obese mice (Yang et al.,
2024)."), so that a sentence opening with "Since..." or a label stays a
sentence, or where it begins when it ends in a list ("In mice, fasting improves
memory, mood, and sleep"). The animals are described as the cited work's title
describes them ("type 2 diabetic mice", "obese mice") when it does.

Every suggestion is a capitalised sentence that keeps the citations exactly as
written. When no rewording would be honest (the sentence still speaks of
people, addresses the reader, advises, asks, or carries several claims cited to
different works), the suggestion is advice instead: say what was studied, or
cite a study in people.
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
        return f"{_SINGULAR.get(origin[0], origin[0])} cells"
    return "cells"


# A species label as the word before "cells": "mouse cells", not "mice cells".
_SINGULAR = {"mice": "mouse", "rats": "rat", "guinea pigs": "guinea pig", "rodents": "rodent", "hamsters": "hamster",
             "dogs": "dog", "cats": "cat", "pigs": "pig", "rabbits": "rabbit", "primates": "primate",
             "cattle": "bovine", "horses": "horse", "chickens": "chicken", "birds": "bird", "bats": "bat",
             "frogs": "frog", "flies": "fly", "worms": "worm", "dolphins": "dolphin", "ferrets": "ferret"}




# ------------------------------------------------------------- where the claim ends

_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d[a-z]?\b")
_NUMBERS = re.compile(r"\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,10}\s{0,2}")
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_QUOTES = "\"“”«»"
_CLOSING = ".!?;:,'’" + _QUOTES


def _opening(text: str, close: int, opener: str, closer: str) -> int | None:
    """Where the bracket closed at `close` opens (nested brackets allowed), or None."""
    depth = 0
    for index in range(close, max(-1, close - 600), -1):
        if text[index] == closer:
            depth += 1
        elif text[index] == opener:
            depth -= 1
            if depth == 0:
                return index
    return None


def _cites(inner: str) -> bool:
    """Whether bracketed text reads as a citation: a year, or reference numbers."""
    return bool(_YEAR.search(inner) or _NUMBERS.fullmatch(inner) or re.fullmatch(r"\[\s{0,2}\d{1,3}\s{0,2}\]", inner))


def _citation_before(text: str, end: int) -> int | None:
    """The start of a citation that ends just before `end`: (Chen et al., 2021), [2-4], ¹²,
    <sup>1</sup>, a Markdown link such as [Chen, 2021](https://...) or [[1]](#ref1); None if there is none."""
    last = text[end - 1]
    if last in _SUPERSCRIPTS:
        start = end - 1
        while start > 0 and (text[start - 1] in _SUPERSCRIPTS or text[start - 1] in ",˒"):
            start -= 1
        return start
    lowered = text[:end].lower()
    for closer, opener in (("</sup>", "<sup"), ("</a>", "<a ")):
        if lowered.endswith(closer):
            start = lowered.rfind(opener)
            inner = re.sub(r"<[^>]*>", "", text[start:end]) if start >= 0 else ""
            return start if start >= 0 and _cites(inner.strip("[]() ")) else None
    if last == ")":
        start = _opening(text, end - 1, "(", ")")
        if start is None:
            return None
        if start > 0 and text[start - 1] == "]":  # a Markdown link: [text](target)
            label = _opening(text, start - 1, "[", "]")
            if label is not None and _cites(text[label + 1: start - 1].strip("[]")):
                return label
            return None
        return start if _cites(text[start + 1: end - 1]) else None
    if last == "]":
        start = _opening(text, end - 1, "[", "]")
        return start if start is not None and _cites(text[start + 1: end - 1]) else None
    return None


def _split(sentence: str) -> tuple[str, str, list[str]]:
    """(claim, what closes it, the citations in what closes it): "...inflammation", " (Yang et al., 2024).",
    ["(Yang et al., 2024)"]."""
    end, groups = len(sentence), []
    while end > 0:
        if sentence[end - 1].isspace() or sentence[end - 1] in _CLOSING:
            end -= 1
            continue
        start = _citation_before(sentence, end)
        if start is None:
            break
        groups.insert(0, sentence[start:end])
        end = start
    return sentence[:end], sentence[end:], groups


# A citation inside the claim: "(Smith, 2020)", "[3]", "¹", "<sup>", or "Smith et al. (2020)".
_CITATION_INSIDE = re.compile(
    r"\((?=[^()]{0,200}\b(?:1[6-9]|20)\d\d[a-z]?\b)[^()]{0,200}\)|\[\s{0,2}\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,10}\s{0,2}\]"
    rf"|[{_SUPERSCRIPTS}]|<sup\b|\]\((?:https?:|#)"
)


def _several_works(groups: list[str]) -> bool:
    """Whether the closing citations name more than one work: (A, 2020; B, 2021), [1, 2], [3-5], [1][2]."""
    if len(groups) != 1:
        return len(groups) > 1
    text = re.sub(r"\]\([^)]*\)", "]", groups[0])  # a link's target is no second work
    return ";" in text or bool(re.search(r"\d\s{0,2}[,–-]\s{0,2}\d", re.sub(r"\b(?:1[6-9]|20)\d\d[a-z]?\b", "Y", text))) \
        or len(_YEAR.findall(text)) > 1 or len([c for c in text if c in _SUPERSCRIPTS]) > 1


# --------------------------------------------------------------------- people in the sentence

# Words that keep a claim about people, or about evidence in people, whatever is put after them.
_PEOPLE_MORE = re.compile(
    r"(?<![\w'’-])(?:you|you're|you’re|you've|you’ve|you'll|you’ll|yourself|yourselves|yours|we|we're|we’re|us|"
    r"ourselves|he|she|him|his|her|hers|who|whose|whom|everybody|anybody|somebody|nobody|human|humans|"
    r"clinical|trials?|randomi[sz]ed|placebo|cohorts?|epidemiological|mankind|humankind|populations?)(?![\w'’-])",
    _I,
)
_READER_OWN = re.compile(r"(?<![\w'’-])(?:your|our)(?![\w'’-])", _I)


def _people_word(text: str) -> str | None:
    """The first word of `text` that names people or human evidence ("women", "you", "clinical"), if any;
    citations are not read."""
    from citecheck.evidence import people

    text = _CITATION_INSIDE.sub(" ", people._strip(text))
    for pattern in (v.PEOPLE_STRONG, people._OTHER_PEOPLE, _PEOPLE_MORE):
        match = pattern.search(text)
        if match and match.group(0) != "US":
            return match.group(0)
    for word in re.finditer(r"[\w'’-]+", text):
        token = word.group(0)
        if not token.isupper() and token.lower() in people._people_nouns():
            return token
    return None


def _no_reader(text: str) -> str:
    """"your gut", "our bodies" -> "the gut", "the bodies": the claim is about the animals or cells now."""
    return _READER_OWN.sub(lambda m: "The" if m.group(0)[0].isupper() else "the", text)


def _capitalised(text: str) -> str:
    """The sentence with its first word capitalised, unless that word is written in its own case ("mRNA")."""
    match = re.search(r"[^\W\d_][\w'’-]*", text)
    if not match or not match.group(0)[0].islower() or any(c.isupper() or c.isdigit() for c in match.group(0)):
        return text
    return text[: match.start()] + match.group(0)[0].upper() + text[match.start() + 1:]


def _closed(text: str) -> str:
    """The sentence with a full stop at its end when it has none."""
    _, tail, _ = _split(text)
    return text if re.search(r"[.!?]", tail) else text.rstrip() + "."


# ---------------------------------------------------------------------------- strategies

# A people noun that can simply be replaced by the animals studied, when nothing else in the sentence
# speaks of people; not before a verb of mind ("Many people believe...": mice do not).
_MIND = re.compile(
    r"\s(?:believe|believed|think|thought|say|said|says|feel|felt|report|reported|know|knew|want|wanted|prefer|"
    r"like|love|choose|decide|worry|wonder|ask|tell|agree|claim|claimed|expect|hope|fear|read|search)\b", _I
)


def _swapped(sentence: str, animals: str, evidence: Evidence) -> str | None:
    found = list(_SWAPPABLE.finditer(sentence))
    if len(found) != 1:
        return None
    swap = found[0]
    rest = sentence[swap.end():]
    if _MIND.match(rest):
        return None
    # "people with type 2 diabetes" -> "mice with type 2 diabetes", not "diabetic mice with..."
    if rest.lstrip().lower().startswith("with ") and evidence.species:
        animals = " and ".join(s for s in evidence.species[:2] if s != "human") or animals
    if swap.group(0)[0].isupper():
        animals = animals[0].upper() + animals[1:]
    rewritten = sentence[: swap.start()] + animals + rest
    return None if _people_word(rewritten) else rewritten


# "Clinical trials show that...", "Studies in humans have shown...", "Research suggests...": the sentence
# says what its evidence is, and that is what is to be corrected.
_EVIDENCE_CLAUSE = re.compile(
    r"^(?:(?:numerous|many|several|some|recent|new|various|multiple|the)\s+)?"
    r"(?:(?:clinical|human|scientific|medical)\s+)?"
    r"(?:trials|studies|studies and reviews|research|evidence|reviews|data|experts|scientists|researchers)"
    r"(?:\s+(?:in|on|with|of)\s+(?:humans|people|patients|adults|participants|volunteers))?\s+"
    r"(?:(?:has|have)\s+(?:been\s+)?)?(?:repeatedly\s+|consistently\s+|clearly\s+)?"
    r"(?:show(?:s|n|ed)?|suggest(?:s|ed)?|found|find|finds|demonstrate[sd]?|prove[sdn]?|confirm(?:s|ed)?|"
    r"indicate[sd]?|reveal(?:s|ed)?)\s+(?:that\s+)?",
    _I,
)


def _reframed(sentence: str, studied: str) -> str | None:
    """"Clinical trials show that X (An et al., 2022)." -> "A study in <animals> found that X (An et al., 2022).",
    when X itself says nothing of people and one work is cited."""
    clause = _EVIDENCE_CLAUSE.match(sentence)
    if not clause:
        return None
    claim = sentence[clause.end():]
    body, _, groups = _split(claim)
    if len(body.split()) < 3 or _people_word(claim) or _several_works(groups) or _CITATION_INSIDE.search(body):
        return None
    if re.match(r"[A-Z][a-z]+\b", claim) and not re.match(r"[A-Z][a-z]+\s(?:et al|and [A-Z]|\()", claim):
        claim = claim[0].lower() + claim[1:]
    return f"A study {studied} found that {claim}"


_OPENING_CLAUSE = frozenset(
    "since if when whenever because although though while whereas as after before unless once until so "
    "in on for by with without to".split()
)
_IMPERATIVE = frozenset(
    "take try eat drink add avoid consider include get make keep skip choose aim don't dont do remember be give "
    "let incorporate stop start swap limit cut replace combine apply massage practise practice stay just always "
    "never please go sip chew put".split()
)
_LIST_END = re.compile(r"(?:,[^,;:]{1,60}){1,},?\s(?:and|or)\s[^,;:]{1,60}$")


def _qualified(sentence: str, subjects: str) -> str | None:
    """`sentence` with " in <subjects>" at the end of its claim, before its citations and full stop; a claim
    that ends in a list ("memory, mood, and sleep") is qualified where it begins ("In mice, fasting improves...").
    None when that would not make an honest sentence: it still speaks of people or to the reader, asks,
    advises, quotes, already names animals, or carries claims cited to different works."""
    body, tail, groups = _split(sentence)
    words = body.split()
    first = re.sub(r"[^\w'’-]", "", words[0]).lower() if words else ""
    if (
        len(words) < 3
        or _people_word(sentence)
        or "?" in sentence
        or first in _IMPERATIVE
        or any(q in _without(tail, groups) for q in _QUOTES)
        or (groups and _CITATION_INSIDE.search(body))
        or next(v.species_in(v.mask(body)), None) is not None
        or re.search(r"(?:\b[A-Z][\w'’-]+|\bal\.)$", body) and groups and _YEAR.fullmatch(groups[0].strip("()"))
    ):
        return None
    if (
        _LIST_END.search(body)
        and re.match(r"[A-Z][a-z]+\b", body)
        and first not in _OPENING_CLAUSE
        and not re.match(r"[A-Z][a-z]+\s(?:et al|and [A-Z]|\()", body)
        and ":" not in words[0]
    ):
        return f"In {subjects}, {body[0].lower()}{body[1:]}{tail}"
    tail = tail or "."
    if tail[0] in "([":  # "memory(Smith, 2020)" is written apart; a note mark stays where it was
        tail = " " + tail
    return f"{body} in {subjects}{tail}"


def _without(tail: str, groups: list[str]) -> str:
    """What closes the claim, but for its citations (an HTML link's quotes are no quotation)."""
    for group in groups:
        tail = tail.replace(group, " ")
    return tail


def advice(evidence: Evidence, title: str | None = None) -> str:
    """What to do when no rewording of the sentence is safe: say what was studied, or cite people."""
    if evidence.kind is EvidenceKind.IN_VITRO:
        return (f"Say that the cited study was done on {cells_studied(evidence, title)} grown in the laboratory, "
                "or cite a study in people.")
    return f"Say that the cited study was done in {animals_studied(evidence, title)}, or cite a study in people."


def suggest(sentence: str, evidence: Evidence, title: str | None = None) -> str:
    """The sentence reworded to say what the cited study was done on, or advice when no rewording is safe.

    In turn: a sentence that names its evidence ("Clinical trials show that X") says what the cited study is
    instead ("A study in type 2 diabetic mice found that X"); a people noun is swapped for the animals ("...in
    individuals with neuropathic pain" -> "...in rats with neuropathic pain"); the claim is qualified where it
    ends ("...reduced inflammation in obese mice (Yang et al., 2024)."). Each keeps the author's sentence
    whole, its citations exactly, and nothing is put in front of a "Since..." clause or a "VSL#3:" label.
    A rewording that would still speak of people or to the reader ("Women who...", "you"), ask, advise
    ("Take..."), or qualify one of several separately cited claims is not offered: the advice is.
    """
    sentence = " ".join(sentence.split())
    if evidence.kind is EvidenceKind.IN_VITRO:
        studied = f"{cells_studied(evidence, title)} grown in the laboratory"
        reframe, swap = f"of {studied}", None
    else:
        studied = animals_studied(evidence, title)
        reframe, swap = f"in {studied}", studied
    candidates = []
    if "?" not in sentence:
        text = _no_reader(sentence)
        body, _, groups = _split(text)
        several_claims = bool(groups and _CITATION_INSIDE.search(body))
        if not several_claims:
            candidates.append(_reframed(text, reframe))
            if swap:
                candidates.append(_swapped(text, swap, evidence))
        candidates.append(_qualified(text, studied))
    for candidate in candidates:
        if candidate:
            return _closed(_capitalised(candidate))
    return advice(evidence, title)
