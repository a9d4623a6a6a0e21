"""What a rule is: a code, a name, a severity, its documentation and its examples.

Rules are declared as data (`Rule`), each with a `check` function that reads a
`CheckContext` and yields findings. Checks never do I/O: everything they need
(the extraction, the resolved works, the evidence) is handed to them.

Examples are runnable: `Example.article` is a short article and
`Example.works` maps a DOI to the Crossref record fields the fake source answers
with, so the test suite can prove that every `fails` example is flagged by its
rule and every `passes` example is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from citecheck.model import (
    Evidence,
    Extraction,
    Finding,
    Reference,
    ReferenceResult,
    Severity,
)


@dataclass(frozen=True)
class Example:
    """A short article, and the records a source answers for its DOIs.

    `works` maps DOI -> a Crossref `message` dict (only the fields that matter);
    a DOI mapped to None is "not found" (404 and no agency); `agency` maps a DOI
    to a non-Crossref registration agency. `evidence` maps DOI -> an
    EvidenceKind value (and species) for the CC4xx rules.
    """

    article: str
    works: Mapping[str, Mapping[str, Any] | None] = field(default_factory=dict)
    agency: Mapping[str, str] = field(default_factory=dict)
    evidence: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class CheckContext:
    """Everything the checks of one file may look at."""

    extraction: Extraction
    results: tuple[ReferenceResult, ...]

    def result_for(self, reference_id: str) -> ReferenceResult | None:
        for result in self.results:
            if result.reference.id == reference_id:
                return result
        return None

    def reference(self, reference_id: str) -> Reference | None:
        result = self.result_for(reference_id)
        return result.reference if result else None

    def evidence_for(self, reference_id: str) -> Evidence | None:
        result = self.result_for(reference_id)
        return result.evidence if result else None


CheckFunction = Callable[["Rule", CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule: stable code and name, default severity, documentation, examples."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    fix: str
    check: CheckFunction = field(compare=False, repr=False)
    fails: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:3]]

    def finding(
        self,
        line: int,
        message: str,
        *,
        reference: str | None = None,
        cited: Any = None,
        expected: Any = None,
        sentence: str | None = None,
        suggestion: str | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            rule=self.name,
            severity=self.severity,
            line=line,
            message=message,
            reference=reference,
            cited=None if cited is None else str(cited),
            expected=None if expected is None else str(expected),
            sentence=sentence,
            suggestion=suggestion,
        )


FAMILIES = {
    "CC1": "identity",
    "CC2": "metadata",
    "CC3": "status",
    "CC4": "evidence",
    "CC5": "citations",
    "CC9": "run",
}
