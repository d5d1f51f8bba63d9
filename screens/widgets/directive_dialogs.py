"""Dialogs of the Directives / Training / Promotions screen: a form, a picker, a
confirmation, a roster chooser; and the parsing of dates and times as typed.

A form keeps what was typed until it is saved: a refused save shows the reason
under the fields and leaves everything in place; Esc discards only after a
second press when something was typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pendulum
from pendulum import Date
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from branchdash.i18n import t

from .form_draft import DraftForm
from .translated import translate_bindings


class InputError(ValueError):
    """Typed text that cannot be read; the message says how to type it."""


# --- reading what was typed --------------------------------------------------------------


def parse_date(text: str, today: Date) -> Date:
    """2026-11-30, 2026.11.30, 11/30, 11-30, 11월 30일 (this year), +3 (in three days),
    "today"/"오늘"."""
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if value in ("today", "오늘", "t"):
        return today
    if re.fullmatch(r"[+-]\d{1,3}", value):
        return today.add(days=int(value))
    parts = re.findall(r"\d+", value)
    if re.fullmatch(r"\d{8}", value):
        parts = [value[:4], value[4:6], value[6:]]
    # No part of a date is longer than its year: twenty digits overflow the date.
    numbers = [int(n) for n in parts] if all(len(n) <= 4 for n in parts) else []
    try:
        if len(numbers) == 3:
            year, month, day = numbers
            if year < 100:
                year += 2000
            return pendulum.date(year, month, day)
        if len(numbers) == 2:
            return pendulum.date(today.year, numbers[0], numbers[1])
    except ValueError:
        pass
    raise InputError(t("directives.form.bad_date", text=text.strip()))


def parse_optional_date(text: str, today: Date) -> Date | None:
    return None if not text.strip() else parse_date(text, today)


def parse_time(text: str) -> dt.time:
    """9:30, 09:30, 0930, 930, 9 (o'clock), 14시 30분."""
    value = unicodedata.normalize("NFKC", text).strip()
    numbers = re.findall(r"\d+", value)
    if any(len(n) > 4 for n in numbers):  # twenty digits overflow the time
        numbers = []
    try:
        if len(numbers) == 1 and len(numbers[0]) in (3, 4):
            digits = numbers[0]
            return dt.time(int(digits[:-2]), int(digits[-2:]))
        if len(numbers) == 1 and len(numbers[0]) <= 2:
            return dt.time(int(numbers[0]), 0)
        if len(numbers) == 2:
            return dt.time(int(numbers[0]), int(numbers[1]))
    except ValueError:
        pass
    raise InputError(t("directives.form.bad_time", text=text.strip()))


def parse_int(text: str, *, signed: bool = False) -> int:
    value = unicodedata.normalize("NFKC", text).strip().replace(",", "").rstrip("%")
    if not value:
        return 0
    # at most 15 digits: int() refuses 4,300 and more, SQLite more than 19
    if re.fullmatch(r"-?\d{1,15}" if signed else r"\d{1,15}", value):
        return int(value)
    raise InputError(t("directives.form.bad_number", text=text.strip()))


def format_day(day: Date | None) -> str:
    return "" if day is None else day.isoformat()


# --- the form ---------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    label: str  # already translated
    value: str = ""
    kind: str = "text"  # text | area | select
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (label, value)
    placeholder: str = ""


class FormDialog(DraftForm[bool]):
    """Fields, then `submit(values)`: it saves and returns None, or returns the reason
    it refused (shown under the fields; nothing typed is lost). Dismisses True once saved."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FormDialog #form-title { text-style: bold; }
    FormDialog VerticalScroll { height: auto; max-height: 70vh; }
    FormDialog Label { margin-top: 1; color: $text-muted; }
    FormDialog Input {
        border: none; height: 1; padding: 0 1; background: $boost;
    }
    FormDialog Input:focus { background: $primary 30%; }
    FormDialog TextArea, FormDialog TextArea:focus { border: none; height: 4; }
    FormDialog TextArea { background: $boost; }
    FormDialog TextArea:focus { background: $primary 20%; }
    FormDialog #form-error { color: $error; height: auto; }
    FormDialog #form-hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@directives.key.save", id="directives.form.save",
                priority=True),
        Binding("escape", "cancel", "@directives.key.cancel", id="directives.form.cancel"),
        # A priority binding moves the focus before the next key is read, so that fast
        # typing after Enter lands in the next field (an Input's own Submitted message
        # would arrive after the following keys).
        Binding("enter", "next_field", "@directives.key.next_field",
                id="directives.form.next", priority=True, show=False),
    ]
    MESSAGE_ID = "#form-error"

    def __init__(self, title: str, fields: list[Field],
                 submit: Callable[[dict[str, str]], str | None]) -> None:
        super().__init__()
        translate_bindings(self)
        self.form_title = title
        self.fields = fields
        self.submit = submit
        self._armed_cancel = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.form_title, id="form-title", markup=False)
            with VerticalScroll(can_focus=False):
                for item in self.fields:
                    yield Label(item.label)
                    widget_id = f"field-{item.name}"
                    if item.kind == "area":
                        area = TextArea(item.value, id=widget_id, soft_wrap=True,
                                        tab_behavior="focus")
                        yield area
                    elif item.kind == "select":
                        yield Select([(label, value) for label, value in item.options],
                                     value=item.value or Select.BLANK, allow_blank=False,
                                     id=widget_id)
                    else:
                        yield Input(item.value, placeholder=item.placeholder, id=widget_id)
            yield Static("", id="form-error", markup=False)
            yield Static(t("directives.form.hint"), id="form-hint", markup=False)

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in self.fields:
            widget = self.query_one(f"#field-{item.name}")
            if isinstance(widget, TextArea):
                out[item.name] = widget.text
            elif isinstance(widget, Select):
                out[item.name] = "" if widget.value is Select.BLANK else str(widget.value)
            elif isinstance(widget, Input):
                out[item.name] = widget.value
        return out

    def draft_key(self) -> str:
        return f"form.{self.form_title}"  # the title names the row being edited

    def on_mount(self) -> None:
        self._initial = self.values()
        # The first field, not the scrolling box around the fields.
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def _changed(self) -> bool:
        return self.values() != self._initial

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            # Enter is a new line in a text area and opens a drop-down list.
            return isinstance(self.focused, Input)
        return True

    def action_next_field(self) -> None:
        fields = [w for w in self.query("Input, TextArea, Select") if w.focusable]
        if fields and self.focused is fields[-1]:
            self.action_save()
        else:
            self.focus_next()

    def save_form(self) -> None:
        try:
            error = self.submit(self.values())
        except InputError as problem:
            error = str(problem)
        if error:
            self.query_one("#form-error", Static).update(error)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        if self._changed() and not self._armed_cancel:
            self._armed_cancel = True
            self.query_one("#form-error", Static).update(t("directives.form.discard"))
            return
        self.dismiss(False)


# --- pick one -------------------------------------------------------------------------------


class PickDialog(ModalScreen[str | None]):
    """Choose one of `choices` ((id, text)); Enter picks, Esc cancels."""

    DEFAULT_CSS = """
    PickDialog { align: center middle; }
    PickDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickDialog #pick-title { text-style: bold; }
    PickDialog OptionList { height: auto; max-height: 20; }
    PickDialog #pick-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "@directives.key.cancel", id="directives.pick.cancel"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, Text | str]], empty: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.pick_title = title
        self.choices = choices
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.pick_title, id="pick-title", markup=False)
            if self.choices:
                yield OptionList(*(Option(text, id=choice_id)
                                   for choice_id, text in self.choices), id="pick-list")
                yield Static(t("directives.pick.hint"), id="pick-hint", markup=False)
            else:
                yield Static(self.empty, markup=False)
                yield Static(t("directives.pick.hint_empty"), id="pick-hint", markup=False)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- yes or no ------------------------------------------------------------------------------


