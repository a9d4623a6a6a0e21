"""CC401 and CC402 on hand-built extractions (no extractor, no network)."""

from __future__ import annotations

from citecheck.checks.base import CheckContext
from citecheck.checks.evidence import RULES, check_animal, check_in_vitro
from citecheck.model import (
    Citation,
    Document,
    Evidence,
    EvidenceKind as K,
    Extraction,
    Outcome,
    Reference,
    ReferenceResult,
    Resolution,
    Severity,
    Status,
    Work,
)

CC401, CC402 = RULES
MICE = Evidence(K.ANIMAL, ("mice",), "pubmed-mesh", "99000001", "PubMed MeSH: Animals, Mice")
RATS = Evidence(K.ANIMAL, ("rats",), "pubmed-mesh", "99000007", "PubMed MeSH: Animals, Rats")
HUMAN = Evidence(K.HUMAN, (), "pubmed-mesh", "32982987", "PubMed MeSH: Humans")
CELLS = Evidence(K.IN_VITRO, ("human",), "title", None, "title: …in HEK293T cells…")

TITLES = {
    "R1": "Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice",
    "R2": "Altered Gut Microbiota Composition Is Associated With Back Pain in Overweight and Obese Individuals",
    "R3": "Alterations in the gut microbiota and metabolite profiles in the context of neuropathic pain",
    "R4": "Large chromosomal deletions in HEK293T cells exposed to polychlorinated biphenyl 153",
}
AUTHORS = {"R1": ("An", "Wang"), "R2": ("Dekker Nitert", "Mousa"), "R3": ("Chen", "Wang"), "R4": ("Li", "Jing")}
YEARS = {"R1": 2022, "R2": 2020, "R3": 2021, "R4": 2021}


def context(text: str, citations: list[Citation], evidence: dict[str, Evidence | None]) -> CheckContext:
    results = []
    for ref in sorted(evidence):
        reference = Reference(id=ref, line=40, text=TITLES[ref], authors=AUTHORS[ref], year=YEARS[ref], doi=f"10.1/{ref}")
        work = Work(doi=f"10.1/{ref}", title=TITLES[ref])
        results.append(ReferenceResult(reference, Status.VERIFIED, Resolution(work.doi, Outcome.FOUND, work=work),
                                       evidence=evidence[ref]))
    document = Document(path="article.txt", text=text)
    return CheckContext(Extraction(document=document, references=tuple(r.reference for r in results),
                                   citations=tuple(citations)), tuple(results))


def cite(sentence: str, *refs: str, line: int = 1, text: str = "(...)") -> Citation:
    return Citation(line=line, text=text, sentence=sentence, kind="author-year", references=refs)


def run(rule, ctx):
    return list(rule.check(rule, ctx))


def test_animal_study_for_people_is_flagged_with_everything_the_report_needs():
    sentence = "Electroacupuncture lowers blood glucose in people with type 2 diabetes (An et al., 2022)."
    ctx = context(sentence + "\n", [cite(sentence, "R1", line=1, text="(An et al., 2022)")], {"R1": MICE})
    [finding] = run(CC401, ctx)
    assert finding.code == "CC401"
    assert finding.rule == "animal-study-for-human-claim"
    assert finding.severity is Severity.WARNING
    assert finding.line == 1
    assert finding.reference == "R1"
    assert finding.sentence == sentence
    assert finding.cited == "people (people)"
    assert finding.expected == "animal study: mice"
    assert "An et al. 2022 is a study in type 2 diabetic mice (PubMed MeSH: Animals, Mice)" in finding.message
    assert finding.suggestion == "Electroacupuncture lowers blood glucose in mice with type 2 diabetes (An et al., 2022)."
    assert run(CC402, ctx) == []


def test_sentence_that_says_mice_is_not_flagged():
    sentence = "In diabetic mice, electroacupuncture lowered blood glucose (An et al., 2022)."
    assert run(CC401, context(sentence, [cite(sentence, "R1")], {"R1": MICE})) == []


def test_human_study_in_the_same_sentence_carries_the_claim():
    sentence = "Electroacupuncture may ease back pain linked to gut inflammation (An et al., 2022; Dekker Nitert et al., 2020)."
    citations = [cite(sentence, "R1"), cite(sentence, "R2")]
    assert run(CC401, context(sentence, citations, {"R1": MICE, "R2": HUMAN})) == []
    # A review or a mixed study carries it too.
    for other in (Evidence(K.REVIEW), Evidence(K.MIXED, ("mice",))):
        assert run(CC401, context(sentence, citations, {"R1": MICE, "R2": other})) == []


def test_editorial_or_unresolved_alongside_does_not_carry_the_claim():
    sentence = "Electroacupuncture may ease back pain linked to gut inflammation (An et al., 2022; Dekker Nitert et al., 2020)."
    citations = [cite(sentence, "R1"), cite(sentence, "R2")]
    for other in (Evidence(K.EDITORIAL), None):
        findings = run(CC401, context(sentence, citations, {"R1": MICE, "R2": other}))
        assert [f.reference for f in findings] == ["R1"]


