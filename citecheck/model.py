"""The data that flows through citecheck: references, citations, works, findings.

Every stage hands the next one frozen dataclasses from this module, and every
choice a user makes is an enum here, so that the stages share one vocabulary
and nothing downstream can mutate what an earlier stage decided.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(str, enum.Enum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class FailOn(str, enum.Enum):
    """The lowest severity that makes the run exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"

    def is_reached_by(self, severity: Severity) -> bool:
        if self is FailOn.NEVER:
            return False
        return severity.rank >= Severity(self.value).rank


class OutputFormat(str, enum.Enum):
    TERMINAL = "terminal"
    JSON = "json"
    CONCISE = "concise"
    GITHUB = "github"
    SARIF = "sarif"
    MARKDOWN = "markdown"
    HTML = "html"


class InputFormat(str, enum.Enum):
    AUTO = "auto"
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class Status(str, enum.Enum):
    """What became of one reference once it was looked up."""

    VERIFIED = "verified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not_found"
    NO_DOI = "no_doi"
    NOT_CROSSREF = "not_crossref"
    UNVERIFIED = "unverified"
    # The DOI exists, but nothing confirms it is the cited work: its record has
    # no title and no authors, or the entry gives too little to compare.
    UNCONFIRMED = "unconfirmed"
    # The record confirms the work and nothing disagrees, but a field the entry
    # states could not be compared (the comparison says which).
    PARTLY_VERIFIED = "partly_verified"


class ExitCode(enum.IntEnum):
    """Documented process exit codes (README, `citecheck --help`)."""

    OK = 0
    FINDINGS = 1
    USAGE = 2
    UNVERIFIED = 3


