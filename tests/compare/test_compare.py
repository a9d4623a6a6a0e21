"""The record's values looked for in the entry's raw text: what is found, what conflicts, what is another work."""

from __future__ import annotations

import pytest

from citecheck.compare import compare
from citecheck.model import FieldSpan, FieldState, Identity, Work
from tests.compare.records import entry, record

ROYAL = "10.1098/rspb.2017.0132"  # Dougherty et al., Proc. R. Soc. B 2017;284(1855):20170132
IEEE = "10.1109/tit.2019.2935775"  # Shin & Suh, IEEE Trans. Inform. Theory 66(2):813-834, 2020
BUTLER = "10.1007/bf00118278"  # Govindjee, Photosynthesis Research 10(3):151-161, 1986


def states(comparison) -> dict[str, str]:
    return {f.field: f.state.value for f in comparison.fields}


def conflicting(comparison) -> list[str]:
    return [f.field for f in comparison.fields if f.state is FieldState.CONFLICTING]


# ----------------------------------------------------------------- clean entries


def test_a_year_that_looks_like_an_issue_is_not_the_cited_year():
    text = ("Dougherty LR, van Lieshout E, McNamara KB, Moschilla JA, Arnqvist G, Simmons LW. Sexual conflict and "
            "correlated evolution between male persistence and female resistance traits in the seed beetle "
            "Callosobruchus maculatus. Proc. R. Soc. B. 2017;284(1855):20170132.")
    comparison = compare(entry(text, year=1855, volume="284", authors=("Dougherty",)), record(ROYAL))
    assert comparison.identity is Identity.SAME
    assert not conflicting(comparison)
    year = comparison.get("year")
    assert year.state is FieldState.FOUND and text[year.span[0]:year.span[1]] == "2017"
    assert comparison.get("issue").cited == "1855" and comparison.get("pages").cited == "20170132"
    assert comparison.get("journal").state is FieldState.FOUND


def test_an_abbreviation_the_record_does_not_list_is_the_journal():
    text = "S. Shin and C. Suh, “Two-Way Function Computation,” IEEE Trans. Inform. Theory, vol. 66, no. 2, pp. 813–834, Feb. 2020."
    comparison = compare(entry(text, journal="Theory", year=2020), record(IEEE))
    assert states(comparison)["journal"] == "found"
    assert comparison.get("journal").cited == "IEEE Trans. Inform. Theory"
    assert not conflicting(comparison)


@pytest.mark.parametrize("text", [
    "Govindjee. Publications of Warren L. Butler on photosynthesis. Photosynth Res. 1986;10(3):151-61.",
    "Govindjee (1986) Publications of Warren L. Butler on photosynthesis. Photosynthesis Research 10: 151–161",
])
def test_an_author_glued_onto_the_title_changes_nothing(text):
    # A parser reading "Govindjee. Publications of..." as the title.
    parsed = entry(text, title=text.split(" 1986")[0], authors=(), year=1986)
    comparison = compare(parsed, record(BUTLER))
    assert comparison.identity is Identity.SAME and not conflicting(comparison)
    assert comparison.get("author").state is FieldState.FOUND


def test_the_blog_style_with_et_al_and_no_initials():
    text = "Shin et al. (2020). Two-way function computation. IEEE Transactions on Information Theory, 66(2), 813-834."
    # A parser reading the author as the journal.
    comparison = compare(entry(text, journal="Shin et al", year=2020, volume="66", issue="2"), record(IEEE))
    assert comparison.identity is Identity.SAME
    assert not conflicting(comparison)
    assert states(comparison) | {} == {**states(comparison), "author": "found", "year": "found", "volume": "found",
                                       "issue": "found", "pages": "found", "journal": "found", "title": "found"}


