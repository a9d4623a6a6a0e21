"""CC4xx evidence: a claim about people that rests only on animal or cell-culture studies.

For every citation linked to a reference whose evidence is `animal` (CC401)
or `in_vitro` (CC402), the citing sentence is read (`citecheck.evidence.people`):
when it speaks about people and the same sentence does not also cite a
human, mixed or review source, the citation is flagged with the species or
cells studied, what that was read from (PubMed MeSH, the abstract...) and a
rewording that says so ("...reduced body weight in obese mice (Xia et al., 2022).").

A sentence that already says its evidence is animal ("in mice", "a rat
study") is not flagged, nor one whose paragraph says so and that does not
turn to people explicitly ("Lower doses seem more effective... These studies
were conducted in otherwise healthy rats.").
Works whose evidence is unknown are never flagged: no MeSH and a title that
names nobody is not proof of anything.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.evidence.overstatement import overstated
from citecheck.evidence.people import PeopleReading
from citecheck.evidence.wording import animals_studied, cells_studied, suggest
from citecheck.model import Citation, Evidence, EvidenceKind, Finding, Reference, Severity

CONTEXT_SENTENCES = 3  # how many sentences on each side of a citing sentence frame it


# ---------------------------------------------------------------- example data

_AN = {
    "DOI": "10.1111/1753-0407.13323",
    "type": "journal-article",
    "title": ["Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice"],
    "container-title": ["Journal of Diabetes"],
    "author": [{"family": "An", "given": "J."}, {"family": "Wang", "given": "L."}],
    "issued": {"date-parts": [[2022, 10]]},
    "volume": "14",
    "issue": "10",
    "page": "695-710",
}
_AN_ENTRY = (
    "An, J., & Wang, L. (2022). Electroacupuncture reduces blood glucose by regulating intestinal flora "
    "in type 2 diabetic mice. J Diabetes, 14(10), 695-710. https://doi.org/10.1111/1753-0407.13323"
)
_DEKKER = {
    "DOI": "10.3389/fendo.2020.00605",
    "type": "journal-article",
    "title": ["Altered Gut Microbiota Composition Is Associated With Back Pain in Overweight and Obese Individuals"],
    "container-title": ["Frontiers in Endocrinology"],
    "author": [{"family": "Dekker Nitert", "given": "Marloes"}, {"family": "Mousa", "given": "Aya"}],
    "issued": {"date-parts": [[2020, 9, 2]]},
    "volume": "11",
    "article-number": "605",
}
_DEKKER_ENTRY = (
    "Dekker Nitert, M., & Mousa, A. (2020). Altered Gut Microbiota Composition Is Associated With Back Pain "
    "in Overweight and Obese Individuals. Front Endocrinol, 11, 605. https://doi.org/10.3389/fendo.2020.00605"
)
_CHEN = {
    "DOI": "10.1186/s13041-021-00765-y",
    "type": "journal-article",
    "title": ["Alterations in the gut microbiota and metabolite profiles in the context of neuropathic pain"],
    "container-title": ["Molecular Brain"],
    "author": [{"family": "Chen", "given": "X."}, {"family": "Wang", "given": "Z."}],
    "issued": {"date-parts": [[2021, 3]]},
    "volume": "14",
    "issue": "1",
    "article-number": "50",
}
_CHEN_ENTRY = (
    "1. Chen, X., & Wang, Z. (2021). Alterations in the gut microbiota and metabolite profiles in the context "
    "of neuropathic pain. Molecular Brain, 14(1), 50. https://doi.org/10.1186/s13041-021-00765-y"
)
_LI = {
    "DOI": "10.7717/peerj.11816",
    "type": "journal-article",
    "title": ["Large chromosomal deletions and impaired homologous recombination repairing in HEK293T cells "
              "exposed to polychlorinated biphenyl 153"],
    "container-title": ["PeerJ"],
    "author": [{"family": "Li", "given": "Jiaci"}, {"family": "Jing", "given": "Yaqing"}],
    "issued": {"date-parts": [[2021, 7, 28]]},
    "volume": "9",
    "article-number": "e11816",
}
_LI_ENTRY = (
    "Li, J., & Jing, Y. (2021). Large chromosomal deletions and impaired homologous recombination repairing "
    "in HEK293T cells exposed to polychlorinated biphenyl 153. PeerJ, 9, e11816. https://doi.org/10.7717/peerj.11816"
)
_MEHTA = {
    "DOI": "10.1177/14703203010020011201",
    "type": "journal-article",
    "title": ["Facilitative interaction between angiotensin II and oxidised LDL in cultured human coronary "
              "artery endothelial cells"],
    "container-title": ["Journal of the Renin-Angiotensin-Aldosterone System"],
    "author": [{"family": "Mehta", "given": "Jawahar L"}, {"family": "Li", "given": "Dayuan"}],
    "issued": {"date-parts": [[2001, 3]]},
    "volume": "2",
    "issue": "1_suppl",
    "page": "S70-S76",
}
_MEHTA_ENTRY = (
    "Mehta, J. L., & Li, D. (2001). Facilitative interaction between angiotensin II and oxidised LDL in cultured "
    "human coronary artery endothelial cells. J Renin Angiotensin Aldosterone Syst, 2(1 suppl), S70-S76. "
    "https://doi.org/10.1177/14703203010020011201"
)

_MICE = {"kind": "animal", "species": ["mice"], "source": "pubmed-mesh", "basis": "PubMed MeSH: Animals, Mice"}
_RATS = {"kind": "animal", "species": ["rats"], "source": "pubmed-mesh", "basis": "PubMed MeSH: Animals, Rats"}
_HUMANS = {"kind": "human", "source": "pubmed-mesh", "basis": "PubMed MeSH: Humans"}
_CELLS = {"kind": "in_vitro", "species": ["human"], "source": "abstract",
          "basis": "abstract: …variations and related pathway changes in HEK293T cells…"}
_ENDOTHELIAL = {"kind": "in_vitro", "species": ["human"], "source": "title",
                "basis": "title: …in cultured human coronary artery endothelial cells"}


def _article(body: str, *entries: str, heading: str = "References") -> str:
    return body + f"\n\n{heading}\n\n" + "\n\n".join(entries) + "\n"


# ------------------------------------------------------------------ helpers


def _label(reference: Reference) -> str:
    """`An et al. 2022`, `Garvey 2023`, or the entry's id when it has no author."""
    if not reference.authors:
        return reference.id
    name = reference.authors[0] + (" et al." if len(reference.authors) > 1 or reference.et_al else "")
    return f"{name} {reference.year}" if reference.year else name


