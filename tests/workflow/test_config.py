"""Configuration discovery, validation, precedence (file < environment < command line) and `describe`."""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.config import describe, discovery_start, find_config, load_settings
from citecheck.errors import ConfigError
from citecheck.model import FailOn, InputFormat, OutputFormat, Severity
from citecheck.settings import DEFAULT_CROSSREF_URL


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(paths, cli=None, config_path=None, environ=None):
    return load_settings(paths, cli or {}, config_path=config_path, environ=environ or {})


@pytest.fixture
def blog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder that is also the working folder, so labels are short."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "content" / "posts" / "post.md", "# A post\n")
    return tmp_path


# ------------------------------------------------------------------ discovery


def test_pyproject_table_is_found_from_the_file_upwards(blog: Path) -> None:
    write(blog / "pyproject.toml", '[project]\nname = "blog"\n\n[tool.citecheck]\nmailto = "ed@example.org"\nfail-on = "warning"\n')
    settings = load([blog / "content" / "posts" / "post.md"])
    assert settings.mailto == "ed@example.org"
    assert settings.fail_on is FailOn.WARNING
    assert settings.origins["mailto"] == "pyproject.toml"


def test_nearest_file_wins_and_files_are_not_merged(blog: Path) -> None:
    write(blog / "pyproject.toml", '[tool.citecheck]\nmailto = "root@example.org"\n')
    write(blog / "content" / "citecheck.toml", 'fail-on = "info"\n')
    settings = load([blog / "content" / "posts" / "post.md"])
    assert settings.fail_on is FailOn.INFO
    assert settings.origins["fail_on"] == str(Path("content") / "citecheck.toml")
    assert settings.mailto is None  # the farther pyproject.toml is not read at all


