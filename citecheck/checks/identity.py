"""CC1xx identity: does each reference point at a real work, and at the right one?"""

from __future__ import annotations

from typing import Iterable

from citecheck.checks.base import CheckContext, Example, Rule
from citecheck.compare import full_title
from citecheck.model import Finding, Identity, Outcome, Severity
from citecheck.text.identifiers import find_doi_form_faults, likely_doi, written_with_dashes

# A record shared by the examples below (fields as Crossref serves them).
AN_2022 = {
    "DOI": "10.1111/1753-0407.13323",
    "type": "journal-article",
    "title": ["Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice"],
    "container-title": ["Journal of Diabetes"],
    "short-container-title": ["J Diabetes"],
    "author": [{"family": "An", "given": "J."}, {"family": "Wang", "given": "L."}],
    "issued": {"date-parts": [[2022, 10]]},
    "volume": "14",
    "issue": "10",
    "page": "695-710",
}
AN_2022_TEXT = (
    "Electroacupuncture lowered blood glucose in diabetic mice (An et al., 2022).\n\n"
    "References\n\n"
    "An, J., & Wang, L. (2022). Electroacupuncture reduces blood glucose by regulating "
    "intestinal flora in type 2 diabetic mice. J Diabetes, 14(10), 695-710. {doi}\n"
)


def _article(doi_part: str = "https://doi.org/10.1111/1753-0407.13323") -> str:
    return AN_2022_TEXT.format(doi=doi_part)


