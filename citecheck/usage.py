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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def usage_error_line(error: Exception) -> str:
    """The message of a usage error raised by the command-line parser, on one line."""
    message = _one_line(error.format_message())  # type: ignore[attr-defined]
    message = message.replace("Value error, ", "")
    context = getattr(error, "ctx", None)
    command = getattr(context, "command_path", None) or PROGRAM
    return f"{message}; `{command} --help` lists the options"


def run(app: typer.Typer, args: list[str]) -> int:
    """Run a typer app; a usage error becomes one line on stderr and exit code 2."""
    try:
        result = app(args=args, prog_name=PROGRAM, standalone_mode=False)
    except typer.TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `citecheck cache`: the help itself
            sys.stderr.write(error.format_message().rstrip("\n") + "\n")
        else:
            sys.stderr.write(f"{PROGRAM}: error: {usage_error_line(error)}\n")
        return USAGE_EXIT
    except typer.Abort:  # pragma: no cover - interactive only
        sys.stderr.write(f"{PROGRAM}: aborted\n")
        return 1
    return result if isinstance(result, int) else 0
