"""`--format html`: one self-contained page an editor reads in any browser, and prints.

The page shows each article itself, line by line, with every in-text citation
and every reference entry highlighted by its verdict (error red, warning
yellow, info blue, no findings green, could not be checked grey) and the
findings beside the line they are about; highlights and findings link to each
other, and every DOI links to `https://doi.org/...`. A summary at the top
counts what was found and lists every finding with a link to its place.

The file needs nothing else: styles are inline, there is no script, no font,
no image, and a Content-Security-Policy forbids the browser to fetch anything.
All text from the article and from Crossref is escaped (and its control
characters made visible), so an article cannot inject markup into the page.

Citations are placed by their offsets in the document's text when the
extractor gives them, otherwise found by their text on their line; reference
entries by their offset, otherwise by their lines.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from typing import Iterable, Sequence, TextIO

from citecheck.model import Citation, FileReport, Finding, Reference, ReferenceResult, Report
from citecheck.report.links import doi_url, looks_like_doi
from citecheck.report.options import DEFAULT, ReportOptions
from citecheck.report.summary import describe, describe_hidden, summarize
from citecheck.report.text import clean, one_line, plural
from citecheck.report.verdict import Verdict, status_words, verdict
from citecheck.text.identifiers import doi_key, find_dois

RANK = {Verdict.CLEAN: 1, Verdict.INFO: 2, Verdict.UNVERIFIED: 3, Verdict.WARNING: 4, Verdict.ERROR: 5}
VERDICT_WORDS = {
    Verdict.ERROR: "error",
    Verdict.WARNING: "warning",
    Verdict.INFO: "note",
    Verdict.CLEAN: "no findings",
    Verdict.UNVERIFIED: "could not be checked",
}

STYLE = """
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0; --clean: #2e7d32; --unverified: #616161;
  --error-bg: #fde0e0; --warning-bg: #fff1c2; --info-bg: #dcebfb; --clean-bg: #dff3df; --unverified-bg: #e8e8e8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1d; margin: 0 auto;
  max-width: 1400px; padding: 1.5rem; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; word-break: break-all; }
