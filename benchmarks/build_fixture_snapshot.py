"""Rebuild fixtures/snapshot/citecheck-fixtures.sqlite, the bundled snapshot index.

    .venv/bin/python benchmarks/build_fixture_snapshot.py            # rebuild the index
    .venv/bin/python benchmarks/build_fixture_snapshot.py --refresh  # also re-pack the list items

Inputs, all inside the repository (provenance in fixtures/snapshot/README.md):

* fixtures/crossref/10.*.json: the real `/works/{doi}` recordings and the
  reconstructed seed records;
* fixtures/crossref/articles/ (when present): reconstructed records for the
  DOIs of the real articles in fixtures/articles/;
* fixtures/snapshot/list-items.jsonl.gz: the 1,910 real work-list items of
  /work/shared/crossref/list-items/, packed one per line (`--refresh` re-packs
  them from that folder, sorted by file name, gzip without a timestamp).

The build is deterministic: inputs in sorted order, the recorded build time
set to the newest `indexed` date among the inputs, the same SQLite and zlib
giving the same bytes. The script prints the file's SHA-256 so that two runs
can be compared.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citecheck.snapshot.build import build_snapshot, format_build_result  # noqa: E402
from citecheck.snapshot.records import iter_messages  # noqa: E402

OUTPUT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"
LIST_ITEMS = ROOT / "fixtures" / "snapshot" / "list-items.jsonl.gz"
SHARED_LIST_ITEMS = Path("/work/shared/crossref/list-items")


def pack_list_items(source: Path = SHARED_LIST_ITEMS, target: Path = LIST_ITEMS) -> int:
    """Pack one list item per line, in file-name order, into a reproducible gzip file."""
    files = sorted(source.glob("*.json"))
    with open(target, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
        for path in files:
            message = json.loads(path.read_text(encoding="utf-8"))
            out.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            out.write(b"\n")
    return len(files)


def fixture_inputs() -> list[Path]:
    crossref = ROOT / "fixtures" / "crossref"
    inputs = sorted(crossref.glob("10.*.json"))
    articles = crossref / "articles"
    if articles.is_dir():
        inputs.append(articles)
    if LIST_ITEMS.exists():
        inputs.append(LIST_ITEMS)
    return inputs


def newest_indexed(inputs: list[Path]) -> str:
    dates = [
        m["indexed"]["date-time"]
        for m in iter_messages(inputs)
        if isinstance(m.get("indexed"), dict) and isinstance(m["indexed"].get("date-time"), str)
    ]
    return max(dates) if dates else "1970-01-01T00:00:00Z"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="re-pack the list items from /work/shared first")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    if args.refresh or not LIST_ITEMS.exists():
        count = pack_list_items()
        print(f"packed {count} list items into {LIST_ITEMS.relative_to(ROOT)}")
    inputs = fixture_inputs()
    args.output.unlink(missing_ok=True)
    result = build_snapshot(inputs, args.output, timestamp=newest_indexed(inputs))
    print(format_build_result(result))
    print(f"sha256 {hashlib.sha256(args.output.read_bytes()).hexdigest()}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
