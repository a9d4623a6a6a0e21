"""The rule documentation as the CLI prints it: `citecheck rules` and `citecheck rule CODE`.

Plain text only (no colour, no box drawing) so that it reads the same in a
terminal, through a pipe into grep, or pasted into an issue.
"""

from __future__ import annotations

import textwrap
from itertools import groupby
from typing import Any, Iterable, Mapping

from citecheck.checks.base import Example, Rule

__all__ = ["format_rules_list", "format_rule"]

WIDTH = 88
INDENT = "    "


def format_rules_list(rules: Iterable[Rule]) -> str:
    """A table of code, name, severity and summary, grouped by family."""
    ordered = sorted(rules, key=lambda rule: rule.code)
    if not ordered:
        return "no rules\n"
    name_width = max(len(rule.name) for rule in ordered)
    severity_width = max(len("severity"), *(len(rule.severity.value) for rule in ordered))
    head = f"{'code':<5}  {'name':<{name_width}}  {'severity':<{severity_width}}  summary"
    lines = [head]
    for family, members in groupby(ordered, key=lambda rule: rule.family):
        lines.append("")
        lines.append(f"{family}")
        for rule in members:
            lines.append(
                f"{rule.code:<5}  {rule.name:<{name_width}}  {rule.severity.value:<{severity_width}}  {rule.summary}"
            )
    lines.append("")
    lines.append("`citecheck rule CODE` explains one rule, with an example that fails and one that passes.")
    return "\n".join(lines) + "\n"


def format_rule(rule: Rule) -> str:
    """One rule in full: what it checks, why, a failing and a passing example, the fix."""
    parts = [
        f"{rule.code} {rule.name}  ({rule.family}, {rule.severity.value} by default)",
        "",
        "What it checks",
        _wrap(rule.summary),
        "",
        "Why it matters",
        _wrap(rule.why),
    ]
    for title, examples in (("Example that fails", rule.fails), ("Example that passes", rule.passes)):
        for example in examples[:1]:
            parts += ["", title, *_example(example)]
    parts += [
        "",
        "How to fix it",
        _wrap(rule.fix),
    ]
    if rule.code != "CC902":  # an unused suppression is itself not suppressed inline
        parts += [
            "",
            "To accept one occurrence, put a comment on the line before the sentence or reference:",
            f"{INDENT}<!-- citecheck: ignore[{rule.code}] -->     (Markdown, HTML)",
            f"{INDENT}# citecheck: ignore[{rule.code}]          (plain text)",
        ]
    parts.append(f"To turn it off everywhere: ignore = [\"{rule.code}\"] in the configuration.")
    return "\n".join(parts) + "\n"


def _wrap(text: str, indent: str = INDENT) -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent)


def _example(example: Example) -> list[str]:
    lines = []
    if example.note:
        lines.append(_wrap(f"({example.note})"))
    lines.append(f"{INDENT}Article:")
    for line in example.article.rstrip("\n").split("\n"):
        lines.append(f"{INDENT}  | {line}" if line else f"{INDENT}  |")
    for doi, record in example.works.items():
        lines.append(_wrap(f"Crossref for {doi}: {_record(record)}"))
    for doi, agency in example.agency.items():
        lines.append(_wrap(f"{doi} is registered with {agency}, not Crossref"))
    for doi, evidence in example.evidence.items():
        detail = ", ".join(f"{key} {value}" for key, value in evidence.items())
        lines.append(_wrap(f"Evidence for {doi}: {detail}"))
    return lines


def _record(record: Mapping[str, Any] | None) -> str:
    """The fields of a Crossref message that a reader compares with the article."""
    if record is None:
        return "not found (404)"
    fields = []
    title = _first(record.get("title"))
    if title:
        fields.append(f'"{title}"')
    authors = [a.get("family") or a.get("name") for a in record.get("author", ()) if isinstance(a, Mapping)]
    if authors:
        fields.append(", ".join(a for a in authors if a))
    journal = _first(record.get("container-title"))
    if journal:
        fields.append(journal)
    year = _year(record)
    if year:
        fields.append(str(year))
    for key, label in (("volume", "vol."), ("issue", "issue"), ("page", "pp."), ("article-number", "art.")):
        if record.get(key):
            fields.append(f"{label} {record[key]}")
    if record.get("type") and record.get("type") != "journal-article":
        fields.append(f"type {record['type']}")
    for relation in ("update-to", "updated-by"):
        for update in record.get(relation, ()) or ():
            if isinstance(update, Mapping) and update.get("type"):
                fields.append(f"{relation} {update['type']}")
    return "; ".join(fields) or "a record with no bibliographic fields"


def _first(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        return str(value[0]) if value else None
    return str(value) if value else None


def _year(record: Mapping[str, Any]) -> int | None:
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (record.get(key) or {}).get("date-parts") or [[None]]
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None
