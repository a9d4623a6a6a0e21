"""The evidence benchmark reads a held-out set in its documented format and scores it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "evidence" / "heldout-format-example"


@pytest.fixture(scope="module")
def benchmark():
    from benchmarks import evidence

    return evidence


def test_a_folder_of_json_lines_is_read(benchmark):
    data = benchmark.load_heldout(EXAMPLE)
    assert [w.id for w in data.works] == ["w1", "w2", "w3"]
    assert data.works[1].record is not None and "Humans" in data.works[1].record.mesh
    assert [s.human_claim for s in data.sentences] == [True, False, True, True]


def test_a_single_json_file_is_read(benchmark, tmp_path):
    works = [json.loads(line) for line in (EXAMPLE / "works.jsonl").read_text().splitlines()]
    sentences = [json.loads(line) for line in (EXAMPLE / "sentences.jsonl").read_text().splitlines()]
    path = tmp_path / "set.json"
    path.write_text(json.dumps({"works": works, "sentences": sentences}))
    assert len(benchmark.load_heldout(path).sentences) == 4


def test_a_bad_label_stops_with_a_message(benchmark, tmp_path):
    (tmp_path / "works.jsonl").write_text('{"id": "w1", "title": "T", "kind": "mouse"}\n')
    (tmp_path / "sentences.jsonl").write_text("")
    with pytest.raises(SystemExit, match="kind 'mouse'"):
        benchmark.load_heldout(tmp_path)


def test_a_sentence_citing_a_work_not_in_the_set_is_left_out_and_listed(benchmark, tmp_path, capsys):
    (tmp_path / "works.jsonl").write_text('{"id": "w1", "title": "T", "kind": "human"}\n')
    (tmp_path / "sentences.jsonl").write_text(
        '{"id": "s1", "sentence": "S.", "cites": ["w1", "w9"], "human_claim": true}\n'
        '{"id": "s2", "sentence": "S.", "cites": ["w1"], "human_claim": true}\n'
    )
    data = benchmark.load_heldout(tmp_path)
    assert [s.id for s in data.sentences] == ["s2"]
    assert data.skipped == ["s1 cites w9"]
    benchmark.report(data, verbose=False)
    assert "1 sentences left out, citing works not in the set: s1 cites w9" in capsys.readouterr().out


def test_the_example_is_scored_as_the_rules_decide(benchmark, capsys):
    benchmark.report(benchmark.load_heldout(EXAMPLE), verbose=True)
    out = capsys.readouterr().out
    # s1 (copepod study for "your gut") and s4 (cell study for "your kidneys") are flags; s2 names
    # its animals and s3 cites a cohort beside the copepod study.
    assert "heldout, with PubMed                4         2    2    0    0       1.00    1.00" in out
