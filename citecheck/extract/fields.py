"""Read the fields of one reference entry with the learned tagger: `read_entry(text) -> EntryFields`.

The entry is cut into tokens (`tokens.py`), each token described by features
(`features.py`), and a conditional random field labels every token
(`tagger.py`): author, year, title, journal, volume, issue, pages, doi, url,
pmid, pmcid, editor, publisher, location or other. Runs of one label are the
entry's fields, each with its exact character span and a confidence: the
lowest probability the model gives to a token of the run. A second small
model reads the author list, token by token, as family names, given names
and the words between; each run of family-name tokens is one author.

Identifiers are exact, so rules read them (`citecheck.text.identifiers`):
the DOI, PMID, PMCID and URL values come from those rules, and their tokens
take the identifier's label whatever the model said.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from citecheck.extract.features import entry_features, name_features
from citecheck.extract.tagger import label_entry, label_names
from citecheck.extract.tokens import MAX_ENTRY, Token, tokenize
from citecheck.model import FieldSpan
from citecheck.text.identifiers import find_dois, find_malformed_dois, find_pmcid, find_pmid, find_urls

__all__ = ["EntryFields", "read_entry"]

_EDGE = ".,;:([{\"'“”‘’«»*_-–—/"
_CLOSERS = {")": "(", "]": "["}
_ET_AL = re.compile(r"\b(?:et\.?\s{0,3}al\b\.?|and\s(?:\d{1,3}\s)?others|u\.\s?a\.|et\scoll\.)", re.IGNORECASE)
_NO_DATE = re.compile(r"n\.?\s?d\.?|nd|no date|undated", re.IGNORECASE)
_YEAR = re.compile(r"((?:1[6-9]|20)\d\d)([a-z])?")
_DASHES = re.compile(r"\s{0,3}[-\u2010-\u2014\u2212]{1,2}\s{0,3}")
_EMPHASIS = "*_"


@dataclass(frozen=True)
class EntryFields:
    """What the reader found in one entry: the fields of `model.Reference`, and where they are.

    `spans` holds a `FieldSpan(label, start, end, confidence)` per field read,
    with `start`/`end` offsets into the very text given to `read_entry`.
    """

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
    spans: tuple[FieldSpan, ...] = ()

    def reference_fields(self) -> dict[str, object]:
        """The keyword arguments of `model.Reference` this reading fills (spans included)."""
        values = asdict(self)
        values["spans"] = self.spans
        return values

    def spans_of(self, label: str) -> tuple[FieldSpan, ...]:
        return tuple(span for span in self.spans if span.label == label)


# ------------------------------------------------------------------ labelling


def _identifier_labels(text: str, tokens: list[Token], labels: list[str], confidence: list[float]) -> None:
    """Give identifier tokens their label, as the rules read them."""
    for index, token in enumerate(tokens):
        if token.kind == "doi" or token.kind == "url" and find_dois(token.text):
            labels[index], confidence[index] = "doi", 1.0
        elif token.kind == "url":
            labels[index], confidence[index] = "url", 1.0
        elif labels[index] in ("doi", "url"):
            labels[index] = "other"  # "doi", ":" and link words around an identifier
    for label, value in (("pmid", find_pmid(text)), ("pmcid", find_pmcid(text))):
        for index, token in enumerate(tokens):
            digits = token.text.removeprefix("PMC")
            if value and token.text.isalnum() and digits and value.endswith(digits.lstrip("0") or "0"):
                labels[index], confidence[index] = label, 1.0
                break
        else:
            for index, current in enumerate(labels):
                if current == label:
                    labels[index] = "other"


_NUMERIC = frozenset({"volume", "issue", "pages"})
_ROMAN = re.compile(r"[IVXLC]{1,6}|[ivxlc]{1,6}")


def _numbered(text: str) -> bool:
    return any(c.isdigit() for c in text) or bool(_ROMAN.fullmatch(text))


def _runs(tokens: list[Token], labels: list[str], confidence: list[float]) -> list[tuple[str, int, int, float]]:
    """Runs of one label as (label, first token, last token, confidence), edge punctuation left out."""
    runs = []
    index = 0
    while index < len(tokens):
        last = index
        while last + 1 < len(tokens) and labels[last + 1] == labels[index]:
            last += 1
        label, first, end = labels[index], index, last
        if label != "other":
            while first <= end and tokens[first].kind == "word" and tokens[first].text in _EDGE:
                first += 1
            while end >= first and tokens[end].kind == "word" and (
                tokens[end].text in _EDGE or tokens[end].text in _CLOSERS
                and _CLOSERS[tokens[end].text] not in {t.text for t in tokens[first:end]}
            ):
                end -= 1
            if label in _NUMERIC:
                # A volume, issue or page run starts and ends with a number ("e100", "S1", "XIV").
                while first <= end and not _numbered(tokens[first].text):
                    first += 1
                while end >= first and not _numbered(tokens[end].text):
                    end -= 1
            if first <= end:
                runs.append((label, first, end, min(confidence[first : end + 1])))
        index = last + 1
    return runs


# --------------------------------------------------------------------- values


def _squash(value: str) -> str:
    return " ".join(value.split())


def _family_names(text: str, start: int, end: int) -> tuple[str, ...]:
    """Family names in the author list `text[start:end]`, in order."""
    tokens = tokenize(text[start:end])
    if not tokens:
        return ()
    labels = label_names(name_features(tokens))
    names = []
    index = 0
    while index < len(tokens):
        if labels[index] != "family":
            index += 1
            continue
        last = index
        while last + 1 < len(tokens) and (
            labels[last + 1] == "family"
            # "Pérez-Higueras": a glued joiner between two family tokens
            or last + 2 < len(tokens) and labels[last + 2] == "family" and tokens[last + 1].text in "-'’"
            and not tokens[last + 1].space_before and not tokens[last + 2].space_before
        ):
            last += 1
        name = text[start + tokens[index].start : start + tokens[last].end]
        names.append(_squash(name).strip(_EDGE))
        index = last + 1
    names = [name for name in names if name]
    if not names:
        whole = _squash(text[start:end]).strip(_EDGE)
        whole = _ET_AL.sub("", whole).strip(" ,;&" + _EDGE)
        return (whole,) if whole else ()
    return tuple(names)


def _numbers(value: str) -> str:
    return _DASHES.sub("-", _squash(value)).strip(_EDGE + " ")


def read_entry(text: str) -> EntryFields:
    """Read one reference entry (its text without the list marker)."""
    tokens = tokenize(text)
    if not tokens:
        return EntryFields()
    window = text[:MAX_ENTRY]
    labels, confidence = label_entry(entry_features(tokens))
    _identifier_labels(window, tokens, labels, confidence)
    runs = _runs(tokens, labels, confidence)
    spans = tuple(FieldSpan(label, tokens[first].start, tokens[last].end, round(score, 4)) for label, first, last, score in runs)
    first_of: dict[str, FieldSpan] = {}
    for span in spans:
        first_of.setdefault(span.label, span)

    values: dict[str, object] = {}
    author = first_of.get("author")
    if author is not None:
        # The author list: from the first author run to the last one that
        # follows it with only punctuation or "and" between.
        end = author.end
        for span in spans:
            if span.label == "author" and span.start >= end and not re.search(r"[^\W_]", _ET_AL.sub("", text[end : span.start]).replace("and", "")):
                end = span.end
        values["authors"] = _family_names(window, author.start, end)
        values["et_al"] = bool(_ET_AL.search(window, author.start, min(len(window), end + 12)))
    year = first_of.get("year")
    if year is not None:
        written = window[year.start : year.end]
        match = _YEAR.search(written)
        if match:
            values["year"] = int(match.group(1))
            values["year_suffix"] = match.group(2)
        elif _NO_DATE.fullmatch(written.strip(_EDGE + ")")):
            values["no_date"] = True
    for label in ("title", "journal"):
        span = first_of.get(label)
        if span is not None:
            value = _squash(window[span.start : span.end]).strip(_EMPHASIS + " ")
            values[label] = value or None
    for label in ("volume", "issue", "pages"):
        span = first_of.get(label)
        if span is not None:
            values[label] = _numbers(window[span.start : span.end]) or None

    dois = find_dois(window)
    if not dois and "\n" in window:
        # A DOI broken over two lines ("10.1016/j.lfs.\n2022.120961") reads whole when joined.
        dois = find_dois(re.sub(r"(?<=[./_-])\n(?=[a-z0-9])", "", window))
    values["doi"] = dois[0].doi if dois else None
    if not dois:
        malformed = find_malformed_dois(_squash(window))
        values["malformed_doi"] = malformed[0] if malformed else None
    values["pmid"] = find_pmid(window)
    values["pmcid"] = find_pmcid(window)
    urls = find_urls(window)
    values["url"] = urls[0] if urls else None
    return EntryFields(spans=spans, **values)
