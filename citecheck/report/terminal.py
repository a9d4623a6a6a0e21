"""`--format terminal` (the default): what a writer reads in ten seconds, via rich.

Per file: each reference with findings under a heading (id, first author,
year, line, DOI) coloured by its worst finding (error red, warning yellow,
info cyan, could not be checked grey), its findings wrapped to the terminal
with a hanging indent, then the findings about no reference, one line for the
references without findings (`--verbose` lists them), one line for the
references that could not be checked, and the file's totals. The run ends
with one summary line. Each fact is said once: the cited and expected values
are printed only when the message does not already give them, and a
finding's line only when it is not its reference's.

Lines break at spaces only; a DOI or URL is never split (the author is
shortened instead). DOIs are terminal hyperlinks (OSC 8) when colour is on.

Everything that comes from an article or from Crossref is data. It reaches
rich only as `Text` built from `clean()`ed strings, and the console is created
with markup, emoji and highlighting off, so a title such as `[bold]x[/bold]`
prints as written and an escape sequence prints as `\\x1b` instead of acting
on the terminal. Colour follows `color`; when that is None, colour is on only
when `out` is a terminal and NO_COLOR is not set.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Sequence, TextIO

from rich.console import Console
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
)
from citecheck.report.links import doi_url, looks_like_doi
from citecheck.report.options import DEFAULT, ReportOptions
from citecheck.report.summary import describe, describe_hidden, summarize
from citecheck.report.text import clean, one_line, plural
from citecheck.report.verdict import UNVERIFIED_CODE, Verdict, findings_by_reference, status_words, verdict
from citecheck.report.wrap import GLUE, break_points, shorten

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
VERDICT_STYLE = {
    Verdict.ERROR: "bold red",
    Verdict.WARNING: "yellow",
    Verdict.INFO: "cyan",
    Verdict.CLEAN: "green",
    Verdict.UNVERIFIED: "bright_black",
}
INDENT = "  "  # a reference heading
FINDING = "    "  # a finding under it
HANG = "      "  # the continuation of a finding, and its details
SENTENCE_LINES = 2  # a quoted sentence is shortened to this many lines unless --verbose


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


def _plain(value: object, style: str = "") -> Text:
    """Text from the article or a record, made safe."""
    return Text(clean(value), style=style)


def _line(*parts: tuple[object, str] | str) -> Text:
    """A Text from (value, style) pairs and literal strings, every value cleaned and on one line."""
    text = Text()
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            value, style = part
            text.append(one_line(value), style=style)
    return text


def _doi(doi: str, style: str = "") -> Text:
    """A DOI, as a hyperlink to doi.org where the terminal shows links."""
    return Text(one_line(doi), style=f"{style} link {doi_url(doi)}".strip())


def wrap_text(text: Text, width: int, indent: str = "", hang: str | None = None) -> list[Text]:
    """`text` as lines no wider than `width`, broken at spaces, styles kept; explicit newlines kept."""
    hang = indent if hang is None else hang
    lines: list[Text] = []
    offset = 0
    for number, paragraph in enumerate(text.plain.split("\n")):
        piece = text[offset:offset + len(paragraph)]
        offset += len(paragraph) + 1
        lead = indent if number == 0 else hang
        cuts = break_points(paragraph, max(width - len(lead), 1), max(width - len(hang), 1))
        if not cuts:
            lines.append(Text(lead.rstrip()))
            continue
        for index, (start, end) in enumerate(cuts):
            line = Text(lead if index == 0 else hang)
            part = piece[start:end]
            if GLUE in part.plain:  # same length: the styles stay where they were
                part = Text(part.plain.replace(GLUE, " "), style=part.style, spans=list(part.spans))
            line.append_text(part)
            lines.append(line)
    return lines


def _print(console: Console, lines: list[Text]) -> None:
    # One print for many lines, already wrapped: rich's per-print cost would
    # dominate a report with thousands of findings, and rich must not wrap again.
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)


# ------------------------------------------------------------------ report


def write(report: Report, out: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT) -> None:
    console = make_console(out, color)
    width = console.width
    lines: list[Text] = []
    shown = 0
    for file in report.files:
        block = _file(file, width, options)
        if not block:
            continue
        if shown:
            lines.append(Text())
        lines += block
        shown += 1
    if not options.quiet:
        if shown:
            lines.append(Text())
        lines += _run_summary(report, width, options)
    _print(console, lines)


def _run_summary(report: Report, width: int, options: ReportOptions) -> list[Text]:
    summary = summarize(report)
    text = describe(summary)
    hidden = describe_hidden(options)
    if hidden:
        text += f"; {hidden}"
    if summary.errors or summary.unreadable:
        style = "bold red"
    elif summary.findings or summary.unverified:
        style = "yellow"
    else:
        style = "green"
    return wrap_text(Text(text, style=style), width)


def _file(file: FileReport, width: int, options: ReportOptions) -> list[Text]:
    """The lines of one file's section; none when `--quiet` and there is nothing to say."""
    if file.error:
        return [_line((file.path, "bold")), *wrap_text(_line(("could not be read: ", "red"), (file.error, "")),
                                                         width, indent=INDENT, hang=HANG)]
    groups = findings_by_reference(file.findings)
    unverified = [f for f in file.findings if f.code == UNVERIFIED_CODE]
    if options.quiet and not file.findings:
        return []
    lines = [_line((file.path, "bold"))]
    if not file.results and not options.quiet:
        lines.append(Text(f"{INDENT}no reference list found", style="dim"))
    clean_results: list[ReferenceResult] = []
    for result in file.results:
        findings = groups.get(result.reference.id, [])
        own = [f for f in findings if f.code != UNVERIFIED_CODE]
        if own or (options.verbose and not findings):
            lines += _reference_heading(result, findings, width)
            if not own:
                lines.append(Text(f"{FINDING}{status_words(result.status)}, {_nothing(options)}",
                                  style=VERDICT_STYLE[verdict(result, findings)]))
            for finding in sorted(own, key=lambda f: (-f.severity.rank, f.line, f.column or 0, f.code)):
                lines += _finding(finding, result, width, options)
        elif not findings:
            clean_results.append(result)
    known = {result.reference.id for result in file.results}
    loose = [f for f in file.findings if f.reference not in known and f.code != UNVERIFIED_CODE]
    if loose:
        lines.append(Text(f"{INDENT}In the text", style="bold"))
        for finding in sorted(loose, key=lambda f: (f.line, f.column or 0, f.code)):
            lines += _finding(finding, None, width, options)
    lines += _unverified(unverified, file.results, width)
    if not options.quiet:
        lines += _clean_line(clean_results, width, options)
        lines += _file_summary(file, groups, width, options)
    return lines


