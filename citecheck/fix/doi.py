"""DOI edits: a DOI added the way the list writes its DOIs, replaced, or repaired.

- **Added** (an entry without a DOI, with a validated suggestion): copied
  from how the other entries of the file write theirs, markup included
  (`https://doi.org/…`, `doi:…`, a Markdown or HTML link), after the entry's
  last character and its closing markup; `https://doi.org/…` when no entry has
  one.
- **Replaced** (the DOI of another work): every place the entry writes it,
  link targets included, in the case the entry writes it.
- **Repaired** (a malformed DOI whose correct form is certain): the written
  form is corrected where it stands: dashes that are not hyphens, spaces
  around the slash, a prefix without its `10.`, `doi:doi.org/…`, a full stop
  ending a link target.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from citecheck.fix.source import SourceText
from citecheck.fix.style import doi_text
from citecheck.model import Edit, InputFormat, Reference
from citecheck.text.identifiers import find_doi_form_faults, find_dois, normalise_doi, written_with_dashes

_NOT_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_RESOLVER = r"(?:https?://)?(?:dx\.)?doi\.org/"
# What a list writes before a DOI: a label, an opening bracket, a resolver or `doi:`.
_EXPRESSION = re.compile(
    r"(?:\b(?:available\s+(?:at|from)|retrieved\s+from|en\s+ligne|online|url)\s*:?\s*)?[<(\[]?\s*"
    rf"(?:{_RESOLVER}|\bdoi\s?:\s?|\bDOI\s?:?\s?)?$",
    re.IGNORECASE,
)
_MENTIONS_DOI = re.compile(r"\bdoi\b", re.IGNORECASE)

# What may close an entry's last word in the source: emphasis, a link's target, inline HTML.
_CLOSING = {
    InputFormat.MARKDOWN: re.compile(r"(?:\*{1,3}|_{1,3}|`|\]\([^()\s]{0,2000}\)|\])*"),
    InputFormat.HTML: re.compile(r"(?:</(?:a|i|em|b|strong|span|cite|u|small|sup|sub|font)\s*>)*", re.IGNORECASE),
    InputFormat.TEXT: re.compile(r""),
}
# What may follow the end of an entry, for text to be added there.
_AFTER_ENTRY = {
    InputFormat.MARKDOWN: re.compile(r"[ \t]*(?:\n|$)"),
    InputFormat.HTML: re.compile(r"\s*(?:</(?:li|p|div|dd|td|blockquote|body|html)\s*>|<br\s*/?>|\n|$)", re.IGNORECASE),
    InputFormat.TEXT: re.compile(r"[ \t]*(?:\n|$)"),
}


# ------------------------------------------------------------------ where an entry is written


_RENDERED_TARGET = re.compile(r"\s?<[^<>\s]{1,2000}>$")


def _after(src: SourceText, end: int) -> int | None:
    """The source offset after text offset `end`'s character and the markup closing it."""
    last = src.verbatim(end - 1, end)
    if last is None:
        return None
    return _CLOSING[src.document.format].match(src.source, last[1]).end()


def _body_end(src: SourceText, reference: Reference) -> int | None:
    """The text offset after the entry's last written character (a link target the reader showed as `<url>` is not)."""
    if reference.start is None:
        return None
    body = reference.text.rstrip()
    if src.document.format is not InputFormat.TEXT:
        target = _RENDERED_TARGET.search(body)
        if target and src.verbatim(reference.start + len(body) - 1, reference.start + len(body)) is None:
            body = body[:target.start()].rstrip()
    return reference.start + len(body) if body else None


def entry_end(src: SourceText, reference: Reference) -> tuple[int, int] | None:
    """(text offset after the entry's last character, source offset after its closing markup), when text may follow there."""
    end = _body_end(src, reference)
    point = _after(src, end) if end is not None else None
    if point is None or not _AFTER_ENTRY[src.document.format].match(src.source, point):
        return None
    return end, point


def entry_region(src: SourceText, reference: Reference, references: list[Reference]) -> tuple[int, int] | None:
    """The source piece an entry is written in, markup and link targets included.

    From the start of its first line (or the end of the entry before it on
    that line) to the end of its last line (or the start of the entry after it).
    """
    if reference.start is None:
        return None
    extent = src.extent(reference.start, reference.start + len(reference.text.rstrip()))
    if extent is None:
        return None
    left, right = src.line_start(extent[0]), src.line_end(max(extent[1] - 1, extent[0]))
    for other in references:
        if other is reference or other.start is None:
            continue
        other_extent = src.extent(other.start, other.start + max(len(other.text.rstrip()), 1))
        if other_extent is None:
            continue
        if other_extent[1] <= extent[0]:
            left = max(left, other_extent[1])
        elif other_extent[0] >= extent[1]:
            right = min(right, other_extent[0])
    return left, right


# ------------------------------------------------------------------ replaced


