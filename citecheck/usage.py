"""How the command line speaks: plain usage lines, one-line errors, did-you-mean.

Typer's own help shows Python types (`FILE... <list[str]>`) and doubles the
brackets of optional arguments (`[[FILE...]]...`); its errors span several
lines and quote its internals (`Value error, 'jsn' is not one of ...`).
`PlainCommand` and `PlainGroup` print usage and help with the names a user
types, and `run` turns every usage error into one `citecheck: error: ...` line
with exit code 2.
"""

from __future__ import annotations

import difflib
import sys
from typing import Any, Iterable, Sequence

import typer
from typer.core import TyperCommand, TyperGroup

PROGRAM = "citecheck"
USAGE_EXIT = 2


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest of `choices` to a mistyped `word`, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def close_matches(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """Every one of `choices` close to `word`, closest first (at most three)."""
    return difflib.get_close_matches(word, list(choices), n=3, cutoff=cutoff)


def _argument_name(param: Any) -> str:
    name = (param.metavar or param.name or "ARG").upper()
    return name if param.nargs == 1 or name.endswith("...") else name + "..."


def _argument_record(param: Any) -> tuple[str, str]:
    help_text = getattr(param, "help", None) or ""
    if param.required:
        help_text = f"{help_text}  [required]" if help_text else "[required]"
    return _argument_name(param), help_text


class _PlainHelp:
    """Usage pieces and help records without Python types or doubled brackets."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if getattr(param, "hidden", False):
                continue
            if param.param_type_name == "argument":
                arguments.append(_argument_record(param))
            else:
                record = param.get_help_record(ctx)
                if record is not None:
                    options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)
        commands = getattr(self, "format_commands", None)
        if commands is not None:
            commands(ctx, formatter)


class PlainCommand(_PlainHelp, TyperCommand):
    """A command whose help shows what the user types, not Python types."""


class PlainGroup(_PlainHelp, TyperGroup):
    """A group of commands with the same plain help, and did-you-mean for a mistyped command."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return super().collect_usage_pieces(ctx) + [self.subcommand_metavar]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """`citecheck cache clr`: name the command meant, as `citecheck cache clear`."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = close_matches(name, self.list_commands(ctx))
            meant = " or ".join(f"`{ctx.command_path} {each}`" for each in close)
            try:
                ctx.fail(f"{ctx.command_path} has no command {name}" + (f" (did you mean {meant}?)" if meant else ""))
            except Exception as error:
                error.no_such_command = True  # type: ignore[attr-defined]
                raise
        return super().resolve_command(ctx, args)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _unquote(text: str) -> str:
    return text.strip().strip("'\"")


def _plain_message(error: Exception, command: str) -> str:
    """What went wrong, in the words a user types: the option or argument and the value, no parser jargon."""
    kind = type(error).__name__
    message = _one_line(error.format_message()).replace("Value error, ", "")  # type: ignore[attr-defined]
    if kind == "MissingParameter":
        param = getattr(error, "param", None)
        if param is not None and param.param_type_name == "argument":
            return f"{command} needs {_argument_name(param).removesuffix('...')}"
        if param is not None:
            return f"{command} needs {' / '.join(sorted(param.opts, key=len, reverse=True))}"
    if kind == "NoSuchOption":
        option = getattr(error, "option_name", "")
        known = {each.lstrip("-"): each for each in getattr(error, "possibilities", None) or ()}
        close = did_you_mean(option.lstrip("-"), known)
        return f"{command} has no option {option}" + (f" (did you mean {known[close]}?)" if close else "")
    if kind == "BadOptionUsage":
        option = getattr(error, "option_name", "")
        if "requires an argument" in message:
            return f"{option} needs a value"
        if "does not take a value" in message:
            return f"{option} takes no value"
    if kind == "BadParameter":
        hint = _unquote(getattr(error, "param_hint", "") or "") if isinstance(getattr(error, "param_hint", ""), str) else ""
        if hint:
            return f"{hint}: {message.split(': ', 1)[-1].rstrip('.')}"
    if message.startswith("Got unexpected extra argument"):
        extra = message[message.rfind("(") + 1:message.rfind(")")] if "(" in message else ""
        return f"{command}: unexpected argument{'s' if ' ' in extra else ''} {extra}"
    return message.rstrip(".")


def _command_path(app: typer.Typer, error: Exception, args: list[str]) -> str:
    """`citecheck cache info`: the command the error is about, from its context or else from the words typed."""
    context = getattr(error, "ctx", None)
    if getattr(context, "command_path", None):
        return context.command_path  # type: ignore[union-attr]
    path, command = [PROGRAM], typer.main.get_command(app)
    for word in args:
        commands = getattr(command, "commands", None)
        if not commands or word not in commands:
            break
        path.append(word)
        command = commands[word]
    return " ".join(path)


def usage_error_line(error: Exception, app: typer.Typer | None = None, args: Sequence[str] = ()) -> str:
    """The message of a usage error raised by the command-line parser, on one line."""
    command = _command_path(app, error, list(args)) if app is not None else (
        getattr(getattr(error, "ctx", None), "command_path", None) or PROGRAM)
    return f"{_plain_message(error, command)}; `{command} --help` lists {_what_help_lists(error)}"


def _what_help_lists(error: Exception) -> str:
    return "the commands" if getattr(error, "no_such_command", False) else "the options"


def run(app: typer.Typer, args: list[str]) -> int:
    """Run a typer app; a usage error becomes one line on stderr and exit code 2."""
    try:
        result = app(args=args, prog_name=PROGRAM, standalone_mode=False)
    except typer.TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `citecheck cache`: the help itself
            sys.stderr.write(error.format_message().rstrip("\n") + "\n")
        else:
            sys.stderr.write(f"{PROGRAM}: error: {usage_error_line(error, app, args)}\n")
        return USAGE_EXIT
    except typer.Abort:  # pragma: no cover - interactive only
        sys.stderr.write(f"{PROGRAM}: aborted\n")
        return 1
    return result if isinstance(result, int) else 0