def test_headline_case_markup_and_a_dropped_subtitle_still_find_the_title():
    work = Work(doi="10.1/x", title="Gut microbiota regulates neuropathic pain", subtitle="potential mechanisms",
                authors=("Lin",), year=2020)
    for cited in ("GUT MICROBIOTA REGULATES NEUROPATHIC PAIN: POTENTIAL MECHANISMS",
                  "Gut Microbiota Regulates Neuropathic Pain",
                  "*Gut microbiota* regulates neuropathic pain: potential mechanisms"):
        comparison = compare(entry(f"Lin B. {cited}. Pain. 2020."), work)
        assert comparison.get("title").state is FieldState.FOUND, cited
        assert comparison.identity is Identity.SAME


def test_a_title_cut_short_is_the_title():
    text = ("Dougherty LR et al. Sexual conflict and correlated evolution between male persistence and female "
            "resistance traits… Proc R Soc B 2017;284:20170132")
    comparison = compare(entry(text), record(ROYAL))
    title = comparison.get("title")
    assert title.state is FieldState.FOUND and title.note == "title cut short"


def test_names_with_particles_and_accents():
    text = "Dougherty LR, Van Lieshout E. Sexual conflict and correlated evolution. Proc R Soc B. 2017;284:20170132."
    comparison = compare(entry(text), record(ROYAL))
    assert comparison.get("authors").state is FieldState.FOUND
    work = Work(doi="10.1/y", title="A study of things here", authors=("Müller",), year=2001,
                raw={"author": [{"family": "Müller", "given": "Anna"}]})
    for written in ("Mueller A", "Muller A", "MÜLLER, A."):
        assert compare(entry(f"{written}. A study of things here. 2001."), work).get("author").state is FieldState.FOUND


def test_print_and_online_years_both_count():
    work = Work(doi="10.1/z", title="Some measured result of note", authors=("Kaur",), year=2010,
                online_year=2009, print_year=2010)
    comparison = compare(entry("Kaur G et al. Some measured result of note. Br J Nutr. 2009;103(1):32-7."), work)
    assert comparison.get("year").state is FieldState.FOUND and comparison.get("year").note == "online year"


def test_page_ranges_written_short_and_e_locators():
    text = "Dougherty LR, et al. Sexual conflict and correlated evolution. Proc R Soc B 2017;284:e20170132."
    assert compare(entry(text), record(ROYAL)).get("pages").state is FieldState.FOUND
    text = "Shin S, Suh C. Two-way function computation. IEEE Trans Inf Theory. 2020;66(2):813-34."
    pages = compare(entry(text), record(IEEE)).get("pages")
    assert pages.state is FieldState.FOUND and pages.cited == "813-34"


# ------------------------------------------------------------ conflicts, with spans


@pytest.mark.parametrize("field, old, new", [
    ("year", "2020;66", "2019;66"),
    ("volume", ";66(2)", ";67(2)"),
    ("issue", "66(2)", "66(3)"),
    ("pages", "813-834", "831-834"),
    ("author", "Shin S, Suh C.", "Chin S, Suh C."),
])
def test_one_wrong_value_is_conflicting_and_names_both_values(field, old, new):
    clean = "Shin S, Suh C. Two-way function computation. IEEE Trans Inf Theory. 2020;66(2):813-834."
    text = clean.replace(old, new)
    assert text != clean
    comparison = compare(entry(text), record(IEEE))
    assert comparison.identity is Identity.SAME
    assert conflicting(comparison) == [field]
    compared = comparison.get(field)
    assert compared.cited and compared.record and compared.cited != compared.record
    assert text[compared.span[0]:compared.span[1]] == compared.cited
    assert compared.cited in new


def test_a_first_author_moved_down_the_list_is_named_with_its_place():
    text = "Suh C, Shin S. Two-way function computation. IEEE Trans Inf Theory. 2020;66(2):813-834."
    comparison = compare(entry(text, authors=("Suh", "Shin")), record(IEEE))
    author = comparison.get("author")
    assert author.state is FieldState.CONFLICTING and author.note == "Suh is author 2 of 2"


# ------------------------------------------------------------------ identity


def test_another_papers_doi_is_another_work_and_nothing_else():
    text = "Shin S, Suh C. Two-way function computation. IEEE Trans Inf Theory. 2020;66(2):813-834."
    comparison = compare(entry(text, year=2020, volume="66"), record(BUTLER))
    assert comparison.identity is Identity.OTHER
    assert not conflicting(comparison)