def _written(src: SourceText, region: tuple[int, int], doi: str) -> list[tuple[int, int]]:
    """Every place the region writes `doi` (any case), as a whole: in the text, in a link's target."""
    left, right = region
    pattern = re.compile(rf"(?<![\w.-]){re.escape(doi)}(?![\w/-]|[.;:][\w(])", re.IGNORECASE)
    return [(left + m.start(), left + m.end()) for m in pattern.finditer(src.source[left:right])]


def replacement_edits(src: SourceText, region: tuple[int, int], old: str, new: str) -> list[Edit] | None:
    """Edits writing `new` wherever the region writes the DOI `old`, each in its case; None when not possible."""
    places = _written(src, region, old)
    if not places:
        return None
    return [src.source_edit(a, b, doi_text(new, src.source[a:b])) for a, b in places]


# ------------------------------------------------------------------ repaired


def repaired_form(written: str) -> str | None:
    """The written DOI with its certain faults corrected, or None when nothing certain applies.

    Dashes other than the hyphen become hyphens, spaces around the slash go,
    a registrant prefix written without its `10.` gets it back.
    """
    text = written.strip()
    fixed = text.translate({ord(c): "-" for c in _NOT_HYPHENS})
    fixed = re.sub(r"\s*/\s*", "/", fixed, count=1)
    if re.match(r"^\d{4,9}/", fixed):
        fixed = "10." + fixed
    if fixed == text or " " in fixed:
        return None
    canonical = normalise_doi(fixed)
    if canonical is None or canonical != fixed.lower():
        return None
    return fixed


_WRITTEN_AS_DOI = re.compile(r"(?:doi\.org/|\bdoi\s?:\s?)(?P<body>[^\s<>\"]{2,300})", re.IGNORECASE)


def written_as_doi(reference: Reference) -> str | None:
    """What an entry without a DOI writes where a DOI goes (`doi.org/7717/…`, `doi: 1016/j.…`), or None."""
    match = _WRITTEN_AS_DOI.search(reference.text)
    if match is None:
        return None
    return match.group("body").rstrip(".,;:)]>") or None


def dashed(src: SourceText, region: tuple[int, int] | None, doi: str) -> list[Edit]:
    """Edits writing hyphens for the other dashes in each place the region writes `doi` with one."""
    if region is None:
        return []
    left, right = region
    chunk = src.source[left:right]
    return [
        src.source_edit(left + a, left + b, chunk[a:b].translate({ord(c): "-" for c in _NOT_HYPHENS}))
        for a, b in written_with_dashes(chunk, doi)
    ]


def repair_edits(src: SourceText, region: tuple[int, int], written: str, repaired: str) -> list[Edit] | None:
    """Edits correcting each place the region writes `written` (any case) to its repaired form."""
    left, right = region
    chunk = src.source[left:right]
    places = [m.start() for m in re.finditer(re.escape(written), chunk, re.IGNORECASE)]
    if not places:
        return None
    edits = []
    for at in places:
        before = chunk[at:at + len(written)]
        after = repaired_form(before)
        if after is None or after.lower() != repaired.lower():
            return None
        edits.append(src.source_edit(left + at, left + at + len(written), after))
    return edits


def form_fault_edits(src: SourceText, reference: Reference, references: list[Reference]) -> list[Edit] | None:
    """Correct a valid DOI written so that it cannot be followed; None when it is not written plainly.

    A full stop ending a link's target goes. Of `doi:` and a resolver written
    together (`doi:doi.org/10.…`), the one the file's other DOIs do not use
    goes: `doi.org/10.…` in a list of doi.org addresses, `doi:10.…` otherwise.
    """
    region = entry_region(src, reference, references)
    if reference.start is None or region is None or not reference.doi:
        return None
    addresses = _writes_addresses(src, reference, references)
    edits = []
    for fault in find_doi_form_faults(reference.text):
        if fault.kind == "target-full-stop":
            continue  # corrected in the link's target itself, below
        start, end = fault.start, fault.end
        if addresses:
            label = re.search(r"doi:$", reference.text[:start], re.IGNORECASE)
            if label is None:
                return None
            start, end = label.start(), fault.start
        edit = src.edit(reference.start + start, reference.start + end, "")
        if edit is None:
            return None
        edits.append(edit)
    if any(fault.kind == "target-full-stop" for fault in find_doi_form_faults(reference.text)):
        # The target as the source writes it: `](https://doi.org/10.….)`, `href="…."`, `<https://…./>`.
        left, right = region
        stops = re.compile(rf"{_RESOLVER}{re.escape(reference.doi)}(?P<stop>\.)(?=[)\"'>])", re.IGNORECASE)
        found = [src.source_edit(left + m.start("stop"), left + m.end("stop"), "") for m in stops.finditer(src.source[left:right])]
        if not found:
            return None
        edits.extend(found)
    return edits


