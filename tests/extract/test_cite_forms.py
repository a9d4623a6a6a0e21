"""The citations bloggers write, read through the whole extractor: numbers, superscripts, footnotes, links, MLA.

Each test writes a small article (text, Markdown or HTML), runs
`citecheck.extract.extractor.extract` on it and checks which citations are
found, what they link to, and where they are (`Citation.start`/`end`).
"""

from __future__ import annotations

import pytest

from citecheck.extract.cite_find import find_citations
from citecheck.extract.cite_link import Index, leading_names
from citecheck.extract.extractor import extract
from citecheck.ingest import document_from_text
from citecheck.model import Citation, Extraction, Reference

NUMBERED = (
    "\n\nReferences\n\n"
    "1. Chen X, Wang Z, Guo H. Gut microbes and sleep. J Sleep Res. 2020;28(4):1425-37. doi:10.1111/jsr.1234\n"
    "2. Lin B, Wang Y. Microbiota and pain. Pain. 2020;161(2):200-9.\n"
    "3. Smith J, Jones K. Sleep loss. Nature. 2019;1:2-3.\n"
    "4. Lee A, Park B. Sleep and heat. Sleep. 2018;41(1):1-9.\n"
    "5. Kim C. Heat and pain. Pain Med. 2017;18(3):400-8.\n"
)


def run(body: str, tail: str = NUMBERED, name: str = "a.txt") -> Extraction:
    return extract(document_from_text(body + tail, name))


def linked(extraction: Extraction) -> list[tuple[str, tuple[int, ...]]]:
    """(citation text, numbers of the entries it links to) for every citation."""
    number = {r.id: r.number for r in extraction.references}
    return [(c.text, tuple(number[i] for i in c.references)) for c in extraction.citations]


def assert_offsets(extraction: Extraction) -> None:
    text = extraction.document.text
    for citation in extraction.citations:
        assert citation.start is not None and citation.end is not None
        assert " ".join(text[citation.start : citation.end].split()) == citation.text


# ------------------------------------------------------------------ numeric


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Poor sleep makes pain worse [2].", [("[2]", (2,))]),
        ("Poor sleep makes pain worse (2).", [("(2)", (2,))]),
        ("Poor sleep makes pain worse [1-3].", [("[1-3]", (1, 2, 3))]),
        ("Poor sleep makes pain worse [2][3].", [("[2][3]", (2, 3))]),
        (
            "Sleep helps\u00b9, heat helps\u00b2, and poor sleep makes pain worse\u00b9\u00b3.",
            [("\u00b9", (1,)), ("\u00b2", (2,)), ("\u00b9\u00b3", ())],
        ),
        ("Poor sleep makes pain worse\u00b2.", [("\u00b2", (2,))]),
        ("Two trials agree\u00b3\u207b\u2075.", [("\u00b3\u207b\u2075", (3, 4, 5))]),
        ("A review agreed\u00b9,\u00b2.", [("\u00b9,\u00b2", (1, 2))]),
        ("Two trials agree.\u00b3\u207b\u2075", [("\u00b3\u207b\u2075", (3, 4, 5))]),
        ("It was first made in the late 1980s\u00b9.", [("\u00b9", (1,))]),
    ],
)
def test_numeric_citations(body: str, expected) -> None:
    extraction = run(body)
    assert linked(extraction) == expected
    assert_offsets(extraction)


def test_superscripts_that_are_exponents_units_or_isotopes_are_not_citations() -> None:
    extraction = run("A 10 m\u00b2 room held 10\u2076 cells and \u2078\u2079Zr tracers; Ca\u00b2\u207a rose. It helps\u00b9.")
    assert linked(extraction) == [("\u00b9", (1,))]


def test_html_and_markdown_sup_numbers_are_superscript_citations() -> None:
    html = run(
        "<p>Poor sleep makes pain worse<sup>2</sup>, in a 10 m<sup>2</sup> room.</p>"
        "<h2>References</h2><ol><li>Chen X, Wang Z. Gut microbes and sleep. J Sleep Res. 2020;28(4):1425-37.</li>"
        "<li>Lin B, Wang Y. Microbiota and pain. Pain. 2020;161(2):200-9.</li></ol>",
        tail="",
        name="a.html",
    )
    assert linked(html) == [("\u00b2", (2,))]
    citation = html.citations[0]
    span = html.document.source_span(citation.start, citation.end)
    assert span is not None and html.document.source[span[0] - 5 : span[1] + 6] == "<sup>2</sup>"
    markdown = run("Poor sleep makes pain worse.<sup>1,2</sup>\n" + NUMBERED, tail="", name="a.md")
    assert linked(markdown) == [("\u00b9,\u00b2", (1, 2))]


