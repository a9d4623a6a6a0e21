"""Field comparisons accept every form that means the same value."""

from __future__ import annotations

import pytest

from citecheck.checks.compare import (
    is_other_work,
    same_family_name,
    same_journal,
    same_locator,
    same_pages,
    title_similarity,
)
from citecheck.model import Reference, Work


def work(**fields) -> Work:
    return Work(doi="10.1/x", **fields)


@pytest.mark.parametrize("cited", ["695-710", "695–710", "695-10", "695 - 710", "pp. 695-710", "695"])
def test_page_ranges_that_are_equal(cited):
    assert same_pages(cited, work(pages="695-710"))


@pytest.mark.parametrize("cited", ["659-710", "695-701", "696-710", "1695-1710"])
def test_page_ranges_that_differ(cited):
    assert not same_pages(cited, work(pages="695-710"))


@pytest.mark.parametrize(
    "cited, fields",
    [
        ("e42496", {"pages": "e42496"}),
        ("e42496", {"article_number": "e42496"}),
        ("42496", {"article_number": "e42496"}),
        ("120961", {"article_number": "120961"}),
        ("605", {"article_number": "605"}),
    ],
)
def test_article_numbers_count_as_pages(cited, fields):
    assert same_pages(cited, work(**fields))


@pytest.mark.parametrize(
    "cited, journal, short",
    [
        ("J Diabetes", "Journal of Diabetes", ()),
        ("Front Endocrinol (Lausanne)", "Frontiers in Endocrinology", ()),
        ("Life Sci", "Life Sciences", ()),
        ("Diabetes Metab Syndr Obes", "Diabetes, Metabolic Syndrome and Obesity", ()),
        ("Proc Natl Acad Sci USA", "Proceedings of the National Academy of Sciences of the United States of America", ("Proc. Natl. Acad. Sci. U.S.A.",)),
        ("The Journal of Headache and Pain", "The Journal of Headache and Pain", ()),
        ("PLoS ONE", "PLOS ONE", ()),
        ("Orthop Surg", "Orthopaedic Surgery", ()),
    ],
)
def test_journal_abbreviations_are_not_mismatches(cited, journal, short):
    assert same_journal(cited, work(journal=journal, short_journals=short))


@pytest.mark.parametrize("cited", ["Diabetes Care", "Journal of Pain", "Nature Medicine"])
def test_other_journals_are_mismatches(cited):
    assert not same_journal(cited, work(journal="Journal of Diabetes"))


def test_volume_and_issue_forms():
    assert same_locator("1/2", "1-2")
    assert same_locator(" 14 ", "14")
    assert not same_locator("14", "41")


def test_family_names():
    assert same_family_name("Dekker Nitert", "Dekker Nitert")
    assert same_family_name("Muller", "Müller")
    assert same_family_name("de Courten", "Courten")
    assert not same_family_name("Turnbough", "Turnbaugh")
    assert not same_family_name("Ann", "An")


def test_title_similarity_tolerates_case_and_subtitle():
    w = work(title="Gut microbiota regulates neuropathic pain", subtitle="potential mechanisms and therapeutic strategy")
    assert title_similarity("Gut microbiota regulates neuropathic pain: potential mechanisms and therapeutic strategy", w) > 0.95
    assert title_similarity("GUT MICROBIOTA REGULATES NEUROPATHIC PAIN", w) > 0.95
    assert title_similarity("Alterations in the gut microbiota and metabolite profiles", w) < 0.6


def test_other_work_needs_title_and_author_to_disagree():
    w = work(title="Altered gut microbiota composition is associated with back pain", authors=("Dekker Nitert",), year=2020)
    misquoted = Reference(id="R1", line=1, text="", authors=("Dekker Nitert",), title="Gut microbiota and back pain in obesity", year=2020)
    other = Reference(id="R1", line=1, text="", authors=("An",), title="Electroacupuncture reduces blood glucose in mice", year=2022)
    assert not is_other_work(misquoted, w)
    assert is_other_work(other, w)


def test_a_reference_without_a_real_title_is_not_another_work_by_title():
    w = work(title="Short-term docosapentaenoic acid supplementation in rats", authors=("Kaur",), year=2010)
    bare_link = Reference(id="R1", line=1, text="http://www.ncbi.nlm.nih.gov/pubmed/19650956", title="/19650956")
    assert not is_other_work(bare_link, w)


def test_a_paper_on_the_same_topic_with_every_other_field_different_is_another_work():
    webb = work(title="FoxP2 in song-learning birds and vocal-learning mammals", authors=("Webb", "Zhang"),
                year=2005, journal="Journal of Heredity", volume="96", pages="212-216")
    haesler = Reference(id="R2", line=1, text="", authors=("Haesler",), year=2004, journal="J Neurosci",
                        volume="24", pages="3164-3175", title="FoxP2 expression in avian vocal learners and non-learners")
    assert is_other_work(haesler, webb)
    # The same reference with only the title paraphrased is the same work, misquoted.
    same = work(title="FoxP2 expression in avian vocal learners and non-learners", authors=("Haesler",),
                year=2004, journal="The Journal of Neuroscience", volume="24", pages="3164-3175")
    paraphrased = Reference(id="R2", line=1, text="", authors=("Haesler",), year=2004, journal="J Neurosci",
                            volume="24", pages="3164-3175", title="FoxP2 is expressed in birds that learn songs")
    assert not is_other_work(paraphrased, same)


@pytest.mark.parametrize("cited", ["Suppl 3", "Suppl. 3", "Supplement 3", "suppl_3"])
def test_supplement_issues_are_the_same_issue(cited):
    assert same_locator(cited, "Supplement_3")
    assert not same_locator(cited, "Supplement_4")
