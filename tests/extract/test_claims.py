"""Research claims: which sentences assert findings, and when a citation backs them."""

from __future__ import annotations

import pytest

from citecheck.extract.cite_find import find_citations
from citecheck.extract.claims import claim_trigger, find_claims
from citecheck.model import Document, Reference
from tests.extract.test_citations import ARTICLES, SEEDS, needs_shared, ref, seed_references


def claims_of(text: str, *references: Reference):
    document = Document(path="t.txt", text=text)
    citations = find_citations(document, tuple(references))
    return find_claims(document, citations, tuple(references))


@pytest.mark.parametrize(
    "sentence, trigger",
    [
        ("Studies show that fat is not the culprit.", "Studies show"),
        ("Research suggests that sleep helps memory.", "Research suggests"),
        ("Several meta-analyses have found that acupuncture helps.", "meta-analyses have found"),
        ("Clinical trials have demonstrated a benefit.", "trials have demonstrated"),
        ("Numerous studies and reviews suggest that it works.", "studies and reviews suggest"),
        ("The evidence shows a small effect.", "evidence shows"),
        ("Ginger has been shown to ease nausea.", "has been shown to"),
        ("Scientists found a new gene.", "Scientists found"),
        ("Research on acupuncture for gut issues shows mixed results.", "Research on acupuncture for gut issues shows"),
        ("It works, according to one of the most rigorous studies yet.", "according to one of the most rigorous studies"),
        ("This supplement is clinically proven to work.", "is clinically proven to"),
        ("Our pills are scientifically proven.", "scientifically proven"),
        ("It is well established that smoking causes cancer.", "It is well established"),
    ],
)
def test_research_claims_are_recognised(sentence, trigger):
    assert claim_trigger(sentence) == trigger


@pytest.mark.parametrize(
    "sentence",
    [
        "Further studies are needed to establish causal links.",
        "More research is needed before studies show anything.",
        "Future studies should test whether it works.",
        "Do studies show that it works?",
        "This NIH study reported by a journalist is curious.",
        "Acupuncture may stimulate the release of endorphins.",
        "I think the data are interesting.",
    ],
)
def test_hedges_questions_and_plain_statements_are_not_claims(sentence):
    assert claim_trigger(sentence) is None


def test_a_sentence_with_a_citation_is_cited():
    yang = ref("yang", "Yang", year=2024)
    (claim,) = claims_of("Studies show needling calms the gut (Yang et al., 2024).", yang)
    assert claim.cited


def test_an_unlinked_citation_still_counts_as_a_citation():
    (claim,) = claims_of("Studies show needling calms the gut (Nobody et al., 2024).")
    assert claim.cited  # the missing entry is CC501's business


def test_a_linked_source_counts_as_a_citation():
    (linked,) = claims_of("Studies show it works <https://doi.org/10.1000/xyz123>.")
    assert linked.cited
    # The writer names the source by linking it, whatever the site: the reader can follow it.
    (news,) = claims_of("The latest studies, which shows that kids are leaner <https://news.example/milk>.")
    assert news.cited
    (page,) = claims_of("Research shows that walking improves mood, according to this study <https://www.example.org/walk>.")
    assert page.cited
    (bare,) = claims_of("Studies show that tea lowers stress.")
    assert not bare.cited


@pytest.mark.parametrize(
    "sentence",
    [
        "Explain why the data supported one model instead of others.",
        "Describe how the evidence shows a dose effect.",
        "We asked whether studies show a benefit.",
        "It is unclear if the data support a link.",
    ],
)
def test_instructions_and_reported_questions_assert_no_finding(sentence):
    assert claim_trigger(sentence) is None


def test_a_citation_in_the_previous_sentence_does_not_support_a_claim():
    yang = ref("yang", "Yang", year=2024)
    claims = claims_of("Yang et al. (2024) tested mice. Studies show it works in people.", yang)
    assert [(c.trigger, c.cited) for c in claims] == [("Studies show", False)]


