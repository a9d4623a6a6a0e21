"""The time limits: `request-timeout` and `run-timeout` from a file, the environment and the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.config import load_settings
from citecheck.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


def load(folder: Path, cli=None, environ=None):
    return load_settings([folder], cli or {}, config_path=None, environ=environ or {})


def test_defaults_keep_one_dead_doi_from_holding_a_run_for_a_minute(tmp_path: Path) -> None:
    settings = load(tmp_path)
    assert settings.run_timeout == 0  # no limit on the whole run
    assert settings.timeout <= settings.request_timeout < 60


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    (tmp_path / "citecheck.toml").write_text("request-timeout = 30\nrun-timeout = 120\n", encoding="utf-8")
    from_file = load(tmp_path)
    assert (from_file.request_timeout, from_file.run_timeout) == (30, 120)
    from_env = load(tmp_path, environ={"CITECHECK_REQUEST_TIMEOUT": "5.5", "CITECHECK_RUN_TIMEOUT": "0"})
    assert (from_env.request_timeout, from_env.run_timeout) == (5.5, 0)
    assert from_env.origins["run_timeout"] == "environment"
    from_cli = load(tmp_path, cli={"request_timeout": 8.0, "run_timeout": 60.0},
                    environ={"CITECHECK_REQUEST_TIMEOUT": "5.5"})
    assert (from_cli.request_timeout, from_cli.run_timeout) == (8.0, 60.0)
    assert from_cli.origins["request_timeout"] == "command line"


@pytest.mark.parametrize(
    "text, message",
    [
        ('request-timeout = "15"\n', "must be a number of seconds more than 0"),
        ("run-timeout = nan\n", "must be a number of seconds, 0 or more"),
        ("run-timeout = inf\n", "must be a number of seconds, 0 or more"),
    ],
)
def test_a_bad_value_in_a_file_names_the_key(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "citecheck.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load(tmp_path)


@pytest.mark.parametrize("variable, value", [("CITECHECK_REQUEST_TIMEOUT", "0"), ("CITECHECK_RUN_TIMEOUT", "soon")])
def test_a_bad_value_in_the_environment_names_the_variable(tmp_path: Path, variable: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"environment: {variable}="):
        load(tmp_path, environ={variable: value})


def test_a_bad_option_is_one_line_and_exit_2(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nothing to check.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "citecheck", "--run-timeout", "-3", str(article)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == "citecheck: error: --run-timeout -3.0 must be a number of seconds, 0 or more (0: no limit)"
