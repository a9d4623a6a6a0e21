"""Reading one entry: the fields `model.Reference` holds, and where each is written."""

from __future__ import annotations

import pytest

from citecheck.extract.fields import EntryFields, read_entry
from citecheck.model import Reference
from citecheck.text.normalize import fold

APA = (
    "Chen, X., Wang, Z., & Guo, H. (2020). Gut microbes and\nsleep. Journal of Sleep Research, "
    "28(4), 1425–1437. https://doi.org/10.1111/jsr.1234"
)


def test_read_entry_gives_the_reference_fields() -> None:
    entry = read_entry(APA)
    assert isinstance(entry, EntryFields)
    assert entry.authors[0] == "Chen"
    assert (entry.year, entry.volume, entry.issue, entry.doi) == (2020, "28", "4", "10.1111/jsr.1234")
    assert entry.journal == "Journal of Sleep Research"
    assert fold(entry.title or "") == "gut microbes and sleep"
    reference = Reference(id="R1", line=1, text=APA, **entry.reference_fields())
    assert reference.spans == entry.spans and reference.first_author == "Chen"


def test_spans_are_offsets_into_the_text_given() -> None:
    entry = read_entry(APA)
    for span in entry.spans:
        assert 0 <= span.start < span.end <= len(APA)
        assert 0.0 <= span.confidence <= 1.0
    (year,) = entry.spans_of("year")
    assert APA[year.start : year.end] == "2020"
    (volume,) = entry.spans_of("volume")
    assert APA[volume.start : volume.end] == "28"
    (title,) = entry.spans_of("title")
    assert fold(APA[title.start : title.end]) == "gut microbes and sleep"
    (doi,) = entry.spans_of("doi")
    assert "10.1111/jsr.1234" in APA[doi.start : doi.end]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "(", "2020", "doi:", "et al."])
def test_read_entry_reads_scraps_without_raising(text: str) -> None:
    entry = read_entry(text)
    assert all(0 <= span.start <= span.end <= len(text) for span in entry.spans)
