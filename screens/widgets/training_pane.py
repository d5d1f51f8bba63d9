"""The Training tab: sessions on the timeline, attendance by keyboard, cost, who is behind."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from branchdash import training as tr
from branchdash.i18n import format_short_date, format_won, t
from branchdash.money import AmountError, parse_amount

from .directive_dialogs import (
    ConfirmDialog,
    Field,
    FormDialog,
    InputError,
    PickDialog,
    RosterDialog,
    format_day,
    parse_date,
    parse_time,
)
from .directive_pane import TabPaneBody, _clip

ATTENDANCE_STYLE = {"present": "green", "absent": "bold red", "excused": "yellow",
                    "invited": "dim"}
ATTENDANCE_MARK = {"present": "●", "absent": "✗", "excused": "○", "invited": "·"}


class TrainingPane(TabPaneBody):
    MAIN_TABLE = "#training-table"
    READ_ONLY_ACTIONS = frozenset({"by_partner"})  # the display mode: views only
    BINDINGS = [
        Binding("n", "new", "@training.key.new", id="training.new"),
        Binding("e", "edit", "@training.key.edit", id="training.edit"),
        Binding("i", "invite", "@training.key.invite", id="training.invite"),
        Binding("p", "mark('present')", "@training.key.present", id="training.present"),
        Binding("x", "mark('absent')", "@training.key.absent", id="training.absent"),
        Binding("s", "mark('excused')", "@training.key.excused", id="training.excused"),
        Binding("A", "all_present", "@training.key.all_present", id="training.all_present",
                key_display="A"),
        Binding("c", "complete", "@training.key.complete", id="training.complete"),
        Binding("o", "reopen", "@training.key.reopen", id="training.reopen", show=False),
        Binding("b", "book_cost", "@training.key.cost", id="training.cost"),
        Binding("B", "remove_cost", "@training.key.remove_cost", id="training.remove_cost",
                key_display="B", show=False),
        Binding("w", "by_partner", "@training.key.by_partner", id="training.by_partner"),
        Binding("t", "toggle_activation", "@training.key.activation",
                id="training.activation", show=False),
        Binding("escape", "back_to_list", "@training.key.back", id="training.back",
                show=False),
        Binding("delete", "delete", "@training.key.delete", id="training.delete", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.views: dict[str, tr.TrainingView] = {}
        self.people: dict[str, tr.Attendee] = {}
        self.first_load = True

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="training-main", id="training-switcher"):
            with Vertical(id="training-main"):
                with Vertical(id="training-left"):
                    yield Static("", id="training-summary", markup=False)
                    yield DataTable(id="training-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="training-right"):
                    with VerticalScroll(id="training-detail-box"):
                        yield Static("", id="training-detail")
                    yield DataTable(id="attendee-table", cursor_type="row")
            with Vertical(id="training-partners"):
                yield Static("", id="partner-summary", markup=False)
                yield DataTable(id="partner-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#training-table", DataTable)
        for key in ("date", "kind", "title", "attendance", "cost"):
            table.add_column(t(f"training.column.{key}"), key=key)
        people = self.query_one("#attendee-table", DataTable)
        for key in ("mark", "name", "partner_status"):
            people.add_column(t(f"training.column.{key}"), key=key)
        partners = self.query_one("#partner-table", DataTable)
        for key in ("name", "partner_status", "done", "overdue", "upcoming"):
            partners.add_column(t(f"training.column.{key}"), key=key)

    @property
    def showing_partners(self) -> bool:
        return self.query_one(ContentSwitcher).current == "training-partners"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        if action == "by_partner":
            return True
        if self.showing_partners:
            return action in ("back_to_list", "toggle_activation")
        if action == "back_to_list":
            return self.query_one("#attendee-table").has_focus
        return True

    # --- drawing ----------------------------------------------------------------------------

    def reload(self) -> None:
        if self.showing_partners:
            self._draw_partners()
            return
        today = self.today()
        table = self.query_one("#training-table", DataTable)
        keep = self.current_key(table)
        views = tr.list_trainings(self.branch_id)
        self.views = {view.id: view for view in views}
        title_width = max(16, self.app.size.width - (64 if self.wide() else 54))
        table.clear()
        for view in views:
            style = "dim" if view.completed else ("bold" if view.date == today else "")
            date = Text(f"{self.day_text(view.date)} {view.start:%H:%M}", style=style)
            marks = Text(f"{view.present}/{view.invited}" if view.invited else "—",
                         style="green" if view.completed else "")
            if view.completed:
                marks.append(" ✓", style="green")
            elif view.date < today:
                marks.append(" !", style="bold red")  # held, attendance not closed
            cost = Text(format_won(view.cost_won) if view.cost_won else "")
            if not view.cost_won and view.planned_cost_won:
                cost = Text(f"({format_won(view.planned_cost_won)})", style="dim")
            table.add_row(date, t(f"training.kind.{view.kind}"),
                          Text(_clip(view.title, title_width), style=style),
                          marks, cost, key=view.id)
        if self.first_load and views:
            self.first_load = False
            upcoming = [v for v in views if v.date >= today]
            keep = upcoming[-1].id if upcoming else views[0].id  # nearest coming, else latest
        self.restore_cursor(table, keep)
        pending = sum(1 for v in views if not v.completed and v.date < today)
        summary = Text(t("training.summary", count=len(views),
                         upcoming=sum(1 for v in views if v.date >= today and not v.completed)))
        if pending:
            summary.append("  " + t("training.summary_pending", count=pending),
                           style="bold red")
        self.query_one("#training-summary", Static).update(summary)
        self._draw_selected()

    def selected(self) -> tr.TrainingView | None:
        key = self.current_key(self.query_one("#training-table", DataTable))
        return self.views.get(key) if key else None

    def selected_person(self) -> tr.Attendee | None:
        key = self.current_key(self.query_one("#attendee-table", DataTable))
        return self.people.get(key) if key else None

    def _draw_selected(self) -> None:
        view = self.selected()
        detail = self.query_one("#training-detail", Static)
        people = self.query_one("#attendee-table", DataTable)
        keep = self.current_key(people)
        people.clear()
        self.people = {}
        if view is None:
            detail.update(Text(t("training.empty"), style="italic"))
            return
        head = Text()
        head.append(view.title, style="bold")
        head.append(f"  {t(f'training.kind.{view.kind}')}", style="cyan")
        when = Text(f"{format_short_date(view.date)} {view.start:%H:%M}–{view.end:%H:%M}")
        if view.instructor:
            when.append("  " + t("training.detail.instructor", name=view.instructor))
        state = Text()
        if view.completed:
            state.append(t("training.detail.completed"), style="green")
        else:
            state.append(t("training.detail.open"), style="yellow")
        state.append("  " + t("training.detail.marks", present=view.present,
                              absent=view.absent, excused=view.excused,
                              unmarked=view.unmarked))
        parts: list[object] = [head, when, state]
        lines = tr.expenses(view.id)
        if not lines and view.planned_cost_won:
            parts.append(Text(t("training.detail.planned_cost",
                                amount=format_won(view.planned_cost_won)), style="dim"))
        if lines:
            cost = Text(t("training.detail.cost", amount=format_won(view.cost_won)))
            cost.append("  " + ", ".join(
                f"{line.category or line.memo} {format_won(line.amount_won)}"
                for line in lines), style="dim")
            parts.append(cost)
        if view.kind == "new_partner":
            key = "on" if tr.activation_enabled() else "off"
            parts.append(Text(t(f"training.detail.activation_{key}"), style="italic dim"))
        if view.curriculum.strip():
            parts.append(Text(t("training.detail.curriculum"), style="bold underline"))
            parts.append(Text(view.curriculum))
        detail.update(Group(*parts))  # type: ignore[arg-type]
        for person in tr.attendees(view.id):
            self.people[person.partner_id] = person
            people.add_row(
                Text(ATTENDANCE_MARK[person.status] + " " +
                     t(f"training.attendance.{person.status}"),
                     style=ATTENDANCE_STYLE[person.status]),
                person.name, t(f"training.partner_status.{person.partner_status}"),
                key=person.partner_id)
        self.restore_cursor(people, keep)

    @on(DataTable.RowHighlighted, "#training-table")
    def _highlighted(self) -> None:
        self._draw_selected()

    @on(DataTable.RowSelected, "#training-table")
    async def _to_attendees(self) -> None:
        people = self.query_one("#attendee-table", DataTable)
        if people.row_count:
            people.focus()
        else:
            await self.run_action("invite")  # through the display mode's gate

    def action_back_to_list(self) -> None:
        if self.showing_partners:
            self.action_by_partner()
            return
        self.focus_main()

    # --- the per-partner view ----------------------------------------------------------------

    def action_by_partner(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = ("training-main" if self.showing_partners else "training-partners")
        self.reload()
        self.query_one("#partner-table" if self.showing_partners else "#training-table").focus()
        self.refresh_bindings()

    def _draw_partners(self) -> None:
        today = self.today()
        table = self.query_one("#partner-table", DataTable)
        keep = self.current_key(table)
        rows = tr.by_partner(self.branch_id, today)
        rows.sort(key=lambda r: (-len(r.overdue), r.name))
        table.clear()
        width = max(16, self.app.size.width - 60)
        for row in rows:
            overdue = Text(_clip(", ".join(r.title for r in row.overdue), width),
                           style="bold red")
            upcoming = ", ".join(f"{format_short_date(r.date)} {r.title}" for r in row.upcoming)
            table.add_row(row.name, t(f"training.partner_status.{row.status}"),
                          str(len(row.done)), overdue, _clip(upcoming, 30), key=row.partner_id)
        self.restore_cursor(table, keep)
        behind = sum(1 for r in rows if r.overdue)
        self.query_one("#partner-summary", Static).update(
            Text(t("training.partners_summary", count=len(rows), behind=behind)))

    # --- sessions ---------------------------------------------------------------------------

    def _form(self, view: tr.TrainingView | None) -> list[Field]:
        today = self.today()
        kinds = [(t(f"training.kind.{kind}"), kind) for kind in tr.KINDS]
        return [
            Field("kind", t("training.field.kind"), view.kind if view else "new_product",
                  kind="select", options=kinds),
            Field("title", t("training.field.title"), view.title if view else ""),
            Field("date", t("training.field.date"), format_day(view.date if view else today),
                  placeholder=t("directives.field.date_placeholder")),
            Field("start", t("training.field.start"),
                  f"{view.start:%H:%M}" if view else "09:30"),
            Field("end", t("training.field.end"), f"{view.end:%H:%M}" if view else "11:30"),
            Field("instructor", t("training.field.instructor"),
                  view.instructor if view else t("training.field.instructor_me")),
            Field("curriculum", t("training.field.curriculum"),
                  view.curriculum if view else "", kind="area"),
        ]

    def _submit(self, view: tr.TrainingView | None, saved: list[str]) -> object:
        def submit(values: dict[str, str]) -> str | None:
            today = self.today()
            try:
                fields = dict(kind=values["kind"], title=values["title"],
                              date=parse_date(values["date"], today),
                              start=parse_time(values["start"]), end=parse_time(values["end"]),
                              instructor=values["instructor"], curriculum=values["curriculum"])
                if view is None:
                    result = tr.create_training(self.branch_id, **fields)  # type: ignore[arg-type]
                else:
                    result = tr.update_training(view.id, **fields)  # type: ignore[arg-type]
            except (tr.TrainingError, InputError) as error:
                return str(error)
            saved.append(result.id)
            return None
        return submit

    def _after(self, saved: list[str]) -> object:
        def done(ok: bool | None) -> None:
            if ok and saved:
                self.reload()
                self.restore_cursor(self.query_one("#training-table", DataTable), saved[-1])
                self._draw_selected()
            self.focus_main()
        return done

    def action_new(self) -> None:
        saved: list[str] = []
        self.app.push_screen(FormDialog(t("training.form.new"), self._form(None),
                                        self._submit(None, saved)),  # type: ignore[arg-type]
                             self._after(saved))  # type: ignore[arg-type]

    def action_edit(self) -> None:
        view = self.selected()
        if view is None:
            return
        saved: list[str] = []
        self.app.push_screen(FormDialog(t("training.form.edit"), self._form(view),
                                        self._submit(view, saved)),  # type: ignore[arg-type]
                             self._after(saved))  # type: ignore[arg-type]

    def action_delete(self) -> None:
        view = self.selected()
        if view is None:
            return

        def answer(yes: bool | None) -> None:
            self.focus_main()
            if not yes:
                return
            try:
                tr.delete_training(view.id)
            except tr.TrainingError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("training.deleted", title=view.title))

        self.app.push_screen(ConfirmDialog(t("training.confirm.delete", title=view.title)),
                             answer)

    # --- attendance ----------------------------------------------------------------------------

    def action_invite(self) -> None:
        view = self.selected()
        if view is None:
            return
        if view.completed:
            self.refused(tr.TrainingError("training.error.completed_attendance"))
            return
        roster = tr.roster(self.branch_id)
        people = [(p.partner_id, f"{p.name}  · {t(f'training.partner_status.{p.status}')}"
                   + (f" · {t('training.role.sales_manager')}"
                      if p.role == "sales_manager" else "")) for p in roster]
        already = {a.partner_id for a in tr.attendees(view.id)}

        def chosen(ids: list[str] | None) -> None:
            self.focus_main()
            if ids is None:
                return
            wanted = set(ids)
            try:
                added = tr.invite(view.id, [pid for pid in ids if pid not in already])
                removed = already - wanted
                for pid in removed:
                    tr.uninvite(view.id, pid)
            except tr.TrainingError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("training.invited", added=added, removed=len(removed)))

        self.app.push_screen(RosterDialog(t("training.roster.title", title=view.title), people,
                                          already, tr.suggested_invitees(view.id)), chosen)

    def action_mark(self, status: str) -> None:
        view, person = self.selected(), self.selected_person()
        if view is None:
            return
        if person is None:
            self.refused(tr.TrainingError("training.error.no_attendees"))
            return
        people = self.query_one("#attendee-table", DataTable)
        if not people.has_focus:
            # From the sessions list: go to the roll call first rather than mark
            # whoever happens to be highlighted there.
            people.focus()
            self.done(t("training.roll_call_hint"))
            return
        try:
            tr.mark(view.id, person.partner_id, status, self.today())
        except tr.TrainingError as error:
            self.refused(error)
            return
        row = people.cursor_row
        self.reload()
        # Roll call: the cursor moves on to the next name.
        people.move_cursor(row=min(row + 1, people.row_count - 1))

    def action_all_present(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            count = tr.mark_all_unmarked(view.id, "present", self.today())
        except tr.TrainingError as error:
            self.refused(error)
            return
        self.reload()
        self.done(t("training.all_marked", count=count))

    def action_complete(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            result = tr.complete(view.id, self.today())
        except tr.TrainingError as error:
            self.refused(error)
            return
        self.reload()
        message = t("training.completed", title=view.title)
        if result.activated:
            message += " " + t("training.activated", count=len(result.activated),
                               names=", ".join(result.activated))
        self.done(message)
        for name, reason in result.refused:
            self.app.notify(t("training.not_activated", name=name, reason=reason),
                            severity="warning", timeout=10)

    def action_reopen(self) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            tr.reopen(view.id)
        except tr.TrainingError as error:
            self.refused(error)
            return
        self.reload()
        self.done(t("training.reopened", title=view.title))

    def action_toggle_activation(self) -> None:
        enabled = not tr.activation_enabled()
        tr.set_activation(enabled)
        self.reload()
        self.done(t(f"training.detail.activation_{'on' if enabled else 'off'}"))

    # --- cost ----------------------------------------------------------------------------------

    def action_book_cost(self) -> None:
        view = self.selected()
        if view is None:
            return
        today = self.today()
        fields = [
            Field("amount", t("training.field.amount"),
                  str(view.planned_cost_won) if view.planned_cost_won and not view.cost_won
                  else "", placeholder=t("directives.field.amount_placeholder")),
            Field("date", t("training.field.spent_on"), format_day(min(view.date, today)),
                  placeholder=t("directives.field.date_placeholder")),
            Field("category", t("training.field.category"), t("training.field.category_default")),
            Field("payee", t("training.field.payee"), view.instructor),
            Field("memo", t("training.field.memo"), view.title),
        ]

        def submit(values: dict[str, str]) -> str | None:
            try:
                tr.book_cost(view.id, parse_amount(values["amount"]),
                             parse_date(values["date"], self.today()),
                             category=values["category"], payee=values["payee"],
                             memo=values["memo"])
            except (tr.TrainingError, InputError, AmountError) as error:
                return str(error)
            return None

        def done(ok: bool | None) -> None:
            self.focus_main()
            if ok:
                self.reload()
                self.done(t("training.cost_booked", title=view.title))

        self.app.push_screen(FormDialog(t("training.form.cost", title=view.title), fields,
                                        submit), done)

    def action_remove_cost(self) -> None:
        view = self.selected()
        if view is None:
            return
        lines = tr.expenses(view.id)
        choices: list[tuple[str, Text | str]] = [
            (line.id, f"{format_short_date(line.spent_on)}  {format_won(line.amount_won)}  "
                      f"{line.category} {line.payee}") for line in lines]

        def picked(expense_id: str | None) -> None:
            self.focus_main()
            if expense_id is None:
                return
            try:
                tr.remove_cost(view.id, expense_id)
            except tr.TrainingError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("training.cost_removed"))

        self.app.push_screen(PickDialog(t("training.pick.remove_cost"), choices,
                                        t("training.pick.no_costs")), picked)
