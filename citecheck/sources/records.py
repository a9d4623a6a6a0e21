"""Turn a Crossref `message` (or a CSL JSON item) into a normalised `Work`.

Crossref fields are mostly optional and titles are arrays that may carry inline
markup (`<i>`, `<sub>`) and runs of whitespace; dates are `date-parts` lists
with month and day optional. This module is the one place that knows those
shapes, shared by the API client, the cache, the snapshot index and the rule
examples, so that a record reads the same whichever way it arrived.
"""

from __future__ import annotations

import html
import re
from typing import Any, Mapping

from citecheck.model import Work
from citecheck.text.identifiers import doi_key

_TAG = re.compile(r"<[^<>]{0,200}>")
_SPACE = re.compile(r"\s+")


def plain_text(value: str | None) -> str | None:
    """Strip inline markup and entities, fold whitespace; None for empty text."""
    if not value:
        return None
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    # Markup between words ("<i>in vivo</i>-derived") leaves a space before
    # punctuation; close it again.
    text = re.sub(r" ([,.;:!?)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    return text or None


def _first(values: Any) -> str | None:
    if isinstance(values, str):
        return plain_text(values)
    if isinstance(values, list):
        for value in values:
            if isinstance(value, str) and value.strip():
                return plain_text(value)
    return None


def _year(date: Any) -> int | None:
    """The year of a Crossref date object, or None when absent or nonsensical."""
    if not isinstance(date, Mapping):
        return None
    parts = date.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    first = parts[0]
    if not first or first[0] is None:
        return None
    try:
        year = int(first[0])
    except (TypeError, ValueError):
        return None
    return year if 1000 <= year <= 2999 else None


def _family_names(authors: Any) -> tuple[str, ...]:
    names: list[str] = []
    if not isinstance(authors, list):
        return ()
    for author in authors:
        if not isinstance(author, Mapping):
            continue
        name = author.get("family") or author.get("name") or author.get("literal")
        if isinstance(name, str) and name.strip():
            names.append(_SPACE.sub(" ", name).strip())
    return tuple(names)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def work_from_message(message: Mapping[str, Any], agency: str = "crossref") -> Work:
    """Normalise one Crossref work `message`.

    Raises ValueError when the message has no DOI: such an answer makes no
    sense for a DOI lookup and the caller reports it as unverified.
    """
    doi = message.get("DOI")
    if not isinstance(doi, str) or not doi.strip():
        raise ValueError("Crossref record without a DOI")
    issued = _year(message.get("issued")) or _year(message.get("published"))
    return Work(
        doi=doi_key(doi),
        title=_first(message.get("title")),
        subtitle=_first(message.get("subtitle")),
        journal=_first(message.get("container-title")),
        short_journals=tuple(
            t for t in (plain_text(s) for s in message.get("short-container-title") or [] if isinstance(s, str)) if t
        ),
        year=issued,
        print_year=_year(message.get("published-print")),
        online_year=_year(message.get("published-online")),
        volume=_text(message.get("volume")),
        issue=_text(message.get("issue")),
        pages=_text(message.get("page")),
        article_number=_text(message.get("article-number")),
        authors=_family_names(message.get("author")) or _family_names(message.get("editor")),
        type=_text(message.get("type")),
        abstract=plain_text(message.get("abstract")) if isinstance(message.get("abstract"), str) else None,
        agency=agency,
        indexed=(message.get("indexed") or {}).get("date-time") if isinstance(message.get("indexed"), Mapping) else None,
        raw=dict(message),
    )


def work_from_csl(item: Mapping[str, Any], agency: str) -> Work:
    """Normalise a CSL JSON item (doi.org content negotiation, other agencies)."""
    doi = item.get("DOI") or item.get("doi")
    if not isinstance(doi, str) or not doi.strip():
        raise ValueError("CSL record without a DOI")
    return Work(
        doi=doi_key(doi),
        title=_first(item.get("title")),
        journal=_first(item.get("container-title")),
        short_journals=tuple(t for t in [_first(item.get("container-title-short"))] if t),
        year=_year(item.get("issued")),
        print_year=_year(item.get("published-print")),
        online_year=_year(item.get("published-online")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=_text(item.get("page")),
        article_number=_text(item.get("article-number") or item.get("number")),
        authors=_family_names(item.get("author")),
        type=_text(item.get("type")),
        abstract=plain_text(item.get("abstract")) if isinstance(item.get("abstract"), str) else None,
        agency=agency,
        raw=dict(item),
    )
