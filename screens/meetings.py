"""Meetings: the agenda, the live notes, the items read from them, a timer.

Nothing typed is lost: every change is saved within a second (a short
debounce, and a maximum wait that continuous typing cannot push back), and
again on leaving the screen, on quit and when the terminal closes (the app
calls `flush_drafts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from branchdash.clock import utc_now
from branchdash.i18n import format_duration, format_short_date, t
from branchdash.meetings import (
    Action,
    AgendaSection,
    MeetingInfo,
    action_text,
    agenda_and_carried,
    commit_notes,
    end_meeting,
    export_minutes,
    get_meeting,
    load_note,
    meeting_to_open,
    minutes_folder,
    past_meetings,
    roster,
    save_note,
    set_action_due,
    set_action_owner,
    set_action_status,
    set_relayed,
    start_meeting,
)
from branchdash.notes import ACTION, DECISION, NoteItem, parse_due, parse_notes, set_done
from branchdash.notes import set_due as line_set_due
from branchdash.notes import set_owner as line_set_owner
from branchdash.worker_connection import close_connection

from .base import BranchScreen
from .widgets.form_draft import store_problem
from .widgets.meeting_dialogs import BrowseDialog, PromptDialog
from .widgets.notes_editor import NotesEditor
from .widgets.palette import Entry, screen_commands
from .widgets.translated import translate_bindings

# Saved this long after the last keystroke, and never later than MAX_WAIT after
# the first unsaved one, however fast the typing.
DEBOUNCE_SECONDS = 0.3
MAX_WAIT_SECONDS = 0.8
# Lines listed of one agenda section, and open items carried from earlier meetings: a
# branch has dozens; a file with hundreds froze the screen ~100 ms to list them all
# (the minutes still list every one).
LIST_AT_MOST = 50


# The screen's actions in the command palette (the same as its keys).
PALETTE = (
    ("meetings.command.next_topic", "next_topic"),
    ("meetings.command.save", "save"),
    ("meetings.command.end", "end_meeting"),
    ("meetings.command.export", "export"),
    ("meetings.command.browse", "browse"),
)


def _palette_entries(screen: Screen) -> Iterator[Entry]:
    """The Meetings screen's actions in the command palette, in the user's language."""
    if not isinstance(screen, MeetingsScreen):
        return
    for key, action in PALETTE:
        yield t(key), t(key + "_help"), partial(screen.run_action, action)


class ItemsList(OptionList):
    """The parsed items and the open ones carried from earlier meetings."""

    BINDINGS = [
        Binding("x,space", "screen.toggle_item", "@meetings.key.toggle", id="meetings.toggle"),
        Binding("o", "screen.item_owner", "@meetings.key.owner", id="meetings.owner"),
        Binding("d", "screen.item_due", "@meetings.key.due", id="meetings.due"),
        Binding("escape", "screen.focus_notes", "@meetings.key.focus_notes",
                id="meetings.items_back"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        translate_bindings(self)


class AgendaList(OptionList):
    BINDINGS = [
        Binding("r", "screen.relay", "@meetings.key.relay", id="meetings.relay"),
        Binding("x,space", "screen.toggle_agenda", "@meetings.key.toggle",
                id="meetings.agenda_toggle"),
        Binding("escape", "screen.focus_notes", "@meetings.key.focus_notes",
                id="meetings.agenda_back"),
    ]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        translate_bindings(self)


class MeetingsScreen(BranchScreen):
    TITLE_KEY = "mode.meetings"
    # Reading past minutes; the notes are read-only then (on_mount).
    READ_ONLY_ACTIONS = frozenset({"browse", "cycle_focus", "focus_notes"})
    CSS_PATH = "meetings.tcss"
    COMMANDS = {screen_commands(_palette_entries)}
    BINDINGS = [
        Binding("ctrl+n", "next_topic", "@meetings.key.next_topic", id="meetings.next_topic"),
        Binding("ctrl+o", "cycle_focus", "@meetings.key.focus_items", id="meetings.cycle"),
        Binding("ctrl+s", "save", "@meetings.key.save", id="meetings.save"),
        Binding("ctrl+b", "browse", "@meetings.key.browse", id="meetings.browse"),
        Binding("f9", "export", "@meetings.key.export", id="meetings.export"),
        Binding("f10", "end_meeting", "@meetings.key.end", id="meetings.end"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.meeting: MeetingInfo | None = None
        self.revision = 0
        self.saved_text = ""
        self.agenda: list[AgendaSection] = []
        self.carried: list[Action] = []
        self.items: list[NoteItem] = []
        self.topic = -1
        self._debounce: Timer | None = None
        self._max_wait: Timer | None = None
        self._save_error = False
        self._items_shown: object = None
        self._timer_shown: Text | None = None
        self._clock_timer: Timer | None = None
        self._under_dialog = False
        self._asked_for: str | None = None  # a meeting asked for (a Today block, a restart)

    def body(self) -> ComposeResult:
        with Horizontal(id="meeting-columns"):
            with Vertical(id="notes-column"):
                yield Static("", id="meeting-title", markup=False)
                yield NotesEditor(id="notes")
                yield Static("", id="save-status", markup=False)
            with Vertical(id="side-column"):
                yield Static("", id="meeting-timer", markup=False)
                yield AgendaList(id="agenda")
                yield Static(t("meetings.items_title"), id="items-title", markup=False)
                yield ItemsList(id="items")

    @property
    def editor(self) -> NotesEditor:
        return self.query_one("#notes", NotesEditor)

    def on_mount(self) -> None:
        super().on_mount()
        self.editor.read_only = self.read_only  # the display mode: notes to read
        self._clock_timer = self.set_interval(1.0, self._show_timer, name="meeting-timer")
        # The meeting is chosen on resume, which follows the first mount too.

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if not self.is_current:
            return  # built out of view (the app prepares screens): chosen when shown
        if self._clock_timer is not None:
            self._clock_timer.resume()
        if self._under_dialog:
            self._under_dialog = False  # back from a dialog of this screen: stay put
            return
        self._open_requested()

    def on_screen_suspend(self) -> None:
        # A dialog pushed on top stays in this mode's stack; a mode switch leaves it.
        self._under_dialog = self in self.app.screen_stack and self.app.screen is not self
        if self._clock_timer is not None and not self._under_dialog:
            self._clock_timer.pause()  # nobody sees it until the screen is back
        self.flush_drafts()

    # --- which meeting --------------------------------------------------------------------

    def _open_requested(self) -> None:
        """Open what the app asked for (a Today block, a restart after a kill), else the
        meeting in progress or today's next one; the cursor goes to the notes."""
        requested = getattr(self.branch_app, "pending_meeting", None)
        if requested:
            self.branch_app.pending_meeting = None
            self._asked_for = requested
            self.show_meeting(requested)
        elif (self.meeting is not None and self.meeting.id == self._asked_for
              and get_meeting(self._asked_for).status != "ended"):
            pass  # a meeting opened on purpose stays open until it ends
        else:
            self._asked_for = None
            if self.read_only:  # the display mode makes no meeting: the latest one
                latest = past_meetings(self.branch_app.branch.id, 1)
                if not latest:
                    return
                target = latest[0]
            else:
                target = meeting_to_open(self.branch_app.branch.id, self.now())
            if self.meeting is None or self.meeting.id != target.id:
                self.show_meeting(target.id)
        self.editor.focus()

    def show_meeting(self, meeting_id: str) -> None:
        if self.meeting is not None and self.meeting.id != meeting_id:
            self.flush_drafts()
        self.meeting = get_meeting(meeting_id)
        note = load_note(meeting_id)
        self.revision = note.revision
        self.saved_text = note.text
        editor = self.editor
        # Completing owners is the only use of the roster: read after the first frame.
        editor.expect_roster(partial(roster, self.meeting.branch_id))
        self._load_roster(self.meeting.branch_id)
        editor.load_text(note.text)
        row = min(note.cursor[0], max(editor.document.line_count - 1, 0))
        column = min(note.cursor[1], len(editor.document.get_line(row)))
        editor.move_cursor((row, column))
        self.topic = -1
        if note.interrupted and note.saved_at is not None:
            self.notify(t("meetings.recovered", time=self._hms(note.saved_at)), timeout=8)
        self.refresh_data()
        self._show_saved(note.saved_at)

    def refresh_data(self) -> None:
        if self.meeting is None:
            return
        self.meeting = get_meeting(self.meeting.id)
        meeting = self.meeting
        head = Text(f"{format_short_date(meeting.date)}  {meeting.shown_title}", style="bold")
        head.append(f"  {t('meetings.status_' + meeting.status)}", style="dim")
        self.query_one("#meeting-title", Static).update(head)
        self._draw_items()
        self._show_timer()
        self._load_agenda(meeting)

    @work(thread=True, exclusive=True, group="meeting-agenda", exit_on_error=False,
          description="read the meeting's agenda")
    def _load_agenda(self, meeting: MeetingInfo) -> None:
        """The agenda queries several areas; the notes are usable before it arrives."""
        try:
            agenda, carried = agenda_and_carried(meeting)
        finally:
            close_connection()
        self.app.call_from_thread(self._agenda_loaded, meeting.id, agenda, carried)

    @work(thread=True, exclusive=True, group="meeting-roster", exit_on_error=False,
          description="read the roster for owner completion")
    def _load_roster(self, branch_id: str) -> None:
        try:
            names = roster(branch_id)
        finally:
            close_connection()
        self.app.call_from_thread(self._roster_loaded, names)

    def _roster_loaded(self, names: list[str]) -> None:
        self.editor.roster = names

    def _agenda_loaded(self, meeting_id: str, agenda: list[AgendaSection],
                       carried: list[Action]) -> None:
        if self.meeting is None or self.meeting.id != meeting_id:
            return  # another meeting was opened meanwhile
        self.agenda, self.carried = agenda, carried
        self._draw_agenda()
        self._draw_items()

    def on_minute(self, now: object) -> None:
        pass  # the timer redraws each second; the agenda when the meeting changes

    # --- drawing ---------------------------------------------------------------------------

    def _draw_agenda(self) -> None:
        listing = self.query_one("#agenda", AgendaList)
        keep = listing.highlighted
        options: list[Option] = []
        for index, section in enumerate(self.agenda):
            style = "bold reverse" if index == self.topic else "bold"
            options.append(Option(Text(section.title, style=style), id=f"section:{index}"))
            for number, line in enumerate(section.lines[:LIST_AT_MOST]):
                mark = "✓ " if line.done else "· "
                option_id = (f"{line.ref_kind}:{line.ref_id}" if line.ref_kind
                             else f"line:{index}:{number}")
                options.append(Option(Text(mark + line.text, style="dim" if line.done else ""),
                                      id=option_id))
            if len(section.lines) > LIST_AT_MOST:
                options.append(_more_line(len(section.lines) - LIST_AT_MOST))
        listing.set_options(options)
        if keep is not None and keep < len(options):
            listing.highlighted = keep

    def _draw_items(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        items = parse_notes(self.editor.text, meeting.date)
        shown = (items, [a.id for a in self.carried])
        if shown == self._items_shown:
            return  # unchanged: rebuilding the list would only cost a relayout
        self._items_shown = shown
        self.items = items
        listing = self.query_one("#items", ItemsList)
        keep = listing.highlighted
        options: list[Option] = []
        for item in self.items:
            options.append(Option(self._item_text(item), id=f"note:{item.line}"))
        for action in self.carried[:LIST_AT_MOST]:  # the oldest first
            line = Text("☐ ", style="bold")
            line.append(action_text(action))
            line.append(f"  {t('meetings.carried_from')}", style="dim italic")
            options.append(Option(line, id=f"action:{action.id}"))
        if len(self.carried) > LIST_AT_MOST:
            options.append(_more_line(len(self.carried) - LIST_AT_MOST))
        if not options:
            options.append(Option(Text(t("meetings.no_items"), style="italic dim"),
                                  disabled=True))
        listing.set_options(options)
        if keep is not None and keep < len(options):
            listing.highlighted = keep

    def _item_text(self, item: NoteItem) -> Text:
        if item.kind == ACTION:
            line = Text("☑ " if item.done else "☐ ", style="bold")
            line.append(item.text, style="dim strike" if item.done else "")
            if item.owner:
                line.append(f" @{item.owner}", style="cyan")
            if item.due is not None:
                line.append(f" ~{format_short_date(item.due)}", style="yellow")
            elif item.due_text:
                line.append(f" ~{item.due_text}?", style="red")
            return line
        mark = "! " if item.kind == DECISION else "> "
        return Text(mark + item.text, style="bold magenta" if item.kind == DECISION else "green")

    def _show_timer(self) -> None:
        # Called every second: repaint only when the words change (a meeting not yet
        # started or ended keeps its line for hours), and only the one line:
        # update(layout=False) spares the typing next to it a relayout.
        shown = self._timer_text()
        if shown == self._timer_shown:
            return
        self._timer_shown = shown
        self.query_one("#meeting-timer", Static).update(shown, layout=False)

    def _timer_text(self) -> Text:
        meeting = self.meeting
        if meeting is None:
            return Text(t("meetings.no_meeting"))
        planned = 0
        if meeting.start is not None and meeting.end is not None:
            planned = ((meeting.end.hour * 60 + meeting.end.minute)
                       - (meeting.start.hour * 60 + meeting.start.minute))
        if meeting.started_at is None:
            return Text(t("meetings.timer_not_started"), style="dim")
        until = meeting.ended_at or utc_now()
        elapsed = max(0, int((until - meeting.started_at).total_seconds()))
        minutes, seconds = divmod(elapsed, 60)
        clock = f"{minutes:d}:{seconds:02d}"
        if meeting.ended_at is not None:
            return Text(t("meetings.timer_ended", elapsed=format_duration(minutes)),
                        style="dim")
        if planned and minutes >= planned:
            return Text(t("meetings.timer_over", elapsed=clock,
                          over=format_duration(minutes - planned)), style="bold red")
        return Text(t("meetings.timer", elapsed=clock,
                      planned=format_duration(planned) if planned else "–"), style="bold")

    def _show_saved(self, saved_at: object) -> None:
        status = self.query_one("#save-status", Static)
        if saved_at is None:
            status.update("", layout=False)
        else:
            status.update(Text(t("meetings.saved_at", time=self._hms(saved_at)), style="dim"),
                          layout=False)

    def _hms(self, moment: object) -> str:
        return moment.in_timezone(self.branch_app.clock.timezone).format("HH:mm:ss")  # type: ignore[attr-defined]

    # --- saving ----------------------------------------------------------------------------

    @on(TextArea.Changed, "#notes")
    def _typed(self) -> None:
        if self.meeting is None or self.editor.text == self.saved_text:
            return
        if self.meeting.status == "planned":
            self.meeting = start_meeting(self.meeting.id)
            self.refresh_data()
        if self._debounce is None:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._autosave)
        else:
            self._debounce.reset()
        if self._max_wait is None:
            self._max_wait = self.set_timer(MAX_WAIT_SECONDS, self._autosave)
            # Once per unsaved stretch, not per key: a redraw per key slows typing.
            # One line of fixed size: no relayout of the whole screen for it.
            self.query_one("#save-status", Static).update(
                Text(t("meetings.unsaved"), style="dim"), layout=False)

    def _autosave(self) -> None:
        self._save(clean=False)
        self._draw_items()

    def _cancel_timers(self) -> None:
        for timer in (self._debounce, self._max_wait):
            if timer is not None:
                timer.stop()
        self._debounce = self._max_wait = None

    def _marker(self) -> str:
        return t("meetings.conflict_marker", time=self.now().format("HH:mm:ss"))

    def _save(self, *, clean: bool) -> bool:
        """Write the notes now. Returns False when the write failed (kept for a retry)."""
        self._cancel_timers()
        meeting = self.meeting
        if meeting is None:
            return True
        editor = self.editor
        text = editor.text
        if text == self.saved_text and (not clean or (self.revision == 0 and not text)):
            return True  # nothing new (and no note to make for an untouched meeting)
        try:
            if clean:
                result = commit_notes(meeting, text, self.revision, editor.cursor_location,
                                      self._marker)
            else:
                result = save_note(meeting.id, text, self.revision, editor.cursor_location,
                                   marker=self._marker)
        except Exception as error:  # a locked or full disk: keep the text, tell, retry
            if not self._save_error:
                self.notify(notes_failure_message(error), severity="error", timeout=10)
            self._save_error = True
            self._max_wait = self.set_timer(MAX_WAIT_SECONDS, self._autosave)
            return False
        self._save_error = False
        self.revision = result.revision
        self.saved_text = result.text
        if result.conflict:
            cursor = editor.cursor_location
            editor.load_text(result.text)
            editor.move_cursor(cursor)
            self.notify(t("meetings.conflict"), severity="warning", timeout=12)
        self._show_saved(utc_now())
        return True

    def flush_drafts(self) -> None:
        """Save now, cleanly (the app calls this on quit and on SIGHUP/SIGTERM)."""
        if self.read_only:
            return
        if self.meeting is not None and self.is_mounted:
            self._save(clean=True)

    def action_save(self) -> None:
        self.flush_drafts()
        self.refresh_data()

    # --- keys --------------------------------------------------------------------------------

    def action_focus_notes(self) -> None:
        self.editor.focus()

    def action_cycle_focus(self) -> None:
        order = [self.editor, self.query_one("#items", ItemsList),
                 self.query_one("#agenda", AgendaList)]
        focused = self.focused
        index = next((i for i, widget in enumerate(order) if widget is focused), -1)
        target = order[(index + 1) % len(order)]
        target.focus()
        if isinstance(target, OptionList) and target.highlighted is None and target.option_count:
            target.highlighted = 0

    def action_next_topic(self) -> None:
        """Move to the next agenda section and put its heading at the end of the notes."""
        if self.meeting is None or not self.agenda:
            return
        if self.topic + 1 >= len(self.agenda):
            self.notify(t("meetings.next_topic_none"))
            return
        self.topic += 1
        section = self.agenda[self.topic]
        editor = self.editor
        text = editor.text
        last = editor.document.line_count - 1
        end = (last, len(editor.document.get_line(last)))
        prefix = "" if not text.strip() else ("\n" if text.endswith("\n") else "\n\n")
        editor.insert(f"{prefix}## {section.title}\n", end)
        editor.move_cursor(editor.document.end)
        self._draw_agenda()
        listing = self.query_one("#agenda", AgendaList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index(f"section:{self.topic}")
        listing.scroll_to_highlight(top=True)
        editor.focus()

    def _chosen(self, listing: OptionList) -> str | None:
        option = listing.highlighted_option
        if option is None or option.id is None:
            self.notify(t("meetings.no_item"), severity="warning")
            return None
        return option.id

    def _note_line(self, option_id: str) -> int | None:
        return int(option_id.split(":", 1)[1]) if option_id.startswith("note:") else None

    def _rewrite_line(self, row: int, change: Callable[[str], str]) -> None:
        editor = self.editor
        old = editor.document.get_line(row)
        new = change(old)
        if new != old:
            editor.replace(new, (row, 0), (row, len(old)))
            self._save(clean=False)
            self._draw_items()

    def action_toggle_item(self) -> None:
        option_id = self._chosen(self.query_one("#items", ItemsList))
        if option_id is None:
            return
        row = self._note_line(option_id)
        if row is not None:
            item = next((i for i in self.items if i.line == row), None)
            if item is not None and item.kind == ACTION:
                self._rewrite_line(row, lambda line: set_done(line, not item.done))
            return
        if option_id.startswith("action:"):
            set_action_status(option_id.split(":", 1)[1], True)
            self.refresh_data()

    def action_toggle_agenda(self) -> None:
        option_id = self._chosen(self.query_one("#agenda", AgendaList))
        if option_id is None:
            return
        if option_id.startswith("action:"):
            set_action_status(option_id.split(":", 1)[1], True)
            self.refresh_data()
        elif option_id.startswith("directive:"):
            self.action_relay()

    def action_relay(self) -> None:
        option_id = self._chosen(self.query_one("#agenda", AgendaList))
        if option_id is None or self.meeting is None:
            return
        if not option_id.startswith("directive:"):
            self.notify(t("meetings.not_a_directive"), severity="warning")
            return
        directive_id = option_id.split(":", 1)[1]
        line = next(line for section in self.agenda for line in section.lines
                    if line.ref_id == directive_id)
        set_relayed(self.meeting.id, directive_id, not line.done)
        self.notify(t("meetings.unrelayed" if line.done else "meetings.relayed",
                      title=line.text))
        self.refresh_data()

    def action_item_owner(self) -> None:
        option_id = self._chosen(self.query_one("#items", ItemsList))
        if option_id is None or self.meeting is None:
            return
        row = self._note_line(option_id)
        current = ""
        if row is not None:
            item = next((i for i in self.items if i.line == row), None)
            if item is None or item.kind != ACTION:
                return
            current = item.owner
        else:
            current = next((a.owner for a in self.carried
                            if f"action:{a.id}" == option_id), "")
        names = self.editor.roster
        meeting = self.meeting

        def chosen(value: str | None) -> None:
            if value is None:
                return
            owner = "".join(value.split())
            if owner and owner not in names:
                self.notify(t("meetings.owner_unknown", name=owner), severity="warning")
            if row is not None:
                self._rewrite_line(row, lambda line: line_set_owner(line, owner))
            else:
                set_action_owner(meeting.branch_id, option_id.split(":", 1)[1], owner)
                self.refresh_data()

        self.app.push_screen(PromptDialog(t("meetings.owner_prompt"), current, names), chosen)

    def action_item_due(self) -> None:
        option_id = self._chosen(self.query_one("#items", ItemsList))
        if option_id is None or self.meeting is None:
            return
        row = self._note_line(option_id)
        current = ""
        if row is not None:
            item = next((i for i in self.items if i.line == row), None)
            if item is None or item.kind != ACTION:
                return
            current = f"{item.due.month}/{item.due.day}" if item.due else item.due_text
        today = self.meeting.date

        def chosen(value: str | None) -> None:
            if value is None:
                return
            value = value.strip()
            due = parse_due(value, today) if value else None
            if value and due is None:
                self.notify(t("meetings.due_invalid", value=value), severity="error",
                            timeout=8)
                return
            if row is not None:
                self._rewrite_line(row, lambda line: line_set_due(line, due))
            else:
                set_action_due(option_id.split(":", 1)[1], due)
                self.refresh_data()

        self.app.push_screen(PromptDialog(t("meetings.due_prompt"), current), chosen)

    def action_browse(self) -> None:
        def chosen(meeting_id: str | None) -> None:
            if meeting_id:
                self.show_meeting(meeting_id)
                self.editor.focus()

        self.app.push_screen(BrowseDialog(self.branch_app.branch.id), chosen)

    def action_export(self) -> None:
        if self.meeting is None:
            return
        self.flush_drafts()
        try:
            path = export_minutes(self.meeting.id, minutes_folder())
        except OSError as error:
            self.notify(t("meetings.export_failed", error=error.strerror or error),
                        severity="error")
            return
        self.notify(t("meetings.exported", path=_short(path)), timeout=8)

    def action_end_meeting(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        if meeting.status == "ended":
            self.notify(t("meetings.already_ended"))
            return
        self._cancel_timers()
        editor = self.editor
        result = end_meeting(meeting, editor.text, self.revision, editor.cursor_location,
                             self._marker)
        self.revision, self.saved_text = result.revision, result.text
        try:
            path = export_minutes(meeting.id, minutes_folder())
            self.notify(t("meetings.ended", path=_short(path)), timeout=8)
        except OSError as error:
            self.notify(t("meetings.export_failed", error=error.strerror or error),
                        severity="error")
        self.refresh_data()


def notes_failure_message(error: BaseException) -> str:
    """Why the notes were not saved, in words: a full disk or another copy saving is
    named as such, never shown as the chained sqlite/peewee text."""
    problem = store_problem(error)
    if problem == "full":
        return t("drafts.notes.full")
    if problem == "locked":
        return t("drafts.notes.locked")
    return t("meetings.save_failed", error=error)


def _short(path: Path) -> str:
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def _more_line(count: int) -> Option:
    return Option(Text(t("meetings.more_listed", count=count), style="dim italic"),
                  disabled=True)
