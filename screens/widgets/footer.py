"""The footer of every screen: the keys that work here, drawn as one line of text.

Textual's footer is a row of widgets, one per key, thrown away and made anew each
time the screen says its bindings changed: on every focus move, on every mount of a
widget with keys, several times while a screen is first built. With twenty keys that
was half the widgets of a screen, each styled, mounted and drawn on its own (30-60 ms
a rebuild, and the larger part of a screen's first visit). This footer is one widget
that draws the keys as text, and redraws only when what it shows differs. A click on
a key presses it, as with Textual's.

It is always compact: at 80 columns more keys fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

# What the footer shows for one key: key, text, action, enabled.
KeyFace = tuple[str, str, str, bool]


@dataclass(frozen=True)
class KeySpot:
    """Where a key was drawn, for a click on it."""

    start: int
    end: int
    key: str
    enabled: bool


class BranchFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--separator"}
    DEFAULT_CSS = """
    BranchFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: clip;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[KeyFace, ...] = ()
        self._palette: KeyFace | None = None
        self._spots: list[KeySpot] = []
        self._look_pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    # --- what to show -------------------------------------------------------------------

    def _faces(self, screen: Screen[object]) -> tuple[tuple[KeyFace, ...], KeyFace | None]:
        shown: dict[str, KeyFace] = {}
        palette: KeyFace | None = None
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if key == palette_key:
                if self.app.ENABLE_COMMAND_PALETTE:
                    palette = self._face(binding, enabled)
            elif binding.show and binding.action not in shown:  # one key per action
                shown[binding.action] = self._face(binding, enabled)
        return tuple(shown.values()), palette

    def _face(self, binding: Binding, enabled: bool) -> KeyFace:
        return (binding.key, binding.description, self.app.get_key_display(binding), enabled)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Screens report changes in bursts (focus leaves, then arrives): look once the
        # burst is over, and only on the screen in view.
        if self._look_pending or not self.is_attached or screen is not self.screen:
            return
        self._look_pending = True
        self.call_after_refresh(self._look)

    def _look(self) -> None:
        self._look_pending = False
        if not self.is_attached or not self.screen.is_current:
            return  # a hidden screen's footer is brought up to date when shown
        keys, palette = self._faces(self.screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    # --- drawing ------------------------------------------------------------------------

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        width = self.size.width
        right = Text()
        if self._palette is not None:
            key, description, display, _enabled = self._palette
            right.append("▏", self.get_component_rich_style("footer--separator"))
            right.append(display, key_style)
            right.append(f" {description} ")
        line = Text(no_wrap=True, overflow="crop")
        spots: list[KeySpot] = []
        room = max(0, width - right.cell_len)
        for key, description, display, enabled in self._keys:
            face = Text.assemble((display, key_style), (f" {description}", description_style))
            if not enabled:
                face.stylize("dim")
            if line.cell_len + face.cell_len > room:
                break  # what does not fit is in `?` and the palette
            start = line.cell_len
            line.append_text(face)
            spots.append(KeySpot(start, line.cell_len, key, enabled))
            line.append(" ")
        if self._palette is not None:
            line.append(" " * max(0, width - line.cell_len - right.cell_len))
            start = line.cell_len
            line.append_text(right)
            spots.append(KeySpot(start, line.cell_len, self._palette[0], self._palette[3]))
        self._spots = spots
        return line

    def on_click(self, event: events.Click) -> None:
        spot = next((s for s in self._spots if s.start <= event.x < s.end), None)
        if spot is None:
            return
        if spot.enabled:
            self.app.simulate_key(spot.key)
        else:
            self.app.bell()

    def shown_keys(self) -> list[tuple[str, str]]:
        """(key, description) of the keys drawn, in order (for tests and tools)."""
        faces = {face[0]: face for face in (*self._keys, *((self._palette,) if self._palette
                                                        else ()))}
        return [(spot.key, faces[spot.key][1]) for spot in self._spots]
