"""Find sentences that assert research findings, and whether a citation backs them.

A claim is a sentence that leans on research it does not have to name:
"studies show", "research suggests", "several meta-analyses have found",
"clinical trials have demonstrated", "numerous studies and reviews suggest",
"evidence shows", "has been shown to", "scientists found", "according to one
study", "clinically proven". Not claims: questions, hedged future work
("Further studies are needed to…", "More research is required"), headings
(a short line without a full stop), a research noun inside a question or a
"why/whether/how" clause ("explain why the data supported one model"), and
instructions to the reader (a sentence opening with "Explain", "Consider"...,
from `lexicon/instructions.txt`).

When is a claim *cited*? Decided on purpose, narrowly, so that CC506 means
something:

* the sentence itself holds an in-text citation (any kind, linked or not — a
  citation missing from the list is CC501's business, not an unsupported
  claim), a DOI / PubMed / PMC reference, or any link: a writer who links the
  source ("according to [this study](https://...)") has cited it;
* the sentence ends with a colon and the list items (or the block) right
  after it carry citations — "Studies have identified changes:" followed by
  cited bullet points;
* the next sentence of the same paragraph carries a citation and opens as an
  example of the claim — "For example, …", "In one study …", "Smith et al.
  (2019) …".

A citation in the *previous* sentence, or anywhere else in the paragraph, does
not count: "Smith (2019) tested mice. Studies show it works in people." is
exactly the unsupported step the rule is for.
"""

from __future__ import annotations

import re
from typing import Sequence

from citecheck.extract import lexicon
from citecheck.extract.reflist import body_text
from citecheck.extract.sentences import Sentence, fold, split_sentences
from citecheck.model import Citation, Claim, Document, Reference
from citecheck.text.identifiers import DOI_SHAPE

__all__ = ["find_claims", "claim_trigger"]

_NOUNS = (
    r"studies|study|research|researchers|scientists|experts|evidence|data|trials|"
    r"meta-?analys[ie]s|reviews|literature|experiments|investigations|surveys|science"
)
_VERBS = (
    r"show(?:s|ed|n)?|suggest(?:s|ed)?|found|finds?|demonstrat(?:e|es|ed)|prov(?:e|es|ed|en)|"
    r"indicat(?:e|es|ed)|confirm(?:s|ed)?|reveal(?:s|ed)?|support(?:s|ed)?|report(?:s|ed)?|"
    r"establish(?:es|ed)?|identif(?:y|ies|ied)|link(?:s|ed)?|point(?:s|ed)?\s{1,3}to|"
    r"conclud(?:e|es|ed)|document(?:s|ed)?"
)
_ADVERBS = (
    r"have|has|had|consistently|repeatedly|also|clearly|now|further|generally|strongly|even|"
    r"largely|increasingly|previously|recently|already|all"
)
# "<research noun> … <finding verb>", with at most eight words between them
# ("Research on acupuncture for gastrointestinal issues shows"). The gap words
# cannot contain a space or comma, so the repetition cannot split one word two
# ways: no catastrophic backtracking.
_NOUN_VERB = re.compile(
    rf"\b(?:{_NOUNS})\b"
    r"(?:[ ,]{1,3}[\w'’()/-]{1,30}){0,8}?"
    rf"[ ,]{{1,3}}(?:(?:{_ADVERBS})[ ]{{1,3}}){{0,3}}(?:been[ ]{{1,3}})?"
    # "a study reported by a newspaper" is about who told, not what was found;
    # "studies our team found useful" is an opinion of them, not a finding
    rf"(?:{_VERBS})\b(?!\s{{1,3}}by\b)"
    r"(?!\s{1,3}(?:(?:it|them|this|these|that|those|very|most|particularly|especially)\s{1,3})?"
    r"(?:useful|helpful|interesting|informative|valuable|relevant|worthwhile|compelling|fascinating|illuminating)"
    r"(?=\s{0,3}(?:[.,;:!?)]|$)|\s{1,3}(?:for|to|in|when|as|and|because)\b))",
    re.IGNORECASE,
)
_SHOWN_TO = re.compile(
    r"\b(?:has|have|had|was|were|is|are)\s{1,3}(?:been\s{1,3})?"
    r"(?:(?:clinically|scientifically|repeatedly|consistently|also|clearly)\s{1,3})?"
    r"(?:shown|proven|proved|demonstrated|found)\s{1,3}to\b",
    re.IGNORECASE,
)
_OTHER = re.compile(
    r"\b(?:clinically|scientifically)\s{1,3}(?:proven|shown|tested)\b"
    r"|\b(?:it\s{1,3}is\s{1,3})?well[- ](?:established|documented)\b"
    r"|\bevidence\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}?supporting\b"
    r"|\baccording\s{1,3}to\s{1,3}(?:[\w'’-]{1,30}\s{1,3}){0,6}?"
    r"(?:stud(?:y|ies)|research|trials?|meta-?analys[ie]s|reviews?|surveys?|scientists|researchers|experts)\b",
    re.IGNORECASE,
)
_TRIGGERS = (_NOUN_VERB, _SHOWN_TO, _OTHER)

