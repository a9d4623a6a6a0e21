"""Configuration files: finding one, checking what it says, and layering it into Settings.

A run's settings come, lowest to highest precedence, from the defaults, one
configuration file, the CITECHECK_* environment variables and the command line.
The file is `--config PATH` when given; otherwise the first of
`.citecheck.toml`, `citecheck.toml` or a `pyproject.toml` holding a
`[tool.citecheck]` table, looking in the folder of the checked files and then
in each parent folder up to the filesystem root (like ruff). Keys are
kebab-case, as in ruff's configuration.

Every mistake in a file is a ConfigError of one line that names the file, the
key and what is allowed: a typo in a configuration file must never be silently
ignored, or a user would believe a rule is off (or on) when it is not.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass, fields
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from citecheck.errors import ConfigError
from citecheck.model import FailOn, InputFormat, OutputFormat, Severity
from citecheck.settings import Settings, from_environment

# Looked for in this order in each folder; the first that applies wins.
CONFIG_FILE_NAMES = (".citecheck.toml", "citecheck.toml", "pyproject.toml")
PYPROJECT = "pyproject.toml"
TABLE = "[tool.citecheck]"

ORIGIN_DEFAULT = "default"
ORIGIN_ENVIRONMENT = "environment"
ORIGIN_COMMAND_LINE = "command line"


# ------------------------------------------------------------------ locating


@dataclass(frozen=True)
class ConfigFile:
    """A configuration file that was read: where it is and its citecheck table."""

    path: Path
    table: Mapping[str, Any]

    @property
    def is_pyproject(self) -> bool:
        return self.path.name == PYPROJECT

    @property
    def label(self) -> str:
        return display_path(self.path)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discovery_start(paths: Sequence[str | Path]) -> Path:
    """The folder where the search for a configuration file begins.

    The deepest folder that holds every checked path, so that `citecheck
    content/a.md content/b.md` and `citecheck content/` find the same file;
    the working folder for stdin (`-`) or when no path is given.
    """
    folders = []
    for raw in paths:
        if str(raw) == "-":
            continue
        path = Path(raw).expanduser().absolute()
        folders.append(path if path.is_dir() else path.parent)
    if not folders:
        return Path.cwd()
    try:
        return Path(os.path.commonpath([str(f) for f in folders]))
    except ValueError:  # different drives on Windows: the first path decides
        return folders[0]


def find_config(start: Path) -> Path | None:
    """The first configuration file from `start` upwards, or None."""
    start = start.absolute()
    for folder in (start, *start.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            # A pyproject.toml counts only when it configures citecheck;
            # otherwise keep looking, as ruff does.
            if name == PYPROJECT and _citecheck_table(_parse(candidate)) is None:
                continue
            return candidate
    return None


def read_config(path: Path) -> ConfigFile:
    """Read one configuration file (the table under [tool.citecheck] for pyproject.toml)."""
    document = _parse(path)
    if path.name == PYPROJECT:
        table = _citecheck_table(document)
        if table is None:
            raise ConfigError(f"{display_path(path)}: no {TABLE} table")
        if not isinstance(table, dict):
            raise ConfigError(f"{display_path(path)}: {TABLE} must be a table")
        return ConfigFile(path, table)
    return ConfigFile(path, document)


def _citecheck_table(document: Mapping[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("citecheck") if isinstance(tool, dict) else None


def _parse(path: Path) -> dict[str, Any]:
    label = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{label}: configuration file not found") from None
    except OSError as error:
        raise ConfigError(f"{label}: cannot read configuration file ({error.strerror or error})") from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{label}: not UTF-8 text; TOML files must be UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_of(str(error))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(error)) or "syntax error"
        where = f", line {line}" if line else ""
        raise ConfigError(f"{label}{where}: invalid TOML: {detail}") from None


def _line_of(message: str) -> int | None:
    # tomllib before 3.14 (and tomli before 2.1) put the position only in the message.
    match = re.search(r"at line (\d{1,9})", message)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- validating


class _Invalid(Exception):
    """A bad value; the caller adds the file and key to the message."""


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid("must be a non-empty string")
    return value.strip()


def _email(value: Any) -> str:
    text = _string(value)
    if "@" not in text or any(c.isspace() for c in text):
        raise _Invalid("is not an email address (Crossref uses it to contact you about heavy use)")
    return text


def _url(value: Any) -> str:
    text = _string(value)
    if not text.startswith(("http://", "https://")):
        raise _Invalid("must be an http:// or https:// URL")
    return text.rstrip("/")


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Invalid("must be true or false")
    return value


def _days(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise _Invalid("must be a number of days, 0 or more (e.g. 30 or 0.5)")
    return float(value)


def _request_seconds(value: Any) -> float:
    seconds = _parsed_seconds(value, zero_allowed=False)
    if seconds is None:
        raise _Invalid("must be a number of seconds more than 0 (e.g. 15)")
    return seconds


def _run_seconds(value: Any) -> float:
    seconds = _parsed_seconds(value, zero_allowed=True)
    if seconds is None:
        raise _Invalid("must be a number of seconds, 0 or more (0: no limit)")
    return seconds


def _parsed_seconds(value: Any, *, zero_allowed: bool) -> float | None:
    from citecheck.settings import parse_seconds

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return parse_seconds(str(value), zero_allowed=zero_allowed)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _Invalid('must be a list of strings, e.g. ["a", "b"]')
    return tuple(v.strip() for v in value)


def _choice(enum: type[Enum]) -> Callable[[Any], Any]:
    allowed = ", ".join(member.value for member in enum)

    def convert(value: Any) -> Any:
        try:
            return enum(value.lower() if isinstance(value, str) else value)
        except ValueError:
            raise _Invalid(f"is not one of {allowed}{_did_you_mean(value, [m.value for m in enum])}") from None

    return convert


RULE_HINT = "rule codes like CC201, code prefixes like CC2, or rule names like year-mismatch; see `citecheck rules`"


def _did_you_mean(value: Any, choices: Sequence[str], cutoff: float = 0.6) -> str:
    """` (did you mean json?)` for a near miss, else nothing."""
    if not isinstance(value, str):
        return ""
    from citecheck.usage import did_you_mean

    close = did_you_mean(value.lower(), choices, cutoff) or did_you_mean(value, choices, cutoff)
    return f" (did you mean {close}?)" if close else ""


def _normal_key(key: str) -> str:
    key = key.strip()
    return key.upper() if key[:2].lower() == "cc" or key.upper() == "ALL" else key.lower()


def _selectors(value: Any) -> tuple[str, ...]:
    from citecheck.checks import registry

    keys = tuple(_normal_key(key) for key in _strings(value))
    for key in keys:
        if not registry.is_known_selector(key):
            known = [name for rule in registry.all_rules() for name in (rule.code, rule.name)]
            raise _Invalid(f"contains unknown rule {key!r}{_did_you_mean(key, known, cutoff=0.8)} (allowed: {RULE_HINT})")
    return keys


def _severities(value: Any) -> dict[str, Severity]:
    from citecheck.checks import registry

    if not isinstance(value, dict):
        raise _Invalid('must be a table of rule = severity, e.g. { CC502 = "info" }')
    levels = ", ".join(s.value for s in Severity)
    table: dict[str, Severity] = {}
    for key, level in value.items():
        rule = registry.rule_by_key(str(key))
        if rule is None:
            raise _Invalid(f"names unknown rule {key!r} (allowed: rule codes like CC201 or names like year-mismatch)")
        try:
            # Stored by code: the registry looks severities up by code or name.
            table[rule.code] = Severity(level.lower() if isinstance(level, str) else level)
        except ValueError:
            raise _Invalid(f"gives {key} {level!r}, which is not one of {levels}") from None
    return table


@dataclass(frozen=True)
class _Key:
    field: str
    convert: Callable[[Any], Any]
    relative_path: bool = False


# Config key (kebab-case, as written in files) -> Settings field and validator.
KEYS: dict[str, _Key] = {
    "mailto": _Key("mailto", _email),
    "select": _Key("select", _selectors),
    "ignore": _Key("ignore", _selectors),
    "severity": _Key("severity", _severities),
    "fail-on": _Key("fail_on", _choice(FailOn)),
    "cache-ttl-found-days": _Key("ttl_found_days", _days),
    "cache-ttl-not-found-days": _Key("ttl_not_found_days", _days),
    "skip-dois": _Key("skip_dois", _strings),
    "crossref-url": _Key("crossref_url", _url),
    "pubmed-url": _Key("pubmed_url", _url),
    "pubmed": _Key("pubmed", _bool),
    "snapshot": _Key("snapshot", _string, relative_path=True),
    "include": _Key("include", _strings),
    "exclude": _Key("exclude", _strings),
    "input-format": _Key("input_format", _choice(InputFormat)),
    "search": _Key("search", _bool),
    "request-timeout": _Key("request_timeout", _request_seconds),
    "run-timeout": _Key("run_timeout", _run_seconds),
}


def validate(config: ConfigFile) -> dict[str, Any]:
    """The Settings values a configuration file sets; ConfigError on the first mistake."""
    where = f"{TABLE} " if config.is_pyproject else ""
    values: dict[str, Any] = {}
    for key, raw in config.table.items():
        spec = KEYS.get(key)
        if spec is None:
            import difflib  # only for a misspelt key: a run with a valid file never loads it

            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f", did you mean {close[0]!r}?" if close else ""
            place = f" in {TABLE}" if config.is_pyproject else ""
            raise ConfigError(
                f"{config.label}: unknown key {key!r}{place}{hint} (allowed: {', '.join(KEYS)})"
            )
        try:
            value = spec.convert(raw)
        except _Invalid as problem:
            raise ConfigError(f"{config.label}: {where}{key} = {_show(raw)} {problem}") from None
        if spec.relative_path:
            # Relative to the file, so the configuration means the same from any folder.
            value = Path(os.path.normpath((config.path.parent / Path(value).expanduser()).absolute()))
        values[spec.field] = value
    return values


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------- command line


def _typed(value: Any) -> str:
    """An option's value as the user typed it: `CC2,CC77`, not `('CC2', 'CC77')`."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    text = str(value) if isinstance(value, str) else _show(value)
    return text if len(text) <= 60 else text[:57] + "..."

