"""Which fixes are safe, which are left to a person and why; what a check of the corrected text confirms."""

from __future__ import annotations

from citecheck.checks.base import Example
from citecheck.checks.examples import evidence_for, resolutions_for
from citecheck.checks.identity import AN_2022, AN_2022_TEXT
from citecheck.fix.verify import unconfirmed
from citecheck.fix.plan import plan_fixes
from citecheck.model import (
    Comparison,
    Document,
    Edit,
    Extraction,
    FieldComparison,
    FieldState,
    FileReport,
    Finding,
    Fix,
    Identity,
    Outcome,
    Reference,
    ReferenceResult,
    Resolution,
    Severity,
    Status,
    Work,
)
from citecheck.pipeline import Resolved, check, extract, fix
from citecheck.settings import Settings

DOI = "https://doi.org/10.1111/1753-0407.13323"
RECORDS = {"10.1111/1753-0407.13323": AN_2022}
ARTICLE = AN_2022_TEXT.format(doi=DOI)


def fixed(article: str, works=RECORDS, evidence=None, **options):
    """The findings of `article` with their fixes, and what a check of the corrected text gives."""
    example = Example(article=article, works=works, evidence=evidence or {})
    extraction = extract(Document(path="example.txt", text=article, source=article))
    dois = [r.doi for r in extraction.references if r.doi]
    resolved = Resolved(resolutions=resolutions_for(example, dois), evidence=evidence_for(example))
    file, remaining = fix(check(extraction, resolved, Settings()), resolved, Settings(), **options)
    return {f.code: f.fix for f in file.findings}, remaining


def test_a_wrong_year_is_fixed_in_the_entry_and_in_the_text_citing_it():
    fixes, remaining = fixed(ARTICLE.replace("(2022)", "(2021)").replace("et al., 2022", "et al., 2021"))
    year = fixes["CC201"]
    assert year.safe and year.description == "year 2021 → 2022"
    assert [(e.line, e.old, e.new) for e in year.edits] == [(1, "2021", "2022"), (5, "2021", "2022")]
    assert remaining == ()


def test_authors_in_another_order_are_left_to_a_person():
    fixes, _ = fixed(ARTICLE.replace("An, J., & Wang, L.", "Wang, L., & An, J.").replace("(An et al.", "(Wang et al."))
    author = fixes["CC205"]
    assert not author.safe and author.reason == "the entry lists the record's authors in another order"


def test_a_journal_is_replaced_only_when_the_list_shows_how_it_writes_journals():
    fixes, _ = fixed(ARTICLE.replace("J Diabetes,", "Diabetes Care,"))
    assert not fixes["CC207"].safe and "full or abbreviated" in fixes["CC207"].reason
    fixes, _ = fixed(ARTICLE.replace("J Diabetes,", "Diab. Care,"))
    assert not fixes["CC207"].safe and "abbreviates the journal" in fixes["CC207"].reason


def test_a_citation_year_is_changed_only_when_a_record_confirms_the_list():
    fixes, remaining = fixed(ARTICLE.replace("et al., 2022", "et al., 2021"))
    assert fixes["CC503"].safe and [(e.old, e.new) for e in fixes["CC503"].edits] == [("2021", "2022")]
    assert remaining == ()
    fixes, _ = fixed(ARTICLE.replace("et al., 2022", "et al., 2021"), works={})
    assert not fixes["CC503"].safe and fixes["CC503"].reason == "the list's year is not confirmed by a record"


def test_judgements_are_listed_with_what_to_do():
    retracted = {**AN_2022, "title": ["RETRACTED: " + AN_2022["title"][0]]}
    fixes, _ = fixed(ARTICLE, works={"10.1111/1753-0407.13323": retracted})
    assert fixes["CC301"].applicability == "manual" and fixes["CC301"].edits == ()
    fixes, _ = fixed(
        ARTICLE.replace("Electroacupuncture lowered blood glucose in diabetic mice", "Electroacupuncture lowers blood glucose in people"),
        evidence={"10.1111/1753-0407.13323": {"kind": "animal", "species": ["mouse"], "source": "pubmed-mesh"}},
    )
    evidence = fixes["CC401"]
    assert evidence.applicability == "manual" and evidence.edits == ()
    assert evidence.description.startswith("reword: \"Electroacupuncture lowers blood glucose in ")


