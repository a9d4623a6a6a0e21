"""Report formats: one module per `--format`, all behind `render(report, settings)`."""

from __future__ import annotations

import importlib
import io
from typing import TYPE_CHECKING, Sequence, TextIO

from citecheck.model import OutputFormat

if TYPE_CHECKING:  # pragma: no cover
    from citecheck.model import Extraction, Report
    from citecheck.settings import Settings

# The closed set: every OutputFormat has exactly one module, and every module
# has `write(report, out, *, color=None)`. Imported on use, so that a run pays
# for rich only when it prints to a terminal.
_MODULES = {
    OutputFormat.TERMINAL: "citecheck.report.terminal",
    OutputFormat.JSON: "citecheck.report.json_report",
    OutputFormat.CONCISE: "citecheck.report.concise",
    OutputFormat.GITHUB: "citecheck.report.github",
    OutputFormat.SARIF: "citecheck.report.sarif",
    OutputFormat.MARKDOWN: "citecheck.report.markdown",
}
# `citecheck extract` shows what was read; only these two formats make sense for it.
_EXTRACTION_MODULES = {
    OutputFormat.TERMINAL: "citecheck.report.terminal",
    OutputFormat.JSON: "citecheck.report.json_report",
}


def write(report: Report, fmt: OutputFormat | str, out: TextIO, *, color: bool | None = None) -> None:
    """Write `report` to `out` in format `fmt`; `color=None`: colour only on a terminal without NO_COLOR."""
    module = importlib.import_module(_MODULES[OutputFormat(fmt)])
    module.write(report, out, color=color)


def write_extraction(
    extractions: Sequence[Extraction], fmt: OutputFormat | str, out: TextIO, *, color: bool | None = None
) -> None:
    """Write what `citecheck extract` found (terminal tables or JSON); other formats raise ConfigError."""
    fmt = OutputFormat(fmt)
    if fmt not in _EXTRACTION_MODULES:
        from citecheck.errors import ConfigError

        raise ConfigError(f"`citecheck extract` prints terminal or json, not {fmt.value}")
    module = importlib.import_module(_EXTRACTION_MODULES[fmt])
    module.write_extraction(extractions, out, color=color)


def render(report: Report, settings: Settings, *, color: bool | None = False) -> str:
    """The report as a string in `settings.format` (no colour unless asked)."""
    buffer = io.StringIO()
    write(report, settings.format, buffer, color=color)
    return buffer.getvalue()


def write_hints(hints: Sequence[str], err: TextIO) -> None:
    """The end-of-run hints, one `hint: ...` line each, for stderr."""
    from citecheck.report.text import one_line

    for hint in hints:
        err.write(f"hint: {one_line(hint)}\n")


__all__ = ["write", "write_extraction", "render", "write_hints"]
