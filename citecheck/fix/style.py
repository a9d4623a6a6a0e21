"""Replacement text written the way the entry already writes it.

Each function takes the text a fix replaces, as the source file has it, and
the registered value, and returns the value in the entry's conventions, or
None when that cannot be done with certainty (the fix is then left to a
person):

- pages keep their dash and its spacing (`695-710`, `695–710`, `695 – 710`)
  and their abbreviation (`1425-37`, `695-10`, or written in full);
- a year keeps its letter (`2021a` -> `2022a`);
- a family name keeps capitals (`SMITH` for an entry in capitals);
- a DOI keeps the case the entry writes DOIs in.
"""

from __future__ import annotations

import re

DASHES = "-‐‑‒–—―~−"
_PAGES = re.compile(
    rf"^(?P<prefix>[A-Za-z]{{0,3}})(?P<first>\d{{1,9}})(?P<suffix>[A-Za-z]?)"
    rf"(?:(?P<dash>\s?[{DASHES}]{{1,2}}\s?)(?P<last_prefix>[A-Za-z]{{0,3}})(?P<last>\d{{1,9}})(?P<last_suffix>[A-Za-z]?))?$"
)
_LOCATOR = re.compile(r"^[A-Za-z]{0,2}\d{1,7}[A-Za-z]?$")
_YEAR = re.compile(r"^(?P<year>\d{4})(?P<letter>[a-z]?)$")
_NAME = re.compile(r"^[^\W\d_]+(?:[-‐'’ ][^\W\d_]+){0,3}$")


# ------------------------------------------------------------------ numbers


def year_text(old: str, record: str) -> str | None:
    """`2021` -> `2022`, `2021a` -> `2022a`."""
    match = _YEAR.match(old.strip())
    if not match or not re.fullmatch(r"\d{4}", record or ""):
        return None
    return old.replace(match.group("year"), record, 1)


def locator_text(old: str, record: str) -> str | None:
    """A volume or an issue: the registered value when it is a plain number (`14`, `S2`, `10a`)."""
    record = (record or "").strip()
    if not _LOCATOR.match(old.strip()) or not _LOCATOR.match(record):
        return None
    return record


def _digits_changed(first: str, last: str) -> str:
    """The end of a range with the leading digits it shares with the start dropped (`1425`, `1437` -> `37`)."""
    if len(first) != len(last):
        return last
    index = 0
    while index < len(last) - 1 and first[index] == last[index]:
        index += 1
    return last[index:]


def _chicago(first: str, last: str) -> str:
    """The end of a range as the Chicago Manual abridges it (`321-28`, `101-8`, `498-532`, `100-104`, `1496-1504`)."""
    number = int(first)
    if len(first) != len(last) or number < 100 or number % 100 == 0:
        return last
    changed = _digits_changed(first, last)
    if len(first) == 4 and len(changed) >= 3:
        return last  # four digits of which three change: all four (`1496–1504`)
    if number % 100 < 10:
        return changed.lstrip("0") or changed
    return changed if len(changed) >= 2 else last[-2:]


def _expanded(first: str, last: str) -> str:
    """`695`, `10` -> `710`: the end of an abridged range written out."""
    if len(last) >= len(first):
        return last
    head = first[: len(first) - len(last)]
    expanded = head + last
    if int(expanded) < int(first):
        expanded = str(int(head) + 1) + last
    return expanded


def _in_full(first: str, last: str) -> str:
    return last


_ABRIDGERS = (_in_full, _digits_changed, _chicago)


def _abridgers(first: str, written_last: str) -> list:
    """The ways of writing a range's end that give `first-written_last` (written out, minimal, Chicago)."""
    last = _expanded(first, written_last)
    return [rule for rule in _ABRIDGERS if rule(first, last) == written_last]


def _end(first: str, last: str, old_first: str, old_last: str, others: tuple[str, ...]) -> str | None:
    """The end of `first-last` abridged as the entry (or, when it could be several ways, the list) abridges ranges."""
    rules = _abridgers(old_first, old_last)
    if not rules:
        keep = len(old_last)  # a fixed number of digits kept (`695-01`)
        return last[-keep:] if len(last) >= keep else last
    if len({rule(first, last) for rule in rules}) > 1:
        for other in others:
            match = _PAGES.match(other.strip())
            if match and match.group("last") and not (match.group("prefix") or match.group("last_prefix")):
                narrower = [r for r in rules if r in _abridgers(match.group("first"), match.group("last"))]
                rules = narrower or rules
    ends = {rule(first, last) for rule in rules}
    return ends.pop() if len(ends) == 1 else None


def _record_pages(record: str) -> tuple[str, str, str, str | None] | None:
    """(prefix, first, suffix, last written out) of a registered page value."""
    match = _PAGES.match(record.strip().replace(" ", ""))
    if not match:
        return None
    first, last = match.group("first"), match.group("last")
    return match.group("prefix"), first, match.group("suffix"), _expanded(first, last) if last else None


def pages_text(old: str, record: str, others: tuple[str, ...] = ()) -> str | None:
    """The registered pages (`695-710`, `e42496`) in the form of the cited ones.

    A range keeps the cited dash, its spacing and its abridgement (when the
    cited range could be abridged several ways, `others`, the list's other
    ranges, tell which; when they cannot, None); a single
    cited page (a style that prints the first page only) stays single; an
    e-locator's letter is dropped when the entry writes article numbers bare.
    """
    cited = _PAGES.match(old.strip())
    registered = _record_pages(record or "")
    if cited is None or registered is None or old != old.strip():
        return None
    prefix, first, suffix, last = registered
    if prefix.lower() == "e" and not cited.group("prefix") and cited.group("last") is None:
        prefix = ""
    start = f"{prefix}{first}{suffix}"
    cited_first, cited_last = cited.group("first"), cited.group("last")
    if cited_last is None:
        return start
    if last is None or last == first:
        if _expanded(cited_first, cited_last) != cited_first:
            return start  # one registered page where the entry has a range
        last = first  # a single page the entry writes as a range (`381–381`, `229–29`)
    if prefix or suffix or cited.group("prefix") or cited.group("last_prefix"):
        # Letters in a range (`S12-S20`): written out whole, as the record has it.
        return f"{start}{cited.group('dash')}{prefix}{last}{suffix}"
    end = _end(first, last, cited_first, cited_last, others)
    if end is None:
        return None
    return f"{start}{cited.group('dash')}{end}"


# ------------------------------------------------------------------ words


def family_name_text(old: str, record: str, capitals: bool | None = None) -> str | None:
    """The registered family name, in capitals when the entry writes names in capitals.

    `capitals` says whether the entry writes names in capitals (its other
    authors, or the list's): a first author in capitals among names that are
    not is a name copied in capitals, not the style; when it is not known, a
    name in capitals is left to a person.
    """
    record = " ".join((record or "").split())
    if not record or not _NAME.match(record) or not _NAME.match(old.strip()):
        return None
    if len(old) > 1 and old.isupper():
        if capitals is None:
            return None  # capitals of the style, or of a name copied in capitals: unknown
        if capitals:
            return record.upper()
    if record.isupper() and len(record) > 2:
        return None  # a record in capitals: how the entry would write it is a guess
    return record


def doi_text(new: str, written: str | None, registered: str | None = None) -> str:
    """A DOI in the case the entry writes DOIs: lower, upper, or as registered."""
    if written:
        letters = [c for c in written if c.isalpha()]
        if letters and all(c.islower() for c in letters):
            return new.lower()
        if letters and all(c.isupper() for c in letters):
            return new.upper()
    if registered and registered.lower() == new.lower():
        return registered
    return new