def test_pyproject_without_a_citecheck_table_is_passed_over(blog: Path) -> None:
    write(blog / "citecheck.toml", 'fail-on = "never"\n')
    write(blog / "content" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(blog / "content" / "posts") == blog / "citecheck.toml"
    assert load([blog / "content" / "posts"]).fail_on is FailOn.NEVER


def test_dot_file_comes_before_plain_name_and_pyproject_in_one_folder(blog: Path) -> None:
    write(blog / "pyproject.toml", '[tool.citecheck]\nfail-on = "info"\n')
    write(blog / "citecheck.toml", 'fail-on = "warning"\n')
    assert find_config(blog) == blog / "citecheck.toml"
    write(blog / ".citecheck.toml", 'fail-on = "never"\n')
    assert find_config(blog) == blog / ".citecheck.toml"


def test_no_configuration_gives_defaults(blog: Path) -> None:
    settings = load([blog / "content"])
    assert settings.fail_on is FailOn.ERROR
    assert settings.crossref_url == DEFAULT_CROSSREF_URL
    assert set(settings.origins) == set()


def test_discovery_starts_in_the_folder_holding_every_path(blog: Path) -> None:
    a = write(blog / "content" / "posts" / "a.md", "")
    b = write(blog / "content" / "drafts" / "b.md", "")
    assert discovery_start([a, b]) == (blog / "content").absolute()
    assert discovery_start([a]) == (blog / "content" / "posts").absolute()
    assert discovery_start(["-"]) == Path.cwd()


def test_explicit_config_overrides_discovery(blog: Path) -> None:
    write(blog / "citecheck.toml", 'fail-on = "info"\n')
    other = write(blog / "ci" / "strict.toml", 'fail-on = "warning"\nsnapshot = "../data/index.sqlite"\n')
    settings = load([blog / "content"], config_path=other)
    assert settings.fail_on is FailOn.WARNING
    assert settings.origins["fail_on"] == str(Path("ci") / "strict.toml")
    # Paths in a file are relative to that file, wherever citecheck runs.
    assert settings.snapshot == (blog / "data" / "index.sqlite").absolute()


def test_explicit_pyproject_must_hold_the_table(blog: Path) -> None:
    path = write(blog / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: no \[tool\.citecheck\] table$"):
        load([], config_path=path)


def test_explicit_config_that_does_not_exist(blog: Path) -> None:
    with pytest.raises(ConfigError, match=r"^nope\.toml: configuration file not found$"):
        load([], config_path=Path("nope.toml"))


# ----------------------------------------------------------------- precedence


def test_file_then_environment_then_command_line(blog: Path) -> None:
    write(
        blog / "citecheck.toml",
        'mailto = "file@example.org"\nfail-on = "info"\ncrossref-url = "http://file.example/"\npubmed = false\n',
    )
    environ = {"CITECHECK_MAILTO": "env@example.org", "CITECHECK_CROSSREF_URL": "http://env.example"}
    settings = load([blog / "content"], cli={"fail_on": FailOn.NEVER, "mailto": None}, environ=environ)
    assert settings.fail_on is FailOn.NEVER and settings.origins["fail_on"] == "command line"
    assert settings.mailto == "env@example.org" and settings.origins["mailto"] == "environment"
    assert settings.crossref_url == "http://env.example" and settings.origins["crossref_url"] == "environment"
    assert settings.pubmed is False and settings.origins["pubmed"] == "citecheck.toml"
    assert "format" not in settings.origins  # None on the command line means "not given"


def test_command_line_beats_environment(blog: Path) -> None:
    settings = load(
        [blog / "content"],
        cli={"mailto": "cli@example.org", "select": ("CC2", "CC101"), "format": "json"},
        environ={"CITECHECK_MAILTO": "env@example.org"},
    )
    assert settings.mailto == "cli@example.org"
    assert settings.select == ("CC2", "CC101")
    assert settings.format is OutputFormat.JSON
    assert settings.origins["select"] == "command line"


def test_empty_list_on_the_command_line_keeps_the_file_value(blog: Path) -> None:
    write(blog / "citecheck.toml", 'ignore = ["CC502"]\n')
    settings = load([blog / "content"], cli={"ignore": [], "select": None})
    assert settings.ignore == ("CC502",)


def test_every_key_is_read(blog: Path) -> None:
    write(
        blog / "pyproject.toml",
        """
[tool.citecheck]
mailto = "ed@example.org"
select = ["CC1", "cc201", "year-mismatch"]
ignore = ["reference-not-cited"]
fail-on = "warning"
cache-ttl-found-days = 14
cache-ttl-not-found-days = 0.5
skip-dois = ["10.5555/*", "10.1000/XYZ"]
crossref-url = "http://127.0.0.1:9/"
pubmed-url = "http://127.0.0.1:9/eutils/"
pubmed = false
snapshot = "snap/index.sqlite"
include = ["*.md"]
exclude = ["drafts/**"]
input-format = "markdown"
search = false

[tool.citecheck.severity]
journal-mismatch = "info"
CC203 = "error"
""",
    )
    s = load([blog / "content"])
    assert s.mailto == "ed@example.org"
    assert s.select == ("CC1", "CC201", "year-mismatch")
    assert s.ignore == ("reference-not-cited",)
    assert s.fail_on is FailOn.WARNING
    assert (s.ttl_found_days, s.ttl_not_found_days) == (14.0, 0.5)
    assert s.skip_dois == ("10.5555/*", "10.1000/XYZ")
    assert s.crossref_url == "http://127.0.0.1:9"
    assert s.pubmed_url == "http://127.0.0.1:9/eutils"
    assert s.pubmed is False and s.search is False
    assert s.snapshot == (blog / "snap" / "index.sqlite").absolute()
    assert s.include == ("*.md",) and s.exclude == ("drafts/**",)
    assert s.input_format is InputFormat.MARKDOWN
    # Severity keys are stored by code, which the registry looks up.
    assert dict(s.severity) == {"CC207": Severity.INFO, "CC203": Severity.ERROR}


# ------------------------------------------------------------------- mistakes

ALLOWED = "allowed: mailto, select, ignore, severity, fail-on"


def test_unknown_key_names_file_key_and_allowed_keys(blog: Path) -> None:
    write(blog / "citecheck.toml", 'mail-to = "ed@example.org"\n')
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    message = str(caught.value)
    assert message.startswith("citecheck.toml: unknown key 'mail-to'")
    assert "did you mean 'mailto'?" in message
    assert ALLOWED in message and "search" in message
    assert "\n" not in message


def test_unknown_key_in_pyproject_names_the_table(blog: Path) -> None:
    write(blog / "pyproject.toml", '[tool.citecheck]\nfail_on = "error"\n')
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: unknown key 'fail_on' in \[tool\.citecheck\], did you mean 'fail-on'\?"):
        load([blog / "content"])


def test_bad_choice_in_pyproject(blog: Path) -> None:
    write(blog / "pyproject.toml", '[tool.citecheck]\nfail-on = "sometimes"\n')
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    assert str(caught.value) == (
        "pyproject.toml: [tool.citecheck] fail-on = 'sometimes' is not one of error, warning, info, never"
    )


BAD_VALUES = [
    ("mailto", "42", "must be a non-empty string"),
    ("mailto", '"editor"', "is not an email address"),
    ("select", '"CC2"', "must be a list of strings"),
    ("ignore", "[1, 2]", "must be a list of strings"),
    ("severity", '"info"', "must be a table of rule = severity"),
    ("fail-on", "true", "is not one of error, warning, info, never"),
    ("cache-ttl-found-days", "-1", "must be a number of days, 0 or more"),
    ("cache-ttl-not-found-days", '"7"', "must be a number of days, 0 or more"),
    ("cache-ttl-found-days", "true", "must be a number of days, 0 or more"),
    ("skip-dois", '"10.5555/*"', "must be a list of strings"),
    ("crossref-url", '"api.crossref.org"', "must be an http:// or https:// URL"),
    ("pubmed-url", "[]", "must be a non-empty string"),
    ("pubmed", '"no"', "must be true or false"),
    ("search", "1", "must be true or false"),
    ("snapshot", '""', "must be a non-empty string"),
    ("include", '"*.md"', "must be a list of strings"),
    ("exclude", '[""]', "must be a list of strings"),
    ("input-format", '"docx"', "is not one of auto, text, markdown, html"),
    ("request-timeout", "0", "must be a number of seconds more than 0"),
    ("run-timeout", "-1", "must be a number of seconds, 0 or more (0: no limit)"),
]


@pytest.mark.parametrize(("key", "value", "problem"), BAD_VALUES)
def test_every_bad_value_names_file_key_and_what_is_allowed(blog: Path, key: str, value: str, problem: str) -> None:
    write(blog / ".citecheck.toml", f"{key} = {value}\n")
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    message = str(caught.value)
    assert message.startswith(f".citecheck.toml: {key} = ")
    assert problem in message
    assert "\n" not in message


def test_every_documented_key_has_a_bad_value_test() -> None:
    from citecheck.config import KEYS

    tested = {key for key, _, _ in BAD_VALUES} | {"severity"}
    assert tested == set(KEYS)


def test_toml_syntax_error_names_file_and_line(blog: Path) -> None:
    write(blog / "citecheck.toml", 'mailto = "ed@example.org"\nfail-on = \n')
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    assert str(caught.value).startswith("citecheck.toml, line 2: invalid TOML: ")


def test_broken_pyproject_on_the_way_up_is_reported(blog: Path) -> None:
    write(blog / "pyproject.toml", "[tool.citecheck\n")
    with pytest.raises(ConfigError, match=r"^pyproject\.toml, line 1: invalid TOML"):
        load([blog / "content"])


def test_file_that_is_not_utf8(blog: Path) -> None:
    (blog / "citecheck.toml").write_bytes(b'mailto = "\xff@example.org"\n')
    with pytest.raises(ConfigError, match=r"^citecheck\.toml: not UTF-8 text"):
        load([blog / "content"])


def test_label_is_the_full_path_outside_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    write(project / "citecheck.toml", "pubmed = 3\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(ConfigError) as caught:
        load([project])
    assert str(caught.value).startswith(f"{project / 'citecheck.toml'}: pubmed = 3 must be true or false")


# ---------------------------------------------------------- rules in the file


@pytest.mark.parametrize("key", ["select", "ignore"])
def test_unknown_rule_in_select_or_ignore(blog: Path, key: str) -> None:
    write(blog / "citecheck.toml", f'{key} = ["CC2", "CC999"]\n')
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    message = str(caught.value)
    assert message.startswith(f"citecheck.toml: {key} = ['CC2', 'CC999'] contains unknown rule 'CC999'")
    assert "rule codes like CC201, code prefixes like CC2, or rule names" in message


def test_unknown_rule_name_in_select(blog: Path) -> None:
    write(blog / "citecheck.toml", 'select = ["year-mismatches"]\n')
    with pytest.raises(ConfigError, match="contains unknown rule 'year-mismatches'"):
        load([blog / "content"])


def test_unknown_rule_in_severity(blog: Path) -> None:
    write(blog / "citecheck.toml", '[severity]\nCC2 = "info"\n')
    with pytest.raises(ConfigError, match=r"^citecheck\.toml: severity = \{'CC2': 'info'\} names unknown rule 'CC2'"):
        load([blog / "content"])


def test_bad_level_in_severity(blog: Path) -> None:
    write(blog / "pyproject.toml", '[tool.citecheck.severity]\nyear-mismatch = "fatal"\n')
    with pytest.raises(ConfigError) as caught:
        load([blog / "content"])
    assert str(caught.value).startswith("pyproject.toml: [tool.citecheck] severity = {'year-mismatch': 'fatal'} ")
    assert "gives year-mismatch 'fatal', which is not one of error, warning, info" in str(caught.value)


def test_unknown_rule_on_the_command_line(blog: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--ignore CC2,CC77 contains unknown rule 'CC77'"):
        load([blog / "content"], cli={"ignore": ("CC2", "CC77")})


def test_comma_separated_command_line_rules(blog: Path) -> None:
    settings = load([blog / "content"], cli={"select": ["CC2,cc401", "CC5"]})
    assert settings.select == ("CC2", "CC401", "CC5")


def test_bad_choice_on_the_command_line(blog: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--fail-on loud is not one of error, warning, info, never$"):
        load([blog / "content"], cli={"fail_on": "loud"})


def test_a_near_miss_on_the_command_line_suggests_the_value(blog: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--format jsn is not one of terminal, json, .* \(did you mean json\?\)$"):
        load([blog / "content"], cli={"format": "jsn"})
    with pytest.raises(ConfigError, match=r"^--select yearmismatch contains unknown rule 'yearmismatch' "
                                          r"\(did you mean year-mismatch\?\) \(allowed: rule codes"):
        load([blog / "content"], cli={"select": ["yearmismatch"]})


def test_not_a_setting_is_a_programming_error(blog: Path) -> None:
    with pytest.raises(TypeError):
        load([blog / "content"], cli={"colour": True})


# -------------------------------------------------------------------- describe


def test_describe_lists_every_setting_with_its_origin(blog: Path) -> None:
    write(blog / "citecheck.toml", 'fail-on = "warning"\nexclude = ["drafts/**"]\n')
    settings = load(
        [blog / "content"],
        cli={"format": OutputFormat.JSON},
        environ={"CITECHECK_MAILTO": "env@example.org", "CROSSREF_PLUS_TOKEN": "secret-token"},
    )
    rows = {key: (value, origin) for key, value, origin in describe(settings)}
    assert rows["fail-on"] == ("warning", "citecheck.toml")
    assert rows["exclude"] == ("drafts/**", "citecheck.toml")
    assert rows["mailto"] == ("env@example.org", "environment")
    assert rows["format"] == ("json", "command line")
    assert rows["crossref-url"] == (DEFAULT_CROSSREF_URL, "default")
    assert rows["select"] == ("(all rules)", "default")
    assert rows["cache-ttl-found-days"] == ("30", "default")
    assert rows["pubmed"] == ("true", "default")
    # Tokens are never printed.
    assert rows["plus-token"] == ("(set)", "environment")
    assert rows["ncbi-api-key"] == ("(not set)", "default")
    assert all("secret-token" not in value for value, _ in rows.values())
    # Every setting appears, so `citecheck config` hides nothing.
    from dataclasses import fields

    from citecheck.settings import Settings

    assert len(rows) == len(fields(Settings)) - 1
