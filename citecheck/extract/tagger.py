"""The shipped sequence models, loaded on first use: field labels for an entry, name parts for an author list.

Two conditional random fields (python-crfsuite) live in `model/`:
`fields.crfsuite` labels each token of an entry (author, year, title,
journal, volume, issue, pages, doi, url, pmid, pmcid, editor, publisher,
location, other) and `names.crfsuite` labels each token of an author list
(family, given, other). `model/CARD.md` says what they were trained on and
how well they do; `python -m training.train_tagger` makes them again.

Nothing is loaded at import time: `citecheck --version` never pays for the
models. Each thread gets its own tagger objects (a crfsuite tagger holds the
sequence it is working on).
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Sequence

__all__ = ["MODEL_FILES", "label_entry", "label_names", "models_loaded", "use_models"]

MODEL_FILES = ("fields.crfsuite", "names.crfsuite")

_local = threading.local()
_loaded = False
_folder: Path | None = None  # None: the models shipped in the package


def use_models(folder: Path | None) -> None:
    """Read the models from `folder` from now on (None: the shipped ones); for training and benchmarks."""
    global _folder
    _folder = folder
    _local.__dict__.clear()


def _tagger(name: str):
    taggers = getattr(_local, "taggers", None)
    if taggers is None:
        taggers = _local.taggers = {}
    tagger = taggers.get(name)
    if tagger is None:
        global _loaded
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        if _folder is not None:
            tagger.open(str(_folder / name))
        else:
            with resources.as_file(resources.files("citecheck.extract").joinpath("model", name)) as path:
                tagger.open(str(path))
        taggers[name] = tagger
        _loaded = True
    return tagger


def models_loaded() -> bool:
    """Whether any model has been loaded in this process."""
    return _loaded


def _label(name: str, features: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
    if not features:
        return [], []
    tagger = _tagger(name)
    labels = tagger.tag(features)
    marginal = tagger.marginal
    # Only a field's tokens need a probability: "other" is never reported.
    return labels, [1.0 if label == "other" else marginal(label, index) for index, label in enumerate(labels)]


def label_entry(features: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
    """A field label per token of an entry, and the model's probability of each (1.0 for `other`)."""
    return _label("fields.crfsuite", features)


def label_names(features: Sequence[Sequence[str]]) -> list[str]:
    """`family` / `given` / `other` per token of an author list."""
    return _tagger("names.crfsuite").tag(features) if features else []
