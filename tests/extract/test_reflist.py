"""Finding reference lists and cutting them into entries: the shapes lists take, and exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.extract.cite_link import leading_names
from citecheck.extract.reflist import body_text, find_entries, find_references
from citecheck.ingest import document_from_text, read_document
from citecheck.model import Reference

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"

BODY = (
    "Gut bacteria influence weight, and several studies looked at this question in detail.\n\n"
    "The findings were mixed, as the papers below show.\n\n"
)

MLA = [
    'Ferguson, Douglas A., and Elizabeth M. Perse. "The World Wide Web as a Functional Alternative to Television." '
    "Journal of Broadcasting & Electronic Media, vol. 44, no. 2, 2000, pp. 155-74.",
    'Kohls, Alexander, and Salvatore Mele. "Converting the Literature of a Scientific Field to Open Access." '
    "Publications, vol. 6, no. 2, 2018, p. 17.",
    'Lamb, Brian, et al. "Reading Habits in the Digital Age." Library Quarterly, vol. 80, no. 1, 2010, pp. 1-20.',
    'Mangen, Anne, et al. "Reading Linear Texts on Paper versus Computer Screen." International Journal of '
    "Educational Research, vol. 58, 2013, pp. 61-68.",
    'Renear, Allen H., and Carole L. Palmer. "Strategic Reading, Ontologies, and the Future of Scientific '
    'Publishing." Science, vol. 325, no. 5942, 2009, pp. 828-32.',
    'Singer, Lauren M., and Patricia A. Alexander. "Reading on Paper and Digitally." Review of Educational '
    "Research, vol. 87, no. 6, 2017, pp. 1007-41.",
    'Wolf, Maryanne, and Mirit Barzillai. "The Importance of Deep Reading." Educational Leadership, vol. 66, '
    "no. 6, 2009, pp. 32-37.",
    'Yamamoto, Keiko, et al. "Screen Reading and Eye Strain." Ergonomics, vol. 61, no. 3, 2018, pp. 1-12.',
]


def refs(text: str, name: str = "article.txt") -> tuple[Reference, ...]:
    return find_references(document_from_text(text, name))


def test_eight_mla_entries_on_consecutive_lines_are_eight_entries() -> None:
    found = refs(BODY + "Works Cited\n" + "\n".join(MLA) + "\n")
    assert [r.text for r in found] == MLA
    assert found[0].section == "Works Cited"


@pytest.mark.parametrize(
    "entries, years",
    [
        (
            [
                "Smith, J., & Lee, K. (2018). Sleep and pain in adults. Pain, 159(3), 400-410.",
                "Smith, J., Lee, K., & Park, C. (2019). Sleep and pain in children. Pain, 160(2), 100-110.",
                "Smith, J. (2020). Heat and sleep. Sleep Medicine, 70, 1-9. https://doi.org/10.1016/j.sleep.2020.01.001",
            ],
            [2018, 2019, 2020],
        ),
        (  # lines of one length, as if wrapped, and years told apart by a letter
            [
                "Smith, J. 2018a. Sleep and pain. Pain 159: 400-410.",
                "Smith, J. 2018b. Sleep and heat. Pain 159: 500-510.",
                "Smith, J. and Lee, K. 2019. Sleep and noise. Sleep 42: 1-8.",
            ],
            [2018, 2018, 2019],
        ),
        (
            [
                "Smith, John. 2018a. Sleep and pain. Pain 159: 400-410.",
                "Smith, John. 2018b. Sleep and heat. Pain 159: 500-510.",
                "Smith, John, and Kim Lee. 2019. Sleep and noise. Sleep 42: 1-8.",
            ],
            [2018, 2018, 2019],
        ),
    ],
    ids=["apa", "harvard", "chicago"],
)
def test_adjacent_entries_of_one_first_author_stay_apart(entries: list[str], years: list[int]) -> None:
    found = refs(BODY + "References\n" + "\n".join(entries) + "\n")
    assert [r.text for r in found] == entries
    assert [r.year for r in found] == years


def test_duplicate_entries_under_different_numbers_stay_separate() -> None:
    entry = "Kim SH, Kaminker P, Campisi J. Telomeres, aging and cancer. Oncogene. 2002;21(4):503-11."
    found = refs(BODY + f"References\n\n1. {entry}\n2. Other A. A title. J Biol. 2001;3:4-5.\n3. {entry}\n")
    assert [r.number for r in found] == [1, 2, 3]
    assert found[0].text == found[2].text == entry


def test_wikipedia_back_link_letters_are_not_part_of_the_entry() -> None:
    found = refs(
        BODY
        + "References\n\n"
        + "^ a b Do L, Syed N, Tran T. Sleep in shift workers. J Sleep Res. 2019;28(2):e12700.\n"
        + "^ Brunker SW, Salzer JJ. Gas in galaxies. Astron J. 2020;159(2):75.\n"
    )
    assert [r.text[:10] for r in found] == ["Do L, Syed", "Brunker SW"]
    assert [r.number for r in found] == [1, 2]
    assert found[0].authors == ("Do", "Syed", "Tran")
    assert leading_names(found[0])[0][0] == "Do"


def test_hanging_indent_without_blank_lines_and_exact_multi_line_text() -> None:
    text = (
        BODY
        + "REFERENCES\n"
        + "Beuerlein ME, Schuller DE, DeYoung BR. Maxillary malignant\n"
        + "    mesenchymoma and massive fibrous dysplasia. Arch Otolaryngol\n"
        + "    Head Neck Surg. 1997;123(1):106-9.\n"
        + "Gann PH. Benefits of targeted use of 5-alpha-reductase inhibitors in\n"
        + "    patients with prostate cancer. JAMA Intern Med. 2019;179(10):1441.\n"
    )
    document = document_from_text(text, "a.txt")
    found = find_references(document)
    assert len(found) == 2
    assert found[0].text == (
        "Beuerlein ME, Schuller DE, DeYoung BR. Maxillary malignant\n"
        "    mesenchymoma and massive fibrous dysplasia. Arch Otolaryngol\n"
        "    Head Neck Surg. 1997;123(1):106-9."
    )
    assert (found[0].text_line, found[0].text_end_line) == (6, 8)


def test_two_entries_glued_on_one_line_are_split_at_the_second() -> None:
    glued = (
        "Chen X, Wang Z. Gut microbes and sleep. J Sleep Res. 2020;28(4):1425-37. "
        "https://doi.org/10.1111/jsr.1234 Lin B, Wang Y. Microbiota and pain. Pain. 2020;161(2):200-9. "
        "https://doi.org/10.1097/j.pain.0000000000001234"
    )
    found = refs(BODY + "References\n\n" + glued + "\n")
    assert [r.doi for r in found] == ["10.1111/jsr.1234", "10.1097/j.pain.0000000000001234"]
    assert found[1].text.startswith("Lin B, Wang Y.")


def test_two_author_and_year_openings_on_one_line_are_two_entries() -> None:
    glued = (
        "Twittenhoff C, Heroven AK, Narberhaus F (2020) An RNA thermometer dictates production. "
        "Nucleic Acids Res 48(9): 4905-4917. Rocamora F, Zhu L, Liong KY (2018) Oxidative stress and "
        "protein damage. PLoS Pathog 14(3): e1006930."
    )
    found = refs(BODY + "References\n\n" + glued + "\n")
    assert [r.year for r in found] == [2020, 2018]


@pytest.mark.parametrize(
    "entries",
    [
        [  # MLA: family name, given name, then a quoted title; the year comes late
            'Smith, John, and Kim Lee. "Sleep and Pain." Pain, vol. 159, no. 3, 2018, pp. 400-10.',
            'Park, Chan, et al. "Heat and Sleep." Sleep Medicine, vol. 70, 2020, pp. 1-9.',
            'Wu, Ann M. "Noise at Night." Sleep, vol. 42, no. 1, 2019, pp. 1-8.',
        ],
        [  # IEEE: initials first, then a quoted title
            'J. Smith and K. Lee, "Sleep and pain in adults," Pain, vol. 159, pp. 400-410, 2018.',
            'C. Park, "Heat and sleep," Sleep Med., vol. 70, pp. 1-9, 2020.',
            'A. B. Wu, C. Li, and D. Xu, "Noise at night," Sleep, vol. 42, pp. 1-8, 2019.',
        ],
    ],
    ids=["mla", "ieee"],
)
def test_entries_glued_on_one_line_split_at_each_author_opening_in_any_style(entries: list[str]) -> None:
    found = refs(BODY + "References\n\n" + " ".join(entries) + "\n")
    assert [r.text for r in found] == entries
    assert [r.year for r in found] == [2018, 2020, 2019]


def test_names_inside_one_entry_do_not_split_it() -> None:
    entries = [
        'Smith, John. "Sleep and Pain." Sleep Across Cultures, edited by Ann Wu and Bo Li, Oxford UP, 2018, pp. 4-9.',
        'J. Smith, "Sleep and pain," in Proc. Sleep Conf., K. Lee, Ed. Boston: Sleep Society, 2018, pp. 1-9.',
    ]
    found = refs(BODY + "References\n\n" + "\n\n".join(entries) + "\n")
    assert [r.text for r in found] == entries


NUMBERED = [
    "Kim SH, Kaminker P, Campisi J. Telomeres, aging and cancer. Oncogene. 2002;21(4):503-11.",
    "Chen X, Wang Z, Guo H. Gut microbes and sleep. J Sleep Res. 2020;28(4):1425-37.",
    "Lin B, Wang Y. Microbiota and pain. Pain. 2020;161(2):200-9.",
]
SUPERSCRIPTS = "\u00b9\u00b2\u00b3"


@pytest.mark.parametrize(
    "numbered",
    [
        "".join(f"{n} {entry}\n" for n, entry in enumerate(NUMBERED, 1)),  # a number and a space
        "".join(f"{SUPERSCRIPTS[n - 1]} {entry}\n" for n, entry in enumerate(NUMBERED, 1)),  # copied superscripts
        "".join(f"{n}\n{entry}\n\n" for n, entry in enumerate(NUMBERED, 1)),  # the number on a line of its own
        "".join(f"[{n}]\n\n{entry}\n\n" for n, entry in enumerate(NUMBERED, 1)),
    ],
    ids=["space", "superscript", "own-line", "own-paragraph"],
)
def test_numbers_written_without_a_marker_number_the_list(numbered: str) -> None:
    found = refs(BODY + "References\n\n" + numbered)
    assert [(r.number, r.text) for r in found] == list(enumerate(NUMBERED, 1))


def test_lines_opening_with_numbers_that_do_not_count_up_are_no_list() -> None:
    text = BODY + "You need:\n\n2 Eggs and some flour\n3 Cups of milk, warm\n\nBake for an hour, 2019 style.\n"
    assert refs(text) == ()
    found = refs(BODY + "References\n\n" + f"3 {NUMBERED[0]}\n\n7 {NUMBERED[1]}\n")
    assert [r.number for r in found] == [None, None]


@pytest.mark.parametrize(
    "last", ["World Health Organization. Sleep report 2019.", "Sleep Foundation (2020) Sleep facts."]
)
def test_a_short_last_entry_with_a_year_of_its_own_is_an_entry(last: str) -> None:
    first = "Smith J, Lee K. Sleep and pain. Pain. 2018;159(3):400-10."
    assert [r.text for r in refs(BODY + f"References\n\n{first}\n{last}\n")] == [first, last]


def test_lines_that_belong_to_the_entry_above_stay_in_it() -> None:
    entries = [
        "Smith J, Lee K. Sleep and pain. Pain. 2018 Mar;159(3):400-10.\nErratum in: Pain. 2019;160(1):5.",
        "Smith, J. (2018). Sleep and pain in adults. Pain, 159(3), 400-410.\nRetrieved March 3, 2020, from https://x.org/a",
    ]
    assert [r.text for r in refs(BODY + "References\n\n" + "\n\n".join(entries) + "\n")] == entries


def test_one_entry_with_its_doi_twice_is_one_entry() -> None:
    entry = (
        "Naschitz JE, Abinader EG. Pulsatile varicose veins. Am J Cardiol. 1993;72(9):746. "
        "doi:10.1016/0002-9149(93)90900-b <https://doi.org/10.1016/0002-9149(93)90900-b>"
    )
    assert [r.text for r in refs(BODY + "References\n\n1. " + entry + "\n")] == [entry]


def test_footnote_markers_in_paragraphs_never_cut_them_into_entries() -> None:
    text = (
        "# Fasting\n\n"
        "Fasting changes gut bacteria[^1] and may lower blood sugar.[^2] People who fast report more energy, "
        "better sleep and less hunger after the first week[^1], though not everyone.[^2]\n\n"
        "[^1]: Zeb F, Wu X, Chen L. Effect of time-restricted feeding. Br J Nutr. 2020;123(11):1216-26.\n"
        "[^2]: Patterson RE, Sears DD. Metabolic effects of intermittent fasting. Annu Rev Nutr. 2017;37:371-93.\n"
        "[^3]: I felt tired too, in the first week.\n"
        "[^4]: The journey was from Prague to Brno, and the train was late.\n"
    )
    found = refs(text, "post.md")
    assert [r.number for r in found] == [1, 2]
    assert [r.first_author for r in found] == ["Zeb", "Patterson"]


def test_a_list_without_heading_is_found_and_the_footer_after_it_is_not() -> None:
    text = (
        BODY
        + "Chafe, R., Harnum, D., & Porter, R. (2016). Improving the treatment of pain in children. "
        "Paediatrics & Child Health, 21(2), 1-9. https://doi.org/10.1093/pch/21.2.1\n\n"
        + "Hawley, R. J. (2004). Sleep medicine pearls. Archives of Neurology, 61(1), 153.\n\n"
        + "Share this:\n\nPosted on May 24, 2024 by admin\n\nMay 24, 2024\n\n"
        "Recent Posts\n\nWhy your back hurts in the morning\n\n"
    )
    found = refs(text)
    assert [r.first_author for r in found] == ["Chafe", "Hawley"]
    assert found[0].section is None


def test_a_footer_in_words_no_list_knows_is_not_taken_either() -> None:
    # No heading, no footer word of any list: a byline with its day, a company's name and year.
    entries = [
        "Smith, J., & Lee, K. (2018). Sleep and pain. Pain, 159(3), 400-410.",
        "Walker, M. (2017). Why We Sleep. Scribner.",
    ]
    footer = "Werden Sie heute Mitglied!\nDr. Jane Roe, 12 March 2024\nGuten Morgen Schlafblog GmbH 2024\n"
    found = refs(BODY + "\n".join(entries) + "\n" + footer)
    assert [r.text for r in found] == entries


def test_prose_with_years_and_a_lone_date_is_no_reference_list() -> None:
    text = (
        "In 2019 the clinic opened, and by 2021 it saw 300 patients a week.\n\n"
        "We moved in March 2022. The new building has 12 rooms.\n\n"
        "May 24, 2024\n"
    )
    assert refs(text) == ()


def test_a_lone_reference_needs_a_heading_or_an_identifier() -> None:
    lone = "Smith J. Sleep and heat. Sleep. 2018;41(1):1-9."
    assert refs(BODY + "References\n\n" + lone + "\n")[0].text == lone
    with_doi = lone + " doi:10.1093/sleep/zsx001"
    assert refs(BODY + with_doi + "\n\nThanks for reading.\n")[0].doi == "10.1093/sleep/zsx001"


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.glob("*") if p.suffix in (".txt", ".md", ".html")))
def test_every_reference_text_is_the_document_text_at_its_offset(name: str) -> None:
    document = read_document(ARTICLES / name)
    for reference in find_references(document):
        assert reference.start is not None
        assert document.text[reference.start : reference.start + len(reference.text)] == reference.text
        for span in reference.spans:
            assert 0 <= span.start <= span.end <= len(reference.text)


def test_a_field_of_a_markdown_entry_maps_back_to_the_file() -> None:
    source = (
        "# Heart\n\nCase reports are useful.[1]\n\n## References\n\n"
        "1. Naschitz JE, Abinader EG. Pulsatile varicose veins. *Am J Cardiol*. 1993;72(9):746. "
        "[doi](https://doi.org/10.1016/0002-9149(93)90900-b)\n"
    )
    document = document_from_text(source, "post.md")
    (reference,) = find_references(document)
    start = reference.start + reference.text.index("1993")
    span = document.source_span(start, start + 4)
    assert span is not None and source[span[0] : span[1]] == "1993"
    start = reference.start + reference.text.index("https://doi.org")
    end = reference.start + reference.text.index(">", start - reference.start)
    span = document.source_span(start, end)
    assert span is not None and source[span[0] : span[1]] == "https://doi.org/10.1016/0002-9149(93)90900-b"


def test_body_text_blanks_only_list_entries() -> None:
    document = document_from_text(BODY + "References\n\n1. Smith J. A title. J Biol. 2020;1:2-3.\n", "a.txt")
    found = find_references(document)
    body = body_text(document, found)
    assert len(body) == len(document.text)
    assert "Smith J." not in body and "References" in body and "Gut bacteria" in body


def test_entries_know_their_marker_and_section() -> None:
    document = document_from_text(BODY + "Sources:\n[1] Smith J. A title. J Biol. 2020;1:2-3.\n", "a.txt")
    (entry,) = find_entries(document)
    assert (entry.marker, entry.number, entry.section) == ("bracket", 1, "Sources")


def test_an_entry_opening_with_names_before_its_year_has_those_authors() -> None:
    (reference,) = refs(BODY + "References\n\nGavilov LA and 8 others. 1997. Mutation load and human longevity. Mut Res 377:61-62.\n")
    assert (reference.first_author, reference.et_al, reference.year) == ("Gavilov", True, 1997)
    assert reference.title == "Mutation load and human longevity"