def _fold(text: str) -> str:
    return " ".join(text.split())


class _Paragraphs:
    """Finds the paragraph around a citing sentence: the sentences that frame it."""

    def __init__(self, text: str) -> None:
        try:
            from citecheck.extract.sentences import split_sentences
        except ImportError:  # pragma: no cover - the extractor ships with the package
            self._sentences = ()
        else:
            self._sentences = split_sentences(text)
        self._index: dict[str, list[int]] = {}
        for number, sentence in enumerate(self._sentences):
            self._index.setdefault(sentence.text, []).append(number)

    def around(self, citation: Citation) -> str:
        """The other sentences of the citing sentence's paragraph (a few on each side)."""
        places = self._index.get(_fold(citation.sentence))
        if not places:
            return ""
        # The same sentence may occur twice: take the one nearest the citation.
        number = min(places, key=lambda n: abs(self._sentences[n].line - citation.line))
        block = self._sentences[number].block
        low = max(0, number - CONTEXT_SENTENCES)
        high = min(len(self._sentences), number + CONTEXT_SENTENCES + 1)
        return " ".join(
            self._sentences[n].text for n in range(low, high)
            if n != number and self._sentences[n].block == block
        )


@lru_cache(maxsize=2)
def _paragraphs_of(text: str) -> _Paragraphs:
    # CC401 and CC402 read the same document: split it once.
    return _Paragraphs(text)


