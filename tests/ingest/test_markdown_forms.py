"""Markdown as Pandoc and static-site generators write it: caret superscripts, TOML front matter."""

from __future__ import annotations

from citecheck.extract.extractor import extract
from citecheck.ingest import InputFormat, document_from_text

REFERENCES = (
    "## References\n"
    "\n"
    "1. Smith J. Sleep and memory. J Biol. 2020;1:2-3.\n"
    "2. Jones K. Naps and learning. Sleep Res. 2019;4:5-6.\n"
    "3. Brown A. Rest after study. Sleep Res. 2018;4:7-8.\n"
    "4. White B. Dreams and recall. Sleep Res. 2017;4:9-10.\n"
    "5. Black C. Night shifts. Sleep Res. 2016;4:11-12.\n"
    "6. Green D. Day light. Sleep Res. 2015;4:13-14.\n"
)


def _cited(extraction) -> list[list[int]]:
    numbers = {reference.id: index + 1 for index, reference in enumerate(extraction.references)}
    return [sorted(numbers[target] for target in citation.references) for citation in extraction.citations]


def test_caret_superscripts_are_citations() -> None:
    source = (
        "# Sleep\n"
        "\n"
        "Sleep helps memory^1^. Naps help too^2,3^ and so does rest^4-6^.\n"
        "\n" + REFERENCES
    )
    document = document_from_text(source, "post.md")
    assert "memory\u00b9." in document.text and "^" not in document.text.split("References")[0]
    assert _cited(extract(document)) == [[1], [2, 3], [4, 5, 6]]
    # Each superscript digit still points at its digit in the file.
    at = document.text.index("\u00b2,\u00b3")
    start, end = document.source_span(at, at + 3)
    assert document.source[start:end] == "2,3"


def test_a_caret_that_is_not_a_superscript_number_is_left_alone() -> None:
    document = document_from_text("Raise x^2 to the power^n^ here.\n", "post.md")
    assert "x^2" in document.text and "power^n^" in document.text


def test_toml_front_matter_is_skipped_like_yaml() -> None:
    source = '+++\ntitle = "Sleep [1] and memory"\ndate = 2021-01-01\n+++\n\nSleep helps memory^1^.\n\n' + REFERENCES
    document = document_from_text(source, "post.md")
    assert "title =" not in document.text and "date = 2021" not in document.text
    extraction = extract(document)
    assert _cited(extraction) == [[1]]
    assert document.line_map[document.text[: document.text.index("Sleep helps")].count("\n")] == 6


def test_front_matter_is_sniffed_without_an_extension() -> None:
    for opening in ("+++\n", "+++  \n", "---\n"):
        document = document_from_text(opening + 'title = "x"\n' + opening + "\nText.\n", "-")
        assert document.format is InputFormat.MARKDOWN
        assert "title" not in document.text
