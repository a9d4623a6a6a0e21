"""`citecheck fix` on copies of the seed and fixture articles with planted errors, in every format.

Each article below is clean: every reference is verified against the bundled
snapshot and no finding has a fix. Errors of every fixable kind are planted
in a copy; `fix` must then give back the clean article byte for byte (so it
touched the planted spans and nothing else, in the article's own style), a
check of the result must give only the clean article's findings, and a
second run must change nothing. The same holds for the file in CRLF,
Windows-1252, UTF-16 and UTF-8 with a byte-order mark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.pipeline import check_paths, fix_paths
from citecheck.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "fixtures" / "articles"
SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"

# (text in the clean article, the error planted in its place)
PLANTS = {
    "seed-electroacupuncture-gut-inflammation.txt": [
        ("(2022). Electroacupuncture reduces", "(2021). Electroacupuncture reduces"),  # CC201, and CC503 in the text
        ("14(10), 695-710", "14(9), 695-701"),  # CC203, CC204
        ("Orthopaedic Surgery, 15(3)", "Orthopaedic Surgery, 16(3)"),  # CC202
        ("Ratna, H. V. K.", "Ratner, H. V. K."),  # CC205 (and the text's citation no longer links)
        ("(Yang et al., 2024)", "(Yang et al., 2023)"),  # CC503
        (" doi.org/10.1016/j.lfs.2022.120961", ""),  # CC101
        ("10.1111/1753-0407.13323", "10.1111/1753–0407.13323"),  # CC105: an en dash
        ("doi.org/10.1111/os.13626", "doi:doi.org/10.1111/os.13626"),  # CC105: doi: before an address
    ],
    "101_apa7-fish-behaviour.txt": [
        ("(2019). Density", "(2018). Density"),  # CC201 with its citation
        (" https://doi.org/10.7717/peerj.525", ""),  # CC101
        ("10.7717/peerj.6378", "10.7717/ peerj.6378"),  # CC105: a space after the slash
        ("https://doi.org/10.7717/peerj.3445", "https://doi.org/7717/peerj.3445"),  # a prefix without its 10.
    ],
    "104_ama-heart-markdown.md": [
        ("2010;90(3):713-720", "2011;90(3):713-720"),
        ("1744-1745", "1744-1754"),
        ("2016;32(10)", "2016;23(10)"),
        ("Naschitz JE", "Naschits JE"),
        ("doi:10.1016/0002-9149(93)90900-w", "doi:10.1016/0002–9149(93)90900-w"),
        ("(https://doi.org/10.1016/j.athoracsur.2010.03.073)", "(https://doi.org/10.1016/j.athoracsur.2010.03.073.)"),
    ],
    "105_harvard-ecology.html": [
        ("(2013) &#8216;Albinism", "(2012) &#8216;Albinism"),
        ("<em>Heredity</em>, 111(2)", "<em>Heredity</em>, 112(2)"),
        ("87(11)", "87(12)"),
        ("Perkins, T.A.", "Perkens, T.A."),
        ("<em>Animal Behaviour</em>", "<em>Theoretical Ecology</em>"),  # CC207: another work's journal
        ('href="https://doi.org/10.1007/s12080-013-0192-6"', 'href="https://doi.org/10.1007/s12080-013-0192-6."'),
    ],
}


def settings(**options) -> Settings:
    return Settings(offline=True, snapshot=SNAPSHOT, use_cache=False, pubmed=False, progress=False, **options)


def planted(name: str) -> str:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    for clean, error in PLANTS[name]:
        assert text.count(clean) == 1, clean
        text = text.replace(clean, error)
    return text


def keys(findings) -> list[tuple[str, str | None, int]]:
    return sorted((f.code, f.reference, f.line) for f in findings)


@pytest.fixture(scope="module")
def clean_findings() -> dict[str, list]:
    report = check_paths([str(ARTICLES / name) for name in PLANTS], settings())
    return {Path(file.path).name: file.findings for file in report.files}


@pytest.mark.parametrize("name", list(PLANTS))
def test_the_clean_articles_have_nothing_to_fix(name, clean_findings):
    assert all(f.fix is None or not f.fix.edits for f in clean_findings[name])


@pytest.mark.parametrize("name", list(PLANTS))
def test_every_planted_error_is_fixed_back_to_the_article_as_written(name, tmp_path, clean_findings):
    path = tmp_path / name
    path.write_text(planted(name), encoding="utf-8")
    run = fix_paths([str(path)], settings())
    (fixed,) = run.files
    planted_codes = {f.code for f in run.report.findings} - {f.code for f in clean_findings[name]}
    assert planted_codes, "the plants gave no finding"
    assert fixed.problem is None
    assert fixed.after == (ARTICLES / name).read_text(encoding="utf-8")
    # What a check of the fixed file would give: the clean article's findings, nothing of a fixed kind.
    assert keys(fixed.remaining) == keys(clean_findings[name])
    path.write_bytes(fixed.data)
    assert keys(check_paths([str(path)], settings()).findings) == keys(clean_findings[name])
    again = fix_paths([str(path)], settings())
    assert [file.data for file in again.files] == [None]


ENCODINGS = {
    "crlf-windows-1252": lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-8-bom": lambda text: "\ufeff".encode("utf-8") + text.replace("\n", "\r\n").encode("utf-8"),
    "mixed-line-endings": lambda text: text.replace("\n\n", "\r\n\n").encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_file_comes_back_in_its_own_bytes(encoding, tmp_path):
    name = "seed-electroacupuncture-gut-inflammation.txt"
    encode = ENCODINGS[encoding]
    path = tmp_path / name
    path.write_bytes(encode(planted(name)))
    run = fix_paths([str(path)], settings())
    (fixed,) = run.files
    assert fixed.problem is None
    assert fixed.data == encode((ARTICLES / name).read_text(encoding="utf-8"))


def test_an_unsafe_fix_is_listed_and_applied_only_when_asked(tmp_path):
    name = "105_harvard-ecology.html"
    clean = (ARTICLES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(clean.replace("10.7717/peerj.5806", "10.7717/peerj.6378"), encoding="utf-8")
    run = fix_paths([str(path)], settings())
    (wrong,) = [f for f in run.report.findings if f.code == "CC103"]
    assert wrong.fix.applicability == "unsafe" and not wrong.fix.safe
    assert [(e.old, e.new) for e in wrong.fix.edits] == [("10.7717/peerj.6378", "10.7717/peerj.5806")] * 2
    assert run.files[0].data is None
    (unsafe,) = fix_paths([str(path)], settings(), unsafe=True).files
    assert unsafe.after == clean and unsafe.remaining == ()


def test_a_value_behind_an_entity_is_left_to_a_person(tmp_path):
    name = "105_harvard-ecology.html"
    clean = (ARTICLES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(clean.replace("913&ndash;920", "913&ndash;921").replace("87(11)", "87(12)"), encoding="utf-8")
    run = fix_paths([str(path)], settings())
    (pages,) = [f for f in run.report.findings if f.code == "CC204"]
    assert pages.fix.applicability == "manual" and pages.fix.edits == ()
    assert "not written plainly" in pages.fix.reason
    (fixed,) = run.files
    assert fixed.after == clean.replace("913&ndash;920", "913&ndash;921")
    assert [f.code for f in fixed.remaining] == ["CC204"]
