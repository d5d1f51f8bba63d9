"""Today: the day's blocks on a timeline that follows the clock, and the day's agenda.

The timeline is drawn from blocks read once per minute (and when something
changed); the agenda's figures are read when the day or the data changes, not
each minute. Every action has a key in the footer and an entry in the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from pendulum import Date, DateTime
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from branchdash import schedule
from branchdash.i18n import (
    format_date,
    format_duration,
    format_short_date,
    format_won,
    t,
    title,
)
from branchdash.overview import Overview, branch_overview
from branchdash.schedule import Block, BlockInput, Day, ScheduleError, gaps, position
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .messages import DayChanged
from .widgets.palette import Entry, screen_commands

STATUS_MARK = {"planned": " ", "done": "✓", "skipped": "–", "cancelled": "×"}
STATUS_STYLE = {"done": "dim strike", "skipped": "dim italic"}
BAR_WIDTH = 10
# A coloured edge per kind of block, so the day's shape reads at a glance.
KIND_COLOUR = {"meeting": "magenta", "training": "green", "directives": "yellow",
               "promotion": "cyan", "prep": "blue", "custom": "white"}


def meetings_available(app: object) -> bool:
    """The Meetings screen has landed (with the app's open_meeting action)."""
    return "meetings" in getattr(app, "_modes", {}) and hasattr(app, "action_open_meeting")


def _minutes_between(start: DateTime, end: DateTime) -> int:
    return int((end - start).total_seconds() // 60)


def _minutes_until(now: DateTime, then: DateTime) -> int:
    """Whole minutes left, rounded up: a countdown says "1m" until the moment comes."""
    return -int(-(then - now).total_seconds() // 60)


def _bar(done: int, total: int) -> str:
    filled = 0 if total <= 0 else min(BAR_WIDTH, round(BAR_WIDTH * done / total))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


@dataclass(frozen=True)
class TodayCommand:
    key: str  # the catalog key of its name; "<key>_help" describes it
    action: str


# The screen's actions for the command palette (the same as its keys).
COMMANDS = (
    TodayCommand("today.command.add", "add_block"),
    TodayCommand("today.command.edit", "edit_block"),
    TodayCommand("today.command.delete", "delete_block"),
    TodayCommand("today.command.earlier", "move_block(-15)"),
    TodayCommand("today.command.later", "move_block(15)"),
    TodayCommand("today.command.done", "mark('done')"),
    TodayCommand("today.command.skip", "mark('skipped')"),
    TodayCommand("today.command.open", "open_block"),
    TodayCommand("today.command.previous_day", "previous_day"),
    TodayCommand("today.command.next_day", "next_day"),
    TodayCommand("today.command.today", "go_today"),
    TodayCommand("today.command.week", "week"),
    TodayCommand("today.command.routine", "routine"),
    TodayCommand("today.command.reminders", "reminder_settings"),
)


def _palette_entries(screen: Screen) -> Iterator[Entry]:
    """The Today screen's actions in the command palette, in the user's language."""
    if not isinstance(screen, TodayScreen):
        return
    for command in COMMANDS:
        yield (t(command.key), t(command.key + "_help"),
               partial(screen.run_action, command.action))


class TodayScreen(BranchScreen):
    TITLE_KEY = "mode.today"
    CSS_PATH = "today.tcss"
    COMMANDS = {screen_commands(_palette_entries)}
    READ_ONLY_ACTIONS = frozenset({"previous_day", "next_day", "go_today", "week"})
    RELOAD_IF_WRITTEN_WHILE_AWAY = True  # the agenda counts what other screens write
    BINDINGS = [
        # The most used first: a narrow footer shows what fits (? lists them all).
        Binding("x", "mark('done')", "@today.key.done", id="today.done"),
        Binding("s", "mark('skipped')", "@today.key.skip", id="today.skip"),
        Binding("a", "add_block", "@today.key.add", id="today.add"),
        Binding("e", "edit_block", "@today.key.edit", id="today.edit"),
        Binding("d,delete", "delete_block", "@today.key.delete", id="today.delete"),
        Binding("minus", "move_block(-15)", "@today.key.earlier", id="today.earlier",
                key_display="-"),
        Binding("plus,equals_sign", "move_block(15)", "@today.key.later", id="today.later",
                key_display="+"),
        Binding("p", "previous_day", "@today.key.previous_day", id="today.previous_day"),
        Binding("n", "next_day", "@today.key.next_day", id="today.next_day"),
        Binding("t", "go_today", "@today.key.today", id="today.today"),
        Binding("w", "week", "@today.key.week", id="today.week"),
        Binding("r", "routine", "@today.key.routine", id="today.routine"),
        Binding("m", "reminder_settings", "@today.key.reminders", id="today.reminders"),
        # Enter on a block opens it (the timeline's own key); here for the footer and help.
        Binding("enter", "open_block", "@today.key.open", id="today.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_date: Date = self.now().date()
        self._day: Day | None = None
        self._overview: Overview | None = None
        self._drawn_minute: tuple[Date, int, int] | None = None  # the "now" last drawn

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

    @property
    def blocks(self) -> list[Block]:
        return self._day.blocks if self._day is not None else []

    # --- reading ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Everything again: the day's blocks now, the agenda's figures in a worker."""
        self._load_day()
        self._load_agenda()

    def _minute(self) -> tuple[Date, int, int]:
        now = self.now()
        return now.date(), now.hour, now.minute

    def on_screen_resume(self) -> None:
        # The clock's minute reaches only the screen in view: while away, the
        # timeline's "now" may have moved on. BranchScreen's handler runs next and
        # re-reads right after the frame that shows the screen as it was.
        if self._drawn_minute is not None and self._minute() != self._drawn_minute:
            self._stale = True

    def _load_day(self) -> None:
        self._day = schedule.day(self.branch_app.branch.id, self.shown_date)
        self._draw_day()

    def _load_agenda(self) -> None:
        # The figures (goals, budget pace) can take a second on a big branch: never
        # on the UI's thread.
        self._agenda_worker(self.branch_app.branch.id, self.shown_date)

    @work(thread=True, exclusive=True, exit_on_error=False, group="agenda",
          description="count the agenda")
    def _agenda_worker(self, branch_id: str, date: Date) -> None:
        try:
            overview = branch_overview(branch_id, date)
        finally:
            close_connection()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._agenda_ready, date, overview)

    def _agenda_ready(self, date: Date, overview: Overview) -> None:
        if date == self.shown_date and self.is_mounted:
            self._overview = overview
            self._draw_agenda(overview)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "agenda" and event.state == WorkerState.ERROR:
            self.query_one("#agenda", Static).update(
                Text(t("today.agenda.failed", error=str(event.worker.error)), style="red"))

    def on_minute(self, now: DateTime) -> None:
        # A minute moves the now-line and the countdown: the blocks are re-read (a
        # small query), the agenda's figures are not.
        if self.is_current and self._day is not None:
            self._load_day()
        else:
            self.mark_stale()

    def on_day_changed(self, message: DayChanged) -> None:
        # Follow the calendar when the manager was looking at the day that ended.
        if self.shown_date == message.previous:
            self.shown_date = message.today
        self.mark_stale()

    # --- drawing -----------------------------------------------------------------------

    def _draw_day(self) -> None:
        now = self.now()
        self._drawn_minute = now.date(), now.hour, now.minute
        is_today = self.shown_date == now.date()
        heading = Text(format_date(self.shown_date), style="bold")
        if self._day is not None and self._day.holiday:
            heading.append("  " + t("today.holiday", name=self._day.holiday), style="bold red")
        if not is_today:
            heading.append("  " + t("today.not_today"), style="dim")
        self.query_one("#day-title", Static).update(heading)
        self._draw_timeline(self.blocks, now if is_today else None)
        self._draw_status(self.blocks, now if is_today else None)

    def _draw_timeline(self, blocks: list[Block], now: DateTime | None) -> None:
        timeline = self.query_one("#timeline", OptionList)
        keep = timeline.highlighted_option.id if timeline.highlighted_option else None
        where = position(blocks, now) if now is not None else None
        # Blocks and free stretches in order of time; the now-line goes where now
        # falls when no block is running (a running block shows "now" itself).
        rows: list[tuple[int, Option]] = []
        for block in blocks:
            rows.append((block.start.hour * 60 + block.start.minute,
                         Option(self._block_line(block, now), id=block.id)))
        for start, end in gaps(blocks):
            line = Text(f"  ┆{start:%H:%M}–{end:%H:%M}  · {t('today.free')}", style="dim")
            rows.append((start.hour * 60 + start.minute, Option(line, disabled=True)))
        rows.sort(key=lambda row: row[0])
        options = [option for _, option in rows]
        if now is not None and where is not None and where.current is None:
            minute = now.hour * 60 + now.minute
            at = next((i for i, (start, _) in enumerate(rows) if start > minute), len(rows))
            options.insert(at, self._now_line(now))
        if not blocks:
            empty = t("today.no_blocks_holiday") if self._day and self._day.holiday else t(
                "today.no_blocks")
            options.append(Option(Text(empty, style="italic"), disabled=True))
        timeline.set_options(options)
        ids = [o.id for o in options]
        target = keep if keep in ids else None
        if target is None and where is not None:
            following = where.following.id if where.following else None
            target = where.current.id if where.current else following
        if target in ids:
            timeline.highlighted = ids.index(target)
        elif blocks:
            timeline.highlighted = ids.index(blocks[0].id)

    def _now_line(self, now: DateTime) -> Option:
        return Option(Text(f"── {now.format('HH:mm')} {t('today.now')} ──", style="bold red"),
                      disabled=True)

    def _block_line(self, block: Block, now: DateTime | None) -> Text:
        mark = STATUS_MARK.get(block.status, " ")
        running = now is not None and block.start_on(now) <= now < block.end_on(now)
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("▶" if running else mark, style="bold" if running else "")
        line.append(" ▍", style=KIND_COLOUR.get(block.kind, ""))
        line.append(f"{block.start:%H:%M}–{block.end:%H:%M}  ",
                    style="dim" if block.status != "planned" else "")
        style = STATUS_STYLE.get(block.status, "bold" if block.kind == "meeting" else "")
        line.append(title(block.title), style=style)
        if running and now is not None:
            remaining = _minutes_until(now, block.end_on(now))
            line.append("  " + t("today.left", remaining=format_duration(remaining)),
                        style="bold")
            line.stylize("reverse")
        else:
            kind = t("block_kind." + block.kind)
            if kind.casefold() not in title(block.title).casefold():  # not "교육  교육"
                line.append(f"  {kind}", style="dim")
        return line

    def _draw_status(self, blocks: list[Block], now: DateTime | None) -> None:
        status = self.query_one("#now-status", Static)
        if now is None:
            status.update("")
            return
        where = position(blocks, now)
        text = Text()
        if where.current is not None:
            block = where.current
            elapsed = _minutes_between(block.start_on(now), now)
            text.append(t("today.current", title=title(block.title)), style="bold")
            text.append(f"  {_bar(elapsed, block.minutes)}  ", style="green")
            text.append(t("today.elapsed_remaining", elapsed=format_duration(elapsed),
                          remaining=format_duration(
                              _minutes_until(now, block.end_on(now)))))
            text.append("\n")
        if where.following is not None:
            minutes = _minutes_until(now, where.following.start_on(now))
            text.append(t("today.next_in", title=title(where.following.title),
                          duration=format_duration(minutes)), style="bold")
        elif blocks:
            text.append(t("today.day_over"))
        status.update(text)

    def _draw_agenda(self, view: Overview) -> None:
        parts: list[RenderableType] = []
        is_today = self.shown_date == self.now().date()
        day = "" if is_today else "_day"  # "Sales today" or "Sales that day"
        heading = (t("today.agenda.title") if is_today
                   else t("today.agenda.title_on", date=format_short_date(self.shown_date)))
        parts.append(Text(heading, style="bold"))
        figures = self._figures()
        if view.goal_target_won is not None and view.goal_actual_won is not None:
            # The goals area's figures: today's sales against today's target.
            short = view.goal_actual_won < view.goal_target_won
            value = Text(format_won(view.goal_actual_won),
                         style="bold yellow" if short else "bold green")
            value.append(f" / {format_won(view.goal_target_won)}", style="")
            figures.add_row(t(f"today.agenda.target_vs_actual{day}"), value)
        else:
            figures.add_row(t(f"today.agenda.sales_today{day}"), format_won(view.sales_today_won))
        figures.add_row(t("today.agenda.sales_month"),
                        f"{format_won(view.sales_month_won)} ({view.sales_month_count})")
        figures.add_row(t("today.agenda.registered"), str(view.registered))
        figures.add_row(t("today.agenda.active"), str(view.active_this_month))
        if view.budget_month_won:
            left = view.budget_month_won - view.spent_month_won
            style = "bold red" if left < 0 else ""
            figures.add_row(t("today.agenda.budget_left"),
                            Text(f"{format_won(left)} / {format_won(view.budget_month_won)}",
                                 style=style))
        parts.append(figures)
        if view.budget_warning:
            parts.append(Text("⚠ " + view.budget_warning, style="bold red"))
        for label, due, overdue, items in (
            (t("today.agenda.directives_due"), view.directives_due, view.directives_overdue,
             view.directives),
            (t("today.agenda.actions_due"), view.actions_due, view.actions_overdue,
             view.actions),
        ):
            parts.append(Text())
            row = self._figures()
            row.add_row(label, self._due_text(due, overdue))
            parts.append(row)
            parts.extend(self._item(name, when) for name, when in items)
        parts.append(Text())
        row = self._figures()
        row.add_row(t(f"today.agenda.trainings{day}"), str(len(view.trainings_today)))
        parts.append(row)
        parts.extend(Text(f" · {name}", overflow="ellipsis", no_wrap=True)
                     for name in view.trainings_today)
        self.query_one("#agenda", Static).update(Group(*parts))

    @staticmethod
    def _figures() -> Table:
        table = Table.grid(padding=(0, 1), expand=True)
        # Labels whole; a long figure wraps at its spaces ("5,192,000원 / 18,304,333원").
        table.add_column(style="dim", no_wrap=True)
        table.add_column(justify="right", ratio=1)
        return table

    def _item(self, name: str, due: Date) -> Text:
        text = Text(" · " + name, overflow="ellipsis", no_wrap=True)
        if due < self.shown_date:
            text.append(f"  ({format_short_date(due)})", style="red")
        return text

    @staticmethod
    def _due_text(due: int, overdue: int) -> Text:
        text = Text(str(due))
        if overdue:
            text.append("  " + t("today.agenda.overdue", count=overdue), style="bold red")
        return text

    # --- the block in the cursor ---------------------------------------------------------

    def selected_block(self) -> Block | None:
        option = self.query_one("#timeline", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((b for b in self.blocks if b.id == option.id), None)

    def _highlight(self, block_id: str | None) -> None:
        timeline = self.query_one("#timeline", OptionList)
        ids = [timeline.get_option_at_index(i).id for i in range(timeline.option_count)]
        if block_id in ids:
            timeline.highlighted = ids.index(block_id)

    def _change(self, write: Callable[[], object], keep: str | None = None) -> object:
        """Write, then redraw; a refused change says why and writes nothing."""
        try:
            result = write()
        except ScheduleError as error:
            self.notify(error.message(), severity="error")
            result = None
        self._load_day()  # the agenda's figures do not depend on the blocks
        self._highlight(keep if keep is not None else (
            result if isinstance(result, str) else None))
        return result

    def _need_block(self) -> Block | None:
        block = self.selected_block()
        if block is None:
            self.notify(t("today.choose_block"), severity="warning")
        return block

    # --- keys --------------------------------------------------------------------------

    def action_previous_day(self) -> None:
        self.shown_date = self.shown_date.subtract(days=1)
        self.refresh_data()

    def action_next_day(self) -> None:
        self.shown_date = self.shown_date.add(days=1)
        self.refresh_data()

    def action_go_today(self) -> None:
        self.shown_date = self.now().date()
        self.refresh_data()

    def action_add_block(self) -> None:
        after = self.selected_block()
        suggestion = None
        if after is not None and after.end.hour < 23:
            start = after.end
            end = start.replace(hour=start.hour + 1) if start.minute >= 30 else start.replace(
                minute=start.minute + 30)
            suggestion = BlockInput(start, end, "custom", "")
        heading = t("today.form.add_title", date=format_short_date(self.shown_date))
        # The dialogs are imported when first opened: start-up draws Today without them.
        from .widgets.block_form import BlockForm

        self.app.push_screen(BlockForm(heading, suggestion), self._added)

    def _added(self, data: BlockInput | None) -> None:
        if data is not None:
            branch_id, date = self.branch_app.branch.id, self.shown_date
            self._change(lambda: schedule.add_block(branch_id, date, data))

    def action_edit_block(self) -> None:
        block = self._need_block()
        if block is None:
            return
        heading = t("today.form.edit_title", date=format_short_date(block.date))
        from .widgets.block_form import BlockForm

        self.app.push_screen(BlockForm(heading, block),
                             lambda data: self._edited(block.id, data))

    def _edited(self, block_id: str, data: BlockInput | None) -> None:
        if data is not None:
            self._change(lambda: schedule.update_block(block_id, data), keep=block_id)

    def action_move_block(self, minutes: int) -> None:
        block = self._need_block()
        if block is not None:
            self._change(lambda: schedule.move_block(block.id, minutes), keep=block.id)

    def action_delete_block(self) -> None:
        block = self._need_block()
        if block is None:
            return
        question = t("today.confirm.delete", title=title(block.title),
                     time=f"{block.start:%H:%M}", date=format_short_date(block.date))
        from .widgets.block_form import ConfirmDialog

        self.app.push_screen(ConfirmDialog(question),
                             lambda yes: self._deleted(block.id, bool(yes)))

    def _deleted(self, block_id: str, yes: bool) -> None:
        if yes:
            self._change(lambda: schedule.delete_block(block_id))

    def action_mark(self, status: str) -> None:
        block = self._need_block()
        if block is not None:
            self._change(lambda: schedule.set_status(block.id, status), keep=block.id)

    @on(OptionList.OptionSelected, "#timeline")
    async def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self.run_action("open_block")  # through the display mode's gate

    async def action_open_block(self) -> None:
        block = self._need_block()
        if block is None:
            return
        if block.kind == "meeting" and self._meetings_available():
            await self.app.run_action(f"open_meeting('{block.id}')")
            return
        from .widgets.block_form import BlockDetail

        self.app.push_screen(BlockDetail(block),
                             lambda choice: self.action_edit_block() if choice == "edit"
                             else None)

    def _meetings_available(self) -> bool:
        """The Meetings screen has landed (it brings the app's open_meeting action)."""
        return meetings_available(self.app)

    def action_week(self) -> None:
        from .widgets.week_view import WeekView

        branch_id = self.branch_app.branch.id
        self.app.push_screen(
            WeekView(self.shown_date, self.now().date(),
                     lambda date: schedule.week(branch_id, date)),
            self._week_closed)

    def _week_closed(self, date: Date | None) -> None:
        if date is not None:
            self.shown_date = date
        self.refresh_data()  # blocks may have been made or changed meanwhile

    def action_routine(self) -> None:
        from .widgets.routine_editor import RoutineEditor

        self.app.push_screen(
            RoutineEditor(self.branch_app.branch.id, self.now().date(),
                          self.shown_date.weekday()),
            lambda changed: self.refresh_data() if changed else None)

    def action_reminder_settings(self) -> None:
        from .widgets.reminder_settings import ReminderSettingsDialog

        self.app.push_screen(ReminderSettingsDialog(), self._reminders_saved)

    def _reminders_saved(self, saved: bool | None) -> None:
        if saved:
            self.notify(t("today.reminder.saved"))
