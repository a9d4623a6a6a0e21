"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

One run; the driver lists every rule of the registry (code as `id`, name,
summary, why and fix as descriptions and help, default level) and each finding
is a result pointing at its file (a URI relative to the working folder when the
file lies under it) and 1-based line. A file that could not be checked becomes
a tool execution notification, and makes `executionSuccessful` false.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any, Sequence, TextIO
from urllib.parse import quote

from citecheck.model import Finding, Report, Severity

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _registry_rules() -> Sequence[Any]:
    from citecheck.checks.registry import all_rules

    return all_rules()


def artifact_uri(path: str, base: Path | None = None) -> str:
    """A URI reference for `path`: relative (POSIX, percent-encoded) when under `base`."""
    base = base or Path.cwd()
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(base.resolve())
        except ValueError:
            return candidate.resolve().as_uri()
    # PurePosixPath from the parts: forward slashes whatever the platform.
    posix = PurePosixPath(*candidate.parts) if candidate.parts else PurePosixPath(path)
    return quote(str(posix), safe="/")


def _rule_descriptor(rule: Any) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.why}".strip()},
        "help": {
            "text": f"{rule.why}\n\nFix: {rule.fix}",
            "markdown": f"{rule.why}\n\n**Fix:** {rule.fix}",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [getattr(rule, "family", "citecheck")]},
    }


def _region(finding: Finding) -> dict[str, int]:
    """The line, and the column when known (SARIF counts both from 1, columns in characters)."""
    region = {"startLine": max(finding.line, 1)}
    if finding.column:
        region["startColumn"] = finding.column
    return region


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    """For a finding whose rule the registry does not know (it should not happen)."""
    return {"id": finding.code, "name": finding.rule, "defaultConfiguration": {"level": LEVEL[finding.severity]}}


def _result(finding: Finding, uri: str, index: int) -> dict[str, Any]:
    text = finding.message
    if finding.suggestion:
        text += f" Suggestion: {finding.suggestion}"
    properties: dict[str, Any] = {"severity": finding.severity.value}
    for key in ("reference", "cited", "expected", "sentence"):
        value = getattr(finding, key)
        if value is not None:
            properties[key] = value
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(finding),
                }
            }
        ],
        "properties": properties,
    }


def to_sarif(report: Report, rules: Sequence[Any] | None = None, base: Path | None = None) -> dict[str, Any]:
    """The SARIF log as a dict; `rules` defaults to the registry's (any object with Rule's fields)."""
    from citecheck import HOMEPAGE, __version__

    rules = _registry_rules() if rules is None else rules
    descriptors = [_rule_descriptor(rule) for rule in rules]
    index = {descriptor["id"]: position for position, descriptor in enumerate(descriptors)}
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for file in report.files:
        uri = artifact_uri(file.path, base)
        if file.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"could not check this file: {file.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
        for finding in file.findings:
            if finding.code not in index:
                index[finding.code] = len(descriptors)
                descriptors.append(_fallback_descriptor(finding))
            results.append(_result(finding, uri, index[finding.code]))
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citecheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": descriptors,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write(report: Report, out: TextIO, *, color: bool | None = None, options: object = None) -> None:
    json.dump(to_sarif(report), out, indent=2, ensure_ascii=True)
    out.write("\n")
