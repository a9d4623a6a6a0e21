"""Find and normalise the identifiers written in a reference: DOI, PMID, PMCID, URL.

DOIs turn up in many disguises in web articles: `doi:10.…`, `https://doi.org/10.…`,
the legacy `dx.doi.org` resolver, a bare `10.NNNN/…` glued after a page range,
a `?doi=` query parameter, a publisher URL (`/doi/pdf/10.…`) or a URL-encoded
`info%3Adoi%2F10.…`. Every form is brought to one canonical spelling: lower case,
no resolver prefix, no trailing punctuation that belongs to the sentence.

A string that was clearly meant as a DOI but cannot be one (a space inside, a
truncated suffix such as `10.1016/j.`, a prefix without its registrant digits)
is reported separately as a malformed DOI, because looking it up would only
produce a misleading "not found".

This is the project's only DOI normaliser: the extractor, the cache, the
snapshot and the PubMed client all key DOIs with `normalise_doi` (a DOI found
in any text) or `doi_key` (the storage key of a DOI a registry served, which
is its `normalise_doi` form whenever it has one).

Every pattern here is bounded (`{m,n}`) and free of nested quantifiers: inputs
can be 5 MB, or a 200 kB line without a single space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from citecheck.text.normalize import may_contain

__all__ = [
    "DOI_SHAPE",
    "DoiMatch",
    "doi_key",
    "DoiFormFault",
    "find_doi_form_faults",
    "written_with_dashes",
    "find_dois",
    "find_malformed_dois",
    "find_pmid",
    "find_pmcid",
    "find_url",
    "find_urls",
    "first_doi",
    "is_valid_doi",
    "likely_doi",
    "normalise_doi",
]

# The DOI handbook allows nearly any printable character in the suffix; in running
# text the suffix ends at whitespace. Quotes and angle brackets are cut later,
# except the `<…>` pair that SICI DOIs carry (10.1002/(SICI)…<283::AID-…>3.0.CO;2-V).
_DOI = re.compile(r"10\.[0-9]{4,9}/[^\s\"]{1,300}")
# A DOI whose slashes are percent-encoded, as in `info%3Adoi%2F10.1371%2Fjournal…`.
_DOI_ENCODED = re.compile(r"10\.[0-9]{4,9}%2[Ff][^\s\"&#?<>]{1,300}")
_VALID = re.compile(r"^10\.[0-9]{4,9}/\S{1,300}$")
# Where a DOI begins, written plainly or percent-encoded (`10.1371/…`, `10.1371%2F…`): a
# quick test that a text holds something written as a DOI, for features and filters;
# what the DOI is, is read by `find_dois` and `normalise_doi` only.
DOI_SHAPE = re.compile(r"(?:\b|(?<=%2[Ff]))10\.[0-9]{4,9}(?:/|%2[Ff])(?=\S)")
# A DOI with nothing to trim: ends with a letter or digit, no brackets, quotes or percent signs.
_PLAIN = re.compile(r"10\.[0-9]{4,9}/[A-Za-z0-9][A-Za-z0-9./_:;-]{0,298}[A-Za-z0-9]")
_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")

# Characters after which a DOI in running text has certainly ended.
_HARD_STOPS = frozenset("\"'\u201c\u201d\u2018\u2019|{}\\^`")
_TRAILING = ".,;:*!?'\"_"

# Path endings publishers add after the DOI in their own URLs.
_PUBLISHER_SUFFIXES = (
    "/abstract",
    "/full",
    "/fulltext",
    "/pdf",
    "/epdf",
    "/pdfdirect",
    "/summary",
    "/meta",
    "/html",
    "/references",
    "/figures",
    "/citedby",
    "/suppinfo",
    ".pdf",
)

# Something written as a DOI that is not one; each pattern names the fault.
_LABELLED = re.compile(
    r"(?:doi\.org/|\bdoi\s?[:.]?\s?)(?P<body>[^\s<>\"]{1,120}(?:\s[^\s<>\"]{1,120}){0,2})",
    re.IGNORECASE,
)
# A space next to the slash: `10.1016/ j.lfs.2022.120961`, `10.1016 /j.lfs…`.
_SPACED = re.compile(r"\b10\.[0-9]{4,9}(?: /\s?| ?/ )[^\s<>\"]{2,200}")
# A space after a slash further in (`10.1155/2021/ 5541843`): the part before the
# space ends in `/`, which no complete DOI does; the continuation glued after it
# holds a digit or a dot, as a DOI's suffix does and a following word does not.
_BROKEN_AT_SLASH = re.compile(r"\b10\.[0-9]{4,9}/[^\s<>\"]{0,200}/ (?=[^\s<>\"]{0,199}[0-9.])[A-Za-z0-9][^\s<>\"]{1,200}")
# A comma for the dot after `10` (`10,1039/c5cs00123d`).
_COMMA_PREFIX = re.compile(r"(?<![\w.,])10,[0-9]{4,9}/[A-Za-z0-9][^\s<>\"]{1,200}")
_SHORT_PREFIX = re.compile(r"(?<![0-9.])10\.[0-9]{1,3}/[A-Za-z0-9][^\s<>\"]{0,200}")


@dataclass(frozen=True)
class DoiMatch:
    """One DOI found in a text: the canonical DOI and where it was written."""

    doi: str
    start: int
    end: int
    raw: str


def _balanced_cut(candidate: str) -> str:
    """Cut a raw DOI candidate where the surrounding text takes over again."""
    out = []
    depth = {"(": 0, "[": 0, "<": 0}
    closing = {")": "(", "]": "[", ">": "<"}
    for index, char in enumerate(candidate):
        if char in _HARD_STOPS:
            break
        if char in depth:
            if char == "<" and ">" not in candidate[index + 1 :]:
                break
            depth[char] += 1
        elif char in closing:
            opener = closing[char]
            if depth[opener] == 0:
                break
            depth[opener] -= 1
        out.append(char)
    return "".join(out)


def _strip_trailing(doi: str) -> str:
    """Drop punctuation that ends the sentence rather than the DOI."""
    while doi:
        last = doi[-1]
        if last in _TRAILING:
            doi = doi[:-1]
        elif last == ")" and doi.count("(") < doi.count(")"):
            doi = doi[:-1]
        elif last == "]" and doi.count("[") < doi.count("]"):
            doi = doi[:-1]
        elif last == ">" and doi.count("<") < doi.count(">"):
            doi = doi[:-1]
        else:
            break
    return doi


def _clean(candidate: str, in_url: bool) -> str | None:
    candidate = _balanced_cut(candidate)
    if in_url:
        # Inside a URL the query string and fragment are not part of the DOI.
        for stop in ("&", "#", "?"):
            cut = candidate.find(stop)
            if cut > 0:
                candidate = candidate[:cut]
    if "%" in candidate and re.search(r"%[0-9A-Fa-f]{2}", candidate):
        candidate = unquote(candidate)
    candidate = _strip_trailing(candidate)
    lowered = candidate.lower()
    if in_url:
        for suffix in _PUBLISHER_SUFFIXES:
            if lowered.endswith(suffix) and len(lowered) - len(suffix) > 8:
                candidate = candidate[: -len(suffix)]
                lowered = lowered[: -len(suffix)]
                break
    candidate = _strip_trailing(candidate)
    if not _VALID.match(candidate):
        return None
    if _suffix_truncated(candidate):
        return None
    return candidate.lower()


def _suffix_truncated(doi: str) -> bool:
    """True for suffixes that cannot be complete (`10.1016/j`, `10.1000/`)."""
    if doi.endswith("/"):
        return True
    suffix = doi.split("/", 1)[1] if "/" in doi else ""
    core = suffix.strip(".-_/")
    return len(core) < 2 or (len(core) <= 2 and not any(c.isdigit() for c in core))


def _in_url(text: str, start: int) -> bool:
    """Whether position `start` lies inside a URL (after `http…` with no space between)."""
    window = text[max(0, start - 300) : start]
    space = max(window.rfind(" "), window.rfind("\n"), window.rfind("<"), window.rfind("("))
    segment = window[space + 1 :].lower()
    if not segment:
        return False
    if segment.startswith(("http://", "https://", "www.")) or "://" in segment:
        # doi.org links end the DOI only at whitespace; query strings are rare there
        # and publisher URLs are where `?`, `&` and `#` begin the non-DOI part.
        return True
    return "doi=" in segment


def find_dois(text: str) -> list[DoiMatch]:
    """Every DOI in `text`, in order, canonical form, duplicates kept."""
    found: list[DoiMatch] = []
    taken: list[tuple[int, int]] = []
    for match in _DOI.finditer(text):
        in_url = _in_url(text, match.start())
        doi = _clean(match.group(0), in_url)
        if doi is None:
            continue
        end = match.start() + len(doi)
        found.append(DoiMatch(doi, match.start(), end, text[match.start() : end]))
        taken.append((match.start(), match.end()))
    if "%2" in text:
        for match in _DOI_ENCODED.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            doi = _clean(match.group(0), True)
            if doi is None:
                continue
            found.append(DoiMatch(doi, match.start(), match.end(), match.group(0)))
        found.sort(key=lambda m: m.start)
    return found


def first_doi(text: str) -> str | None:
    """The first DOI of `text`, or None."""
    matches = find_dois(text)
    return matches[0].doi if matches else None


def is_valid_doi(value: str) -> bool:
    """Whether `value` is a DOI in canonical form (what `normalise_doi` returns)."""
    return normalise_doi(value) == value


def normalise_doi(value: str | None) -> str | None:
    """The canonical form of a DOI written in any usual way, or None.

    Accepts `10.…`, `doi:10.…`, `DOI: 10.…`, `https://doi.org/10.…`,
    `http://dx.doi.org/10.…`, `<https://doi.org/10.…>.` and URL-encoded forms.
    Idempotent: `normalise_doi(normalise_doi(x)) == normalise_doi(x)`.
    """
    if not value:
        return None
    text = value.strip()
    if len(text) > 2000:
        text = text[:2000]
    matches = find_dois(text)
    if not matches:
        return None
    return matches[0].doi


def doi_key(doi: str) -> str:
    """The key a DOI is stored and looked up under: its canonical form, never None.

    The whole value is the DOI (a registry served it, or `normalise_doi` made
    it): a resolver prefix and the punctuation that `normalise_doi` trims come
    off, and case is folded. A DOI no text pattern accepts whole (a space
    inside, a two-digit registrant code) keeps its own spelling, lower case.
    """
    text = doi.strip()
    if _PLAIN.fullmatch(text):  # the usual case, already canonical but for case
        return text.lower()
    lowered = text.lower()
    for prefix in _RESOLVERS:
        if lowered.startswith(prefix):
            text = text[len(prefix) :].strip()
            lowered = text.lower()
            break
    matches = find_dois(text[:2000])
    if matches and matches[0].start == 0 and not text[matches[0].end :].strip(_TRAILING + ")]>"):
        return matches[0].doi
    return lowered


def find_malformed_dois(text: str) -> list[str]:
    """Strings plainly written as DOIs that cannot be valid, as written.

    Reported: a space inside (`10.1016/ j.lfs…`), a truncated suffix
    (`10.1016/j.`), a registrant prefix with fewer than four digits (`10.101/abc`),
    and a `doi:` label or doi.org link followed by something that is not a DOI.
    """
    problems: list[str] = []
    valid_spans = [(m.start, m.end) for m in find_dois(text)]

    def overlaps(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in valid_spans)

    broken: list[tuple[int, int]] = []
    for pattern in (_BROKEN_AT_SLASH, _SPACED, _COMMA_PREFIX):
        for match in pattern.finditer(text):
            raw = match.group(0)
            if pattern is _COMMA_PREFIX or " " in raw:
                if not overlaps(match.start(), match.start() + 1) and not any(a <= match.start() < b for a, b in broken):
                    problems.append(_strip_trailing(raw))
                    broken.append((match.start(), match.end()))
    for match in _DOI.finditer(text):
        raw = _strip_trailing(_balanced_cut(match.group(0)))
        if _VALID.match(raw) and _suffix_truncated(raw) and not any(a <= match.start() < b for a, b in broken):
            problems.append(match.group(0).rstrip(",;"))
    for match in _SHORT_PREFIX.finditer(text):
        if not overlaps(match.start(), match.end()):
            problems.append(_strip_trailing(match.group(0)))
    for match in _LABELLED.finditer(text) if may_contain(text, ("doi",)) else ():
        body = match.group("body")
        start = match.start("body")
        if overlaps(start, start + len(body)):
            continue
        first = body.split()[0] if body.split() else ""
        first = _strip_trailing(first)
        if not first or first.lower().startswith(("http", "www", "link", "org")):
            continue
        if any(first.startswith(p) for p in (problem.split()[0] for problem in problems)):
            continue
        # `doi: 1016/j.lfs…` (prefix lost its `10.`) or `doi:10.1016` with no suffix.
        if re.match(r"^(?:10[.,])?[0-9]{2,9}(?:[./]|$)", first):
            problems.append(_strip_trailing(body.split()[0] if body else body))
    seen: dict[str, None] = {}
    for problem in problems:
        if problem:
            seen.setdefault(problem, None)
    return list(seen)


def likely_doi(malformed: str) -> str | None:
    """The DOI a malformed one was most likely meant to be, when one repair makes it valid, else None.

    The repairs: the spaces taken out (`10.1155/2021/ 5541843`), a comma after
    `10` made a dot (`10,1039/abc`), the `10.` a registrant code lost put back
    (`1016/j.cell…`).
    """
    text = _strip_trailing(malformed.strip())
    for prefix in _RESOLVERS:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :].strip()
            break
    text = re.sub(r"\s+", "", text)
    if text.startswith("10,"):
        text = "10." + text[3:]
    elif re.match(r"[0-9]{4,9}/", text):
        text = "10." + text
    doi = normalise_doi(text)
    return doi if doi is not None and len(doi) >= len(text) - 1 else None


# A valid DOI written so that it cannot be followed: `doi:` glued to a resolver
# (`doi:doi.org/10.…`, not a `doi: ` label before an address, which some styles
# print), or a full stop closing a link's target (`<https://doi.org/10.…x.>`).
_DOUBLED_PREFIX = re.compile(r"\bdoi:(?P<fault>(?:dx\.)?doi\.org/)10\.[0-9]{4,9}/", re.IGNORECASE)
_TARGET_STOP = re.compile(r"<(?:https?://)?(?:dx\.)?doi\.org/10\.[0-9]{4,9}/[^\s<>]{1,300}?(?P<fault>\.)>", re.IGNORECASE)


@dataclass(frozen=True)
class DoiFormFault:
    """A DOI written so that it cannot be followed: `text[start:end]` is what has to go."""

    start: int
    end: int
    kind: str  # "doubled-prefix" | "target-full-stop"
    written: str  # the DOI expression as written, for a message


_NOT_HYPHENS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"


def written_with_dashes(source: str, doi: str) -> list[tuple[int, int]]:
    """Where `source` writes the DOI `doi` with a dash that is not a hyphen (`10.1111/1753–0407.13323`).

    The text citecheck reads spells every dash as a hyphen, so such a DOI is
    read and looked up correctly; written so, it cannot be copied or followed.
    """
    if "-" not in doi or source.isascii():
        return []
    dash = "[-" + _NOT_HYPHENS + "]"
    pattern = re.compile(
        r"(?<![\w.])" + dash.join(re.escape(part) for part in doi.split("-")) + r"(?![\w-])", re.IGNORECASE
    )
    return [(m.start(), m.end()) for m in pattern.finditer(source) if any(c in _NOT_HYPHENS for c in m.group())]


def find_doi_form_faults(text: str) -> list[DoiFormFault]:
    """Valid DOIs written in a way that breaks them: `doi:doi.org/10.…`, a link target ending `10.….`."""
    if not may_contain(text, ("doi",)):
        return []
    faults = []
    for pattern, kind in ((_DOUBLED_PREFIX, "doubled-prefix"), (_TARGET_STOP, "target-full-stop")):
        for match in pattern.finditer(text):
            end = text.find(" ", match.end()) if kind == "doubled-prefix" else match.end()
            written = text[match.start():len(text) if end < 0 else end]
            faults.append(DoiFormFault(match.start("fault"), match.end("fault"), kind, written))
    return sorted(faults, key=lambda fault: fault.start)


# ------------------------------------------------------------------ PubMed ids

_PMID = re.compile(
    r"(?:\bPMID\s?:?\s?|pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/(?:\?term=)?|"
    r"europepmc\.org/(?:abstract/MED|article/MED)/)([0-9]{1,9})\b",
    re.IGNORECASE,
)
# Every match of _PMID holds one of these (see citecheck.extract.quick).
_PMID_WORDS = ("pmid", "ncbi.nlm.nih.gov/", "europepmc.org/")
_PMCID = re.compile(r"\bPMC\s?([0-9]{4,9})\b")


def find_pmid(text: str) -> str | None:
    """The PubMed id of `PMID: 12345` or a pubmed.ncbi.nlm.nih.gov link, or None."""
    if not may_contain(text, _PMID_WORDS):
        return None
    match = _PMID.search(text)
    return match.group(1).lstrip("0") or None if match else None


def find_pmcid(text: str) -> str | None:
    """The PubMed Central id (`PMC1234567`), from `PMCID:` or a PMC link, or None."""
    if "PMC" not in text:
        return None
    match = _PMCID.search(text)
    return f"PMC{match.group(1)}" if match else None


# ----------------------------------------------------------------------- URLs

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]{2,2000}", re.IGNORECASE)


def find_urls(text: str) -> list[str]:
    """Every http(s) URL of `text`, without the punctuation that ends a sentence."""
    urls: list[str] = []
    if not may_contain(text, ("http", "www.")):
        return urls
    for match in _URL.finditer(text):
        url = match.group(0)
        url = _strip_trailing(url)
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = _strip_trailing(url[:-1])
        if len(url) > 8:
            urls.append(url)
    return urls


def find_url(text: str) -> str | None:
    """The first URL of `text`, or None."""
    urls = find_urls(text)
    return urls[0] if urls else None
