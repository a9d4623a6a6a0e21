"""The pre-commit hook, end to end: a commit of a post with a wrong year is blocked, the fix goes in.

pre-commit installs the hook the way a blog's repository would: it clones the
hook repository at a revision and pip-installs it into its own environment
(dependencies from PyPI). The hook repository here is a throwaway git
repository holding the current working tree's package files (committed or
not), so the test checks the code as it stands. The blog's configuration is
the README's snippet as written, with only its `repo` and `rev` pointed at
that throwaway repository. Crossref is the fake server on 127.0.0.1; nothing
reaches the real services.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# The record is fixtures/crossref/10.1111_1753-0407.13323.json (issued 2022).
POST = """\
---
title: What the mouse studies say
---

# Electroacupuncture and blood sugar

In diabetic mice, electroacupuncture lowered blood glucose (An et al., {year}).

## References

1. An, J., Wang, L., Song, S., & Tian, L. ({year}). Electroacupuncture reduces blood glucose by
   regulating intestinal flora in type 2 diabetic mice. *Journal of Diabetes*, 14(10), 695-710.
   https://doi.org/10.1111/1753-0407.13323
"""

# What a hook repository needs: the package, its metadata and the hook manifest.
PACKAGE_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml")


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = run(["git", *args], cwd, env)
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stdout}"
    return done.stdout.strip()


@pytest.fixture(scope="module")
def pre_commit() -> list[str]:
    """The pre-commit command of this interpreter, installed from PyPI when missing."""
    command = [sys.executable, "-m", "pre_commit"]
    if subprocess.run([*command, "--version"], capture_output=True).returncode != 0:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "pre-commit"], check=True, timeout=600
        )
    return command


def working_tree_files() -> list[str]:
    """The package files of the working tree, committed or not (ignored files left out)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode("utf-8").split("\0")
    return sorted(
        name
        for name in listed
        if (name in PACKAGE_FILES or name.startswith("citecheck/")) and (ROOT / name).is_file()
    )


def hook_repository(destination: Path, env: dict[str, str]) -> str:
    """A git repository holding the working tree's package; returns its commit."""
    for name in working_tree_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    git(destination, env, "-c", "init.defaultBranch=main", "init", "-q")
    git(destination, env, "add", "-A")
    git(destination, env, "commit", "-q", "-m", "snapshot of the working tree")
    return git(destination, env, "rev-parse", "HEAD")


