"""`--format terminal` (the default): tables and grouped findings for a person, via rich.

Everything that comes from an article or from Crossref is data. It reaches
rich only as `Text` objects built from `clean()`ed strings, and the console is
created with markup, emoji and highlighting off, so a title such as
`[bold]x[/bold]` prints as written and an escape sequence prints as `\\x1b`
instead of acting on the terminal. Colour follows `color`; when that is None,
colour is on only when `out` is a terminal and NO_COLOR is not set.
"""

from __future__ import annotations

import os
from typing import Iterable, Sequence, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from citecheck.model import (
    Citation,
    Evidence,
    Extraction,
    FileReport,
    Finding,
    Reference,
    ReferenceResult,
    Report,
    Severity,
    Status,
)
from citecheck.report.summary import describe, summarize
from citecheck.report.text import clean, one_line, plural

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
STATUS_STYLE = {
    Status.VERIFIED: "green",
    Status.MISMATCH: "red",
    Status.NOT_FOUND: "bold red",
    Status.NO_DOI: "yellow",
    Status.NOT_CROSSREF: "cyan",
    Status.UNVERIFIED: "magenta",
}
SENTENCE_LIMIT = 300
UNKNOWN = "-"  # citecheck's own symbols are ASCII: stdout may not encode more


# ------------------------------------------------------------------ console


def use_color(out: TextIO, color: bool | None) -> bool:
    """The colour decision: explicit `color` wins; otherwise a terminal without NO_COLOR."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):  # no-color.org: any non-empty value
        return False
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed or detached stream
        return False


def _color_system() -> str:
    # Decided here rather than by rich: rich drops colour on TERM=dumb even
    # when asked for it, and an explicit --color must be honoured.
    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    if "256" in os.environ.get("TERM", ""):
        return "256"
    return "standard"


def make_console(out: TextIO, color: bool | None = None) -> Console:
    on = use_color(out, color)
    return Console(
        file=out,
        force_terminal=on,
        color_system=_color_system() if on else None,
        no_color=not on,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


def _text(value: object, style: str = "") -> Text:
    """Plain text from the article or a record, made safe; UNKNOWN for none."""
    if value is None or value == "":
        return Text(UNKNOWN, style="dim")
    return Text(clean(value), style=style)


def _line(*parts: tuple[object, str] | str) -> Text:
    """A Text from (value, style) pairs and literal strings, every value cleaned."""
    text = Text()
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            value, style = part
            text.append(clean(value), style=style)
    return text


def _shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 3].rstrip() + "..."


# ------------------------------------------------------------------ report


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    console = make_console(out, color)
    for index, file in enumerate(report.files):
        if index:
            console.print()
        _file(console, file)
    if report.files:
        console.print()
    summary = summarize(report)
    style = "bold red" if summary.errors else "yellow" if summary.findings or summary.unverified else "green"
    console.print(Text(describe(summary), style=style))


def _file(console: Console, file: FileReport) -> None:
    console.print(_text(file.path, "bold underline"))
    if file.error:
        console.print(_line("  could not check this file: ", (file.error, "red")))
        return
    if file.results:
        console.print(_references_table(file.results))
    else:
        console.print(Text("  no reference list found", style="dim"))
    # One Text for all the findings of a file, soft-wrapped: rich's per-print
    # and wrapping costs dominate a report with thousands of findings, and the
    # terminal wraps long lines just as well (a file keeps them whole for grep).
    lines: list[Text] = []
    for result, findings in _groups(file):
        lines += [Text(), _group_heading(result)]
        for finding in findings:
            lines += _finding_lines(finding, result)
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)


def _references_table(results: Sequence[ReferenceResult]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    for header, justify in (("ID", "left"), ("Line", "right"), ("First author", "left"),
                            ("Year", "right"), ("DOI", "left"), ("Status", "left")):
        table.add_column(header, justify=justify, overflow="fold")
    for result in results:
        reference = result.reference
        table.add_row(
            _text(reference.id),
            _text(reference.line),
            _text(reference.first_author),
            _text(reference.year),
            _doi_cell(reference),
            _text(result.status.value.replace("_", " "), STATUS_STYLE[result.status]),
        )
    return table


def _doi_cell(reference: Reference) -> Text:
    if reference.doi:
        return _text(reference.doi)
    if reference.malformed_doi:
        return _line((one_line(reference.malformed_doi), "red"), " (malformed)")
    return _text(None)


def _groups(file: FileReport) -> Iterable[tuple[ReferenceResult | None, list[Finding]]]:
    """Findings grouped by reference, in reference order; the rest last."""
    by_reference: dict[str, list[Finding]] = {}
    rest: list[Finding] = []
    known = {result.reference.id for result in file.results}
    for finding in file.findings:
        if finding.reference in known:
            by_reference.setdefault(finding.reference, []).append(finding)
        else:
            rest.append(finding)
    for result in file.results:
        if result.reference.id in by_reference:
            yield result, by_reference[result.reference.id]
    if rest:
        yield None, rest


def _group_heading(result: ReferenceResult | None) -> Text:
    if result is None:
        return Text("Citations and other findings", style="bold")
    reference = result.reference
    heading = _line((reference.id, "bold"), f"  line {reference.line}")
    author = reference.first_author
    if author or reference.year:
        heading.append("  ")
        heading.append(clean(" ".join(str(p) for p in (author, reference.year) if p)))
    if reference.doi:
        heading.append("  ")
        heading.append(clean(reference.doi), style="dim")
    return heading


def _finding_lines(finding: Finding, result: ReferenceResult | None) -> list[Text]:
    style = SEVERITY_STYLE[finding.severity]
    lines = [
        _line(
            "  ",
            (f"{finding.severity.value:<7}", style),
            " ",
            (finding.code, "bold"),
            " ",
            (finding.rule, "dim"),
            f"  line {finding.line}",
        ),
        _line("    ", (finding.message.replace("\n", "\n    "), "")),
    ]
    values: list[tuple[object, str] | str] = []
    if finding.cited is not None:
        values += ["    cited: ", (one_line(finding.cited), "red")]
    if finding.expected is not None:
        values += ["   " if values else "    ", f"{_expected_label(finding, result)}: ",
                   (one_line(finding.expected), "green")]
    if values:
        lines.append(_line(*values))
    if finding.sentence:
        lines.append(_line("    in: ", (_shorten(one_line(finding.sentence), SENTENCE_LIMIT), "italic")))
    if finding.code.startswith("CC4") and result is not None and result.evidence is not None:
        lines.append(_line("    evidence: ", (_evidence(result.evidence), "")))
    if finding.suggestion:
        lines.append(_line("    suggestion: ", (one_line(finding.suggestion), "green")))
    return lines


def _expected_label(finding: Finding, result: ReferenceResult | None) -> str:
    """Say where the expected value came from when it is the registry's record."""
    work = result.work if result else None
    if work is not None and finding.code[:3] in ("CC1", "CC2"):
        return "Crossref" if work.agency == "crossref" else clean(work.agency)
    return "expected"


