"""`citecheck fix` from the command line: a diff by default, --write, the listing, the closing line, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fix.test_planted_articles import ARTICLES, SNAPSHOT, planted

ROOT = Path(__file__).resolve().parents[2]
SEED = "seed-electroacupuncture-gut-inflammation.txt"


def citecheck(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_") and k != "NO_COLOR"}
    env.update(COLUMNS="80", CITECHECK_CACHE_DIR=str(cwd / ".cache"), CITECHECK_CROSSREF_URL="http://127.0.0.1:9")
    return subprocess.run(
        [sys.executable, "-m", "citecheck", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=120, cwd=cwd,
    )


def fix(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return citecheck("fix", "--offline", "--snapshot", SNAPSHOT, "--no-pubmed", *args, cwd=cwd)


def test_the_default_prints_a_diff_and_changes_nothing(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(planted(SEED), encoding="utf-8")
    before = post.read_bytes()
    result = fix("post.txt", cwd=tmp_path)
    assert post.read_bytes() == before
    assert result.stdout.startswith("--- post.txt\n+++ post.txt\n@@ ")
    assert "-Ratner, H. V. K." in result.stdout and "+Ratna, H. V. K." in result.stdout
    assert "+An, J., Wang, L., Song, S., Tian, L., Liu, Q., Mei, M., Li, W., & Liu, S. (2022)." in result.stdout
    lines = result.stderr.splitlines()
    # Every finding the plants caused is fixed: what is left are the article's own evidence findings
    # (and a third one once the DOI of an animal study is back in the list).
    assert lines[-2:] == ["Nothing was written (--diff); the line below counts what --write would fix.",
                          "Fixed 12 of 14 findings in 1 files (2 need a person)"]
    assert sum(": CC401 needs a person: reword:" in line for line in lines) == 2
    assert result.returncode == 0  # what remains are warnings; --fail-on error


def test_the_diff_applies_with_patch(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(planted(SEED), encoding="utf-8")
    diff = fix("post.txt", cwd=tmp_path).stdout
    applied = subprocess.run(["patch", "-p0", "--quiet"], input=diff, text=True, cwd=tmp_path, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert post.read_text(encoding="utf-8") == (ARTICLES / SEED).read_text(encoding="utf-8")


def test_write_fixes_the_file_and_a_second_run_changes_nothing(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(planted(SEED), encoding="utf-8")
    result = fix("--write", "post.txt", cwd=tmp_path)
    assert post.read_text(encoding="utf-8") == (ARTICLES / SEED).read_text(encoding="utf-8")
    assert "post.txt:32:76: CC201 fixed: year 2021 → 2022" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == "Fixed 12 of 14 findings in 1 files (2 need a person)"
    again = fix("--write", "post.txt", cwd=tmp_path)
    assert post.read_text(encoding="utf-8") == (ARTICLES / SEED).read_text(encoding="utf-8")
    assert again.stdout.splitlines()[-1] == "Fixed 0 of 3 findings in 0 files (3 need a person)"
    check = citecheck("--offline", "--snapshot", SNAPSHOT, "--no-pubmed", "--format", "concise", "post.txt", cwd=tmp_path)
    assert {line.split(": ")[1].split()[0] for line in check.stdout.splitlines()[:-1]} == {"CC401"}


def test_exit_codes_follow_what_remains(tmp_path):
    post = tmp_path / "post.txt"
    post.write_text(planted(SEED), encoding="utf-8")
    assert fix("--fail-on", "warning", "post.txt", cwd=tmp_path).returncode == 1  # the evidence warnings stay
    assert fix("--select", "CC2,CC5", "post.txt", cwd=tmp_path).returncode == 0  # every selected finding is fixed
    selected = fix("--select", "CC2", "post.txt", cwd=tmp_path)
    assert "-Ratner" in selected.stdout and "doi.org/10.1016/j.lfs" not in selected.stdout  # CC101 not selected


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    stdin = fix("-", cwd=tmp_path)
    assert stdin.returncode == 2
    assert stdin.stderr == "citecheck: error: fix edits files, not standard input; give the article's path\n"
    missing = fix("nowhere.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.splitlines()[0].startswith("citecheck: error: nowhere.txt")
