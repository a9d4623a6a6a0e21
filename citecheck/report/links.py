"""Links to the papers: `https://doi.org/...` URLs that no DOI can break out of.

A DOI comes from the article, so it is untrusted: its characters are
percent-encoded (RFC 3986) except the few a DOI URL keeps as they are, so no
quote, angle bracket, space or control character can end a link early in
HTML or Markdown, or an OSC 8 hyperlink in a terminal.
"""

from __future__ import annotations

from urllib.parse import quote

from citecheck.text.identifiers import DOI_SHAPE

DOI_RESOLVER = "https://doi.org/"
_SAFE = "/:;._-~"  # parentheses encoded too: an unbalanced one would end a Markdown link


def doi_url(doi: str) -> str:
    """`10.1111/1753-0407.13323` -> `https://doi.org/10.1111/1753-0407.13323`."""
    return DOI_RESOLVER + quote(doi.strip(), safe=_SAFE)


def looks_like_doi(text: str | None) -> bool:
    """A suggestion that is a bare DOI (`10.` prefix, a slash, no space)."""
    return bool(text) and DOI_SHAPE.match(text) is not None and not any(c.isspace() for c in text)
