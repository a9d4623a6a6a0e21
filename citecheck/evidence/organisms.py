"""Names of animals from NCBI Taxonomy and WordNet: "copepods", "vireos", "Rhodnius prolixus", "Macaca".

The list (`data/organisms.tsv.gz`, built by `training/organisms.py`, whose
header lines give the sources, versions and licences) is read once, on the
first look-up. `find` returns every animal name in a text:

* common names, in any case, longest first ("kissing bugs", "house mouse",
  "grasshoppers"); a name that is also a proper noun ("turkey") only in lower
  case;
* scientific names: a genus or higher taxon written with its capital
  ("Macaca", "Copepoda"), or a genus followed by a species name ("Rhodnius
  prolixus"). A genus spelt like an English word counts only with its species
  name; a genus shared with a plant or microbe only in one of its animal
  species ("Bacillus rossius", not "Bacillus subtilis").

Words in capitals are acronyms, not animals ("FISH", "CAT activity", "BAT").
"""

from __future__ import annotations

import bisect
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterator

__all__ = ["Organism", "find", "names"]

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_])){0,60}")
_LONGEST = 5  # words in the longest common name looked up
# "D. melanogaster", once "Drosophila melanogaster" has been named in the same text.
_ABBREVIATED = re.compile(r"(?<![\w.])([A-Z])\.\s?([a-z]{3,40})(?![\w-])")


@dataclass(frozen=True)
class Organism:
    """One animal name found in a text, with the same reading methods as a regex match."""

    start_at: int
    end_at: int
    text: str
    label: str  # how to name the animals: "grasshoppers", "Rhodnius prolixus"
    belongs_to: str  # the named group they belong to: "grasshoppers", "kissing bugs"
    scientific: bool

    def start(self) -> int:
        return self.start_at

    def end(self) -> int:
        return self.end_at

    def span(self) -> tuple[int, int]:
        return self.start_at, self.end_at

    def group(self, number: int = 0) -> str:
        return self.text


