"""Dialogs of the Meetings screen: a one-line prompt, and past meetings with search."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from branchdash.i18n import format_short_date, t
from branchdash.meetings import MeetingInfo, past_meetings, search

from .form_draft import DraftForm
from .translated import translate_bindings


class PromptDialog(DraftForm[str | None]):
    """Ask for one line; Enter gives it back, Escape gives None."""

    MESSAGE_ID = "#prompt-error"
    ENTER_SAVES = True
    SAVE_IN_CALLBACK = True  # the Meetings screen writes the answer

    BINDINGS = [Binding("escape", "cancel", "@meetings.cancel", id="meetings.prompt_cancel")]
    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical { width: 60; max-width: 90%; height: auto; border: round $accent;
                              background: $surface; padding: 0 1; }
    PromptDialog #prompt-error { color: $error; height: auto; }
    """

    def __init__(self, question: str, value: str = "", suggestions: list[str] | None = None
                 ) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question
        self.value = value
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Input(self.value, id="prompt-input",
                        suggester=SuggestFromList(self.suggestions, case_sensitive=False)
                        if self.suggestions else None)
            yield Static("", id="prompt-error", markup=False)

    def draft_key(self) -> str:
        return f"prompt.{self.question}.{self.value}"  # the question, for the item as it was

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def show_error(self, message: str) -> None:
        self.query_one("#prompt-error", Static).update(message)

    def save_form(self) -> None:
        self.dismiss(self.query_one("#prompt-input", Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BrowseDialog(ModalScreen[str | None]):
    """Past meetings, newest first; typing searches every note (FTS5). Returns a meeting id."""

    READ_ONLY_ACTIONS = frozenset({"to_list"})  # reading past minutes
    BINDINGS = [Binding("escape", "cancel", "@meetings.cancel", id="meetings.browse_cancel"),
                Binding("down", "to_list", show=False)]
    DEFAULT_CSS = """
    BrowseDialog { align: center middle; }
    BrowseDialog > Vertical { width: 90%; height: 90%; border: round $accent;
                              background: $surface; padding: 0 1; }
    BrowseDialog OptionList { height: 1fr; }
    """

    def __init__(self, branch_id: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.branch_id = branch_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("meetings.browse_title"), style="bold"))
            yield Input(placeholder=t("meetings.search_placeholder"), id="browse-search")
            yield OptionList(id="browse-list")
            yield Static(t("meetings.browse_hint"), markup=False, classes="dim")

    def on_mount(self) -> None:
        self._show_all()
        self.query_one(Input).focus()

    def _line(self, meeting: MeetingInfo, extra: str = "") -> Text:
        line = Text()
        line.append(f"{format_short_date(meeting.date)}  ", style="bold")
        line.append(meeting.shown_title)
        line.append(f"  {t('meetings.status_' + meeting.status)}", style="dim")
        if extra:
            line.append(f"\n   {extra}", style="italic")
        return line

    def _show_all(self) -> None:
        options = [Option(self._line(m), id=m.id) for m in past_meetings(self.branch_id)]
        self.query_one(OptionList).set_options(options)

    @on(Input.Changed)
    def _search(self, event: Input.Changed) -> None:
        words = event.value.strip()
        listing = self.query_one(OptionList)
        if not words:
            self._show_all()
            return
        hits = search(self.branch_id, words)
        if not hits:
            listing.set_options([Option(t("meetings.search_none", words=words), disabled=True)])
            return
        listing.set_options([Option(self._line(hit.meeting, " ".join(hit.snippet.split())),
                                    id=hit.meeting.id) for hit in hits])

    @on(Input.Submitted)
    def _submitted(self) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count and not listing.get_option_at_index(0).disabled:
            self.dismiss(listing.get_option_at_index(listing.highlighted or 0).id)

    def action_to_list(self) -> None:
        listing = self.query_one(OptionList)
        listing.focus()
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
