"""Errors that end a run with exit code 2: bad usage, unreadable input, bad configuration.

Each carries one line for the user saying what is wrong and what to do; the CLI
prints it on stderr without a traceback.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base for every error citecheck reports to the user as one line (exit 2)."""


class InputError(CitecheckError):
    """A file that cannot be read as an article (missing, binary, undecodable)."""


class ConfigError(CitecheckError):
    """A configuration file or option with an unknown key or a bad value."""


class SnapshotError(CitecheckError):
    """A snapshot index that is missing, corrupt or of the wrong shape."""
