"""A real report for the format tests: the electroacupuncture seed with errors planted in it.

The seed article (fixtures/articles) is checked by the whole pipeline against
the bundled snapshot of its Crossref records, offline, so no server is
needed and the report is the same on every machine. The plants give every
kind of finding a reader meets: wrong year and volume in an entry, a citation
whose year differs from its entry, a citation with no entry, an entry without
a DOI, and the seed's own mouse studies cited for claims about people.
"""

from __future__ import annotations

from pathlib import Path

from citecheck.model import Report
from citecheck.pipeline import check_text
from citecheck.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "articles" / "seed-electroacupuncture-gut-inflammation.txt"
SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"
SEED_PATH = "fixtures/articles/seed-electroacupuncture-gut-inflammation.txt"  # as typed from the repository root

PLANTS = (
    ("J Diabetes, 14(10)", "J Diabetes, 15(10)"),  # CC202 on R1
    ("(2022). Electroacupuncture reduces", "(2021). Electroacupuncture reduces"),  # CC201 on R1; CC503 where cited
    ("(Ratna et al., 2023)", "(Ratna et al., 2013)"),  # CC503
    (" doi.org/10.1111/os.13626", ""),  # CC101 on R6
    ("(Yang et al., 2024)", "(Yang et al., 2024; Foo, 2020)"),  # CC501
)


def offline_settings(cache_dir: Path) -> Settings:
    return Settings(offline=True, snapshot=SNAPSHOT, cache_dir=cache_dir, search=False, pubmed=False, progress=False)


def planted_text() -> str:
    text = SEED.read_text(encoding="utf-8")
    for old, new in PLANTS:
        assert old in text, old
        text = text.replace(old, new)
    return text


def planted_report(cache_dir: Path, path: str = "planted.txt") -> Report:
    return check_text(planted_text(), path, offline_settings(cache_dir))
