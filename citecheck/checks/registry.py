"""Every rule in one place: lookup by code or name, selection, and the run.

Selection follows ruff: `select` and `ignore` take rule codes, code prefixes
(`CC2`, `CC40`) or rule names; the most specific match wins and, on a tie,
`ignore` wins. Severities can be overridden per rule. Suppressions written in
the article are applied last, and a suppression that hid nothing is itself
reported (CC902).
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from citecheck.checks.base import CheckContext, Rule
from citecheck.model import Finding
from citecheck.settings import Settings

# Family modules, in code order. A module that is missing is a packaging bug,
# so the import error is allowed to surface.
_MODULES = (
    "citecheck.checks.identity",
    "citecheck.checks.metadata",
    "citecheck.checks.status",
    "citecheck.checks.evidence",
    "citecheck.checks.links",
    "citecheck.checks.run",
    "citecheck.checks.suppress",
)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for name in _MODULES:
        rules.extend(importlib.import_module(name).RULES)
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        raise RuntimeError("duplicate rule code or name")
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_key(key: str) -> Rule | None:
    """A rule by its code (`CC201`, any case) or name (`year-mismatch`)."""
    key = key.strip()
    for rule in all_rules():
        if rule.code.lower() == key.lower() or rule.name == key.lower():
            return rule
    return None


def is_known_selector(key: str) -> bool:
    """A code, a code prefix that matches at least one rule, or a rule name."""
    return any(_specificity(key, r) is not None for r in all_rules())


def _specificity(key: str, rule: Rule | None) -> int | None:
    """How specifically `key` names `rule` (None: it does not)."""
    if rule is None:
        return None
    key = key.strip()
    if key.lower() == rule.name:
        return 100
    if key.upper() == "ALL":
        return 0
    if rule.code.upper().startswith(key.upper()) and key.upper().startswith("CC"):
        return len(key)
    return None


def is_selected(rule: Rule, select: Sequence[str], ignore: Sequence[str]) -> bool:
    chosen = [s for s in (_specificity(k, rule) for k in select) if s is not None]
    if select and not chosen:
        return False
    best_select = max(chosen) if chosen else -1
    dropped = [s for s in (_specificity(k, rule) for k in ignore) if s is not None]
    return not dropped or max(dropped) < best_select


def selected_rules(settings: Settings) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if is_selected(r, settings.select, settings.ignore))


def _severity_for(rule: Rule, settings: Settings):
    for key in (rule.code, rule.name):
        if key in settings.severity:
            return settings.severity[key]
    return rule.severity


def run(context: CheckContext, settings: Settings) -> tuple[Finding, ...]:
    """Run the selected rules on one file, then apply the article's suppressions."""
    from citecheck.checks.suppress import apply_suppressions

    findings: list[Finding] = []
    rules = selected_rules(settings)
    for rule in rules:
        if rule.code == "CC902":
            continue  # produced by apply_suppressions below
        severity = _severity_for(rule, settings)
        for finding in rule.check(rule, context):
            findings.append(replace(finding, severity=severity) if severity is not finding.severity else finding)
    findings = list(apply_suppressions(findings, context.extraction.suppressions, rules=rules))
    unused = rule_by_key("CC902")
    if unused is not None and unused not in rules:
        findings = [f for f in findings if f.code != "CC902"]
    elif unused is not None:
        severity = _severity_for(unused, settings)
        findings = [replace(f, severity=severity) if f.code == "CC902" else f for f in findings]
    return tuple(sorted(findings, key=lambda f: (f.line, f.code, f.reference or "")))
