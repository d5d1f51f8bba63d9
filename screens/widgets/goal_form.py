"""Dialogs of the Goals screen: a year's goal, one month typed by hand, and the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from branchdash.goals import YearGoalRequest, parse_target, year_goal_request
from branchdash.i18n import t

from .form_draft import DraftForm
from .translated import translate_bindings

METRICS = ("sales_won", "sales_count", "recruits", "active_partners", "training_attendance")
SPLITS = ("working_days", "even", "typed")

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} Input, {name} Select {{ margin-bottom: 0; }}
{name} .dialog-error {{ color: $error; height: auto; }}
{name} Horizontal {{ height: auto; margin-top: 1; }}
{name} Button {{ margin-right: 2; }}
"""


class Refused(Exception):
    """The save was refused; the message is shown in the dialog."""


class YearGoalForm(DraftForm[bool]):
    """Set a year's goal; `save` writes it or raises (its message is shown here)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="YearGoalForm")
    BINDINGS = [
        Binding("ctrl+s", "save", "@goals.form.save", id="goal_form.save", priority=True),
        Binding("escape", "cancel", "@goals.form.cancel", id="goal_form.cancel"),
    ]
    MESSAGE_ID = "#goal-error"

    def __init__(self, year: int, metric: str, project: str,
                 save: Callable[[YearGoalRequest], None]) -> None:
        super().__init__()
        translate_bindings(self)
        self.year = year
        self.metric = metric
        self.project = project
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("goals.form.title", year=self.year), classes="dialog-title")
            yield Label(t("goals.form.metric"))
            yield Select([(t(f"goals.metric.{m}"), m) for m in METRICS], value=self.metric,
                         allow_blank=False, id="goal-metric")
            yield Label(t("goals.form.year"))
            yield Input(str(self.year), id="goal-year", max_length=4)
            yield Label(t("goals.form.target"))
            yield Input(placeholder=t("goals.form.target_placeholder"), id="goal-target")
            yield Label(t("goals.form.project"))
            yield Input(self.project, placeholder="S.M.A.R.T 345", id="goal-project")
            yield Label(t("goals.form.split"))
            yield Select([(t(f"goals.split.{s}"), s) for s in SPLITS], value="working_days",
                         allow_blank=False, id="goal-split")
            yield Label(t("goals.form.months"))
            yield Input(placeholder=t("goals.form.months_placeholder"), id="goal-months")
            yield Static("", classes="dialog-error", id="goal-error")
            with Horizontal():
                yield Button(t("goals.form.save"), variant="primary", id="goal-save")
                yield Button(t("goals.form.cancel"), id="goal-cancel")

    def draft_key(self) -> str:
        return "goal.year"

    def on_mount(self) -> None:
        self.query_one("#goal-target", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "goal-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def request(self) -> YearGoalRequest:
        return year_goal_request(str(self.query_one("#goal-metric", Select).value),
                                 self.query_one("#goal-year", Input).value,
                                 self.query_one("#goal-target", Input).value,
                                 self.query_one("#goal-project", Input).value,
                                 str(self.query_one("#goal-split", Select).value),
                                 self.query_one("#goal-months", Input).value)

    def save_form(self) -> None:
        try:
            self.save(self.request())
        except (Refused, ValueError) as error:
            self.query_one("#goal-error", Static).update(str(error))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class MonthTargetForm(DraftForm[bool]):
    """Type one month's target by hand; its weeks and days are split again."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MonthTargetForm")
    BINDINGS = [
        Binding("ctrl+s", "save", "@goals.form.save", id="month_form.save", priority=True),
        Binding("escape", "cancel", "@goals.form.cancel", id="month_form.cancel"),
    ]
    MESSAGE_ID = "#month-error"

    def __init__(self, title: str, current: int, save: Callable[[int], None]) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.current = current
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Label(t("goals.form.target"))
            yield Input(f"{self.current}", id="month-target")
            yield Static("", classes="dialog-error", id="month-error")
            with Horizontal():
                yield Button(t("goals.form.save"), variant="primary", id="month-save")
                yield Button(t("goals.form.cancel"), id="month-cancel")

    def draft_key(self) -> str:
        return f"goal.month.{self.title_text}"  # the title names the month and the metric

    def on_mount(self) -> None:
        self.query_one("#month-target", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "month-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def save_form(self) -> None:
        try:
            self.save(parse_target(self.query_one("#month-target", Input).value))
        except (Refused, ValueError) as error:
            self.query_one("#month-error", Static).update(str(error))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


@dataclass(frozen=True)
class GoalSettingsValues:
    weekdays: str  # "1,2,3,4,5,6"
    skip_holidays: bool
    min_sales: str
    window: str  # "month" or a number of days


class GoalSettingsForm(DraftForm[bool]):
    """Working weekdays, holidays, and what makes a partner active."""

    DEFAULT_CSS = DIALOG_CSS.format(name="GoalSettingsForm")
    BINDINGS = [
        Binding("ctrl+s", "save", "@goals.form.save", id="settings_form.save", priority=True),
        Binding("escape", "cancel", "@goals.form.cancel", id="settings_form.cancel"),
    ]
    MESSAGE_ID = "#set-error"

    def __init__(self, values: GoalSettingsValues,
                 save: Callable[[GoalSettingsValues], None]) -> None:
        super().__init__()
        translate_bindings(self)
        self.values = values
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("goals.settings.title"), classes="dialog-title")
            yield Label(t("goals.settings.weekdays"))
            yield Input(self.values.weekdays, id="set-weekdays")
            yield Checkbox(t("goals.settings.skip_holidays"), self.values.skip_holidays,
                           id="set-holidays")
            yield Label(t("goals.settings.min_sales"))
            yield Input(self.values.min_sales, id="set-min-sales")
            yield Label(t("goals.settings.window"))
            yield Input(self.values.window, id="set-window")
            yield Static("", classes="dialog-error", id="set-error")
            with Horizontal():
                yield Button(t("goals.form.save"), variant="primary", id="set-save")
                yield Button(t("goals.form.cancel"), id="set-cancel")

    def draft_key(self) -> str:
        return "goal.settings"

    def on_mount(self) -> None:
        self.query_one("#set-weekdays", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "set-save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_save()

    def save_form(self) -> None:
        values = GoalSettingsValues(
            self.query_one("#set-weekdays", Input).value.strip(),
            self.query_one("#set-holidays", Checkbox).value,
            self.query_one("#set-min-sales", Input).value.strip(),
            self.query_one("#set-window", Input).value.strip())
        try:
            self.save(values)
        except (Refused, ValueError) as error:
            self.query_one("#set-error", Static).update(str(error))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
