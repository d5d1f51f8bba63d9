"""The month's budget report for HQ, written from the Budget screen: Markdown to send,
CSV for Excel, or both side by side, through the same writer as `branchdash budget-report`."""

from __future__ import annotations

from pathlib import Path

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from branchdash.budget import BudgetError, month_report, report_paths, write_report
from branchdash.i18n import format_month, t

from .expense_form import BUDGET_DIALOG_CSS
from .path_field import typed_path
from .translated import translate_bindings

# The format choice: which files to write.
CHOICES: dict[str, tuple[str, ...]] = {"both": ("md", "csv"), "md": ("md",), "csv": ("csv",)}


def default_report_path(month: Date) -> Path:
    return Path.home() / f"budget-{month.format('YYYY-MM')}.md"


class BudgetReportDialog(ModalScreen[str | None]):
    """Writes the month's report; dismisses with the notice naming the files, or None
    when cancelled. A failed write keeps the dialog open and says why."""

    DEFAULT_CSS = BUDGET_DIALOG_CSS.format(name="BudgetReportDialog") + """
    BudgetReportDialog .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    BudgetReportDialog .dialog-buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "@budget.form.cancel", id="budget_report.cancel"),
    ]

    def __init__(self, branch_id: str, month: Date, default_path: Path | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.branch_id = branch_id
        self.month = month
        self.default_path = default_path or default_report_path(month)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("budget.report_dialog.title", month=format_month(self.month)),
                         classes="dialog-title", markup=False)
            yield Label(t("budget.report_dialog.file"))
            yield Input(str(self.default_path), id="path")
            yield Label(t("budget.report_dialog.formats"))
            yield Select([(t(f"budget.report_dialog.format_{key}"), key) for key in CHOICES],
                         value="both", allow_blank=False, id="formats")
            yield Static(t("budget.report_dialog.hint"), classes="dialog-hint", markup=False)
            yield Static("", id="form-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("budget.report_dialog.run"), variant="primary", id="run")
                yield Button(t("budget.form.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def chosen_formats(self) -> tuple[str, ...]:
        value = self.query_one("#formats", Select).value
        return CHOICES[value] if isinstance(value, str) and value in CHOICES else CHOICES["both"]

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#run")
    def action_write(self) -> None:
        path = typed_path(self, t("budget.report_dialog.no_file"))
        if path is None:
            return
        if path.is_dir():  # a folder: the usual file name in it
            path = path / self.default_path.name
        report = month_report(self.branch_id, self.month)
        written: list[Path] = []
        for fmt, target in report_paths(path, self.chosen_formats()).items():
            try:
                write_report(report, target, fmt)
            except BudgetError as error:
                message = error.message
                if written:  # say what did get written, so nobody sends half of it unknowing
                    message += " " + t("budget.report_dialog.partly",
                                       files=", ".join(map(str, written)))
                self.query_one("#form-error", Static).update(message)
                return
            written.append(target)
        self.dismiss(t("budget.report_dialog.done", month=format_month(self.month),
                       files=", ".join(map(str, written))))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
