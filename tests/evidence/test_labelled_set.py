"""The labelled set in fixtures/evidence/ is well formed, and the check keeps its measured accuracy on it.

The figures are the ones benchmarks/evidence.py prints for the regression set; this test keeps them
from silently regressing. The thresholds are the product's targets (flag precision 0.95, recall
0.90), with PubMed where the set has records.
"""

from __future__ import annotations

import json

from benchmarks import evidence as bench
from tests.evidence.conftest import FIXTURES

KINDS = {"human", "animal", "in_vitro", "review", "editorial", "mixed"}


def test_the_set_is_well_formed():
    works = json.loads((FIXTURES / "evidence" / "works.json").read_text(encoding="utf-8"))["works"]
    sentences = json.loads((FIXTURES / "evidence" / "sentences.json").read_text(encoding="utf-8"))["sentences"]
    ids = [w["id"] for w in works]
    assert len(works) >= 40 and len(set(ids)) == len(ids)
    assert len(sentences) >= 60
    for work in works:
        assert work["label"]["kind"] in KINDS
        assert work["provenance"]
        if work["pubmed_xml"]:
            assert (FIXTURES / "pubmed" / work["pubmed_xml"]).exists()
    for sentence in sentences:
        assert set(sentence["cites"]) <= set(ids), sentence["id"]
        assert isinstance(sentence["human_claim"], bool) and sentence["source"]
    assert {s["split"] for s in sentences} == {"dev", "holdout", "holdout2"}


def test_flag_precision_and_recall_on_the_labelled_pairs():
    data = bench.load_regression()
    labels = {w.id: w.kind for w in data.works}
    predicted = bench.classify_all(data, pubmed=True)
    cited = [s for s in data.sentences if s.cites]
    expected = {s.id: bench.expected_flag(s, labels) for s in cited}
    got = {
        s.id: bool(bench.overstated(s.sentence, {c: predicted[c] for c in s.cites}, s.context).works)
        for s in cited
    }
    tp = sum(expected[i] and got[i] for i in expected)
    fp = sum(got[i] and not expected[i] for i in expected)
    fn = sum(expected[i] and not got[i] for i in expected)
    precision, recall = bench.prf(tp, fp, fn)
    assert sum(expected.values()) >= 30
    assert precision >= 0.95 and recall >= 0.90, (precision, recall)
