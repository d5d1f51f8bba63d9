"""The notes editor: a TextArea that completes owner names after "@" from the roster.

The completion shows as a ghost suggestion after the cursor; Tab (or →) takes
it. Escape leaves the editor for the side list, so number keys switch screens.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from branchdash.notes import complete_owner, owner_prefix


class NotesEditor(TextArea):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, soft_wrap=True, tab_behavior="focus",
                         show_line_numbers=False, compact=False)
        self.roster: list[str] = []

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

    async def _on_key(self, event: events.Key) -> None:
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
