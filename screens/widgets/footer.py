"""The footer of every screen: the keys that work here, built cheaply.

Textual's footer throws its keys away and makes them anew each time the screen says
its bindings changed: on every focus move, on every mount of a widget with keys, and
several times while a screen is first built. Each key is then styled three times (on
mount, and twice more as its "compact" setting is bound to the footer's). With twenty
keys a rebuild cost 30–60 ms, several times per screen switch. This footer rebuilds
only when what it shows differs, and makes keys that are styled once.

It is always compact: at 80 columns more keys fit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# What the footer shows for one key: key, text, action, enabled, tooltip.
KeyFace = tuple[str, str, str, bool, str]


class CompactKey(FooterKey):
    """A footer key that is compact from birth, not made so after mounting."""

    compact = reactive(True, init=False)


class BranchFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: tuple[KeyFace, ...] | None = None
        self._rebuild_pending = False

    def _shown_bindings(self, screen: Screen[object]) -> list[tuple[Binding, bool, str]]:
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in shown:  # one key per action
                shown[binding.action] = (binding, enabled, tooltip)
        return list(shown.values())

    @staticmethod
    def _faces(shown: list[tuple[Binding, bool, str]]) -> tuple[KeyFace, ...]:
        return tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                     for binding, enabled, tooltip in shown)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        screen = self.screen
        shown = self._shown_bindings(screen)
        self._shown = self._faces(shown)
        for binding, enabled, tooltip in shown:
            yield self._key(binding, enabled, tooltip)
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            _node, binding, enabled, _tooltip = palette
            yield self._key(binding, enabled, binding.tooltip or binding.description,
                            "-command-palette")

    def _key(self, binding: Binding, enabled: bool, tooltip: str,
             classes: str = "") -> CompactKey:
        return CompactKey(binding.key, self.app.get_key_display(binding), binding.description,
                          binding.action, disabled=not enabled, tooltip=tooltip,
                          classes=f"-compact {classes}".strip())

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Screens report changes in bursts (focus leaves, then arrives): look once the
        # burst is over, and only on the screen in view.
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached or not self.screen.is_current:
            return  # a hidden screen's footer is brought up to date when shown
        if self._faces(self._shown_bindings(self.screen)) != self._shown:
            await self.recompose()
