"""Partners: the roster with search (초성 too), filters and sort, a detail pane, HR changes,
CSV import and export.

The roster is read in a worker (partners first, then this month's figures) and
shown through a virtual table, so a region's 10,000 partners open, search and
sort without loading widgets per row.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pendulum
from pendulum import DateTime
from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from branchdash.hr import ROLES, allowed_events
from branchdash.i18n import format_date, format_won, t
from branchdash.partners import (
    ALL,
    CURRENT,
    FIGURE_COLUMNS,
    RANK_KEYS,
    Figures,
    Filters,
    PartnerDetail,
    Roster,
    RosterRow,
    RosterView,
    add_figures,
    load_figures,
    load_first_rows,
    load_roster,
    partner_detail,
    rank_label,
    teams_for_choice,
)
from branchdash.phone import mask
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .messages import DayChanged
from .widgets.palette import Entry, screen_commands
from .widgets.partner_choice import ChoiceButton, DropButton
from .widgets.partner_forms import PartnerExportDialog, PartnerForm, PartnerImportDialog
from .widgets.partner_table import Column, PartnerTable
from .widgets.partner_team_picker import PartnerTeamPicker

# Columns in the order shown, with widths; narrower screens drop from the end of
# DROP_ORDER first.
COLUMN_WIDTHS = {"name": 8, "team": 8, "role": 10, "rank": 8, "status": 6, "hired_on": 10,
                 "tenure": 10, "month_count": 5, "month_won": 13, "trainings": 5, "phone": 13}
DROP_ORDER = ("hired_on", "trainings", "role", "tenure", "phone", "month_count", "rank")
SORTABLE = tuple(COLUMN_WIDTHS)
STATUSES = ("candidate", "trainee", "active", "inactive", "resigned")
FIRST_PAGE = 80  # rows read at once on opening, before the whole roster
WIDE = 120  # from this width the detail pane stands beside the table
HR_ACTIONS = {  # action name -> HR event
    "start_onboarding": "start_onboarding",
    "activate": "activate",
    "promote": "promote",
    "transfer": "transfer",
    "deactivate": "deactivate",
    "resign": "resign",
    "rehire": "rehire",
}
SPARK = "▁▂▃▄▅▆▇█"


def tenure_text(days: int | None) -> str:
    if days is None:
        return ""
    years, rest = divmod(days, 365)
    months = rest * 12 // 365
    if years:
        return t("partners.tenure.years_months", years=years, months=months)
    if months:
        return t("partners.tenure.months", months=months)
    return t("partners.tenure.days", days=days)


def _palette_entries(screen: Screen) -> Iterator[Entry]:
    """The roster's actions in the command palette: its keys, and a sort per column."""
    assert isinstance(screen, PartnersScreen)
    for binding in screen.BINDINGS:
        if isinstance(binding, Binding) and binding.id and binding.action != "details":
            yield (t(str(binding.description).lstrip("@")), "",
                   partial(screen.run_action, binding.action))
    for column in SORTABLE:
        yield (t("partners.command.sort_by", column=t(f"partners.column.{column}")), "",
               partial(screen.run_action, f"sort_by('{column}')"))


