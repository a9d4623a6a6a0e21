"""From findings to fixes: what each finding's correction is, and whether it is safe to apply.

Safe (applied by `citecheck fix`): a field of an entry the comparison found
conflicting with the record (year, volume, issue, pages or article number,
first author's family name, another work's journal), with the in-text
citations that would otherwise stop agreeing with the entry; the year of an
in-text citation that disagrees with its entry, when the record confirms the
entry's year; a validated DOI for an entry without one; a malformed DOI whose
correct form is certain (a repair the record confirmed, or a written form that
cannot be followed). Each edit replaces exactly the span the comparison or
the extraction located, where the source writes it verbatim.

Unsafe (applied only with `--unsafe`): another work's DOI replaced by the
validated DOI of the cited work. Listed for a person (never applied): a
retracted work, a misquoted title, an evidence finding (with its suggested
wording), and every fix above whose span or form is uncertain, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping, Sequence

from citecheck.fix import doi as dois
from citecheck.fix import style
from citecheck.fix.source import SourceText, located
from citecheck.model import (
    Citation,
    Edit,
    FieldState,
    FileReport,
    Finding,
    Fix,
    Identity,
    Reference,
    ReferenceResult,
)
from citecheck.text.identifiers import find_dois, find_urls
from citecheck.text.names import family_key

SAFE, UNSAFE, MANUAL = "safe", "unsafe", "manual"

FIELD_RULES = {"CC201": "year", "CC202": "volume", "CC203": "issue", "CC204": "pages", "CC205": "author", "CC207": "journal"}
_LABELS = {"year": "year", "volume": "volume", "issue": "issue", "pages": "pages", "author": "first author", "journal": "journal"}
_ABBREVIATED = re.compile(r"\b[A-Za-z]{1,12}\.(?:\s|$)|^[A-Z]{2,6}$")


def manual(description: str, reason: str, edits: Sequence[Edit] = ()) -> Fix:
    return Fix(description=description, edits=_in_order(edits), applicability=MANUAL, reason=reason)


def safe(description: str, edits: Sequence[Edit]) -> Fix:
    return Fix(description=description, edits=_in_order(edits), applicability=SAFE)


def _in_order(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    return tuple(sorted(edits, key=lambda edit: (edit.start, edit.end)))


def plan_fixes(file: FileReport, repairs: Mapping[str, str] | None = None) -> tuple[Finding, ...]:
    """The file's findings, each with its Fix (None when there is nothing to propose).

    `repairs` maps a reference id to the corrected form of its malformed or
    unregistered DOI, when that form is registered and is the cited work.
    """
    if file.error or not file.findings:
        return file.findings
    planner = _Planner(file, repairs or {})
    return tuple(replace(finding, fix=planner.fix_for(finding)) for finding in file.findings)


def _roman(number: int) -> str:
    out = []
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _without_identifiers(text: str) -> str:
    """`text` with its DOIs and URLs blanked (their digits are no field's)."""
    for url in find_urls(text):
        text = text.replace(url, " " * len(url))
    for match in find_dois(text):
        text = text[:match.start] + " " * (match.end - match.start) + text[match.end:]
    return text


_NOT_NAMES = frozenset({"et", "al", "and", "with", "in", "ed", "eds", "by", "the", "von", "van", "de", "der", "den", "du", "la", "le"})
def _is_given_name(name: str, result: ReferenceResult) -> bool:
    """Whether `name` is one of the record's given names (a style that writes `Family Given` read the wrong way)."""
    people = result.work.raw.get("author") if result.work and isinstance(result.work.raw, dict) else None
    key = family_key(name)
    for person in people or ():
        given = person.get("given") if isinstance(person, dict) else None
        if isinstance(given, str) and key and key in {family_key(part) for part in re.split(r"[\s.]+", given) if part}:
            return True
        if isinstance(given, str) and key and key == family_key(given):
            return True
    return False


_YEAR_SHAPED = re.compile(r"^(?:1[5-9]|20)\d\d$")


def _doubtful(field: str, old: str, new: str, before: str) -> str | None:
    """Why replacing `old` by `new` may not be correcting the field itself, or None.

    The comparison located the value; these are the signs it may have taken
    something else for it: a year where pages or an issue should be, a
    number glued to another (`20131–10` for a volume 2013 and pages 1–10),
    a price.
    """
    if field not in ("volume", "issue", "pages"):
        return None
    if before.endswith(tuple("$€£¥")):
        return f"the {field} read is a price"
    if field in ("issue", "pages") and _YEAR_SHAPED.match(old) and not _YEAR_SHAPED.match(new):
        return f"the {field} read looks like a year"
    if new in old:
        return f"the {field} read may run into another number"
    first_old, first_new = re.match(r"\D*(\d*)", old).group(1), re.match(r"\D*(\d*)", new).group(1)
    if first_old and first_new and abs(len(first_old) - len(first_new)) > 1:
        return f"the {field} read is not of the registered one's size"
    return None


class _Planner:
    def __init__(self, file: FileReport, repairs: Mapping[str, str]) -> None:
        self.file = file
        document = file.extraction.document
        self.src = SourceText(document)
        self.references = [located(document, reference) for reference in file.extraction.references]
        by_id = {reference.id: reference for reference in self.references}
        self.results = {
            result.reference.id: replace(result, reference=by_id.get(result.reference.id, result.reference))
            for result in file.results
        }
        self.citations = file.extraction.citations
        self.repairs = repairs
        self._field_fixes: dict[tuple[str, str], Fix] = {}

    def fix_for(self, finding: Finding) -> Fix | None:
        code = finding.code
        result = self.results.get(finding.reference or "")
        if code in FIELD_RULES:
            return self.field_fix(result, FIELD_RULES[code]) if result else None
        if code == "CC503":
            return self.citation_year_fix(finding, result) if result else None
        if code == "CC101":
            return self.added_doi_fix(result) if result else None
        if code in ("CC102", "CC105"):
            return self.repaired_doi_fix(result) if result else None
        if code == "CC103":
            return self.replaced_doi_fix(result) if result else None
        if code == "CC301":
            return manual("remove the citation, or cite a work that stands in its place",
                          "a retracted work: what replaces it is a judgement")
        if code == "CC206":
            record = result.comparison.get("title") if result and result.comparison else None
            wanted = f"write the registered title: \"{record.record}\"" if record and record.record else "copy the registered title"
            return manual(wanted, "titles are written in many styles (case, subtitles): which one is a judgement")
        if code in ("CC401", "CC402"):
            return manual(f"reword: \"{finding.suggestion}\"" if finding.suggestion else "qualify the claim, or cite a study in people",
                          "whether the evidence supports the sentence is a judgement")
        return None

    # ------------------------------------------------------------ fields of an entry

    def field_fix(self, result: ReferenceResult, field: str) -> Fix:
        key = (result.reference.id, field)
        if key not in self._field_fixes:
            self._field_fixes[key] = self._field_fix(result, field)
        return self._field_fixes[key]

    def _field_fix(self, result: ReferenceResult, field: str) -> Fix:
        label = _LABELS[field]
        reference, comparison = result.reference, result.comparison
        compared = comparison.get(field) if comparison else None
        if (
            compared is None or comparison.identity is not Identity.SAME
            or compared.state is not FieldState.CONFLICTING or not compared.record
        ):
            return manual(f"copy the {label} from the record", f"the comparison did not find the {label} conflicting")
        wanted = f"{label} {compared.cited} → {compared.record}"
        if compared.span is None or reference.start is None:
            return manual(wanted, f"where the entry writes its {label} is not known")
        start, end = reference.start + compared.span[0], reference.start + compared.span[1]
        span = self.src.verbatim(start, end)
        if span is None:
            return manual(wanted, f"the {label} is not written plainly in the source (markup or an entity in it)")
        old = self.src.source[span[0]:span[1]]
        new, reason = self._replacement(result, field, old, compared.record, compared.note)
        if new is None:
            return manual(wanted, reason or f"the registered {label} cannot be written in the entry's form")
        if new == old:
            return manual(wanted, f"the {label} as written already reads as the record's")
        doubt = _doubtful(field, old, new, self.src.source[max(0, span[0] - 2):span[0]])
        doubt = doubt or self._stated_elsewhere(result, field, compared.span)
        if doubt:
            return manual(f"{label} {old} → {new}", doubt)
        spans = [span]
        if field == "author":
            spans = self._name_written(result, old, span)
            if spans is None:
                return manual(f"{label} {old} → {new}", "the entry writes the name more than once")
        edits = [self.src.source_edit(a, b, new) for a, b in spans]
        followers = self._following_citations(reference, field, old, new)
        if followers is None:
            return manual(f"{label} {old} → {new}", f"an in-text citation of this entry repeats the {label} "
                          "where it cannot be changed with it")
        return safe(f"{label} {old} → {new}", edits + followers)

    def _replacement(self, result: ReferenceResult, field: str, old: str, record: str,
                     note: str | None) -> tuple[str | None, str | None]:
        reference = result.reference
        if field == "year":
            if self._year_written_again(reference, old):
                return None, "the entry writes the year more than once"
            return style.year_text(old, record), None
        if field in ("volume", "issue"):
            return style.locator_text(old, record), None
        if field == "pages":
            return style.pages_text(old, record, self._page_ranges(result)), None
        if field == "author":
            if note and " is author " in note:
                return None, "the entry lists the record's authors in another order"
            if old.strip().lower() in _NOT_NAMES or _is_given_name(old, result):
                return None, f"\"{old}\" is not a family name: where the entry names its first author is unclear"
            return style.family_name_text(old, record, self._names_in_capitals(result)), None
        if field == "journal":
            return self._journal(result, old)
        return None, None

    def _stated_elsewhere(self, result: ReferenceResult, field: str, span: tuple[int, int]) -> str | None:
        """Why the value read may be another field: the registered one is written elsewhere in the entry (None if not).

        An entry that gives the registered volume (`iv/6` for volume 4) or
        journal somewhere else holds the value read for another reason (an
        issue, a publisher).
        """
        work, text = result.work, result.reference.text
        if work is None:
            return None
        elsewhere = text[:span[0]] + " " * (span[1] - span[0]) + text[span[1]:]
        elsewhere = _without_identifiers(elsewhere)
        year = result.comparison.get("year") if result.comparison else None
        if field == "volume" and year is not None and year.state is FieldState.FOUND and year.span:
            # A journal that numbers its volumes by year: the entry's year, where the year stands, is no volume.
            a, b = year.span
            elsewhere = elsewhere[:a] + " " * (b - a) + elsewhere[b:]
        if field == "volume" and work.volume:
            value = work.volume
            numeric = rf"(?<![\w.\-–‐/:]){re.escape(value)}(?![\w\-–‐:])"
            roman = rf"(?<![^\W\d_]){_roman(int(value))}(?![^\W\d_])" if value.isdigit() and 0 < int(value) < 40 else None
            if re.search(numeric, elsewhere) or (roman and re.search(roman, elsewhere, re.IGNORECASE)):
                return f"the entry writes the registered volume ({value}) elsewhere"
        if field == "journal":
            names = [n for n in (work.journal, *work.short_journals) if n and len(n) >= 4]
            if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", elsewhere, re.IGNORECASE) for n in names):
                return "the entry names the registered journal elsewhere"
        return None

    def _page_ranges(self, result: ReferenceResult) -> tuple[str, ...]:
        """The page ranges the list's other entries write, as written (how the list abridges ranges)."""
        ranges = []
        for other in self.results.values():
            compared = other.comparison.get("pages") if other.comparison else None
            if other is result or compared is None or compared.state is not FieldState.FOUND or not compared.span:
                continue
            start = other.reference.start
            span = self.src.verbatim(start + compared.span[0], start + compared.span[1]) if start is not None else None
            if span:
                ranges.append(self.src.source[span[0]:span[1]])
        return tuple(ranges)

    def _names_in_capitals(self, result: ReferenceResult) -> bool | None:
        """Whether the entry writes names in capitals: its other authors, or else the list's first authors (None: unknown)."""
        work, text = result.work, result.reference.text
        written = []
        for name in (work.authors[1:6] if work else ()):
            if len(name) >= 2:
                written += [m.group() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)]
        if not written:
            for other in self.results.values():
                compared = other.comparison.get("author") if other.comparison else None
                if other is not result and compared and compared.state is FieldState.FOUND and compared.cited:
                    written.append(compared.cited)
        letters = [name for name in written if any(c.isalpha() for c in name) and len(name) > 1]
        if not letters:
            return None
        capitals = sum(name.isupper() for name in letters)
        return True if capitals == len(letters) else False if capitals == 0 else None

    def _name_written(self, result: ReferenceResult, old: str, span: tuple[int, int]) -> list[tuple[int, int]] | None:
        """Every place the entry writes the first author's wrong name (a style may repeat it: `Egerton et al. 2022 = A.C. Egerton`).

        None when it is written more than once and the places cannot all be
        told apart from the title, or are not written plainly.
        """
        reference = result.reference
        title = result.comparison.get("title") if result.comparison else None
        # A style may glue the name to a year (`2016Gan Y.`): only letters around it make another word.
        places = [(m.start(), m.end()) for m in re.finditer(rf"(?<![^\W\d_]|['’-]){re.escape(old)}(?![^\W\d_]|['’-])", reference.text)]
        if len(places) <= 1:
            return [span]
        if title is None or title.state is not FieldState.FOUND or not title.span:
            return None
        places = [(a, b) for a, b in places if not (title.span[0] <= a < title.span[1])]
        spans = [self.src.verbatim(reference.start + a, reference.start + b) for a, b in places]
        if any(s is None for s in spans) or span not in spans:
            return None
        return spans  # type: ignore[return-value]

    def _year_written_again(self, reference: Reference, old: str) -> bool:
        year = old[:4]
        hidden = [(m.start, m.end) for m in find_dois(reference.text)]
        hidden += [(m.start(), m.end()) for url in find_urls(reference.text) for m in re.finditer(re.escape(url), reference.text)]
        result = self.results.get(reference.id)
        title = result.comparison.get("title") if result and result.comparison else None
        if title is not None and title.state is FieldState.FOUND and title.span:
            hidden.append(title.span)
        # Glued to other digits counts too: a style may print the year again as the volume (`2016281–295`).
        places = [m.start() for m in re.finditer(year, reference.text)
                  if not any(a <= m.start() < b for a, b in hidden)]
        return len(places) > 1

    def _journal(self, result: ReferenceResult, old: str) -> tuple[str | None, str | None]:
        work = result.work
        if work is None or not work.journal:
            return None, "the record names no journal"
        if _ABBREVIATED.search(old.strip()):
            return None, "the entry abbreviates the journal: which abbreviation is meant is a judgement"
        short = self._list_writes_journals_short()
        if short:
            # `Ann Thorac Surg` for `Am J Cardiol`: an abbreviation, and which form of the right one the list
            # uses (NLM, ISO 4, with or without full stops) the record does not say.
            return None, "the list abbreviates its journals: which abbreviation is meant is a judgement"
        name = work.journal if short is False else None
        if not name:
            return None, "how this list writes journal names (full or abbreviated) is not clear"
        if name.isupper() and not old.isupper():
            return None, "the record writes the journal in capitals"
        return name, None

    def _list_writes_journals_short(self) -> bool | None:
        """Whether the other entries write journals abbreviated (True), in full (False), or it is unclear (None)."""
        short = full = 0
        for result in self.results.values():
            compared = result.comparison.get("journal") if result.comparison else None
            if compared is None or compared.state is not FieldState.FOUND:
                continue
            if compared.note in (None,):
                full += 1
            elif compared.note in ("short title", "ISO 4 abbreviation", "abbreviated"):
                short += 1
        if short and not full:
            return True
        if full and not short:
            return False
        return None

    # ------------------------------------------------------------ in-text citations

    def _following_citations(self, reference: Reference, field: str, old: str, new: str) -> list[Edit] | None:
        """Edits keeping the in-text citations that agreed with the entry in agreement once it changes."""
        if field not in ("year", "author"):
            return []
        edits: list[Edit] = []
        for citation in self.citations:
            if citation.references != (reference.id,) or citation.kind == "numeric":
                continue
            if field == "year":
                if citation.year_mismatch is not None or citation.year is None or str(citation.year) != old[:4]:
                    continue
                found = self._citation_edits(citation, str(citation.year), new[:4])
            else:
                if not citation.authors or family_key(citation.authors[0]) != family_key(old):
                    continue
                found = self._citation_edits(citation, citation.authors[0], new)
            if found is None:
                return None
            edits.extend(found)
        return edits

    def citation_year_fix(self, finding: Finding, result: ReferenceResult) -> Fix:
        reference = result.reference
        written = finding.cited or ""
        target, year_fix = self._confirmed_year(result)
        if target is None:
            return manual(f"make the year in the text agree with the list ({reference.year})",
                          "the list's year is not confirmed by a record")
        wanted = f"year in the text {written[:4]} → {target}"
        if written[:4] == target and year_fix is not None:
            return year_fix  # the entry itself changes to the year the text gives
        citations = [c for c in self.citations if c.references and c.references[0] == reference.id
                     and c.year_mismatch is not None and str(c.year_mismatch) == written[:4]
                     and c.line == finding.line and (finding.sentence is None or c.sentence == finding.sentence)]
        if not citations:
            return manual(wanted, "where the citation is written is not known")
        edits = self._citation_edits(citations[0], written[:4], target)
        if edits is None:
            return manual(wanted, "the citation's year is not written plainly in the source")
        if year_fix is not None:
            edits = list(year_fix.edits) + edits
        return safe(wanted, edits)

    def _confirmed_year(self, result: ReferenceResult) -> tuple[str | None, Fix | None]:
        """The entry's year as the record confirms it (after its own fix), and that fix when there is one."""
        compared = result.comparison.get("year") if result.comparison else None
        if compared is None or result.comparison.identity is not Identity.SAME:
            return None, None
        if compared.state is FieldState.FOUND and result.reference.year:
            return str(result.reference.year), None
        if compared.state is FieldState.CONFLICTING:
            fix = self.field_fix(result, "year")
            if fix.safe:
                return fix.edits[0].new[:4], fix
        return None, None

    def _citation_edits(self, citation: Citation, old: str, new: str) -> list[Edit] | None:
        """Edits writing `new` for `old` in every place this citation is written; None when not certain."""
        places = self._citation_places(citation)
        if not places:
            return None
        edits = []
        pattern = re.compile(rf"(?<![\w]){re.escape(old)}(?![\w])" if old.isdigit() else rf"(?<![\w]){re.escape(old)}(?![\w'’-])")
        for start, end in places:
            hits = list(pattern.finditer(self.src.document.text, start, end))
            if len(hits) != 1:
                return None
            edit = self.src.edit(hits[0].start(), hits[0].end(), new)
            if edit is None:
                return None
            edits.append(edit)
        return edits

    def _citation_places(self, citation: Citation) -> list[tuple[int, int]]:
        """Where a citation is written in `Document.text` (every copy of it on its line)."""
        text = self.src.document.text
        if citation.start is not None and citation.end is not None:
            return [(citation.start, citation.end)]
        document = self.src.document
        words = citation.text.split()
        if not words:
            return []
        pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w])")
        places = []
        offset = 0
        for number, line in enumerate(text.split("\n"), start=1):
            if document.source_line(number) == citation.line:
                places.extend((offset + m.start(), offset + m.end()) for m in pattern.finditer(line))
            offset += len(line) + 1
        same = [c for c in self.citations if c.text == citation.text and c.line == citation.line]
        return places if len(places) == len(same) else []

    # ------------------------------------------------------------ DOIs

    def _region(self, reference: Reference) -> tuple[int, int] | None:
        return dois.entry_region(self.src, reference, self.references)

    def added_doi_fix(self, result: ReferenceResult) -> Fix | None:
        suggestion = result.suggestion
        if suggestion is None:
            return None
        wanted = f"add the DOI {suggestion.doi}"
        comparison = result.comparison
        if comparison is None or comparison.identity is not Identity.SAME:
            return manual(wanted, "the suggested DOI's record was not confirmed against the entry")
        written = dois.written_as_doi(result.reference)
        if written is not None:
            # The entry writes something as a DOI that is not one (`doi.org/7717/…`): correct that, or leave it.
            region = self._region(result.reference)
            repaired = dois.repaired_form(written)
            edits = dois.repair_edits(self.src, region, written, repaired) if region and repaired else None
            if repaired and repaired.lower() == suggestion.doi and edits:
                return safe(f"DOI {written} → {repaired}", edits)
            return manual(wanted, f"the entry already writes \"{written}\" as its DOI: correct that rather than add another")
        if dois.mentions_doi(result.reference):
            return manual(wanted, "the entry already mentions a DOI: correct that rather than add another")
        registered = str(result.work.raw.get("DOI")) if result.work and result.work.raw.get("DOI") else None
        edit = dois.insertion_edit(self.src, result.reference, self.references, suggestion.doi, registered)
        if isinstance(edit, str):
            return manual(wanted, edit)
        return safe(wanted, [edit])

    def repaired_doi_fix(self, result: ReferenceResult) -> Fix | None:
        reference = result.reference
        region = self._region(reference)
        repaired = self.repairs.get(reference.id)
        written = reference.malformed_doi if not reference.doi else reference.doi
        if repaired and written:
            wanted = f"DOI {written} → {repaired}"
            edits = dois.repair_edits(self.src, region, written, repaired) if region else None
            if not edits:
                return manual(wanted, "the DOI is not written plainly in the source")
            return safe(wanted, edits)
        if reference.doi and dois.dashed(self.src, region, reference.doi):
            wanted = f"write the DOI {reference.doi} with hyphens"
            answer = result.resolution
            if answer is None or answer.work is None or result.comparison is None or result.comparison.identity is not Identity.SAME:
                return manual(wanted, "the DOI read with hyphens is not confirmed as the cited work")
            return safe(wanted, dois.dashed(self.src, region, reference.doi))
        if reference.doi:
            edits = dois.form_fault_edits(self.src, reference, self.references)
            if edits:
                return safe(f"write the DOI {reference.doi} so that it can be followed", edits)
            if edits is None:
                return manual(f"write the DOI {reference.doi} as doi:{reference.doi}",
                              "the DOI is not written plainly in the source")
        return manual("copy the complete DOI from the publisher's page",
                      "no registered DOI that is the cited work was found from the one written")

    def replaced_doi_fix(self, result: ReferenceResult) -> Fix:
        reference, suggestion = result.reference, result.suggestion
        if suggestion is None or not reference.doi:
            return manual("find the cited work's DOI and replace the one in the entry",
                          "the DOI belongs to another work and no validated DOI of the cited one was found")
        wanted = f"DOI {reference.doi} → {suggestion.doi}"
        region = self._region(reference)
        edits = dois.replacement_edits(self.src, region, reference.doi, suggestion.doi) if region else None
        if not edits:
            return manual(wanted, "the DOI is not written plainly in the source")
        return Fix(wanted, _in_order(edits), applicability=UNSAFE,
                   reason="replaces a DOI with another work's: check it is the paper you cite, then run with --unsafe")
