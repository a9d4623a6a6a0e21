"""Every rule's documented examples behave as documented.

A `fails` example must produce at least one finding of its rule and a
`passes` example none, through the real extractor and checks.
"""

from __future__ import annotations

import pytest

from citecheck.checks.examples import run_example
from citecheck.checks.registry import all_rules

CASES = [
    pytest.param(rule, kind, index, example, id=f"{rule.code}-{kind}-{index}")
    for rule in all_rules()
    for kind, examples in (("fails", rule.fails), ("passes", rule.passes))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize("rule, kind, index, example", CASES)
def test_rule_example(rule, kind, index, example):
    report = run_example(example)
    codes = [f.code for f in report.findings]
    if kind == "fails":
        assert rule.code in codes, f"{rule.code} example {index} should be flagged; got {codes}"
    else:
        assert rule.code not in codes, f"{rule.code} example {index} should pass; got {report.findings}"


def test_every_rule_has_examples_both_ways():
    for rule in all_rules():
        assert rule.fails, f"{rule.code} has no failing example"
        assert rule.passes, f"{rule.code} has no passing example"
