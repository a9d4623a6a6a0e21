"""A folder with files that cannot be read: each is reported in its place, every other file is checked, exit 2.

The runs answer from the bundled snapshot (`--offline --snapshot`), so no
server is needed and the good article gets its full report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "articles" / "seed-electroacupuncture-gut-inflammation.txt"
SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"


def citecheck(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_") and k != "NO_COLOR"}
    env.update(COLUMNS="80", CITECHECK_CACHE_DIR=str(cwd / ".cache"), CITECHECK_CROSSREF_URL="http://127.0.0.1:9")
    return subprocess.run(
        [sys.executable, "-m", "citecheck", "--offline", "--snapshot", str(SNAPSHOT), *map(str, args)],
        capture_output=True, text=True, env=env, timeout=120, cwd=cwd,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a-image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (content / "b-post.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (content / "c-broken.md").symlink_to(content / "nowhere.md")
    (content / "d-utf16.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8")  # a lone surrogate: not UTF-16
    return content


EXPECTED_ERRORS = {
    "a-image.txt": "is a PNG image, not text; export the article as text, Markdown or HTML first",
    "c-broken.md": "a broken link (to {link}, which does not exist); fix or remove the link",
    "d-utf16.txt": "starts with a UTF-16 byte-order mark but is not valid UTF-16; save it as UTF-8",
}


def test_json_reports_each_unreadable_file_and_checks_the_good_one(folder: Path) -> None:
    result = citecheck("--format", "json", "content", cwd=folder.parent)
    assert result.returncode == 2, result.stderr
    report = json.loads(result.stdout)
    files = {Path(file["path"]).name: file for file in report["files"]}
    assert list(files) == ["a-image.txt", "b-post.txt", "c-broken.md", "d-utf16.txt"]  # in their places
    link = folder / "nowhere.md"
    for name, error in EXPECTED_ERRORS.items():
        assert files[name]["error"] == error.format(link=link)
        assert files[name]["references"] == [] and files[name]["findings"] == []
    good = files["b-post.txt"]
    assert good["error"] is None
    assert len(good["references"]) == 6
    assert {(f["code"], f["reference"]) for f in good["findings"]} == {("CC401", "R1"), ("CC401", "R4"), ("CC401", "R5")}
    assert report["summary"]["unreadable"] == 3 and report["summary"]["files"] == 4
    # The report goes to a program: stderr says it too, one line per file.
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("citecheck: error:")] == [
        f"citecheck: error: content/{name}: {error.format(link=link)}" for name, error in EXPECTED_ERRORS.items()
    ]


def test_concise_gives_a_path_error_line_in_place(folder: Path) -> None:
    result = citecheck("--format", "concise", "content", cwd=folder.parent)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"content/a-image.txt: error: {EXPECTED_ERRORS['a-image.txt']}"
    assert sum(line.startswith("content/b-post.txt:") for line in lines) == 3
    assert "content/d-utf16.txt: error: starts with a UTF-16 byte-order mark" in result.stdout
    assert "citecheck: error" not in result.stderr  # said once, in the report


def test_terminal_says_which_file_could_not_be_read_and_reports_the_rest(folder: Path) -> None:
    result = citecheck("content", cwd=folder.parent)
    assert result.returncode == 2
    out = result.stdout
    assert "content/a-image.txt" in out and "is a PNG image, not text" in out
    assert out.index("content/a-image.txt") < out.index("content/b-post.txt") < out.index("content/c-broken.md")
    assert "CC401" in out
    assert "3 files unreadable" in out.splitlines()[-1]


def test_a_broken_link_named_on_the_command_line_is_reported_like_the_others(folder: Path) -> None:
    result = citecheck("--format", "json", "content/c-broken.md", "content/b-post.txt", cwd=folder.parent)
    assert result.returncode == 2
    files = json.loads(result.stdout)["files"]
    assert files[0]["error"].startswith("a broken link") and files[1]["error"] is None


def test_a_missing_path_is_still_a_usage_error(folder: Path) -> None:
    result = citecheck("content/no-such-post.md", cwd=folder.parent)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "citecheck: error: content/no-such-post.md: no such file or directory"
