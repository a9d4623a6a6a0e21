"""The pipeline's own behaviour: batch extraction across processes gives the same result."""

from __future__ import annotations

from pathlib import Path

from citecheck import pipeline
from citecheck.ingest import read_document
from citecheck.model import InputFormat

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_a_large_batch_is_extracted_in_worker_processes_with_the_same_result(monkeypatch):
    paths = sorted(p for p in ARTICLES.glob("*.txt"))
    documents = [read_document(p, InputFormat.AUTO) for p in paths] * 2
    assert len(documents) >= pipeline.PARALLEL_FROM
    sequential = [pipeline.extract(d) for d in documents]
    parallel = pipeline.extract_all(documents)
    assert [e.document.path for e in parallel] == [d.path for d in documents]
    assert [e.references for e in parallel] == [e.references for e in sequential]
    assert [e.citations for e in parallel] == [e.citations for e in sequential]


def test_a_small_batch_stays_in_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a small batch must not start worker processes")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_pool)
    documents = [read_document(ARTICLES / "seed-electroacupuncture-gut-inflammation.txt", InputFormat.AUTO)]
    assert len(pipeline.extract_all(documents)[0].references) == 6