# Hedged or future work: not an assertion of findings.
_HEDGE = re.compile(
    r"\b(?:further|more|future|additional|larger|longer|well-designed|rigorous|high-quality|new)\s{1,3}"
    r"(?:[\w-]{1,20}\s{1,3}){0,2}?(?:studies|research|trials|work|investigations?|evidence|data)\b"
    r"(?:\s{1,3}(?:is|are|will\s{1,3}be|would\s{1,3}be|remains?))?\s{0,3}"
    r"(?:needed|required|warranted|necessary|should|must|will|could|may|might)\b"
    r"|\b(?:studies|research|trials)\s{1,3}(?:is|are)\s{1,3}(?:still\s{1,3})?(?:needed|required|warranted|lacking)\b"
    r"|\bfuture\s{1,3}(?:studies|research|trials|work)\b",
    re.IGNORECASE,
)
# How a following sentence opens when it gives an example of the claim.
_EXAMPLE_OPENER = re.compile(
    r"(?:for\s(?:example|instance)|e\.g\.|in\sparticular|specifically|notably|"
    r"in\s(?:one|a|an|their|this|that|a\srecent)\s|one\s(?:study|trial|review|meta-analysis)|"
    r"a\s(?:recent\s|large\s|\d{4}\s)?(?:study|trial|review|meta-analysis)|"
    r"[A-Z][\w'’-]{1,40}\s(?:et\.?\sal|and\scolleagues|and\sco-?workers|\(\d{4}))",
    re.IGNORECASE,
)
_STUDY_LINK = re.compile(
    rf"{DOI_SHAPE.pattern}|doi\.org/|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/(?:pubmed|pmc)/|\bPMID\s?:?\s?\d"
    # any link: a writer who links the source has cited it ("according to this study <https://...>")
    r"|\bhttps?://[^\s<>]{3,}|\bwww\.[^\s<>]{3,}",
    re.IGNORECASE,
)
# The research noun inside a question or a clause that reports no finding: "explain why the data
# supported...", "whether studies show...".
_NOT_ASSERTED_BEFORE = re.compile(
    r"\b(?:why|whether|how|if|what|when)\s{1,3}(?:(?:the|these|this|those|your|our|such|any|their)\s{1,3})?$",
    re.IGNORECASE,
)
_OPENING_WORDS = re.compile(r"[A-Za-z]+(?:\s[a-z]+)?")


# Every trigger above contains one of these (lower-case) fragments: a sentence
# without any cannot be a claim, and most sentences have none, so the four
# patterns run on few sentences. Only for ASCII text, where IGNORECASE is
# exactly `str.lower()`; other text always goes through the patterns.
_TRIGGER_FRAGMENTS = (
    "stud", "research", "scien", "expert", "evidence", "data", "trial", "analys", "review",
    "literature", "experiment", "investigation", "survey", "shown", "prov", "demonstrated", "found",
    "clinically", "well", "according",
)


def _may_trigger(sentence: str) -> bool:
    if not sentence.isascii():
        return True
    lowered = sentence.lower()
    return any(fragment in lowered for fragment in _TRIGGER_FRAGMENTS)


def claim_trigger(sentence: str) -> str | None:
    """The words that make `sentence` a research claim, or None."""
    if len(sentence) > 5000 or sentence.rstrip().endswith("?"):
        return None
    if not _may_trigger(sentence):
        return None
    best: re.Match | None = None
    for pattern in _TRIGGERS:
        match = pattern.search(sentence)
        if match and (best is None or match.start() < best.start()):
            best = match
    # Hedged work is no claim; asked only once a trigger is found (most
    # sentences have none).
    if best is None or _HEDGE.search(sentence):
        return None
    if _NOT_ASSERTED_BEFORE.search(sentence, 0, best.start()) or _is_instruction(sentence):
        return None
    return fold(best.group(0))


def _is_instruction(sentence: str) -> bool:
    """A sentence that opens by telling the reader to do something ("Explain why...", "Find out...")."""
    opening = _OPENING_WORDS.match(sentence.lstrip(" \t\"'“‘*-•"))
    if opening is None:
        return False
    words = opening.group(0).lower()
    instructions = lexicon.words("instructions")
    return words in instructions or words.split()[0] in instructions


def _looks_like_heading(sentence: Sentence) -> bool:
    text = sentence.text
    return text[-1:] not in ".!?:;\"'”’)]" and len(text.split()) <= 12


def find_claims(
    document: Document,
    citations: Sequence[Citation],
    references: Sequence[Reference] | None = None,
) -> tuple[Claim, ...]:
    """Every research claim of `document`, with `cited` set as the module explains.

    The lines of the `references` are skipped (an entry's title is not a claim
    of the article). Pass them: when omitted (None) the reference list is
    found again here, which costs a second parse.
    """
    if references is None:
        from citecheck.extract.reflist import find_references

        references = find_references(document)
    text = body_text(document, references)
    sentences = split_sentences(text)
    cited_sentences = {c.sentence for c in citations}

    def holds_citation(sentence: Sentence) -> bool:
        return sentence.text in cited_sentences or _STUDY_LINK.search(sentence.text) is not None

    claims: list[Claim] = []
    for index, sentence in enumerate(sentences):
        if _looks_like_heading(sentence):
            continue
        trigger = claim_trigger(sentence.text)
        if trigger is None:
            continue
        cited = holds_citation(sentence) or _supported_by_next(sentences, index, holds_citation)
        claims.append(
            Claim(
                line=document.source_line(sentence.line),
                sentence=sentence.text,
                trigger=trigger,
                cited=cited,
            )
        )
    return tuple(claims)


def _supported_by_next(sentences: tuple[Sentence, ...], index: int, holds_citation) -> bool:
    sentence = sentences[index]
    following = sentences[index + 1 :]
    if sentence.text.endswith(":"):
        # What the colon introduces: the rest of its block, the next block, and
        # the list items that follow that one.
        current = sentence.block
        changes = 0
        for other in following[:200]:
            if other.block != current:
                changes += 1
                if changes > 1 and not other.list_item:
                    break
                current = other.block
            if holds_citation(other):
                return True
        return False
    if following and following[0].block == sentence.block:
        nxt = following[0]
        return holds_citation(nxt) and _EXAMPLE_OPENER.match(nxt.text) is not None
    return False
