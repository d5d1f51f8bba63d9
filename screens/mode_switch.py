"""Switching between the app's modes (one screen each) without the waits Textual adds.

Textual holds every frame for 50 ms on a mode switch, to hide a screen still being
built. Here:
- a screen shown before is whole already: coming back to it is drawn on the next frame;
- a new one is held until it is built (its `on_mount` says so through
  `screen_mounted`), not for a fixed time: a big screen's first layout was drawn unseen
  inside the 50 ms, then again after them; the hold never outlasts `HOLD_LIMIT`;
- while the user reads, the screens not yet shown are built out of view, one at a time
  (`prepare_next_screen`): a first visit is then drawn like a return. Building one takes
  70–170 ms at region scale, a return 10–20 ms.

This leans on Textual internals (`_begin_batch`/`_end_batch`, `_screen_stacks`,
`_init_mode`), checked by tests/test_screen_switch_work.py and
tests/test_screen_prepare.py on every Textual upgrade.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import suppress

from textual import events
from textual.app import App, ReturnType
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widget import AwaitMount, Widget

# A first visit's frames are held until its screen is built, and never longer than this.
HOLD_LIMIT = 1.0


class ModeSwitchingApp(App[ReturnType]):
    def __init__(self) -> None:
        super().__init__()
        # While switch_mode runs: "new" (a first visit), "return", or "textual" (left
        # to Textual: the mode shown already, or one it does not know).
        self._switch_kind: str | None = None
        self._showing: set[asyncio.Task[None]] = set()
        self._holding_new_screen = False  # frames held until a new mode's screen is built
        # Modes built out of view whose screens may still be mounting.
        self._prepared: dict[str, AwaitMount] = {}

    def switch_mode(self, mode: str) -> AwaitMount:
        kind = "return" if mode in self._screen_stacks else "new"
        building = self._prepared.pop(mode, None)
        if building is not None and not getattr(self._screen_stacks[mode][0], "drawn", True):
            kind = "new"  # built out of view, and not finished yet: held like a new one
        if mode == self.current_mode or mode not in self._modes:
            kind = "textual"  # nothing to show, or Textual's own refusal
        self._switch_kind = kind
        try:
            mounted = super().switch_mode(mode)
        finally:
            self._switch_kind = None
        if kind == "new":  # in case the screen never says it is mounted
            self._show_when_built(building or mounted)
        return mounted

    def delay_update(self, delay: float = 0.05) -> None:
        if self._switch_kind == "return":
            return
        if self._switch_kind == "new":
            if not self._holding_new_screen:
                self._holding_new_screen = True
                self._begin_batch()
            return
        super().delay_update(delay)

    def screen_mounted(self, screen: Screen[object] | None = None) -> None:
        """A screen is built and laid out (BranchScreen.on_mount): show it, if it is the
        one in view (one built out of view says so too)."""
        if screen is not None and screen is not self.screen:
            return
        if self._holding_new_screen:
            self._holding_new_screen = False
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()

    def _show_when_built(self, mounted: AwaitMount) -> None:
        task = asyncio.get_running_loop().create_task(self._show_when_mounted(mounted))
        self._showing.add(task)
        task.add_done_callback(self._showing.discard)

    async def _show_when_mounted(self, mounted: AwaitMount) -> None:
        async def built() -> None:
            await mounted

        # The screen's own errors are Textual's to report: here the hold only ends,
        # and never later than the limit.
        try:
            with suppress(Exception):
                await asyncio.wait_for(built(), timeout=HOLD_LIMIT)
        finally:
            self.screen_mounted()

    def prepare_next_screen(self, modes: Iterable[str]) -> str | None:
        """One step of building the screens of `modes` out of view; returns the mode it
        worked on. A screen takes two steps: built (made, mounted, its data read, laid
        out at the terminal's size), then, once built and its workers' results in,
        drawn into nothing, so that each widget keeps the lines it drew and the visit
        draws from them, as a return does. The caller picks the moment (the user quiet,
        nothing held): a key pressed meanwhile waits for one step at most."""
        if self._holding_new_screen or not self.screen_stack:
            return None
        for mode, screen in self._built_unseen():
            screen._refresh_layout(self.size)  # what its data changed since it was built
            screen._compositor.render_full_update()
            del self._prepared[mode]
            return mode
        mode = next((m for m in modes if m in self._modes and m not in self._screen_stacks),
                    None)
        if mode is None:
            return None
        # Textual's own first step of a switch: make the screen, mount it, lay it out.
        self._prepared[mode] = self._init_mode(mode)
        # As if shown and left at once: its timers pause, and a screen that redraws
        # when anything was written while away takes the store's token now.
        self._screen_stacks[mode][0].post_message(events.ScreenSuspend())
        return mode

    def all_prepared(self, modes: Iterable[str]) -> bool:
        """Each of `modes` has been shown, or built and drawn out of view."""
        return not self._prepared and all(mode in self._screen_stacks for mode in modes)

    def _built_unseen(self) -> Iterator[tuple[str, Screen[object]]]:
        for mode in list(self._prepared):
            screen = self._screen_stacks[mode][0]
            if getattr(screen, "drawn", True) and not self._reading(screen):
                yield mode, screen

    def _reading(self, screen: Screen[object]) -> bool:
        """A worker of the screen (or of a widget on it) is still at work."""
        for worker in self.workers:
            if worker.is_running and isinstance(worker.node, Widget):
                with suppress(NoScreen):  # a widget taken off its screen meanwhile
                    if worker.node.screen is screen:
                        return True
        return False