def _who(reference: Reference) -> str:
    """`An et al. 2022`, `Smith & Jones 2019`, `Smith 2019`, or the id alone."""
    authors = reference.authors
    if not authors:
        name = ""
    elif len(authors) == 2 and not reference.et_al:
        name = f"{authors[0]} & {authors[1]}"
    elif len(authors) > 1 or reference.et_al:
        name = f"{authors[0]} et al."
    else:
        name = authors[0]
    year = f"{reference.year}{reference.year_suffix or ''}" if reference.year else ("n.d." if reference.no_date else "")
    return " ".join(part for part in (one_line(name), year) if part)


def _reference_heading(result: ReferenceResult, findings: Sequence[Finding], width: int) -> list[Text]:
    """`R1  An et al. 2022  line 32  10.1111/...`: the author shortened so that the DOI stays whole."""
    reference = result.reference
    style = VERDICT_STYLE[verdict(result, findings)]
    place = f"  line {reference.line}"
    if reference.doi:
        tail = Text("  ").append_text(_doi(reference.doi, "dim"))
    elif reference.malformed_doi:
        tail = _line("  ", ("malformed DOI: " + shorten(one_line(reference.malformed_doi), 40), "red"))
    else:
        tail = Text("  no DOI", style="dim")
    head = INDENT + one_line(reference.id)
    who = _who(reference)
    room = width - len(head) - len(place) - len(tail.plain) - 2
    if who and room >= 8:
        who = shorten(who, room)
    elif who and room < 8:
        who = ""
    line = Text()
    line.append(head, style=f"bold {style}")
    if who:
        line.append("  " + clean(who), style=style)
    line.append(place)
    if len(line.plain) + len(tail.plain) <= width:
        return [line.append_text(tail)]
    return [line, Text(HANG).append_text(tail[2:])]  # a DOI too long to share a line gets its own