def test_a_number_past_the_end_of_the_list() -> None:
    # In brackets, always a citation (CC501 reports it).
    assert linked(run("Heat helps [9].")) == [("[9]", ())]
    # In parentheses, only where the article cites that way and the number closes its clause.
    cited = run("Sleep helps (1). Pain eases (2). Heat helps (9).")
    assert linked(cited) == [("(1)", (1,)), ("(2)", (2,)), ("(9)", ())]
    assert linked(run("Heat helps (9).")) == []  # the article does not cite with parentheses
    enumeration = run("Sleep helps (1) and pain eases (2). We found (1) more sleep and (9) less pain.")
    assert ("(9)", ()) not in linked(enumeration)


def test_markdown_footnotes_are_the_list_and_their_markers_cite() -> None:
    text = (
        "# Fasting\n\n"
        "Fasting changes gut bacteria[^1] and may lower blood sugar.[^2] Some feel tired.[^3] "
        "A claim with a lost note[^7].\n\n"
        "[^1]: Zeb F, Wu X, Chen L. Effect of time-restricted feeding. Br J Nutr. 2020;123(11):1216-26.\n"
        "[^2]: Patterson RE, Sears DD. Metabolic effects of intermittent fasting. Annu Rev Nutr. 2017;37:371-93.\n"
        "[^3]: I felt tired too, in the first week.\n"
    )
    extraction = run(text, tail="", name="post.md")
    assert [r.number for r in extraction.references] == [1, 2]
    assert linked(extraction) == [("[^1]", (1,)), ("[^2]", (2,)), ("[^7]", ())]


def test_note_numbers_linked_to_the_notes_cite_them_in_html_and_markdown() -> None:
    entries = [line.split(". ", 1)[1] for line in NUMBERED.strip().splitlines()[2:5]]
    html = run(
        '<p>Poor sleep makes pain worse.<sup><a href="#fn1" id="r1">1</a></sup> Heat helps'
        '<sup id="r2"><a href="#fn2" class="footnote-ref">2</a></sup>.</p><div class="footnotes"><ol>'
        + "".join(f'<li id="fn{n}">{entry} <a href="#r{n}">\u21a9</a></li>' for n, entry in enumerate(entries, 1))
        + "</ol></div>",
        tail="",
        name="post.html",
    )
    assert linked(html) == [("\u00b9", (1,)), ("\u00b2", (2,))]
    # A page exported with its notes' numbers on lines of their own, linked back to the text.
    markdown = run(
        "Poor sleep makes pain worse.[1](#footnote-1) Heat helps.[2](#footnote-2)\n\n"
        + "".join(f"[{n}](#footnote-anchor-{n})\n\n{entry}\n\n" for n, entry in enumerate(entries, 1)),
        tail="",
        name="post.md",
    )
    assert [r.number for r in markdown.references] == [1, 2, 3]
    assert linked(markdown) == [("\u00b9", (1,)), ("\u00b2", (2,))]
    assert_offsets(markdown)


# -------------------------------------------------------------------- links


def test_an_inline_link_to_a_study_is_a_citation_and_a_reference_without_any_list() -> None:
    text = (
        "A [2022 study](https://doi.org/10.1111/1753-0407.13323) found that needling lowers sugar in mice.\n"
        "Another <a href=\"https://pubmed.ncbi.nlm.nih.gov/35574600/\">trial in people</a> saw no change.\n"
        "The [same study](https://doi.org/10.1111/1753-0407.13323) again, and a "
        "[news story](https://example.org/news/sugar) about it.\n"
    )
    extraction = run(text, tail="", name="post.md")
    references = extraction.references
    assert [(r.origin, r.doi, r.pmid) for r in references] == [
        ("link", "10.1111/1753-0407.13323", None),
        ("link", None, "35574600"),
    ]
    for reference in references:
        assert extraction.document.text[reference.start : reference.start + len(reference.text)] == reference.text
    links = [(c.kind, c.references) for c in extraction.citations]
    assert links == [("link", ("R1",)), ("link", ("R2",)), ("link", ("R1",))]
    assert extraction.citations[0].sentence.startswith("A 2022 study")
    assert_offsets(extraction)


def test_a_link_to_a_listed_work_cites_that_entry_and_adds_no_reference() -> None:
    text = "Gut microbes shape sleep, as a [2020 review](https://doi.org/10.1111/jsr.1234) argued."
    extraction = run(text, name="post.md")
    assert [r.origin for r in extraction.references] == ["list"] * 5
    assert linked(extraction) == [("https://doi.org/10.1111/jsr.1234", (1,))]


def test_a_publisher_page_without_identifier_supports_its_sentence_without_a_reference() -> None:
    text = "Fish oil helps, says [this trial](https://www.sciencedirect.com/science/article/pii/S0163782710000354).\n"
    extraction = run(text, tail="", name="post.md")
    assert extraction.references == ()
    assert [(c.kind, c.references) for c in extraction.citations] == [("link", ())]


