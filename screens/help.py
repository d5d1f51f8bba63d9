"""The keys help (`?`): every key of the app and of the screen in view."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from branchdash.i18n import t

from .widgets.translated import translate_bindings


class KeysHelp(ModalScreen[None]):
    DEFAULT_CSS = """
    KeysHelp {
        align: center middle;
    }
    KeysHelp > VerticalScroll {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    KeysHelp #keys-table {
        width: 100%;
    }
    """
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss_help", "@help.close", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """`rows`: (group, key as shown, what it does)."""
        super().__init__()
        translate_bindings(self)
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        group = None
        for row_group, key, description in self.rows:
            if row_group != group:
                if group is not None:
                    table.add_row("", "")
                table.add_row(Text(row_group, style="bold underline"), "")
                group = row_group
            table.add_row(key, description)
        table.add_row("", "")
        table.add_row("", Text(t("help.close_hint"), style="dim"))
        with VerticalScroll():
            yield Static(table, id="keys-table")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
