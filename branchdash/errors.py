"""Errors the user can fix, shared by the CLI and its subcommands."""

from __future__ import annotations


class UsageError(Exception):
    """A flag, argument or setting the user can correct; the message says how."""


class RefusedChange(ValueError):
    """A change a rule refuses. `key` names the catalog message (with `fields`), so the
    reason reaches the user in their language: `str()` is that message."""

    def __init__(self, key: str, **fields: object) -> None:
        from branchdash.i18n import t

        self.key = key
        self.fields = fields
        super().__init__(t(key, **fields))
