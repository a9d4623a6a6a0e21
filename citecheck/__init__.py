"""citecheck: find the wrong citations in an article before you publish it.

The library face: `check_text()` and `check_file()` run the whole pipeline
(extract, resolve, check) and return a `Report`; the CLI is a thin layer on top.
Heavy modules are imported lazily so that `citecheck --version` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/citecheck/citecheck"

if TYPE_CHECKING:  # pragma: no cover
    from citecheck.model import Finding, Report

__all__ = ["__version__", "check_text", "check_file", "Report", "Finding"]


def __getattr__(name: str) -> Any:
    if name in {"check_text", "check_file"}:
        from citecheck import pipeline

        return getattr(pipeline, name)
    if name in {"Report", "Finding"}:
        from citecheck import model

        return getattr(model, name)
    raise AttributeError(name)
