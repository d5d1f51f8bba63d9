"""The week at a glance: Monday to Sunday side by side; Enter opens the chosen day."""

from __future__ import annotations

from collections.abc import Callable

from pendulum import Date
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from branchdash.i18n import format_date, format_short_date, t, title
from branchdash.schedule import Day, week_of

from .translated import translate_bindings

STATUS_STYLE = {"done": "dim strike", "skipped": "dim italic"}


class WeekView(ModalScreen[Date | None]):
    """`load(date)` gives the week's days; dismisses with the day to open, or None."""

    DEFAULT_CSS = """
    WeekView { align: center middle; }
    WeekView > Vertical {
        width: 100%;
        height: 1fr;  /* 100% would cover the footer */
        background: $surface;
        padding: 0 1;
    }
    WeekView #week-title { text-style: bold; height: 1; }
    WeekView #week-grid { height: 1fr; }
    """
    READ_ONLY_ACTIONS = frozenset({"move", "go_today", "open_day"})  # browsing only
    BINDINGS = [
        Binding("left,h", "move(-1)", "@today.week.previous_day", id="week.left"),
        Binding("right,l", "move(1)", "@today.week.next_day", id="week.right"),
        Binding("p", "move(-7)", "@today.week.previous_week", id="week.previous"),
        Binding("n", "move(7)", "@today.week.next_week", id="week.next"),
        Binding("t", "go_today", "@today.key.today", id="week.today"),
        Binding("enter", "open_day", "@today.week.open", id="week.open"),
        Binding("escape,w", "close", "@today.form.close", id="week.close"),
    ]

    def __init__(self, selected: Date, today: Date, load: Callable[[Date], list[Day]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.selected = selected
        self.today = today
        self.load = load
        self._days: list[Day] = []
        self._monday: Date | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="week-title", markup=False)
            with VerticalScroll(id="week-grid"):
                yield Static("", id="week-table")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    def draw(self) -> None:
        monday = week_of(self.selected)
        if monday != self._monday:
            self._days = self.load(monday)
            self._monday = monday
        sunday = monday.add(days=6)
        self.query_one("#week-title", Static).update(
            t("today.week.title", start=format_date(monday), end=format_short_date(sunday)))
        table = Table(expand=True, show_lines=False, padding=(0, 0), pad_edge=False,
                      box=None)
        for each in self._days:
            heading = Text(format_short_date(each.date), no_wrap=True, overflow="ellipsis")
            if each.date == self.today:
                heading.stylize("bold underline")
            if each.date == self.selected:
                heading.stylize("reverse")
            table.add_column(heading, ratio=1, no_wrap=False, overflow="fold")
        cells: list[Text] = []
        for each in self._days:
            cell = Text()
            if each.holiday:
                cell.append(each.holiday + "\n", style="bold red")
            if not each.blocks and not each.holiday:
                cell.append(t("today.week.empty"), style="dim italic")
            for block in each.blocks:
                style = STATUS_STYLE.get(block.status, "bold" if block.kind == "meeting" else "")
                cell.append(f"{block.start:%H:%M} ", style="dim")
                cell.append(title(block.title) + "\n", style=style)
            cells.append(cell)
        table.add_row(*cells)
        self.query_one("#week-table", Static).update(table)

    def action_move(self, days: int) -> None:
        self.selected = self.selected.add(days=days)
        self.draw()

    def action_go_today(self) -> None:
        self.selected = self.today
        self.draw()

    def action_open_day(self) -> None:
        self.dismiss(self.selected)

    def action_close(self) -> None:
        self.dismiss(None)
