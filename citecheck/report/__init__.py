"""Report formats: one module per `--format`, all behind `write` and `render`."""

from __future__ import annotations

import importlib
import io
from typing import TYPE_CHECKING, Sequence, TextIO

from citecheck.model import OutputFormat

from citecheck.report.options import DEFAULT, ReportOptions, shown

if TYPE_CHECKING:  # pragma: no cover
    from citecheck.model import Extraction, Report
    from citecheck.settings import Settings

# The closed set: every OutputFormat has exactly one module, and every module
# has `write(report, out, *, color=None, options=DEFAULT)`. Imported on use, so
# that a run pays for rich only when it prints to a terminal.
_MODULES = {
    OutputFormat.TERMINAL: "citecheck.report.terminal",
    OutputFormat.JSON: "citecheck.report.json_report",
    OutputFormat.CONCISE: "citecheck.report.concise",
    OutputFormat.GITHUB: "citecheck.report.github",
    OutputFormat.SARIF: "citecheck.report.sarif",
    OutputFormat.MARKDOWN: "citecheck.report.markdown",
    OutputFormat.HTML: "citecheck.report.html",
}
# `citecheck extract` shows what was read; only these two formats make sense for it.
_EXTRACTION_MODULES = {
    OutputFormat.TERMINAL: "citecheck.report.terminal",
    OutputFormat.JSON: "citecheck.report.json_report",
}


def write(
    report: Report,
    fmt: OutputFormat | str,
    out: TextIO,
    *,
    color: bool | None = None,
    options: ReportOptions = DEFAULT,
) -> None:
    """Write `report` to `out` in format `fmt`; `color=None`: colour only on a terminal without NO_COLOR.

    Findings below `options.min_severity` are left out of every format (and
    counted where the format has a summary).
    """
    module = importlib.import_module(_MODULES[OutputFormat(fmt)])
    report, options = shown(report, options)
    module.write(report, out, color=color, options=options)


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


def write_hints(hints: Sequence[str], err: TextIO, width: int | None = None) -> None:
    """The end-of-run hints for stderr: `hint: ...`, wrapped at spaces to the terminal's width."""
    from citecheck.report.text import one_line
    from citecheck.report.wrap import fill, terminal_width

    width = width or terminal_width(err)
    for hint in hints:
        err.write(fill(f"hint: {one_line(hint)}", width, hang="      ") + "\n")


__all__ = ["write", "write_extraction", "render", "write_hints", "ReportOptions"]
