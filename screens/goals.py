"""Goals: the year → month → week → day cascade with results, and the month by team and
partner; the evening results entry."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial

from pendulum import Date, DateTime
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static
from textual.worker import get_current_worker

from branchdash import goals, results
from branchdash.goals import METRICS, Cascade, MonthBreakdown, PeriodRow
from branchdash.i18n import format_month, format_won, t
from branchdash.settings import SettingError
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .messages import DayChanged
from .widgets.goal_form import (
    GoalSettingsForm,
    GoalSettingsValues,
    MonthTargetForm,
    Refused,
    YearGoalForm,
    YearGoalRequest,
)
from .widgets.goal_table import Figures, GoalTable
from .widgets.goal_tree import GoalTree
from .widgets.palette import Entry, screen_commands
from .widgets.results_grid import ResultsEntry
from .widgets.scroll_extent import repaint, show_text

VIEWS = ("cascade", "teams", "partners")
PREFETCH_AFTER = 0.3  # s on a month's cascade before its teams and partners are read
FRAME_WAIT = 0.1  # s at most a read waits for the frame answering its key
# The best sellers listed (the teams and totals count everyone).
PARTNER_ROWS = 100
TEAM_ROWS = 100  # a region has ~500 teams; a branch a handful


def _count(value: int) -> str:
    return f"{value:,}"


class GoalViews(ContentSwitcher):
    """The tree or the figures table, in one place. A switch lays the screen out and
    draws the view shown; the switcher's own background, all hidden under it, is not
    drawn again (Textual's would be, ~3 ms of a `p` or `c` at 160x45)."""

    current: reactive[str | None] = reactive[str | None](None, init=False, repaint=False)


def _palette_entries(screen: Screen) -> Iterator[Entry]:
    """Every action of the Goals screen in the command palette."""
    if isinstance(screen, GoalsScreen):
        yield from screen.palette_commands()


class GoalsScreen(BranchScreen):
    TITLE_KEY = "mode.goals"
    READ_ONLY_ACTIONS = frozenset({"next_metric", "previous_month", "next_month", "view"})
    CSS_PATH = "goals.tcss"
    COMMANDS = {screen_commands(_palette_entries)}
    BINDINGS = [
        Binding("m", "next_metric", "@goals.key.metric", id="goals.metric"),
        Binding("left_square_bracket", "previous_month", "@goals.key.previous_month",
                id="goals.previous_month", key_display="["),
        Binding("right_square_bracket", "next_month", "@goals.key.next_month",
                id="goals.next_month", key_display="]"),
        Binding("c", "view('cascade')", "@goals.key.cascade", id="goals.cascade"),
        Binding("t", "view('teams')", "@goals.key.teams", id="goals.teams"),
        Binding("p", "view('partners')", "@goals.key.partners", id="goals.partners"),
        Binding("e", "enter_results", "@goals.key.enter", id="goals.enter"),
        Binding("g", "set_goal", "@goals.key.set_goal", id="goals.set_goal"),
        Binding("o", "type_month", "@goals.key.type_month", id="goals.type_month"),
        Binding("s", "settings", "@goals.key.settings", id="goals.settings"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.metric = "sales_won"
        self.month: Date = self.now().date().start_of("month")
        self.view = "cascade"
        self.cascade: Cascade | None = None
        # The month's sums by partner and team, for (month, today): both tables show
        # them, so switching between the views does not read them again.
        self._breakdown: tuple[tuple[Date, Date], MonthBreakdown] | None = None
        # What the figures table shows: the view and its breakdown. The teams and the
        # partners share one table, so that switching between them changes its rows
        # only, not the widgets in view, the focus or the footer.
        self._table_shows: tuple[str, MonthBreakdown] | None = None
        self._reading: tuple[Date, Date] | None = None  # the (month, today) being read
        # (metric, month, today) of the tree as drawn: back on it with nothing changed,
        # it is shown as it was (opened months, cursor) without reading it again.
        self._cascade_for: tuple[str, Date, Date] | None = None
        self._prefetch_timer: Timer | None = None
        # (cascade, metric, month) the summary shows
        self._summary_for: tuple[Cascade | None, str, Date] | None = None

    def body(self) -> ComposeResult:
        with Vertical(id="goals-body"):
            yield Static("", id="goals-summary", markup=False)
            yield Static("", id="goals-heading", markup=False)
            with GoalViews(initial="cascade", id="goals-views"):
                yield GoalTree(self._load_month, id="cascade")
                yield GoalTable(id="figures")
            yield Static("", id="goals-status", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(GoalTree).focus()

    # --- drawing --------------------------------------------------------------------------------

    @property
    def branch_id(self) -> str:
        return self.branch_app.branch.id

    def today(self) -> Date:
        return self.now().date()

    def refresh_data(self) -> None:
        self._forget()
        self._draw_view()

    def _forget(self) -> None:
        """What was read is to be read again (the data or the settings changed)."""
        self._breakdown = None
        self._reading = None
        self._cascade_for = None
        self._summary_for = None

    def _draw_view(self) -> None:
        if self.view == "cascade":
            self._draw_cascade()
        else:
            self._draw_breakdown()

    def _draw_cascade(self) -> None:
        # The month by team and partner are read ahead, in a thread, once the tree is
        # drawn and the month stays put a moment: `p` and `t` then draw at once.
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self._prefetch)
        today = self.today()
        tree = self.query_one(GoalTree)
        if self._cascade_for == (self.metric, self.month, today):
            self._cascade_texts(self.cascade)
            return
        cascade = goals.year_cascade(self.branch_id, self.metric, self.month.year, today,
                                     open_month=self.month)
        self.cascade = cascade
        self._cascade_for = (self.metric, self.month, today)
        self._cascade_texts(cascade)
        if cascade is None:
            tree.clear()
            tree.root.set_label(Text(t("goals.no_goal", year=self.month.year,
                                       metric=t(f"goals.metric.{self.metric}")), style="italic"))
        else:
            tree.show(cascade.year_row, self.metric, today, self.month)

    def _cascade_texts(self, cascade: Cascade | None) -> None:
        """The summary, column heading and status line over the tree."""
        if cascade is None:
            self._summary(None)
            self._heading("")
            self._status(t("goals.hint.set_goal"))
            return
        self._summary(cascade)
        self._heading(GoalTree.heading())
        self._status(cascade.settings_problem or "")

    def _heading(self, text: str | Text) -> None:
        repaint(self.query_one("#goals-heading", Static), text)  # one line high (goals.tcss)

    def _summary(self, cascade: Cascade | None) -> None:
        # Drawn for a cascade, metric and month, it stays as drawn: the active rule is
        # read from the settings, a query per key otherwise (refresh_data forgets it).
        drawn = self._summary_for
        if drawn is not None and drawn[0] is cascade and drawn[1:] == (self.metric, self.month):
            return
        self._summary_for = (cascade, self.metric, self.month)
        rule, _problem = results.active_rule_or_default()
        text = Text()
        text.append(t(f"goals.metric.{self.metric}"), style="bold")
        text.append(f"  ·  {self.month.year}")
        if cascade is not None and cascade.project:
            text.append(f"  ·  {cascade.project}", style="bold cyan")
        text.append(f"  ·  {format_month(self.month)}")
        registered = cascade.registered if cascade else results.registered_count(self.branch_id)
        active = cascade.active if cascade else None
        text.append("\n")
        text.append(t("goals.summary.registered", count=registered))
        if active is not None:
            text.append("  ·  ")
            text.append(t("goals.summary.active", count=active), style="bold")
        text.append("  " + self._rule_text(rule), style="dim")
        show_text(self.query_one("#goals-summary", Static), text)

    @staticmethod
    def _rule_text(rule: results.ActiveRule) -> str:
        if rule.window_days is None:
            return t("goals.rule.month", count=rule.min_sales)
        return t("goals.rule.days", count=rule.min_sales, days=rule.window_days)

    def _load_month(self, row: PeriodRow) -> PeriodRow | None:
        return goals.month_detail(self.branch_id, self.metric, row, self.today())

    def _draw_breakdown(self) -> None:
        # Summing a month over 10,000 partners takes ~100 ms: in a thread (unless read
        # ahead), so the key that asked for it is answered (the heading) at once.
        self._heading(Text(t(f"goals.view.{self.view}", month=format_month(self.month)),
                           style="bold"))
        today = self.today()
        if self._breakdown is not None and self._breakdown[0] == (self.month, today):
            # Drawn line by line, the rows cost a couple of milliseconds: at once.
            self._show_breakdown(self.view, self.month, today, self._breakdown[1])
            return
        if self._table_shows is not None:
            # Another view's or month's rows under this heading would mislead: empty
            # until this month's are read.
            self.query_one("#figures", GoalTable).clear()
            self._table_shows = None
        self._read_breakdown(self.month, today)

    def _prefetch(self) -> None:
        self._prefetch_timer = None
        today = self.today()
        if not self.is_current or (self._breakdown is not None
                                   and self._breakdown[0] == (self.month, today)):
            return
        self._read_breakdown(self.month, today)

    def _read_breakdown(self, month: Date, today: Date) -> None:
        if self._reading == (month, today):
            return  # on its way (read ahead): drawn when it comes
        self._reading = (month, today)
        drawn = threading.Event()
        self.call_after_refresh(drawn.set)
        self._breakdown_worker(self.branch_id, month, today, drawn)

    @work(thread=True, exclusive=True, exit_on_error=False, group="breakdown",
          description="sum the month by partner")
    def _breakdown_worker(self, branch_id: str, month: Date, today: Date,
                          drawn: threading.Event) -> None:
        # The key's own frame first (the heading, the table emptied): summing holds the
        # interpreter in long spells that would hold that frame back.
        drawn.wait(FRAME_WAIT)
        try:
            breakdown = goals.month_breakdown(branch_id, month, today, limit=PARTNER_ROWS)
        except BaseException:
            self.app.call_from_thread(self._read_failed, month, today)
            raise
        finally:
            close_connection()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._breakdown_read, month, today, breakdown)

    def _read_failed(self, month: Date, today: Date) -> None:
        if self._reading == (month, today):
            self._reading = None  # the next key tries again

    def _breakdown_read(self, month: Date, today: Date, breakdown: MonthBreakdown) -> None:
        if self._reading == (month, today):
            self._reading = None
        if not self.is_mounted or month != self.month:
            return  # the user moved on meanwhile; the newer request draws
        self._breakdown = ((month, today), breakdown)
        # The rows of both views made now, so that `p` or `t` only shows them.
        table = self.query_one("#figures", GoalTable)
        for view_name in ("partners", "teams"):
            table.prepare_view(view_name, breakdown, partial(self._figures, view_name, breakdown))
        if self.view != "cascade":
            self._show_breakdown(self.view, month, today, breakdown)

    def _show_breakdown(self, view_name: str, month: Date, today: Date,
                        view: MonthBreakdown) -> None:
        if not self.is_mounted or (view_name, month) != (self.view, self.month):
            return  # the user moved on meanwhile; the newer request draws
        self._summary(self.cascade)
        self._heading(Text(t(f"goals.view.{self.view}", month=format_month(self.month)),
                           style="bold"))
        total_won = view.sales_won
        shown = self._table_shows
        if shown is None or shown[0] != view_name or shown[1] is not view:
            self._table_shows = (view_name, view)
            self._fill_table(view_name, view)
        target = (t("goals.view.target", amount=format_won(view.target_won))
                  if view.target_won else t("goals.view.no_target"))
        status = t("goals.view.totals", won=format_won(total_won), active=view.active,
                   partners=view.partner_count) + "  ·  " + target
        if self.view == "partners" and len(view.partners) < view.partner_count:
            status += "  ·  " + t("goals.view.top", shown=len(view.partners))
        if self.view == "teams" and len(view.teams) > TEAM_ROWS:
            status += "  ·  " + t("goals.view.top_teams", shown=TEAM_ROWS,
                                  teams=len(view.teams))
        self._status(status)

    def _fill_table(self, view_name: str, view: MonthBreakdown) -> None:
        self.query_one("#figures", GoalTable).show_view(
            view_name, view, partial(self._figures, view_name, view))

    @staticmethod
    def _figures(view_name: str, view: MonthBreakdown) -> Figures:
        total_won = view.sales_won
        if view_name == "teams":
            keys = ("team", "members", "active", "count", "won", "new", "share")
            rows = [[team.team or t("goals.table.no_team"), _count(team.members),
                     _count(team.active), _count(team.sales_count), format_won(team.sales_won),
                     _count(team.new_contracts),
                     f"{round(team.sales_won * 100 / total_won) if total_won else 0}%"]
                    for team in view.teams[:TEAM_ROWS]]
            right = {1, 2, 3, 4, 5, 6}
        else:
            keys = ("name", "team", "active_mark", "count", "won", "new", "days")
            rows = [[p.name, p.team, "●" if p.active else "", _count(p.sales_count),
                     format_won(p.sales_won), _count(p.new_contracts),
                     _count(p.days_with_sales)] for p in view.partners]
            right = {3, 4, 5, 6}
        return [t(f"goals.table.{key}") for key in keys], rows, right

    @property
    def figures_shown(self) -> tuple[str, Date] | None:
        """The view ("teams", "partners") and month the figures table shows, if any."""
        if self._table_shows is None:
            return None
        return self._table_shows[0], self._table_shows[1].month

    def _status(self, text: str) -> None:
        show_text(self.query_one("#goals-status", Static), text)

    def on_minute(self, now: DateTime) -> None:
        # The figures do not move with the minute; redraw when shown again (results
        # may have been entered from another screen meanwhile), not every minute.
        if not self.is_current:
            self._stale = True

    def on_day_changed(self, message: DayChanged) -> None:
        # Follow the calendar into a new month when the manager was on the one that ended.
        if self.month == message.previous.start_of("month"):
            self.month = message.today.start_of("month")
        self.mark_stale()

    # --- keys -----------------------------------------------------------------------------------

    def action_next_metric(self) -> None:
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]
        self.view = "cascade"
        self.query_one(ContentSwitcher).current = "cascade"
        self.refresh_data()

    def action_previous_month(self) -> None:
        self.month = self.month.subtract(months=1)
        self.refresh_data()

    def action_next_month(self) -> None:
        self.month = self.month.add(months=1)
        self.refresh_data()

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        shown = "cascade" if view == "cascade" else "figures"
        switcher = self.query_one(ContentSwitcher)
        if switcher.current != shown:
            switcher.current = shown
            self.query_one(f"#{shown}").focus()
        self._draw_view()  # the data at hand; refresh_data() when it changed

    def _entry_day(self) -> Date:
        """The day highlighted in the cascade, when it is not in the future; else today."""
        today = self.today()
        node = self.query_one(GoalTree).cursor_node
        if self.view == "cascade" and node is not None and node.data is not None:
            row = node.data
            if row.period == "day" and row.start <= today:
                return row.start
        return today

    def action_enter_results(self) -> None:
        day = self._entry_day()
        rows = results.entry_rows(self.branch_id, day)
        save = partial(results.save_day_results, self.branch_id)
        self.app.push_screen(ResultsEntry(day, rows, save), self._entered)

    def _entered(self, written: int | None) -> None:
        if written is not None:
            self.notify(t("goals.entry.saved", count=written))
            self.refresh_data()

    def action_set_goal(self) -> None:
        project = self.branch_app.branch.year_project
        if self.cascade is not None and self.cascade.project:
            project = self.cascade.project
        self.app.push_screen(YearGoalForm(self.month.year, self.metric, project,
                                          self._save_goal), self._goal_set)

    def _save_goal(self, request: YearGoalRequest) -> None:
        goals.set_year_goal(self.branch_id, request.metric, request.year, request.target,
                            project=request.project, split=request.split, typed=request.typed)
        self.metric = request.metric
        if request.year != self.month.year:
            self.month = self.month.set(year=request.year)

    def _goal_set(self, saved: bool | None) -> None:
        if saved:
            self.notify(t("goals.form.saved"))
            self._forget()  # a goal changed: the tree and the month's targets
            self.action_view("cascade")

    def action_type_month(self) -> None:
        if self.cascade is None:
            self._status(t("goals.hint.set_goal"))
            return
        row = self.cascade.year_row.children[self.month.month - 1]
        title = t("goals.form.month_title", month=format_month(self.month),
                  metric=t(f"goals.metric.{self.metric}"))
        self.app.push_screen(MonthTargetForm(title, row.plan, self._save_month),
                             self._goal_set)

    def _save_month(self, target: int) -> None:
        goals.set_month_target(self.branch_id, self.metric, self.month, target)

    def action_settings(self) -> None:
        settings, _ = goals.goal_settings_or_default()
        rule, _ = results.active_rule_or_default()
        values = GoalSettingsValues(
            ",".join(str(d) for d in sorted(settings.weekdays)), settings.skip_holidays,
            str(rule.min_sales), "month" if rule.window_days is None else str(rule.window_days))
        self.app.push_screen(GoalSettingsForm(values, self._save_settings), self._settings_set)

    def _save_settings(self, values: GoalSettingsValues) -> None:
        try:
            goals.save_settings_text(values.weekdays, values.skip_holidays, values.min_sales,
                                     values.window)
        except SettingError as error:
            raise Refused(str(error)) from None

    def _settings_set(self, saved: bool | None) -> None:
        if saved:
            self.notify(t("goals.settings.saved"))
            self.refresh_data()

    def palette_commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        for binding in self._bindings.key_to_bindings.values():
            for b in binding:
                if b.id and b.id.startswith("goals."):
                    yield (f"{t('mode.goals')}: {b.description}", b.tooltip or "",
                           partial(self.run_action, b.action))