class EvidenceKind(str, enum.Enum):
    HUMAN = "human"
    ANIMAL = "animal"
    IN_VITRO = "in_vitro"
    REVIEW = "review"
    EDITORIAL = "editorial"
    MIXED = "mixed"
    UNKNOWN = "unknown"


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class TextMap:
    """Where each character of a Document's text came from in its source.

    The text is tiled by segments, in text order: segment `i` covers
    `text[text_starts[i] : text_starts[i] + text_lengths[i]]` and stands for
    `source[source_starts[i] : source_starts[i] + source_lengths[i]]`. An
    *aligned* segment has as many characters as its source piece, character
    for character (the same character, or one folded to a plainer spelling:
    a curly quote read as a straight one, a superscript digit for a digit in
    `<sup>`); any other segment replaces its source piece as a whole (an
    entity, a line break folded to a space) or was inserted by the renderer
    (`source_lengths[i] == 0`: a list marker, a link target shown as `<url>`).
    Source characters under no segment (markup) produced no text.
    """

    text_starts: tuple[int, ...] = ()
    text_lengths: tuple[int, ...] = ()
    source_starts: tuple[int, ...] = ()
    source_lengths: tuple[int, ...] = ()
    aligned: tuple[bool, ...] = ()

    def _segment(self, offset: int) -> int:
        """The index of the segment holding text offset `offset` (the last one at the end)."""
        import bisect

        return max(0, bisect.bisect_right(self.text_starts, offset) - 1)

    def _point(self, index: int, offset: int, end: bool) -> int:
        """The source offset of text offset `offset` inside segment `index`."""
        inside = offset - self.text_starts[index]
        if self.aligned[index]:
            return self.source_starts[index] + inside
        return self.source_starts[index] + (self.source_lengths[index] if end else 0)

    def verbatim(self, start: int, end: int) -> tuple[int, int] | None:
        """The source piece `text[start:end]` stands for character by character, or None."""
        if not self.text_starts or end <= start:
            return None
        first, last = self._segment(start), self._segment(end - 1)
        for index in range(first, last + 1):
            if not self.aligned[index]:
                return None
            if index > first and self.source_starts[index] != self.source_starts[index - 1] + self.source_lengths[index - 1]:
                return None  # markup dropped between the two pieces
        return self._point(first, start, False), self._point(last, end, True)

    def extent(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest source piece holding everything `text[start:end]` came from."""
        if not self.text_starts:
            return None
        end = max(end, start + 1)
        first, last = self._segment(start), self._segment(end - 1)
        return self._point(first, start, False), max(self._point(first, start, False), self._point(last, end, True))


@dataclass(frozen=True)
class Document:
    """An input file turned into plain text.

    `text` is what the extractor reads. `line_map[i]` is the 1-based line in the
    original file that text line `i + 1` came from, so findings point at the
    file the user wrote even when it was Markdown or HTML. `source` is the file
    as decoded (byte-order mark dropped, line breaks folded to `\n`) and
    `offsets` maps text offsets back into it: `source_span` gives the source
    offsets of a piece of text that is written there verbatim (what an edit of
    the file replaces), `source_extent` the source piece any text came from
    (what a highlight covers).
    """

    path: str
    text: str
    line_map: tuple[int, ...] = ()
    format: InputFormat = InputFormat.TEXT
    # The original file text (Markdown/HTML before conversion), for what the
    # conversion drops but citecheck still reads: inline suppression comments.
    source: str = field(default="", repr=False, compare=False)
    offsets: TextMap | None = field(default=None, repr=False, compare=False)

    def source_line(self, text_line: int) -> int:
        """Map a 1-based line of `text` to a 1-based line of the original file."""
        if not self.line_map:
            return text_line
        index = min(max(text_line, 1), len(self.line_map)) - 1
        return self.line_map[index]

    def _identity(self) -> bool:
        return self.offsets is None and self.source in ("", self.text)

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """`(source_start, source_end)` when `text[start:end]` is written verbatim there, else None.

        Verbatim means character for character: `source[source_start:source_end]`
        has the same length, and each character is the text's own or the one
        it was folded from (a curly quote, a non-breaking space). Text that
        crosses markup (`*Nature*`), an entity or a rendered list marker has no
        verbatim span; `source_extent` still says where it came from.
        """
        if not 0 <= start < end <= len(self.text):
            return None
        if self._identity():
            return start, end
        return self.offsets.verbatim(start, end) if self.offsets else None

    def source_extent(self, start: int, end: int) -> tuple[int, int] | None:
        """The smallest `(source_start, source_end)` that everything in `text[start:end]` came from."""
        if not 0 <= start <= end <= len(self.text):
            return None
        if self._identity():
            return start, end
        return self.offsets.extent(start, end) if self.offsets else None


# ---------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class FieldSpan:
    """Where the reader found one field in an entry: `Reference.text[start:end]`.

    `label` is one of author, year, title, journal, volume, issue, pages, doi,
    url, pmid, pmcid, other... `confidence` is the reader's own (0..1): a check
    that would report a difference on a field read with low confidence says
    nothing instead.
    """

    label: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list, with the fields the parser could read.

    Unknown fields are None. `authors` holds family names in the order written;
    `et_al` is true when the entry shortens the list ("et al.", "and 7 others").
    """

    id: str
    line: int
    text: str
    end_line: int | None = None
    number: int | None = None
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: int | None = None
    year_suffix: str | None = None
    no_date: bool = False
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    malformed_doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    section: str | None = None
    # The entry's first and last line in `Document.text` (not the source file):
    # what the citation finder skips, since a reference list cites nothing.
    text_line: int | None = None
    text_end_line: int | None = None
    # Where the reader found each field, as offsets into `text`.
    spans: tuple[FieldSpan, ...] = ()
    # Where `text` sits in `Document.text` (`Document.text[start:start + len(text)]`).
    start: int | None = None
    # "list": an entry of a reference list; "link": a link in the prose to a DOI,
    # PubMed or PMC that cites a work the list does not hold (or an article
    # without a list); its `text` is the URL as the text shows it.
    origin: str = "list"

    def spans_of(self, label: str) -> tuple[FieldSpan, ...]:
        return tuple(span for span in self.spans if span.label == label)

    @property
    def first_author(self) -> str | None:
        return self.authors[0] if self.authors else None

    def parsed(self) -> dict[str, Any]:
        """The parsed fields as the JSON report shows them."""
        return {
            "authors": list(self.authors),
            "et_al": self.et_al,
            "year": self.year,
            "title": self.title,
            "journal": self.journal,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "url": self.url,
        }


@dataclass(frozen=True)
class Citation:
    """An in-text citation and the sentence it supports.

    `references` holds the ids of the entries it links to (empty when none
    fits, several when it is numeric like [1-3] or ambiguous). `candidates`
    is filled only when an author-year citation fits more than one entry.
    """

    line: int
    text: str
    sentence: str
    kind: str  # "author-year" | "narrative" | "numeric"
    references: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    year: int | None = None
    year_suffix: str | None = None
    numbers: tuple[int, ...] = ()
    candidates: tuple[str, ...] = ()
    # When the link was made despite a difference (author spelled differently,
    # year off), the difference, for the citation checks to report.
    author_variant: str | None = None
    year_mismatch: int | None = None
    # Where the citation is in `Document.text`: `text` is `Document.text[start:end]`
    # with runs of whitespace (a line break inside it) folded to one space.
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Claim:
    """A sentence that asserts research findings, with or without a citation."""

    line: int
    sentence: str
    trigger: str
    cited: bool


@dataclass(frozen=True)
class Suppression:
    """An inline `citecheck: ignore[CODES]` comment and the lines it covers."""

    line: int
    codes: tuple[str, ...]
    covers: tuple[int, int]  # first and last source line covered
    # The text of the sentence(s) covered, so that a finding about another sentence on the same
    # line is not hidden; empty when the comment covers nothing or a whole list item.
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one document; no network involved."""

    document: Document
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    claims: tuple[Claim, ...] = ()
    suppressions: tuple[Suppression, ...] = ()


# ------------------------------------------------------------------------ sources


@dataclass(frozen=True)
class Work:
    """A work record from Crossref (or another registration agency), normalised.

    Years come from `issued` (the canonical year) with the print and online
    years kept so that a citation matching either is not an error. Titles are
    plain text (markup stripped, whitespace folded). `raw` keeps the original
    message for the checks that need more (status, evidence).
    """

    doi: str
    title: str | None = None
    subtitle: str | None = None
    journal: str | None = None
    short_journals: tuple[str, ...] = ()
    year: int | None = None
    print_year: int | None = None
    online_year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    article_number: str | None = None
    authors: tuple[str, ...] = ()
    type: str | None = None
    abstract: str | None = None
    agency: str = "crossref"
    indexed: str | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def years(self) -> frozenset[int]:
        return frozenset(y for y in (self.year, self.print_year, self.online_year) if y)

    def as_json(self) -> dict[str, Any]:
        return {
            "doi": self.doi,
            "title": self.title,
            "journal": self.journal,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages or self.article_number,
            "authors": list(self.authors),
            "type": self.type,
            "agency": self.agency,
        }


class Outcome(str, enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    NOT_CROSSREF = "not_crossref"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Resolution:
    """The answer for one DOI.

    FOUND carries a Work; NOT_CROSSREF carries the agency (and a Work when the
    agency served CSL JSON); UNVERIFIED carries the reason (offline, timeout,
    HTTP 503 after retries, a nonsensical answer...).
    """

    doi: str
    outcome: Outcome
    work: Work | None = None
    agency: str | None = None
    reason: str | None = None
    source: str = "crossref"  # "crossref" | "cache" | "snapshot" | "doi.org"


@dataclass(frozen=True)
class Suggestion:
    """A DOI proposed for a reference that has none, with the match score."""

    doi: str
    score: float
    title: str | None = None


@dataclass(frozen=True)
class Evidence:
    """What kind of study a work is, and what that was read from."""

    kind: EvidenceKind
    species: tuple[str, ...] = ()
    source: str | None = None  # "pubmed-mesh" | "pubmed-type" | "abstract" | "title"
    pmid: str | None = None
    basis: str | None = None  # e.g. "PubMed MeSH: Animals, Rats"
    confidence: str = "high"  # "high" | "low" (PubMed unreachable, title only...)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "species": list(self.species),
            "source": self.source,
            "pmid": self.pmid,
            "basis": self.basis,
            "confidence": self.confidence,
        }


class FieldState(str, enum.Enum):
    """What the comparison of one field of an entry with its record found."""

    FOUND = "found"  # the record's value is in the entry
    ABSENT = "absent"  # the entry does not state this field
    CONFLICTING = "conflicting"  # the record's value is missing and the entry shows another
    NOT_COMPARED = "not_compared"  # no record value, or the entry could not be read well enough


class Identity(str, enum.Enum):
    """Whether an entry and a record are the same work."""

    SAME = "same"  # the record's title and/or authors are in the entry
    OTHER = "other"  # neither is: the DOI belongs to another work
    UNKNOWN = "unknown"  # too little on either side to tell


@dataclass(frozen=True)
class FieldComparison:
    """One field of an entry compared with its record.

    `cited` is the entry's text for the field (what was found, or the
    conflicting value), `span` its offsets in `Reference.text`; `record` is the
    record's value; `note` says how a match was made ("online year",
    "ISO 4 abbreviation", "title without subtitle"...).
    """

    field: str
    state: FieldState
    cited: str | None = None
    record: str | None = None
    span: tuple[int, int] | None = None
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state.value,
            "cited": self.cited,
            "record": self.record,
            "span": list(self.span) if self.span else None,
            "note": self.note,
        }


@dataclass(frozen=True)
class Comparison:
    """A record aligned with the raw text of the entry that cites it, computed once per reference."""

    identity: Identity
    fields: tuple[FieldComparison, ...] = ()

    def get(self, name: str) -> FieldComparison | None:
        for comparison in self.fields:
            if comparison.field == name:
                return comparison
        return None

    def state(self, name: str) -> FieldState:
        comparison = self.get(name)
        return comparison.state if comparison else FieldState.NOT_COMPARED

    def uncompared(self) -> tuple[str, ...]:
        """Fields the record has a value for that could not be compared with the entry's."""
        return tuple(
            c.field for c in self.fields
            if c.state is FieldState.NOT_COMPARED and c.record is not None and c.field != "authors"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "identity": self.identity.value,
            "fields": {c.field: c.as_json() for c in self.fields},
        }


