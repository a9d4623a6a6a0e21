"""The numbers of an entry, and when a cited locator means the same as the registered one.

An entry's numbers are its year, volume, issue and pages (and, in the parts
already accounted for, its DOI, title and journal). Each number is read with
its place and its neighbours, so that the comparison can tell `14(10)` (a
volume and its issue) from `695–710` (a page range) without a parse.

Equal forms: `695-710` = `695–710` = `695-10`; `e42496` = `42496`; `1/2` =
`1-2`; `Suppl 3` = `Supplement_3`; case and spaces never matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citecheck.text.lexicon import words as word_list
from citecheck.text.normalize import fold

_DASHES = "-‐‑‒–—―~"
_NUMBER = re.compile(
    rf"(?<![\w])(?<!\d[.,])"
    rf"(?P<first>[A-Za-z]{{0,2}}\d{{1,9}}[A-Za-z]?)"
    rf"(?:\s?[{_DASHES}]{{1,2}}\s?(?P<last>[A-Za-z]{{0,2}}\d{{1,9}}[A-Za-z]?))?"
    rf"(?:(?![\w])|(?=[A-Z][a-z]{{2}}))(?![.,]\d)"  # "e23763Public Library": a number run into the next word
)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)[a-z]?$")
# The word right before a number, when only a full stop, a colon or a space separates them.
_LABEL = re.compile(r"(?<![\w])([^\W\d_]{1,10})(?:[.:°º]|\s?=\s?[{\"]?)?\s{0,2}$")  # "vol. ", "number={"


@dataclass(frozen=True)
class Number:
    """A number or a range of numbers in the entry, `text[left:right]`."""

    text: str
    left: int
    right: int
    first: str
    last: str | None
    before: str  # the few characters before it
    after: str  # and after it
    written_before: str = ""  # the few characters before it as written (names and title not blanked)

    @property
    def is_range(self) -> bool:
        return self.last is not None

    @property
    def is_year(self) -> bool:
        return self.last is None and bool(_YEAR.match(self.first.lower()))

    @property
    def in_brackets(self) -> bool:
        return self.before.rstrip().endswith(("(", "[")) and self.after.lstrip().startswith((")", "]"))

    @property
    def labels(self) -> set[str]:
        """The word written just before the number (`vol`, `no`, `č`...), as written and folded."""
        match = _LABEL.search(self.before)
        if not match:
            return set()
        label = match.group(1)
        written = _LABEL.search(self.written_before)
        if len(label) == 1 and written and written.group(1) == label and \
                self.written_before[:written.start()].rstrip()[-1:].isalpha():
            return set()  # "Gong T. 2014": an initial after a name, not `t.` (tome)
        return {match.group(1).lower(), fold(match.group(1))}

    @property
    def labelled_page(self) -> bool:
        return bool(self.labels & word_list("page-labels"))

    @property
    def labelled_volume(self) -> bool:
        return bool(self.labels & word_list("volume-labels"))

    @property
    def labelled_issue(self) -> bool:
        return bool(self.labels & word_list("issue-labels")) or self.before.rstrip().endswith("#")


# "117.2 (1992)", "184.10 (Publisher): 1441", "12.3: 45": a volume and its issue joined by a full stop,
# before the year, a bracket or the pages.
_DOTTED = re.compile(r"(?<![\w.])(\d{1,4})\.(\d{1,4})(?![\w.])(?=\s?[(\[]|,|\s?:\s?\d)")


def numbers_in(text: str, hidden: list[tuple[int, int]]) -> list[Number]:
    """Every number or range of `text` outside the `hidden` spans (identifiers, title, journal)."""
    chars = list(text)
    for left, right in hidden:
        for index in range(max(left, 0), min(right, len(chars))):
            chars[index] = " "
    visible = "".join(chars)
    context = visible  # what stands around each number, with the hidden spans blanked
    found = []
    for match in _DOTTED.finditer(visible):
        found.append(_number(text, context, match.start(1), match.end(1), match.group(1), None))
        found.append(_number(text, context, match.start(2), match.end(2), match.group(2), None))
        visible = visible[:match.start()] + " " * (match.end() - match.start()) + visible[match.end():]
    for match in _NUMBER.finditer(visible):
        first, last = match.group("first"), match.group("last")
        if not any(c.isdigit() for c in first):
            continue
        if last is not None and not _plausible_range(first, last):
            # "2017;284" is not a range; read the first number alone.
            end = match.start() + len(first)
            found.append(_number(text, context, match.start(), end, first, None))
            continue
        found.append(_number(text, context, match.start(), match.end(), first, last))
    taken = [(n.left, n.right) for n in found]
    for match in _GLUED_YEAR.finditer(visible):
        group = 1 if match.group(1) else 2
        left, right = match.start(group), match.end(group)
        if not any(a <= left < b for a, b in taken):
            found.append(_number(text, context, left, right, match.group(group), None))
    return sorted(found, key=lambda n: n.left)


# A year run into a word ("Missanjo2019", "2021Public"): a style that prints no space.
_GLUED_YEAR = re.compile(r"(?:(?<=[^\W\d_])(1[5-9]\d\d|20\d\d)(?!\d)|(?<![\w])(1[5-9]\d\d|20\d\d)(?=[^\W\d_]{2}))")


def _number(text: str, context: str, left: int, right: int, first: str, last: str | None) -> Number:
    return Number(text[left:right], left, right, first, last, context[max(0, left - 16):left], context[right:right + 16],
                  text[max(0, left - 16):left])


def word_number(text: str, context: str, left: int, right: int, value: int) -> Number:
    """A number written in words or numerals of another kind (`ccxxxviii`), as its value."""
    return _number(text, context, left, right, str(value), None)


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral (`ccxxxviii` -> 238), or None when `word` is not one."""
    word = word.lower()
    if not word or any(c not in _ROMAN for c in word):
        return None
    total = 0
    for index, char in enumerate(word):
        value = _ROMAN[char]
        following = _ROMAN[word[index + 1]] if index + 1 < len(word) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == word else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            out += letters
            value -= number
    return out


