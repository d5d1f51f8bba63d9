"""Dialogs for one block: the add/edit form, a yes/no question, and the block's details."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from branchdash.i18n import format_date, format_duration, t, title
from branchdash.schedule import KINDS, MEETING_KIND_CHOICES, Block, BlockInput, ScheduleError
from branchdash.schedule import block_input as check_block

from .form_draft import DraftForm
from .translated import translate_bindings

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 64;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-error {{ color: $error; height: auto; }}
{name} .dialog-hint {{ color: $text-muted; height: auto; }}
"""


class BlockForm(DraftForm[BlockInput | None]):
    """Add or edit a block; dismisses with the checked block, or None when cancelled."""

    DEFAULT_CSS = DIALOG_CSS.format(name="BlockForm") + """
    BlockForm Horizontal { height: auto; }
    BlockForm .time-field { width: 1fr; height: auto; }
    BlockForm Input { width: 100%; }
    BlockForm Select { width: 100%; }
    BlockForm Label { margin-top: 0; color: $text-muted; }
    BlockForm #meeting-kind-row { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "@today.form.save", id="block_form.save", priority=True),
        Binding("escape", "cancel", "@today.form.cancel", id="block_form.cancel"),
    ]
    MESSAGE_ID = "#block-error"
    ENTER_SAVES = True
    SAVE_IN_CALLBACK = True  # Today (or the routine editor) writes the block

    def __init__(self, heading: str, block: Block | BlockInput | None = None,
                 kind: str = "custom") -> None:
        super().__init__()
        translate_bindings(self)
        self.heading = heading
        self.block = block
        self.kind = block.kind if block is not None else kind

    def compose(self) -> ComposeResult:
        block = self.block
        with Vertical():
            yield Static(self.heading, classes="dialog-title", markup=False)
            with Horizontal():
                with Vertical(classes="time-field"):
                    yield Label(t("today.form.start"))
                    yield Input(f"{block.start:%H:%M}" if block else "", id="block-start",
                                placeholder="09:00", max_length=8)
                with Vertical(classes="time-field"):
                    yield Label(t("today.form.end"))
                    yield Input(f"{block.end:%H:%M}" if block else "", id="block-end",
                                placeholder="10:00", max_length=8)
            yield Label(t("today.form.title"))
            yield Input(title(block.title) if block else "", id="block-title", max_length=80,
                        placeholder=t("today.form.title_placeholder"))
            yield Label(t("today.form.kind"))
            yield Select([(t(f"block_kind.{k}"), k) for k in KINDS], value=self.kind,
                         allow_blank=False, id="block-kind")
            with Vertical(id="meeting-kind-row"):
                yield Label(t("today.form.meeting_kind"))
                yield Select([(t(f"today.meeting_kind.{k}"), k) for k in MEETING_KIND_CHOICES],
                             value=(block.meeting_kind if block and block.meeting_kind
                                    else Select.NULL),
                             prompt=t("today.meeting_kind.none"), id="block-meeting-kind")
            yield Static("", classes="dialog-error", id="block-error", markup=False)
            yield Static(t("today.form.hint"), classes="dialog-hint", markup=False)
        yield Footer()

    def draft_key(self) -> str:
        # The heading names the day (or the routine's weekday); a new block has no id.
        block_id = self.block.id if isinstance(self.block, Block) else "new"
        return f"block.{block_id}.{self.heading}"

    def on_mount(self) -> None:
        self._show_meeting_kind(self.kind)
        self.query_one("#block-start", Input).focus()

    @on(Select.Changed, "#block-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_meeting_kind(str(event.value))

    def _show_meeting_kind(self, kind: str) -> None:
        self.query_one("#meeting-kind-row").display = kind == "meeting"

    def _typed(self) -> BlockInput:
        kind = self.query_one("#block-kind", Select).value
        meeting = self.query_one("#block-meeting-kind", Select).value
        typed_title = self.query_one("#block-title", Input).value
        if self.block is not None and typed_title == title(self.block.title):
            typed_title = self.block.title  # unchanged: keep "@key" so it follows the language
        return check_block(
            self.query_one("#block-start", Input).value,
            self.query_one("#block-end", Input).value,
            str(kind),
            typed_title,
            meeting if isinstance(meeting, str) else None,
        )

    def save_form(self) -> None:
        try:
            data = self._typed()
        except ScheduleError as error:
            self.query_one("#block-error", Static).update(error.message())
            return
        self.dismiss(data)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Escape no."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog")
    BINDINGS = [
        Binding("y,enter", "answer(True)", "@today.confirm.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "@today.confirm.no", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="dialog-title", markup=False)
            yield Static(t("today.confirm.hint"), classes="dialog-hint", markup=False)
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class BlockDetail(ModalScreen[str | None]):
    """One block's details; `e` dismisses with "edit", Escape with None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="BlockDetail")
    BINDINGS = [
        Binding("e", "choose('edit')", "@today.key.edit", id="detail.edit"),
        Binding("escape,enter,q", "choose(None)", "@today.form.close", id="detail.close"),
    ]

    def __init__(self, block: Block) -> None:
        super().__init__()
        translate_bindings(self)
        self.block = block

    def compose(self) -> ComposeResult:
        block = self.block
        table = Table.grid(padding=(0, 2))
        table.add_column(style="dim")
        table.add_column()
        table.add_row(t("today.detail.date"), format_date(block.date))
        table.add_row(t("today.detail.time"),
                      f"{block.start:%H:%M}–{block.end:%H:%M} ({format_duration(block.minutes)})")
        table.add_row(t("today.form.kind"), t(f"block_kind.{block.kind}"))
        if block.meeting_kind:
            table.add_row(t("today.form.meeting_kind"),
                          t(f"today.meeting_kind.{block.meeting_kind}"))
        table.add_row(t("today.detail.status"), t(f"today.status.{block.status}"))
        table.add_row(t("today.detail.source"),
                      t("today.detail.from_template") if block.from_template
                      else t("today.detail.own"))
        if block.note:
            table.add_row(t("today.detail.note"), Text(block.note))
        with Vertical():
            yield Static(Text(title(block.title), style="bold"), classes="dialog-title")
            yield Static(table)
        yield Footer()

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