def _evidence(evidence: Evidence) -> str:
    text = evidence.kind.value.replace("_", " ")
    if evidence.species:
        text += f" ({', '.join(evidence.species)})"
    if evidence.basis:
        text += f", from {evidence.basis}"
    elif evidence.source:
        text += f", from {evidence.source}"
    if evidence.pmid:
        text += f", PMID {evidence.pmid}"
    if evidence.confidence != "high":
        text += f" [{evidence.confidence} confidence]"
    return text


# -------------------------------------------------------------- extraction


def write_extraction(extractions: Sequence[Extraction], out: TextIO, *, color: bool | None = None) -> None:
    """`citecheck extract FILE`: what was read, before any look-up."""
    console = make_console(out, color)
    for index, extraction in enumerate(extractions):
        if index:
            console.print()
        console.print(_text(extraction.document.path, "bold underline"))
        if extraction.references:
            console.print(_extracted_references(extraction.references))
        else:
            console.print(Text("  no reference list found", style="dim"))
        if extraction.citations:
            console.print(_extracted_citations(extraction.citations))
        else:
            console.print(Text("  no in-text citations found", style="dim"))
        console.print(
            Text(
                f"{plural(len(extraction.references), 'reference')}, "
                f"{plural(len(extraction.citations), 'citation')}",
                style="bold",
            )
        )


def _authors(reference: Reference) -> str | None:
    if not reference.authors:
        return None
    shown = ", ".join(reference.authors[:3])
    if len(reference.authors) > 3 or reference.et_al:
        shown += " et al."
    return shown


def _extracted_references(references: Sequence[Reference]) -> Table:
    table = Table(title="References", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, 1))
    for header, justify in (("ID", "left"), ("Line", "right"), ("Authors", "left"), ("Year", "right"),
                            ("Title", "left"), ("Journal", "left"), ("Vol(Issue)", "left"),
                            ("Pages", "left"), ("DOI", "left")):
        table.add_column(header, justify=justify, overflow="fold")
    for reference in references:
        volume = reference.volume or ""
        if reference.issue:
            volume += f"({reference.issue})"
        year = f"{reference.year}{reference.year_suffix or ''}" if reference.year else ("n.d." if reference.no_date else None)
        table.add_row(
            _text(reference.id),
            _text(reference.line),
            _text(_authors(reference)),
            _text(year),
            _text(reference.title),
            _text(reference.journal),
            _text(volume),
            _text(reference.pages),
            _doi_cell(reference),
        )
    return table


def _extracted_citations(citations: Sequence[Citation]) -> Table:
    table = Table(title="Citations", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, 1))
    for header, justify in (("Line", "right"), ("Citation", "left"), ("Kind", "left"),
                            ("Links to", "left"), ("Sentence", "left")):
        table.add_column(header, justify=justify, overflow="fold")
    for citation in citations:
        if citation.references:
            links = _text(", ".join(citation.references))
        elif citation.candidates:
            links = _text("ambiguous: " + ", ".join(citation.candidates), "yellow")
        else:
            links = _text("nothing", "red")
        table.add_row(
            _text(citation.line),
            _text(one_line(citation.text)),
            _text(citation.kind),
            links,
            _text(_shorten(one_line(citation.sentence), SENTENCE_LIMIT)),
        )
    return table
