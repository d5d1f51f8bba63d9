"""Errors the user can fix, shared by the CLI and its subcommands."""

from __future__ import annotations


class UsageError(Exception):
    """A flag, argument or setting the user can correct; the message says how."""
