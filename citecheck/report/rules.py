"""The rule documentation as the CLI prints it: `citecheck rules` and `citecheck rule CODE`.

Plain text only (no colour, no box drawing) so that it reads the same in a
terminal, through a pipe into grep, or pasted into an issue. Text is wrapped
to the width given (the terminal's) at spaces only, with hanging indents.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any, Iterable, Mapping

from citecheck.checks.base import Example, Rule
from citecheck.report.wrap import DEFAULT_WIDTH, fill, wrap

__all__ = ["format_rules_list", "format_rule"]

INDENT = "    "
SUMMARY_ROOM = 36  # narrower than this, a summary goes under its rule instead of beside it


def format_rules_list(rules: Iterable[Rule], width: int = DEFAULT_WIDTH) -> str:
    """A table of code, name, severity and summary, grouped by family, wrapped to `width`."""
    ordered = sorted(rules, key=lambda rule: rule.code)
    if not ordered:
        return "no rules\n"
    name_width = max(len(rule.name) for rule in ordered)
    severity_width = max(len("severity"), *(len(rule.severity.value) for rule in ordered))
    lead = 5 + 2 + name_width + 2 + severity_width + 2
    beside = width - lead >= SUMMARY_ROOM
    head = f"{'code':<5}  {'name':<{name_width}}  {'severity':<{severity_width}}"
    lines = [head + "  summary" if beside else head.rstrip()]
    for family, members in groupby(ordered, key=lambda rule: rule.family):
        lines.append("")
        lines.append(f"{family}")
        for rule in members:
            row = f"{rule.code:<5}  {rule.name:<{name_width}}  {rule.severity.value:<{severity_width}}  "
            if beside:
                lines += wrap(rule.summary, width, indent=row, hang=" " * lead)
            else:
                lines.append(row.rstrip())
                lines += wrap(rule.summary, width, indent=" " * 7)
    lines.append("")
    lines += wrap("`citecheck rule CODE` explains one rule, with examples that fail and pass.", width)
    return "\n".join(lines) + "\n"


def format_rule(rule: Rule, width: int = DEFAULT_WIDTH) -> str:
    """One rule in full: what it checks, why, a failing and a passing example, the fix."""
    def _wrap(text: str, indent: str = INDENT) -> str:
        return fill(" ".join(text.split()), width, indent=indent)

    parts = [
        fill(f"{rule.code} {rule.name}  ({rule.family}, {rule.severity.value} by default)", width),
        "",
        "What it checks",
        _wrap(rule.summary),
        "",
        "Why it matters",
        _wrap(rule.why),
    ]
    for title, examples in (("Example that fails", rule.fails), ("Example that passes", rule.passes)):
        for example in examples[:1]:
            parts += ["", title, *_example(example, width)]
    parts += [
        "",
        "How to fix it",
        _wrap(rule.fix),
    ]
    if rule.code != "CC902":  # an unused suppression is itself not suppressed inline
        parts += [
            "",
            *wrap("To accept one occurrence, put a comment on the line before the sentence or reference:", width),
            f"{INDENT}<!-- citecheck: ignore[{rule.code}] -->     (Markdown, HTML)",
            f"{INDENT}# citecheck: ignore[{rule.code}]          (plain text)",
        ]
    parts += wrap(f"To turn it off everywhere: ignore = [\"{rule.code}\"] in the configuration.", width)
    return "\n".join(parts) + "\n"


def _example(example: Example, width: int) -> list[str]:
    def _wrap(text: str) -> list[str]:
        return wrap(" ".join(text.split()), width, indent=INDENT)

    lines = []
    if example.note:
        lines += _wrap(f"({example.note})")
    lines.append(f"{INDENT}Article:")
    for line in example.article.rstrip("\n").split("\n"):
        # A long article line continues under itself, further in, so that it
        # still reads as one line of the article.
        lines += wrap(line, width, indent=f"{INDENT}  | ", hang=f"{INDENT}  |   ") if line else [f"{INDENT}  |"]
    for doi, record in example.works.items():
        lines += _wrap(f"Crossref for {doi}: {_record(record)}")
    for doi, agency in example.agency.items():
        lines += _wrap(f"{doi} is registered with {agency}, not Crossref")
    for doi, evidence in example.evidence.items():
        lines += _wrap(f"Evidence for {doi}: {_evidence(evidence)}")
    return lines


def _evidence(evidence: Mapping[str, Any]) -> str:
    """`animal study (mice), from PubMed MeSH: Animals, Mice`."""
    kind = str(evidence.get("kind", "unknown")).replace("_", " ")
    text = {"animal": "animal study", "in vitro": "cell-culture study", "human": "study in people"}.get(kind, kind)
    if evidence.get("species"):
        text += f" ({_listed(evidence['species'])})"
    where = evidence.get("basis") or evidence.get("source")
    if where:
        text += f", from {str(where).replace('pubmed-mesh', 'PubMed MeSH')}"
    if evidence.get("confidence") not in (None, "high"):
        text += f" ({evidence['confidence']} confidence)"
    return text


def _listed(value: Any) -> str:
    """`["mice", "rats"]` as `mice, rats`: a reader's words, not Python's."""
    if isinstance(value, (list, tuple)):
        return " and ".join(str(item) for item in value) if len(value) <= 2 else ", ".join(map(str, value))
    return str(value)


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