def _plausible_range(first: str, last: str) -> bool:
    a, b = _digits_of(first), _digits_of(last)
    if not a or not b:
        return False
    if len(b) < len(a):
        return True  # "695-10"
    return int(b) >= int(a)


def _digits_of(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


# ------------------------------------------------------------------ equal forms


_SUPPLEMENT = re.compile(r"\bsup(?:p|pl|plement)?\b\.?", re.IGNORECASE)


def locator_key(value: str) -> str:
    """Volume or issue reduced for comparison: `1/2` = `1-2`, `Suppl 3` = `Supplement_3`."""
    value = _SUPPLEMENT.sub("suppl", value.replace("_", " "))
    return "".join(fold(value).split())


def same_locator(cited: str, registered: str) -> bool:
    return locator_key(cited) == locator_key(registered)


_RANGE = re.compile(
    rf"^\s*([A-Za-z]{{0,3}})(\d{{1,9}})([A-Za-z]{{0,3}})\s*(?:[{_DASHES}]{{1,2}}\s*([A-Za-z]{{0,3}})(\d{{1,9}})([A-Za-z]{{0,3}}))?\s*$"
)


def page_span(value: str) -> tuple[str, str | None] | None:
    """(first, last) page with the last page written out (`695-10` -> 710); None when not a page form."""
    value = re.sub(r"^\s*(?:pp?\.|pages?|art(?:icle)?\.?(?:\s?no\.?)?)\s*", "", value, flags=re.IGNORECASE)
    match = _RANGE.match(value)
    if not match:
        return None
    prefix, first, suffix, last_prefix, last, last_suffix = match.groups()
    start = f"{prefix.lower()}{first}{suffix.lower()}"
    if last is None:
        return start, None
    if len(last) < len(first):
        head = first[: len(first) - len(last)]
        expanded = head + last
        # "695-10" is 695-710: when the shortened end would fall before the
        # start, the dropped leading digits were one higher.
        if int(expanded) < int(first):
            expanded = str(int(head) + 1) + last
        last = expanded
    return start, f"{(last_prefix or prefix).lower()}{last}{(last_suffix or suffix).lower()}"


def _bare(page: str) -> str:
    """A page without an e-locator's letter prefix: `e42496` -> `42496`."""
    return page.lstrip("abcdefghijklmnopqrstuvwxyz") or page


def same_pages(cited: str, registered: str) -> bool:
    """`695-710` = `695–710` = `695-10`; `e42496` = `42496`; a first page alone matches its range."""
    if "".join(fold(cited).split()) == "".join(fold(registered).split()):
        return True
    a, b = page_span(cited), page_span(registered)
    if a is None or b is None:
        return False
    (first_a, last_a), (first_b, last_b) = a, b
    if _bare(first_a) != _bare(first_b):
        return False
    if last_a is None or last_b is None:
        return True  # a range cited by its first page only is the same locator
    # An end page cut to its last digits ("1-2" for 1-12, as some styles print it) is the same too.
    cited_last, registered_last = _bare(last_a), _bare(last_b)
    written = _short_end(cited)
    return cited_last == registered_last or bool(written) and registered_last.endswith(written)


def _short_end(value: str) -> str:
    """The end page as written (`1425-37` -> `37`)."""
    parts = re.split(rf"\s*[{_DASHES}]{{1,2}}\s*", value.strip())
    return re.sub(r"\D", "", parts[-1]) if len(parts) == 2 else ""


