"""Columns: each finding points at the citation, the wrong value, or the start of the entry, on its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.model import InputFormat
from citecheck.pipeline import check_text
from citecheck.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "articles" / "seed-electroacupuncture-gut-inflammation.txt"
SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"

PLANTS = (
    ("J Diabetes, 14(10)", "J Diabetes, 15(10)"),  # CC202 on R1
    ("(2022). Electroacupuncture reduces", "(2021). Electroacupuncture reduces"),  # CC201 on R1, CC503 at (An et al., 2022)
    ("(Ratna et al., 2023)", "(Ratna et al., 2013)"),  # CC503
    (" doi.org/10.1111/os.13626", ""),  # CC101 on R6
    ("(Yang et al., 2024)", "(Yang et al., 2024; Foo, 2020)"),  # CC501
)


def _check(text: str, path: str, tmp_path: Path, input_format: InputFormat = InputFormat.AUTO):
    settings = Settings(offline=True, snapshot=SNAPSHOT, cache_dir=tmp_path / "cache", search=False,
                        pubmed=False, input_format=input_format)
    return check_text(text, path, settings).files[0]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[str, dict[str, list]]:
    text = SEED.read_text(encoding="utf-8")
    for old, new in PLANTS:
        assert old in text
        text = text.replace(old, new)
    file = _check(text, "seed.txt", tmp_path_factory.mktemp("locate"))
    by_code: dict[str, list] = {}
    for finding in file.findings:
        by_code.setdefault(finding.code, []).append(finding)
    return text, by_code


def _at(text: str, finding) -> str:
    line = text.split("\n")[finding.line - 1]
    return line[finding.column - 1:]


def test_a_field_finding_points_at_the_wrong_value(planted) -> None:
    text, by_code = planted
    (year,) = by_code["CC201"]
    assert _at(text, year).startswith("2021). Electroacupuncture reduces")
    (volume,) = by_code["CC202"]
    assert _at(text, volume).startswith("15(10), 695-710")


def test_a_citation_finding_points_at_its_citation(planted) -> None:
    text, by_code = planted
    assert sorted(_at(text, f)[:20] for f in by_code["CC503"]) == ["(An et al., 2022) Th", "(Ratna et al., 2013)"]
    (orphan,) = by_code["CC501"]
    assert _at(text, orphan).startswith("Foo, 2020)")
    authors = {"R1": "An et al., 2022", "R4": "Xia et al., 2022", "R5": "Yang et al., 2024"}
    for finding in by_code["CC401"]:  # the citation, not the sentence start
        assert _at(text, finding).lstrip("(").startswith(authors[finding.reference])


def test_an_entry_finding_without_a_value_points_at_the_entry(planted) -> None:
    text, by_code = planted
    (missing,) = by_code["CC101"]
    assert missing.column == 1 and _at(text, missing).startswith("Yao, B., Cai, Y.")


def test_every_finding_has_a_column_within_its_line(planted) -> None:
    text, by_code = planted
    lines = text.split("\n")
    for findings in by_code.values():
        for finding in findings:
            assert 1 <= finding.column <= max(len(lines[finding.line - 1]), 1)


def test_markdown_columns_count_in_the_file_as_written(tmp_path: Path) -> None:
    post = (
        "---\ntitle: Sugar\n---\n\n"
        "# Electroacupuncture\n\n"
        "In diabetic mice, electroacupuncture lowered blood glucose (An et al., 2021).\n\n"
        "## References\n\n"
        "1. An, J., Wang, L., Song, S., & Tian, L. (2021). Electroacupuncture reduces blood glucose by\n"
        "   regulating intestinal flora in type 2 diabetic mice. *Journal of Diabetes*, 14(10), 695-710.\n"
        "   https://doi.org/10.1111/1753-0407.13323\n"
    )
    file = _check(post, "post.md", tmp_path)
    (year,) = [f for f in file.findings if f.code == "CC201"]
    assert year.line == 11
    assert _at(post, year).startswith("2021). Electroacupuncture")


def _twice(start: int | None):
    from citecheck.model import Citation, Document, Extraction, Finding, Severity

    text = "Sugar is fine (Roe, 2020). In people it is not (Roe, 2020).\n"
    second = text.index("(Roe, 2020)", 20)
    citations = (
        Citation(line=1, text="(Roe, 2020)", sentence="Sugar is fine (Roe, 2020).", kind="author-year", references=("R1",)),
        Citation(line=1, text="(Roe 2020)" if start is not None else "(Roe, 2020)",
                 sentence="In people it is not (Roe, 2020).", kind="author-year", references=("R1",),
                 start=start, end=None if start is None else start + 11),
    )
    finding = Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 1, "A rat study for people.",
                      reference="R1", sentence="In people it is not (Roe, 2020).")
    return Extraction(Document(path="a.txt", text=text, source=text), (), citations), finding, second


def test_a_citation_written_twice_on_a_line_is_found_in_its_own_sentence() -> None:
    from citecheck.locate import with_columns

    extraction, finding, second = _twice(None)
    (located,) = with_columns(extraction, [finding])
    assert located.column == second + 1


def test_a_citations_offsets_give_its_column_when_known() -> None:
    from citecheck.locate import with_columns

    second = _twice(None)[2]
    extraction, finding, _ = _twice(second)  # offsets given; its text as read is not on the line verbatim
    (located,) = with_columns(extraction, [finding])
    assert located.column == second + 1