.lead { font-size: 1.1rem; margin: .2rem 0 1rem; }
.counts span { display: inline-block; margin-right: .6rem; padding: .1rem .5rem; border-radius: .3rem; }
.legend { font-size: .85rem; color: #444; margin-bottom: 1rem; }
.legend mark { margin-right: .5rem; }
table { border-collapse: collapse; width: 100%; }
.index td, .index th { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
.article { table-layout: fixed; margin-top: .5rem; border-top: 1px solid #ddd; }
.article td { vertical-align: top; padding: .1rem .5rem; border-bottom: 1px solid #f0f0f0; }
.article .ln { width: 3.5rem; text-align: right; color: #888; font-size: .8rem; user-select: none; }
.article .ln a { color: inherit; text-decoration: none; }
.article .tx { white-space: pre-wrap; overflow-wrap: break-word; font-family: Georgia, "Times New Roman", serif; }
.article .nt { width: 40%; }
mark { padding: 0 .1rem; border-radius: .2rem; color: inherit; border-bottom: 2px solid; }
mark a { color: inherit; }
a.jump { color: inherit; text-decoration: none; }
.v-error { background: var(--error-bg); border-color: var(--error); }
.v-warning { background: var(--warning-bg); border-color: var(--warning); }
.v-info { background: var(--info-bg); border-color: var(--info); }
.v-clean { background: var(--clean-bg); border-color: var(--clean); }
.v-unverified { background: var(--unverified-bg); border-color: var(--unverified); }
.finding, .card { border-left: 4px solid; padding: .2rem .5rem; margin: .2rem 0 .4rem; background: #fafafa;
  font-size: .9rem; break-inside: avoid; }
.finding .what { font-weight: 600; } .finding .rule { color: #555; font-weight: normal; }
.sev { display: inline-block; font-size: .75rem; text-transform: uppercase; letter-spacing: .03em;
  padding: 0 .35rem; border-radius: .2rem; color: #fff; margin-right: .3rem; }
.sev-error { background: var(--error); } .sev-warning { background: var(--warning); }
.sev-info { background: var(--info); }
.finding.s-error, .card.v-error { border-color: var(--error); }
.finding.s-warning, .card.v-warning { border-color: var(--warning); }
.finding.s-info, .card.v-info { border-color: var(--info); }
.card.v-clean { border-color: var(--clean); } .card.v-unverified { border-color: var(--unverified); }
.card { background: #fff; }
.detail { color: #333; } .detail b { font-weight: 600; }
.unreadable { color: var(--error); }
.note { color: #555; font-size: .9rem; }
:target { outline: 3px solid #7b1fa2; outline-offset: 1px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  mark, .sev, .finding, .card, .counts span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .article tr, .finding { break-inside: avoid; }
  h2 { break-before: page; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _e(value: object) -> str:
    """Untrusted text, safe inside HTML text or a quoted attribute."""
    return html.escape(clean("" if value is None else value), quote=True)


def _link(url: str, label: str, cls: str = "") -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f'<a{attribute} href="{html.escape(url, quote=True)}">{_e(label)}</a>'


def _doi(doi: str) -> str:
    return _link(doi_url(doi), doi, "doi")


# ------------------------------------------------------------------ the page


def render(report: Report, options: ReportOptions = DEFAULT) -> str:
    from citecheck import __version__

    summary = summarize(report)
    title = "citecheck: " + (report.files[0].path if len(report.files) == 1 else plural(len(report.files), "file"))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<header id="summary">',
        "<h1>Citation report</h1>",
        f'<p class="lead">{_e(describe(summary))}</p>',
        _counts(summary),
    ]
    hidden = describe_hidden(options)
    if hidden:
        parts.append(f'<p class="note">{_e(hidden)}.</p>')
    parts += [_legend(), _index(report), "</header>"]
    for number, file in enumerate(report.files, start=1):
        parts.append(_file(file, f"f{number}"))
    parts += [f'<footer class="note"><p>citecheck {_e(__version__)}</p></footer>', "</body>", "</html>", ""]
    return "\n".join(parts)


def _counts(summary) -> str:
    items = [
        (summary.errors, "error", "sev-error"),
        (summary.warnings, "warning", "sev-warning"),
        (summary.infos, "note", "sev-info"),
    ]
    spans = [f'<span class="sev {cls}">{plural(count, word)}</span>' for count, word, cls in items if count]
    if summary.unverified:
        spans.append(f'<span class="v-unverified">{summary.unverified} could not be checked</span>')
    if summary.unreadable:
        spans.append(f'<span class="v-error">{plural(summary.unreadable, "file")} could not be read</span>')
    if not spans:
        spans.append('<span class="v-clean">no findings</span>')
    return f'<p class="counts">{"".join(spans)}</p>'


def _legend() -> str:
    marks = "".join(f'<mark class="v-{v.value}">{VERDICT_WORDS[v]}</mark>' for v in
                    (Verdict.ERROR, Verdict.WARNING, Verdict.INFO, Verdict.UNVERIFIED, Verdict.CLEAN))
    return (f'<p class="legend">Citations and reference entries are highlighted by their worst finding: {marks}'
            "Click a highlight to reach its findings.</p>")


def _index(report: Report) -> str:
    """Every file with its counts, then every finding with a link to its place."""
    rows = []
    for number, file in enumerate(report.files, start=1):
        anchor = f"f{number}"
        if file.error:
            state = f'<span class="unreadable">could not be read: {_e(file.error)}</span>'
        else:
            state = _e(f"{plural(len(file.results), 'reference')}, {plural(len(file.findings), 'finding')}")
        rows.append(f'<tr><td><a href="#{anchor}">{_e(file.path)}</a></td><td>{state}</td></tr>')
    parts = ['<table class="index"><thead><tr><th>File</th><th>What was found</th></tr></thead>',
             f"<tbody>{''.join(rows)}</tbody></table>"]
    findings = [(f"f{n}", file, finding) for n, file in enumerate(report.files, start=1)
                for finding in _ordered(file.findings)]
    if findings:
        parts.append("<h2>Findings</h2>")
        parts.append('<table class="index"><thead><tr><th>Where</th><th>Severity</th><th>Rule</th>'
                     "<th>Message</th></tr></thead><tbody>")
        for anchor, file, finding in findings:
            where = f"{file.path}:{finding.line}" if len(report.files) > 1 else f"line {finding.line}"
            parts.append(
                f'<tr><td><a href="#{anchor}-F{_finding_key(finding)}">{_e(where)}</a></td>'
                f'<td><span class="sev sev-{finding.severity.value}">{finding.severity.value}</span></td>'
                f"<td>{_e(finding.code)} {_e(finding.rule)}</td><td>{_e(one_line(finding.message))}</td></tr>"
            )
        parts.append("</tbody></table>")
    return "\n".join(parts)


def _ordered(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.line, f.column or 0, f.code, f.reference or ""))


def _finding_key(finding: Finding) -> str:
    """A stable id for a finding within its file: line, column, code, reference."""
    return f"{finding.line}-{finding.column or 0}-{finding.code}-{_slug(finding.reference or 'text')}"


def _slug(value: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in value)[:40]


# ------------------------------------------------------------------ one file


@dataclass(frozen=True)
class _Mark:
    """A highlight in the document's text: `text[start:end]`."""

    start: int
    end: int
    verdict: Verdict
    anchor: str  # the element's id
    target: str  # where a click goes
    label: str  # the tooltip
    kind: str  # "cite" | "entry"
    doi: str | None = None


def _file(file: FileReport, anchor: str) -> str:
    parts = [f'<section id="{anchor}">', f"<h2>{_e(file.path)}</h2>"]
    if file.error:
        parts += [f'<p class="unreadable">This file could not be read: {_e(file.error)}</p>', "</section>"]
        return "\n".join(parts)
    document = file.extraction.document
    text = document.text
    starts = _line_starts(text)
    results = {result.reference.id: result for result in file.results}
    by_reference: dict[str, list[Finding]] = {}  # every finding about an entry
    on_entry: dict[str, list[Finding]] = {}  # those about the entry itself, not about a sentence citing it
    for finding in file.findings:
        if finding.reference:
            by_reference.setdefault(finding.reference, []).append(finding)
            if finding.sentence is None:
                on_entry.setdefault(finding.reference, []).append(finding)
    marks = _entry_marks(file, anchor, starts, on_entry) + _citation_marks(file, anchor, starts, results, on_entry)
    marks = _without_overlaps(marks)
    source_lines = [document.source_line(number) for number in range(1, len(starts) + 1)]
    first_row = {}
    for index, line in enumerate(source_lines):
        first_row.setdefault(line, index)
    notes: dict[int, list[str]] = {}
    for result in file.results:
        row = _entry_row(result.reference, starts, first_row)
        notes.setdefault(row, []).append(_card(result, on_entry.get(result.reference.id, []),
                                               by_reference.get(result.reference.id, []), anchor))
    placed: set[int] = set()
    for finding in _ordered(file.findings):
        row = first_row.get(finding.line)
        if row is None:
            continue
        placed.add(id(finding))
        notes.setdefault(row, []).append(_finding_box(finding, results.get(finding.reference or ""), anchor))
    parts.append(f'<p class="note">{_e(plural(len(file.results), "reference"))}, '
                 f"{_e(plural(len(file.extraction.citations), 'citation'))}, "
                 f"{_e(plural(len(file.findings), 'finding'))}.</p>")
    parts.append('<table class="article"><colgroup><col class="ln"><col><col class="nt"></colgroup><tbody>')
    mark_starts = [mark.start for mark in marks]
    for index, line_start in enumerate(starts):
        line_end = starts[index + 1] - 1 if index + 1 < len(starts) else len(text)
        if not text[line_start:line_end].strip() and index not in notes:
            continue  # blank lines: nothing to read, nothing to mark
        source_line = source_lines[index]
        number = str(source_line) if first_row.get(source_line) == index else ""
        row_id = f' id="{anchor}-L{source_line}"' if number else ""
        content = _line_html(text, line_start, line_end, marks, mark_starts)
        parts.append(
            f"<tr{row_id}><td class=\"ln\">{_e(number)}</td><td class=\"tx\">{content}</td>"
            f"<td class=\"nt\">{''.join(notes.get(index, []))}</td></tr>"
        )
    parts.append("</tbody></table>")
    loose = [finding for finding in _ordered(file.findings) if id(finding) not in placed]
    if loose:
        parts.append("<h3>Other findings</h3>")
        parts += [_finding_box(finding, results.get(finding.reference or ""), anchor) for finding in loose]
    parts.append("</section>")
    return "\n".join(parts)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _entry_row(reference: Reference, starts: list[int], first_row: dict[int, int]) -> int:
    """The row (0-based text line) where a reference entry starts."""
    if reference.start is not None:
        return bisect.bisect_right(starts, reference.start) - 1
    if reference.text_line:
        return reference.text_line - 1
    return first_row.get(reference.line, 0)


def _entry_marks(file: FileReport, anchor: str, starts: list[int],
                 on_entry: dict[str, list[Finding]]) -> list[_Mark]:
    text = file.extraction.document.text
    marks = []
    for result in file.results:
        reference = result.reference
        span = _entry_span(reference, text, starts)
        if span is None:
            continue
        findings = on_entry.get(reference.id, [])
        found = verdict(result, findings)
        target = f"#{anchor}-F{_finding_key(_ordered(findings)[0])}" if findings else f"#{anchor}-C{_slug(reference.id)}"
        label = f"{reference.id}: {status_words(result.status)}; {_verdict_phrase(found, findings)}"
        marks.append(_Mark(span[0], span[1], found, f"{anchor}-E{_slug(reference.id)}", target, label, "entry",
                           reference.doi))
    return marks


def _entry_span(reference: Reference, text: str, starts: list[int]) -> tuple[int, int] | None:
    """Where an entry is in the document's text: its offset, else its lines, else a search for it."""
    if reference.start is not None:
        return reference.start, min(reference.start + len(reference.text), len(text))
    if reference.text_line:
        first = reference.text_line - 1
        last = (reference.text_end_line or reference.text_line) - 1
        if 0 <= first < len(starts):
            start = starts[first]
            end = starts[last + 1] - 1 if last + 1 < len(starts) else len(text)
            while start < end and text[start].isspace():
                start += 1
            return (start, end) if start < end else None
    found = text.find(reference.text[:60]) if reference.text else -1
    return (found, found + len(reference.text)) if found >= 0 else None


def _citation_marks(file: FileReport, anchor: str, starts: list[int], results: dict[str, ReferenceResult],
                    on_entry: dict[str, list[Finding]]) -> list[_Mark]:
    """A citation's verdict: its own findings, and its entries' (a citation of a retracted paper is red)."""
    document = file.extraction.document
    text = document.text
    taken: set[int] = set()
    marks = []
    for number, citation in enumerate(file.extraction.citations, start=1):
        span = _citation_span(citation, document, text, starts, taken)
        if span is None:
            continue
        taken.add(span[0])
        own = [f for f in file.findings if _is_about(f, citation)]
        linked = [f for ref in citation.references for f in on_entry.get(ref, [])]
        verdicts = [verdict(results[ref], on_entry.get(ref, [])) for ref in citation.references if ref in results]
        if own:
            verdicts.append(verdict(None, own))
        found = max(verdicts, key=RANK.__getitem__) if verdicts else Verdict.CLEAN
        if own:
            target = f"#{anchor}-F{_finding_key(_ordered(own)[0])}"
        elif citation.references:
            target = f"#{anchor}-E{_slug(citation.references[0])}"
        else:
            target = f"#{anchor}-L{citation.line}"
        refs = ", ".join(citation.references) or "no entry in the list"
        label = f"{one_line(citation.text)} -> {refs}; {_verdict_phrase(found, own + linked)}"
        marks.append(_Mark(span[0], span[1], found, f"{anchor}-C{number}", target, label, "cite"))
    return marks


def _is_about(finding: Finding, citation: Citation) -> bool:
    """Whether a finding is about this citation: same line and sentence, and its reference if it names one."""
    if finding.sentence is None or finding.line != citation.line or finding.sentence != citation.sentence:
        return False
    if finding.reference is None:
        return not citation.references
    return finding.reference in citation.references


def _citation_span(citation: Citation, document, text: str, starts: list[int],
                   taken: set[int]) -> tuple[int, int] | None:
    """A citation's place in the text: its offsets, else its text searched on the lines of its source line."""
    if citation.start is not None and citation.end is not None and 0 <= citation.start < citation.end <= len(text):
        return citation.start, citation.end
    rows = [index for index in range(len(starts)) if document.source_line(index + 1) == citation.line]
    for row in rows:
        line_start = starts[row]
        line_end = starts[row + 1] - 1 if row + 1 < len(starts) else len(text)
        sentence_at = text.find(citation.sentence[:40], line_start, line_end) if citation.sentence else -1
        search_from = sentence_at if sentence_at >= 0 else line_start
        for begin in (search_from, line_start):
            at = text.find(citation.text, begin, line_end)
            while at >= 0 and at in taken:
                at = text.find(citation.text, at + 1, line_end)
            if at >= 0:
                return at, at + len(citation.text)
    return None


def _without_overlaps(marks: list[_Mark]) -> list[_Mark]:
    kept: list[_Mark] = []
    end = -1
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if mark.start >= end:
            kept.append(mark)
            end = mark.end
    return kept


def _line_html(text: str, start: int, end: int, marks: Sequence[_Mark], mark_starts: list[int]) -> str:
    """One line of the article, escaped, with the highlights that touch it (a highlight may span lines)."""
    out: list[str] = []
    position = start
    index = max(bisect.bisect_right(mark_starts, start) - 1, 0)
    while index < len(marks) and marks[index].start < end:
        mark = marks[index]
        index += 1
        if mark.end <= start:
            continue
        piece_start, piece_end = max(mark.start, start), min(mark.end, end)
        if piece_start < position:
            continue
        out.append(_e(text[position:piece_start]))
        out.append(_mark_html(mark, text[piece_start:piece_end], first=piece_start == mark.start))
        position = piece_end
    out.append(_e(text[position:end]))
    return "".join(out)


def _mark_html(mark: _Mark, piece: str, first: bool) -> str:
    anchor = f' id="{mark.anchor}"' if first else ""
    inner = _with_doi_link(piece, mark.doi) if mark.kind == "entry" else _e(piece)
    link_open = f'<a class="jump" href="{html.escape(mark.target, quote=True)}">' if mark.kind == "cite" else ""
    link_close = "</a>" if link_open else ""
    return (f'<mark class="{mark.kind} v-{mark.verdict.value}"{anchor} data-verdict="{mark.verdict.value}" '
            f'title="{_e(mark.label)}">{link_open}{inner}{link_close}</mark>')


def _with_doi_link(piece: str, doi: str | None) -> str:
    """An entry's text with its DOI as a link to doi.org (where the DOI is written as such)."""
    if not doi:
        return _e(piece)
    key = doi_key(doi)
    found = next((match for match in find_dois(piece) if match.doi == key), None)
    if found is None:
        return _e(piece)
    return _e(piece[: found.start]) + _link(doi_url(doi), piece[found.start : found.end], "doi") + _e(piece[found.end :])


# ------------------------------------------------------------ findings, cards


def _verdict_phrase(found: Verdict, findings: Sequence[Finding]) -> str:
    if not findings:
        return VERDICT_WORDS[found]
    return f"{plural(len(findings), 'finding')}: " + ", ".join(f"{f.code} {f.rule}" for f in _ordered(findings))


def _card(result: ReferenceResult, own: Sequence[Finding], findings: Sequence[Finding], anchor: str) -> str:
    """The reference entry's verdict (from its own findings), status and DOI, beside the entry."""
    reference = result.reference
    found = verdict(result, own)
    doi = _doi(reference.doi) if reference.doi else (
        f"malformed DOI {_e(reference.malformed_doi)}" if reference.malformed_doi else "no DOI")
    elsewhere = [f for f in findings if f not in own]
    more = ""
    if elsewhere:
        links = ", ".join(f'<a href="#{anchor}-F{_finding_key(f)}">{_e(f.code)} line {f.line}</a>' for f in _ordered(elsewhere))
        more = f"<br>Cited with findings at {links}"
    work = result.work
    record = ""
    if work is not None and work.title:
        record = f'<br><span class="detail">Record: {_e(one_line(work.title))}</span>'
    return (f'<div class="card v-{found.value}" id="{anchor}-C{_slug(reference.id)}" data-reference="{_e(reference.id)}" '
            f'data-verdict="{found.value}"><b><a href="#{anchor}-E{_slug(reference.id)}">{_e(reference.id)}</a></b> '
            f"{_e(status_words(result.status))} &middot; {doi}{record}{more}</div>")


def _finding_box(finding: Finding, result: ReferenceResult | None, anchor: str) -> str:
    severity = finding.severity.value
    parts = [
        f'<div class="finding s-{severity}" id="{anchor}-F{_finding_key(finding)}" data-code="{_e(finding.code)}" '
        f'data-line="{finding.line}" data-severity="{severity}" data-reference="{_e(finding.reference or "")}">',
        f'<span class="sev sev-{severity}">{severity}</span><span class="what">{_e(finding.code)} '
        f'<span class="rule">{_e(finding.rule)}</span></span>',
        f"<div>{_e(finding.message)}</div>",
    ]
    values = []
    evidence = finding.code.startswith("CC4")  # its values restate the message and the sentence beside it
    if not evidence and finding.cited not in (None, "") and one_line(finding.cited) not in one_line(finding.message):
        values.append(f"<b>cited:</b> {_e(one_line(finding.cited))}")
    if not evidence and finding.expected not in (None, "") and one_line(finding.expected) not in one_line(finding.message):
        label = "Crossref" if result is not None and result.work is not None and finding.code[:3] in ("CC1", "CC2") else "expected"
        values.append(f"<b>{label}:</b> {_e(one_line(finding.expected))}")
    if values:
        parts.append(f'<div class="detail">{" &middot; ".join(values)}</div>')
    if finding.suggestion:
        suggestion = _doi(finding.suggestion) if looks_like_doi(finding.suggestion) else _e(finding.suggestion)
        parts.append(f'<div class="detail"><b>suggestion:</b> {suggestion}</div>')
    if finding.reference and result is not None and finding.line != result.reference.line:  # else beside its entry
        parts.append(f'<div class="detail">about <a href="#{anchor}-E{_slug(finding.reference)}">{_e(finding.reference)}</a>'
                     + (f" &middot; {_doi(result.reference.doi)}" if result.reference.doi else "") + "</div>")
    parts.append("</div>")
    return "".join(parts)


def write(report: Report, out: TextIO, *, color: bool | None = None, options: ReportOptions = DEFAULT) -> None:
    out.write(render(report, options))


__all__ = ["render", "write"]
