"""Run every extraction step on one Document: references, citations, claims, suppressions.

The reference list is found first because the other steps depend on it: the
citation finder links citations to its entries and must not read the list's
own lines as citations, and the claim finder needs the citations to tell
supported claims from bare ones. Links in the prose to a DOI, PubMed or PMC
that the list does not hold become references of their own, after the list's.
Suppression comments are blanked out before the references are read, so that
a directive written above an entry does not become part of it. Nothing here
touches the network.
"""

from __future__ import annotations

from dataclasses import replace

from citecheck.extract.cite_find import find_citations
from citecheck.extract.claims import find_claims
from citecheck.extract.inline_links import link_references
from citecheck.extract.reflist import find_references
from citecheck.extract.suppressions import blank_directives, find_suppressions
from citecheck.model import Document, Extraction

__all__ = ["extract"]


def _without_directives(document: Document) -> Document:
    """The document with `citecheck: ignore[...]` comments blanked out.

    A directive line inside a reference list ("# citecheck: ignore[CC201] the
    print year differs") is not part of the entry under it. Blanking keeps every
    line and column where it was, so offsets and line numbers are unchanged.
    """
    text = blank_directives(document.text, document.format)
    return document if text == document.text else replace(document, text=text)


def extract(document: Document) -> Extraction:
    """Find references, in-text citations, claims and suppressions in `document`."""
    readable = _without_directives(document)
    listed = find_references(readable)
    references = listed + link_references(readable, listed)
    citations = find_citations(readable, references)
    claims = tuple(find_claims(readable, citations, references))
    return Extraction(
        document=document,
        references=references,
        citations=citations,
        claims=claims,
        suppressions=tuple(find_suppressions(document)),
    )
