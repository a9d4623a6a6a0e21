"""The JSON report: validates against docs/report.schema.json, every key documented, values right."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import citecheck
from citecheck.model import (
    Citation,
    Document,
    Extraction,
    OutputFormat,
    Reference,
    Status,
)
from citecheck.report import json_report, write, write_extraction
from tests.report.sample import DOI1, HOSTILE_CITED, HOSTILE_TITLE, clean_report, sample_report, with_statuses

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))


def _strict(schema: Any) -> Any:
    """The schema with no undocumented key allowed anywhere.

    The published schema leaves objects open (consumers must accept new keys);
    this closed copy proves that the report holds no key the schema does not
    document.
    """
    if isinstance(schema, dict):
        strict = {key: _strict(value) for key, value in schema.items()}
        if "properties" in schema and schema.get("type") == "object":
            strict["unevaluatedProperties"] = False
        return strict
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


STRICT = _strict(SCHEMA)


def _validator(schema: dict, definition: str | None = None) -> jsonschema.Draft202012Validator:
    validator = jsonschema.Draft202012Validator(schema)
    if definition:
        # Evolve keeps the root as the base for `#/$defs/...` references.
        validator = validator.evolve(schema={"$ref": f"#/$defs/{definition}"})
    return validator


def report_json(report) -> dict:
    out = io.StringIO()
    write(report, OutputFormat.JSON, out)
    return json.loads(out.getvalue())


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "report",
    [
        sample_report(),
        clean_report(),
        with_statuses(sample_report(), Status.UNVERIFIED, reason="HTTP 503"),
        with_statuses(sample_report(), Status.NOT_CROSSREF),
    ],
    ids=["sample", "clean", "unverified", "not-crossref"],
)
def test_report_validates_against_the_strict_schema(report) -> None:
    _validator(STRICT).validate(report_json(report))


def test_strict_schema_rejects_an_undocumented_key() -> None:
    data = report_json(sample_report())
    data["files"][0]["references"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        _validator(STRICT).validate(data)
    _validator(SCHEMA).validate(data)  # the published schema stays open to additions


def test_documented_values() -> None:
    data = report_json(sample_report())
    assert data["schema_version"] == 1
    assert data["citecheck_version"] == citecheck.__version__
    assert data["hints"] == ["a hint"]
    article, broken = data["files"]
    assert article["path"] == "article.txt" and article["error"] is None
    assert broken["error"].startswith("not UTF-8") and broken["references"] == []
    r1, r2, r3 = article["references"]
    assert (r1["id"], r1["line"], r1["doi"], r1["status"]) == ("R1", 57, DOI1, "mismatch")
    assert r1["parsed"]["year"] == 2021 and r1["parsed"]["journal"] == "J Diabetes"
    assert r1["crossref"]["year"] == 2022 and r1["crossref"]["title"] == HOSTILE_TITLE  # verbatim
    assert r1["lookup"] == {"outcome": "found", "source": "crossref", "agency": None, "reason": None}
    assert r1["evidence"] is None and r1["suggested_doi"] is None
    assert r2["status"] == "no_doi" and r2["crossref"] is None and r2["lookup"] is None
    assert r2["suggested_doi"] == "10.5555/fast.2020"
    assert r2["suggestion"] == {"doi": "10.5555/fast.2020", "score": 0.94, "title": "Fasting and mood"}
    assert r3["evidence"]["kind"] == "animal" and r3["evidence"]["species"] == ["rat"]
    assert article["citations"] == [
        {"line": 12, "text": "(Evil & Jones, 2021)", "sentence": "Sugar ruins sleep (Evil & Jones, 2021).",
         "kind": "author-year", "references": ["R1"], "candidates": [], "authors": ["Evil", "Jones"],
         "year": 2021, "year_suffix": None, "numbers": []}
    ]
    year = next(f for f in article["findings"] if f["code"] == "CC201")
    assert year == {"code": "CC201", "rule": "year-mismatch", "severity": "error", "line": 57, "column": None,
                    "reference": "R1",
                    "message": "The reference gives 2021 but Crossref says 2022.", "cited": "2021",
                    "expected": "2022", "sentence": None, "suggestion": None, "fix": None}
    title = next(f for f in article["findings"] if f["code"] == "CC206")
    assert title["cited"] == HOSTILE_CITED  # JSON carries the text as it is; JSON escaping makes it safe
    assert data["summary"] == {
        "files": 2, "references": 3, "findings": 5, "errors": 1, "warnings": 3, "infos": 1, "unverified": 0,
        "statuses": {"verified": 1, "mismatch": 1, "not_found": 0, "no_doi": 1, "not_crossref": 0, "unverified": 0,
                     "unconfirmed": 0, "partly_verified": 0},
        "unreadable": 1,
    }
    assert data["stats"]["requests"] == 3 and data["stats"]["mailto"] is True


def test_each_reference_carries_its_comparison_with_spans_into_its_text() -> None:
    data = report_json(sample_report())
    r1, r2, r3 = data["files"][0]["references"]
    assert r2["comparison"] is None  # nothing to compare with
    assert r3["comparison"]["identity"] == "same"
    fields = r3["comparison"]["fields"]
    assert set(fields) == {"title", "author", "authors", "year", "journal", "volume", "issue", "pages"}
    for field in fields.values():
        if field["state"] == "found" and field["span"] is not None:
            start, end = field["span"]
            assert r3["text"][start:end] == field["cited"]
    assert fields["title"]["state"] == "found" and fields["title"]["cited"] == "Rats on sugar"
    assert fields["year"] == {"state": "found", "cited": "2019", "record": "2019", "span": [11, 15], "note": None}
    expected = sample_report().files[0].results[0].comparison.as_json()
    assert r1["comparison"] == json.loads(json.dumps(expected))  # what the model holds, verbatim


def test_output_is_ascii_and_round_trips_control_characters() -> None:
    out = io.StringIO()
    write(sample_report(), OutputFormat.JSON, out)
    text = out.getvalue()
    assert text.isascii() and "\x1b" not in text and "\\u001b" in text
    assert json.loads(text)["files"][0]["references"][0]["parsed"]["title"] == HOSTILE_CITED


def test_unverified_reference_carries_its_reason() -> None:
    data = report_json(with_statuses(sample_report(), Status.UNVERIFIED, reason="HTTP 503 after 3 tries"))
    reference = data["files"][0]["references"][0]
    assert reference["status"] == "unverified"
    assert reference["lookup"]["outcome"] == "unverified" and reference["lookup"]["reason"] == "HTTP 503 after 3 tries"
    assert data["summary"]["unverified"] == 3


# ---------------------------------------------------------------- extraction


def _extractions() -> list[Extraction]:
    reference = Reference(id="R1", line=20, text="Yang X. (2024). Gut. doi:10.1/x", authors=("Yang",), year=2024,
                          doi="10.1/x")
    citation = Citation(line=4, text="(Yang, 2024)", sentence="Flora (Yang, 2024).", kind="author-year",
                        references=("R1",), authors=("Yang",), year=2024)
    return [Extraction(document=Document(path="a.md", text="..."), references=(reference,), citations=(citation,))]


def test_extraction_json_uses_the_same_reference_and_citation_objects() -> None:
    out = io.StringIO()
    write_extraction(_extractions(), OutputFormat.JSON, out)
    data = json.loads(out.getvalue())
    _validator(STRICT, "extraction").validate(data)
    assert data["schema_version"] == 1 and data["citecheck_version"] == citecheck.__version__
    (file,) = data["files"]
    assert file["path"] == "a.md"
    (reference,) = file["references"]
    assert set(reference) == set(SCHEMA["$defs"]["reference"]["properties"])
    assert reference["status"] is None and reference["crossref"] is None and reference["lookup"] is None
    assert reference["doi"] == "10.1/x" and reference["parsed"]["authors"] == ["Yang"]
    assert file["citations"] == [json_report.citation_dict(_extractions()[0].citations[0])]


def test_extraction_rejects_formats_it_does_not_have() -> None:
    from citecheck.errors import ConfigError

    with pytest.raises(ConfigError):
        write_extraction(_extractions(), OutputFormat.SARIF, io.StringIO())


# ---------------------------------------------------------------------- docs


def _property_names(node: Any) -> set[str]:
    """Every name listed under any `properties` in the schema."""
    names: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            names |= set(node["properties"])
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_every_key_of_the_schema_is_documented() -> None:
    page = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    keys = _property_names(SCHEMA)
    assert {"schema_version", "suggested_doi", "pubmed_problem", "year_suffix"} <= keys
    missing = sorted(key for key in keys if f"`{key}`" not in page)
    assert not missing, f"keys not documented in docs/json-schema.md: {missing}"


def test_the_documented_example_is_valid() -> None:
    page = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    example = page.split("## Example", 1)[1]
    body = re.search(r"```json\n(.*?)```", example, re.S).group(1)
    _validator(STRICT).validate(json.loads(body))


def test_documented_version_policy_mentions_both_rules() -> None:
    page = (DOCS / "json-schema.md").read_text(encoding="utf-8")
    assert "Additive changes keep `schema_version` 1" in page
    assert "bumps it" in page
