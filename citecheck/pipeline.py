"""read → extract → resolve → compare → classify → check → fix → Report: the one place the stages meet.

Each stage is a named function so that a library user (or a test) can run
any prefix of the pipeline. Only the resolve and classify stages do I/O, and
they share one resolver (one HTTP client, one cache, one rate budget) across
every file of the run.

Every reference that has a record (its DOI's, the one its PMID leads to, or
the one a search suggested) is compared with it once (`citecheck.compare`),
and every check reads that comparison. An entry whose DOI turns out to
belong to another work is searched for like an entry without a DOI, so that
the fix can name the right one.

The fix stage gives each finding its correction (`citecheck.fix`) and keeps
a fix as safe only when checking the corrected text confirms it: the
findings it answers are gone and nothing new appears. `fix_paths` is what
`citecheck fix` runs: the same, with the files' own bytes to write back.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Sequence

from citecheck.model import (
    Comparison,
    Document,
    Identity,
    Evidence,
    Extraction,
    Finding,
    FileReport,
    Outcome,
    Reference,
    ReferenceResult,
    Report,
    Resolution,
    RunStats,
    Status,
    Suggestion,
)
from citecheck.settings import Settings

# ------------------------------------------------------------------ stage: read


def read(path: str | Path, settings: Settings) -> Document:
    """Read one file (or `-` for stdin) into a Document; raises InputError."""
    from citecheck.ingest import read_document

    return read_document(path, settings.input_format)


# --------------------------------------------------------------- stage: extract


def extract(document: Document) -> Extraction:
    """Find the references, citations, claims and suppressions; no network."""
    from citecheck.extract.extractor import extract as _extract

    return _extract(document)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


def extract_all(documents: Sequence[Document]) -> list[Extraction]:
    """Extract every document; a large batch (a blog folder) uses every core.

    Extraction is pure and CPU-bound, so a folder of posts is split across
    worker processes; results come back in the documents' order.
    """
    workers = min(os.cpu_count() or 1, 8)
    if len(documents) < PARALLEL_FROM or workers < 2:
        return [extract(document) for document in documents]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the imported modules instead of importing them again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    chunk = max(1, len(documents) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(extract, documents, chunksize=chunk))


# --------------------------------------------------------------- stage: resolve


@dataclass(frozen=True)
class Resolved:
    """What the resolve stage learnt, for the check stage.

    `derived` maps (path, reference id) to the DOI PubMed gave for a
    reference that cites only a PMID or PMCID: the reference is compared with
    that record, and the DOI is offered as the fix for its missing DOI.
    """

    resolutions: Mapping[str, Resolution] = field(default_factory=dict)
    suggestions: Mapping[tuple[str, str], Suggestion] = field(default_factory=dict)
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    derived: Mapping[tuple[str, str], str] = field(default_factory=dict)
    stats: RunStats = RunStats()
    # (path, reference id) -> the reference compared with its record. When
    # absent, the check stage compares on its own (a library user who built
    # a Resolved by hand still gets comparisons).
    comparisons: Mapping[tuple[str, str], Comparison] = field(default_factory=dict)
    # (path, reference id) -> the corrected form of a malformed or unregistered
    # DOI, when that form is registered and its record is the cited work.
    repairs: Mapping[tuple[str, str], str] = field(default_factory=dict)


def _needs_lookup(reference: Reference, settings: Settings) -> bool:
    from citecheck.checks.skip import is_skipped

    return bool(reference.doi) and not is_skipped(reference.doi or "", settings.skip_dois)


async def resolve(extractions: Sequence[Extraction], settings: Settings, resolver=None, compare=None) -> Resolved:
    """Look every DOI up once, compare, search for references without one (or with another work's), classify.

    `compare` computes the comparisons as `compare_all` does (the default); a
    check spread over a cluster passes one that computes them on its workers.
    """
    from citecheck.sources.resolver import Resolver

    from citecheck.report.progress import NetworkProgress

    owned = resolver is None
    resolver = resolver or Resolver(settings)
    # A bar per network phase on a terminal, and a closing line with the requests and the time.
    progress = NetworkProgress(resolver.counters, settings.progress)
    await progress.start()
    try:
        references = [(e.document.path, r) for e in extractions for r in e.references]
        # References that give only a PMID or PMCID: ask PubMed for their DOI first.
        bare = [(path, r) for path, r in references if not r.doi and (r.pmid or r.pmcid)]
        ids = await resolver.identifiers_to_dois(
            sorted({r.pmid for _, r in bare if r.pmid}),
            sorted({r.pmcid.upper() for _, r in bare if r.pmcid and not r.pmid}),
        ) if bare else {}
        derived = {
            (path, r.id): ids.get(r.pmid or "") or ids.get((r.pmcid or "").upper())
            for path, r in bare
        }
        derived = {key: doi for key, doi in derived.items() if doi}
        dois = list(dict.fromkeys(
            [r.doi for _, r in references if r.doi and _needs_lookup(r, settings)] + list(derived.values())
        ))
        resolutions = dict(await resolver.resolve(dois))
        resolved = Resolved(resolutions, {}, {}, derived)
        comparisons = (compare or compare_all)(references, resolved, settings)
        repairs = await _repairs(references, resolutions, comparisons, resolver)
        suggestions: dict[tuple[str, str], Suggestion] = {}
        if settings.search:  # offline, the cache and snapshot still answer
            missing = [
                (path, r) for path, r in references
                if not r.doi and (path, r.id) not in derived and _searchable(r)
            ]
            # An entry whose DOI leads to another work: search for the work it cites.
            other = [
                (path, r) for path, r in references
                if r.doi and (c := comparisons.get((path, r.id))) is not None and c.identity is Identity.OTHER
            ]
            wanted = missing + other
            found: list[Suggestion | None] = []
            if wanted:
                found = await resolver.suggest_many([r for _, r in wanted])
            candidates = {(path, r.id): (r, s) for (path, r), s in zip(wanted, found) if s is not None}
            # Each suggestion is compared with its record like any cited DOI:
            # an entry without a DOI still gets its wrong year reported.
            new = [s.doi for _, s in candidates.values() if s.doi not in resolutions]
            if new:
                resolutions.update(await resolver.resolve(list(dict.fromkeys(new))))
            for key, (reference, suggestion) in candidates.items():
                record = resolutions.get(suggestion.doi)
                work = record.work if record is not None else None
                if reference.doi and (work is None or work.doi == (reference.doi or "").lower()):
                    continue  # a fix must name a record, and another one
                comparison = compare_reference(reference, work) if work is not None else None
                if comparison is not None and comparison.identity is not Identity.SAME:
                    continue  # the search's best is not the cited work either
                suggestions[key] = suggestion
                if not reference.doi and comparison is not None:
                    comparisons[key] = comparison
        # Suggested and repaired DOIs too: once `citecheck fix` writes them, they are cited.
        cited = set(dois) | {s.doi for s in suggestions.values()} | set(repairs.values())
        works = [r.work for doi, r in resolutions.items() if r.work is not None and doi in cited]
        evidence = await resolver.classify(works) if works else {}
        return Resolved(resolutions, suggestions, evidence, derived, resolver.stats(), comparisons, repairs)
    finally:
        await progress.stop()
        if owned:
            await resolver.aclose()


def _searchable(reference: Reference) -> bool:
    return bool(reference.title and len(reference.title) >= 12)


def _repair_wanted(reference: Reference, resolutions: Mapping[str, Resolution]) -> str | None:
    """The corrected form of a reference's malformed or unregistered DOI worth looking up, or None."""
    from citecheck.fix.doi import repaired_form
    from citecheck.text.identifiers import normalise_doi

    written = None
    if reference.malformed_doi and not reference.doi:
        written = reference.malformed_doi
    elif reference.doi and (answer := resolutions.get(reference.doi)) is not None and answer.outcome is Outcome.NOT_FOUND:
        written = reference.doi
    form = repaired_form(written) if written else None
    return normalise_doi(form) if form else None


async def _repairs(
    references: Sequence[tuple[str, Reference]], resolutions: dict[str, Resolution],
    comparisons: dict[tuple[str, str], Comparison], resolver,
) -> dict[tuple[str, str], str]:
    """Repaired DOIs (`10.1111/1753–0407` with a hyphen, `1016/j.…` with its `10.`) that are the cited work.

    Each is looked up like any DOI, and the reference is compared with its
    record, so that its other fields are checked too.
    """
    wanted = {(path, r.id): (r, doi) for path, r in references if (doi := _repair_wanted(r, resolutions))}
    if not wanted:
        return {}
    new = [doi for _, doi in wanted.values() if doi not in resolutions]
    if new:
        resolutions.update(await resolver.resolve(list(dict.fromkeys(new))))
    repairs = {}
    for key, (reference, doi) in wanted.items():
        answer = resolutions.get(doi)
        comparison = compare_reference(reference, answer.work if answer else None)
        if comparison is not None and comparison.identity is Identity.SAME:
            repairs[key] = doi
            comparisons[key] = comparison
    return repairs


# --------------------------------------------------------------- stage: compare


def compare_reference(reference: Reference, work) -> Comparison | None:
    """The reference aligned with its record (None when there is no record to compare)."""
    from citecheck.compare import compare

    return compare(reference, work) if work is not None else None


def record_for(path: str, reference: Reference, resolved: Resolved, settings: Settings) -> Resolution | None:
    """The resolution of the DOI a reference cites (or that its PMID/PMCID leads to)."""
    from citecheck.checks.skip import is_skipped

    if reference.doi and is_skipped(reference.doi, settings.skip_dois):
        return None
    doi = reference.doi or resolved.derived.get((path, reference.id))
    return resolved.resolutions.get(doi) if doi else None


def compare_all(
    references: Sequence[tuple[str, Reference]], resolved: Resolved, settings: Settings
) -> dict[tuple[str, str], Comparison]:
    """Every reference with a record, compared with it once."""
    comparisons: dict[tuple[str, str], Comparison] = {}
    for path, reference in references:
        resolution = record_for(path, reference, resolved, settings)
        comparison = compare_reference(reference, resolution.work if resolution else None)
        if comparison is not None:
            comparisons[(path, reference.id)] = comparison
    return comparisons


# ----------------------------------------------------------------- stage: check


def status_of(result: ReferenceResult, findings: Sequence[Finding], skipped: bool) -> Status:
    reference, resolution, comparison = result.reference, result.resolution, result.comparison
    if skipped:
        return Status.NO_DOI
    mismatched = any(
        f.reference == reference.id and (f.code[:3] == "CC2" or f.code in {"CC102", "CC103"})
        for f in findings
    )
    if resolution is None:
        if not reference.doi:
            return Status.MISMATCH if mismatched else Status.NO_DOI
        return Status.UNVERIFIED
    if resolution.outcome is Outcome.UNVERIFIED:
        return Status.UNVERIFIED
    if resolution.outcome is Outcome.NOT_FOUND:
        return Status.NOT_FOUND if reference.doi else Status.NO_DOI
    if mismatched:
        return Status.MISMATCH
    if not reference.doi:
        return Status.NO_DOI  # compared through its PMID/PMCID, still without a DOI
    if resolution.outcome is Outcome.NOT_CROSSREF:
        return Status.NOT_CROSSREF
    if comparison is None or comparison.identity is not Identity.SAME:
        return Status.UNCONFIRMED
    if comparison.uncompared():
        return Status.PARTLY_VERIFIED
    return Status.VERIFIED


def check(extraction: Extraction, resolved: Resolved, settings: Settings) -> FileReport:
    """Run the selected rules on one file and settle each reference's status."""
    from citecheck.checks import registry
    from citecheck.checks.base import CheckContext
    from citecheck.checks.skip import is_skipped

    path = extraction.document.path
    results = []
    for reference in extraction.references:
        key = (path, reference.id)
        resolution = record_for(path, reference, resolved, settings)
        work = resolution.work if resolution else None
        suggestion = resolved.suggestions.get(key)
        derived = resolved.derived.get(key)
        if not reference.doi and derived and work is not None:
            source = f"PMID {reference.pmid}" if reference.pmid else f"{reference.pmcid}"
            suggestion = Suggestion(doi=derived, score=1.0, title=f"from {source}")
        comparison = resolved.comparisons.get(key)
        if comparison is None and work is not None:
            comparison = compare_reference(reference, work)
        results.append(
            ReferenceResult(
                reference=reference,
                status=Status.UNVERIFIED,  # settled below, once the findings are known
                resolution=resolution,
                evidence=resolved.evidence.get(work.doi) if work else None,
                suggestion=suggestion,
                comparison=comparison,
            )
        )
    context = CheckContext(extraction=extraction, results=tuple(results))
    from citecheck.locate import with_columns

    findings = with_columns(extraction, registry.run(context, settings))
    settled = tuple(
        replace(
            result,
            status=status_of(
                result, findings,
                skipped=bool(result.reference.doi) and is_skipped(result.reference.doi or "", settings.skip_dois),
            ),
        )
        for result in results
    )
    return FileReport(path=path, extraction=extraction, results=settled, findings=findings)


# ------------------------------------------------------------------- stage: fix


def _recheck_resolved(path: str, extraction: Extraction, resolved: Resolved) -> Resolved:
    """What the first look-ups learnt, for a check of a corrected text (its comparisons made again)."""
    comparisons: dict[tuple[str, str], Comparison] = {}
    for reference in extraction.references:
        key = (path, reference.id)
        suggestion = resolved.suggestions.get(key)
        repaired = resolved.repairs.get(key)
        doi = None
        if not reference.doi:
            doi = repaired if reference.malformed_doi and repaired else (suggestion.doi if suggestion else None)
        elif repaired and (answer := resolved.resolutions.get(reference.doi)) is not None and answer.outcome is Outcome.NOT_FOUND:
            doi = repaired
        answer = resolved.resolutions.get(doi) if doi else None
        comparison = compare_reference(reference, answer.work if answer else None)
        if comparison is not None and comparison.identity is Identity.SAME:
            comparisons[key] = comparison
    return replace(resolved, comparisons=comparisons)


def fix(
    file: FileReport, resolved: Resolved, settings: Settings, *, unsafe: bool = False, unwritable=None,
) -> tuple[FileReport, tuple[Finding, ...]]:
    """Give each finding its Fix; keep those applied only when a check of the corrected text confirms them.

    Returns the report with its fixes, and the findings of the text once the
    fixes to apply (safe ones; unsafe ones too with `unsafe`) are made.
    `unwritable(text)` says why the file cannot take a replacement text (its
    encoding), or None when it can.
    """
    from citecheck.fix import applied, apply_edits, edits_of, overlapping, plan_fixes, unconfirmed
    from citecheck.ingest import document_from_text

    if file.error or not file.findings:
        return file, file.findings
    repairs = {rid: doi for (path, rid), doi in resolved.repairs.items() if path == file.path}
    findings = plan_fixes(file, repairs)
    if unwritable is not None:
        for finding in findings:
            why = next((w for e in finding.fix.edits if (w := unwritable(e.new))), None) if finding.fix else None
            if why:
                findings = _left_to_a_person(findings, {finding.fix}, why)
    document = file.extraction.document
    for _ in range(4):
        fixes = applied(findings, unsafe)
        if not fixes:
            return replace(file, findings=findings), file.findings
        clashing = overlapping(fixes)
        if clashing:
            findings = _left_to_a_person(findings, {fixes[i] for i in clashing}, "another fix changes the same text")
            continue
        corrected = document_from_text(apply_edits(document.source or document.text, edits_of(fixes)),
                                       document.path, document.format)
        extraction = extract(corrected)
        after = check(extraction, _recheck_resolved(file.path, extraction, resolved), settings).findings
        doubtful = unconfirmed(file.findings, fixes, findings, after)
        if not doubtful:
            return replace(file, findings=findings), after
        findings = _left_to_a_person(findings, {fixes[i] for i in doubtful},
                                     "a check of the corrected text did not confirm it")
    findings = _left_to_a_person(findings, set(applied(findings, unsafe)), "a check of the corrected text did not confirm it")
    return replace(file, findings=findings), file.findings


def _left_to_a_person(findings: Sequence[Finding], fixes: set, reason: str) -> tuple[Finding, ...]:
    """The findings with these fixes turned into proposals for a person, saying why."""
    if not fixes:
        return tuple(findings)
    return tuple(
        replace(f, fix=replace(f.fix, applicability="manual", reason=reason)) if f.fix in fixes else f
        for f in findings
    )


# -------------------------------------------------------------------- the whole


def assemble(files: Sequence[FileReport], stats: RunStats, settings: Settings) -> Report:
    """The run's report: every file in order, the run's figures, and the hints they call for."""
    from citecheck.report.hints import hints_for

    report = Report(files=tuple(files), stats=stats)
    return replace(report, hints=tuple(hints_for(report, settings)))


async def _run(
    documents: Sequence[Document], settings: Settings, resolver=None, *, unsafe: bool = False, unwritable=None,
) -> tuple[Report, dict[str, tuple[Finding, ...]]]:
    """The report (findings with their fixes) and, per file, the findings left once its fixes are made."""
    extractions = extract_all(documents)
    resolved = await resolve(extractions, settings, resolver)
    files, remaining = [], {}
    for extraction in extractions:
        path = extraction.document.path
        checked, left = fix(check(extraction, resolved, settings), resolved, settings, unsafe=unsafe,
                            unwritable=(unwritable or {}).get(path))
        files.append(checked)
        remaining[path] = left
    return assemble(files, resolved.stats, settings), remaining


async def run_documents(
    documents: Sequence[Document], settings: Settings, resolver=None
) -> Report:
    report, _ = await _run(documents, settings, resolver)
    return report


def check_text(text: str, path: str = "<text>", settings: Settings | None = None) -> Report:
    """Check an article given as a string (plain text unless settings say otherwise)."""
    from citecheck.ingest import document_from_text

    settings = settings or Settings()
    document = document_from_text(text, path, settings.input_format)
    return asyncio.run(run_documents([document], settings))


def check_file(path: str | Path, settings: Settings | None = None) -> Report:
    """Check one article file."""
    settings = settings or Settings()
    return asyncio.run(run_documents([read(path, settings)], settings))


def check_paths(paths: Sequence[str | Path], settings: Settings) -> Report:
    """Check files and folders (walked with the include/exclude globs).

    A file that cannot be read (binary, undecodable, a broken link) does not
    stop the run: it is reported with its `error` in its place among the
    files, every other file is checked, and the run exits 2.
    """
    from citecheck.errors import InputError
    from citecheck.ingest.walk import collect_paths
    from citecheck.report.hints import hints_for

    documents: list[Document] = []
    slots: list[FileReport | None] = []  # None: the next checked document goes here
    for path in collect_paths(paths, settings):
        try:
            documents.append(read(path, settings))
            slots.append(None)
        except InputError as error:
            slots.append(unreadable(path, error))
    report = asyncio.run(run_documents(documents, settings))
    if len(documents) == len(slots):
        return report
    checked = iter(report.files)
    report = replace(report, files=tuple(slot or next(checked) for slot in slots))
    return replace(report, hints=tuple(hints_for(report, settings)))


@dataclass(frozen=True)
class FixedFile:
    """One file of `citecheck fix`: its text before and after the fixes, and the bytes to write.

    `data` is None when nothing changes or the file cannot be written back
    exactly (`problem` says why); `remaining` are the findings a check of
    the file gives once `data` is written (all of them when it is not).
    """

    path: str
    original: bytes
    before: str
    after: str
    data: bytes | None
    remaining: tuple[Finding, ...]
    problem: str | None = None


@dataclass(frozen=True)
class FixRun:
    """What `citecheck fix` found and would change: the report (findings with fixes) and each readable file."""

    report: Report
    files: tuple[FixedFile, ...]

    def remaining_report(self) -> Report:
        """The report as a check of the fixed files would give it (for the exit code)."""
        left = {file.path: file.remaining for file in self.files}
        return replace(self.report, files=tuple(
            replace(f, findings=left.get(f.path, f.findings)) for f in self.report.files
        ))


def fix_paths(paths: Sequence[str | Path], settings: Settings, *, unsafe: bool = False) -> FixRun:
    """Check files and folders like `check_paths`, and work out the bytes of each file with its fixes made.

    Nothing is written: the caller writes `FixedFile.data`, after making sure
    the file still holds `FixedFile.original`.
    """
    from citecheck.errors import InputError
    from citecheck.fix import FileText, applied, apply_edits, edits_of
    from citecheck.ingest.walk import collect_paths

    documents: list[Document] = []
    texts: dict[str, FileText] = {}
    slots: list[FileReport | None] = []
    for path in collect_paths(paths, settings):
        try:
            document = read(path, settings)
            text = FileText.read(Path(path).read_bytes())
        except InputError as error:
            slots.append(unreadable(path, error))
            continue
        except OSError as error:
            slots.append(unreadable(path, InputError(f"{path}: cannot be read ({error.strerror or error})")))
            continue
        documents.append(document)
        texts[document.path] = text
        slots.append(None)

    def unwritable_in(text: FileText):
        problem = text.problem()
        return lambda new: problem or (f"the file's encoding ({text.encoding.codec}) cannot hold \"{new}\""
                                       if text.cannot_hold(new) else None)

    report, remaining = asyncio.run(_run(documents, settings, unsafe=unsafe,
                                         unwritable={path: unwritable_in(t) for path, t in texts.items()}))
    files = []
    for file in report.files:
        text = texts[file.path]
        document = file.extraction.document
        source = document.source or document.text
        edits = edits_of(applied(file.findings, unsafe))
        after, data, problem = text.text, None, None
        if edits and text.source != source:
            problem = "it changed while it was being checked; run again"
        elif edits:
            after = text.edited(edits)
            data = text.encoded(after)
            if FileText.read(data).source != apply_edits(source, edits):  # pragma: no cover - a bug, never written
                after, data, problem = text.text, None, "its corrected text could not be encoded back exactly"
        left = remaining[file.path] if data is not None else file.findings
        files.append(FixedFile(file.path, text.data, text.text, after, data, left, problem))
    if len(documents) != len(slots):
        checked = iter(report.files)
        report = replace(report, files=tuple(slot or next(checked) for slot in slots))
    return FixRun(report, tuple(files))


def unreadable(path: str | Path, error: Exception) -> FileReport:
    """The report of a file that could not be read: no references, no findings, the reason."""
    from citecheck.ingest import STDIN, STDIN_NAME

    name = STDIN_NAME if str(path) == STDIN else str(path)
    message = str(error)
    if message.startswith(f"{name}: "):
        message = message[len(name) + 2:]
    link = Path(path)
    if name != STDIN_NAME and link.is_symlink() and not link.exists():
        message = f"a broken link (to {os.readlink(link)}, which does not exist); fix or remove the link"
    return FileReport(path=name, extraction=Extraction(Document(path=name, text="")), results=(), findings=(),
                      error=message)