_SEQUENCE_FIELDS = {"select", "ignore", "skip_dois", "include", "exclude"}
_ENUM_FIELDS: dict[str, type[Enum]] = {"fail_on": FailOn, "format": OutputFormat, "input_format": InputFormat}
_URL_FIELDS = {"crossref_url", "pubmed_url", "doi_url"}
_PATH_FIELDS = {"cache_dir", "snapshot"}
_SETTINGS_FIELDS = {f.name for f in fields(Settings)} - {"origins"}


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _split(value: Any) -> tuple[str, ...]:
    # `--select CC2,CC401` and `--select CC2 --select CC401` mean the same (ruff does both).
    items = [value] if isinstance(value, str) else list(value)
    return tuple(part.strip() for item in items for part in str(item).split(",") if part.strip())


def _cli_values(cli: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for raw_name, value in cli.items():
        name = raw_name.replace("-", "_")
        if name not in _SETTINGS_FIELDS:
            raise TypeError(f"not a setting: {raw_name!r}")
        if value is None:
            continue
        try:
            if name in _SEQUENCE_FIELDS:
                value = _split(value)
                if not value:  # an empty list option was simply not given
                    continue
                if name in {"select", "ignore"}:
                    value = _selectors(list(value))
            elif name == "severity":
                value = _severities(_severity_pairs(value))
            elif name in _ENUM_FIELDS:
                value = _choice(_ENUM_FIELDS[name])(value.value if isinstance(value, Enum) else value)
            elif name in _URL_FIELDS:
                value = _url(value)
            elif name in _PATH_FIELDS:
                value = Path(value).expanduser()
            elif name == "mailto":
                value = _email(value)
            elif name == "request_timeout":
                value = _request_seconds(value)
            elif name == "run_timeout":
                value = _run_seconds(value)
        except _Invalid as problem:
            raise ConfigError(f"{_option(name)} {_typed(value)} {problem}") from None
        values[name] = value
    return values


def _severity_pairs(value: Any) -> dict[str, Any]:
    """`{"CC502": "info"}` as it is, or `["CC502=info", ...]` from a repeated option."""
    if isinstance(value, Mapping):
        return dict(value)
    pairs: dict[str, Any] = {}
    for item in _split(value):
        key, sep, level = item.partition("=")
        if not sep:
            raise _Invalid("must be RULE=SEVERITY, e.g. CC502=info")
        pairs[key.strip()] = level.strip()
    return pairs


# ------------------------------------------------------------------ layering


def load_settings(
    paths: Sequence[Path | str],
    cli: Mapping[str, Any],
    *,
    config_path: Path | None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults < configuration file < environment < command line, with origins recorded.

    `cli` maps Settings field names (or their kebab-case spellings) to the
    options the user gave; None, or an empty list, means "not given".
    `config_path` is `--config PATH`, which replaces discovery.
    """
    settings = Settings()
    config = config_for(paths, config_path)
    if config is not None:
        settings = settings.with_values(config.label, **validate(config))
    settings = from_environment(settings, environ)
    return settings.with_values(ORIGIN_COMMAND_LINE, **_cli_values(cli))


def config_for(paths: Sequence[Path | str], config_path: Path | None = None) -> ConfigFile | None:
    """The configuration file that applies to a run on `paths` (None: defaults only)."""
    if config_path is not None:
        return read_config(Path(config_path).expanduser())
    found = find_config(discovery_start(paths))
    return read_config(found) if found is not None else None


# ------------------------------------------------------------------ describing

_FIELD_KEYS = {spec.field: key for key, spec in KEYS.items()}
_SECRETS = {"plus_token", "ncbi_api_key"}


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, value, origin) for every setting, as `citecheck config` prints them."""
    rows = []
    for item in fields(Settings):
        name = item.name
        if name == "origins":
            continue
        value = getattr(settings, name)
        origin = settings.origins.get(name, ORIGIN_DEFAULT)
        if name in _SECRETS:
            # Tokens are read from the environment only; never print them.
            shown = "(set)" if value else "(not set)"
            origin = ORIGIN_ENVIRONMENT if value and origin == ORIGIN_DEFAULT else origin
        elif name == "cache_dir" and value is None:
            shown = str(settings.resolved_cache_dir)
        else:
            shown = _format_value(name, value)
        rows.append((_FIELD_KEYS.get(name, name.replace("_", "-")), shown, origin))
    return rows


def _format_value(name: str, value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, Mapping):
        if not value:
            return "(rule defaults)"
        return ", ".join(f"{k} = {v.value if isinstance(v, Enum) else v}" for k, v in value.items())
    if isinstance(value, tuple):
        if not value:
            return "(all rules)" if name == "select" else "(none)"
        return ", ".join(value)
    return str(value)