def test_a_bare_link_or_an_empty_record_confirms_nothing():
    bare = compare(entry("https://doi.org/10.1109/tit.2019.2935775"), record(IEEE))
    assert bare.identity is Identity.UNKNOWN and not conflicting(bare)
    empty = Work(doi="10.1/empty", year=2020, volume="3")
    nothing = compare(entry("Smith J. A title of some length. Journal. 2021;4:1-2."), empty)
    assert nothing.identity is Identity.UNKNOWN and not conflicting(nothing)


# ------------------------------------------------------------------ readings


def test_a_tagger_span_of_low_confidence_never_makes_a_conflict():
    text = "Shin S, Suh C. Two-way function computation. IEEE Trans Inf Theory. 2020;67(2):813-834."
    start = text.index("67")
    sure = entry(text, spans=(FieldSpan("volume", start, start + 2, 0.97),))
    unsure = entry(text, spans=(FieldSpan("volume", start, start + 2, 0.4),))
    assert compare(sure, record(IEEE)).get("volume").state is FieldState.CONFLICTING
    assert compare(unsure, record(IEEE)).get("volume").state is FieldState.NOT_COMPARED


def test_a_number_the_tagger_calls_something_else_is_not_read_as_the_field():
    text = "Shin S, Suh C. Two-way function computation. IEEE Trans Inf Theory. 2020;67(2):813-834."
    start = text.index("67")
    other = entry(text, spans=(FieldSpan("issue", start, start + 2, 0.95),))
    assert compare(other, record(IEEE)).get("volume").state is not FieldState.CONFLICTING


def test_spans_are_exact_offsets_into_the_entry():
    text = "  Shin, S., & Suh, C. (2020). Two-way function computation. IEEE Trans. Inform. Theory, 66(2), 813–834."
    comparison = compare(entry(text), record(IEEE))
    for compared in comparison.fields:
        if compared.span is not None:
            assert text[compared.span[0]:compared.span[1]] == compared.cited, compared
    assert comparison.get("title").cited == "Two-way function computation"


def test_a_title_the_reader_cut_in_two_is_no_misquoted_title():
    # The entry lost "Sexual conflict and": what is left is a piece of the record's title, not another title.
    text = ("Dougherty LR, van Lieshout E, McNamara KB, Moschilla JA, Arnqvist G, Simmons LW. correlated evolution "
            "between male persistence and female resistance traits in the seed beetle Callosobruchus maculatus. "
            "Proc. R. Soc. B. 2017;284(1855):20170132.")
    start, end = text.index("correlated"), text.index(". Proc")
    comparison = compare(entry(text, spans=(FieldSpan("title", start, end, 0.95),)), record(ROYAL))
    assert comparison.identity is Identity.SAME
    assert comparison.get("title").state is FieldState.NOT_COMPARED and not conflicting(comparison)


def test_a_paraphrased_title_is_misquoted():
    text = ("Dougherty LR, van Lieshout E, McNamara KB, Moschilla JA, Arnqvist G, Simmons LW. Sexual conflict and "
            "joint evolution of male persistence and female resistance in seed beetles. "
            "Proc. R. Soc. B. 2017;284(1855):20170132.")
    start, end = text.index("Sexual"), text.index(". Proc")
    comparison = compare(entry(text, spans=(FieldSpan("title", start, end, 0.95),)), record(ROYAL))
    title = comparison.get("title")
    assert conflicting(comparison) == ["title"] and title.cited == text[start:end] and title.record.startswith("Sexual")


def test_a_title_read_inside_the_journal_is_no_title():
    # A style that prints no title: the reader's "title" is a word of the journal.
    text = "S. Shin and C. Suh, IEEE Trans. Inf. Theory 66, 813 (2020)."
    start = text.index("IEEE")
    comparison = compare(entry(text, spans=(FieldSpan("title", start, start + 4, 0.9),)), record(IEEE))
    assert comparison.get("journal").state is FieldState.FOUND
    assert comparison.get("title").state is FieldState.ABSENT