def check_missing_doi(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        reference = result.reference
        if reference.doi or reference.malformed_doi:
            continue
        suggestion = result.suggestion
        if suggestion:
            message = f"{reference.id} has no DOI; Crossref has a close match: {suggestion.doi}"
            yield rule.finding(
                reference.line, message, reference=reference.id, expected=suggestion.doi,
                suggestion=f"add https://doi.org/{suggestion.doi}",
            )
        else:
            yield rule.finding(
                reference.line,
                f"{reference.id} has no DOI, so it cannot be verified",
                reference=reference.id,
            )


def check_doi_not_found(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        if result.resolution and result.resolution.outcome is Outcome.NOT_FOUND:
            doi = result.reference.doi
            yield rule.finding(
                result.reference.line,
                f"DOI {doi} is not registered with Crossref or any other agency: "
                "the reference may not exist, or the DOI is mistyped",
                reference=result.reference.id,
                cited=doi,
            )


def check_wrong_work(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        work, comparison, reference = result.work, result.comparison, result.reference
        if work is None or comparison is None or comparison.identity is not Identity.OTHER:
            continue
        registered = full_title(work) or "(untitled)"
        first = work.authors[0] if work.authors else "no author"
        cited = reference.title or reference.first_author or reference.text[:80]
        fix = result.suggestion
        advice = f"; Crossref has the cited work as {fix.doi}" if fix else ""
        yield rule.finding(
            reference.line,
            f"DOI {reference.doi or work.doi} belongs to another work: \"{registered}\" ({first}, {work.year}), "
            f"not \"{cited}\"{advice}",
            reference=reference.id,
            cited=cited,
            expected=registered,
            suggestion=f"replace the DOI with https://doi.org/{fix.doi}" if fix else None,
        )


def check_not_crossref(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        resolution = result.resolution
        if resolution and resolution.outcome is Outcome.NOT_CROSSREF:
            agency = resolution.agency or "another agency"
            compared = "its metadata was compared" if resolution.work else "its metadata could not be compared"
            yield rule.finding(
                result.reference.line,
                f"DOI {result.reference.doi} is registered with {agency}, not Crossref; {compared}",
                reference=result.reference.id,
                expected=agency,
            )


def check_malformed_doi(rule: Rule, ctx: CheckContext) -> Iterable[Finding]:
    for result in ctx.results:
        reference = result.reference
        if reference.malformed_doi and not reference.doi:
            meant = likely_doi(reference.malformed_doi)
            yield rule.finding(
                reference.line,
                f"\"{reference.malformed_doi}\" is not a valid DOI (a DOI looks like 10.1234/suffix)"
                + (f"; it was probably meant as {meant}" if meant else ""),
                reference=reference.id,
                cited=reference.malformed_doi,
                expected=meant,
            )
        elif reference.doi:
            faults = find_doi_form_faults(reference.text)
            document = ctx.extraction.document
            dashed = written_with_dashes(document.source or document.text, reference.doi)
            if dashed and not faults:
                written = (document.source or document.text)[dashed[0][0]:dashed[0][1]]
                yield rule.finding(
                    reference.line,
                    f"\"{written}\" is written with a dash that is not a hyphen, so it cannot be copied or followed; "
                    f"the DOI is {reference.doi}",
                    reference=reference.id,
                    cited=written,
                    expected=reference.doi,
                )
            elif faults:
                fault = faults[0]
                how = "`doi:` before a doi.org address" if fault.kind == "doubled-prefix" else "a full stop ending the link"
                yield rule.finding(
                    reference.line,
                    f"\"{fault.written}\" cannot be followed as written ({how}); the DOI is {reference.doi}",
                    reference=reference.id,
                    cited=fault.written,
                    expected=reference.doi,
                )


RULES: tuple[Rule, ...] = (
    Rule(
        code="CC101",
        name="missing-doi",
        severity=Severity.WARNING,
        summary="A reference has no DOI, so nobody can check that it exists or says what is cited.",
        why="References without identifiers are the ones that turn out to be invented or garbled; "
        "a DOI lets readers and tools find the exact paper.",
        fix="Add the work's DOI (`https://doi.org/...`). When citecheck found a close match in "
        "Crossref it names it; check that it is the paper you meant before adding it.",
        check=check_missing_doi,
        fails=(Example(article=_article("")),),
        passes=(Example(article=_article(), works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
    Rule(
        code="CC102",
        name="doi-not-found",
        severity=Severity.ERROR,
        summary="The DOI is registered nowhere: not with Crossref, not with any other agency.",
        why="A DOI that resolves nowhere is either mistyped or part of a fabricated reference.",
        fix="Copy the DOI from the publisher's page of the paper. If you cannot find the paper at all, "
        "remove the reference and the claim it supports.",
        check=check_doi_not_found,
        fails=(Example(article=_article("https://doi.org/10.1111/1753-0407.99999"), works={"10.1111/1753-0407.99999": None}),),
        passes=(Example(article=_article(), works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
    Rule(
        code="CC103",
        name="wrong-work",
        severity=Severity.ERROR,
        summary="The DOI belongs to a different paper: neither its title nor its authors are in the reference.",
        why="Readers who follow the link land on an unrelated paper, and the claim loses its support.",
        fix="Replace the DOI with the cited paper's own. citecheck searches Crossref for the reference and "
        "names the DOI it finds when the match is validated; check that it is the paper you meant.",
        check=check_wrong_work,
        fails=(
            Example(
                article=_article("https://doi.org/10.3389/fendo.2020.00605"),
                works={
                    "10.3389/fendo.2020.00605": {
                        "DOI": "10.3389/fendo.2020.00605",
                        "type": "journal-article",
                        "title": ["Altered Gut Microbiota Composition Is Associated With Back Pain in Overweight and Obese Individuals"],
                        "container-title": ["Frontiers in Endocrinology"],
                        "author": [{"family": "Dekker Nitert", "given": "M."}],
                        "issued": {"date-parts": [[2020, 9]]},
                        "volume": "11",
                        "article-number": "605",
                    }
                },
            ),
        ),
        passes=(Example(article=_article(), works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
    Rule(
        code="CC104",
        name="not-crossref",
        severity=Severity.INFO,
        summary="The DOI is registered with another agency (DataCite, mEDRA, JaLC...), not Crossref.",
        why="Not an error: datasets and some national registries use other agencies. citecheck still "
        "compares the metadata when the agency serves it, but could not use Crossref's record.",
        fix="Nothing to fix if the DOI is right; make sure it points at the cited work.",
        check=check_not_crossref,
        fails=(
            Example(
                article=_article("https://doi.org/10.5061/dryad.abc123"),
                works={"10.5061/dryad.abc123": None},
                agency={"10.5061/dryad.abc123": "DataCite"},
            ),
        ),
        passes=(Example(article=_article(), works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
    Rule(
        code="CC105",
        name="malformed-doi",
        severity=Severity.ERROR,
        summary="The text where a DOI should be is not a valid DOI, or a DOI is written so that it cannot be followed.",
        why="A broken DOI cannot be followed or checked; it usually lost characters in copying. "
        "`doi:doi.org/10.…` and a link whose target ends in a full stop lead nowhere either.",
        fix="Copy the complete DOI (10.prefix/suffix) from the publisher's page; write it `doi:10.…` or "
        "`https://doi.org/10.…`, and end a link's target with the DOI's last character.",
        check=check_malformed_doi,
        fails=(
            Example(article=_article("doi: 10.1111/")),
            Example(article=_article("https://doi.org/10.1111/ 1753-0407.13323")),
            Example(article=_article("https://doi.org/1111/1753-0407.13323")),
            Example(article=_article("doi:doi.org/10.1111/1753-0407.13323"), works={"10.1111/1753-0407.13323": AN_2022}),
        ),
        passes=(Example(article=_article(), works={"10.1111/1753-0407.13323": AN_2022}),),
    ),
)
