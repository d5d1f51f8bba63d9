"""The Directives tab: HQ directives (공문) with their status, due dates and search."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from pendulum import Date
from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Static

from branchdash import directives as dv
from branchdash.i18n import format_short_date, t

from .directive_dialogs import (
    ConfirmDialog,
    Field,
    FormDialog,
    InputError,
    PickDialog,
    format_day,
    parse_date,
    parse_optional_date,
)
from .line_table import LineTable
from .translated import translate_bindings

if TYPE_CHECKING:
    from branchdash.app import BranchDashApp

URGENCY_STYLE = {"overdue": "bold red", "due_today": "bold yellow", "due_soon": "yellow"}
STATUS_STYLE = {"received": "bold", "understood": "cyan", "relayed": "green", "done": "dim"}


def _clip(line: str, width: int) -> str:
    """One line of at most `width` cells (Korean letters take two)."""
    text = Text(" ".join(line.split()))
    text.truncate(width, overflow="ellipsis")
    return text.plain


class TabPaneBody(Vertical):
    """What the three tabs share: the branch, today, messages, keeping the cursor."""

    MAIN_TABLE = ""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        translate_bindings(self)

    @property
    def branch_app(self) -> BranchDashApp:
        return cast("BranchDashApp", self.app)

    @property
    def branch_id(self) -> str:
        return self.branch_app.branch.id

    def today(self) -> Date:
        return self.branch_app.clock.now().date()

    def refused(self, error: Exception) -> None:
        self.app.notify(str(error), severity="error", timeout=6)

    def done(self, message: str) -> None:
        self.app.notify(message, timeout=4)

    def reload(self) -> None:
        """Re-read and redraw. Override."""

    def focus_main(self) -> None:
        if self.MAIN_TABLE:
            self.query_one(self.MAIN_TABLE).focus()

    @staticmethod
    def current_key(table: DataTable) -> str | None:
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:  # the cursor outside a table being rebuilt
            return None
        return None if key.value is None else str(key.value)

    @staticmethod
    def restore_cursor(table: DataTable, key: str | None) -> None:
        if key is None or table.row_count == 0:
            return
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # the row is gone (deleted, filtered out): stay where we are
            pass

    def wide(self) -> bool:
        return self.app.size.width >= 120

    def day_text(self, day: Date) -> str:
        """A date in a table cell: with its weekday when there is room."""
        return format_short_date(day) if self.wide() else f"{day.month}/{day.day}"


class DirectivesPane(TabPaneBody):
    MAIN_TABLE = "#directive-table"
    READ_ONLY_ACTIONS = frozenset({"search", "toggle_done"})  # the display mode
    BINDINGS = [
        Binding("n", "new", "@directives.key.new", id="directives.new"),
        Binding("e", "edit", "@directives.key.edit", id="directives.edit"),
        Binding("space", "advance", "@directives.key.advance", id="directives.advance"),
        Binding("r", "relay", "@directives.key.relay", id="directives.relay"),
        Binding("backspace", "step_back", "@directives.key.back", id="directives.back"),
        Binding("slash", "search", "@directives.key.search", id="directives.search",
                key_display="/"),
        Binding("h", "toggle_done", "@directives.key.toggle_done", id="directives.toggle_done"),
        Binding("delete", "delete", "@directives.key.delete", id="directives.delete",
                show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.show_done = False
        self.views: dict[str, dv.DirectiveView] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="directive-top"):
            yield Static("", id="directive-summary", markup=False)
            yield Input(placeholder=t("directives.search_placeholder"), id="directive-search")
        yield LineTable(id="directive-table")
        with VerticalScroll(id="directive-detail-box"):
            yield Static("", id="directive-detail")

    def on_mount(self) -> None:
        self.query_one("#directive-table", LineTable).set_columns(
            [t(f"directives.column.{key}") for key in
             ("number", "title", "received", "due", "status", "relayed")])

    # --- drawing ----------------------------------------------------------------------------

    def reload(self) -> None:
        today = self.today()
        table = self.query_one("#directive-table", LineTable)
        keep = table.cursor_key
        search = self.query_one("#directive-search", Input).value
        views = dv.list_directives(self.branch_id, search, include_done=self.show_done)
        self.views = {view.id: view for view in views}
        title_width = max(14, self.app.size.width - (70 if self.wide() else 64))
        rows: list[tuple[str, list[Text]]] = []
        for view in views:
            urgency = view.urgency(today)
            style = URGENCY_STYLE.get(urgency, "")
            rows.append((view.id, [
                Text(view.number, style="dim" if view.status == "done" else ""),
                Text(_clip(view.title, title_width),
                     style="dim" if view.status == "done" else ""),
                Text(self.day_text(view.received_on)),
                self._due_cell(view, today),
                Text(t(f"directives.status.{view.status}"), style=STATUS_STYLE[view.status]
                     if not style or view.status == "done" else style),
                Text(self._meeting_text(view.relayed_in, short=True)),
            ]))
        table.show(rows, keep=keep)
        # The open ones just read are what the counts count: no second read.
        unfiltered = not search.strip() and not self.show_done
        figures = dv.counts_of(views, today) if unfiltered else dv.counts(self.branch_id, today)
        summary = Text()
        summary.append(t("directives.summary.open", count=figures.open))
        if figures.overdue:
            summary.append("  " + t("directives.summary.overdue", count=figures.overdue),
                           style="bold red")
        if figures.due_soon:
            summary.append("  " + t("directives.summary.due_soon", count=figures.due_soon),
                           style="yellow")
        summary.append("  " + t("directives.summary.not_relayed", count=figures.not_relayed))
        if self.show_done:
            summary.append("  " + t("directives.summary.with_done"), style="dim")
        self.query_one("#directive-summary", Static).update(summary)
        if not views:
            empty = "directives.empty_search" if search.strip() else "directives.empty"
            self.query_one("#directive-detail", Static).update(Text(t(empty), style="italic"))
        else:
            self._draw_detail()

    @staticmethod
    def _meeting_text(meeting: dv.MeetingRef | None, short: bool = False) -> str:
        if meeting is None:
            return ""
        if short:
            return (f"{meeting.date.month}/{meeting.date.day} "
                    f"{t(f'directives.meeting_short.{meeting.kind}')}")
        return f"{format_short_date(meeting.date)} {t(f'directives.meeting.{meeting.kind}')}"

    def _due_cell(self, view: dv.DirectiveView, today: Date) -> Text:
        if view.due_on is None:
            return Text("—", style="dim")
        days = view.days_left(today) or 0
        urgency = view.urgency(today)
        text = Text(self.day_text(view.due_on))
        if view.status != "done":
            mark = (t("directives.d_day") if days == 0 else
                    t("directives.d_minus", days=days) if days > 0 else
                    t("directives.d_plus", days=-days))
            text.append(f" {mark}", style=URGENCY_STYLE.get(urgency, "dim"))
        else:
            text.stylize("dim")
        return text

    def selected(self) -> dv.DirectiveView | None:
        key = self.query_one("#directive-table", LineTable).cursor_key
        return self.views.get(key) if key else None

    def _draw_detail(self) -> None:
        view = self.selected()
        box = self.query_one("#directive-detail", Static)
        if view is None:
            box.update("")
            return
        today = self.today()
        head = Text()
        head.append(f"{view.number}  ", style="dim")
        head.append(view.title, style="bold")
        dates = Text(t("directives.detail.received", date=format_short_date(view.received_on)))
        if view.due_on is not None:
            dates.append("   ")
            dates.append(t("directives.detail.due", date=format_short_date(view.due_on)),
                         style=URGENCY_STYLE.get(view.urgency(today), ""))
        chain = Text()
        reached = dv.STATUSES.index(view.status)
        for index, status in enumerate(dv.STATUSES):
            if index:
                chain.append(" → ", style="dim")
            label = t(f"directives.status.{status}")
            if status == "relayed" and view.relayed_in is not None:
                label += f" ({self._meeting_text(view.relayed_in)})"
            chain.append(("✓ " if index <= reached else "· ") + label,
                         style="bold green" if index <= reached else "dim")
        parts: list[object] = [head, dates, chain, Text("")]
        if view.key_points.strip():
            parts.append(Text(t("directives.detail.key_points"), style="bold underline"))
            parts.append(Text(view.key_points))
        else:
            parts.append(Text(t("directives.detail.no_key_points"), style="italic dim"))
        if view.attachments:
            parts.append(Text(t("directives.detail.attachments"), style="bold underline"))
            for path in view.attachments:
                line = Text(f"· {path}")
                if not Path(path).exists():
                    line.append("  " + t("directives.detail.missing"), style="yellow")
                parts.append(line)
        parts.append(Text(""))
        parts.append(Text(t(f"directives.next.{view.status}"), style="italic"))
        box.update(Group(*parts))  # type: ignore[arg-type]

    @on(LineTable.Highlighted, "#directive-table")
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(LineTable.Selected, "#directive-table")
    async def _selected(self) -> None:
        await self.run_action("edit")  # through the display mode's gate

    # --- search -----------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#directive-search", Input).focus()

    @on(Input.Changed, "#directive-search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#directive-search")
    def _search_done(self) -> None:
        self.focus_main()

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        self.reload()

    # --- changes ----------------------------------------------------------------------------

    def _form(self, view: dv.DirectiveView | None) -> list[Field]:
        today = self.today()
        return [
            Field("number", t("directives.field.number"), view.number if view else "",
                  placeholder=t("directives.field.number_placeholder")),
            Field("title", t("directives.field.title"), view.title if view else ""),
            Field("received", t("directives.field.received"),
                  format_day(view.received_on if view else today),
                  placeholder=t("directives.field.date_placeholder")),
            Field("due", t("directives.field.due"), format_day(view.due_on if view else None),
                  placeholder=t("directives.field.due_placeholder")),
            Field("key_points", t("directives.field.key_points"),
                  view.key_points if view else "", kind="area"),
            Field("attachments", t("directives.field.attachments"),
                  "\n".join(view.attachments) if view else "", kind="area"),
        ]

    def _save(self, view: dv.DirectiveView | None, saved: list[str]
              ) -> object:
        def submit(values: dict[str, str]) -> str | None:
            today = self.today()
            try:
                fields = dict(
                    number=values["number"], title=values["title"],
                    received_on=parse_date(values["received"], today),
                    due_on=parse_optional_date(values["due"], today),
                    key_points=values["key_points"],
                    attachments=values["attachments"].splitlines(),
                )
                if view is None:
                    result = dv.create_directive(self.branch_id, **fields)  # type: ignore[arg-type]
                else:
                    result = dv.update_directive(view.id, **fields)  # type: ignore[arg-type]
            except (dv.DirectiveError, InputError) as error:
                return str(error)
            saved.append(result.id)
            return None
        return submit

    def _after_form(self, saved: list[str]) -> object:
        def done(ok: bool | None) -> None:
            if ok and saved:
                self.reload()
                self.query_one("#directive-table", LineTable).move_to_key(saved[-1])
                self._draw_detail()
            self.focus_main()
        return done

    def action_new(self) -> None:
        saved: list[str] = []
        self.app.push_screen(FormDialog(t("directives.form.new"), self._form(None),
                                        self._save(None, saved)),  # type: ignore[arg-type]
                             self._after_form(saved))  # type: ignore[arg-type]

    def action_edit(self) -> None:
        view = self.selected()
        if view is None:
            return
        saved: list[str] = []
        self.app.push_screen(
            FormDialog(t("directives.form.edit", number=view.number), self._form(view),
                       self._save(view, saved)),  # type: ignore[arg-type]
            self._after_form(saved))  # type: ignore[arg-type]

    def _apply(self, change: object, message_key: str) -> None:
        view = self.selected()
        if view is None:
            return
        try:
            result = change(view.id)  # type: ignore[operator]
        except dv.DirectiveError as error:
            self.refused(error)
            return
        self.reload()
        self.done(t(message_key, number=view.number,
                    status=t(f"directives.status.{result.status}")))

    def action_advance(self) -> None:
        view = self.selected()
        if view is not None and view.status == "understood":
            self.action_relay()  # the next step needs a meeting: ask which
            return
        self._apply(dv.advance, "directives.moved")

    def action_step_back(self) -> None:
        self._apply(dv.step_back, "directives.moved_back")

    def action_relay(self) -> None:
        view = self.selected()
        if view is None:
            return
        if view.status in ("relayed", "done"):
            self.refused(dv.DirectiveError(f"directives.error.relayed_from_{view.status}"))
            return
        meetings = [m for m in dv.recent_meetings(self.branch_id, self.today())
                    if m.date >= view.received_on]
        by_id = {m.id: m for m in meetings}
        choices: list[tuple[str, Text | str]] = []
        for meeting in meetings:
            line = Text(f"{format_short_date(meeting.date)}  ")
            line.append(t(f"directives.meeting.{meeting.kind}"), style="bold")
            if meeting.title:
                line.append(f"  {meeting.title}", style="dim")
            choices.append((meeting.id, line))

        def picked(meeting_id: str | None) -> None:
            self.focus_main()
            if meeting_id is None:
                return
            meeting = by_id[meeting_id]
            try:
                dv.mark_relayed(view.id, meeting.id, meeting.date)
            except dv.DirectiveError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("directives.relayed_in", number=view.number,
                        meeting=self._meeting_text(meeting)))

        self.app.push_screen(PickDialog(t("directives.pick.meeting", number=view.number),
                                        choices, t("directives.pick.no_meetings")), picked)

    def action_delete(self) -> None:
        view = self.selected()
        if view is None:
            return

        def answer(yes: bool | None) -> None:
            self.focus_main()
            if not yes:
                return
            try:
                dv.delete_directive(view.id)
            except dv.DirectiveError as error:
                self.refused(error)
                return
            self.reload()
            self.done(t("directives.deleted", number=view.number))

        self.app.push_screen(ConfirmDialog(t("directives.confirm.delete", number=view.number,
                                             title=view.title)), answer)
