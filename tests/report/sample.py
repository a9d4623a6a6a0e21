"""Reports built by hand from the model's dataclasses, for the format tests.

Nothing here runs the extractor, the sources or the rules: the formats are
tested on exactly the data they are given. `HOSTILE_*` strings are what an
article or a Crossref record could hold to attack a terminal or a renderer.
"""

from __future__ import annotations

from dataclasses import replace

from citecheck.checks.base import Rule
from citecheck.compare import compare
from citecheck.model import (
    Citation,
    Document,
    Evidence,
    EvidenceKind,
    Extraction,
    FileReport,
    Finding,
    Outcome,
    Reference,
    ReferenceResult,
    Report,
    Resolution,
    RunStats,
    Severity,
    Status,
    Suggestion,
    Work,
)

# From the article: rich markup, a screen clear, a window-title OSC ended by BEL.
HOSTILE_AUTHOR = "[bold]Evil[/bold]\x1b[2J"
HOSTILE_CITED = "[red]Sugar[/red] \x1b]0;pwned\x07title"
# From Crossref: a rich link, a C1 CSI (0x9b) and a bidi override.
HOSTILE_TITLE = "[link=http://x.example]Sleep[/link] \x9b31m\u202etxt"

DOI1 = "10.1111/1753-0407.13323"
DOI3 = "10.1016/j.rat.2019.01.001"


def sample_report(stats: RunStats | None = None) -> Report:
    """Two files: one with findings of every kind, one that could not be read."""
    document = Document(path="article.txt", text="...")
    r1 = Reference(
        id="R1", line=57, text=f"{HOSTILE_AUTHOR} J, Jones K. (2021). {HOSTILE_CITED}. doi:{DOI1}",
        authors=(HOSTILE_AUTHOR, "Jones"), year=2021, title=HOSTILE_CITED, journal="J Diabetes", doi=DOI1,
    )
    r2 = Reference(id="R2", line=58, text="Doe J. (2020). Fasting and mood.", authors=("Doe",), year=2020,
                   title="Fasting and mood")
    r3 = Reference(id="R3", line=59, text=f"Rattus A. (2019). Rats on sugar. doi:{DOI3}", authors=("Rattus",),
                   year=2019, doi=DOI3)
    w1 = Work(doi=DOI1, title=HOSTILE_TITLE, journal="Journal of Diabetes", year=2022, volume="15",
              authors=("Evil", "Jones"), type="journal-article")
    w3 = Work(doi=DOI3, title="Rats on sugar", year=2019, type="journal-article")
    evidence = Evidence(kind=EvidenceKind.ANIMAL, species=("rat",), source="pubmed-mesh", pmid="31234567",
                        basis="PubMed MeSH: Animals, Rats")
    results = (
        ReferenceResult(r1, Status.MISMATCH, Resolution(doi=DOI1, outcome=Outcome.FOUND, work=w1),
                        comparison=compare(r1, w1)),
        ReferenceResult(r2, Status.NO_DOI, suggestion=Suggestion(doi="10.5555/fast.2020", score=0.94,
                                                                 title="Fasting and mood")),
        ReferenceResult(r3, Status.VERIFIED, Resolution(doi=DOI3, outcome=Outcome.FOUND, work=w3),
                        evidence=evidence, comparison=compare(r3, w3)),
    )
    citation = Citation(line=12, text="(Evil & Jones, 2021)", sentence="Sugar ruins sleep (Evil & Jones, 2021).",
                        kind="author-year", references=("R1",), authors=("Evil", "Jones"), year=2021)
    findings = (
        Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 14,
                "A study in rats is cited for a claim about people.", reference="R3",
                sentence="In people, sugar causes weight gain (Rattus, 2019)."),
        Finding("CC501", "citation-without-reference", Severity.INFO, 30,
                "No reference list entry for (Foo, 2020).\nSecond line", sentence="As Foo showed (Foo, 2020)."),
        Finding("CC201", "year-mismatch", Severity.ERROR, 57, "The reference gives 2021 but Crossref says 2022.",
                reference="R1", cited="2021", expected="2022"),
        Finding("CC206", "title-mismatch", Severity.WARNING, 57, "The title differs from Crossref's.",
                reference="R1", cited=HOSTILE_CITED, expected=HOSTILE_TITLE),
        Finding("CC101", "missing-doi", Severity.WARNING, 58, "The reference has no DOI.", reference="R2",
                suggestion="10.5555/fast.2020"),
    )
    extraction = Extraction(document=document, references=(r1, r2, r3), citations=(citation,))
    broken = FileReport(path="notes/bad file.txt", extraction=Extraction(Document("notes/bad file.txt", "")),
                        results=(), findings=(), error="not UTF-8 text (byte 0xff at offset 3)")
    return Report(
        files=(FileReport(path="article.txt", extraction=extraction, results=results, findings=findings), broken),
        stats=stats or RunStats(requests=3, mailto=True),
        hints=("a hint",),
    )


def clean_report() -> Report:
    """One file, one verified reference, no findings."""
    reference = Reference(id="R1", line=3, text="Rattus A. (2019). Rats on sugar.", authors=("Rattus",), year=2019,
                          doi=DOI3)
    work = Work(doi=DOI3, title="Rats on sugar", year=2019)
    result = ReferenceResult(reference, Status.VERIFIED, Resolution(doi=DOI3, outcome=Outcome.FOUND, work=work))
    extraction = Extraction(document=Document(path="ok.md", text="..."), references=(reference,))
    return Report(files=(FileReport("ok.md", extraction, (result,), ()),), stats=RunStats(requests=1, mailto=True))


def with_statuses(report: Report, status: Status, reason: str | None = None) -> Report:
    """`report` with every reference of its first file given `status` (and an unverified reason)."""
    first = report.files[0]
    results = tuple(
        replace(
            result,
            status=status,
            resolution=(
                Resolution(doi=result.reference.doi or "", outcome=Outcome.UNVERIFIED, reason=reason, source="none")
                if status is Status.UNVERIFIED
                else result.resolution
            ),
        )
        for result in first.results
    )
    return replace(report, files=(replace(first, results=results),) + report.files[1:])


def _never(rule, context):  # a check that is never run by these tests
    return ()


RULES = (
    Rule("CC101", "missing-doi", Severity.WARNING, "A reference has no DOI.", "Nobody can check it.",
         "Add the DOI.", check=_never),
    Rule("CC201", "year-mismatch", Severity.ERROR, "The year differs from Crossref's.",
         "A wrong year sends readers to the wrong paper.", "Use the year of issue.", check=_never),
    Rule("CC206", "title-mismatch", Severity.WARNING, "The title differs from Crossref's.",
         "A wrong title makes the reference hard to find.", "Copy the title from the record.", check=_never),
    Rule("CC401", "animal-study-for-human-claim", Severity.WARNING, "An animal study backs a human claim.",
         "Rats are not people.", "Cite human evidence or say it was in animals.", check=_never),
)
