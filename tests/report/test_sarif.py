"""`--format sarif`: valid against the official SARIF 2.1.0 schema, rules and results right."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

import citecheck
from citecheck.model import OutputFormat
from citecheck.report import sarif
from tests.report.sample import RULES, clean_report, sample_report

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validate(log: dict) -> None:
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)


def test_the_vendored_schema_is_the_sarif_2_1_0_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SARIF_SCHEMA)
    assert SARIF_SCHEMA["properties"]["version"] == {
        "description": "The SARIF format version of this log file.", "enum": ["2.1.0"]}
    assert len(SARIF_SCHEMA["definitions"]) == 52


def test_the_schema_rejects_a_broken_log() -> None:
    log = sarif.to_sarif(sample_report(), rules=RULES)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate(log)


@pytest.mark.parametrize("report", [sample_report(), clean_report()], ids=["sample", "clean"])
def test_log_validates_against_the_official_schema(report) -> None:
    _validate(sarif.to_sarif(report, rules=RULES))


def test_driver_and_rules() -> None:
    log = sarif.to_sarif(sample_report(), rules=RULES)
    assert log["version"] == "2.1.0"
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "citecheck"
    assert driver["version"] == citecheck.__version__
    assert driver["informationUri"] == citecheck.HOMEPAGE
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == ["CC101", "CC201", "CC206", "CC401", "CC501"]  # CC501 is not in RULES: added from its finding
    year = driver["rules"][1]
    assert year["name"] == "year-mismatch"
    assert year["shortDescription"] == {"text": "The year differs from Crossref's."}
    assert "A wrong year sends readers to the wrong paper." in year["fullDescription"]["text"]
    assert "Use the year of issue." in year["help"]["text"]
    assert year["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][4] == {"id": "CC501", "name": "citation-without-reference",
                                  "defaultConfiguration": {"level": "note"}}


def test_results_point_at_file_and_line_with_levels() -> None:
    run = sarif.to_sarif(sample_report(), rules=RULES)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_code = {result["ruleId"]: result for result in run["results"]}
    assert set(by_code) == {"CC101", "CC201", "CC206", "CC401", "CC501"}
    year = by_code["CC201"]
    assert year["level"] == "error"
    assert year["message"]["text"] == "The reference gives 2021 but Crossref says 2022."
    location = year["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "article.txt"}, "region": {"startLine": 57}}
    assert year["properties"]["cited"] == "2021" and year["properties"]["expected"] == "2022"
    assert by_code["CC501"]["level"] == "note" and by_code["CC401"]["level"] == "warning"
    assert by_code["CC101"]["message"]["text"].endswith("Suggestion: 10.5555/fast.2020")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_a_file_that_could_not_be_checked_is_a_notification() -> None:
    invocation = sarif.to_sarif(sample_report(), rules=RULES)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "notes/bad%20file.txt"
    assert sarif.to_sarif(clean_report(), rules=RULES)["runs"][0]["invocations"][0] == {"executionSuccessful": True}


def test_artifact_uris(tmp_path: Path) -> None:
    assert sarif.artifact_uri("docs/a b#1.md", tmp_path) == "docs/a%20b%231.md"
    assert sarif.artifact_uri(str(tmp_path / "sub" / "x.md"), tmp_path) == "sub/x.md"
    outside = Path("/elsewhere/x.md")
    assert sarif.artifact_uri(str(outside), tmp_path) == outside.resolve().as_uri()


def test_write_uses_the_registry_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif, "_registry_rules", lambda: RULES)
    out = io.StringIO()
    from citecheck.report import write

    write(sample_report(), OutputFormat.SARIF, out)
    log = json.loads(out.getvalue())
    _validate(log)
    assert [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]][:4] == [r.code for r in RULES]


def test_findings_with_line_zero_still_validate() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[0], line=0)
    file = replace(report.files[0], findings=(finding,))
    log = sarif.to_sarif(replace(report, files=(file,)), rules=RULES)
    _validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_every_registry_rule_makes_a_valid_descriptor() -> None:
    from citecheck.checks.registry import all_rules

    log = sarif.to_sarif(sample_report())  # the default: the registry's rules
    _validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in all_rules()]
    assert all(rule["shortDescription"]["text"] and rule["help"]["text"] for rule in driver["rules"])


def test_a_known_column_is_the_regions_start_column() -> None:
    report = sample_report()
    finding = replace(report.files[0].findings[2], column=48)
    log = sarif.to_sarif(replace(report, files=(replace(report.files[0], findings=(finding,)),)), rules=RULES)
    _validate(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 57, "startColumn": 48}
