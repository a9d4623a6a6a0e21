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

import importlib
from dataclasses import replace
from types import ModuleType

from citecheck.extract.references import find_references, reference_text_lines
from citecheck.model import Document, Extraction

__all__ = ["extract", "reference_text_lines"]


def _optional(module: str) -> ModuleType | None:
    """Import an extraction step that may not be installed yet.

    Only the absence of the module itself is tolerated; an ImportError raised
    from inside it is a real bug and propagates.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name == module:
            return None
        raise


def _without_directives(document: Document, suppression_module: ModuleType | None) -> Document:
    """The document with `citecheck: ignore[...]` comments blanked out.

    A directive line inside a reference list ("# citecheck: ignore[CC201] the
    print year differs") is not part of the entry under it. Blanking keeps every
    line and column where it was, so line numbers are unchanged.
    """
    blank = getattr(suppression_module, "blank_directives", None)
    if blank is None:
        return document
    text = blank(document.text, document.format)
    return document if text == document.text else replace(document, text=text)


def extract(document: Document) -> Extraction:
    """Find references, in-text citations, claims and suppressions in `document`."""
    suppression_module = _optional("citecheck.extract.suppressions")
    references = find_references(_without_directives(document, suppression_module))
    citations: tuple = ()
    claims: tuple = ()
    suppressions: tuple = ()
    citation_module = _optional("citecheck.extract.citations")
    if citation_module is not None:
        citations = tuple(citation_module.find_citations(document, references))
    claim_module = _optional("citecheck.extract.claims")
    if claim_module is not None:
        claims = tuple(claim_module.find_claims(document, citations))
    if suppression_module is not None:
        suppressions = tuple(suppression_module.find_suppressions(document))
    return Extraction(
        document=document,
        references=references,
        citations=citations,
        claims=claims,
        suppressions=suppressions,
    )
