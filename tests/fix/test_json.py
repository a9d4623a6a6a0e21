"""The JSON report gives each finding its fix (span, old text, new text, safe or not), valid against the schema."""

from __future__ import annotations

import json

from citecheck.pipeline import check_paths
from citecheck.report.json_report import to_dict
from tests.fix.test_planted_articles import planted, settings
from tests.report.test_json_report import STRICT, _validator


def test_fixes_in_the_json_report_are_documented_and_apply_as_given(tmp_path):
    name = "105_harvard-ecology.html"
    path = tmp_path / name
    text = planted(name).replace("913&ndash;920", "913&ndash;921").replace("10.7717/peerj.5806", "10.7717/peerj.6378")
    path.write_text(text, encoding="utf-8")
    data = json.loads(json.dumps(to_dict(check_paths([str(path)], settings()))))
    _validator(STRICT).validate(data)
    findings = data["files"][0]["findings"]
    by_code = {f["code"]: f["fix"] for f in findings}
    column = text.split("\n")[36].index("112(2)") + 1
    assert by_code["CC202"] == {
        "safe": True, "applicability": "safe", "description": "volume 112 → 111", "reason": None,
        "edits": [{"line": 37, "column": column, "end_line": 37, "end_column": column + 3, "old": "112", "new": "111"}],
    }
    assert by_code["CC204"]["applicability"] == "manual" and by_code["CC204"]["edits"] == []
    assert by_code["CC103"]["applicability"] == "unsafe" and len(by_code["CC103"]["edits"]) == 2
    # An editor applying every safe edit by line and column gets the article back.
    lines = text.split("\n")
    safe = [e for f in findings if f["fix"] and f["fix"]["safe"] for e in f["fix"]["edits"]]
    unique = {(e["line"], e["column"], e["end_column"], e["new"]): e for e in safe}.values()
    for e in sorted(unique, key=lambda e: (e["line"], e["column"]), reverse=True):
        line = lines[e["line"] - 1]
        assert line[e["column"] - 1:e["end_column"] - 1] == e["old"]
        lines[e["line"] - 1] = line[:e["column"] - 1] + e["new"] + line[e["end_column"] - 1:]
    clean = text  # the planted errors a safe fix corrects, corrected by hand
    for old, new in [("(2012) &#8216;Albinism", "(2013) &#8216;Albinism"), ("112(2)", "111(2)"), ("87(12)", "87(11)"),
                     ("Perkens, T.A.", "Perkins, T.A."), ("<em>Theoretical Ecology</em>, 75", "<em>Animal Behaviour</em>, 75"),
                     ('0192-6."', '0192-6"'), ("(Gross and Wilkens, 2012)", "(Gross and Wilkens, 2013)")]:
        clean = clean.replace(old, new)
    assert "\n".join(lines) == clean