def _writes_addresses(src: SourceText, reference: Reference, references: list[Reference]) -> bool:
    """Whether the file's other entries write their DOIs as doi.org addresses rather than `doi:` labels."""
    addresses = labels = 0
    for other in references:
        if other is reference or not other.doi:
            continue
        for match in find_dois(other.text):
            head = other.text[max(0, match.start - 30):match.start]
            if re.search(rf"{_RESOLVER}$", head, re.IGNORECASE):
                addresses += 1
            elif re.search(r"\bdoi\s?:?\s?$", head, re.IGNORECASE):
                labels += 1
            break
    return addresses > labels


# ------------------------------------------------------------------ added


@dataclass(frozen=True)
class Template:
    """How a file writes a DOI after an entry: the punctuation ending the entry before it, and the text after it."""

    stop: str  # the punctuation the entry ends with before the DOI ("." or "")
    parts: tuple[str, ...]  # the source after that punctuation, split where the DOI is written
    cases: tuple[str, ...]  # each DOI as written, for its case

    def render(self, doi: str, case: str | None, registered: str | None) -> str:
        """The template with `doi` in it, in the `case` of an example DOI (None: as registered)."""
        out = [self.parts[0]]
        for part in self.parts[1:]:
            out.append(doi_text(doi, case, registered))
            out.append(part)
        return "".join(out)


def _case(templates: list[Template]) -> str | None:
    """A DOI in the case every other entry writes DOIs in (lower or upper), or None when they differ."""
    written = [case for template in templates for case in template.cases if any(c.isalpha() for c in case)]
    if written and all(case == case.lower() for case in written):
        return "lower"
    if written and all(case == case.upper() for case in written):
        return "UPPER"
    return None


def _template(src: SourceText, reference: Reference, references: list[Reference]) -> Template | None:
    """How `reference` writes its DOI, as a template for another entry (None when it does more than that)."""
    if not reference.doi or reference.start is None:
        return None
    matches = [m for m in find_dois(reference.text) if m.doi == reference.doi]
    if not matches:
        return None
    first = matches[0]
    head = reference.text[:first.start]
    expression = _EXPRESSION.search(head)
    body = head[:expression.start() if expression else len(head)].rstrip()
    rest = reference.text[first.start:]
    # After the DOI, only the same DOI again (a link target shown as <…>) and a full stop.
    leftover = re.sub(re.escape(first.raw), " ", rest, flags=re.IGNORECASE)
    leftover = re.sub(rf"<{_RESOLVER}\s*>|{_RESOLVER}", " ", leftover, flags=re.IGNORECASE)
    if leftover.strip(" .,)>]") or not body or not expression or not expression.group().strip():
        return None
    stop = body[-1] if body[-1] in ".," else ""
    if stop:
        body = body[:-1]
    start = _after(src, reference.start + len(body))
    whole = entry_end(src, reference)
    if start is None or whole is None:
        return None
    end = whole[1]
    written = src.source[start:end]
    if not written.startswith(stop):
        return None
    written = written[len(stop):]
    if "\n" in written:
        return None
    pieces = re.split(rf"({re.escape(reference.doi)})", written, flags=re.IGNORECASE)
    if len(pieces) < 3:
        return None
    return Template(stop, tuple(pieces[0::2]), tuple(pieces[1::2]))


def _default_template() -> Template:
    return Template(".", (" https://doi.org/", ""), ("",))


def insertion_edit(
    src: SourceText, reference: Reference, references: list[Reference], doi: str, registered: str | None
) -> Edit | str:
    """The edit adding `doi` after the entry, written like the file's other DOIs; a reason when it cannot be added."""
    end = entry_end(src, reference)
    if end is None:
        return "the entry's end is not written plainly in the source (markup or an entity around it)"
    templates = [t for t in (_template(src, other, references) for other in references if other is not reference) if t]
    if templates:
        shapes = Counter((t.stop, t.parts) for t in templates)
        chosen = max(templates, key=lambda t: shapes[(t.stop, t.parts)])
    else:
        chosen = _default_template()
    text_end, point = end
    last = src.document.text[text_end - 1]
    last_word = src.document.text[reference.start:text_end].split()[-1]
    added = chosen.render(doi, _case(templates), registered)
    if last == "." and not chosen.stop and added.endswith(".") and src.document.format is InputFormat.TEXT:
        # The list writes `… Physicians doi:10.….`: the DOI goes before the entry's full stop.
        before = src.verbatim(text_end - 1, text_end)
        if before is None:
            return "the entry's end is not written plainly in the source"
        return src.source_edit(before[0], before[0], added[:-1])
    if last in ".,;:" and last != chosen.stop and not (last == "." and not chosen.stop):
        return f"the entry ends with \"{last}\", which the file's other DOIs never follow"
    stop = "" if last == chosen.stop or last in ".,;:" or last_word.lower().startswith(("http", "www.")) else chosen.stop
    return src.source_edit(point, point, stop + added)


def mentions_doi(reference: Reference) -> bool:
    """Whether the entry already says `DOI` somewhere (`DOI-`, `doi: n/a`): adding one would make two."""
    return bool(_MENTIONS_DOI.search(reference.text))
