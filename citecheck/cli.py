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
from citecheck.model import ExitCode, OutputFormat
from citecheck.usage import PlainCommand, PlainGroup
from citecheck.usage import run as run_app

EXIT_CODES_HELP = """\
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above --fail-on;
2 usage or configuration error, or a file that could not be read (the others are
still checked and reported); 3 some references could not be verified (Crossref
unreachable or still failing after retries) and nothing else reached --fail-on.
"""

SUBCOMMANDS_HELP = """\
Other commands: `citecheck fix FILE` (correct the citations in place: a diff, or
--write), `citecheck extract FILE` (what the parser found, no network),
`citecheck rules`, `citecheck rule CODE`, `citecheck config [FILE]`,
`citecheck cache info|clear`, `citecheck snapshot build|info`.
Run `citecheck COMMAND --help` for each.
"""

SUBCOMMANDS = ("fix", "extract", "rules", "rule", "config", "cache", "snapshot")


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

FORMATS = ", ".join(f.value for f in OutputFormat)
LEVELS = ("error", "warning", "info")


@check_app.command(
    cls=PlainCommand,
    help="Check the citations of one or more articles (text, Markdown, HTML; `-` reads stdin; "
    "folders are walked) against Crossref and PubMed.\n\n" + EXIT_CODES_HELP + "\n" + SUBCOMMANDS_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
def check(
    files: List[str] = typer.Argument(None, metavar="FILE", help="Articles or folders to check; `-` for stdin."),
    format: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=f"Report format: {FORMATS} (default terminal)."),
    severity: Optional[str] = typer.Option(None, "--severity", metavar="LEVEL", help="Show only findings at or above LEVEL: error, warning or info (default info). The exit code still follows --fail-on."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to FILE instead of standard output."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the findings: no summaries, hints or progress."),
    verbose: bool = typer.Option(False, "--verbose", "-v", "--show-all", help="Every reference, also those without findings, and every detail."),
    mailto: Optional[str] = typer.Option(None, metavar="ADDRESS", help="Contact address for Crossref's polite pool (env CITECHECK_MAILTO)."),
    crossref_url: Optional[str] = typer.Option(None, metavar="URL", help="Crossref API base URL (env CITECHECK_CROSSREF_URL; default https://api.crossref.org)."),
    pubmed_url: Optional[str] = typer.Option(None, metavar="URL", help="PubMed E-utilities base URL (env CITECHECK_PUBMED_URL)."),
    no_pubmed: bool = typer.Option(False, "--no-pubmed", help="Do not ask PubMed for study types (evidence from Crossref only)."),
    cache_dir: Optional[Path] = typer.Option(None, metavar="DIR", help="Cache folder (env CITECHECK_CACHE_DIR; default: the user cache folder)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    offline: bool = typer.Option(False, "--offline", help="Answer from the cache and snapshot only; the rest is reported unverified."),
    snapshot: Optional[Path] = typer.Option(None, metavar="INDEX", help="Local Crossref snapshot index (a file or a folder of shards) to resolve from first (env CITECHECK_SNAPSHOT)."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="SCHEDULER", help="Spread the check over a Dask cluster: local, local:N (N processes) or a scheduler address such as tcp://scheduler:8786 (needs citecheck[dask])."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="LEVEL", help="Lowest severity that makes the exit code 1: error, warning, info or never (default error)."),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help="Input format: auto, text, markdown or html (default auto: by file extension)."),
    select: Optional[List[str]] = typer.Option(None, metavar="RULES", help="Only these rules: codes, prefixes (CC2) or names; comma-separated."),
    ignore: Optional[List[str]] = typer.Option(None, metavar="RULES", help="Skip these rules: codes, prefixes or names; comma-separated."),
    no_search: bool = typer.Option(False, "--no-search", help="Do not search Crossref for references without a DOI."),
    request_timeout: Optional[str] = typer.Option(None, "--request-timeout", metavar="SECONDS", help="Longest one request may take, retries included; then its reference is unverified (env CITECHECK_REQUEST_TIMEOUT; default 15)."),
    run_timeout: Optional[str] = typer.Option(None, "--run-timeout", metavar="SECONDS", help="Longest the look-ups of the whole run may take; what is left is unverified (env CITECHECK_RUN_TIMEOUT; default 0: no limit)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="PATH", help="Configuration file to use instead of the discovered one."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Force colour on or off (default: on for a terminal, off with NO_COLOR)."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    from citecheck.errors import CitecheckError

    if not files:
        _fail("no article given; try `citecheck article.txt` or `citecheck --help`")
    _refuse_a_mistyped_command(files)
    min_severity = _level("--severity", severity)
    if output is not None:
        _check_output(output)
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
        "progress": False if quiet else None,
        "request_timeout": _seconds("--request-timeout", request_timeout),
        "run_timeout": _seconds("--run-timeout", run_timeout),
    }
    try:
        settings = _build_settings(files, cli, config)
        if dask is not None:
            from citecheck.snapshot.dask import check_paths_on_dask

            report = check_paths_on_dask(files, settings, dask)
        else:
            from citecheck.pipeline import check_paths

            report = check_paths(files, settings)
    except CitecheckError as error:
        _fail(str(error))
    from citecheck.report import ReportOptions, write, write_hints

    options = ReportOptions(min_severity=min_severity, verbose=verbose, quiet=quiet)
    if output is None:
        write(report, settings.format, sys.stdout, color=_color(color), options=options)
    else:
        _write_file(output, lambda out: write(report, settings.format, out, color=_color(color), options=options))
    _say_unreadable(report, inline=output is None and settings.format in (OutputFormat.TERMINAL, OutputFormat.CONCISE))
    if not quiet:
        write_hints(report.hints, sys.stderr)
    raise typer.Exit(int(report.exit_code(settings.fail_on)))


def _say_unreadable(report, inline: bool) -> None:
    """A file that could not be read, on stderr too when the report itself is not read by a person."""
    if inline:  # the terminal and concise reports already say it in the file's place
        return
    for file in report.unreadable:
        from citecheck.report.text import one_line

        typer.echo(f"citecheck: error: {one_line(file.path)}: {one_line(file.error)}", err=True)


def _seconds(option: str, value: Optional[str]) -> Optional[float]:
    """`--request-timeout 30` -> 30.0; anything that is not a number is a usage error naming it."""
    if value is None:
        return None
    try:
        return float(value.strip())
    except ValueError:
        _fail(f"{option} {value} is not a number of seconds (e.g. 15)")


def _level(option: str, value: Optional[str]):
    """`--severity warning` -> Severity.WARNING; a usage error names the allowed levels."""
    from citecheck.model import Severity

    if value is None:
        return Severity.INFO
    try:
        return Severity(value.strip().lower())
    except ValueError:
        from citecheck.usage import did_you_mean

        close = did_you_mean(value.strip().lower(), LEVELS)
        _fail(f"{option} {value} is not one of {', '.join(LEVELS)}" + (f" (did you mean {close}?)" if close else ""))


def _refuse_a_mistyped_command(files: List[str]) -> None:
    """`citecheck rulez`: no such file, and close to a command: say which one was meant."""
    from citecheck.usage import close_matches

    first = files[0]
    if first == "-" or os.path.lexists(first):
        return
    close = close_matches(first, SUBCOMMANDS)
    if close:
        meant = " or ".join(f"`citecheck {name}`" for name in close)
        _fail(f"{first}: no such file or directory, nor a command (did you mean {meant}?)")


def _check_output(output: Path) -> None:
    """Fail before the run, not after it, when the report could not be written."""
    if output.is_dir():
        _fail(f"--output {output}: is a folder; give a file name such as report.html")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        _fail(f"--output {output}: the folder {parent} does not exist; create it first")


def _write_file(output: Path, write_to) -> None:
    """Write through a temporary file beside `output`, so a failed run never leaves half a report."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=output.parent or Path("."),
                                         prefix=f".{output.name}.", suffix=".tmp", delete=False) as out:
            temporary = Path(out.name)
            try:
                write_to(out)
            except BaseException:
                out.close()
                temporary.unlink(missing_ok=True)
                raise
        if output.exists():
            import shutil

            shutil.copymode(output, temporary)
        else:  # a new file gets the usual permissions, not the temporary file's private ones
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except OSError as error:
        _fail(f"--output {output}: cannot be written ({error.strerror or error}); check the path and permissions")


# ---------------------------------------------------------------- subcommands


tools_app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True,
                        pretty_exceptions_enable=False, cls=PlainGroup,
                        context_settings={"help_option_names": ["-h", "--help"]})
cache_app = typer.Typer(help="Inspect or clear the answer cache.", no_args_is_help=True, cls=PlainGroup,
                        rich_markup_mode=None)
snapshot_app = typer.Typer(help="Build or inspect a local Crossref snapshot index.", no_args_is_help=True,
                           cls=PlainGroup, rich_markup_mode=None)
tools_app.add_typer(cache_app, name="cache")
tools_app.add_typer(snapshot_app, name="snapshot")


@tools_app.command(
    name="fix", cls=PlainCommand,
    help="Correct the citations of FILE in place, in the article's own style: by default print a unified diff of "
    "the safe fixes and change nothing; --write makes them. Fixes that need a person (another work's DOI, a "
    "retracted work, an evidence finding, anything uncertain) are listed, never applied. Exit codes as for a "
    "check, computed on the findings left once the fixes are made.",
)
def fix(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Articles or folders to fix."),
    write: bool = typer.Option(False, "--write/--diff", help="Write the fixes to the files (default --diff: print them as a diff)."),
    unsafe: bool = typer.Option(False, "--unsafe", help="Also replace a DOI that belongs to another work with the validated DOI of the cited one."),
    select: Optional[List[str]] = typer.Option(None, metavar="RULES", help="Only these rules: codes, prefixes (CC2) or names; comma-separated."),
    ignore: Optional[List[str]] = typer.Option(None, metavar="RULES", help="Skip these rules: codes, prefixes or names; comma-separated."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="LEVEL", help="Lowest severity left that makes the exit code 1: error, warning, info or never (default error)."),
    mailto: Optional[str] = typer.Option(None, metavar="ADDRESS", help="Contact address for Crossref's polite pool (env CITECHECK_MAILTO)."),
    offline: bool = typer.Option(False, "--offline", help="Answer from the cache and snapshot only."),
    snapshot: Optional[Path] = typer.Option(None, metavar="INDEX", help="Local Crossref snapshot index to resolve from first (env CITECHECK_SNAPSHOT)."),
    cache_dir: Optional[Path] = typer.Option(None, metavar="DIR", help="Cache folder (env CITECHECK_CACHE_DIR)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    no_search: bool = typer.Option(False, "--no-search", help="Do not search Crossref for references without a DOI."),
    no_pubmed: bool = typer.Option(False, "--no-pubmed", help="Do not ask PubMed for study types."),
    input_format: Optional[str] = typer.Option(None, "--input-format", metavar="FORMAT", help="Input format: auto, text, markdown or html (default auto)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="PATH", help="Configuration file to use instead of the discovered one."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the diff (or, with --write, nothing but errors)."),
) -> None:
    from citecheck.errors import CitecheckError

    if "-" in files:
        _fail("fix edits files, not standard input; give the article's path")
    cli = {
        "mailto": mailto, "pubmed": False if no_pubmed else None, "cache_dir": cache_dir,
        "use_cache": False if no_cache else None, "offline": True if offline else None, "snapshot": snapshot,
        "fail_on": fail_on, "input_format": input_format, "select": _split(select), "ignore": _split(ignore),
        "search": False if no_search else None, "progress": False if quiet else None,
    }
    try:
        settings = _build_settings(files, cli, config)
        from citecheck.pipeline import fix_paths

        run = fix_paths(files, settings, unsafe=unsafe)
    except CitecheckError as error:
        _fail(str(error))
    from citecheck.fix import listing, unified_diff
    from citecheck.fix.write import write_fixed

    out = sys.stdout if write else sys.stderr
    failed = False
    for file in run.report.unreadable:
        typer.echo(f"citecheck: error: {file.path}: {file.error}", err=True)
    if write:
        for fixed in run.files:
            if fixed.data is not None:
                problem = write_fixed(fixed.path, fixed.original, fixed.data)
                if problem:
                    failed = True
                    typer.echo(f"citecheck: error: {fixed.path}: not written: {problem}", err=True)
    else:
        for fixed in run.files:
            if fixed.data is not None:
                sys.stdout.write(unified_diff(fixed.path, fixed.before, fixed.after))
    if not quiet:
        for line in listing.lines(run, unsafe=unsafe, made=write):
            out.write(line + "\n")
        if not write:
            out.write(listing.DRY_RUN + "\n")
        out.write(listing.totals(run).closing() + "\n")
    code = run.remaining_report().exit_code(settings.fail_on)
    raise typer.Exit(int(ExitCode.USAGE) if failed else int(code))


@tools_app.command(cls=PlainCommand, help="Show the references and citations citecheck extracts from FILE (no network).")
def extract(
    files: List[str] = typer.Argument(..., metavar="FILE", help="Articles; `-` for stdin."),
    format: str = typer.Option("terminal", "--format", "-f", metavar="FORMAT", show_default=False,
                               help="terminal or json (default terminal)."),
    input_format: str = typer.Option("auto", "--input-format", metavar="FORMAT", show_default=False,
                                     help="Input format: auto, text, markdown or html (default auto: by extension)."),
) -> None:
    from citecheck.errors import CitecheckError
    from citecheck.model import InputFormat
    from citecheck.pipeline import extract as run_extract
    from citecheck.pipeline import read
    from citecheck.report import write_extraction
    from citecheck.settings import Settings

    chosen = _choice("--format", format, ("terminal", "json"))
    source = InputFormat(_choice("--input-format", input_format, tuple(f.value for f in InputFormat)))
    settings = Settings(input_format=source)
    try:
        extractions = [run_extract(read(path, settings)) for path in files]
    except CitecheckError as error:
        _fail(str(error))
    write_extraction(extractions, chosen, sys.stdout, color=_color())


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    """`value` if it is one of `allowed` (any case); otherwise a usage error naming them."""
    from citecheck.usage import did_you_mean

    normal = value.strip().lower()
    if normal in allowed:
        return normal
    close = did_you_mean(normal, allowed)
    _fail(f"{option} {value} is not one of {', '.join(allowed)}" + (f" (did you mean {close}?)" if close else ""))


@tools_app.command(cls=PlainCommand, help="List every rule with its code, name, severity and summary.")
def rules() -> None:
    from citecheck.checks.registry import all_rules
    from citecheck.report.rules import format_rules_list

    from citecheck.report.wrap import terminal_width

    typer.echo(format_rules_list(all_rules(), terminal_width()), nl=False)


@tools_app.command(cls=PlainCommand, help="Explain one rule: what it checks, why, an example that fails and one that passes, the fix.")
def rule(key: str = typer.Argument(..., metavar="CODE", help="A rule code (CC401) or name (animal-study-for-human-claim).")) -> None:
    from citecheck.checks.registry import rule_by_key
    from citecheck.report.rules import format_rule

    found = rule_by_key(key)
    if found is None:
        from citecheck.checks.registry import all_rules
        from citecheck.usage import did_you_mean

        names = [name for each in all_rules() for name in (each.code, each.name)]
        close = did_you_mean(key.upper() if key[:2].lower() == "cc" else key.lower(), names, cutoff=0.8)
        _fail(f"no rule {key!r}" + (f" (did you mean {close}?)" if close else "") + "; `citecheck rules` lists them")
    from citecheck.report.wrap import terminal_width

    typer.echo(format_rule(found, terminal_width()), nl=False)


@tools_app.command(name="config", cls=PlainCommand, help="Print the configuration in effect for FILE (or the current folder) and where each value came from.")
def show_config(
    files: List[str] = typer.Argument(None, metavar="FILE", help="Articles or folders whose configuration to show (default: the current folder)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="PATH", help="Configuration file to use instead of the discovered one."),
) -> None:
    from citecheck.config import describe
    from citecheck.errors import CitecheckError

    try:
        settings = _build_settings(files or ["."], {}, config)
    except CitecheckError as error:
        _fail(str(error))
    from citecheck.report.wrap import terminal_width

    for line in _config_lines(describe(settings), terminal_width()):
        typer.echo(line)


def _config_lines(rows, columns: int) -> list[str]:
    """`key  value  (origin)` in columns; a row too wide for the terminal moves its origin, then its
    value, to lines of their own, so that a value (a URL, a path) is never cut."""
    width = max(len(key) for key, _, _ in rows)
    lines: list[str] = []
    for key, value, origin in rows:
        value, origin = str(value), f"({origin})"
        line = f"{key.ljust(width)}  {value}  {origin}"
        if len(line) <= columns:
            lines.append(line)
        elif width + 2 + len(value) <= columns:
            lines += [f"{key.ljust(width)}  {value}", " " * (width + 2) + origin]
        elif 4 + len(value) + 2 + len(origin) <= columns:
            lines += [key, f"    {value}  {origin}"]
        else:
            lines += [key, f"    {value}", f"    {origin}"]
    return lines


def _cache_settings(cache_dir: Optional[Path]):
    from citecheck.settings import Settings, from_environment

    settings = from_environment(Settings())
    return settings.with_values("command line", cache_dir=cache_dir)


@cache_app.command("info", cls=PlainCommand, help="Where the cache is, how many answers it holds, its size and age.")
def cache_info(cache_dir: Optional[Path] = typer.Option(None, metavar="DIR", help="Cache folder (env CITECHECK_CACHE_DIR).")) -> None:
    from citecheck.sources.cache import cache_info as info

    from citecheck.report.wrap import terminal_width, wrap

    for line in info(_cache_settings(cache_dir)).describe().splitlines():
        typer.echo("\n".join(wrap(line, terminal_width(), hang=" " * 10)))


@cache_app.command("clear", cls=PlainCommand, help="Delete every cached answer.")
def cache_clear(cache_dir: Optional[Path] = typer.Option(None, metavar="DIR", help="Cache folder (env CITECHECK_CACHE_DIR).")) -> None:
    from citecheck.sources.cache import clear_cache

    settings = _cache_settings(cache_dir)
    removed = clear_cache(settings)
    typer.echo(f"removed {removed} cached answers from {settings.resolved_cache_dir}")


@snapshot_app.command("build", cls=PlainCommand, help="Ingest Crossref records (.jsonl[.gz], .json[.gz] {items}, /works bodies) into an index. "
                      "Exit 0 when every record was read, 1 when some lines or files were skipped (listed), 2 on a usage error.")
def snapshot_build(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="Files or folders of Crossref records."),
    output: Path = typer.Option(..., "--output", "-o", metavar="INDEX", help="The index to create or update: a file, or a folder of shards with --shards or --dask."),
    workers: Optional[str] = typer.Option(None, "--workers", metavar="N", show_default=False,
                                          help="Processes of this machine that parse the inputs or build the shards (default 1)."),
    shards: Optional[str] = typer.Option(None, "--shards", metavar="N", help="Build a folder of N shards (runs of consecutive inputs) with a manifest; default with --dask: one per worker."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="SCHEDULER", help="Build the shards on a Dask cluster: local, local:N or a scheduler address (needs citecheck[dask])."),
    profile: Optional[str] = typer.Option(None, "--profile", metavar="PROFILE", help="full (every field, the default) or lean (only what the checks read; about a quarter of the size)."),
    drop_field: Optional[List[str]] = typer.Option(None, "--drop-field", metavar="FIELD", help="Record field not to store (e.g. reference); repeatable."),
) -> None:
    from citecheck.errors import CitecheckError
    from citecheck.snapshot.build import build_snapshot, format_build_result, print_shard

    for option, value, what in (("--workers", workers, "processes"), ("--shards", shards, "shards")):
        if value is not None and (not value.strip().isdigit() or int(value) < 1):
            _fail(f"{option} {value} is not a number of {what}; use a whole number such as 1 or 4")
    if workers is not None and dask is not None:
        _fail("--workers builds on this machine, --dask on a cluster: give one of them")
    if profile is not None and profile not in ("full", "lean"):
        _fail(f"--profile {profile} is not one of full, lean")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}; check the path")
    try:
        result = build_snapshot(
            paths, output, workers=int(workers or 1), drop_fields=drop_field or None, profile=profile,
            shards=int(shards) if shards else None, dask=dask, on_shard=print_shard,
        )
    except CitecheckError as error:
        _fail(str(error))
    typer.echo(format_build_result(result))
    # Bad lines or files were skipped and listed above; the rest is built. Exit 1 says so to scripts.
    raise typer.Exit(1 if result.problem_count else 0)


@snapshot_app.command("info", cls=PlainCommand, help="Counts, date range and size of a snapshot index.")
def snapshot_info(index: Path = typer.Argument(..., metavar="INDEX", help="The snapshot index (a file, or a folder of shards).")) -> None:
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
        code = run_app(app, args)
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
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
