"""A light drop-down for the roster's filters: one line showing the chosen label that
opens a modal list of the choices (with a search box when the list is long).

Textual's `Select` composes an overlay and an OptionList for each drop-down, and its
styles (and a Button's: 7 kB of CSS) are parsed the first time one mounts: that was
more than half of the roster's first frame at region scale. A `DropButton` is one
Static with a few lines of style; the list is built only when the user opens it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from branchdash.hangul import matches
from branchdash.i18n import t

from .translated import translate_bindings

SHOWN = 50  # a searchable list shows at most this many matches


class ChoicePicker(ModalScreen[str | None]):
    """Choose one of `choices` ((value, label) pairs); returns its value, or None when
    cancelled.

    With `search` (the box's placeholder) the user types part of a label (초성 too)
    and only the matches are listed, at most `SHOWN`: a region's 500 teams would take
    seconds to build as options. `pinned` choices head the list while nothing is typed.
    """

    READ_ONLY_ACTIONS = frozenset({"down", "up"})  # choosing what to see changes nothing
    DEFAULT_CSS = """
    ChoicePicker {
        align: center middle;
    }
    ChoicePicker > Vertical {
        width: 48;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ChoicePicker OptionList {
        height: auto;
        max-height: 16;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "@partners.form.cancel", id="partners.picker.cancel"),
        Binding("down", "down", show=False),
        Binding("up", "up", show=False),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], *,
                 current: str | None = None, search: str | None = None,
                 pinned: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__()
        translate_bindings(self)
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.search = search
        self.pinned = list(pinned)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, markup=False)
            if self.search is not None:
                yield Input(placeholder=self.search, id="choice-search")
            yield OptionList(id="choice-options")

    def on_mount(self) -> None:
        self._fill("")
        if self.search is not None:
            self.query_one(Input).focus()
        else:
            self.query_one(OptionList).focus()

    def _fill(self, query: str) -> None:
        if self.search is None:
            found, pinned = self.choices, []
        else:
            found = [(value, label) for value, label in self.choices if matches(query, label)]
            pinned = [] if query else self.pinned
        options = [Option(label, id=value) for value, label in pinned]
        options += [Option(label, id=value) for value, label in found[:SHOWN]]
        if len(found) > SHOWN:
            options.append(Option(t("partners.team_picker.more", count=len(found) - SHOWN),
                                  disabled=True))
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        # The cursor starts on what is chosen now, as a drop-down's does.
        ids = [option.id for option in options]
        option_list.highlighted = (ids.index(self.current) if self.current in ids
                                   else 0 if options else None)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            option = option_list.get_option_at_index(option_list.highlighted)
            if not option.disabled:
                self.dismiss(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class DropButton(Static, can_focus=True):
    """Shows "label ▾"; Enter, space, ↓ or a click post `Pressed`."""

    READ_ONLY_ACTIONS = frozenset({"press"})  # it opens a list of what to show
    DEFAULT_CSS = """
    DropButton {
        height: 3;
        border: tall $border-blurred;
        background: $surface;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        pointer: pointer;
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
        }
    }
    """
    BINDINGS = [
        Binding("enter", "press", show=False),
        Binding("space", "press", show=False),
        Binding("down", "press", show=False),
    ]

    class Pressed(Message):
        def __init__(self, button: DropButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> DropButton:
            return self.button

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(f"{label} ▾", id=id, markup=False)
        self._label = label

    @property
    def label(self) -> str:
        return self._label

    @label.setter
    def label(self, label: str) -> None:
        if label != self._label:
            self._label = label
            self.update(f"{label} ▾")

    def action_press(self) -> None:
        if not self.disabled:
            self.post_message(self.Pressed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()


class ChoiceButton(DropButton):
    """A drop-down of fixed choices: opens a `ChoicePicker` on the current one.

    `value` reads and sets the choice (setting it posts `Changed`, as Select does).
    """

    class Changed(Message):
        """The user (or code) chose another value."""

        def __init__(self, choice: ChoiceButton, value: str) -> None:
            super().__init__()
            self.choice = choice
            self.value = value

        @property
        def control(self) -> ChoiceButton:
            return self.choice

    def __init__(self, choices: Sequence[tuple[str, str]], value: str, *, title: str,
                 id: str | None = None) -> None:
        # (label, value) pairs, in Select's order.
        self.choices = list(choices)
        self.picker_title = title
        self._value = value
        super().__init__(self._label_for(value), id=id)

    def _label_for(self, value: str) -> str:
        return next(label for label, choice in self.choices if choice == value)

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if all(choice != value for _, choice in self.choices):
            raise ValueError(f"{value!r} is not one of the choices")
        if value == self._value:
            return
        self._value = value
        self.label = self._label_for(value)
        self.post_message(self.Changed(self, value))

    @on(DropButton.Pressed)
    def _open(self, event: DropButton.Pressed) -> None:
        event.stop()
        picker = ChoicePicker(self.picker_title,
                              [(choice, label) for label, choice in self.choices],
                              current=self._value)
        self.app.push_screen(picker, self._chosen)

    def _chosen(self, value: str | None) -> None:
        if value is not None:
            self.value = value