def test_a_malformed_doi_whose_form_is_certain_is_fixed():
    fixes, remaining = fixed(ARTICLE.replace(DOI, "doi:doi.org/10.1111/1753-0407.13323"))
    assert fixes["CC105"].safe and [(e.old, e.new) for e in fixes["CC105"].edits] == [("doi.org/", "")]
    assert remaining == ()


def test_a_replacement_the_encoding_cannot_hold_is_left_to_a_person():
    fixes, remaining = fixed(ARTICLE.replace("(2022)", "(2021)").replace("et al., 2022", "et al., 2021"),
                             unwritable=lambda text: "no room for it" if "2022" in text else None)
    assert not fixes["CC201"].safe and fixes["CC201"].reason == "no room for it"
    assert [f.code for f in remaining] == ["CC201"]


def _finding(code: str, reference: str | None, line: int, fix: Fix | None = None) -> Finding:
    return Finding(code, code, Severity.ERROR, line, "message", reference=reference, fix=fix)


def test_a_fix_is_confirmed_only_when_its_finding_goes_and_nothing_appears():
    year = Fix("year", (Edit(10, 14, "2021", "2022", 3, 5, 3, 9),), "safe")
    doi = Fix("doi", (Edit(40, 40, "", " doi:10.1/x", 7, 1, 7, 1),), "safe")
    planned = [_finding("CC201", "R1", 3, year), _finding("CC101", "R2", 7, doi), _finding("CC502", "R3", 9)]
    before = [replace_fix(f) for f in planned]
    assert unconfirmed(before, [year, doi], planned, [_finding("CC502", "R3", 9)]) == set()
    # the year is still wrong after the edit: that fix is doubtful
    assert unconfirmed(before, [year, doi], planned, [_finding("CC201", "R1", 3)]) == {0}
    # a new finding about a reference blames that reference's fixes...
    assert unconfirmed(before, [year, doi], planned, [_finding("CC205", "R1", 3)]) == {0}
    # ... except what a newly added DOI's record reveals
    assert unconfirmed(before, [year, doi], planned, [_finding("CC203", "R2", 7)]) == set()
    # a new finding about no reference blames the fixes with an edit on its line, or all of them
    assert unconfirmed(before, [year, doi], planned, [_finding("CC501", None, 7)]) == {1}
    assert unconfirmed(before, [year, doi], planned, [_finding("CC501", None, 12)]) == {0, 1}


def replace_fix(finding: Finding) -> Finding:
    from dataclasses import replace

    return replace(finding, fix=None)


def test_a_name_the_style_writes_twice_is_fixed_in_both_places():
    # A label glued to the list of authors, as some styles print it: `Ann & Wang 2022Ann, J., & Wang, L.`
    article = ARTICLE.replace("An, J., & Wang, L. (2022).", "Ann & Wang 2022Ann, J., & Wang, L. (2022).")
    article = article.replace(" (An et al., 2022)", "")
    fixes, remaining = fixed(article)
    author = fixes["CC205"]
    assert author.safe and [(e.old, e.new, e.column) for e in author.edits] == [("Ann", "An", 1), ("Ann", "An", 16)]
    assert remaining == ()


def test_a_given_name_read_as_the_family_name_is_left_to_a_person():
    # A style that writes `Family Given`: the reading took the given name for the family name.
    record = {**AN_2022, "author": [{"family": "Sourieau", "given": "Marie-Agnès"}, {"family": "Wang", "given": "L."}]}
    article = ARTICLE.replace("An, J., & Wang, L.", "Pelizzo Marie-Agnès, & Wang L.").replace("(An et al.", "(Pelizzo et al.")
    fixes, _ = fixed(article, works={"10.1111/1753-0407.13323": record})
    assert not fixes["CC205"].safe and "is not a family name" in fixes["CC205"].reason


