"""The header: branch name and screen on the left, date (with weekday) and time on the right."""

from __future__ import annotations

from pendulum import DateTime
from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from branchdash.i18n import format_date


class BranchHeader(Horizontal):
    DEFAULT_CSS = """
    BranchHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    BranchHeader #header-title {
        width: 1fr;
        padding: 0 1;
        text-style: bold;
    }
    BranchHeader #header-clock {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self, branch_name: str, screen_title: str) -> None:
        super().__init__()
        self.branch_name = branch_name
        self.screen_title = screen_title
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Static(f"{self.branch_name} · {self.screen_title}", id="header-title",
                     markup=False)
        yield Static("", id="header-clock", markup=False)

    def show_time(self, now: DateTime) -> None:
        text = f"{format_date(now.date())}  {now.format('HH:mm:ss')}"
        if text != self._shown:  # a second's tick redraws one short line only
            # A relayout of the whole screen only when the clock's width changes (a new
            # day's date): every second it would cost more than all the rest of idling.
            resized = cell_len(text) != cell_len(self._shown)
            self._shown = text
            self.query_one("#header-clock", Static).update(text, layout=resized)