def _groups(ctx: CheckContext) -> Iterable[tuple[str, list[Citation]]]:
    """Citations grouped by the sentence they support, in document order."""
    groups: dict[str, list[Citation]] = {}
    for citation in ctx.extraction.citations:
        if citation.references:
            groups.setdefault(_fold(citation.sentence), []).append(citation)
    return groups.items()


def _title(ctx: CheckContext, reference_id: str) -> str | None:
    result = ctx.result_for(reference_id)
    if result is None:
        return None
    return (result.work.title if result.work else None) or result.reference.title


def _describe(evidence: Evidence, title: str | None) -> str:
    if evidence.kind is EvidenceKind.IN_VITRO:
        return f"a cell-culture study ({cells_studied(evidence, title)})"
    animals = animals_studied(evidence, title)
    return "an animal study" if animals == "animals" else f"a study in {animals}"


def _why_low(evidence: Evidence) -> str:
    if evidence.source == "title":
        return "read from the title alone, with no abstract or PubMed MeSH"
    if evidence.source == "abstract":
        return "the abstract says little about who was studied, and PubMed's MeSH was not available"
    return "little to read about who was studied"


def _findings(rule: Rule, ctx: CheckContext, kind: EvidenceKind) -> Iterable[Finding]:
    paragraphs: _Paragraphs | None = None
    for sentence, citations in _groups(ctx):
        cited = {ref: ctx.evidence_for(ref) for c in citations for ref in c.references}
        if not any(e is not None and e.kind is kind for e in cited.values()):
            continue
        if paragraphs is None:
            paragraphs = _paragraphs_of(ctx.extraction.document.text)
        verdict = overstated(sentence, cited, lambda: paragraphs.around(citations[0]))
        if not verdict.works:
            continue
        reading: PeopleReading = verdict.reading
        evidence = cited
        reported: set[str] = set()
        for citation in citations:
            for ref in citation.references:
                item = evidence.get(ref)
                if item is None or item.kind is not kind or ref in reported:
                    continue
                reported.add(ref)
                reference = ctx.reference(ref)
                title = _title(ctx, ref)
                label = _label(reference) if reference else ref
                what = _describe(item, title)
                basis = f" ({item.basis})" if item.basis else ""
                low = item.confidence == "low"
                confidence = f" (low confidence: {_why_low(item)})" if low else ""
                finding = rule.finding(
                    citation.line,
                    f"{label} is {what}{basis}{confidence}, cited for a claim about people: "
                    f"\"{reading.cue}\"",
                    reference=ref,
                    cited=f"people ({reading.cue})",
                    expected=(
                        f"animal study: {', '.join(item.species) or 'species not named'}"
                        if kind is EvidenceKind.ANIMAL
                        else f"cell culture{': ' + ', '.join(item.species) + ' cells' if item.species else ''}"
                    ),
                    sentence=sentence,
                    suggestion=suggest(sentence, item, title),
                )
                # A guess is worth a look, not a warning.
                yield replace(finding, severity=Severity.INFO) if low else finding


