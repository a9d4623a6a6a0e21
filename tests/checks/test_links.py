"""CC5xx: citations against the reference list, and claims without citations."""

from __future__ import annotations

import re

import pytest

from citecheck.checks.base import CheckContext, Rule
from citecheck.checks.links import RULES
from citecheck.extract.cite_find import find_citations
from citecheck.extract.claims import find_claims
from citecheck.model import Citation, Claim, Document, Extraction, Reference, ReferenceResult, Status

RULE = {rule.code: rule for rule in RULES}


def _stand_in_references(document: Document) -> tuple[Reference, ...]:
    """APA entries after a "References" heading, read the simple way.

    Used only while the real parser is not importable; the examples are
    written in the plain APA form both read alike.
    """
    lines = document.text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "References")
    except StopIteration:
        return ()
    found = []
    for index in range(start + 1, len(lines)):
        line = lines[index].strip()
        match = re.match(r"(?:(\d+)\.\s+)?(.+?)\s\((\d{4})([a-z]?)\)\.", line)
        if not match:
            continue
        authors = tuple(part.split(",")[0].strip() for part in re.split(r",\s(?:&\s)?(?=[A-Z][a-z])", match.group(2)))
        found.append(
            Reference(
                id=f"ref{len(found) + 1}", line=index + 1, end_line=index + 1, text=line,
                number=int(match.group(1)) if match.group(1) else None,
                authors=tuple(a for a in authors if a), year=int(match.group(3)),
                year_suffix=match.group(4) or None,
            )
        )
    return tuple(found)


def extract(text: str) -> Extraction:
    """The real extractor: the reference parser, then citations and claims."""
    document = Document(path="example.txt", text=text)
    try:
        from citecheck.extract.reflist import find_references
    except ImportError:
        references = _stand_in_references(document)
    else:
        references = tuple(find_references(document))
    citations = find_citations(document, references)
    claims = find_claims(document, citations, references)
    return Extraction(document=document, references=references, citations=citations, claims=claims)


def context(extraction: Extraction) -> CheckContext:
    results = tuple(ReferenceResult(reference=r, status=Status.NO_DOI) for r in extraction.references)
    return CheckContext(extraction=extraction, results=results)


def run(rule: Rule, extraction: Extraction):
    return list(rule.check(rule, context(extraction)))


# ----------------------------------------------------------------- examples

