"""Training data: one label vocabulary for AnyStyle segments and rendered records, values without their punctuation."""

from __future__ import annotations

import random

from training.data import Labelled, blog_reference, core_references, name_labels, title_first, token_labels, vary
from citecheck.text.normalize import squash
from training.render import render_labelled

# Shaped like AnyStyle's core.xml (invented entries, so no data is copied here).
CORE = """<?xml version="1.0" encoding="UTF-8"?>
<dataset>
  <sequence>
    <author>Okafor, A. N., &amp; Lindqvist, P.</author>
    <date>(2019).</date>
    <title>Gut microbes and the timing of sleep.</title>
    <journal>Journal of Sleep Research,</journal>
    <volume>28(4),</volume>
    <pages>1425–1437.</pages>
  </sequence>
  <sequence>
    <citation-number>[3]</citation-number>
    <author>Rivera L.,</author>
    <title>Chapter on rivers,</title>
    <container-title>In Handbook of Water,</container-title>
    <volume>Vol. 2, No. 7,</volume>
    <date>septembre 2008,</date>
    <pages>pp. 45-67.</pages>
  </sequence>
</dataset>
"""


def _values(reference: Labelled) -> dict[str, str]:
    return {label: reference.text[start:end] for label, start, end in reference.spans}


def test_core_segments_map_onto_our_labels(tmp_path) -> None:
    path = tmp_path / "core.xml"
    path.write_text(CORE, encoding="utf-8")
    first, second = core_references(path)
    assert first.text.startswith("Okafor, A. N., & Lindqvist, P. (2019). Gut microbes")
    assert _values(first) == {
        "author": "Okafor, A. N., & Lindqvist, P.", "year": "2019", "title": "Gut microbes and the timing of sleep.",
        "journal": "Journal of Sleep Research,", "volume": "28", "issue": "4", "pages": "1425–1437",
    }
    values = _values(second)
    assert values["volume"] == "2" and values["issue"] == "7"  # "Vol. 2, No. 7": the words are other
    assert values["journal"] == "Handbook of Water,"  # "In" is no part of the container's name
    assert values["year"] == "2008" and values["pages"] == "45-67"
    assert "citation-number" not in values


def test_token_labels_leave_punctuation_at_a_field_edge_other(tmp_path) -> None:
    path = tmp_path / "core.xml"
    path.write_text(CORE, encoding="utf-8")
    first, _ = core_references(path)
    tokens, labels = token_labels(first)
    by_token = list(zip((t.text for t in tokens), labels))
    assert ("(", "other") in by_token and ("2019", "year") in by_token
    title = [text for text, label in by_token if label == "title"]
    assert title[-1] == "sleep"  # the full stop after the title is other
    assert ("(", "other") == by_token[by_token.index(("28", "volume")) + 1]


def test_a_small_volume_is_labelled_in_a_rendered_entry() -> None:
    item = {
        "id": "x", "type": "article-journal", "title": "Gut microbes and sleep", "container-title": "Journal of Sleep",
        "author": [{"family": "Okafor", "given": "Adaeze"}], "issued": {"date-parts": [[2011]]},
        "volume": "8", "issue": "7", "page": "5-9",
    }
    reference = render_labelled(item, "apa")
    assert reference is not None
    values = reference.values()
    assert values["volume"] == ["8"] and values["issue"] == ["7"] and values["year"] == ["2011"]


def test_blog_forms_keep_their_labels_on_the_values() -> None:
    item = {
        "id": "x", "type": "article-journal", "title": "Gut microbes and sleep", "container-title": "Journal of Sleep",
        "author": [{"family": "Okafor", "given": "Adaeze"}, {"family": "Lindqvist", "given": "Per"}],
        "issued": {"date-parts": [[2011]]}, "volume": "8", "issue": "7", "page": "5-9", "DOI": "10.1000/abc1",
    }
    rng = random.Random(1)
    for _ in range(30):
        reference = vary(blog_reference(item, rng), rng)
        values = _values(reference)
        assert squash(values["title"]) == "Gut microbes and sleep"  # lines may be wrapped
        assert values["author"].startswith("Okafor") or values["author"].startswith(("A", "Adaeze"))
        if "doi" in values:
            assert "10.1000/abc1" in values["doi"]
        moved = title_first(reference)
        assert squash(moved.text).startswith("Gut microbes and sleep. ")
        assert squash(_values(moved)["title"]) == "Gut microbes and sleep"


def test_name_labels_come_from_the_record_and_keep_hyphenated_names_whole() -> None:
    tokens, labels = name_labels("Pepper-Yowell AR, van der Berg M", ["Pepper-Yowell", "van der Berg"], ["A. R.", "Marit"])
    assert [t.text for t, l in zip(tokens, labels) if l == "family"] == ["Pepper", "-", "Yowell", "van", "der", "Berg"]
    assert [t.text for t, l in zip(tokens, labels) if l == "given"] == ["AR", "M"]
