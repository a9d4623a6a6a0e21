"""What the command line says: plain usage lines, one-line errors naming the bad value, did-you-mean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "fixtures" / "articles" / "seed-electroacupuncture-gut-inflammation.txt"


def citecheck(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_")}
    env.update(COLUMNS=str(columns), NO_COLOR="1", CITECHECK_CROSSREF_URL="http://127.0.0.1:9")
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True,
                          env=env, timeout=60, cwd=ROOT)


COMMANDS = [[], ["fix"], ["extract"], ["rules"], ["rule"], ["config"], ["cache"], ["cache", "info"], ["cache", "clear"],
            ["snapshot"], ["snapshot", "build"], ["snapshot", "info"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "check")
def test_help_shows_what_a_user_types_not_python_types(command: list[str]) -> None:
    result = citecheck(*command, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    usage = text.splitlines()[0]
    assert usage.startswith("Usage: citecheck")
    for leak in ("<", ">", "list[", "[[", "]]", "str]", "<path>", "<int>"):
        assert leak not in text, (leak, text)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_check_usage_line() -> None:
    assert citecheck("--help").stdout.splitlines()[0] == "Usage: citecheck [OPTIONS] [FILE...]"
    assert citecheck("config", "--help").stdout.splitlines()[0] == "Usage: citecheck config [OPTIONS] [FILE...]"
    assert citecheck("extract", "--help").stdout.splitlines()[0] == "Usage: citecheck extract [OPTIONS] FILE..."


def test_extract_help_offers_only_the_formats_it_accepts() -> None:
    text = citecheck("extract", "--help").stdout
    (format_line,) = [line for line in text.splitlines() if "--format" in line]
    assert format_line.split() == ["-f,", "--format", "FORMAT", "terminal", "or", "json", "(default", "terminal)."]
    for refused in ("concise", "sarif", "github"):
        assert refused not in text
    refused = citecheck("extract", "--format", "concise", str(ARTICLE))
    assert refused.returncode == 2
    assert refused.stderr == "citecheck: error: --format concise is not one of terminal, json\n"


@pytest.mark.parametrize(
    "args, line",
    [
        (["--format", "jsn", "x.txt"],
         "citecheck: error: --format jsn is not one of terminal, json, concise, github, sarif, markdown"),
        (["--fail-on", "warn", "x.txt"],
         "citecheck: error: --fail-on warn is not one of error, warning, info, never (did you mean warning?)"),
        (["--severity", "wrning", "x.txt"],
         "citecheck: error: --severity wrning is not one of error, warning, info (did you mean warning?)"),
        (["--select", "CC999", str(ARTICLE)], "citecheck: error: --select CC999 contains unknown rule 'CC999'"),
        (["--select", "year-mismatches", str(ARTICLE)],
         "citecheck: error: --select year-mismatches contains unknown rule 'year-mismatches' "
         "(did you mean year-mismatch?)"),
        (["rulez"], "citecheck: error: rulez: no such file or directory, nor a command (did you mean "),
        (["--formt", "json", "x.txt"],
         "citecheck: error: citecheck has no option --formt (did you mean --format?); `citecheck --help` lists"),
        (["--bogus", "x.txt"], "citecheck: error: citecheck has no option --bogus; `citecheck --help` lists"),
        (["--request-timeout", "abc", "x.txt"],
         "citecheck: error: --request-timeout abc is not a number of seconds (e.g. 15)"),
        (["--run-timeout", "soon", "x.txt"], "citecheck: error: --run-timeout soon is not a number of seconds"),
        (["-f"], "citecheck: error: -f needs a value; `citecheck --help` lists the options"),
        (["cache", "info", "--cache-dir"],
         "citecheck: error: --cache-dir needs a value; `citecheck cache info --help` lists the options"),
        (["rule"], "citecheck: error: citecheck rule needs CODE; `citecheck rule --help` lists the options"),
        (["fix"], "citecheck: error: citecheck fix needs FILE; `citecheck fix --help` lists the options"),
        (["snapshot", "build", "x"], "citecheck: error: citecheck snapshot build needs --output / -o;"),
        (["rules", "foo"], "citecheck: error: citecheck rules: unexpected argument foo;"),
        (["cache", "clr"], "citecheck: error: citecheck cache has no command clr "
         "(did you mean `citecheck cache clear`?); `citecheck cache --help` lists the commands"),
        (["snapshot", "inf"], "citecheck: error: citecheck snapshot has no command inf "
         "(did you mean `citecheck snapshot info`?)"),
        (["rule", "year-mismach"], "citecheck: error: no rule 'year-mismach' (did you mean year-mismatch?)"),
        (["snapshot", "build", "--workers", "two", "x", "-o", "y"],
         "citecheck: error: --workers two is not a number of processes"),
    ],
)
def test_a_usage_error_is_one_line_naming_the_bad_value(args: list[str], line: str) -> None:
    result = citecheck(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(line), result.stderr
    for leak in ("Value error", "Traceback", "('", "Usage:", "Try '", ".;", "?;", "Input should", "Missing ",
                 "No such", "(s)"):
        assert leak not in result.stderr


def test_a_mistyped_command_names_the_command_meant() -> None:
    result = citecheck("rulez")
    assert "`citecheck rules`" in result.stderr
    assert "`citecheck snapshot`" in citecheck("snapshots").stderr


def test_a_command_group_without_a_command_shows_its_help() -> None:
    result = citecheck("cache")
    assert result.returncode == 2
    assert "info" in result.stderr and "clear" in result.stderr


def test_every_option_of_the_check_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Using it", 1)[1].split("\n### ", 1)[0]
    documented = {word.strip("`,") for line in table.splitlines() if line.startswith("| `")
                  for word in line.split("|")[1].split() if word.strip("`,").startswith("-")}
    help_text = citecheck("--help", columns=200).stdout.split("Options:", 1)[1]
    options = {word.strip(",") for line in help_text.splitlines() if line.startswith("  -")
               for word in line.split("  ")[1].split() if word.startswith("-")}  # the option's names, not its help
    assert options - documented == set()


SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"


@pytest.mark.parametrize("severity, fail_on, code, shown", [
    ("error", "warning", 1, 0),  # the warnings are hidden but still fail the run
    ("warning", "error", 0, 3),  # shown, but below --fail-on
    ("info", "never", 0, 3),
])
def test_severity_filters_the_report_and_fail_on_alone_sets_the_exit_code(
        severity: str, fail_on: str, code: int, shown: int, tmp_path: Path) -> None:
    result = citecheck("--offline", "--snapshot", str(SNAPSHOT), "--cache-dir", str(tmp_path), "--format", "concise",
                       "--severity", severity, "--fail-on", fail_on, str(ARTICLE))
    assert result.returncode == code, result.stderr
    assert sum(" CC401 [warning] " in line for line in result.stdout.splitlines()) == shown
    if not shown:
        assert result.stdout.splitlines()[-1].endswith("3 warnings not shown (--severity error).")


def test_output_writes_the_report_to_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = citecheck("--offline", "--snapshot", str(SNAPSHOT), "--cache-dir", str(tmp_path / "cache"),
                       "--format", "markdown", "--output", str(out), str(ARTICLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("### citecheck: 3 findings (3 warnings) in 1 file")