def _finding(finding: Finding, result: ReferenceResult | None, width: int, options: ReportOptions) -> list[Text]:
    first = Text()
    first.append(finding.severity.value, style=SEVERITY_STYLE[finding.severity])
    first.append(" ")
    first.append(finding.code, style="bold")
    if result is None or finding.line != result.reference.line:
        first.append(f" line {finding.line}:")
    first.append(" ")
    first.append_text(_plain(finding.message))
    lines = wrap_text(first, width, indent=FINDING, hang=HANG)
    values = _values(finding, result, options)
    if values:
        lines += wrap_text(values, width, indent=HANG, hang=HANG + "  ")
    sentence = finding.sentence and one_line(finding.sentence)
    if sentence and (options.verbose or not _says(finding.message, sentence)
                     and not _rewrites(finding.suggestion, sentence)):
        if not options.verbose:
            sentence = shorten(sentence, SENTENCE_LINES * (width - len(HANG)) - len("in: ") - 8)
        lines += wrap_text(_line("in: ", (sentence, "italic")), width, indent=HANG, hang=HANG + "  ")
    evidence = result.evidence if result is not None else None
    if finding.code.startswith("CC4") and evidence is not None:
        described = _evidence(evidence)
        if options.verbose or (evidence.basis or "") not in finding.message:
            lines += wrap_text(_line("evidence: ", (described, "")), width, indent=HANG, hang=HANG + "  ")
    if finding.suggestion:
        suggestion = Text("suggestion: ")
        if looks_like_doi(finding.suggestion):
            suggestion.append_text(_doi(finding.suggestion, "green"))
        else:
            suggestion.append(one_line(finding.suggestion), style="green")
        lines += wrap_text(suggestion, width, indent=HANG, hang=HANG + "  ")
    return lines


def _values(finding: Finding, result: ReferenceResult | None, options: ReportOptions) -> Text | None:
    """`cited: 2021   Crossref: 2022`, only the values known, and only when the message does not say them."""
    known = [(label, value, style) for label, value, style in (
        ("cited", finding.cited, "red"),
        (_expected_label(finding, result), finding.expected, "green"),
    ) if value not in (None, "")]
    if not known or (not options.verbose and (finding.code.startswith("CC4") or all(
            _says(finding.message, value) for _, value, _ in known))):
        # An evidence finding's values restate its message, sentence and evidence.
        return None
    text = Text()
    for index, (label, value, style) in enumerate(known):
        text.append(("   " if index else "") + f"{label}: ")
        text.append(one_line(value), style=style)
    return text


def _says(text: str, value: str) -> bool:
    """Whether `text` already says `value` (whitespace folded)."""
    return bool(value) and " ".join(one_line(value).split()) in " ".join(one_line(text).split())


def _rewrites(suggestion: str | None, sentence: str) -> bool:
    """Whether a suggestion is the sentence itself reworded (it then shows the sentence already)."""
    if not suggestion:
        return False
    start = " ".join(one_line(sentence).split())[1:60].lower()
    return bool(start) and start in " ".join(one_line(suggestion).split()).lower()


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


