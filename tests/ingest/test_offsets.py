"""Every character of a Document's text maps back to the file: verbatim spans and extents."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citecheck.ingest import document_from_text
from citecheck.ingest.fold import fold_char
from citecheck.ingest.superscript import from_superscript
from citecheck.model import Document, InputFormat

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def span_of(document: Document, fragment: str) -> tuple[int, int] | None:
    start = document.text.index(fragment)
    return document.source_span(start, start + len(fragment))


def source_of(document: Document, fragment: str) -> str | None:
    span = span_of(document, fragment)
    return document.source[span[0] : span[1]] if span else None


def extent_of(document: Document, fragment: str) -> str:
    start = document.text.index(fragment)
    extent = document.source_extent(start, start + len(fragment))
    assert extent is not None
    return document.source[extent[0] : extent[1]]


def test_plain_text_maps_to_itself_with_folded_characters_aligned() -> None:
    source = "Intro.\r\n\r\nSmith J. \u201cA title.\u201d Nature 1:2\u20133.\r\n"
    document = document_from_text(source, "a.txt")
    assert document.source == source.replace("\r\n", "\n")
    assert document.text == 'Intro.\n\nSmith J. "A title." Nature 1:2-3.\n'
    assert source_of(document, '"A title." Nature 1:2-3') == "\u201cA title.\u201d Nature 1:2\u20133"


def test_an_ellipsis_or_a_dropped_character_has_no_verbatim_span_but_an_extent() -> None:
    document = document_from_text("one\u2026 two soft\u00adhyphen end", "a.txt")
    assert document.text == "one... two softhyphen end"
    assert source_of(document, "one") == "one"
    assert source_of(document, "one...") is None
    assert extent_of(document, "one...") == "one\u2026"
    assert source_of(document, "softhyphen") is None  # the soft hyphen between is gone
    assert extent_of(document, "softhyphen") == "soft\u00adhyphen"
    assert source_of(document, "two") == "two"


def test_markdown_words_links_and_escapes() -> None:
    source = (
        "---\ntitle: x\n---\n"
        "A [2022 study](https://doi.org/10.1111/1753-0407.13323) found *less* sugar \\* and P&auml;&auml;bo.\n"
        "\n"
        "1. Smith J. *Nature*. 2020;1:2-3.\n"
    )
    document = document_from_text(source, "post.md")
    assert "A 2022 study <https://doi.org/10.1111/1753-0407.13323> found less sugar * and P\u00e4\u00e4bo." in document.text
    assert source_of(document, "https://doi.org/10.1111/1753-0407.13323") == "https://doi.org/10.1111/1753-0407.13323"
    assert source_of(document, "2022 study") == "2022 study"
    assert source_of(document, "less") == "less"
    assert source_of(document, "found less sugar") is None  # the emphasis markers sit between
    assert extent_of(document, "found less sugar") == "found *less* sugar"
    assert extent_of(document, "P\u00e4\u00e4bo") == "P&auml;&auml;bo"
    assert source_of(document, "Smith J. ") == "Smith J. "
    assert extent_of(document, "1. Smith")[-5:] == "Smith"  # the list marker is written by the reader


def test_markdown_link_targets_are_shown_as_written() -> None:
    # markdown-it percent-encodes its copy of the target; the text keeps the author's.
    source = "See [this](https://doi.org/10.1002/(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K).\n"
    document = document_from_text(source, "post.md")
    assert "<https://doi.org/10.1002/(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K>" in document.text


def test_html_entities_tags_and_superscripts() -> None:
    source = (
        "<html><body><p>Shown<sup>13</sup> in <i>Nature</i> by P&auml;&auml;bo &amp; Smith, "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/35574600/">a trial</a>.</p></body></html>'
    )
    document = document_from_text(source, "page.html")
    assert document.text == (
        "Shown\u00b9\u00b3 in Nature by P\u00e4\u00e4bo & Smith, a trial <https://pubmed.ncbi.nlm.nih.gov/35574600/>."
    )
    assert source_of(document, "\u00b9\u00b3") == "13"
    assert source_of(document, "Nature") == "Nature"
    assert source_of(document, "in Nature") is None
    assert extent_of(document, "in Nature") == "in <i>Nature"
    assert source_of(document, "https://pubmed.ncbi.nlm.nih.gov/35574600/") == "https://pubmed.ncbi.nlm.nih.gov/35574600/"
    assert extent_of(document, "P\u00e4\u00e4bo & Smith") == "P&auml;&auml;bo &amp; Smith"


def test_note_numbers_linked_to_their_notes_are_superscript_digits() -> None:
    html = document_from_text(
        '<p>Shown<sup><a href="#fn1" id="r1">1</a></sup>, held<sup><span>2, 3</span></sup>, seen '
        '<a href="#note-4">4</a>, in <a href="#top">the top</a> and <a href="https://x.org/5">5</a>.</p>',
        "page.html",
    )
    assert html.text == "Shown\u00b9, held\u00b2, \u00b3, seen \u2074, in the top and 5 <https://x.org/5>."
    assert source_of(html, "\u2074") == "4"
    markdown = document_from_text("Shown.[12](#footnote-12) See [step 2](#s2) and [3](https://x.org/3).\n", "post.md")
    assert markdown.text == "Shown.\u00b9\u00b2 See step 2 and 3 <https://x.org/3>."
    assert source_of(markdown, "\u00b9\u00b2") == "12"


def test_documents_built_by_hand_map_to_themselves() -> None:
    document = Document(path="t.txt", text="Smith (2020) found it.")
    assert document.source_span(0, 5) == (0, 5)
    assert document.source_span(3, 3) is None
    assert document.source_span(0, 99) is None


# ------------------------------------------------------------------ properties

_BITS = st.sampled_from(
    [
        "Smith J. ", "(2020). ", "Title *of* it. ", "J Biol. 2020;1(2):3-4. ", "\u201cq\u201d ", "\u2013", "\u2014",
        "\u2026", "\u00a0", "\u00ad", "&amp;", "&auml;", "&#233;", "&bogus;", "<p>", "</p>", "<b>", "</b>", "<sup>1,2</sup>",
        "<sup>x</sup>", "<a href='https://doi.org/10.1/x'>", "</a>", "[a](https://doi.org/10.1/y)", "\\*", "`c`", "# ",
        "- ", "1. ", "> ", "\n", "\n\n", "    ", "<br>", "<!-- citecheck: ignore[CC101] -->", "<script>x</script>",
        "<li>", "</li>", "<ol>", "</ol>", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\ncode\n```\n", "\r\n", "\t",
        "\u00e2\u20ac\u2122", "<sup><a href='#fn1'>1</a></sup>", "<a href='#n2'>2</a>", "[3](#fn-3)", "<sup><span>4",
    ]
)


def _same_characters(text: str, source: str) -> bool:
    """Each character of `text` is its source character, folded one for one (or a superscript digit)."""
    return len(text) == len(source) and all(
        from_superscript(t) == from_superscript(fold_char(s)) for t, s in zip(text, source)
    )


def _assert_verbatim_spans_hold(document: Document) -> None:
    text, source = document.text, document.source
    offsets = document.offsets
    assert offsets is not None
    assert sum(offsets.text_lengths) == len(text)
    for start, length, source_start, source_length, aligned in zip(
        offsets.text_starts, offsets.text_lengths, offsets.source_starts, offsets.source_lengths, offsets.aligned
    ):
        assert 0 <= source_start <= source_start + source_length <= len(source)
        if aligned:
            assert length == source_length
            piece = text[start : start + length]
            written = source[source_start : source_start + source_length]
            assert _same_characters(piece, written), (piece, written)
    for start in range(0, len(text), 7):
        for end in (start + 1, start + 5, start + 23):
            span = document.source_span(start, min(end, len(text)))
            if span is not None:
                piece = text[start : min(end, len(text))]
                assert span[1] - span[0] == len(piece)
                assert _same_characters(piece, source[span[0] : span[1]])
            extent = document.source_extent(start, min(end, len(text)))
            assert extent is not None and 0 <= extent[0] <= extent[1] <= len(source)


@PROPERTY
@given(st.lists(_BITS, max_size=40), st.sampled_from([InputFormat.TEXT, InputFormat.MARKDOWN, InputFormat.HTML]))
def test_every_verbatim_span_is_what_the_source_says(bits: list[str], fmt: InputFormat) -> None:
    document = document_from_text("".join(bits), "input", fmt)
    _assert_verbatim_spans_hold(document)
    assert len(document.line_map) == document.text.count("\n") + 1


@PROPERTY
@given(st.text(max_size=300), st.sampled_from([InputFormat.TEXT, InputFormat.MARKDOWN, InputFormat.HTML]))
def test_any_text_maps_back(text: str, fmt: InputFormat) -> None:
    _assert_verbatim_spans_hold(document_from_text(text, "input", fmt))
