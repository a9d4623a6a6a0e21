"""Compare a record with the raw text of the entry that cites it.

`compare(reference, work)` gives the `Comparison` the checks and the DOI
suggester read: whether the entry and the record are the same work, and for
each field (title, first author, other authors, year, journal, volume, issue,
pages) whether the record's value is in the entry, absent from it, or
contradicted by a value the entry clearly gives, with the span of
`Reference.text` concerned. Pure: no I/O, no network.
"""

from citecheck.compare.align import FIELDS, compare
from citecheck.compare.locators import record_years
from citecheck.compare.names import family_key, same_family_name
from citecheck.compare.numbers import page_span, same_locator, same_pages
from citecheck.compare.titles import full_title, title_similarity
from citecheck.text.normalize import fold

__all__ = [
    "FIELDS",
    "compare",
    "family_key",
    "fold",
    "full_title",
    "page_span",
    "record_years",
    "same_family_name",
    "same_locator",
    "same_pages",
    "title_similarity",
]
