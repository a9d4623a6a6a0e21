"""The command line: parse options, build settings, run the pipeline, print, exit.

No logic lives here. `citecheck FILE...` checks articles; a few subcommands
(`extract`, `rules`, `rule`, `config`, `cache`, `snapshot`) inspect what
citecheck sees and manage its data. Heavy modules are imported inside the
commands so that `--version` and `--help` start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, List, NoReturn, Optional

import typer

from citecheck import __version__
from citecheck.model import ExitCode, FailOn, InputFormat, OutputFormat

EXIT_CODES_HELP = """\
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on;
2 usage, input or configuration error; 3 some references could not be verified
(Crossref unreachable or still failing after retries) and nothing else reached --fail-on.
"""

SUBCOMMANDS_HELP = """\
Other commands: `citecheck extract FILE` (what the parser found, no network),
`citecheck rules`, `citecheck rule CODE`, `citecheck config [FILE]`,
`citecheck cache info|clear`, `citecheck snapshot build|info`.
Run `citecheck COMMAND --help` for each.
"""

SUBCOMMANDS = ("extract", "rules", "rule", "config", "cache", "snapshot")


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    typer.echo(f"citecheck: error: {message}", err=True)
    raise typer.Exit(int(code))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"citecheck {__version__}")
        raise typer.Exit(0)


def _split(values: Optional[List[str]]) -> Optional[tuple[str, ...]]:
    """`--select CC2,CC301 --select CC5` -> ("CC2", "CC301", "CC5")."""
    if not values:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _build_settings(paths: list[str], cli: dict[str, Any], config: Optional[Path]):
    """Defaults < configuration file < environment < command line."""
    from citecheck.config import load_settings

    return load_settings([Path(p) for p in paths if p != "-"], cli, config_path=config)


def _color(choice: Optional[bool] = None) -> Optional[bool]:
    """--color/--no-color wins; then NO_COLOR; otherwise the reporter decides from the terminal."""
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    return None


# --------------------------------------------------------------------- check


check_app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


@check_app.command(
    help="Check the citations of one or more articles (text, Markdown, HTML; `-` reads stdin; "
    "folders are walked) against Crossref and PubMed.\n\n" + EXIT_CODES_HELP + "\n" + SUBCOMMANDS_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
def check(
    files: List[str] = typer.Argument(None, metavar="FILE...", help="Articles or folders to check; `-` for stdin."),
    format: Optional[OutputFormat] = typer.Option(None, "--format", "-f", help="Report format (default terminal)."),
    mailto: Optional[str] = typer.Option(None, help="Contact address for Crossref's polite pool (env CITECHECK_MAILTO)."),
    crossref_url: Optional[str] = typer.Option(None, help="Crossref API base URL (env CITECHECK_CROSSREF_URL; default https://api.crossref.org)."),
    pubmed_url: Optional[str] = typer.Option(None, help="PubMed E-utilities base URL (env CITECHECK_PUBMED_URL)."),
    no_pubmed: bool = typer.Option(False, "--no-pubmed", help="Do not ask PubMed for study types (evidence from Crossref only)."),
    cache_dir: Optional[Path] = typer.Option(None, help="Cache folder (env CITECHECK_CACHE_DIR; default: the user cache folder)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    offline: bool = typer.Option(False, "--offline", help="Answer from the cache and snapshot only; the rest is reported unverified."),
    snapshot: Optional[Path] = typer.Option(None, help="Local Crossref snapshot index to resolve from first (env CITECHECK_SNAPSHOT)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1 (default error)."),
    input_format: Optional[InputFormat] = typer.Option(None, "--input-format", help="Input format (default: by file extension)."),
    select: Optional[List[str]] = typer.Option(None, help="Only these rules: codes, prefixes (CC2) or names; comma-separated."),
    ignore: Optional[List[str]] = typer.Option(None, help="Skip these rules: codes, prefixes or names; comma-separated."),
    no_search: bool = typer.Option(False, "--no-search", help="Do not search Crossref for references without a DOI."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file to use instead of the discovered one."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Force colour on or off (default: on for a terminal, off with NO_COLOR)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    from citecheck.errors import CitecheckError

    if not files:
        _fail("no article given; try `citecheck article.txt` or `citecheck --help`")
    cli = {
        "format": format,
        "mailto": mailto,
        "crossref_url": crossref_url.rstrip("/") if crossref_url else None,
        "pubmed_url": pubmed_url.rstrip("/") if pubmed_url else None,
        "pubmed": False if no_pubmed else None,
        "cache_dir": cache_dir,
        "use_cache": False if no_cache else None,
        "offline": True if offline else None,
        "snapshot": snapshot,
        "fail_on": fail_on,
        "input_format": input_format,
        "select": _split(select),
        "ignore": _split(ignore),
        "search": False if no_search else None,
    }
    try:
        settings = _build_settings(files, cli, config)
        from citecheck.pipeline import check_paths
        from citecheck.report import write

        report = check_paths(files, settings)
    except CitecheckError as error:
        _fail(str(error))
    from citecheck.report import write_hints

    write(report, settings.format, sys.stdout, color=_color(color))
    write_hints(report.hints, sys.stderr)
    raise typer.Exit(int(report.exit_code(settings.fail_on)))


# ---------------------------------------------------------------- subcommands


tools_app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True,
                        pretty_exceptions_enable=False,
                        context_settings={"help_option_names": ["-h", "--help"]})
cache_app = typer.Typer(help="Inspect or clear the answer cache.", no_args_is_help=True)
snapshot_app = typer.Typer(help="Build or inspect a local Crossref snapshot index.", no_args_is_help=True)
tools_app.add_typer(cache_app, name="cache")
tools_app.add_typer(snapshot_app, name="snapshot")


@tools_app.command(help="Show the references and citations citecheck extracts from FILE (no network).")
def extract(
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Articles; `-` for stdin."),
    format: OutputFormat = typer.Option(OutputFormat.TERMINAL, "--format", "-f", help="terminal or json."),
    input_format: InputFormat = typer.Option(InputFormat.AUTO, "--input-format", help="Input format (default: by extension)."),
) -> None:
    from citecheck.errors import CitecheckError
    from citecheck.pipeline import extract as run_extract
    from citecheck.pipeline import read
    from citecheck.report import write_extraction
    from citecheck.settings import Settings

    if format not in (OutputFormat.TERMINAL, OutputFormat.JSON):
        _fail(f"`extract` prints terminal or json, not {format.value}")
    settings = Settings(input_format=input_format)
    try:
        extractions = [run_extract(read(path, settings)) for path in files]
    except CitecheckError as error:
        _fail(str(error))
    write_extraction(extractions, format, sys.stdout, color=_color())


@tools_app.command(help="List every rule with its code, name, severity and summary.")
def rules() -> None:
    from citecheck.checks.registry import all_rules
    from citecheck.report.rules import format_rules_list

    typer.echo(format_rules_list(all_rules()))


@tools_app.command(help="Explain one rule: what it checks, why, an example that fails and one that passes, the fix.")
def rule(key: str = typer.Argument(..., metavar="CODE", help="A rule code (CC401) or name (animal-study-for-human-claim).")) -> None:
    from citecheck.checks.registry import rule_by_key
    from citecheck.report.rules import format_rule

    found = rule_by_key(key)
    if found is None:
        _fail(f"no rule {key!r}; `citecheck rules` lists them")
    typer.echo(format_rule(found))


@tools_app.command(name="config", help="Print the configuration in effect for FILE (or the current folder) and where each value came from.")
def show_config(
    files: List[str] = typer.Argument(None, metavar="[FILE...]"),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file to use instead of the discovered one."),
) -> None:
    from citecheck.config import describe
    from citecheck.errors import CitecheckError

    try:
        settings = _build_settings(files or ["."], {}, config)
    except CitecheckError as error:
        _fail(str(error))
    rows = describe(settings)
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        typer.echo(f"{key.ljust(width)}  {value}  ({origin})")


def _cache_settings(cache_dir: Optional[Path]):
    from citecheck.settings import Settings, from_environment

    settings = from_environment(Settings())
    return settings.with_values("command line", cache_dir=cache_dir)


@cache_app.command("info", help="Where the cache is, how many answers it holds, its size and age.")
def cache_info(cache_dir: Optional[Path] = typer.Option(None, help="Cache folder (env CITECHECK_CACHE_DIR).")) -> None:
    from citecheck.sources.cache import cache_info as info

    typer.echo(info(_cache_settings(cache_dir)).describe())


@cache_app.command("clear", help="Delete every cached answer.")
def cache_clear(cache_dir: Optional[Path] = typer.Option(None, help="Cache folder (env CITECHECK_CACHE_DIR).")) -> None:
    from citecheck.sources.cache import clear_cache

    settings = _cache_settings(cache_dir)
    removed = clear_cache(settings)
    typer.echo(f"removed {removed} cached answers from {settings.resolved_cache_dir}")


@snapshot_app.command("build", help="Ingest Crossref records (.jsonl[.gz], .json[.gz] {items}, /works bodies) into an index. "
                      "Exit 0 when every record was read, 1 when some lines or files were skipped (listed), 2 on a usage error.")
def snapshot_build(
    paths: List[Path] = typer.Argument(..., metavar="PATH...", help="Files or folders of Crossref records."),
    output: Path = typer.Option(..., "--output", "-o", help="The index file to create or update."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes that parse input files in parallel."),
    drop_field: Optional[List[str]] = typer.Option(None, "--drop-field", help="Record field not to store (e.g. reference); repeatable."),
) -> None:
    from citecheck.errors import CitecheckError
    from citecheck.snapshot.build import build_snapshot, format_build_result

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}")
    try:
        result = build_snapshot(paths, output, workers=workers, drop_fields=drop_field or None)
    except CitecheckError as error:
        _fail(str(error))
    typer.echo(format_build_result(result))
    # Bad lines or files were skipped and listed above; the rest is built. Exit 1 says so to scripts.
    raise typer.Exit(1 if result.problem_count else 0)


@snapshot_app.command("info", help="Counts, date range and size of a snapshot index.")
def snapshot_info(index: Path = typer.Argument(..., metavar="INDEX")) -> None:
    from citecheck.errors import CitecheckError
    from citecheck.snapshot.info import format_info, snapshot_info as info

    try:
        typer.echo(format_info(info(index)))
    except CitecheckError as error:
        _fail(str(error))


# ----------------------------------------------------------------------- main


def main(argv: Optional[list[str]] = None) -> None:
    """Entry point: subcommands by name, otherwise the check command."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Article text goes to the terminal as written; a terminal that cannot
    # show a character gets an escape instead of a crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    app = tools_app if args and args[0] in SUBCOMMANDS else check_app
    try:
        app(args=args, prog_name="citecheck")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        typer.echo("citecheck: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug, not bad input: one line, the traceback on request
        if os.environ.get("CITECHECK_DEBUG"):
            raise
        typer.echo(
            f"citecheck: internal error: {type(error).__name__}: {error} "
            "(set CITECHECK_DEBUG=1 for the traceback and please report it)",
            err=True,
        )
        sys.exit(int(ExitCode.USAGE))


if __name__ == "__main__":  # pragma: no cover
    main()
