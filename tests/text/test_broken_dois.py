"""DOIs broken in copying: a space inside, the `10.` lost, a comma for the dot; none is read truncated."""

from __future__ import annotations

import pytest

from citecheck.text.identifiers import find_dois, find_malformed_dois, likely_doi, normalise_doi

ENTRY = "Smith J. A title of the study. J Biol. 2021;3:4-5. "


@pytest.mark.parametrize(
    "written, meant",
    [
        ("https://doi.org/10.1155/2021/ 5541843", "10.1155/2021/5541843"),
        ("doi: 10.1002/ abc.123", "10.1002/abc.123"),
        ("https://doi.org/1016/j.x.2015.10.002", "10.1016/j.x.2015.10.002"),
        ("doi:10,1039/c5cs00123d", "10.1039/c5cs00123d"),
        ("10,1039/c5cs00123d", "10.1039/c5cs00123d"),
    ],
)
def test_a_broken_doi_is_malformed_and_names_the_doi_meant(written: str, meant: str) -> None:
    text = ENTRY + written
    assert find_dois(text) == []
    malformed = find_malformed_dois(text)
    assert malformed and likely_doi(malformed[0]) == meant


def test_a_doi_ending_in_a_slash_is_never_complete() -> None:
    assert normalise_doi("https://doi.org/10.1155/2021/") is None
    assert find_malformed_dois(ENTRY + "doi: 10.1155/2021/") == ["10.1155/2021/"]
    # A word after the space is not the DOI's continuation.
    assert find_malformed_dois(ENTRY + "https://doi.org/10.1155/2021/ Accessed today") == ["10.1155/2021/"]
    assert likely_doi("10.1155/2021/") is None


def test_valid_dois_are_untouched() -> None:
    text = ENTRY + "https://doi.org/10.1155/2021/5541843 and doi:10.1039/c5cs00123d"
    assert [match.doi for match in find_dois(text)] == ["10.1155/2021/5541843", "10.1039/c5cs00123d"]
    assert find_malformed_dois(text) == []
    assert normalise_doi("10.1000/xyz/") is None
    assert normalise_doi("10.1000/xyz/1") == "10.1000/xyz/1"
