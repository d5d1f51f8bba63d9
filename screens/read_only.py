"""The display mode's rule: which actions still work when the app is read-only.

The meeting-room screen (`branchdash serve`) and HQ looking at a branch show the
data and change nothing. Every screen, dialog or widget of ours names the actions
that are safe then in `READ_ONLY_ACTIONS` (moving around, browsing days, months and
tabs, searching, switching views); every other action of ours is disabled: hidden
from the footer and the keys help, refused when its key is pressed, left out of the
palette. Textual's own actions (moving a cursor, scrolling, focus) stay: they only
move around. The database refuses writes as well (`data.postgres.set_read_only`):
this rule keeps the keys from being offered, the store makes sure.
"""

from __future__ import annotations

from functools import cache, partial
from typing import ClassVar, TypeVar

from textual.command import CommandPalette, Hits, Provider
from textual.system_commands import SystemCommandsProvider

F = TypeVar("F")

# Closing a dialog never writes: always allowed, so no dialog can trap the viewer.
ALWAYS_ALLOWED = frozenset({"close", "dismiss", "dismiss_help", "cancel", "back_to_list"})


class ReadOnlyAware:
    """For documentation and typing: a node that declares its safe actions."""

    READ_ONLY_ACTIONS: ClassVar[frozenset[str]] = frozenset()


def _defined_by_textual(node: object, action: str) -> bool:
    for cls in type(node).__mro__:
        if f"action_{action}" in vars(cls):
            return cls.__module__.split(".", 1)[0] == "textual"
    return type(node).__module__.split(".", 1)[0] == "textual"


def _declared(node: object) -> frozenset[str] | None:
    cls = type(node)
    for klass in cls.__mro__:
        if "READ_ONLY_ACTIONS" in vars(klass) and klass.__name__ not in ("BranchScreen",
                                                                        "ReadOnlyAware"):
            return frozenset(vars(klass)["READ_ONLY_ACTIONS"])
    return getattr(node, "READ_ONLY_ACTIONS", None)


def allows(node: object, action: str) -> bool:
    """May `action` run on `node` while the app is read-only?"""
    if action in ALWAYS_ALLOWED:
        return True
    declared = _declared(node)
    if declared is not None and action in declared:
        return True
    return _defined_by_textual(node, action)


def allows_command(command: object) -> bool:
    """May a palette command run while read-only? Screen commands are
    `partial(node.run_action, "action(...)")`; any other callable of a screen's
    provider is left out unless its function is declared safe with `@read_only_safe`."""
    if isinstance(command, partial):
        func = command.func
        owner = getattr(func, "__self__", None)
        if getattr(func, "__name__", "") == "run_action" and command.args and owner is not None:
            name = str(command.args[0]).split("(", 1)[0]
            namespace, _, action = name.rpartition(".")
            if namespace == "app":
                owner = getattr(owner, "app", owner)
            return allows(owner, action)
        return bool(getattr(func, "read_only_safe", False))
    return bool(getattr(command, "read_only_safe", False))


def read_only_safe(func: F) -> F:
    """Mark a method a palette entry calls directly (not through an action) as
    safe to call in the display mode: it only changes what is shown."""
    func.read_only_safe = True  # type: ignore[attr-defined]
    return func


def read_only_palette(placeholder: str) -> CommandPalette:
    """The command palette of the display mode: the app's own commands (screens,
    help, language), and of the screen's only those `allows_command` lets through."""
    return _ReadOnlyPalette(placeholder=placeholder, id="--command-palette")


class _ReadOnlyPalette(CommandPalette):
    @property
    def _provider_classes(self) -> set[type[Provider]]:
        return {_filtered(provider) if isinstance(provider, type) and not _is_system(provider)
                else provider
                for provider in super()._provider_classes}


def _is_system(provider: object) -> bool:
    # The app's own commands (screens, help, language, quit): all safe to show.
    return isinstance(provider, type) and issubclass(provider, SystemCommandsProvider)


@cache
def _filtered(provider: type[Provider]) -> type[Provider]:
    """`provider` with the hits the display mode refuses left out."""

    class ReadOnly(provider):  # type: ignore[valid-type, misc]
        async def search(self, query: str) -> Hits:
            async for hit in super().search(query):
                if allows_command(hit.command):
                    yield hit

        async def discover(self) -> Hits:
            async for hit in super().discover():
                if allows_command(hit.command):
                    yield hit

    ReadOnly.__name__ = f"ReadOnly{provider.__name__}"
    return ReadOnly