class ConfirmDialog(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: round $warning; background: $surface; padding: 1 2;
    }
    ConfirmDialog #confirm-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "@directives.key.yes", id="directives.confirm.yes"),
        Binding("n,escape", "answer(False)", "@directives.key.no", id="directives.confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Static(t("directives.confirm.hint"), id="confirm-hint", markup=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


# --- choose people ---------------------------------------------------------------------------


class RosterDialog(ModalScreen[list[str] | None]):
    """Tick partners on the roster (typed letters filter the list). Returns the ticked ids."""

    DEFAULT_CSS = """
    RosterDialog { align: center middle; }
    RosterDialog > Vertical {
        width: 70; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    RosterDialog #roster-title { text-style: bold; }
    RosterDialog SelectionList { height: 1fr; }
    RosterDialog #roster-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@directives.key.save", id="directives.roster.save",
                priority=True),
        Binding("ctrl+a", "suggested", "@training.key.suggested",
                id="directives.roster.suggested", priority=True),
        Binding("escape", "cancel", "@directives.key.cancel", id="directives.roster.cancel"),
    ]

    def __init__(self, title: str, people: list[tuple[str, str]], chosen: set[str],
                 suggested: list[str]) -> None:
        """`people`: (partner id, text shown)."""
        super().__init__()
        translate_bindings(self)
        self.roster_title = title
        self.people = people
        self.chosen = set(chosen)
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.roster_title, id="roster-title", markup=False)
            yield Input(placeholder=t("training.roster.filter"), id="roster-filter")
            yield SelectionList[str](id="roster-list")
            yield Static(t("training.roster.hint"), id="roster-hint", markup=False)

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(SelectionList).focus()

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        listing = self.query_one("#roster-list", SelectionList)
        listing.clear_options()
        listing.add_options([
            Selection(shown, pid, pid in self.chosen) for pid, shown in self.people
            if all(word in shown.casefold() for word in words)
        ])
        self._count()

    def _count(self) -> None:
        self.query_one("#roster-title", Static).update(
            f"{self.roster_title}  ({t('training.roster.count', count=len(self.chosen))})")

    @on(Input.Changed, "#roster-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#roster-filter")
    def _to_list(self) -> None:
        self.query_one(SelectionList).focus()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        pid = str(event.selection.value)
        if pid in self.chosen:
            self.chosen.discard(pid)
        else:
            self.chosen.add(pid)
        self._count()

    def on_key(self, event: object) -> None:
        # Typing a letter in the list starts filtering by name.
        key = getattr(event, "character", None)
        listing = self.query_one(SelectionList)
        if listing.has_focus and key and key.isprintable() and key not in (" ",):
            box = self.query_one("#roster-filter", Input)
            box.focus()
            box.insert_text_at_cursor(key)
            event.stop()  # type: ignore[attr-defined]

    def action_suggested(self) -> None:
        self.chosen.update(self.suggested)
        self._fill(self.query_one("#roster-filter", Input).value)

    def action_save(self) -> None:
        self.dismiss(sorted(self.chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
