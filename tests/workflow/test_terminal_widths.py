"""Every terminal output at 80 and 120 columns: no line wider than the terminal, no DOI split across lines.

Each command runs as a user runs it (a subprocess with COLUMNS set, no colour),
on the seed articles offline against the bundled snapshot, on the seed with
errors planted, with Crossref unreachable, and for the commands that only
print text (`rules`, `rule`, `extract`, `config`, `cache info`, `snapshot info`, `--help`). Both stdout and stderr
(hints) are measured.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.report.planted import ROOT, SNAPSHOT, planted_text

ARTICLES = ROOT / "fixtures" / "articles"
SEED = ARTICLES / "seed-electroacupuncture-gut-inflammation.txt"
DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def run(args: list[str], columns: int, tmp_path: Path, crossref: str = "http://127.0.0.1:9") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_") and k != "FORCE_COLOR"}
    env.update(COLUMNS=str(columns), NO_COLOR="1", CITECHECK_CACHE_DIR=str(tmp_path / "cache"),
               CITECHECK_CROSSREF_URL=crossref, CITECHECK_PUBMED_URL=crossref, CITECHECK_DOI_URL=crossref)
    return subprocess.run([sys.executable, "-m", "citecheck", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=180)


def assert_fits(text: str, columns: int, dois: set[str], what: str) -> None:
    lines = text.splitlines()
    # Only a word that cannot be cut (a long path) may stand wider than the terminal, on a line of its own.
    wide = [line for line in lines if len(line) > columns and len(line.split()) > 1]
    assert not wide, f"{what}: lines wider than {columns}: {wide}"
    for before, after in zip(lines, lines[1:]):
        tail, head = before.rstrip(), after.lstrip()
        for doi in dois:
            for cut in range(4, len(doi)):
                assert not (tail.endswith(doi[:cut]) and head.startswith(doi[cut:])), f"{what}: {doi} split"


def article_dois(*paths: Path) -> set[str]:
    return {match.group(0).rstrip(".,;)").lower() for path in paths for match in DOI.finditer(path.read_text("utf-8"))}


@pytest.fixture(scope="module")
def planted_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("widths") / "planted.txt"
    path.write_text(planted_text(), encoding="utf-8")
    return path


CHECKS = {
    "seed-verbose": ["--offline", "--snapshot", str(SNAPSHOT), "--fail-on", "never", "--verbose", str(SEED)],
    "three-seeds": ["--offline", "--snapshot", str(SNAPSHOT), "--fail-on", "never",
                    *(str(p) for p in sorted(ARTICLES.glob("seed-*.txt")))],
    "labelled-folder": ["--offline", "--snapshot", str(SNAPSHOT), "--fail-on", "never", "--no-search",
                        str(ARTICLES / "118_ieee-deep-learning.txt"), str(ARTICLES / "115_doi-forms-engineering.txt"),
                        str(ARTICLES / "104_ama-heart-markdown.md"), str(ARTICLES / "105_harvard-ecology.html")],
    "crossref-unreachable": ["--no-pubmed", "--no-search", "--fail-on", "never", str(SEED)],
}


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", list(CHECKS))
def test_check_reports_fit(name: str, columns: int, tmp_path: Path) -> None:
    args = CHECKS[name]
    result = run(args, columns, tmp_path)
    assert result.returncode in (0, 3), result.stderr
    dois = article_dois(*(Path(a) for a in args if a.endswith((".txt", ".md", ".html")) and Path(a).is_file()))
    assert_fits(result.stdout, columns, dois, f"{name} stdout")
    assert_fits(result.stderr, columns, dois, f"{name} stderr")
    if name == "crossref-unreachable":
        assert result.returncode == 3
        assert sum("127.0.0.1:9" in line for line in result.stdout.splitlines()) == 1  # one line, not one per reference
        assert "http://127.0.0.1:9" in result.stderr  # the hint names the URL


@pytest.mark.parametrize("columns", [80, 120])
def test_the_planted_report_fits(columns: int, tmp_path: Path, planted_file: Path) -> None:
    result = run(["--offline", "--snapshot", str(SNAPSHOT), "--no-search", str(planted_file)], columns, tmp_path)
    assert result.returncode == 1
    assert_fits(result.stdout, columns, article_dois(planted_file), "planted")
    for code in ("CC201", "CC202", "CC503", "CC501", "CC101", "CC401"):
        assert code in result.stdout


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("args", [
    ["rules"], ["rule", "CC401"], ["--help"],
    ["extract", str(SEED)], ["extract", str(ARTICLES / "115_doi-forms-engineering.txt")],
    ["config", str(SEED)], ["cache", "info"], ["snapshot", "info", str(SNAPSHOT)], ["fix", "--help"],
], ids=lambda a: " ".join(Path(x).name for x in a))
def test_other_commands_fit(args: list[str], columns: int, tmp_path: Path) -> None:
    result = run(args, columns, tmp_path)
    assert result.returncode == 0, result.stderr
    dois = article_dois(*(Path(a) for a in args if a.endswith(".txt")))
    assert_fits(result.stdout, columns, dois, " ".join(args))


def test_extract_stays_short(tmp_path: Path) -> None:
    """Seven references and nine citations: a few lines each, not a table folded into 150 lines."""
    result = run(["extract", str(ARTICLES / "118_ieee-deep-learning.txt")], 80, tmp_path)
    assert result.stdout.splitlines()[-1] == "7 references, 9 citations"
    assert len(result.stdout.splitlines()) <= 7 * 4 + 9 * 3 + 4