# ------------------------------------------------------------------------ findings


@dataclass(frozen=True)
class Edit:
    """Replace `old`, at `Document.source[start:end]`, with `new` (an insertion when `old` is empty).

    `line`/`column` (1-based, in characters) locate `start` in the file as
    written and `end_line`/`end_column` its end (exclusive), whatever the
    file's line endings.
    """

    start: int
    end: int
    old: str
    new: str
    line: int
    column: int
    end_line: int
    end_column: int

    def as_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class Fix:
    """How a finding is corrected in the file, or why that is left to a person.

    `applicability` is `safe` (applied by `citecheck fix`), `unsafe` (a
    proposal applied only with `--unsafe`) or `manual` (listed for a person,
    never applied; `edits` may still show what a proposal would change).
    `description` says what the fix does ("year 2021 → 2022") or, without
    edits, what to do; `reason` why it is not safe.
    """

    description: str
    edits: tuple[Edit, ...] = ()
    applicability: str = "manual"
    reason: str | None = None

    @property
    def safe(self) -> bool:
        return self.applicability == "safe"

    def as_json(self) -> dict[str, Any]:
        return {
            "safe": self.safe,
            "applicability": self.applicability,
            "description": self.description,
            "reason": self.reason,
            "edits": [edit.as_json() for edit in self.edits],
        }