def check_animal(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    return _findings(rule, ctx, EvidenceKind.ANIMAL)


def check_in_vitro(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    return _findings(rule, ctx, EvidenceKind.IN_VITRO)


# -------------------------------------------------------------------- rules

RULES: tuple[Rule, ...] = (
    Rule(
        code="CC401",
        name="animal-study-for-human-claim",
        severity=Severity.WARNING,
        summary="A claim about people is supported only by animal studies.",
        why=(
            "Most treatments that work in mice or rats never work in people, yet a sentence like "
            "\"electroacupuncture can reduce body weight\" reads as a promise to the reader. Citing an "
            "animal study for it, without saying so, overstates the evidence. citecheck learns what a "
            "cited work studied from PubMed (MeSH check tags such as Animals, Mice, Rats, and publication "
            "types), else from the abstract, else from the title, and flags the citation when the sentence "
            "is about people and no human study, mixed study or review is cited with it. A verdict read "
            "from a title that does not plainly name the animals studied and nobody else, or from an "
            "abstract that says little, is reported at info severity and says it is of low confidence."
        ),
        fix=(
            "Say what was studied (\"electroacupuncture reduced body weight in obese mice\"), "
            "or cite evidence in people. A sentence that names the animals, or sits in a paragraph that "
            "does (without itself turning to people), is not flagged."
        ),
        check=check_animal,
        fails=(
            Example(
                article=_article(
                    "Electroacupuncture lowers blood glucose in people with type 2 diabetes (An et al., 2022).",
                    _AN_ENTRY,
                ),
                works={"10.1111/1753-0407.13323": _AN},
                evidence={"10.1111/1753-0407.13323": _MICE},
                note="a mouse study cited for people with diabetes",
            ),
            Example(
                article=_article(
                    "Butyrate-producing bacteria are often diminished in individuals with neuropathic pain [1].",
                    _CHEN_ENTRY,
                    heading="Citations",
                ),
                works={"10.1186/s13041-021-00765-y": _CHEN},
                evidence={"10.1186/s13041-021-00765-y": _RATS},
                note="the title does not say rats; PubMed's MeSH does",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "In diabetic mice, electroacupuncture lowered blood glucose (An et al., 2022).",
                    _AN_ENTRY,
                ),
                works={"10.1111/1753-0407.13323": _AN},
                evidence={"10.1111/1753-0407.13323": _MICE},
                note="the sentence says the evidence is from mice",
            ),
            Example(
                article=_article(
                    "Electroacupuncture may ease back pain linked to gut inflammation "
                    "(An et al., 2022; Dekker Nitert et al., 2020).",
                    _AN_ENTRY,
                    _DEKKER_ENTRY,
                ),
                works={"10.1111/1753-0407.13323": _AN, "10.3389/fendo.2020.00605": _DEKKER},
                evidence={"10.1111/1753-0407.13323": _MICE, "10.3389/fendo.2020.00605": _HUMANS},
                note="a study in people is cited alongside the mouse study",
            ),
        ),
    ),
    Rule(
        code="CC402",
        name="in-vitro-study-for-human-claim",
        severity=Severity.WARNING,
        summary="A claim about people is supported only by cell-culture (in vitro) studies.",
        why=(
            "What cells do in a dish says little about what happens in a person: doses, metabolism and "
            "the rest of the body are missing. A sentence that reads as a health claim for the reader but "
            "cites only cell-culture work overstates the evidence. The study type comes from PubMed MeSH "
            "(Cell Line, Cells, Cultured, In Vitro Techniques), else the abstract, else the title."
        ),
        fix=(
            "Say what was studied (\"PCB153 caused large chromosomal deletions in HEK293T cells grown in the "
            "laboratory\"), or cite evidence in people."
        ),
        check=check_in_vitro,
        fails=(
            Example(
                article=_article(
                    "Exposure to PCBs damages your DNA and raises your risk of cancer (Li et al., 2021).",
                    _LI_ENTRY,
                ),
                works={"10.7717/peerj.11816": _LI},
                evidence={"10.7717/peerj.11816": _CELLS},
                note="a cell-line study cited for the reader's own DNA",
            ),
            Example(
                article=_article(
                    "Vitamin E can protect the heart's arteries of people with high cholesterol "
                    "(Mehta & Li, 2001).",
                    _MEHTA_ENTRY,
                ),
                works={"10.1177/14703203010020011201": _MEHTA},
                evidence={"10.1177/14703203010020011201": _ENDOTHELIAL},
                note="endothelial cells in a dish cited for people",
            ),
        ),
        passes=(
            Example(
                article=_article(
                    "In HEK293T cells, PCB153 caused large chromosomal deletions (Li et al., 2021).",
                    _LI_ENTRY,
                ),
                works={"10.7717/peerj.11816": _LI},
                evidence={"10.7717/peerj.11816": _CELLS},
                note="the sentence names the cells",
            ),
        ),
    ),
)