# -------------------------------------------------------------- author-year

AUTHORS = (
    "\n\nReferences\n\n"
    "O'Nions, R. K., Hamilton, P. J., & Hooker, P. J. (1983). A Nd isotope investigation. Earth and "
    "Planetary Science Letters, 63(2), 229-240.\n\n"
    "Ramiscal, J., & Brewer, J. (2013). Acne vulgaris. JAMA Dermatology, 149(1), 80.\n\n"
    "Yang, J., Pang, Y., & Li, W. (2024). Needling and the gut. Acupuncture in Medicine, 42(1), 1-9.\n"
)


def test_two_or_three_authors_written_out() -> None:
    extraction = run(
        "Mantle sources differ (O'Nions, Hamilton, and Hooker 1983). As O'Nions, Hamilton, and Hooker (1983) "
        "showed, it is old.",
        tail=AUTHORS,
    )
    found = [(c.text, c.references, c.kind) for c in extraction.citations]
    assert found == [
        ("(O'Nions, Hamilton, and Hooker 1983)", ("R1",), "author-year"),
        ("O'Nions, Hamilton, and Hooker (1983)", ("R1",), "narrative"),
    ]
    assert_offsets(extraction)


def test_several_works_in_one_bracket_each_with_offsets() -> None:
    extraction = run("Both hold (Ramiscal & Brewer, 2013; Yang et al., 2024).", tail=AUTHORS)
    assert [(c.text, c.references) for c in extraction.citations] == [
        ("Ramiscal & Brewer, 2013", ("R2",)),
        ("Yang et al., 2024", ("R3",)),
    ]
    assert_offsets(extraction)


def test_an_entry_whose_authors_were_not_read_is_still_found_by_the_names_before_its_year() -> None:
    # As if the field reader had taken "Ramiscal & Brewer" for something else.
    unread = Reference(id="R1", line=9, text="Ramiscal & Brewer (2013). Acne vulgaris. JAMA Dermatology, 149(1), 80.")
    chinskey = Reference(id="R2", line=10, text="Chinskey ND, Cornblath WT (March 2013). Chiasmal compression. J X 1:2.")
    assert leading_names(unread) == (("Ramiscal", "Brewer"), False)
    assert leading_names(chinskey) == (("Chinskey", "Cornblath"), False)
    found = find_citations(
        document_from_text("Acne is common (Ramiscal & Brewer, 2013); so is this (Chinskey & Cornblath, 2013).", "a.txt"),
        (unread, chinskey),
    )
    assert [c.references for c in found] == [("R1",), ("R2",)]
    assert Index((unread,)).only_work_of(("Ramiscal",), False).references == ("R1",)


# -------------------------------------------------------------------- MLA

MLA = (
    "\n\nWorks Cited\n\n"
    'Lee, Min, et al. "Reading on Screens." Library Quarterly, vol. 80, no. 1, 2010, pp. 12-30.\n'
    'Regan, Jane, et al. "Attention and Paper." Science, vol. 325, no. 5942, 2009, pp. 1660-75.\n'
    'Yamamoto, Keiko, et al. "Screen Reading and Eye Strain." Ergonomics, vol. 61, no. 3, 2018, pp. 1-12.\n'
)


def test_mla_page_citations_link_by_name_and_read_the_number_as_a_page() -> None:
    extraction = run(
        "Screens tire the eyes (Yamamoto et al. 6). Reading changed (Lee et al.; Regan et al. 1670).",
        tail=MLA,
    )
    found = [(c.text, c.references, c.year, c.year_mismatch) for c in extraction.citations]
    assert found == [
        ("(Yamamoto et al. 6)", ("R3",), None, None),
        ("Lee et al.", ("R1",), None, None),
        ("Regan et al. 1670", ("R2",), None, None),
    ]
    assert_offsets(extraction)


def test_a_four_digit_number_after_a_comma_is_a_year_even_in_mla() -> None:
    extraction = run("Reading changed (Regan et al., 2010).", tail=MLA)
    (citation,) = extraction.citations
    assert (citation.references, citation.year_mismatch) == (("R2",), 2010)


def test_citations_know_their_offsets_across_a_line_break() -> None:
    extraction = run("Needling calms the gut (Yang et\nal., 2024).", tail=AUTHORS)
    (citation,) = extraction.citations
    assert isinstance(citation, Citation)
    assert citation.text == "(Yang et al., 2024)"
    assert extraction.document.text[citation.start : citation.end] == "(Yang et\nal., 2024)"


def test_a_superscript_after_the_full_stop_supports_the_sentence_before_it() -> None:
    extraction = run("Two trials agree.\u00b3\u207b\u2075 Heat, however, did nothing.")
    (citation,) = extraction.citations
    assert citation.sentence == "Two trials agree.\u00b3\u207b\u2075"
