"""CI runs the HTML report's browser tests for real: its test command installs Chromium, and without one they fail.

`.ci/run` runs the README's `ci:test` block. These tests read that block with
`.ci/run`'s own reader, run its set-up lines against stub commands (no
package is installed), and run the browser tests with no Chromium on the
PATH to see them fail rather than skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.report.browser import CANDIDATES

ROOT = Path(__file__).resolve().parents[2]
BASH = "/bin/bash"


def ci_block(name: str) -> str:
    """The README block `.ci/run` executes, read by `.ci/run`'s own `block` function."""
    script = f'source <(sed -n "/^block()/,/^}}/p" .ci/run) && block {name}'
    return subprocess.run([BASH, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def stub(folder: Path, name: str, log: Path) -> None:
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\n')
    path.chmod(0o755)


def set_up_lines(block: str) -> str:
    """The block without its last command (the test run itself)."""
    lines = block.rstrip("\n").splitlines()
    assert "pytest" in lines[-1]
    return "\n".join(lines[:-1])


def run_set_up(tmp_path: Path, present: tuple[str, ...]) -> list[str]:
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for name in ("apt-get", *present):
        stub(bin_dir, name, log)
    result = subprocess.run([BASH, "-euo", "pipefail", "-c", set_up_lines(ci_block("test"))], cwd=ROOT,
                            env={"PATH": str(bin_dir), "HOME": str(tmp_path)}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return log.read_text().splitlines() if log.exists() else []


def test_the_ci_test_command_runs_the_whole_suite() -> None:
    last = ci_block("test").rstrip("\n").splitlines()[-1].split()
    assert last[:3] == [".venv/bin/python", "-m", "pytest"]
    for narrowing in ("-k", "-m", "--deselect", "--ignore", "tests/"):
        assert not any(word.startswith(narrowing) for word in last[3:]), last


def test_the_ci_test_command_installs_chromium_when_no_browser_is_there(tmp_path: Path) -> None:
    assert run_set_up(tmp_path, ()) == ["apt-get update -q", "apt-get install -y -q chromium"]


def test_the_ci_test_command_uses_a_browser_the_tests_can_find(tmp_path: Path) -> None:
    for name in CANDIDATES[:3]:
        folder = tmp_path / name
        folder.mkdir()
        assert run_set_up(folder, (name,)) == [], name  # nothing installed: the tests will find this one


def test_without_chromium_the_browser_tests_fail_rather_than_skip(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CITECHECK_"))}
    env["PATH"] = str(tmp_path)  # no browser anywhere on it
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "-rA",
         "tests/report/test_html_browser.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "skipped" not in result.stdout.splitlines()[-1]
    assert "Chromium, which is not installed" in result.stdout
    assert " passed" not in result.stdout.splitlines()[-1]