def _planned(text: str, field: str, cited: str, record: str, work: Work) -> Fix:
    """The fix planned for a conflict the comparison reports on `cited` (hand-made: whatever the comparison reads)."""
    code = {"volume": "CC202", "pages": "CC204"}[field]
    start = text.index(cited)
    reference = Reference(id="R1", line=1, text=text, start=0)
    comparison = Comparison(Identity.SAME, (
        FieldComparison(field, FieldState.CONFLICTING, cited=cited, record=record, span=(start, start + len(cited)),
                        note="read by layout"),
    ))
    result = ReferenceResult(reference, Status.MISMATCH, Resolution(work.doi, Outcome.FOUND, work=work), comparison=comparison)
    extraction = Extraction(Document(path="a.txt", text=text, source=text), references=(reference,))
    file = FileReport("a.txt", extraction, (result,), (_finding(code, "R1", 1),))
    (finding,) = plan_fixes(file)
    return finding.fix


def test_values_that_may_belong_to_another_field_are_left_to_a_person():
    work = Work(doi="10.1/x", volume="4", pages="1-10")
    text = "Smith, J. (2013). A title here. Abstract and Applied Analysis, iv/9 (2013), 20131–10."
    glued = _planned(text, "pages", "20131–10", "1-10", work)  # a volume 2013 printed against pages 1–10
    assert not glued.safe and glued.reason == "the pages read may run into another number"
    roman = _planned(text, "volume", "9", "4", work)  # `iv/9`: volume 4 is there, the 9 is its issue
    assert not roman.safe and roman.reason == "the entry writes the registered volume (4) elsewhere"
    price = _planned("Smith, J. (2013). A book. London: Pub, $122 (HB), 14.", "volume", "122", "14", Work(doi="10.1/x", volume="14"))
    assert not price.safe and price.reason == "the volume read is a price"
    plain = _planned("Smith, J. (2013). A title. J Test, 9, 1-10.", "volume", "9", "4", work)
    assert plain.safe and [(e.old, e.new) for e in plain.edits] == [("9", "4")]


def test_a_doi_label_before_an_address_is_a_style_not_a_fault():
    fixes, _ = fixed(ARTICLE.replace(DOI, "doi: doi.org/10.1111/1753-0407.13323"))
    assert "CC105" not in fixes


def _applied(article: str, **options) -> str:
    """`article` with the fixes `citecheck fix` applies made."""
    from citecheck.fix import applied, apply_edits, edits_of

    example = Example(article=article, works=RECORDS, evidence={})
    extraction = extract(Document(path="example.txt", text=article, source=article))
    dois = [r.doi for r in extraction.references if r.doi]
    resolved = Resolved(resolutions=resolutions_for(example, dois), evidence=evidence_for(example))
    file, _ = fix(check(extraction, resolved, Settings()), resolved, Settings(), **options)
    return apply_edits(article, edits_of(applied(file.findings, options.get("unsafe", False))))


def test_numbers_are_written_in_the_entrys_own_form():
    forms = [
        ("J Diabetes, 14(10), 695-710.", "J Diabetes, 14(9), 695-701."),
        ("J Diabetes, vol. 14, no. 10, pp. 695-710.", "J Diabetes, vol. 13, no. 9, pp. 695-701."),
        ("J Diabetes, 14(10), 695–710.", "J Diabetes, 14(9), 695–701."),  # an en dash stays one
        ("J Diabetes, 14(10), 695-10.", "J Diabetes, 14(10), 695-01."),  # an abridged range stays abridged
        ("J Diabetes 2022;14(10):695–710.", "J Diabetes 2022;14(10):695–701."),
    ]
    for clean, wrong in forms:
        article = ARTICLE.replace("J Diabetes, 14(10), 695-710.", clean)
        assert article != ARTICLE or clean.startswith("J Diabetes, 14(10), 695-710")
        assert _applied(article.replace(clean, wrong)) == article, wrong



def test_a_volume_numbered_by_year_is_fixed_though_the_entry_writes_the_year():
    record = {**AN_2022, "volume": "2022"}
    clean = ARTICLE.replace("J Diabetes, 14(10)", "J Diabetes, 2022(10)")
    works = {"10.1111/1753-0407.13323": record}
    fixes, remaining = fixed(clean.replace("2022(10)", "2021(10)"), works=works)
    assert fixes["CC202"].safe and [(e.old, e.new) for e in fixes["CC202"].edits] == [("2021", "2022")]
    assert remaining == ()
