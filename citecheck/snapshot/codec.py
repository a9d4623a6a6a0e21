"""How one Crossref record is stored in an index: its compressed body and its search fields.

The body is the API's `message` as compact JSON, zlib-compressed against a
preset dictionary of the keys and values nearly every Crossref message
repeats (a record compressed alone cannot refer back to its neighbours). The
search fields are the full-text columns derived from it, deterministically:
replacing a record in a contentless FTS5 table deletes its old entry by
recomputing them from the stored body.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Mapping

from citecheck.snapshot.records import LineChunk, Problem, parse_line
from citecheck.sources.records import plain_text
from citecheck.text.identifiers import doi_key

if TYPE_CHECKING:
    from citecheck.snapshot.profiles import Storage

# How many authors go into the search index: a reference names its first
# authors; the long tail of a 3,000-author physics paper only costs space.
MAX_INDEXED_AUTHORS = 20

# Preset dictionary for zlib: the keys and values nearly every Crossref message
# repeats. A message compressed alone cannot refer back to the previous one, so
# without a dictionary each record pays again for `"date-parts":[[` and friends.
# Most frequent strings last (zlib finds nearer matches with shorter codes).
ZDICT = (
    '"assertion":[{"value":"","order":0,"name":"received","label":"Received","group":'
    '{"name":"publication_history","label":"Publication History"}},{"value":"",'
    '"order":1,"name":"accepted","label":"Accepted"},{"value":"","order":2,'
    '"name":"first_online","label":"First Online"}],"funder":[{"DOI":"10.13039/",'
    '"name":"","doi-asserted-by":"publisher","award":[],"id":[{"id":"10.13039/",'
    '"id-type":"DOI","asserted-by":"publisher"}]}],"abstract":"<jats:title>Abstract'
    '</jats:title><jats:p>","alternative-id":["S"],"archive":["Portico","CLOCKSS"],'
    '"update-policy":"https://doi.org/10.","ISBN":[""],"isbn-type":[{"value":"",'
    '"type":"print"},{"value":"","type":"electronic"}],"publisher-location":"",'
    '"article-number":"","published-other":,"subject":[],"relation":{},'
    '"original-title":[],"short-title":[],"subtitle":[],"language":"en",'
    '"license":[{"start":{"date-parts":[[,,]],"date-time":"T00:00:00Z","timestamp":'
    '},"content-version":"vor","delay-in-days":0,"URL":'
    '"http://creativecommons.org/licenses/by/4.0/"},{"start":{"date-parts":[[,,]],'
    '"date-time":"","timestamp":},"content-version":"tdm","delay-in-days":0,"URL":'
    '"https://www.elsevier.com/tdm/userlicense/1.0/"},{"content-version":"am",'
    '"URL":"http://www.springer.com/tdm","https://onlinelibrary.wiley.com/'
    'termsAndConditions#vor"}],"link":[{"URL":"https://link.springer.com/content/pdf/'
    '10.","content-type":"application/pdf","content-version":"vor",'
    '"intended-application":"text-mining"},{"URL":"","content-type":"text/xml",'
    '"content-version":"vor","intended-application":"text-mining"},{"URL":"",'
    '"content-type":"unspecified","content-version":"vor","intended-application":'
    '"similarity-checking"}],"reference":[{"key":"","doi-asserted-by":"crossref",'
    '"first-page":"","DOI":"10.","article-title":"","volume":"","author":"",'
    '"year":"","journal-title":"","unstructured":"","series-title":"",'
    '"volume-title":"","edition":""},{"key":"","doi-asserted-by":"publisher",'
    '"unstructured":""}],"editor":[{"given":"","family":"","sequence":"first",'
    '"affiliation":[]}],"author":[{"ORCID":"https://orcid.org/",'
    '"authenticated-orcid":false,"given":"","family":"","sequence":"first",'
    '"affiliation":[{"name":""}]},{"given":"","family":"","sequence":"additional",'
    '"affiliation":[]}],"role":[{"vocabulary":"crossref","role":"author"}],'
    '"journal-issue":{"issue":"","published-print":{"date-parts":[[,]]},'
    '"published-online":{"date-parts":[[,]]}},"ISSN":[""],"issn-type":[{"value":"",'
    '"type":"print"},{"value":"","type":"electronic"}],"container-title":[""],'
    '"short-container-title":[""],"published-print":{"date-parts":[[,]]},'
    '"published-online":{"date-parts":[[,,]]},"published":{"date-parts":[[,,]]},'
    '"issued":{"date-parts":[[,,]]},"resource":{"primary":{"URL":"https://"}},'
    '"URL":"https://doi.org/10.","deposited":{"date-parts":[[,,]],"date-time":"",'
    '"timestamp":},"score":1,"member":"","prefix":"10.","volume":"","issue":"",'
    '"page":"","title":[""],"is-referenced-by-count":0,"source":"Crossref",'
    '"created":{"date-parts":[[,,]],"date-time":"","timestamp":},"type":'
    '"journal-article","DOI":"10.","content-domain":{"domain":[],'
    '"crossmark-restriction":false},"publisher":"Elsevier BV","Springer Science and '
    'Business Media LLC","Wiley","reference-count":0,"references-count":0,'
    '{"indexed":{"date-parts":[[,,]],"date-time":"T:00Z","timestamp":,"version":"3."},'
).encode("utf-8")
BODY_ENCODING = "json+zlib-zdict/1"
SEARCH_FIELDS_VERSION = 1


def encode_body(message: Mapping[str, Any], zdict: bytes = ZDICT) -> bytes:
    """Compact JSON of the message, compressed against the preset dictionary."""
    # surrogatepass: Crossref text occasionally holds a lone surrogate escape
    # (`\\ud83d`), which json.loads accepts and must come back unchanged.
    data = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"
    )
    compressor = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, zdict)
    return compressor.compress(data) + compressor.flush()


def decode_body(body: bytes, zdict: bytes = ZDICT) -> dict[str, Any]:
    decompressor = zlib.decompressobj(15, zdict)
    data = decompressor.decompress(body) + decompressor.flush()
    return json.loads(data.decode("utf-8", "surrogatepass"))


def issued_year(message: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published"):
        date = message.get(key)
        if not isinstance(date, Mapping):
            continue
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            try:
                year = int(parts[0][0])
            except (TypeError, ValueError):
                continue
            if 1000 <= year <= 2999:
                return year
    return None


def indexed_date(message: Mapping[str, Any]) -> str:
    indexed = message.get("indexed")
    if isinstance(indexed, Mapping):
        value = indexed.get("date-time")
        if isinstance(value, str):
            return value.strip()
        stamp = indexed.get("timestamp")
        if isinstance(stamp, (int, float)):
            moment = datetime.fromtimestamp(stamp / 1000, tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def _texts(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return []
    return [t for t in (plain_text(v) for v in values if isinstance(v, str)) if t]


def _family_names(people: Any) -> list[str]:
    names: list[str] = []
    if isinstance(people, list):
        for person in people:
            if isinstance(person, Mapping):
                name = person.get("family") or person.get("name")
                if isinstance(name, str) and name.strip():
                    names.append(name.strip())
                    if len(names) >= MAX_INDEXED_AUTHORS:
                        break
    return names


def search_fields(message: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """The FTS5 columns of one message: title (+ subtitle), family names, container, year.

    Deterministic by design: replacing a record deletes its old FTS entry by
    recomputing these values from the stored body.
    """
    title = " ".join(_texts(message.get("title")) + _texts(message.get("subtitle")))
    authors = " ".join(_family_names(message.get("author")) or _family_names(message.get("editor")))
    containers = _texts(message.get("container-title"))
    year = issued_year(message)
    return title, authors, containers[0] if containers else "", str(year) if year else ""


@dataclass
class Row:
    """One record ready for the writer: its `indexed` date, issued year, body and search fields."""

    indexed: str
    year: int | None
    body: bytes
    fields: tuple[str, str, str, str]


Encoded = tuple[str, Row]


def encode(message: Mapping[str, Any], storage: Storage) -> Encoded:
    """The DOI key and the stored row of one message, as `storage` keeps it."""
    kept = storage.keep(message)
    row = Row(indexed_date(kept), issued_year(kept), encode_body(kept, storage.zdict), search_fields(kept))
    return doi_key(message["DOI"]), row


def encode_chunk(path: str, chunk: LineChunk, storage: Storage) -> list[Encoded | Problem]:
    """Parse, compress and extract the search fields of a chunk of lines (runs in a worker)."""
    first, lines = chunk
    out: list[Encoded | Problem] = []
    for offset, raw in enumerate(lines):
        for item in parse_line(path, first + offset, raw):
            if isinstance(item, Problem):
                out.append(item)
            else:
                out.append(encode(item.message, storage))
    return out
