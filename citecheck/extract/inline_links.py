"""Links in the prose that cite a study: a DOI, doi.org, PubMed, PMC or a publisher's page.

Bloggers cite by linking: `A [2022 study](https://doi.org/10.1111/1753-0407.13323)
found…`, `<a href="https://pubmed.ncbi.nlm.nih.gov/35574600/">a trial</a>`. The
readers (`citecheck.ingest`) show a link's target after its text as `<url>`,
so each such URL in the body text is found here with what identifies the work:

- a DOI anywhere in it (`doi.org/…`, `/doi/10.…` paths, `?doi=` parameters);
- a PubMed ID (`pubmed.ncbi.nlm.nih.gov/123`, `ncbi.nlm.nih.gov/pubmed/123`) or
  a PMC ID (`/pmc/articles/PMC123`);
- a publisher's article page (`lexicon/publisher-hosts.txt`), with a DOI
  derived from its path where the publisher builds its URLs from the DOI
  (`lexicon/publisher-doi-paths.txt`: `nature.com/articles/s41586-…`).

A link with an identifier becomes a reference of its own when the list does
not already hold that work (`citecheck.extract.extractor`), and a citation of
kind "link" either way; a publisher's page without one is a citation that
supports its sentence but names no entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence
from urllib.parse import urlsplit

from citecheck.extract.lexicon import entries, words
from citecheck.model import Document, Reference
from citecheck.text.identifiers import doi_key, find_dois, find_pmid, normalise_doi

__all__ = ["InlineLink", "find_inline_links", "link_references"]

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]{2,2000}", re.IGNORECASE)
_PMC = re.compile(r"/(?:pmc/articles/|articles/)?(PMC\d{4,9})\b", re.IGNORECASE)


@dataclass(frozen=True)
class InlineLink:
    """A link in the body text that points at a study."""

    start: int  # the URL in the text (without the `<` `>` around it)
    end: int
    url: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    publisher: bool = False  # a publisher's article page

    @property
    def identified(self) -> bool:
        return bool(self.doi or self.pmid or self.pmcid)


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else "http://" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _on(host: str, domains: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[index:]) in domains for index in range(len(parts) - 1))


def _derived_doi(url: str, host: str) -> str | None:
    """A DOI a publisher builds its article URLs from (`nature.com/articles/X` is `10.1038/X`)."""
    path = urlsplit(url if "://" in url else "http://" + url).path
    for rule in entries("publisher-doi-paths"):
        domain, prefix, registrant = rule.split()
        if (host == domain or host.endswith("." + domain)) and path.startswith(prefix):
            suffix = path[len(prefix) :].split("/")[0].split("?")[0]
            if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{3,80}", suffix):
                return normalise_doi(f"{registrant}/{suffix}")
    return None


def find_inline_links(text: str, every: bool = False) -> Iterator[InlineLink]:
    """Every URL of `text` that points at a study (with `every`, every URL), in order."""
    if "http" not in text and "www." not in text:
        return
    publishers = words("publisher-hosts")
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(".,;:)>]'\"")
        start = match.start()
        host = _host(url)
        if not host:
            continue
        dois = find_dois(url)
        doi = dois[0].doi if dois else None
        pmid = find_pmid(url)
        pmc = _PMC.search(url) if "pmc" in url.lower() else None
        publisher = _on(host, publishers)
        if doi is None and publisher:
            doi = _derived_doi(url, host)
        if not (every or doi or pmid or pmc or publisher):
            continue
        yield InlineLink(
            start=start,
            end=start + len(url),
            url=url,
            doi=doi,
            pmid=pmid,
            pmcid=pmc.group(1).upper() if pmc else None,
            publisher=publisher,
        )


def link_references(document: Document, listed: Sequence[Reference]) -> tuple[Reference, ...]:
    """A Reference for each work linked in the prose by DOI, PubMed or PMC ID that the list lacks.

    Numbered after the list (`R{n+1}`...); a work linked twice is one reference.
    """
    from citecheck.extract.reflist import body_text

    held = {key for r in listed for key in _keys(r.doi, r.pmid, r.pmcid)}
    text = body_text(document, listed)
    found: list[Reference] = []
    for link in find_inline_links(text):
        keys = _keys(link.doi, link.pmid, link.pmcid)
        if not keys or keys & held:
            continue
        held |= keys
        line = text.count("\n", 0, link.start) + 1
        found.append(
            Reference(
                id=f"R{len(listed) + len(found) + 1}",
                line=document.source_line(line),
                text=document.text[link.start : link.end],
                end_line=document.source_line(line),
                doi=link.doi,
                pmid=link.pmid,
                pmcid=link.pmcid,
                url=link.url,
                start=link.start,
                origin="link",
            )
        )
    return tuple(found)


def _keys(doi: str | None, pmid: str | None, pmcid: str | None) -> set[str]:
    return {key for key in (f"doi:{doi_key(doi)}" if doi else "", f"pmid:{pmid}" if pmid else "",
                            f"pmcid:{pmcid.upper()}" if pmcid else "") if key}
