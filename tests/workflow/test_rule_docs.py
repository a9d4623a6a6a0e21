"""Every rule is documented: summary, why, fix, examples, a README row, and both CLI renderings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citecheck.checks.base import Example, Rule
from citecheck.model import Severity
from citecheck.report.rules import format_rule, format_rules_list

ROOT = Path(__file__).resolve().parents[2]


def all_rules() -> tuple[Rule, ...]:
    from citecheck.checks.registry import all_rules as registered

    return registered()


def test_every_rule_is_documented_with_examples() -> None:
    problems = []
    for rule in all_rules():
        for field in ("summary", "why", "fix"):
            if not getattr(rule, field).strip():
                problems.append(f"{rule.code}: empty {field}")
        if not rule.fails:
            problems.append(f"{rule.code}: no example that fails")
        if not rule.passes:
            problems.append(f"{rule.code}: no example that passes")
        for example in rule.fails + rule.passes:
            if not isinstance(example, Example) or not example.article.strip():
                problems.append(f"{rule.code}: an example without an article")
        if not re.fullmatch(r"CC[1-9]\d\d", rule.code) or not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name):
            problems.append(f"{rule.code}: code or name not in the CCnnn / kebab-case form")
    assert problems == []


def test_every_rule_code_is_in_the_readme_rule_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\|\s*(CC\d{3})\s*\|\s*([a-z-]+)\s*\|", readme, re.MULTILINE)
    }
    missing = [f"{rule.code} {rule.name}" for rule in all_rules() if rows.get(rule.code) != rule.name]
    assert missing == [], "README.md's rule table lacks (or misnames) these rules"


@pytest.mark.parametrize("width", [80, 120])
def test_rules_list_is_plain_text_grouped_by_family(width: int) -> None:
    rules = all_rules()
    text = format_rules_list(rules, width)
    assert "\x1b" not in text  # no colour codes: the list is read through pipes
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    # Wide enough, the summary sits beside its rule; narrower, under it.
    assert lines[0].split() == ["code", "name", "severity"] + (["summary"] if width >= 120 else [])
    for rule in rules:
        (row,) = [line for line in lines if line.startswith(rule.code + " ")]
        assert row.split()[:3] == [rule.code, rule.name, rule.severity.value]
        # The whole summary is there, words intact, however it was wrapped.
        start = lines.index(row)
        block = [row[len(row.split(rule.severity.value, 1)[0]) + len(rule.severity.value):]]
        block += [line for line in lines[start + 1:start + 6] if line.startswith(" " * 7)][:4]
        assert " ".join(" ".join(block).split()).startswith(" ".join(rule.summary.split())[:60])
    families = [line for line in lines if line and not line.startswith(("CC", "code", "`", " "))]
    assert families == sorted(set(families), key=families.index)  # each family heading once
    assert families == list(dict.fromkeys(rule.family for rule in sorted(rules, key=lambda r: r.code)))


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_rule_page_has_every_section(rule: Rule) -> None:
    page = format_rule(rule, 100)
    for heading in ("What it checks", "Why it matters", "Example that fails", "Example that passes", "How to fix it"):
        assert f"\n{heading}\n" in page
    assert page.startswith(f"{rule.code} {rule.name}")
    assert page.index("Example that fails") < page.index("Example that passes") < page.index("How to fix it")
    # The failing example's article is shown line by line.
    first_line = rule.fails[0].article.strip().split("\n")[0]
    assert first_line[:40] in page
    assert f'ignore = ["{rule.code}"]' in page
    assert (f"<!-- citecheck: ignore[{rule.code}] -->" in page) is (rule.code != "CC902")


def _toy_rule() -> Rule:
    return Rule(
        code="CC201",
        name="year-mismatch",
        severity=Severity.ERROR,
        summary="The cited year differs from the record.",
        why="Readers cannot find the paper.",
        fix="Use the year on the publisher's page.",
        check=lambda rule, ctx: (),
        fails=(
            Example(
                article="Text (Roe, 2020).\n\nReferences\n\nRoe, A. (2020). A title. J X, 1, 2. https://doi.org/10.1/x\n",
                works={"10.1/x": {"title": ["A title"], "author": [{"family": "Roe"}], "issued": {"date-parts": [[2019]]}, "volume": "1", "page": "2"}},
                agency={"10.2/y": "datacite"},
                note="Crossref says 2019",
            ),
        ),
        passes=(Example(article="Text.\n", works={"10.1/x": None}),),
    )


@pytest.mark.parametrize("width", [80, 120])
def test_rule_pages_fit_the_width_and_never_break_a_word(width: int) -> None:
    for rule in all_rules():
        page = format_rule(rule, width)
        lines = page.splitlines()
        assert max(len(line) for line in lines) <= width, rule.code
        # Every word of the explanation is on the page whole (wrapping broke no word).
        words = set(" ".join(line.strip().lstrip("|").strip() for line in lines).split())
        for word in (rule.why + " " + rule.fix).split():
            assert word in words, (rule.code, word)
        assert "['" not in page and "('" not in page  # no Python lists or tuples shown


def test_rule_page_describes_the_records_of_its_examples() -> None:
    page = format_rule(_toy_rule(), 120)
    assert 'Crossref for 10.1/x: "A title"; Roe; 2019; vol. 1; pp. 2' in page
    assert "10.2/y is registered with datacite, not Crossref" in page
    assert "(Crossref says 2019)" in page
    assert "Crossref for 10.1/x: not found (404)" in page
    assert "    | Roe, A. (2020). A title." in page


def test_rules_list_of_a_toy_rule() -> None:
    text = format_rules_list([_toy_rule()], 120)
    assert text.splitlines()[2:4] == ["metadata", "CC201  year-mismatch  error     The cited year differs from the record."]
