"""`citecheck.report`: one writer per format behind `write`, plus render and the hints."""

from __future__ import annotations

import io
import json

import pytest

from citecheck.model import OutputFormat
from citecheck.report import render, write, write_hints
from citecheck.report.text import clean, one_line
from citecheck.settings import Settings
from tests.report.sample import RULES, sample_report


@pytest.fixture(autouse=True)
def _registry(monkeypatch: pytest.MonkeyPatch) -> None:
    from citecheck.report import sarif

    monkeypatch.setattr(sarif, "_registry_rules", lambda: RULES)


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_writes_something_that_names_the_file(fmt: OutputFormat) -> None:
    out = io.StringIO()
    write(sample_report(), fmt, out, color=False)
    text = out.getvalue()
    assert "article.txt" in text and text.endswith("\n")


def test_format_may_be_given_as_its_value() -> None:
    out = io.StringIO()
    write(sample_report(), "json", out)
    assert json.loads(out.getvalue())["schema_version"] == 1


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError):
        write(sample_report(), "yaml", io.StringIO())


def test_render_returns_the_report_in_the_settings_format() -> None:
    text = render(sample_report(), Settings(format=OutputFormat.CONCISE))
    assert text.splitlines()[0] == "article.txt:14:1: CC401 [warning] A study in rats is cited for a claim about people."


def test_write_hints_prefixes_and_cleans() -> None:
    err = io.StringIO()
    write_hints(["one", "two\x1b[2J\nthree"], err)
    assert err.getvalue() == "hint: one\nhint: two\\x1b[2J three\n"


def test_write_hints_wraps_at_spaces_with_a_hanging_indent() -> None:
    err = io.StringIO()
    hint = "3 references could not be verified because Crossref at https://api.crossref.org was unreachable"
    write_hints([hint], err, width=40)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("hint: 3 references") and all(line.startswith("      ") for line in lines[1:])
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(" ".join(lines)[len("hint: "):].split()) == hint


def test_clean_and_one_line() -> None:
    assert clean("a\tb\nc\x1b[0m\x9b\x7f\u202e\r") == "a\tb\nc\\x1b[0m\\x9b\\x7f\\u202e\\x0d"
    assert one_line("a\tb\nc") == "a b c"
    assert clean("Müller 東京 — ok") == "Müller 東京 — ok"
