"""The settings of one run, frozen once built.

Values come, lowest to highest precedence, from the defaults, a configuration
file (`[tool.citecheck]` in pyproject.toml, `citecheck.toml`, `.citecheck.toml`,
found from the checked file's folder upwards, or `--config PATH`), environment
variables, and the command line. `origins` remembers where each value came from
for `citecheck config`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from citecheck.model import FailOn, InputFormat, OutputFormat, Severity

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
DEFAULT_PUBMED_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_DOI_URL = "https://doi.org"
DEFAULT_IDCONV_URL = "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/"


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("citecheck", appauthor=False))


@dataclass(frozen=True)
class Settings:
    mailto: str | None = None
    crossref_url: str = DEFAULT_CROSSREF_URL
    pubmed_url: str = DEFAULT_PUBMED_URL
    doi_url: str = DEFAULT_DOI_URL
    idconv_url: str = DEFAULT_IDCONV_URL  # the PMC ID converter (PMCID -> DOI)
    pubmed: bool = True
    cache_dir: Path | None = None  # None: the platform's user cache directory
    use_cache: bool = True
    offline: bool = False
    snapshot: Path | None = None
    fail_on: FailOn = FailOn.ERROR
    format: OutputFormat = OutputFormat.TERMINAL
    input_format: InputFormat = InputFormat.AUTO
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule code or name -> severity
    ttl_found_days: float = 30.0
    ttl_not_found_days: float = 7.0
    skip_dois: tuple[str, ...] = ()  # DOIs or fnmatch patterns never looked up
    include: tuple[str, ...] = ("*.md", "*.markdown", "*.html", "*.htm", "*.txt")
    exclude: tuple[str, ...] = ()
    plus_token: str | None = None
    ncbi_api_key: str | None = None
    timeout: float = 10.0  # seconds one attempt may wait for an answer
    request_timeout: float = 15.0  # seconds one request may take, retries included
    run_timeout: float = 0.0  # seconds the network phases of a run may take (0: no limit)
    search: bool = True  # search Crossref for references without a DOI
    progress: bool = True
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def resolved_cache_dir(self) -> Path:
        return self.cache_dir or default_cache_dir()

    def with_values(self, origin: str, **values: Any) -> "Settings":
        """A copy with some values replaced, remembering where they came from."""
        values = {k: v for k, v in values.items() if v is not None}
        origins = dict(self.origins)
        origins.update({k: origin for k in values})
        return replace(self, origins=origins, **values)


def parse_seconds(text: str, *, zero_allowed: bool) -> float | None:
    """A time limit in seconds (`15`, `2.5`); None when it is not one (0 only when `zero_allowed`)."""
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    if value != value or value == float("inf") or value < 0 or (value == 0 and not zero_allowed):
        return None
    return value


def from_environment(base: Settings | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Apply the CITECHECK_* (and token) environment variables to `base`."""
    env = os.environ if environ is None else environ
    settings = base or Settings()
    values: dict[str, Any] = {}
    if env.get("CITECHECK_MAILTO"):
        values["mailto"] = env["CITECHECK_MAILTO"]
    if env.get("CITECHECK_CROSSREF_URL"):
        values["crossref_url"] = env["CITECHECK_CROSSREF_URL"].rstrip("/")
    if env.get("CITECHECK_PUBMED_URL"):
        values["pubmed_url"] = env["CITECHECK_PUBMED_URL"].rstrip("/")
    if env.get("CITECHECK_DOI_URL"):
        values["doi_url"] = env["CITECHECK_DOI_URL"].rstrip("/")
    if env.get("CITECHECK_IDCONV_URL"):
        values["idconv_url"] = env["CITECHECK_IDCONV_URL"]
    if env.get("CITECHECK_CACHE_DIR"):
        values["cache_dir"] = Path(env["CITECHECK_CACHE_DIR"])
    if env.get("CITECHECK_SNAPSHOT"):
        values["snapshot"] = Path(env["CITECHECK_SNAPSHOT"])
    for name, zero_allowed in (("request_timeout", False), ("run_timeout", True)):
        variable = "CITECHECK_" + name.upper()
        if env.get(variable):
            seconds = parse_seconds(env[variable], zero_allowed=zero_allowed)
            if seconds is None:
                from citecheck.errors import ConfigError

                allowed = "0 or more (0: no limit)" if zero_allowed else "more than 0"
                raise ConfigError(f"environment: {variable}={env[variable]!r} must be a number of seconds, {allowed}")
            values[name] = seconds
    settings = settings.with_values("environment", **values)
    secrets: dict[str, Any] = {}
    if env.get("CROSSREF_PLUS_TOKEN"):
        secrets["plus_token"] = env["CROSSREF_PLUS_TOKEN"]
    if env.get("NCBI_API_KEY"):
        secrets["ncbi_api_key"] = env["NCBI_API_KEY"]
    return replace(settings, **secrets) if secrets else settings
