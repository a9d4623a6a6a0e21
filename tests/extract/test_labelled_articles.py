"""Every labelled article: reference lists, entry counts and citation links stay above the targets.

The scoring is the one of benchmarks/extraction.py (imported from there so that
the benchmark and this test cannot disagree). Targets: detection F1 >= 0.97 and
citation links >= 0.97, on the shared real articles and on the articles written
for the project separately; exact entry counts on >= 95% of all the articles. The
fields of each entry are the field reader's, measured by benchmarks/fields.py;
benchmarks/extraction.py prints their accuracy on these articles too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("citecheck_extraction_benchmark", ROOT / "benchmarks" / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _benchmark()
ARTICLES = BENCH.load_articles()
WRITTEN = [a for a in ARTICLES if a.name[:1] == "1"]
SHARED = [a for a in ARTICLES if a.name[:1] != "1"]


def test_there_are_enough_labelled_articles() -> None:
    assert len(ARTICLES) >= 25
    assert len(WRITTEN) >= 14
    formats = {a.path.suffix for a in ARTICLES}
    assert {".txt", ".md", ".html"} <= formats


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.name)
def test_labels_quote_their_article(article) -> None:
    offset = 0
    for label in article.references:
        assert label["raw"] in article.source
        _, offset = BENCH.raw_line(article.source, label["raw"], offset)
        offset += 1
    for citation in article.citations:
        assert citation["citation"] in citation["sentence"]


@pytest.mark.parametrize(("group", "articles"), [("shared", SHARED), ("written", WRITTEN)])
def test_lists_and_citation_links_meet_the_targets(group: str, articles) -> None:
    scores = [BENCH.score_article(article) for article in articles]
    summary = BENCH.summarise(scores)
    problems = [f"{s.name}: {p}" for s in scores for p in s.problems]
    assert summary.f1 >= BENCH.TARGET_F1, problems
    assert summary.links is not None and summary.links >= BENCH.TARGET_LINKS, problems


def test_entry_counts_are_exact_on_enough_articles() -> None:
    scores = [BENCH.score_article(article, with_citations=False) for article in ARTICLES]
    summary = BENCH.summarise(scores)
    assert summary.exact_counts >= BENCH.TARGET_EXACT_COUNTS, [
        (s.name, s.labelled, s.detected) for s in scores if s.labelled != s.detected
    ]
