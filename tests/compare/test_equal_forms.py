"""Cited values that mean the same as the registered ones: pages, volumes, issues, names, journals."""

from __future__ import annotations

import pytest

from citecheck.compare.folded import fold_text
from citecheck.compare.journals import compatible, locate_journal
from citecheck.compare.names import same_family_name
from citecheck.compare.numbers import same_locator, same_pages
from citecheck.model import Work


def work(**fields) -> Work:
    return Work(doi="10.1/x", **fields)


@pytest.mark.parametrize("cited", ["695-710", "695–710", "695-10", "695 - 710", "pp. 695-710", "695"])
def test_page_ranges_that_are_equal(cited):
    assert same_pages(cited, "695-710")


@pytest.mark.parametrize("cited", ["659-710", "695-701", "696-710", "1695-1710"])
def test_page_ranges_that_differ(cited):
    assert not same_pages(cited, "695-710")


def test_a_shortened_end_page_is_written_out():
    assert same_pages("1425-37", "1425–1437")
    assert same_pages("1998-2004", "1998-2004") and not same_pages("1425-36", "1425-1437")


@pytest.mark.parametrize("cited, registered", [("e42496", "e42496"), ("42496", "e42496"), ("e42496", "42496"), ("605", "605")])
def test_article_numbers_count_as_pages(cited, registered):
    assert same_pages(cited, registered)


def test_volume_and_issue_forms():
    assert same_locator("1/2", "1-2")
    assert same_locator(" 14 ", "14")
    assert not same_locator("14", "41")


@pytest.mark.parametrize("cited", ["Suppl 3", "Suppl. 3", "Supplement 3", "suppl_3"])
def test_supplement_issues_are_the_same_issue(cited):
    assert same_locator(cited, "Supplement_3")
    assert not same_locator(cited, "Supplement_4")


def test_family_names():
    assert same_family_name("Dekker Nitert", "Dekker Nitert")
    assert same_family_name("Muller", "Müller")
    assert same_family_name("de Courten", "Courten")
    assert not same_family_name("Turnbough", "Turnbaugh")
    assert not same_family_name("Ann", "An")


@pytest.mark.parametrize(
    "entry, journal, short",
    [
        ("X. J Diabetes, 14(10)", "Journal of Diabetes", ()),
        ("X. Front Endocrinol (Lausanne). 2020", "Frontiers in Endocrinology", ()),
        ("X. Life Sci. 2022", "Life Sciences", ()),
        ("X. Diabetes Metab Syndr Obes. 2024", "Diabetes, Metabolic Syndrome and Obesity", ()),
        ("X. Proc. Natl. Acad. Sci. U.S.A. 2001", "Proceedings of the National Academy of Sciences of the United States of America", ("Proc. Natl. Acad. Sci. U.S.A.",)),
        ("X. The Journal of Headache and Pain 21", "The Journal of Headache and Pain", ()),
        ("X. PLoS ONE 7", "PLOS ONE", ()),
        ("X. Orthop Surg 15", "Orthopaedic Surgery", ()),
        ("X. IEEE Trans. Inform. Theory 52", "IEEE Transactions on Information Theory", ()),
        ("X. J. Orthop. Res. 15", "Journal of Orthopaedic Research", ()),
        ("X. JAMA 2020", "JAMA: The Journal of the American Medical Association", ()),
        ("X. Journal Orthopaedic Research 15", "Journal of Orthopaedic Research", ()),
    ],
)
def test_journal_names_and_abbreviations_are_found(entry, journal, short):
    w = work(journal=journal, short_journals=short)
    assert locate_journal(fold_text(entry), w, [(0, len(entry))]) is not None


def test_a_one_word_journal_is_found_whole_only():
    w = work(journal="Cell")
    assert locate_journal(fold_text("Smith C. Title. Cell 12"), w, [(0, 40)]) is not None
    assert locate_journal(fold_text("Smith C. Title. Cancer 12"), w, [(0, 40)]) is None


@pytest.mark.parametrize("cited", ["Proc Biol Sci", "Proc R Soc B", "Proc. R. Soc. Lond. B"])
def test_abbreviations_that_drop_words_are_compatible(cited):
    assert compatible(cited, work(journal="Proceedings of the Royal Society B: Biological Sciences"))


@pytest.mark.parametrize("cited", ["Diabetes Care", "Journal of Pain", "Nature Medicine"])
def test_other_journals_are_not_compatible(cited):
    assert not compatible(cited, work(journal="Journal of Diabetes"))