CASES = [
    pytest.param(rule, kind, index, example, id=f"{rule.code}-{kind}-{index}")
    for rule in RULES
    for kind, examples in (("fails", rule.fails), ("passes", rule.passes))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("rule, kind, index, example", CASES)
def test_rule_examples_through_the_extractor(rule, kind, index, example):
    findings = run(rule, extract(example.article))
    if kind == "fails":
        assert findings, f"{rule.code} fails example {index} was not flagged"
        assert all(f.code == rule.code and f.severity is rule.severity for f in findings)
    else:
        assert findings == [], f"{rule.code} passes example {index} was flagged: {findings}"


def test_the_family_is_complete_and_documented():
    assert sorted(RULE) == ["CC501", "CC502", "CC503", "CC504", "CC505", "CC506"]
    names = {r.code: r.name for r in RULES}
    assert names == {
        "CC501": "citation-without-reference",
        "CC502": "reference-not-cited",
        "CC503": "citation-year-mismatch",
        "CC504": "ambiguous-citation",
        "CC505": "citation-author-mismatch",
        "CC506": "unsupported-claim",
    }
    for rule in RULES:
        assert rule.summary and rule.why and rule.fix and rule.fails and rule.passes
        assert rule.family == "citations"
        assert all(example.works == {} for example in rule.fails + rule.passes)


# ---------------------------------------------------- findings, by hand


def hand(references=(), citations=(), claims=(), text="") -> Extraction:
    return Extraction(
        document=Document(path="t.txt", text=text),
        references=tuple(references),
        citations=tuple(citations),
        claims=tuple(claims),
    )


SMITH = Reference(id="ref1", line=20, text="Smith", authors=("Smith", "Jones"), year=2019)
PARK = Reference(id="ref2", line=22, text="Park", authors=("Park",), year=2021)


def citation(**fields) -> Citation:
    base = dict(line=3, text="(Smith & Jones, 2019)", sentence="It works (Smith & Jones, 2019).", kind="author-year",
                authors=("Smith", "Jones"), year=2019)
    base.update(fields)
    return Citation(**base)


def test_cc501_names_the_citation_and_nearby_entries():
    (finding,) = run(RULE["CC501"], hand([SMITH], [citation(text="(Smith, 2017)", authors=("Smith",), year=2017)]))
    assert finding.line == 3
    assert finding.cited == "Smith 2017"
    assert "not in the reference list" in finding.message and "Smith & Jones 2019" in finding.message
    assert finding.sentence == "It works (Smith & Jones, 2019)."


def test_cc501_numeric_reports_only_the_missing_numbers():
    numbered = [Reference(id=f"r{i}", line=10 + i, text="x", number=i) for i in (1, 2)]
    cited = citation(text="[1-3]", kind="numeric", numbers=(1, 2, 3), references=("r1", "r2"), authors=(), year=None)
    (finding,) = run(RULE["CC501"], hand(numbered, [cited]))
    assert "entry 3" in finding.message and "[1-3]" in finding.message


def test_cc501_without_any_reference_list():
    (finding,) = run(RULE["CC501"], hand([], [citation()]))
    assert "no reference list" in finding.message


def test_cc502_only_when_the_text_cites():
    assert run(RULE["CC502"], hand([SMITH, PARK], [])) == []
    (finding,) = run(RULE["CC502"], hand([SMITH, PARK], [citation(references=("ref1",))]))
    assert (finding.line, finding.reference) == (22, "ref2")
    assert "Park 2021" in finding.message
    # an ambiguous citation counts as citing its candidates
    assert run(RULE["CC502"], hand([SMITH, PARK], [citation(candidates=("ref1", "ref2"))])) == []


def test_cc503_names_both_years():
    cited = citation(text="(Smith & Jones, 2018)", year=2018, references=("ref1",), year_mismatch=2018)
    (finding,) = run(RULE["CC503"], hand([SMITH], [cited]))
    assert "2018" in finding.message and "2019" in finding.message
    assert (finding.cited, finding.expected, finding.reference, finding.line) == ("2018", "2019", "ref1", 3)
    undated = Reference(id="c", line=9, text="Colgin", authors=("Colgin", "Moser"), year=None)
    cited = citation(text="(Colgin and Moser 2006:616)", year=2006, references=("c",), year_mismatch=2006)
    (finding,) = run(RULE["CC503"], hand([undated], [cited]))
    assert "2006" in finding.message and "no year" in finding.message


def test_cc504_names_the_candidates():
    a = Reference(id="a", line=30, text="a", authors=("Smith", "Brown", "Hall"), year=2020)
    b = Reference(id="b", line=31, text="b", authors=("Smith", "Green", "Ward"), year=2020)
    cited = citation(text="(Smith et al., 2020)", authors=("Smith",), year=2020, candidates=("a", "b"))
    (finding,) = run(RULE["CC504"], hand([a, b], [cited]))
    assert "line 30" in finding.message and "line 31" in finding.message
    assert finding.expected == "a; b"


def test_cc505_names_both_spellings():
    listed = Reference(id="g", line=35, text="g", authors=("Gavilov",), et_al=True, year=1997)
    cited = citation(text="Gavrilov et al. (1997)", authors=("Gavrilov",), year=1997, references=("g",),
                     author_variant="Gavrilov", kind="narrative")
    (finding,) = run(RULE["CC505"], hand([listed], [cited]))
    assert '"Gavrilov"' in finding.message and '"Gavilov"' in finding.message
    assert (finding.cited, finding.expected, finding.reference) == ("Gavrilov", "Gavilov", "g")


def test_cc506_quotes_the_trigger_and_skips_reading_lists():
    claim = Claim(line=6, sentence="Studies show that it works.", trigger="Studies show", cited=False)
    (finding,) = run(RULE["CC506"], hand([], [], [claim]))
    assert '"Studies show"' in finding.message
    assert (finding.line, finding.sentence) == (6, "Studies show that it works.")
    assert run(RULE["CC506"], hand([SMITH], [], [claim])) == []  # reading list, no in-text citation
    assert run(RULE["CC506"], hand([SMITH], [citation(references=("ref1",))], [claim])) != []
    cited_claim = Claim(line=6, sentence="Studies show it (Smith, 2019).", trigger="Studies show", cited=True)
    assert run(RULE["CC506"], hand([], [], [cited_claim])) == []


# ------------------------------------------------------------- on the seeds


def test_seeds_through_the_rules():
    from tests.extract.test_citations import SEEDS, seed_references

    def findings(name: str, references=None):
        text = (SEEDS / name).read_text(encoding="utf-8")
        document = Document(path=name, text=text)
        refs = seed_references(name, text) if references is None else references
        citations = find_citations(document, refs)
        extraction = Extraction(document, refs, citations, find_claims(document, citations, refs))
        return {rule.code: run(rule, extraction) for rule in RULES}

    acupuncture = findings("acupuncture-stomach-back-pain.txt", ())
    assert len(acupuncture["CC506"]) >= 4
    assert all(not f for code, f in acupuncture.items() if code != "CC506")
    electro = findings("electroacupuncture-gut-inflammation.txt")
    assert all(not f for f in electro.values()), electro
    probiotics = findings("probiotics-neuropathic-pain.txt")
    assert not any(probiotics[code] for code in ("CC501", "CC502", "CC503", "CC504", "CC505"))


def test_further_reading_entries_are_not_expected_to_be_cited():
    from citecheck.checks.examples import run_example
    from citecheck.checks.base import Example

    article = (
        "Sleep matters (Smith, 2019).\n\n"
        "References\n\n"
        "Smith, J. (2019). Sleep and pain in adults. Journal of Sleep Research, 28(1), 1-9.\n\n"
        "Further reading\n\n"
        "Jones, K. (2015). Pain management in practice. Pain Medicine, 16(2), 200-210.\n"
    )
    codes = [f.code for f in run_example(Example(article=article)).findings]
    assert "CC502" not in codes
    uncited = article.replace("Further reading", "More references")
    assert "CC502" in [f.code for f in run_example(Example(article=uncited)).findings]