def _unverified(findings: Sequence[Finding], results: Sequence[ReferenceResult], width: int) -> list[Text]:
    """One line per reason for the references that could not be checked, instead of one per reference."""
    if not findings:
        return []
    reasons = {
        result.reference.id: one_line(result.resolution.reason)
        for result in results
        if result.resolution is not None and result.resolution.reason
    }
    by_reason: dict[str, list[str]] = {}
    for finding in findings:
        key = reasons.get(finding.reference or "", "")
        by_reason.setdefault(key, []).append(finding.reference or f"line {finding.line}")
    lines: list[Text] = []
    style = VERDICT_STYLE[Verdict.UNVERIFIED]
    for reason, ids in by_reason.items():
        text = _line((f"could not be checked: {plural(len(ids), 'reference')} ({_ids(ids)})", style))
        if reason:
            text.append(f": {reason}")
        lines += wrap_text(text, width, indent=INDENT, hang=HANG)
    return lines


def _ids(ids: Sequence[str]) -> str:
    """`R1-R6` for a run of consecutive ids, else `R1, R3, R7`."""
    numbers = [int(i[1:]) if i[:1] == "R" and i[1:].isdigit() else None for i in ids]
    if len(ids) > 2 and None not in numbers and numbers == list(range(numbers[0], numbers[0] + len(ids))):
        return f"{ids[0]}-{ids[-1]}"
    return ", ".join(ids)


def _nothing(options: ReportOptions) -> str:
    """`no findings`, or `nothing at or above error` when `--severity` hid some."""
    return f"nothing at or above {options.min_severity.value}" if options.hidden_count else "no findings"


def _clean_line(results: Sequence[ReferenceResult], width: int, options: ReportOptions) -> list[Text]:
    """The references without findings in one line: their ids when they fit, else their count."""
    if not results or options.verbose:
        return []
    words = _nothing(options)
    statuses = Counter(status_words(result.status) for result in results)
    if len(statuses) == 1:
        text = f"{plural(len(results), 'reference')} {next(iter(statuses))}, {words}"
    else:
        kinds = ", ".join(f"{count} {word}" for word, count in statuses.most_common())
        text = f"{plural(len(results), 'reference')} with {words} ({kinds})"
    listed = f"{text}: {_ids([one_line(r.reference.id) for r in results])}"
    if len(INDENT + listed) <= width:
        text = listed
    elif len(INDENT + text + "; --show-all lists them") <= width:
        text += "; --show-all lists them"
    return wrap_text(Text(text, style=VERDICT_STYLE[Verdict.CLEAN]), width, indent=INDENT, hang=HANG)


def _file_summary(file: FileReport, groups: dict[str | None, list[Finding]], width: int,
                  options: ReportOptions) -> list[Text]:
    """`6 references: 2 with errors, 3 with warnings, 1 clean; 1 finding in the text`."""
    verdicts = Counter(verdict(result, groups.get(result.reference.id, [])) for result in file.results)
    words = {Verdict.ERROR: "with errors", Verdict.WARNING: "with warnings", Verdict.INFO: "with notes",
             Verdict.UNVERIFIED: "could not be checked",
             Verdict.CLEAN: f"with {_nothing(options)}" if options.hidden_count else "clean"}
    # Without --verbose the references without findings already have their line.
    shown = [v for v in Verdict if verdicts.get(v) and (options.verbose or v is not Verdict.CLEAN)]
    parts = [f"{verdicts[v]} {words[v]}" for v in shown]
    known = {result.reference.id for result in file.results}
    loose = [f for f in file.findings if f.reference not in known]
    pieces = []
    if parts:
        pieces.append(plural(len(file.results), "reference") + ": " + ", ".join(parts))
    if loose:
        pieces.append(f"{plural(len(loose), 'finding')} in the text")
    if not pieces:
        return []
    text = "; ".join(pieces)
    severities = {f.severity for f in file.findings}
    style = (Verdict.ERROR if Severity.ERROR in severities else
             Verdict.WARNING if Severity.WARNING in severities else
             Verdict.UNVERIFIED if verdicts.get(Verdict.UNVERIFIED) else
             Verdict.INFO if severities else Verdict.CLEAN)
    return wrap_text(Text(text, style=VERDICT_STYLE[style]), width, indent=INDENT, hang=HANG)


# -------------------------------------------------------------- extraction


