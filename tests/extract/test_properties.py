"""Properties that must hold for any input: DOIs are found, nothing raises, nothing hangs."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.text.identifiers import find_dois, find_malformed_dois, normalise_doi
from citecheck.extract.extractor import extract
from citecheck.ingest import document_from_text
from citecheck.extract.reflist import find_references
from citecheck.model import InputFormat

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters real DOI suffixes use; the suffix ends with a letter or digit so
# that no sentence punctuation is ambiguous.
_SUFFIX_CHARS = string.ascii_letters + string.digits + "-._;:/"
_ALNUM = string.ascii_letters + string.digits


@st.composite
def dois(draw) -> str:
    registrant = draw(st.text(string.digits, min_size=4, max_size=9))
    middle = draw(st.text(_SUFFIX_CHARS, min_size=2, max_size=40))
    last = draw(st.text(_ALNUM, min_size=1, max_size=3))
    return f"10.{registrant}/{draw(st.sampled_from(_ALNUM))}{middle}{last}"


_WORDS = st.text(string.ascii_letters + string.digits + " ,.;:()'\"-", max_size=80)
_PREFIXES = st.sampled_from(["", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/", "doi.org/", "<https://doi.org/"])
_ENDINGS = st.sampled_from(["", ".", ",", ";", ")", ">", ").", "."])


@PROPERTY
@given(doi=dois(), before=_WORDS, after=_WORDS, prefix=_PREFIXES, ending=_ENDINGS)
def test_any_valid_doi_in_arbitrary_text_is_found(doi: str, before: str, after: str, prefix: str, ending: str) -> None:
    if ending == ")" or ending == ").":
        before = before + "("
    if prefix.startswith("<"):
        ending = ">" + ending.lstrip(">")
    text = f"{before} {prefix}{doi}{ending} {after}"
    assert doi.lower() in [match.doi for match in find_dois(text)]


@PROPERTY
@given(doi=dois(), prefix=_PREFIXES)
def test_normalisation_is_idempotent_on_dois(doi: str, prefix: str) -> None:
    once = normalise_doi(prefix + doi)
    assert once == doi.lower()
    assert normalise_doi(once) == once


@PROPERTY
@given(st.text(max_size=300))
def test_normalisation_is_idempotent_on_anything(text: str) -> None:
    once = normalise_doi(text)
    if once is not None:
        assert normalise_doi(once) == once
    find_malformed_dois(text)


_REFERENCE_BITS = st.sampled_from(
    [
        "Smith, J. (2020). ",
        "Smith J, Jones K. ",
        "et al. ",
        "Title of a paper. ",
        "J Biol. 2020;1(2):3-4. ",
        "Journal, 14(10), 695-710. ",
        "doi:10.1000/xyz ",
        "https://doi.org/10.1000/abc ",
        "PMID: 12345 ",
        "References\n",
        "\n",
        "\n\n",
        "1. ",
        "[2] ",
        "^",
        "- ",
        "(n.d.). ",
        "\ufffd",
        "(Smith et al., 2020) ",
        "<p>",
        "</p>",
        "# ",
    ]
)


@PROPERTY
@given(st.text(max_size=500))
def test_find_references_never_raises(text: str) -> None:
    document = document_from_text(text, "x.txt")
    for reference in find_references(document):
        assert reference.line >= 1
        assert reference.end_line is not None and reference.end_line >= reference.line


@PROPERTY
@given(st.lists(_REFERENCE_BITS, max_size=60), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_extract_never_raises_on_reference_like_text(bits: list[str], name: str) -> None:
    document = document_from_text("".join(bits), name)
    assert len(document.line_map) == document.text.count("\n") + 1
    extraction = extract(document)
    ids = [reference.id for reference in extraction.references]
    assert ids == [f"R{n}" for n in range(1, len(ids) + 1)]


@PROPERTY
@given(st.text(max_size=400), st.sampled_from(list(InputFormat)))
def test_documents_keep_one_source_line_per_text_line(text: str, fmt: InputFormat) -> None:
    document = document_from_text(text, "input", fmt)
    assert len(document.line_map) == len(document.text.split("\n"))
    assert document.text.splitlines() == document.text.split("\n")[: len(document.text.splitlines())]
    assert all(line >= 1 for line in document.line_map)


def test_a_200_kb_line_without_spaces_completes() -> None:
    line = ("10.1000/" + "ab(c)" * 10 + "<x>" + "%2F" + "https://" + "a.b" * 5) * 2300
    line = line[:200_000]
    assert " " not in line
    document = document_from_text(line, "line.txt")
    extraction = extract(document)
    assert isinstance(extraction.references, tuple)
    html = document_from_text("<p>" + line + "</p>", "line.html")
    assert isinstance(find_references(html), tuple)