def readme_config(repository: Path, revision: str) -> str:
    """The README's .pre-commit-config.yaml snippet, pointed at `repository` at `revision`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = readme.split("<!-- pre-commit-config -->", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "repo: https://github.com/citecheck/citecheck\n" in snippet and re.search(r"\n    rev: \S+", snippet)
    snippet = snippet.replace("https://github.com/citecheck/citecheck", repository.as_posix())
    return re.sub(r"\n    rev: \S+", f"\n    rev: {revision}", snippet)


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CITECHECK_", "GIT_", "PRE_COMMIT"))}
    env.pop("VIRTUAL_ENV", None)
    (tmp_path / "gitconfig").write_text("")
    env.update(
        {
            "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),  # no user hooksPath or templates
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Editor",
            "GIT_AUTHOR_EMAIL": "editor@example.org",
            "GIT_COMMITTER_NAME": "Editor",
            "GIT_COMMITTER_EMAIL": "editor@example.org",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
            "CITECHECK_CACHE_DIR": str(tmp_path / "citecheck-cache"),
            "NO_COLOR": "1",
        }
    )
    return env


def test_commit_with_a_wrong_year_is_blocked_then_allowed_once_fixed(
    tmp_path: Path, pre_commit: list[str], fake_crossref, isolated_env: dict[str, str]
) -> None:
    if not (ROOT / ".git").exists():
        pytest.fail("the pre-commit test needs the project as a git checkout (it snapshots the working tree)")
    env = dict(isolated_env)
    env["CITECHECK_CROSSREF_URL"] = fake_crossref.url
    env["CITECHECK_DOI_URL"] = fake_crossref.doiorg_url

    hooks = tmp_path / "citecheck-hooks"
    hooks.mkdir()
    revision = hook_repository(hooks, env)

    blog = tmp_path / "blog"
    (blog / "content").mkdir(parents=True)
    git(blog, env, "-c", "init.defaultBranch=main", "init", "-q")
    (blog / ".pre-commit-config.yaml").write_text(readme_config(hooks, revision))
    # Found by discovery from content/ upwards: keeps the hook off PubMed (there is no fake for it here).
    (blog / "citecheck.toml").write_text('mailto = "editor@example.org"\npubmed = false\nsearch = false\n')
    installed = run([*pre_commit, "install"], blog, env)
    assert installed.returncode == 0, installed.stdout

    post = blog / "content" / "electroacupuncture.md"
    post.write_text(POST.format(year=2021))
    # Eight more posts staged with it: pre-commit gives each CPU a share of nine files (at least
    # four to a share) unless the hook asks for one process; one process prints one totals line.
    for number in range(8):
        (blog / "content" / f"note-{number}.md").write_text(f"# Note {number}\n\nA blog about sleep and sugar.\n")
    git(blog, env, "add", ".")
    blocked = run(["git", "commit", "-m", "New post"], blog, env, timeout=900)
    assert blocked.returncode != 0, blocked.stdout
    assert "Failed" in blocked.stdout and "exit code: 1" in blocked.stdout, blocked.stdout  # findings, not exit 2 or 3
    # The concise format by default, even with the README's own args added.
    assert re.search(r"^content/electroacupuncture\.md:11:\d+: CC201 \[error\] year 2021 in the reference, "
                     r"Crossref has 2022$", blocked.stdout, re.M), blocked.stdout
    totals = [line for line in blocked.stdout.splitlines() if line.startswith(("Found ", "No findings"))]
    assert totals == ["Found 1 finding (1 error) in 9 files, 1 reference checked."], blocked.stdout
    assert run(["git", "rev-parse", "--verify", "-q", "HEAD"], blog, env).returncode != 0  # nothing committed
    assert fake_crossref.work_requests("10.1111/1753-0407.13323") >= 1

    post.write_text(POST.format(year=2022))
    git(blog, env, "add", ".")
    allowed = run(["git", "commit", "-m", "New post"], blog, env, timeout=900)
    assert allowed.returncode == 0, allowed.stdout
    assert "citecheck" in allowed.stdout and "Passed" in allowed.stdout, allowed.stdout
    assert git(blog, env, "log", "--format=%s") == "New post"

    # The README's way to follow citecheck: autoupdate writes the newest commit into `rev`.
    git(hooks, env, "commit", "-q", "--allow-empty", "-m", "a newer citecheck")
    newest = git(hooks, env, "rev-parse", "HEAD")
    updated = run([*pre_commit, "autoupdate", "--bleeding-edge", "--freeze"], blog, env)
    assert updated.returncode == 0, updated.stdout
    assert f"rev: {newest}" in (blog / ".pre-commit-config.yaml").read_text()


def _documented_revisions() -> dict[str, str]:
    revisions = {}
    for name in ("README.md", "docs/workflow.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        match = re.search(r"- repo: https://github\.com/citecheck/citecheck\n    rev: (\S+)", text)
        assert match, f"{name} has no pre-commit snippet"
        revisions[name] = match.group(1)
    return revisions


@pytest.mark.parametrize("document", ["README.md", "docs/workflow.md"])
def test_the_documented_rev_is_a_commit_with_the_hook_as_shipped(document: str) -> None:
    """The snippet works as written: its rev is a commit of this repository whose hook is today's."""
    if not (ROOT / ".git").exists():
        pytest.fail("this test reads the project's git history: run it in a clone, not an export")
    revision = _documented_revisions()[document]
    assert re.fullmatch(r"[0-9a-f]{40}", revision), f"{document}: rev {revision!r} is not a full commit id"
    shown = subprocess.run(["git", "show", f"{revision}:.pre-commit-hooks.yaml"], cwd=ROOT,
                           capture_output=True, text=True)
    assert shown.returncode == 0, f"{document}: rev {revision} is not a commit of this repository ({shown.stderr})"
    current = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hook_lines = [line for line in current.splitlines() if line and not line.startswith("#")]
    then = [line for line in shown.stdout.splitlines() if line and not line.startswith("#")]
    assert then == hook_lines, f"{document}: the hook at rev {revision} differs from today's; point rev at a newer commit"
    assert "  entry: citecheck --format concise" in hook_lines and "  require_serial: true" in hook_lines