def test_a_work_of_unknown_kind_alongside_may_be_the_human_study():
    # A trial whose title names nobody ("Electroacupuncture for back pain") is `unknown`; the mouse study
    # cited beside it is then not flagged alone.
    sentence = "Electroacupuncture may ease back pain linked to gut inflammation (An et al., 2022; Dekker Nitert et al., 2020)."
    citations = [cite(sentence, "R1"), cite(sentence, "R2")]
    unknown = Evidence(K.UNKNOWN, (), "title", None, "title names no study subjects", "low")
    assert run(CC401, context(sentence, citations, {"R1": MICE, "R2": unknown})) == []


def test_low_confidence_is_reported_at_info_and_said():
    sentence = "Probiotics calm your gut (Lee et al., 2020)."
    fish = Evidence(K.ANIMAL, ("fish",), "title", None, "title: Probiotics in farmed fish", "low")
    [finding] = run(CC401, context(sentence, [cite(sentence, "R1")], {"R1": fish}))
    assert finding.severity.value == "info"
    assert "low confidence: read from the title alone" in finding.message
    [sure] = run(CC401, context(sentence, [cite(sentence, "R1")], {"R1": MICE}))
    assert sure.severity.value == "warning" and "low confidence" not in sure.message


def test_unknown_evidence_is_never_flagged():
    sentence = "Imbalances in gut microbiota are associated with obesity (Chen et al., 2021)."
    unknown = Evidence(K.UNKNOWN, (), "title", None, "title names no study subjects", "low")
    assert run(CC401, context(sentence, [cite(sentence, "R3")], {"R3": unknown})) == []
    assert run(CC401, context(sentence, [cite(sentence, "R3")], {"R3": None})) == []


def test_every_sentence_is_judged_and_each_reference_reported_once_per_sentence():
    first = "Butyricimonas is often diminished in individuals with neuropathic pain (Chen et al., 2021)."
    second = "VSL#3 is effective in promoting gut and nerve health (Chen et al., 2021)."
    third = "In rats with nerve injury, the gut microbiota changed (Chen et al., 2021)."
    citations = [cite(first, "R3", line=1), cite(first, "R3", line=1), cite(second, "R3", line=3), cite(third, "R3", line=5)]
    findings = run(CC401, context(f"{first}\n\n{second}\n\n{third}\n", citations, {"R3": RATS}))
    assert [(f.line, f.sentence) for f in findings] == [(1, first), (3, second)]
    assert findings[0].suggestion == "Butyricimonas is often diminished in rats with neuropathic pain (Chen et al., 2021)."
    assert findings[1].suggestion == "VSL#3 is effective in promoting gut and nerve health in rats (Chen et al., 2021)."


def test_numeric_citation_naming_several_references():
    sentence = "Gut health improves with probiotics [1, 2]."
    ctx = context(sentence, [cite(sentence, "R1", "R3", text="[1, 2]")], {"R1": MICE, "R3": RATS})
    assert sorted(f.reference for f in run(CC401, ctx)) == ["R1", "R3"]


def test_paragraph_that_says_rats_excuses_a_sentence_without_people():
    sentence = "Lower doses seem more effective, increasing testosterone more than higher doses.[1]"
    text = f"{sentence} These studies were conducted in otherwise healthy rats.\n"
    assert run(CC401, context(text, [cite(sentence, "R3")], {"R3": RATS})) == []
    # The same sentence in a paragraph that says nothing about rats is flagged.
    text = f"{sentence} Doses above 250 mg/kg may be toxic.\n"
    assert len(run(CC401, context(text, [cite(sentence, "R3")], {"R3": RATS}))) == 1


def test_in_vitro_evidence_is_cc402_only():
    sentence = "PCB exposure damages your DNA and raises your cancer risk (Li et al., 2021)."
    ctx = context(sentence, [cite(sentence, "R4")], {"R4": CELLS})
    assert run(CC401, ctx) == []
    [finding] = run(CC402, ctx)
    assert finding.code == "CC402"
    assert finding.expected == "cell culture: human cells"
    assert "cell-culture study (HEK293T cells)" in finding.message
    assert finding.suggestion == (
        "PCB exposure damages the DNA and raises the cancer risk in HEK293T cells grown in the laboratory (Li et al., 2021)."
    )


def test_low_confidence_is_said():
    sentence = "Green tea protects the kidneys of people with diabetes (Chen et al., 2021)."
    low = Evidence(K.ANIMAL, ("rats",), "title", None, "title: …diabetic rats", "low")
    [finding] = run(CC401, context(sentence, [cite(sentence, "R3")], {"R3": low}))
    assert "low confidence" in finding.message


def test_rules_are_documented():
    for rule in RULES:
        assert rule.summary and rule.why and rule.fix
        assert rule.fails and rule.passes
        assert rule.family == "evidence"
    assert (CC401.code, CC401.name, CC402.code, CC402.name) == (
        "CC401", "animal-study-for-human-claim", "CC402", "in-vitro-study-for-human-claim")
    assert check_animal is CC401.check and check_in_vitro is CC402.check


def test_documented_examples_behave_as_documented():
    from citecheck.checks.examples import run_example

    for rule in RULES:
        for example in rule.fails:
            codes = [f.code for f in run_example(example).findings]
            assert rule.code in codes, example.note
        for example in rule.passes:
            codes = [f.code for f in run_example(example).findings]
            assert rule.code not in codes, example.note
