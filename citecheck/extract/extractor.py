"""Run every extraction step on one Document: references, citations, claims, suppressions.

The reference list is found first because the other steps depend on it: the
citation finder links citations to references and must not read the list's
own lines as citations (`reference_text_lines` gives the lines to skip), and
the claim finder needs the citations to tell supported claims from bare ones.
Suppression comments are blanked out before the references are read, so that
a directive written above an entry does not become part of it. Nothing here
touches the network.
"""

from __future__ import annotations

from dataclasses import replace

from citecheck.extract.citations import find_citations
from citecheck.extract.claims import find_claims
from citecheck.extract.references import find_references, reference_text_lines
from citecheck.extract.suppressions import blank_directives, find_suppressions
from citecheck.model import Document, Extraction

__all__ = ["extract", "reference_text_lines"]


def _without_directives(document: Document) -> Document:
    """The document with `citecheck: ignore[...]` comments blanked out.

    A directive line inside a reference list ("# citecheck: ignore[CC201] the
    print year differs") is not part of the entry under it. Blanking keeps every
    line and column where it was, so line numbers are unchanged.
    """
    text = blank_directives(document.text, document.format)
    return document if text == document.text else replace(document, text=text)


def extract(document: Document) -> Extraction:
    """Find references, in-text citations, claims and suppressions in `document`."""
    readable = _without_directives(document)
    references = find_references(readable)
    citations = tuple(find_citations(readable, references))
    claims = tuple(find_claims(readable, citations, references))
    return Extraction(
        document=document,
        references=references,
        citations=citations,
        claims=claims,
        suppressions=tuple(find_suppressions(document)),
    )
