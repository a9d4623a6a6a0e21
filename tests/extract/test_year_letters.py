"""Works of one author and year told apart by a letter (2020a, 2020b), also when the second repeats the author as `———`."""

from __future__ import annotations

import pytest

from citecheck.extract.extractor import extract
from citecheck.ingest import document_from_text

BODY = "Forests pay for their pollinators (Ghazoul 2020a, 12). Restoration is slow (Ghazoul 2020b). Seeds spread (Ghazoul 2020b, 45).\n\nReferences\n\n"
TAIL = "Smith, Anna. 2019. Another Book on Forests. Chicago: University of Chicago Press.\n"


@pytest.mark.parametrize(
    "second",
    [
        "Ghazoul, J. 2020b.",
        "\u2014\u2014\u2014. 2020b.",
        "\u2014\u2014. 2020b.",
        "---. 2020b.",
        "___. 2020b.",
    ],
)
@pytest.mark.parametrize("suffix", ["a.txt", "a.md"])
def test_each_letter_links_to_its_own_entry(second: str, suffix: str) -> None:
    source = (
        BODY
        + "Ghazoul, J. 2020a. Forests: A Very Short Introduction. Oxford: Oxford University Press.\n\n"
        + second
        + ' "Ecosystem Services of Tropical Forests." Biotropica 52 (3): 401\u20139.\n\n'
        + TAIL
    )
    extraction = extract(document_from_text(source, suffix))
    first, other, _ = extraction.references
    assert (first.year, first.year_suffix, other.year, other.year_suffix) == (2020, "a", 2020, "b")
    assert first.authors[:1] == other.authors[:1] == ("Ghazoul",)
    assert [citation.references for citation in extraction.citations] == [(first.id,), (other.id,), (other.id,)]
    assert all(citation.year_mismatch is None for citation in extraction.citations)


def test_a_dash_run_is_not_a_bullet_but_a_dash_before_words_is() -> None:
    from citecheck.extract.lines import marker_of

    assert marker_of("- - - . 2020b. Title.").kind is None
    assert marker_of(" -  -  - . 2020b. Title.").kind is None
    assert marker_of("- Smith, J. 2020. Title.").kind == "bullet"
