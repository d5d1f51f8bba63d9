"""The notes editor: a TextArea that completes owner names after "@" from the roster.

The completion shows as a ghost suggestion after the cursor; Tab (or →) takes
it. Escape leaves the editor for the side list, so number keys switch screens.

The cursor blinks while the manager types and for about ten seconds after (GTK's
cursor-blink-timeout), then stays lit: a screen left open on the meeting all day
would otherwise repaint twice a second for nobody.

The roster (a region's 9,000 names, ~40 ms to read) is read in a thread once
the screen is shown (`expect_roster`); an "@" typed before it arrives reads it
at once instead.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.timer import Timer
from textual.widgets import TextArea

from branchdash.notes import complete_owner, owner_prefix

BLINK_SECONDS = 10.0


class NotesEditor(TextArea):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, soft_wrap=True, tab_behavior="focus",
                         show_line_numbers=False, compact=False)
        self._roster: list[str] | None = []
        self._roster_source: Callable[[], list[str]] | None = None
        self._keys = 0  # keys typed: the blink stops after a quiet spell
        self._keys_when_armed = 0
        self._blink_check: Timer | None = None

    @property
    def roster(self) -> list[str]:
        """The names owners are completed from."""
        if self._roster is None:  # still on its way from the thread: read it now
            self._roster = self._roster_source() if self._roster_source is not None else []
        return self._roster

    @roster.setter
    def roster(self, names: list[str]) -> None:
        self._roster = names

    def expect_roster(self, source: Callable[[], list[str]]) -> None:
        """The roster is being read elsewhere; `source` reads it if asked for first."""
        self._roster = None
        self._roster_source = source

    def candidates(self) -> list[str]:
        row, column = self.cursor_location
        line = self.document.get_line(row)
        prefix = owner_prefix(line, column)
        if prefix is None or not self.roster:
            return []
        return complete_owner(prefix, self.roster)

    def update_suggestion(self) -> None:
        row, column = self.cursor_location
        prefix = owner_prefix(self.document.get_line(row), column)
        names = self.candidates()
        if prefix is not None and names and names[0].startswith(prefix) and names[0] != prefix:
            self.suggestion = names[0][len(prefix):]
        else:
            self.suggestion = ""

    def _keep_blinking(self) -> None:
        self._keys += 1
        if self._blink_check is None:
            self.cursor_blink = True
            self._arm_blink_check()

    def _arm_blink_check(self) -> None:
        self._keys_when_armed = self._keys
        self._blink_check = self.set_timer(BLINK_SECONDS, self._quiet_or_not)

    def _quiet_or_not(self) -> None:
        if self._keys != self._keys_when_armed:
            self._arm_blink_check()  # typed meanwhile: look again later
        else:
            self._blink_check = None
            self.cursor_blink = False  # a steady cursor, still shown

    def on_focus(self) -> None:
        self._keep_blinking()

    async def _on_key(self, event: events.Key) -> None:
        self._keep_blinking()
        if event.key == "tab" and self.suggestion:
            event.stop()
            event.prevent_default()
            self.insert(self.suggestion + " ")
            return
        if event.key == "escape":
            event.stop()
            event.prevent_default()
            self.screen.focus_next()
            return
        await super()._on_key(event)