def write_extraction(extractions: Sequence[Extraction], out: TextIO, *, color: bool | None = None) -> None:
    """`citecheck extract FILE`: what was read, before any look-up, a few lines per reference."""
    console = make_console(out, color)
    width = console.width
    lines: list[Text] = []
    for index, extraction in enumerate(extractions):
        if index:
            lines.append(Text())
        lines.append(_line((extraction.document.path, "bold")))
        lines.append(Text("References", style="bold"))
        if extraction.references:
            for reference in extraction.references:
                lines += _extracted_reference(reference, width)
        else:
            lines.append(Text(f"{INDENT}no reference list found", style="dim"))
        lines.append(Text("Citations", style="bold"))
        if extraction.citations:
            for citation in extraction.citations:
                lines += _extracted_citation(citation, width)
        else:
            lines.append(Text(f"{INDENT}no in-text citations found", style="dim"))
        lines.append(Text(f"{plural(len(extraction.references), 'reference')}, "
                          f"{plural(len(extraction.citations), 'citation')}", style="bold"))
    _print(console, lines)


def _authors(reference: Reference) -> str | None:
    if not reference.authors:
        return None
    shown = ", ".join(reference.authors[:3])
    if len(reference.authors) > 3 or reference.et_al:
        shown += " et al."
    return shown


def _extracted_reference(reference: Reference, width: int) -> list[Text]:
    """`R1  line 32  An, Wang, Song et al. (2022)`, the title, then the other fields, labelled."""
    year = f"{reference.year}{reference.year_suffix or ''}" if reference.year else ("n.d." if reference.no_date else None)
    head = _line((reference.id, "bold"), f"  line {reference.line}  ")
    head.append(one_line(_authors(reference) or "no author read"), style="" if reference.authors else "dim")
    head.append(f" ({year})" if year else " (no year read)")
    lines = wrap_text(head, width, indent=INDENT, hang=HANG)
    if reference.title:
        lines += wrap_text(_line((reference.title, "italic")), width, indent=FINDING, hang=FINDING)
    fields = Text()
    # Each label is glued to its value's first word, so a line never ends with a label.
    for label, value in (("journal", reference.journal), ("volume", reference.volume), ("issue", reference.issue),
                         ("pages", reference.pages), ("PMID", reference.pmid), ("PMCID", reference.pmcid)):
        if value:
            fields.append(("  " if fields.plain else "") + label + GLUE, style="dim")
            fields.append(one_line(value))
    if reference.doi:
        fields.append(("  " if fields.plain else "") + "DOI" + GLUE, style="dim")
        fields.append_text(_doi(reference.doi))
    elif reference.malformed_doi:
        fields.append(("  " if fields.plain else "") + "DOI" + GLUE, style="dim")
        fields.append(one_line(reference.malformed_doi).replace(" ", GLUE) + " (malformed)", style="red")
    if reference.url and not reference.doi:
        fields.append(("  " if fields.plain else "") + "URL" + GLUE, style="dim")
        fields.append(one_line(reference.url))
    if fields.plain:
        lines += wrap_text(fields, width, indent=FINDING, hang=FINDING)
    return lines


def _extracted_citation(citation: Citation, width: int) -> list[Text]:
    """`line 26  (An et al., 2022)  author-year -> R1`, then its sentence."""
    head = _line(f"line {citation.line}  ", (citation.text, "bold"), f"  {citation.kind} ")
    if citation.references:
        head.append("-> " + ", ".join(citation.references))
    elif citation.candidates:
        head.append("ambiguous: " + " or ".join(citation.candidates), style="yellow")
    else:
        head.append("-> nothing", style="red")
    lines = wrap_text(head, width, indent=INDENT, hang=HANG)
    sentence = shorten(one_line(citation.sentence), SENTENCE_LINES * (width - len(FINDING)) - 8)
    return lines + wrap_text(_line((sentence, "dim")), width, indent=FINDING, hang=FINDING)


__all__ = ["write", "write_extraction", "make_console", "use_color", "wrap_text"]
