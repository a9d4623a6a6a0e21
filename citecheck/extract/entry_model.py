"""The learned entry tagger: for each line, does a reference entry begin here, go on, or is it something else?

A linear-chain CRF (python-crfsuite) over the non-blank lines of a document,
with the features of `citecheck.extract.lines`, labels every line `B` (the
first line of a reference entry), `I` (a later line of the same entry) or `O`
(prose, a heading, site furniture). It was trained by `training/train_lines.py`
on synthetic articles made of real references and real prose; the model file
and its card (data, splits, seed, figures, licence) sit in `model/`.

The model is loaded on first use only: `citecheck --version` never pays for it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Sequence

from citecheck.extract.lines import Line, line_features

__all__ = ["MODEL", "LABELS", "tag_lines"]

MODEL = Path(__file__).resolve().parent / "model" / "entry-lines.crfsuite"
LABELS = ("B", "I", "O")


@functools.lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def tag_lines(lines: Sequence[Line]) -> list[tuple[str, float]]:
    """`(label, probability of B)` for every line, in order."""
    if not lines:
        return []
    tagger = _tagger()
    labels = tagger.tag(line_features(lines))
    return [(label, tagger.marginal("B", index)) for index, label in enumerate(labels)]
