"""Keyboard forms of the roster: one HR change each, and the CSV import/export dialogs.

Each form checks its input, calls one rule (`branchdash.hr`), which writes in
one transaction; a refusal is shown in the form, which stays open with what
was typed, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from branchdash import hr
from branchdash.csvio import CsvError
from branchdash.hr import RESIGN_REASONS, ROLES
from branchdash.i18n import t
from branchdash.partner_csv import ImportRefused, ImportReport, parse_date
from branchdash.partners import PartnerDetail, rank_label
from branchdash.worker_connection import close_connection

from .form_draft import DraftForm
from .path_field import typed_path
from .translated import translate_bindings

FORM_CSS = """
PartnerForm, PartnerImportDialog, PartnerExportDialog {
    align: center middle;
}
PartnerForm > Vertical, PartnerImportDialog > Vertical, PartnerExportDialog > Vertical {
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}
.form-title {
    text-style: bold;
}
.form-fields {
    height: auto;
    max-height: 60vh;
}
.form-hint {
    color: $text-muted;
}
.form-error {
    color: $error;
    height: auto;
}
.form-buttons {
    height: auto;
    align-horizontal: right;
}
.form-buttons Button {
    margin-left: 1;
}
#import-report {
    height: auto;
    max-height: 10;
}
"""


class PartnerForm(DraftForm[str | None]):
    """One HR event (or recruit, or edit) for one partner; returns the partner's id
    when written (a recruit's new id), None when cancelled."""

    MESSAGE_ID = "#form-error"
    ENTER_SAVES = True

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", "@partners.form.cancel", id="partners.form.cancel"),
        Binding("ctrl+s", "save", "@partners.form.save", id="partners.form.save"),
    ]

    def __init__(self, event: str, *, branch_id: str, today: pendulum.Date,
                 partner: PartnerDetail | None = None,
                 teams: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.event = event
        self.branch_id = branch_id
        self.today = today
        self.partner = partner
        self.teams = teams or []

    def compose(self) -> ComposeResult:
        event, partner = self.event, self.partner
        heading = t(f"partners.event.{event}")
        if partner is not None:
            heading = t("partners.form.title", action=heading, name=partner.name)
        with Vertical():
            yield Static(heading, classes="form-title", markup=False)
            yield Static(t("partners.form.hint"), classes="form-hint", markup=False)
            with VerticalScroll(classes="form-fields"):
                if event in ("recruit", "edit"):
                    yield Label(t("partners.column.name"))
                    yield Input(partner.name if partner else "", id="name")
                    yield Label(t("partners.form.phone"))
                    yield Input(partner.phone if partner else "", id="phone",
                                placeholder="010-1234-5678")
                if event == "recruit":
                    yield Label(t("partners.column.role"))
                    yield Select([(t(f"partners.role.{r}"), r) for r in ROLES],
                                 value="seller", allow_blank=False, id="role")
                if event in ("recruit", "transfer", "rehire"):
                    yield Label(t("partners.form.team") if event != "rehire"
                                else t("partners.form.team_optional"))
                    yield Select([(name, pid) for pid, name in self.teams],
                                 prompt=t("partners.form.choose_team"), id="team")
                if event == "promote" and partner is not None:
                    yield Label(t("partners.column.role"))
                    yield Select([(t(f"partners.role.{r}"), r) for r in ROLES],
                                 value=partner.role, allow_blank=False, id="role")
                    yield Label(t("partners.column.rank"))
                    yield Select(self._rank_options(partner.role), value=self._next_rank(),
                                 allow_blank=False, id="rank")
                if event == "resign":
                    yield Label(t("partners.column.resign_reason"))
                    yield Select([(t(f"partners.reason.{r}"), r) for r in RESIGN_REASONS],
                                 prompt=t("partners.form.choose_reason"), id="reason")
                if event == "edit":
                    yield Label(t("partners.column.notes"))
                    yield Input(partner.notes if partner else "", id="notes")
                yield Label(t("partners.form.date"))
                yield Input(self.today.isoformat(), id="date", placeholder="YYYY-MM-DD")
                if event != "edit":
                    yield Label(t("partners.form.note"))
                    yield Input("", id="note")
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(t("partners.form.save"), variant="primary", id="save")
                yield Button(t("partners.form.cancel"), id="cancel")

    def draft_key(self) -> str:
        return f"partner.{self.event}.{self.partner.id if self.partner else 'new'}"

    def on_mount(self) -> None:
        self.query(".form-fields Input, .form-fields Select").first().focus()

    def _rank_options(self, role: str) -> list[tuple[str, str]]:
        ladder = list(hr.rank_ladder(role))
        if self.partner is not None and self.partner.rank and self.partner.rank not in ladder \
                and role == self.partner.role:
            ladder.insert(0, self.partner.rank)
        return [(rank_label(rank), rank) for rank in ladder]

    def _next_rank(self) -> str:
        assert self.partner is not None
        ladder = hr.rank_ladder(self.partner.role)
        if self.partner.rank in ladder:
            return ladder[min(ladder.index(self.partner.rank) + 1, len(ladder) - 1)]
        return ladder[0]

    @on(Select.Changed, "#role")
    def _role_changed(self, event: Select.Changed) -> None:
        if self.event == "promote" and isinstance(event.value, str):
            rank = self.query_one("#rank", Select)
            rank.set_options(self._rank_options(event.value))
            if self.partner is not None and event.value == self.partner.role:
                rank.value = self._next_rank()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _text(self, widget_id: str) -> str:
        found = self.query(f"#{widget_id}")
        return found.first(Input).value if found else ""

    def _choice(self, widget_id: str) -> str | None:
        found = self.query(f"#{widget_id}")
        if not found:
            return None
        value = found.first(Select).value
        return value if isinstance(value, str) else None

    def save_form(self) -> None:
        error = self.query_one("#form-error", Static)
        try:
            on_date = parse_date(self._text("date"))
        except ValueError:
            on_date = None
        if on_date is None:
            error.update(t("partners.form.bad_date", value=self._text("date")))
            self.query_one("#date", Input).focus()
            return
        try:
            partner_id = self._write(on_date)
        except hr.HrError as refused:
            error.update(str(refused))
            return
        self.dismiss(partner_id)

    def _write(self, on_date: pendulum.Date) -> str:
        event, note = self.event, self._text("note")
        if event == "recruit":
            return hr.recruit(self.branch_id, self._text("name"), on_date,
                              phone=self._text("phone"), role=self._choice("role") or "seller",
                              manager=self._choice("team"), note=note)
        assert self.partner is not None
        pid = self.partner.id
        if event == "edit":
            hr.edit(pid, on_date, name=self._text("name"), phone=self._text("phone"),
                    notes=self._text("notes"))
        elif event == "promote":
            hr.transition(pid, event, on_date, role=self._choice("role"),
                          rank=self._choice("rank"), note=note)
        elif event == "transfer":
            hr.transition(pid, event, on_date, manager=self._choice("team"), note=note)
        elif event == "rehire":
            hr.transition(pid, event, on_date, manager=self._choice("team"), note=note)
        elif event == "resign":
            hr.transition(pid, event, on_date, reason=self._choice("reason"), note=note)
        else:
            hr.transition(pid, event, on_date, note=note)
        return pid


class PartnerImportDialog(ModalScreen[ImportReport | None]):
    """Choose a CSV file and import it in a worker; shows bad rows; returns the report."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", "@partners.form.cancel", id="partners.import.cancel"),
    ]

    def __init__(self, branch_id: str, today: pendulum.Date) -> None:
        super().__init__()
        translate_bindings(self)
        self.branch_id = branch_id
        self.today = today
        self.report: ImportReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("partners.import.title"), classes="form-title", markup=False)
            yield Label(t("partners.import.file"))
            yield Input("", id="path", placeholder=t("partners.import.file_placeholder"))
            yield Checkbox(t("partners.import.skip_bad_rows"), id="skip")
            yield Static(t("partners.import.help"), markup=False)
            yield Static("", id="form-error", classes="form-error", markup=False)
            with VerticalScroll(id="import-report"):
                yield Static("", id="import-lines", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(t("partners.import.run"), variant="primary", id="run")
                yield Button(t("partners.form.close"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#run")
    def _run(self) -> None:
        path = typed_path(self, t("partners.import.no_file"))
        if path is None:
            return
        self.query_one("#form-error", Static).update(t("partners.import.working"))
        self.query_one("#run", Button).disabled = True
        self._import(path, self.query_one("#skip", Checkbox).value)

    @work(thread=True, exclusive=True, exit_on_error=False, description="import partners")
    def _import(self, path: Path, skip: bool) -> None:
        try:
            report = hr_import(path, self.branch_id, self.today, skip)
            self.app.call_from_thread(self._done, report, None)
        except ImportRefused as refused:
            self.app.call_from_thread(self._done, refused.report, t(
                "partners.import.refused_screen", bad=len(refused.report.bad),
                rows=refused.report.rows))
        except CsvError as error:
            self.app.call_from_thread(self._done, None, str(error))
        finally:
            close_connection()  # this thread's own connection

    def _done(self, report: ImportReport | None, error: str | None) -> None:
        self.query_one("#run", Button).disabled = False
        lines = []
        if report is not None:
            lines = [t("partners.import.bad_line", line=bad.line, reason=bad.reason)
                     for bad in report.bad]
        if error is None and report is not None:
            self.report = report
            error = t("partners.import.done", imported=report.imported, rows=report.rows,
                      skipped=len(report.bad), encoding=report.encoding)
        self.query_one("#form-error", Static).update(error or "")
        self.query_one("#import-lines", Static).update("\n".join(lines))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(self.report)


def hr_import(path: Path, branch_id: str, today: pendulum.Date, skip: bool) -> ImportReport:
    from branchdash.partner_csv import import_partners

    return import_partners(path, branch_id, today, skip_bad_rows=skip)


class PartnerExportDialog(ModalScreen[str | None]):
    """Choose what to write (the roster as shown, or every partner) and where; writes in
    a worker; returns the message to show, or None when cancelled.

    `view_ids` are the partners the roster shows, in its order (None before it has
    loaded: then only the whole roster can be written). `view_first` chooses the view
    at first, as when the manager has filtered or searched."""

    DEFAULT_CSS = FORM_CSS + """
    PartnerExportDialog RadioSet {
        width: 100%;
        border: none;
        padding: 0;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "@partners.form.cancel", id="partners.export.cancel"),
    ]

    def __init__(self, branch_id: str, default_path: Path, *,
                 view_ids: list[str] | None = None, total: int | None = None,
                 view_first: bool = False) -> None:
        super().__init__()
        translate_bindings(self)
        self.branch_id = branch_id
        self.default_path = default_path
        self.view_ids = view_ids
        self.total = total
        self.view_first = view_first and view_ids is not None
        self.working = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("partners.export.title"), classes="form-title", markup=False)
            if self.view_ids is not None:
                yield Label(t("partners.export.scope"))
                with RadioSet(id="scope"):
                    yield RadioButton(t("partners.export.scope_view",
                                        count=len(self.view_ids)),
                                      value=self.view_first, id="scope-view")
                    yield RadioButton(t("partners.export.scope_all", count=self.total)
                                      if self.total is not None
                                      else t("partners.export.scope_all_plain"),
                                      value=not self.view_first, id="scope-all")
            yield Label(t("partners.export.file"))
            yield Input(str(self.default_path), id="path")
            yield Static(t("partners.export.help"), classes="form-hint", markup=False)
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="form-buttons"):
                yield Button(t("partners.export.run"), variant="primary", id="run")
                yield Button(t("partners.form.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def chosen_ids(self) -> list[str] | None:
        """The partners to write, in order; None for the whole roster."""
        if self.view_ids is None or not self.query_one("#scope-view", RadioButton).value:
            return None
        return self.view_ids

    @on(Input.Submitted)
    @on(Button.Pressed, "#run")
    def _run(self) -> None:
        if self.working:
            return
        path = typed_path(self, t("partners.import.no_file"))
        if path is None:
            return
        self.working = True
        self.query_one("#run", Button).disabled = True
        self.query_one("#form-error", Static).update(t("partners.export.working"))
        self._export(path, self.chosen_ids())

    @work(thread=True, exclusive=True, exit_on_error=False, group="partner-export",
          description="export partners")
    def _export(self, path: Path, ids: list[str] | None) -> None:
        from branchdash.partner_csv import export_partners

        try:
            count = export_partners(path, self.branch_id, ids)
        except CsvError as error:
            self.app.call_from_thread(self._done, None, str(error))
        except Exception as error:  # noqa: BLE001 - the database failed: say so, stay usable
            self.app.call_from_thread(self._done, None,
                                      t("partners.export.failed", reason=str(error)))
        else:
            self.app.call_from_thread(
                self._done, t("partners.export.done", count=count, path=str(path)), None)
        finally:
            close_connection()  # this thread's own connection

    def _done(self, message: str | None, error: str | None) -> None:
        self.working = False
        if message is not None:
            self.dismiss(message)
            return
        self.query_one("#run", Button).disabled = False
        self.query_one("#form-error", Static).update(error or "")
        self.query_one("#path", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.working:  # the file is being written: its notice comes next
            self.dismiss(None)
