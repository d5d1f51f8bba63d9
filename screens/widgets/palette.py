"""A screen's actions in the command palette.

Every screen lists its actions as entries (name, help, callback); this module
turns such a list into a Textual command provider, so that discovery, fuzzy
matching and highlighting are written once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from branchdash.i18n import t

# (what the palette shows, the help line under it, what choosing it does)
Entry = tuple[str, str, Callable[[], object]]


def screen_commands(entries: Callable[[Screen], Iterable[Entry]], *,
                    discover: bool = True) -> type[Provider]:
    """A provider over `entries(screen)`; `discover` lists them in the empty palette."""

    class ScreenCommands(Provider):
        async def discover(self) -> Hits:
            if not discover:
                return
            for name, help_text, callback in entries(self.screen):
                yield DiscoveryHit(name, callback, help=help_text)

        async def search(self, query: str) -> Hits:
            matcher = self.matcher(query)
            for name, help_text, callback in entries(self.screen):
                score = matcher.match(name)
                if score > 0:
                    yield Hit(score, matcher.highlight(name), callback, help=help_text)

    return ScreenCommands


def binding_entries(screen: Screen, title_key: str) -> Iterable[Entry]:
    """The screen's footer keys as entries, named "<screen>: <key's description>"."""
    for _key, binding in screen._bindings:
        if binding.description and binding.show:
            yield (f"{t(title_key)}: {binding.description}", binding.tooltip,
                   partial(screen.run_action, binding.action))
