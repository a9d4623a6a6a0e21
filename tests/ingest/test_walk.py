"""Folder walking: include/exclude globs, hidden folders, explicit files, stdin, missing paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.settings import Settings
from citecheck.ingest.walk import collect_paths, is_excluded

FILES = [
    "content/index.md",
    "content/about.html",
    "content/notes.txt",
    "content/script.py",
    "content/posts/2024/b-post.markdown",
    "content/posts/2024/a-post.md",
    "content/posts/page.htm",
    "content/posts/Upper.MD",
    "content/drafts/draft.md",
    "content/drafts/deep/older.md",
    "content/node_modules/pkg/readme.md",
    "content/.hidden/secret.md",
    "content/.git/info.md",
    "content/.dotfile.md",
]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in FILES:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n")
    return tmp_path


def names(paths) -> list[str]:
    return [Path(p).as_posix() for p in paths]


def test_default_include_walks_sorted_and_skips_hidden(site: Path) -> None:
    assert names(collect_paths(["content"], Settings())) == [
        "content/about.html",
        "content/drafts/deep/older.md",
        "content/drafts/draft.md",
        "content/index.md",
        "content/node_modules/pkg/readme.md",
        "content/notes.txt",
        "content/posts/2024/a-post.md",
        "content/posts/2024/b-post.markdown",
        "content/posts/Upper.MD",
        "content/posts/page.htm",
    ]


def test_exclude_by_relative_path_and_by_component(site: Path) -> None:
    settings = Settings(exclude=("drafts/**", "node_modules", "*.txt"))
    assert names(collect_paths(["content"], settings)) == [
        "content/about.html",
        "content/index.md",
        "content/posts/2024/a-post.md",
        "content/posts/2024/b-post.markdown",
        "content/posts/Upper.MD",
        "content/posts/page.htm",
    ]


def test_exclude_as_typed_from_the_project_root(site: Path) -> None:
    # A configuration at the project root says `content/drafts/**`; the run names `content/`.
    settings = Settings(exclude=("content/drafts/**", "content/posts/2024/*"))
    walked = names(collect_paths(["content"], settings))
    assert "content/drafts/draft.md" not in walked
    assert "content/posts/2024/a-post.md" not in walked
    assert "content/index.md" in walked


def test_include_narrows_and_can_name_a_relative_path(site: Path) -> None:
    assert names(collect_paths(["content"], Settings(include=("*.html", "*.htm")))) == [
        "content/about.html",
        "content/posts/page.htm",
    ]
    assert names(collect_paths(["content"], Settings(include=("posts/2024/*.md",)))) == [
        "content/posts/2024/a-post.md",
    ]


def test_explicit_files_are_kept_whatever_their_extension(site: Path) -> None:
    settings = Settings(exclude=("drafts/**",))
    given = ["content/script.py", "-", "content/drafts/draft.md"]
    assert collect_paths(given, settings) == given


def test_each_file_once_in_first_seen_order(site: Path) -> None:
    paths = collect_paths(["content/index.md", "content", "./content/index.md", "-", "-"], Settings(include=("*.md",)))
    listed = names(paths)
    assert listed[0] == "content/index.md"
    assert listed.count("content/index.md") == 1 and "content/index.md" not in listed[1:]
    assert listed.count("-") == 1


def test_walking_the_working_folder(site: Path) -> None:
    walked = names(collect_paths(["."], Settings(include=("*.htm",))))
    assert walked == ["content/posts/page.htm"]


def test_missing_path_is_one_line_input_error(site: Path) -> None:
    with pytest.raises(InputError) as caught:
        collect_paths(["content", "content/nope.md"], Settings())
    assert str(caught.value) == "content/nope.md: no such file or directory"


def test_is_excluded_on_folders_and_files() -> None:
    assert is_excluded("drafts", ["drafts/**"])  # the folder itself, so it is never entered
    assert is_excluded("a/node_modules/x.md", ["node_modules"])
    assert not is_excluded("posts/drafting.md", ["drafts"])
    assert is_excluded("x.md", ["content/x.md"], typed="content/x.md")
    assert not is_excluded("x.md", [])
