"""Replacement text in the entry's own conventions: dashes, abridged ranges, letters, capitals, DOI case."""

from __future__ import annotations

import pytest

from citecheck.fix.style import doi_text, family_name_text, locator_text, pages_text, year_text


@pytest.mark.parametrize("cited, record, expected", [
    ("695-701", "695-710", "695-710"),  # written in full
    ("695–701", "695-710", "695–710"),  # the entry's en dash
    ("695 – 701", "695-710", "695 – 710"),  # and its spacing
    ("1425-39", "1425-1437", "1425-37"),  # abridged: the changed digits
    ("101-9", "101-108", "101-8"),
    ("321-28", "321-329", "321-29"),  # Chicago: at least two digits
    ("695-10", "695-712", "695-12"),  # 695-10 is 695-710: two digits kept
    ("1087-89", "1187-1199", "1187-99"),
    ("1099–1108", "1108-1117", None),  # written out, or Chicago? the two differ for 1108–17

    ("e42469", "e42496", "e42496"),  # an e-locator
    ("42469", "e42496", "42496"),  # the entry writes article numbers bare
    ("659", "695-710", "695"),  # a style that prints the first page only
    ("S12-S20", "S155-S156", "S155-S156"),  # letters in a range: written out whole
    ("12-20", "e0123", "e0123"),
])
def test_pages_keep_the_entry_form(cited, record, expected):
    assert pages_text(cited, record) == expected


def test_the_lists_other_ranges_tell_how_it_abridges():
    assert pages_text("1099–1108", "1108-1117", ("321–28", "1496–500")) == "1108–17"  # Chicago
    assert pages_text("1099–1108", "1108-1117", ("321–328",)) == "1108–1117"  # in full
    assert pages_text("381–381", "281", ()) == "281–281"  # a single page written as a range
    assert pages_text("229–29", "231-231", ()) == "231–31"  # and abridged


@pytest.mark.parametrize("cited, record", [
    ("pp. 12-20", "13-21"),  # more than the pages
    ("12-20", "13-21, 25"),  # a record this module cannot read
    ("12-20", ""),
])
def test_pages_that_cannot_be_written_surely(cited, record):
    assert pages_text(cited, record) is None


def test_years_keep_their_letter():
    assert year_text("2021", "2022") == "2022"
    assert year_text("2021a", "2022") == "2022a"
    assert year_text("in press", "2022") is None


def test_locators_are_plain_numbers_only():
    assert locator_text("41", "14") == "14"
    assert locator_text("9", "S2") == "S2"
    assert locator_text("9", "Suppl 2") is None  # another form than the entry's: a person decides


def test_family_names_keep_capitals():
    assert family_name_text("Ratner", "Ratna") == "Ratna"
    assert family_name_text("RATNER", "Ratna", capitals=True) == "RATNA"  # the entry writes names in capitals
    assert family_name_text("RATNER", "Ratna", capitals=False) == "Ratna"  # a name copied in capitals
    assert family_name_text("RATNER", "Ratna") is None  # which of the two: unknown
    assert family_name_text("Smith", "de Courten") == "de Courten"
    assert family_name_text("Smith", "SMITH-JONES") is None  # a record in capitals
    assert family_name_text("Smith", "Smith, J.") is None


def test_dois_keep_the_case_they_are_written_in():
    assert doi_text("10.2147/dmso.s449112", "10.1111/os.13626") == "10.2147/dmso.s449112"
    assert doi_text("10.2147/dmso.s449112", "10.2147/DMSO.S1") == "10.2147/DMSO.S449112"
    assert doi_text("10.2147/dmso.s449112", None, "10.2147/DMSO.S449112") == "10.2147/DMSO.S449112"
