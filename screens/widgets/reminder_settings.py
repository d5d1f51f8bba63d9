"""Reminder settings: minutes before each kind of block, and the terminal bell."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Footer, Input, Label, Static

from branchdash import reminders
from branchdash.i18n import t
from branchdash.reminders import ReminderSettingError
from branchdash.schedule import KINDS

from .block_form import DIALOG_CSS
from .form_draft import DraftForm
from .translated import translate_bindings


class ReminderSettingsDialog(DraftForm[bool]):
    """Dismisses with True when the settings were saved."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ReminderSettingsDialog") + """
    ReminderSettingsDialog Horizontal { height: auto; }
    ReminderSettingsDialog Label { width: 1fr; padding: 1 1 0 0; }
    ReminderSettingsDialog Input { width: 12; }
    ReminderSettingsDialog Checkbox { margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@today.form.save", id="reminders.save", priority=True),
        Binding("escape", "cancel", "@today.form.cancel", id="reminders.cancel"),
    ]
    MESSAGE_ID = "#reminder-error"
    ENTER_SAVES = True

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        current = reminders.load_settings()
        with Vertical():
            yield Static(t("today.reminder.settings_title"), classes="dialog-title",
                         markup=False)
            for kind in KINDS:
                with Horizontal():
                    yield Label(t("today.reminder.minutes_for", kind=t(f"block_kind.{kind}")))
                    yield Input(str(current.minutes[kind]), id=f"minutes-{kind}", max_length=4,
                                type="integer")
            yield Checkbox(t("today.reminder.bell"), current.bell, id="reminder-bell")
            yield Static("", classes="dialog-error", id="reminder-error", markup=False)
            yield Static(t("today.reminder.settings_hint", most=reminders.MAX_MINUTES),
                         classes="dialog-hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#minutes-{KINDS[0]}", Input).focus()

    def draft_key(self) -> str:
        return "reminders.settings"

    def save_form(self) -> None:
        minutes: dict[str, int] = {}
        try:
            for kind in KINDS:
                minutes[kind] = reminders.parse_minutes(
                    self.query_one(f"#minutes-{kind}", Input).value)
        except ReminderSettingError as error:
            self.query_one("#reminder-error", Static).update(t(error.key, **error.fields))
            return
        reminders.save_settings(minutes, self.query_one("#reminder-bell", Checkbox).value)
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
