"""Today: the day's blocks on a timeline that follows the clock, and the day's agenda."""

from __future__ import annotations

from pendulum import Date, DateTime
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from branchdash.i18n import format_date, format_duration, format_won, t, title
from branchdash.overview import Overview, branch_overview
from branchdash.schedule import Block, day_blocks, position

from .base import BranchScreen
from .messages import DayChanged

STATUS_MARK = {"planned": " ", "done": "✓", "skipped": "–", "cancelled": "×"}


def _minutes_between(start: DateTime, end: DateTime) -> int:
    return int((end - start).total_seconds() // 60)


class TodayScreen(BranchScreen):
    TITLE_KEY = "mode.today"
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("p", "previous_day", "@today.key.previous_day", id="today.previous_day"),
        Binding("n", "next_day", "@today.key.next_day", id="today.next_day"),
        Binding("t", "go_today", "@today.key.today", id="today.today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_date: Date = self.now().date()

    def body(self) -> ComposeResult:
        with Horizontal(id="today-columns"):
            with VerticalScroll(id="timeline-column"):
                yield Static("", id="day-title", markup=False)
                yield OptionList(id="timeline")
                yield Static("", id="now-status", markup=False)
            with VerticalScroll(id="agenda-column"):
                yield Static("", id="agenda", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#timeline", OptionList).focus()

    # --- drawing -----------------------------------------------------------------

    def refresh_data(self) -> None:
        now = self.now()
        branch_id = self.branch_app.branch.id
        blocks = day_blocks(branch_id, self.shown_date)
        is_today = self.shown_date == now.date()
        heading = format_date(self.shown_date)
        if not is_today:
            heading += "  " + t("today.not_today")
        self.query_one("#day-title", Static).update(Text(heading, style="bold"))
        self._draw_timeline(blocks, now if is_today else None)
        self._draw_status(blocks, now if is_today else None)
        self._draw_agenda(branch_overview(branch_id, self.shown_date))

    def _draw_timeline(self, blocks: list[Block], now: DateTime | None) -> None:
        timeline = self.query_one("#timeline", OptionList)
        keep = timeline.highlighted_option.id if timeline.highlighted_option else None
        where = position(blocks, now) if now else None
        options: list[Option] = []
        now_line_drawn = now is None
        for block in blocks:
            if not now_line_drawn and now is not None and block.start_on(now) > now and (
                where is None or where.current is None
            ):
                options.append(self._now_line(now))
                now_line_drawn = True
            options.append(Option(self._block_line(block, now, where), id=block.id))
        if not now_line_drawn and now is not None and (where is None or where.current is None):
            options.append(self._now_line(now))
        if not blocks:
            options.append(Option(Text(t("today.no_blocks"), style="italic"), disabled=True))
        timeline.set_options(options)
        ids = [o.id for o in options]
        target = keep if keep in ids else (where.current.id if where and where.current else None)
        if target is None and where and where.following:
            target = where.following.id
        if target in ids:
            timeline.highlighted = ids.index(target)
        elif options and not options[0].disabled:
            timeline.highlighted = 0

    def _now_line(self, now: DateTime) -> Option:
        return Option(Text(f"── {now.format('HH:mm')} {t('today.now')} ──", style="bold red"),
                      disabled=True)

    def _block_line(self, block: Block, now: DateTime | None, where: object) -> Text:
        mark = STATUS_MARK.get(block.status, " ")
        line = Text()
        line.append(f"{mark} {block.start:%H:%M}–{block.end:%H:%M}  ",
                    style="dim" if block.status != "planned" else "")
        line.append(title(block.title), style="bold" if block.kind == "meeting" else "")
        line.append(f"  {t('block_kind.' + block.kind)}", style="dim")
        if now is not None and block.start_on(now) <= now < block.end_on(now):
            elapsed = _minutes_between(block.start_on(now), now)
            remaining = _minutes_between(now, block.end_on(now))
            line.append(
                "  ▶ " + t("today.elapsed_remaining", elapsed=format_duration(elapsed),
                           remaining=format_duration(remaining)),
                style="bold reverse",
            )
        return line

    def _draw_status(self, blocks: list[Block], now: DateTime | None) -> None:
        status = self.query_one("#now-status", Static)
        if now is None:
            status.update("")
            return
        where = position(blocks, now)
        parts: list[str] = []
        if where.current is not None:
            parts.append(t("today.current", title=title(where.current.title)))
        if where.following is not None:
            minutes = _minutes_between(now, where.following.start_on(now))
            parts.append(t("today.next_in", title=title(where.following.title),
                           duration=format_duration(minutes)))
        elif blocks:
            parts.append(t("today.day_over"))
        status.update(Text("  ·  ".join(parts), style="bold"))

    def _draw_agenda(self, view: Overview) -> None:
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim")
        table.add_column(justify="right")
        table.add_row(Text(t("today.agenda.title"), style="bold"), "")
        table.add_row(t("today.agenda.registered"), str(view.registered))
        table.add_row(t("today.agenda.active"), str(view.active_this_month))
        table.add_row(t("today.agenda.sales_today"), format_won(view.sales_today_won))
        table.add_row(t("today.agenda.sales_month"),
                      f"{format_won(view.sales_month_won)} ({view.sales_month_count})")
        if view.budget_month_won:
            left = view.budget_month_won - view.spent_month_won
            style = "bold red" if left < 0 else ""
            table.add_row(t("today.agenda.budget_left"),
                          Text(f"{format_won(left)} / {format_won(view.budget_month_won)}",
                               style=style))
        table.add_row("", "")
        table.add_row(t("today.agenda.directives_due"),
                      self._due_text(view.directives_due, view.directives_overdue))
        table.add_row(t("today.agenda.actions_due"),
                      self._due_text(view.actions_due, view.actions_overdue))
        table.add_row(t("today.agenda.trainings"), str(len(view.trainings_today)))
        for name in view.trainings_today:
            table.add_row("", Text(f"· {name}", overflow="ellipsis", no_wrap=True))
        self.query_one("#agenda", Static).update(table)

    @staticmethod
    def _due_text(due: int, overdue: int) -> Text:
        text = Text(str(due))
        if overdue:
            text.append("  " + t("today.agenda.overdue", count=overdue), style="bold red")
        return text

    # --- keys --------------------------------------------------------------------

    def action_previous_day(self) -> None:
        self.shown_date = self.shown_date.subtract(days=1)
        self.refresh_data()

    def action_next_day(self) -> None:
        self.shown_date = self.shown_date.add(days=1)
        self.refresh_data()

    def action_go_today(self) -> None:
        self.shown_date = self.now().date()
        self.refresh_data()

    def on_day_changed(self, message: DayChanged) -> None:
        # Follow the calendar when the manager was looking at the day that ended.
        if self.shown_date == message.previous:
            self.shown_date = message.today
        self.mark_stale()
