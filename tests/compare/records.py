"""Real Crossref records from fixtures/ (provenance in fixtures/crossref/README.md and fixtures/snapshot/README.md)."""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path
from typing import Any

from citecheck.model import Reference, Work
from citecheck.sources.records import work_from_message

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@functools.lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, Any]]:
    """DOI -> Crossref message, from the recorded works and the packed list items."""
    found: dict[str, dict[str, Any]] = {}
    with gzip.open(FIXTURES / "snapshot" / "list-items.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            message = json.loads(line)
            found[message["DOI"].lower()] = message
    for path in sorted((FIXTURES / "crossref").rglob("10.*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("message-type") == "work":
            found[data["message"]["DOI"].lower()] = data["message"]
    return found


def record(doi: str) -> Work:
    return work_from_message(messages()[doi.lower()])


def entry(text: str, **fields: Any) -> Reference:
    """A reference with its raw text and whatever parsed fields a test gives."""
    return Reference(id="R1", line=1, text=text, **fields)