class _Section:
    """One sorted section of the list, searched by bisection (nothing parsed at load)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def get(self, name: str) -> list[str] | None:
        """The fields after `name` on its line (group, flags...), or None."""
        key = name + "\t"
        position = bisect.bisect_left(self._lines, name)
        for line in self._lines[position: position + 2]:
            if line == name:
                return []
            if line.startswith(key):
                return line[len(key):].split("\t")
        return None

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def starts(self, prefix: str) -> bool:
        """Whether some name begins with `prefix`."""
        position = bisect.bisect_left(self._lines, prefix)
        return position < len(self._lines) and self._lines[position].startswith(prefix)

    def __len__(self) -> int:
        return len(self._lines)


@dataclass(frozen=True)
class _Names:
    common: _Section  # lower-case name -> group, "lower-only"
    scientific: _Section  # name as spelt -> group, "needs-epithet"
    epithets: _Section  # species names of animals ("prolixus"), none an English word
    header: tuple[str, ...]
    binomials: _Section = _Section([])  # animal species of genera shared with plants or microbes


@lru_cache(maxsize=1)
def names() -> _Names:
    """The list, read on first use."""
    data = resources.files("citecheck.evidence").joinpath("data/organisms.txt.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").split("\n")
    if lines and not lines[-1]:
        lines.pop()
    marks = {line[3:]: index for index, line in enumerate(lines) if line.startswith("## ")}
    order = sorted(marks.items(), key=lambda item: item[1])
    sections = {}
    for number, (name, index) in enumerate(order):
        stop = order[number + 1][1] if number + 1 < len(order) else len(lines)
        sections[name] = _Section(lines[index + 1: stop])
    header = tuple(line[1:].strip() for line in lines[: order[0][1]] if line.startswith("#"))
    return _Names(sections["common"], sections["scientific"], sections["epithet"], header,
                  sections.get("binomial", _Section([])))


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _in_address(text: str, start: int) -> bool:
    """A word glued to a dot or slash before it is part of a file name or link ("articles.asp")."""
    return start > 0 and text[start - 1] in "./\\=_@#"


# Words that stay in lower case in a title ("Growth of Mice in Cages").
_TITLE_SMALL = frozenset(
    "a an and as at but by for from in into of on or per the to vs versus via with without".split()
)


def _name_in_prose(text: str, tokens: list[tuple[int, int, str]], index: int) -> bool:
    """A capitalised one-word name in running prose is a person, brand or place ("Eating your own Dog
    Food", "as Bullock suggested"), unless a species name follows it. In a title-cased title the words
    before it are capitalised too ("Spatial Ecology of a Native Lizard")."""
    word = tokens[index][2]
    if not word[:1].isupper():
        return False
    following = tokens[index + 1][2] if index + 1 < len(tokens) else ""
    if following in names().epithets:
        return False
    position = index - 1
    while position >= 0:
        gap = text[tokens[position][1]: tokens[position + 1][0]]
        if any(mark in gap for mark in ".!?:;()[]\n"):
            return False  # a new sentence, heading or bracket starts after this word
        previous = tokens[position][2]
        if previous.lower() not in _TITLE_SMALL:
            return previous.islower()
        position -= 1
    return False


def find(text: str) -> Iterator[Organism]:
    """Every animal name in `text`, left to right, none overlapping."""
    data = names()
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    found: list[Organism] = []
    index = 0
    while index < len(tokens):
        start, _, word = tokens[index]
        match = None
        if not _acronym(word) and not _in_address(text, start) and not _name_in_prose(text, tokens, index):
            match = _scientific(text, tokens, index, data) or _common(text, tokens, index, data)
        if match is None:
            index += 1
            continue
        organism, used = match
        found.append(organism)
        index += used
    binomials = {(o.label[0], o.label.split(" ")[1]): o for o in found if o.scientific and " " in o.label}
    if binomials:
        taken = [o.span() for o in found]
        for abbreviated in _ABBREVIATED.finditer(text):
            named = binomials.get((abbreviated.group(1), abbreviated.group(2)))
            if named is None or any(a < abbreviated.end() and abbreviated.start() < b for a, b in taken):
                continue
            found.append(Organism(abbreviated.start(), abbreviated.end(), abbreviated.group(0), named.label,
                                  named.belongs_to, True))
        found.sort(key=lambda o: o.start_at)
    yield from found


def _adjacent(text: str, tokens: list[tuple[int, int, str]], first: int, count: int) -> bool:
    """Whether tokens[first:first+count] are separated by single spaces only."""
    for i in range(first, first + count - 1):
        if text[tokens[i][1]: tokens[i + 1][0]] != " ":
            return False
    return True


def _common(text, tokens, index, data) -> tuple[Organism, int] | None:
    first = tokens[index][2].lower().replace("’", "'")
    longest = _LONGEST if data.common.starts(first + " ") else 1
    for count in range(min(longest, len(tokens) - index), 0, -1):
        if count > 1 and not _adjacent(text, tokens, index, count):
            continue
        words = [t[2] for t in tokens[index: index + count]]
        if any(_acronym(w) for w in words):
            continue
        phrase = " ".join(words).replace("’", "'")
        entry = data.common.get(phrase.lower())
        if entry is None:
            continue
        group = entry[0]
        if "lower-only" in entry[1:] and phrase != phrase.lower():
            continue
        start, end = tokens[index][0], tokens[index + count - 1][1]
        return Organism(start, end, text[start:end], group, group, False), count
    return None


def _scientific(text, tokens, index, data) -> tuple[Organism, int] | None:
    start, end, word = tokens[index]
    if not (word[0].isupper() and word[1:].islower()):
        return None
    entry = data.scientific.get(word)
    if entry is None:
        return None
    group, needs_epithet = entry[0], "needs-epithet" in entry[1:]
    shared = "shared-genus" in entry[1:]  # "Bacillus": a stick insect, and a bacterium
    if index + 1 < len(tokens):
        next_start, next_end, following = tokens[index + 1]
        known = f"{word} {following}" in data.binomials if shared else following in data.epithets
        if text[end:next_start].strip(" ()") == "" and known:
            # "Rhodnius prolixus", "Eupteryx (Eupteryx) minuscula" is left to the genus
            return Organism(start, next_end, text[start:next_end], f"{word} {following}", group, True), 2
    if needs_epithet:
        return None
    return Organism(start, end, word, word, group, True), 1