def test_an_example_in_the_next_sentence_supports_the_claim():
    yang = ref("yang", "Yang", year=2024)
    (claim,) = claims_of("Studies show it works. For example, mice improved (Yang et al., 2024).", yang)
    assert claim.cited
    (claim,) = claims_of("Studies show it works. Mice improved in a lab (Yang et al., 2024).", yang)
    assert not claim.cited


def test_a_colon_claim_is_supported_by_the_cited_list_it_introduces():
    chen = ref("chen", "Chen", year=2021)
    text = (
        "Studies have identified changes in the microbiota:\n\n"
        "  • Butyricimonas is diminished (Chen et al., 2021).\n\n"
        "  • Ignatzschineria is reduced.\n\n"
        "Research suggests more. Nothing here.\n"
    )
    claims = claims_of(text, chen)
    assert [(c.trigger, c.cited) for c in claims] == [
        ("Studies have identified", True),
        ("Research suggests", False),
    ]


def test_claim_lines_are_source_lines_and_reference_entries_are_skipped():
    text = (
        "Intro line.\n\nResearch suggests sleep helps.\n\nReferences\n\n"
        "Smith, J. (2020). Studies show that sleep helps. Sleep, 1, 2.\n"
    )
    # entries carry source lines: text line 7 came from line 34 of the file
    smith = Reference(id="s", line=34, end_line=34, text="Smith", authors=("Smith",), year=2020)
    document = Document(path="t.md", text=text, line_map=(1, 2, 30, 31, 32, 33, 34))
    claims = find_claims(document, find_citations(document, (smith,)), (smith,))
    assert [(c.line, c.sentence) for c in claims] == [(30, "Research suggests sleep helps.")]


@needs_shared
def test_acupuncture_seed_has_several_unsupported_claims():
    text = (SEEDS / "acupuncture-stomach-back-pain.txt").read_text(encoding="utf-8")
    claims = claims_of(text)
    flagged = [c for c in claims if not c.cited]
    starts = [c.sentence[:40] for c in flagged]
    assert len(flagged) >= 4
    for expected in (
        "Numerous studies and reviews suggest tha",
        "Several meta-analyses have found that ac",
        "Research on acupuncture for gastrointest",
        "Some studies suggest it can improve symp",
    ):
        assert expected in starts
    # the bullet points describing mechanisms are not claims
    assert not any(c.sentence.startswith("Release of Endorphins") for c in claims)


@needs_shared
def test_cited_sentences_of_the_seeds_are_never_unsupported():
    for name in ("electroacupuncture-gut-inflammation.txt", "probiotics-neuropathic-pain.txt"):
        text = (SEEDS / name).read_text(encoding="utf-8")
        references = seed_references(name, text)
        document = Document(path=name, text=text)
        citations = find_citations(document, references)
        cited_sentences = {c.sentence for c in citations}
        claims = find_claims(document, citations, references)
        for claim in claims:
            if claim.sentence in cited_sentences:
                assert claim.cited
        # electroacupuncture: every research sentence in the body carries its citation
        if name.startswith("electro"):
            assert [c for c in claims if not c.cited] == []
        else:
            # "Further studies are needed to:" is future work, not a claim
            assert not any(c.sentence.startswith("Further studies") for c in claims)
            identified = [c for c in claims if c.sentence.startswith("Studies have identified")]
            assert identified and identified[0].cited


@needs_shared
def test_labelled_uncited_study_claims_are_found():
    text = (ARTICLES / "006_criticalmas-physician-heal-thyself.txt").read_text(encoding="utf-8")
    flagged = [c.sentence for c in claims_of(text) if not c.cited]
    assert "Studies show that once our country adopted the low-fat propaganda that caloric intake went up." in flagged
    text = (ARTICLES / "004_johnhawks-younger-mothers-longevity.txt").read_text(encoding="utf-8")
    flagged = [c.sentence for c in claims_of(text) if not c.cited]
    assert any(s.startswith("The odds of living to 100") for s in flagged)
    assert any(s.endswith("new research suggests.") for s in flagged)


def test_a_finding_verb_about_usefulness_is_not_a_research_claim():
    from citecheck.extract.claims import claim_trigger

    assert claim_trigger("These are the studies our physiotherapy team found useful.") is None
    assert claim_trigger("Studies found that acupuncture reduces pain.") is not None
