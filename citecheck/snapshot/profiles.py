"""What an index keeps of each Crossref record: the full message, or only what the checks read.

`full` stores the API's `message` as read (minus any `--drop-field`), so a
look-up returns exactly what the API would. `lean` stores only what
citecheck reads: titles, authors' and editors' names, the dates it compares
(issued, published, print, online, other) and the `indexed` date, container titles,
volume, issue, pages, article number, type and subtype, updates
(`update-to`, `updated-by`), relations, and the abstract for the evidence
check. It drops reference lists, licences, links, funders, affiliations,
ORCIDs, ISSNs, assertions and the rest: about a quarter of the full size. A
lean record turns into the same `Work` as the full one, and the checks read
the same values from it; `tests/snapshot/test_profiles.py` holds that to
every fixture record.

The profile is fixed when an index is created and recorded in it; each
profile has its own zlib dictionary (the strings its bodies repeat).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from citecheck.snapshot.codec import ZDICT

PROFILES = ("full", "lean")

# Top-level values kept as they are, in the order a lean body lists them.
_KEPT = (
    "DOI", "type", "subtype", "title", "subtitle", "container-title", "short-container-title",
    "volume", "issue", "page", "article-number",
)
# Every publication date a comparison accepts a cited year from (`compare.locators.record_years`).
_DATES = ("issued", "published", "published-print", "published-online", "published-other")
_NAME_KEYS = ("given", "family", "name", "literal")
_NOTICE_KEYS = ("DOI", "type", "label", "source", "record-id")

# The strings lean bodies repeat, most frequent last (see codec.ZDICT).
LEAN_ZDICT = (
    '"relation":{"is-preprint-of":[{"id-type":"doi","id":"10.","asserted-by":"subject"}],'
    '"has-preprint":[{"id-type":"doi","id":"10.","asserted-by":"object"}],"cites":[],'
    '"is-supplement-to":[],"has-review":[],"is-review-of":[]},'
    '"updated-by":[{"DOI":"10.","type":"correction","label":"Correction","source":"publisher",'
    '"updated":{"date-time":"T00:00:00Z"}},{"DOI":"10.","type":"retraction","label":"Retraction",'
    '"source":"retraction-watch","record-id":}],"update-to":[{"DOI":"10.","type":"erratum",'
    '"label":"Erratum","source":"publisher","updated":{"date-time":"T00:00:00Z"}}],'
    '"editor":[{"given":"","family":""}],"subtype":"preprint","type":"book-chapter","proceedings-article",'
    '"posted-content","book","dataset","component","report","monograph","reference-entry",'
    '"subtitle":[""],"article-number":"e","abstract":"<jats:title>Abstract</jats:title><jats:p>'
    '<jats:sec><jats:title>Background</jats:title><jats:title>Methods</jats:title>'
    '<jats:title>Results</jats:title><jats:title>Conclusions</jats:title><jats:italic>'
    '</jats:italic></jats:p></jats:sec> the of and in to with a for was were patients study '
    'mice cells treatment effect results",'
    '"published":{"date-parts":[[,,]]},"published-print":{"date-parts":[[,]]},'
    '"published-online":{"date-parts":[[,,]]},"issued":{"date-parts":[[,,]]},'
    '"indexed":{"date-time":"T:00Z"},"author":[{"given":"","family":""},{"given":"","family":""},'
    '{"given":"","family":""}],"short-container-title":["J"],"container-title":["Journal of '
    'the International Society of Medicine Research Science Biology Chemistry"],'
    '"volume":"","issue":"","page":"-","title":[""],"type":"journal-article","DOI":"10.1016/j.'
    '10.1007/s10.1038/10.1371/journal.pone.10.1002/10.1080/10.3390/10.1093/10.1111/{"DOI":"10.'
).encode("utf-8")


def _names(people: Any) -> list[dict[str, Any]]:
    if not isinstance(people, list):
        return []
    return [
        {key: person[key] for key in _NAME_KEYS if key in person}
        for person in people
        if isinstance(person, Mapping)
    ]


def _has_a_name(people: list[dict[str, Any]]) -> bool:
    """Whether the search index would take a name from these people (as `codec.search_fields` does)."""
    for person in people:
        name = person.get("family") or person.get("name")
        if isinstance(name, str) and name.strip():
            return True
    return False


def _date(value: Any) -> Any:
    if isinstance(value, Mapping) and "date-parts" in value:
        return {"date-parts": value["date-parts"]}
    return value


def _indexed(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    if isinstance(value.get("date-time"), str):
        return {"date-time": value["date-time"]}
    if "timestamp" in value:
        return {"timestamp": value["timestamp"]}
    return {}


def _notices(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    kept = []
    for notice in value:
        if not isinstance(notice, Mapping):
            kept.append(notice)
            continue
        entry = {key: notice[key] for key in _NOTICE_KEYS if key in notice}
        updated = notice.get("updated")
        if updated is not None:
            entry["updated"] = {"date-time": updated["date-time"]} if (
                isinstance(updated, Mapping) and isinstance(updated.get("date-time"), str)
            ) else updated
        kept.append(entry)
    return kept


def lean_message(message: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a Crossref message that citecheck reads (see the module docstring)."""
    lean: dict[str, Any] = {}
    for key in _KEPT:
        if key in message:
            lean[key] = message[key]
    authors = _names(message.get("author"))
    if authors:
        lean["author"] = authors
    if not _has_a_name(authors):
        # Editors stand in for authors only when the record names no author.
        editors = _names(message.get("editor"))
        if editors:
            lean["editor"] = editors
    for key in _DATES:
        if key in message:
            lean[key] = _date(message[key])
    if "indexed" in message:
        lean["indexed"] = _indexed(message["indexed"])
    for key in ("update-to", "updated-by"):
        if key in message:
            lean[key] = _notices(message[key])
    if "relation" in message:
        lean["relation"] = message["relation"]
    if "abstract" in message:
        lean["abstract"] = message["abstract"]
    return lean


@dataclass(frozen=True)
class Storage:
    """How an index stores records: its profile, the fields dropped besides, and its zlib dictionary."""

    profile: str = "full"
    drop: frozenset[str] = frozenset()
    # The dictionary an existing index was built with (read from its `meta`);
    # None for a new index, which takes the profile's current one.
    dictionary: bytes | None = None

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown index profile {self.profile!r}; choose {' or '.join(PROFILES)}")

    @property
    def zdict(self) -> bytes:
        if self.dictionary is not None:
            return self.dictionary
        return LEAN_ZDICT if self.profile == "lean" else ZDICT

    def keep(self, message: Mapping[str, Any]) -> Mapping[str, Any]:
        """The message as this index stores it (the same object when nothing is left out)."""
        kept = lean_message(message) if self.profile == "lean" else message
        if self.drop and not self.drop.isdisjoint(kept):
            kept = {key: value for key, value in kept.items() if key not in self.drop}
        return kept

    def describe(self) -> str:
        dropped = f", without {', '.join(sorted(self.drop))}" if self.drop else ""
        return f"{self.profile}{dropped}"
