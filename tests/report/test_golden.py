"""Golden outputs: every format of a seed article, byte for byte, and the README's copy of the terminal one.

The seed article runs through the command line exactly as the README's quick
start shows (offline, against the bundled snapshot) at 80 columns; the
planted variant (tests/report/planted.py) through the library. When a change
to a report is meant, regenerate the files and read the difference:

    CITECHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/report/test_golden.py

which rewrites tests/report/golden/ and the README's "Reading the report" block.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.model import OutputFormat
from citecheck.report import write
from tests.report.planted import ROOT, SEED_PATH, SNAPSHOT, planted_report

GOLDEN = Path(__file__).parent / "golden"
README = ROOT / "README.md"
UPDATE = bool(os.environ.get("CITECHECK_UPDATE_GOLDEN"))
README_MARKER = "<!-- report:seed-terminal-80 -->"
SEED_COMMAND = ["--offline", "--snapshot", "fixtures/snapshot/citecheck-fixtures.sqlite", "--fail-on", "never"]

SEED_FORMATS = {
    "terminal": "seed.terminal.txt",
    "concise": "seed.concise.txt",
    "markdown": "seed.md",
    "html": "seed.html",
}
PLANTED_FORMATS = {
    OutputFormat.TERMINAL: "planted.terminal.txt",
    OutputFormat.CONCISE: "planted.concise.txt",
    OutputFormat.MARKDOWN: "planted.md",
    OutputFormat.HTML: "planted.html",
}


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file (see this module's docstring to update it)"


def seed_output(fmt: str, tmp_path: Path, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_") and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS=str(columns), CITECHECK_CACHE_DIR=str(tmp_path / "cache"),
               CITECHECK_CROSSREF_URL="http://127.0.0.1:9", CITECHECK_PUBMED_URL="http://127.0.0.1:9")
    return subprocess.run([sys.executable, "-m", "citecheck", *SEED_COMMAND, "--format", fmt, SEED_PATH],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("fmt", list(SEED_FORMATS))
def test_seed_article_in_every_format(fmt: str, tmp_path: Path) -> None:
    result = seed_output(fmt, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    _compare(SEED_FORMATS[fmt], result.stdout)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return planted_report(tmp_path_factory.mktemp("golden"))


@pytest.mark.parametrize("fmt", list(PLANTED_FORMATS), ids=lambda f: f.value)
def test_planted_article_in_every_format(fmt: OutputFormat, planted, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    write(planted, fmt, out, color=False)
    _compare(PLANTED_FORMATS[fmt], out.getvalue())


def test_readme_shows_the_seed_report_exactly_as_printed(tmp_path: Path) -> None:
    """The README's example is regenerated here by running the command it shows, so it cannot drift."""
    text = README.read_text(encoding="utf-8")
    assert README_MARKER in text, "README.md lacks its 'Reading the report' example"
    before, after = text.split(README_MARKER, 1)
    match = re.match(r"\n```text\n(.*?)```\n", after, re.S)
    assert match, "the README marker must be followed by a ```text block"
    # The command shown above the example is the quick start's, at 80 columns.
    shown = before.rsplit("```sh\n", 1)[1].split("```", 1)[0].split()
    assert shown == ["COLUMNS=80", "citecheck", *SEED_COMMAND, SEED_PATH]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_") and k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS=shown[0].split("=", 1)[1], CITECHECK_CACHE_DIR=str(tmp_path / "cache"),
               CITECHECK_CROSSREF_URL="http://127.0.0.1:9", CITECHECK_PUBMED_URL="http://127.0.0.1:9")
    result = subprocess.run([sys.executable, "-m", "citecheck", *shown[2:]], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    if UPDATE and match.group(1) != result.stdout:
        README.write_text(before + README_MARKER + "\n```text\n" + result.stdout + "```\n" + after[match.end():],
                          encoding="utf-8")
        return
    assert match.group(1) == result.stdout, "README's 'Reading the report' example differs from what citecheck prints"
    assert result.stdout == (GOLDEN / SEED_FORMATS["terminal"]).read_text(encoding="utf-8")
