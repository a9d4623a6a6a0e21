"""DOIs, PMIDs, PMCIDs and URLs as web articles write them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import citecheck
from citecheck.text.identifiers import (
    DOI_SHAPE,
    find_dois,
    find_malformed_dois,
    find_pmcid,
    find_pmid,
    find_url,
    find_urls,
    first_doi,
    doi_key,
    is_valid_doi,
    normalise_doi,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10.1038/nature05414", "10.1038/nature05414"),
        ("doi:10.1038/NATURE05414.", "10.1038/nature05414"),
        ("DOI: 10.1111/os.13626", "10.1111/os.13626"),
        ("https://doi.org/10.1186/s13041-021-00765-y", "10.1186/s13041-021-00765-y"),
        ("doi.org/10.3389/fendo.2020.00605", "10.3389/fendo.2020.00605"),
        ("(http://dx.doi.org/10.1038/4441009a)", "10.1038/4441009a"),
        ("<http://dx.doi.org/10.1038/4441009a>", "10.1038/4441009a"),
        ("DOI link <http://dx.doi.org/10.1016/S0092-8674(00)80580-2>", "10.1016/s0092-8674(00)80580-2"),
        ("doi: 10.1016/S0952-3278(96)90045-9;", "10.1016/s0952-3278(96)90045-9"),
        ("(DOI: 10.1016/J.ENG.2020.07.020).", "10.1016/j.eng.2020.07.020"),
        (
            "doi: 10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v.",
            "10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v",
        ),
        (
            "doi: 10.1890/0012-9658(2006)87[2832:TIOPMA]2.0.CO;2.",
            "10.1890/0012-9658(2006)87[2832:tiopma]2.0.co;2",
        ),
        (
            "http://www.plosone.org/article/info%3Adoi%2F10.1371%2Fjournal.pone.0000900",
            "10.1371/journal.pone.0000900",
        ),
        ("https://example.org/x?doi=10.1038%2Fnature05414&lang=en", "10.1038/nature05414"),
        (
            "http://biology.plosjournals.org/perlserv/?request=get-document&doi=10.1371/journal.pbio.0040100",
            "10.1371/journal.pbio.0040100",
        ),
        ("https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0020476", "10.1371/journal.pone.0020476"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/sys.21414", "10.1002/sys.21414"),
        ("http://pubs.acs.org/doi/pdf/10.1021/ol000173t", "10.1021/ol000173t"),
        ("http://onlinelibrary.wiley.com/doi/10.1002/jat.1517/abstract", "10.1002/jat.1517"),
        ("10.1038/sj/onc/1205077", "10.1038/sj/onc/1205077"),
        ("2011;155(3):160\ufffd170 10.7326/0003-4819-155-3-201108020-00006", "10.7326/0003-4819-155-3-201108020-00006"),
    ],
)
def test_normalise_doi_reads_every_usual_spelling(written: str, expected: str) -> None:
    assert normalise_doi(written) == expected
    assert normalise_doi(expected) == expected
    assert is_valid_doi(expected)


@pytest.mark.parametrize("written", ["", "hello", "10.1016/j.", "10.12/abc", "doi: see below", "10.1000/", None])
def test_normalise_doi_refuses_what_is_not_a_doi(written: str | None) -> None:
    assert normalise_doi(written) is None


def test_find_dois_keeps_order_positions_and_duplicates() -> None:
    text = "First (doi:10.1000/abc). Then https://doi.org/10.2000/XYZ, then again 10.1000/abc."
    matches = find_dois(text)
    assert [m.doi for m in matches] == ["10.1000/abc", "10.2000/xyz", "10.1000/abc"]
    assert text[matches[1].start : matches[1].end].lower() == "10.2000/xyz"
    assert first_doi(text) == "10.1000/abc"


def test_a_doi_ends_where_the_sentence_resumes() -> None:
    assert first_doi("as shown (see 10.1000/abc).") == "10.1000/abc"
    assert first_doi('"10.1000/abc", they wrote') == "10.1000/abc"
    assert first_doi("10.1000/abc; 10.1000/def") == "10.1000/abc"
    assert first_doi("[10.1000/abc]") == "10.1000/abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Engineering, 3(1), 36-54. doi: 10.1016/j.", "10.1016/j."),
        ("Engineering, 4(2), 194-199. https://doi.org/10.1016/ j.eng.2018.03.005", "10.1016/ j.eng.2018.03.005"),
        ("Engineering, 4(2), 209-217. doi:1016/j.eng.2018.03.008", "1016/j.eng.2018.03.008"),
        ("Some journal. doi: 10.101/abc.123", "10.101/abc.123"),
    ],
)
def test_malformed_dois_are_reported_as_written(text: str, expected: str) -> None:
    assert find_dois(text) == [] or all(m.doi != expected.lower() for m in find_dois(text))
    assert expected in find_malformed_dois(text)


def test_valid_dois_and_prose_are_not_malformed() -> None:
    text = (
        "Smith J. Title. J Diabetes. 2022;14(10):695-710. doi:10.1111/1753-0407.13323. "
        "Pages 1-10. 2019/2020 season. DOI link <http://dx.doi.org/10.1038/4441009a>"
    )
    assert find_malformed_dois(text) == []


@pytest.mark.parametrize(
    ("text", "pmid"),
    [
        ("PMID: 11850775", "11850775"),
        ("PMID:16474382.", "16474382"),
        ("http://www.ncbi.nlm.nih.gov/pubmed/21807486", "21807486"),
        ("https://pubmed.ncbi.nlm.nih.gov/8832760/", "8832760"),
        ("no id here", None),
    ],
)
def test_pmid(text: str, pmid: str | None) -> None:
    assert find_pmid(text) == pmid


@pytest.mark.parametrize(
    ("text", "pmcid"),
    [
        ("PMCID: PMC5621635", "PMC5621635"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4162505/#ref-44", "PMC4162505"),
        ("[PMC free article] [PubMed]", None),
    ],
)
def test_pmcid(text: str, pmcid: str | None) -> None:
    assert find_pmcid(text) == pmcid


def test_urls_lose_sentence_punctuation_but_keep_their_own() -> None:
    text = "See https://example.org/a_(b) and (https://example.org/c). Also www.example.org/d, end."
    assert find_urls(text) == ["https://example.org/a_(b)", "https://example.org/c", "www.example.org/d"]
    assert find_url("nothing") is None


@pytest.mark.parametrize(
    ("served", "key"),
    [
        ("10.1000/ABC", "10.1000/abc"),
        (" https://doi.org/10.1/X ", "10.1/x"),
        ("doi:10.1/x", "10.1/x"),
        ("http://dx.doi.org/10.1/x", "10.1/x"),
        ("10.1002/(SICI)1097-4636(199605)31:1<1::AID-JBM1>3.0.CO;2-T", "10.1002/(sici)1097-4636(199605)31:1<1::aid-jbm1>3.0.co;2-t"),
        ("10.1000/has space", "10.1000/has space"),
    ],
)
def test_doi_key_gives_every_served_doi_one_key(served: str, key: str) -> None:
    assert doi_key(served) == key
    assert doi_key(key) == key


@pytest.mark.parametrize(
    "written",
    ["10.1038/NATURE05414", "https://doi.org/10.1186/s13041-021-00765-y", "doi: 10.1016/S0952-3278(96)90045-9", "10.7326/0003-4819-155-3-201108020-00006"],
)
def test_doi_key_agrees_with_the_normaliser_on_valid_dois(written: str) -> None:
    assert doi_key(written) == normalise_doi(written)


@pytest.mark.parametrize(
    "text, shaped",
    [
        ("see 10.1111/1753-0407.13323.", True),
        ("info%3Adoi%2F10.1371%2Fjournal.pone.0001", True),
        ("https://doi.org/10.1038/nature12345", True),
        ("version 10.1/ and 10.12/x", False),
        ("10.1234/ followed by a space", False),
    ],
)
def test_doi_shape_is_a_quick_look_that_every_found_doi_passes(text: str, shaped: bool) -> None:
    assert (DOI_SHAPE.search(text) is not None) is shaped
    assert not find_dois(text) or shaped


def test_the_project_reads_dois_in_one_module() -> None:
    # Every other module asks `citecheck.text.identifiers`: no DOI pattern of its own, no DOI lower-cased by hand.
    root = Path(citecheck.__file__).resolve().parent
    own_pattern = re.compile(r"10\\\.(?:\\d|\[0-9\])\{|\bdoi\w*\.(?:strip\(\)\.)?lower\(\)", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "identifiers.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if own_pattern.search(line)
    ]
    assert offenders == []