@dataclass(frozen=True)
class Finding:
    """One problem, tied to a rule, a place in the file and, if any, a reference."""

    code: str
    rule: str
    severity: Severity
    line: int
    message: str
    reference: str | None = None
    cited: str | None = None
    expected: str | None = None
    sentence: str | None = None
    suggestion: str | None = None
    # 1-based column (in characters) on `line` where the finding points: the
    # citation in its sentence, or the start of the reference entry.
    column: int | None = None
    # How to correct it in the file (`citecheck fix`), or None when there is nothing to propose.
    fix: Fix | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "line": self.line,
            "column": self.column,
            "reference": self.reference,
            "message": self.message,
            "cited": self.cited,
            "expected": self.expected,
            "sentence": self.sentence,
            "suggestion": self.suggestion,
            "fix": self.fix.as_json() if self.fix else None,
        }


@dataclass(frozen=True)
class ReferenceResult:
    """A reference with everything learnt about it."""

    reference: Reference
    status: Status
    resolution: Resolution | None = None
    evidence: Evidence | None = None
    suggestion: Suggestion | None = None
    comparison: Comparison | None = None

    @property
    def work(self) -> Work | None:
        return self.resolution.work if self.resolution else None


@dataclass(frozen=True)
class FileReport:
    path: str
    extraction: Extraction
    results: tuple[ReferenceResult, ...]
    findings: tuple[Finding, ...]
    error: str | None = None  # set when the file could not be read at all


@dataclass(frozen=True)
class RunStats:
    """What the sources saw during a run, for the hints at the end."""

    requests: int = 0
    cache_hits: int = 0
    rate_limited: int = 0  # 429 answers seen
    failures: int = 0
    unverified: int = 0
    offline: bool = False
    cache_enabled: bool = True
    mailto: bool = False
    cache_problem: str | None = None
    pubmed_problem: str | None = None


@dataclass(frozen=True)
class Report:
    files: tuple[FileReport, ...]
    stats: RunStats = RunStats()
    hints: tuple[str, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for file in self.files for f in file.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def unreadable(self) -> tuple[FileReport, ...]:
        """The files that could not be read at all (each with its `error`)."""
        return tuple(file for file in self.files if file.error)

    @property
    def has_unverified(self) -> bool:
        return any(
            r.status is Status.UNVERIFIED for file in self.files for r in file.results
        )

    def exit_code(self, fail_on: FailOn) -> ExitCode:
        # A file that could not be read is an input error (2) whatever the
        # others hold: the run did not check everything it was given.
        if self.unreadable:
            return ExitCode.USAGE
        # The `unverified` finding itself never turns exit 3 into exit 1: a
        # reference that could not be checked is a different answer from a
        # reference that is wrong.
        if any(
            fail_on.is_reached_by(f.severity)
            for f in self.findings
            if f.rule != "unverified"
        ):
            return ExitCode.FINDINGS
        if self.has_unverified:
            return ExitCode.UNVERIFIED
        return ExitCode.OK