class SearchBox(Input):
    """The roster's search box: the table follows each key at once, in the frame that
    shows the key, rather than a frame later when Input's Changed message arrives."""

    def __init__(self, typed: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._typed = typed

    def _watch_value(self, value: str) -> None:
        # Input's watcher gives the box a new virtual size on every key, and a new
        # virtual size lays the whole screen out again (~15 ms on the roster). The box's
        # own size never follows its text: its scroll extent is set here, so that
        # Input's assignment finds nothing to change.
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            self._typed(value)


class PartnersScreen(BranchScreen):
    TITLE_KEY = "mode.partners"
    CSS_PATH = "partners.tcss"
    # The table has the keys; focusing the search box first would restyle it twice.
    AUTO_FOCUS = "#roster"
    COMMANDS = {screen_commands(_palette_entries)}
    # On the meeting-room display: look and search, never change; phones stay masked.
    READ_ONLY_ACTIONS = frozenset({"search", "filters", "team", "sort_next", "sort_reverse",
                                   "sort_by", "details"})
    BINDINGS = [
        Binding("slash", "search", "@partners.key.search", id="partners.search", key_display="/"),
        Binding("f", "filters", "@partners.key.filters", id="partners.filters"),
        Binding("g", "team", "@partners.key.team", id="partners.team"),
        Binding("s", "sort_next", "@partners.key.sort", id="partners.sort"),
        Binding("S", "sort_reverse", "@partners.key.sort_reverse", id="partners.sort_reverse"),
        Binding("enter", "details", "@partners.key.details", id="partners.details"),
        Binding("n", "recruit", "@partners.key.recruit", id="partners.recruit"),
        Binding("b", "start_onboarding", "@partners.key.start_onboarding",
                id="partners.start_onboarding"),
        Binding("a", "activate", "@partners.key.activate", id="partners.activate"),
        Binding("p", "promote", "@partners.key.promote", id="partners.promote"),
        Binding("t", "transfer", "@partners.key.transfer", id="partners.transfer"),
        Binding("m", "deactivate", "@partners.key.deactivate", id="partners.deactivate"),
        Binding("r", "resign", "@partners.key.resign", id="partners.resign"),
        Binding("R", "rehire", "@partners.key.rehire", id="partners.rehire"),
        Binding("e", "edit", "@partners.key.edit", id="partners.edit"),
        Binding("i", "import_csv", "@partners.key.import", id="partners.import"),
        Binding("x", "export_csv", "@partners.key.export", id="partners.export"),
        Binding("v", "toggle_phones", "@partners.key.phones", id="partners.phones"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.roster: Roster | None = None
        self.view: RosterView | None = None
        self.filters = Filters()
        self.sort_column = "name"
        self.descending = False
        self.show_phones = False
        self.detail: PartnerDetail | None = None
        self._detail_timer: Timer | None = None
        self._keep_id: str | None = None
        self._bindings_status: str | None = ""
        self._summary_text = ""
        self._reload_cursor = 0
        self._loading: pendulum.Date | None = None
        self._painted = False

    def body(self) -> ComposeResult:
        with Horizontal(id="filter-bar"):
            yield SearchBox(self._search_typed, placeholder=t("partners.search_placeholder"),
                            id="search")
            # Each filter is one line that opens a list (partner_choice.py): two Selects
            # cost ~70 ms of the first frame at region scale.
            yield ChoiceButton(self._status_options(), CURRENT,
                               title=t("partners.filter.status_title"), id="status-filter")
            yield DropButton(self._team_label(), id="team-filter")
            yield ChoiceButton([(t("partners.filter.all_roles"), ALL),
                                *((t(f"partners.role.{r}"), r)
                                  for r in ("seller", "sales_manager"))],
                               ALL, title=t("partners.filter.role_title"), id="role-filter")
        yield Static(t("partners.loading"), id="summary", markup=False)
        with Horizontal(id="roster-body"):
            yield PartnerTable(self._cell, id="roster")
            with VerticalScroll(id="detail"):
                yield Static("", id="detail-text", markup=False)

    def _status_options(self) -> list[tuple[str, str]]:
        return [(t("partners.filter.current"), CURRENT), (t("partners.filter.all"), ALL),
                *((t(f"partners.status.{s}"), s)
                  for s in ("candidate", "trainee", "active", "inactive", "resigned"))]

    def on_mount(self) -> None:
        self._fit_columns(self.size.width)
        table = self.query_one(PartnerTable)
        table.focus()
        # A first screenful at once (a few ms), the whole roster from the worker.
        table.show_rows(load_first_rows(self.branch_app.branch.id, self.now().date(),
                                        FIRST_PAGE))
        # BranchScreen.on_mount runs next (Textual calls each class's handler): it draws
        # the header and calls refresh_data.

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < WIDE, "narrow")
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        table = self.query_one(PartnerTable)
        room = width - 4 if width < WIDE else int(width * 0.6) - 4
        widths = dict(COLUMN_WIDTHS)
        # Labels as long as the language needs (Korean "활동", English "Inactive").
        widths["status"] = max(cell_len(t(f"partners.status.{s}")) for s in STATUSES)
        widths["role"] = max(cell_len(t(f"partners.role.{r}")) for r in ROLES)
        widths["rank"] = min(12, max(cell_len(rank_label(r)) for r in RANK_KEYS))
        keys = list(widths)
        for key in DROP_ORDER:
            if sum(widths[k] + 1 for k in keys) <= room:
                break
            keys.remove(key)
        table.set_columns([Column(key, t(f"partners.header.{key}"), widths[key],
                                  align_right=key in ("month_count", "month_won", "trainings"))
                           for key in keys])

    # --- loading ----------------------------------------------------------------------------

    def refresh_data(self) -> None:
        if not self._painted:
            # On opening, the first screenful is drawn before the worker competes for
            # the interpreter with reading 10,000 rows.
            self._painted = True
            self.call_after_refresh(self.refresh_data)
            return
        table = self.query_one(PartnerTable)
        current = table.current
        today = self.now().date()
        loading = any(worker.group == "roster" and worker.node is self and worker.is_running
                      for worker in self.app.workers)
        if loading and self._loading == today and self._keep_id is None:
            return  # the same load is on its way
        self._loading = today
        self._load(self.branch_app.branch.id, today,
                   self._keep_id or (current.id if current else None))
        self._keep_id = None
        self._reload_cursor = table.cursor

    def on_minute(self, now: DateTime) -> None:
        """Nothing on the roster changes by the minute."""

    def on_day_changed(self, message: DayChanged) -> None:
        self.mark_stale()  # tenure and "this month" move with the date

    @work(thread=True, exclusive=True, exit_on_error=False, group="roster",
          description="read the roster")
    def _load(self, branch_id: str, today: pendulum.Date, keep_id: str | None) -> None:
        try:
            roster = load_roster(branch_id, today)
        finally:
            close_connection()
        view = RosterView(roster.rows)  # its columns made here, off the screen's thread
        self.app.call_from_thread(self._show_roster, roster, view, keep_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="figures",
          description="count the month's figures")
    def _load_figures(self, roster: Roster, view: RosterView, branch_id: str) -> None:
        try:
            figures = load_figures(branch_id, roster.today)
        finally:
            close_connection()
        ranks = view.figure_ranks(figures)
        self.app.call_from_thread(self._show_figures, roster, view, figures, ranks)

    def _show_roster(self, roster: Roster, view: RosterView, keep_id: str | None) -> None:
        self.roster = roster
        # The figures after this frame is drawn: the rows show first.
        self.call_after_refresh(self._load_figures, roster, view, self.branch_app.branch.id)
        view.configure(self.filters, self.sort_column, self.descending)
        self.view = view
        self.query_one(PartnerTable).forget_texts()  # the rows read before are gone
        self.query_one("#team-filter", DropButton).label = self._team_label()
        # After a change the partner may have left the filter (a resignation): stay put.
        self._show(keep_id, fallback=self._reload_cursor)

    def _show_figures(self, roster: Roster, view: RosterView, figures: Figures,
                      ranks: dict[str, array[int]]) -> None:
        if roster is not self.roster or view is not self.view:
            return
        add_figures(roster, figures)
        self.query_one(PartnerTable).forget_texts()  # the rows' figures are in
        view.use_figure_ranks(ranks)
        if self.sort_column in FIGURE_COLUMNS:
            current = self.query_one(PartnerTable).current
            self._show(current.id if current else None)
        else:
            self._draw_summary()

    def _show(self, keep_id: str | None = None, fallback: int = 0) -> None:
        assert self.view is not None
        table = self.query_one(PartnerTable)
        table.set_sort(self.sort_column, self.descending)
        table.show_rows(self.view.shown, self.view.shown_index(keep_id), fallback=fallback,
                        empty_text=self._empty_text())
        self._draw_summary()

    def _empty_text(self) -> str:
        """Why the table is empty, and what to do about it."""
        if self.roster is not None and not self.roster.rows:
            return t("partners.empty.roster")
        return t("partners.empty.filtered")

    # --- drawing -----------------------------------------------------------------------------

    def _cell(self, row: RosterRow, key: str) -> str:
        if key == "name":
            return row.name
        if key == "team":
            return row.team
        if key == "role":
            return t(f"partners.role.{row.role}")
        if key == "rank":
            return rank_label(row.rank)
        if key == "status":
            return t(f"partners.status.{row.status}")
        if key == "hired_on":
            return row.hired_on
        if key == "tenure":
            return tenure_text(row.tenure_days)
        figures_loaded = self.roster is not None and self.roster.figures_loaded
        if key == "month_count":
            return str(row.month_count) if figures_loaded else "…"
        if key == "month_won":
            return format_won(row.month_won) if figures_loaded else "…"
        if key == "trainings":
            return str(row.trainings) if figures_loaded else "…"
        if key == "phone":
            return row.phone if self.show_phones else mask(row.phone)
        return ""

    def _draw_summary(self) -> None:
        if self.roster is None or self.view is None:
            return
        summary = self.roster.summary
        counts = " · ".join(f"{t(f'partners.status.{status}')} {count:,}"
                            for status, count in summary.by_status.items())
        parts = [t("partners.summary.shown", shown=len(self.view.shown),
                   total=len(self.roster.rows)), counts]
        if summary.selling is not None:
            parts.append(t("partners.summary.selling", count=summary.selling))
            parts.append(t("partners.summary.month", hires=summary.hires_month,
                           resignations=summary.resignations_month))
            parts.append(t("partners.summary.attrition",
                           pct="—" if summary.attrition_pct is None
                           else f"{summary.attrition_pct:.1f}%"))
        text = " │ ".join(parts)
        if text != self._summary_text:
            self._summary_text = text
            # A fixed height (see the .tcss): no layout pass for each keystroke.
            self.query_one("#summary", Static).update(text, layout=False)

    @on(PartnerTable.Highlighted)
    def _highlighted(self, message: PartnerTable.Highlighted) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        row = message.row
        # Holding an arrow key moves through many rows: read the one it stops on.
        self._detail_timer = self.set_timer(0.08, partial(self._read_detail,
                                                          row.id if row else None))

    def _read_detail(self, partner_id: str | None) -> None:
        # The footer rebuilds all its keys on a refresh: only when the cursor has
        # stopped (this timer) and the set of greyed HR keys changes.
        row = self.query_one(PartnerTable).current
        status = row.status if row else None
        if status != self._bindings_status:
            self._bindings_status = status
            self.refresh_bindings()
        if partner_id is None:
            self.detail = None
            self._draw_detail()
        else:
            self._load_detail(partner_id, self.now().date())

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail",
          description="read a partner's details")
    def _load_detail(self, partner_id: str, today: pendulum.Date) -> None:
        try:
            detail = partner_detail(partner_id, today)
        finally:
            close_connection()
        self.app.call_from_thread(self._detail_loaded, detail)

    def _detail_loaded(self, detail: PartnerDetail | None) -> None:
        self.detail = detail
        self._draw_detail()

    def _draw_detail(self) -> None:
        text = self.query_one("#detail-text", Static)
        detail = self.detail
        if detail is None:
            text.update(t("partners.detail.none"))
            return
        out = Text()
        out.append(detail.name, style="bold")
        out.append(f"  {t(f'partners.role.{detail.role}')} · {rank_label(detail.rank)} · "
                   f"{t(f'partners.status.{detail.status}')}\n")

        def field(label: str, value: str) -> None:
            if value:
                out.append(label + " " * max(1, 11 - cell_len(label)), style="dim")
                out.append(f"{value}\n")

        field(t("partners.column.team"), detail.team + (
            "  " + t("partners.detail.team_size", count=detail.team_size)
            if detail.role == "sales_manager" else ""))
        field(t("partners.column.phone"), detail.phone)
        for key in ("recruited_on", "hired_on", "resigned_on"):
            day = getattr(detail, key)
            field(t(f"partners.column.{key}"), format_date(day) if day else "")
        if detail.resign_reason:
            field(t("partners.column.resign_reason"), t(f"partners.reason.{detail.resign_reason}"))
        if detail.hired_on:
            end = detail.resigned_on if detail.status == "resigned" and detail.resigned_on \
                else self.now().date()
            field(t("partners.column.tenure"), tenure_text((end - detail.hired_on).days))
        field(t("partners.column.notes"), detail.notes)

        out.append(f"\n{t('partners.detail.history')}\n", style="bold")
        for entry in reversed(detail.history):
            out.append(f"{entry.on.isoformat()} ", style="dim")
            out.append(t(f"partners.event.{entry.kind}"), style="bold")
            out.append("\n")
            for change in entry.changes:
                label = t(f"partners.field.{change.field}")
                if entry.kind == "recruit":
                    if change.after != "—":
                        out.append(f"    {label}: {change.after}\n")
                else:
                    out.append(f"    {label}: {change.before} → {change.after}\n")
            if entry.note:
                out.append(f"    “{entry.note}”\n", style="italic")

        attended = [entry for entry in detail.trainings if entry.status == "present"]
        out.append(f"\n{t('partners.detail.trainings', count=len(attended))}\n", style="bold")
        for entry in detail.trainings[:12]:
            out.append(f"{entry.on.isoformat()} ", style="dim")
            out.append(f"{entry.title} · {t(f'partners.attendance.{entry.status}')}\n")
        if not detail.trainings:
            out.append(t("partners.detail.no_trainings") + "\n", style="dim")

        out.append(f"\n{t('partners.detail.trend')}\n", style="bold")
        top = max((won for _, _, won in detail.weeks), default=0)
        spark = "".join(SPARK[0] if not top else SPARK[min(7, won * 8 // (top + 1))]
                        for _, _, won in detail.weeks)
        out.append(spark + "\n", style="green")
        last = detail.weeks[-1] if detail.weeks else None
        total = sum(won for _, _, won in detail.weeks)
        count = sum(c for _, c, _ in detail.weeks)
        if last is not None:
            out.append(t("partners.detail.trend_totals", count=count, won=format_won(total),
                         week_count=last[1], week_won=format_won(last[2])) + "\n")
        text.update(out)

    # --- search, filters, sort -------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._search_typed(event.value)  # a value set by code (typing came through already)

    def _search_typed(self, value: str) -> None:
        self._set_filters(Filters(value, self.filters.status, self.filters.team,
                                  self.filters.role))

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one(PartnerTable).focus()

    @on(ChoiceButton.Changed)
    def _filter_changed(self, event: ChoiceButton.Changed) -> None:
        value = event.value
        filters = self.filters
        if event.choice.id == "status-filter":
            filters = Filters(filters.query, value, filters.team, filters.role)
        elif event.choice.id == "role-filter":
            filters = Filters(filters.query, filters.status, filters.team, value)
        self._set_filters(filters)

    def _set_filters(self, filters: Filters) -> None:
        if filters == self.filters:
            return
        self.filters = filters
        if self.view is None:
            return
        current = self.query_one(PartnerTable).current
        self.view.set_filters(filters)
        self._show(current.id if current else None)

    def _team_label(self) -> str:
        team = self.filters.team
        name = t("partners.filter.all_teams")
        if team != ALL and self.roster is not None:
            name = next((n for pid, n, _ in self.roster.teams if pid == team), name)
        return name

    @on(DropButton.Pressed, "#team-filter")
    def action_team(self) -> None:
        if self.roster is None:
            return
        teams = [(pid, name) for pid, name, status in self.roster.teams if status != "resigned"]
        self.app.push_screen(PartnerTeamPicker(teams, self.filters.team), self._team_chosen)

    def _team_chosen(self, team: str | None) -> None:
        if team is None:
            return
        filters = self.filters
        self._set_filters(Filters(filters.query, filters.status, team, filters.role))
        self.query_one("#team-filter", DropButton).label = self._team_label()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one("#status-filter", ChoiceButton).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key != "escape":
            return
        if self.has_class("show-detail"):
            self.remove_class("show-detail")
        elif isinstance(self.focused, PartnerTable):
            return
        self.query_one(PartnerTable).focus()
        event.stop()

    def action_sort_by(self, column: str) -> None:
        if column == self.sort_column:
            self.descending = not self.descending
        else:
            self.sort_column, self.descending = column, column in (
                "month_count", "month_won", "trainings", "tenure")
        if self.view is not None:
            current = self.query_one(PartnerTable).current
            self.view.set_sort(self.sort_column, self.descending)
            self._show(current.id if current else None)

    def action_sort_next(self) -> None:
        columns = [c.key for c in self.query_one(PartnerTable).columns]
        index = columns.index(self.sort_column) if self.sort_column in columns else -1
        self.descending = True  # so that action_sort_by starts the new column ascending
        next_column = columns[(index + 1) % len(columns)]
        self.sort_column = ""
        self.action_sort_by(next_column)

    def action_sort_reverse(self) -> None:
        self.action_sort_by(self.sort_column)

    @on(PartnerTable.HeaderClicked)
    def _header_clicked(self, message: PartnerTable.HeaderClicked) -> None:
        self.action_sort_by(message.column)

    def action_details(self) -> None:
        if self.size.width < WIDE:
            self.toggle_class("show-detail")

    def action_toggle_phones(self) -> None:
        self.show_phones = not self.show_phones
        self.query_one(PartnerTable).forget_texts()

    # --- HR changes ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in HR_ACTIONS or action == "edit":
            row = self.query_one(PartnerTable).current if self.is_mounted else None
            if row is None:
                return None
            if action != "edit" and HR_ACTIONS[action] not in allowed_events(row.status):
                return None  # shown greyed: not possible from this status
        return True

    def _open_form(self, event: str) -> None:
        table = self.query_one(PartnerTable)
        row = table.current
        branch_id = self.branch_app.branch.id
        if event == "recruit":
            form = PartnerForm("recruit", branch_id=branch_id, today=self.now().date(),
                               teams=teams_for_choice(branch_id))
        else:
            if row is None:
                return
            detail = partner_detail(row.id, self.now().date())
            if detail is None:
                return
            manager_id = row.manager_id if event == "transfer" else None
            form = PartnerForm(event, branch_id=branch_id, today=self.now().date(),
                               partner=detail,
                               teams=[team for team in teams_for_choice(branch_id, row.id)
                                      if team[0] != manager_id])
        self.app.push_screen(form, partial(self._form_done, event))

    def _form_done(self, event: str, partner_id: str | None) -> None:
        if partner_id is None:
            return
        self.notify(t("partners.saved", action=t(f"partners.event.{event}")))
        self._keep_id = partner_id
        self.refresh_data()
        self._read_detail(partner_id)

    def action_recruit(self) -> None:
        self._open_form("recruit")

    def action_start_onboarding(self) -> None:
        self._open_form("start_onboarding")

    def action_activate(self) -> None:
        self._open_form("activate")

    def action_promote(self) -> None:
        self._open_form("promote")

    def action_transfer(self) -> None:
        self._open_form("transfer")

    def action_deactivate(self) -> None:
        self._open_form("deactivate")

    def action_resign(self) -> None:
        self._open_form("resign")

    def action_rehire(self) -> None:
        self._open_form("rehire")

    def action_edit(self) -> None:
        self._open_form("edit")

    # --- CSV ----------------------------------------------------------------------

    def action_import_csv(self) -> None:
        def done(report: object) -> None:
            if report is not None:
                self.refresh_data()

        self.app.push_screen(PartnerImportDialog(self.branch_app.branch.id, self.now().date()),
                             done)

    def action_export_csv(self) -> None:
        default = Path.home() / f"partners-{self.now().date().isoformat()}.csv"

        def done(message: str | None) -> None:
            if message:
                self.notify(message)

        view_ids = total = None
        if self.view is not None and self.roster is not None:
            view_ids = [row.id for row in self.view.shown]
            total = len(self.roster.rows)
        # A manager who has filtered or searched means the list in front of them.
        self.app.push_screen(PartnerExportDialog(self.branch_app.branch.id, default,
                                                 view_ids=view_ids, total=total,
                                                 view_first=self.filters != Filters()),
                             done)
