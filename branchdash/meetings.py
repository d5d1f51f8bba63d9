"""Meetings: which one to open, its agenda, its notes (saved as typed), its end.

The notes' text is the record: autosave writes it (compare-and-set on the
note's revision, so two copies of the app never overwrite each other), and
action items, decisions and relays are read from it (`branchdash.notes`).
`draft` holds the text while typing is under way and is cleared by a clean
save (screen switch, quit, end): a draft left behind means the app was killed
mid-meeting, and the next start reopens that meeting.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import JOIN, fn
from pendulum import Date, DateTime

from branchdash import directives
from branchdash.clock import utc_now
from branchdash.data.models import (
    ActionItem,
    DailyResult,
    DayBlock,
    Directive,
    Goal,
    Meeting,
    MeetingNote,
    Partner,
    PartnerEvent,
    Training,
    database,
)
from branchdash.data.search import NoteHit, search_notes
from branchdash.i18n import format_date, format_short_date, format_won, t, title
from branchdash.notes import ACTION, DECISION, RELAY, NoteItem, owner_token, parse_notes

# Each kind's own topics, in order (catalog keys meetings.topic.<kind>.<topic>).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "morning": ("relay", "todo", "pass_on"),
    "evening": ("results", "issues", "tomorrow"),
    "strategy": ("review", "strategy", "people", "tomorrow_message"),
}
BLOCK_TITLES = {"morning": "@routine.morning_meeting", "evening": "@routine.evening_meeting",
                "strategy": "@routine.strategy_meeting"}
HR_KINDS = ("recruit", "start_onboarding", "activate", "promote", "resign", "rehire")


@dataclass(frozen=True)
class MeetingInfo:
    id: str
    branch_id: str
    date: Date
    kind: str
    title: str  # a stored title: "@key" or free text
    status: str
    block_id: str | None
    start: dt.time | None
    end: dt.time | None
    started_at: DateTime | None
    ended_at: DateTime | None

    @property
    def shown_title(self) -> str:
        return title(self.title) if self.title else title(BLOCK_TITLES[self.kind])


def _as_time(value: object) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(str(value))


def _info(row: Meeting) -> MeetingInfo:
    block = DayBlock.get_or_none(DayBlock.id == row.block_id) if row.block_id else None
    return MeetingInfo(
        row.id, row.branch_id, row.date, row.kind, row.title or (block.title if block else ""),
        row.status, row.block_id, _as_time(block.start) if block else None,
        _as_time(block.end) if block else None, row.started_at, row.ended_at)


def get_meeting(meeting_id: str) -> MeetingInfo:
    return _info(Meeting.get_by_id(meeting_id))


def meeting_for_block(branch_id: str, block_id: str) -> MeetingInfo:
    """The meeting of a schedule block, made on first use."""
    block = DayBlock.get((DayBlock.id == block_id) & (DayBlock.branch == branch_id))
    with database.atomic():
        row = Meeting.get_or_none(Meeting.block == block_id)
        if row is None:
            row = Meeting.create(branch=branch_id, date=block.date,
                                 kind=block.meeting_kind or "strategy", block=block_id)
    return _info(row)


def meeting_to_open(branch_id: str, now: DateTime) -> MeetingInfo:
    """Today's meeting in progress; else today's meeting block under way or next; else
    today's last one; else a new meeting of the time of day (walk in, press 4, type).
    An earlier day's meeting left open is reached through past meetings."""
    from branchdash.schedule import day_blocks  # the schedule makes the day's blocks

    running = (Meeting.select().where((Meeting.branch == branch_id)
                                      & (Meeting.status == "in_progress"))
               .order_by(Meeting.started_at.desc()).first())
    if running is not None and running.date == now.date():
        return _info(running)
    today = now.date()
    clock_time = dt.time(now.hour, now.minute)
    meetings = [b for b in day_blocks(branch_id, today) if b.kind == "meeting"]
    for block in meetings:
        if clock_time < block.end:
            ended = Meeting.get_or_none((Meeting.block == block.id) & (Meeting.status == "ended"))
            if ended is None:
                return meeting_for_block(branch_id, block.id)
    if meetings:
        return meeting_for_block(branch_id, meetings[-1].id)
    adhoc = (Meeting.select().where((Meeting.branch == branch_id) & (Meeting.date == today)
                                    & Meeting.block.is_null())
             .order_by(Meeting.created_at.desc()).first())
    if adhoc is None:
        kind = "morning" if now.hour < 12 else "evening"
        adhoc = Meeting.create(branch=branch_id, date=today, kind=kind)
    return _info(adhoc)


def start_meeting(meeting_id: str) -> MeetingInfo:
    """Mark a planned meeting as under way (the first keystroke does it)."""
    with database.atomic():
        Meeting.update(status="in_progress", started_at=utc_now()).where(
            (Meeting.id == meeting_id) & (Meeting.status == "planned")).execute()
    return get_meeting(meeting_id)


def past_meetings(branch_id: str, limit: int = 200) -> list[MeetingInfo]:
    rows = (Meeting.select().where(Meeting.branch == branch_id)
            .order_by(Meeting.date.desc(), Meeting.started_at.desc(), Meeting.created_at.desc())
            .limit(limit))
    return [_info(row) for row in rows]


def interrupted_meeting(branch_id: str) -> str | None:
    """A meeting whose notes were being typed when the app was killed."""
    row = (MeetingNote.select(MeetingNote.meeting).join(Meeting)
           .where((Meeting.branch == branch_id) & (MeetingNote.draft != ""))
           .order_by(MeetingNote.saved_at.desc()).first())
    return row.meeting_id if row is not None else None


# --- notes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteState:
    text: str
    revision: int
    cursor: tuple[int, int]
    saved_at: DateTime | None
    interrupted: bool  # typed into when the app last stopped without a clean save


@dataclass(frozen=True)
class SaveResult:
    revision: int
    text: str  # what is now stored: the editor's text, or a merge after a conflict
    conflict: bool  # another copy had changed the notes; its lines were merged in


def _cursor(value: str | None) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+):(\d+)", value or "")
    return (int(match[1]), int(match[2])) if match else (0, 0)


def load_note(meeting_id: str) -> NoteState:
    row = MeetingNote.get_or_none(MeetingNote.meeting == meeting_id)
    if row is None:
        return NoteState("", 0, (0, 0), None, False)
    return NoteState(row.text, row.revision, _cursor(row.cursor), row.saved_at, row.draft != "")


def merge_texts(mine: str, theirs: str, marker: str) -> str:
    """Lossless merge: my text, then the lines only the other copy has, under a marker."""
    have = set(mine.split("\n"))
    extra = [line for line in theirs.split("\n") if line not in have and line.strip()]
    if not extra:
        return mine
    return mine.rstrip("\n") + "\n\n" + marker + "\n" + "\n".join(extra)


def save_note(meeting_id: str, text: str, revision: int, cursor: tuple[int, int] = (0, 0),
              *, clean: bool = False, marker: Callable[[], str] | None = None) -> SaveResult:
    """Store the notes if nobody else changed them since `revision` (compare-and-set).
    On a conflict, the other copy's lines are merged in and that is stored instead.
    `clean`: a deliberate save (leaves no draft behind)."""
    conflict = False
    for _attempt in range(5):
        with database.atomic():
            row = MeetingNote.get_or_none(MeetingNote.meeting == meeting_id)
            if row is None:
                if revision != 0:
                    raise LookupError(f"meeting {meeting_id} lost its notes")
                MeetingNote.create(meeting=meeting_id, text=text, draft="" if clean else text,
                                   revision=1, saved_at=utc_now(),
                                   cursor=f"{cursor[0]}:{cursor[1]}")
                return SaveResult(1, text, conflict)
            if row.revision == revision:
                if row.text == text and (row.draft == "") == clean:
                    return SaveResult(revision, text, conflict)  # nothing new
                now = utc_now()
                updated = (MeetingNote.update(text=text, draft="" if clean else text,
                                              revision=revision + 1, saved_at=now,
                                              updated_at=now, cursor=f"{cursor[0]}:{cursor[1]}")
                           .where((MeetingNote.id == row.id)
                                  & (MeetingNote.revision == revision))
                           .execute())
                if updated:
                    return SaveResult(revision + 1, text, conflict)
                continue
            conflict = True
            label = marker() if marker else "----"
            text = merge_texts(text, row.text, label)
            revision = row.revision
    raise RuntimeError("the notes kept changing under us")


# --- action items ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    id: str
    text: str
    owner: str
    due: Date | None
    status: str
    meeting_id: str | None
    meeting_date: Date | None
    meeting_kind: str | None
    age_days: int  # days since the meeting that made it


def roster(branch_id: str) -> list[str]:
    """Names owners are completed from: partners not resigned, sales managers first."""
    # Tuples, not model instances: a region's 10,000 names in a third of the time.
    rows = (Partner.select(Partner.name)
            .where((Partner.branch == branch_id) & (Partner.status != "resigned"))
            .order_by(Partner.role.desc(), Partner.name)
            .tuples())
    return [owner_token(name) for (name,) in rows]


def _partner_by_token(branch_id: str, tokens: set[str]) -> dict[str, str]:
    """The partners the notes name, by their typed token: looked up by name, not by
    reading a region's 10,000 partners at every save."""
    if not tokens:
        return {}
    rows = (Partner.select(Partner.id, Partner.name)
            .where((Partner.branch == branch_id)
                   & fn.REPLACE(Partner.name, " ", "").in_(sorted(tokens))))
    return {owner_token(row.name): row.id for row in rows if owner_token(row.name) in tokens}


def sync_action_items(meeting: MeetingInfo, text: str) -> None:
    """Make this meeting's ActionItem rows match the action lines of its notes."""
    parsed = [item for item in parse_notes(text, meeting.date) if item.kind == ACTION]
    partners = _partner_by_token(meeting.branch_id,
                                 {item.owner for item in parsed if item.owner})
    with database.atomic():
        existing = list(ActionItem.select().where(ActionItem.meeting == meeting.id)
                        .order_by(ActionItem.created_at, ActionItem.id))
        by_text: dict[str, list[ActionItem]] = {}
        for row in existing:
            by_text.setdefault(row.text, []).append(row)
        unmatched: list[NoteItem] = []
        kept: set[str] = set()
        pairs: list[tuple[NoteItem, ActionItem | None]] = []
        for item in parsed:
            rows = by_text.get(item.text)
            if rows:
                row = rows.pop(0)
                kept.add(row.id)
                pairs.append((item, row))
            else:
                unmatched.append(item)
        # An edited line keeps its row: pair the rest in order.
        leftovers = [row for row in existing if row.id not in kept]
        for item in unmatched:
            row = leftovers.pop(0) if leftovers else None
            if row is not None:
                kept.add(row.id)
            pairs.append((item, row))
        for item, row in pairs:
            status = "done" if item.done else "open"
            values = {"text": item.text, "owner": partners.get(item.owner),
                      "owner_name": item.owner, "due_on": item.due, "status": status}
            if row is None:
                ActionItem.create(branch=meeting.branch_id, meeting=meeting.id,
                                  done_at=utc_now() if item.done else None, **values)
                continue
            if row.status != status:
                values["done_at"] = utc_now() if item.done else None
            changed = any(getattr(row, name) != value for name, value in values.items()
                          if name != "owner") or row.owner_id != values["owner"]
            if changed:
                for name, value in values.items():
                    setattr(row, name, value)
                row.save()
        for row in leftovers:
            row.delete_instance()  # its line was removed from the notes (they are the record)


def _action(row: ActionItem, on: Date) -> Action:
    meeting = row.meeting if row.meeting_id else None
    origin = meeting.date if meeting is not None else row.created_at.date()
    owner = row.owner_name or (row.owner.name if row.owner_id and row.owner else "")
    return Action(row.id, row.text, owner,
                  row.due_on, row.status, row.meeting_id, meeting.date if meeting else None,
                  meeting.kind if meeting else None, max(0, (on - origin).days))


def carried_actions(meeting: MeetingInfo) -> list[Action]:
    """Open action items from earlier meetings, oldest first, with their age."""
    rows = (ActionItem.select(ActionItem, Meeting, Partner)
            .join(Meeting, on=(ActionItem.meeting == Meeting.id))
            .switch(ActionItem).join(Partner, JOIN.LEFT_OUTER)
            .where((ActionItem.branch == meeting.branch_id) & (ActionItem.status == "open")
                   & (ActionItem.meeting != meeting.id) & (Meeting.date <= meeting.date))
            .order_by(Meeting.date, ActionItem.created_at))
    rows = list(rows)
    starts = {block.id: _as_time(block.start) for block in DayBlock.select(
        DayBlock.id, DayBlock.start).where(DayBlock.id.in_(
            [row.meeting.block_id for row in rows
             if row.meeting.date == meeting.date and row.meeting.block_id]))}
    earlier = [row for row in rows
               if row.meeting.date < meeting.date or _before(row.meeting, meeting, starts)]
    return [_action(row, meeting.date) for row in earlier]


def _before(other: Meeting, meeting: MeetingInfo, starts: dict[str, dt.time | None]) -> bool:
    """Same day: an item carries only from a meeting that ended before this one, in
    the day's order (the blocks' times) when both have a block."""
    if other.ended_at is None:
        return False
    start = starts.get(other.block_id or "")
    if start is not None and meeting.start is not None:
        return start < meeting.start
    return meeting.started_at is None or other.ended_at <= meeting.started_at


def set_action_status(action_id: str, done: bool) -> None:
    with database.atomic():
        ActionItem.update(status="done" if done else "open",
                          done_at=utc_now() if done else None
                          ).where(ActionItem.id == action_id).execute()


def set_action_owner(branch_id: str, action_id: str, owner: str) -> None:
    partner = _partner_by_token(branch_id, {owner}).get(owner)
    with database.atomic():
        ActionItem.update(owner=partner, owner_name=owner).where(
            ActionItem.id == action_id).execute()


def set_action_due(action_id: str, due: Date | None) -> None:
    with database.atomic():
        ActionItem.update(due_on=due).where(
            ActionItem.id == action_id).execute()


# --- directives --------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectiveLine:
    id: str
    number: str
    title: str
    due: Date | None
    relayed_here: bool


def directives_to_relay(meeting: MeetingInfo) -> list[DirectiveLine]:
    """HQ directives not yet relayed, and those relayed in this very meeting."""
    rows = (Directive.select().where(
        (Directive.branch == meeting.branch_id)
        & ((Directive.status.in_(("received", "understood"))
            & (Directive.received_on <= meeting.date))
           | (Directive.relayed_in == meeting.id)))
        .order_by(Directive.due_on.is_null(), Directive.due_on, Directive.received_on))
    return [DirectiveLine(row.id, row.number, row.title, row.due_on,
                          row.relayed_in_id == meeting.id) for row in rows]


def set_relayed(meeting_id: str, directive_id: str, relayed: bool) -> None:
    """Mark a directive relayed in this meeting (or undo it: back to understood).

    The directive's own rules decide; one the rules refuse (relayed in another
    meeting, already done) is left as it is, as the agenda shows it."""
    meeting = Meeting.get_by_id(meeting_id)
    try:
        if relayed:
            directives.mark_relayed(directive_id, meeting_id, meeting.date)
            return
        current = directives.get_directive(directive_id)
        if current.status == "relayed" and current.relayed_in is not None \
                and current.relayed_in.id == meeting_id:
            directives.step_back(directive_id)
    except directives.DirectiveError:
        return


def relay_mentions(meeting: MeetingInfo, text: str) -> list[str]:
    """Directives whose number appears in a relay line (`> 본사-2026-031 …`)."""
    relays = " ".join(item.text for item in parse_notes(text, meeting.date)
                      if item.kind == RELAY)
    if not relays:
        return []
    return [line.id for line in directives_to_relay(meeting)
            if not line.relayed_here and line.number and line.number in relays]


# --- agenda ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    text: str
    ref_kind: str = ""  # "directive", "action", "" for plain lines
    ref_id: str = ""
    done: bool = False


@dataclass(frozen=True)
class AgendaSection:
    key: str  # "topic.<name>" for the kind's topics, else the data source's name
    title: str
    lines: list[AgendaLine] = field(default_factory=list)


def _optional(module: str, name: str) -> Callable[..., object] | None:
    """A helper of another area, when it exists in this build."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _results_section(meeting: MeetingInfo, day: Date, key: str) -> AgendaSection | None:
    rows = DailyResult.select().where((DailyResult.branch == meeting.branch_id)
                                      & (DailyResult.date == day))
    if not rows.exists():
        return None
    count = sum(row.sales_count for row in rows)
    won = sum(row.sales_won for row in rows)
    sellers = sum(1 for row in rows if row.sales_count)
    lines = [AgendaLine(t("meetings.agenda.sales", count=count, amount=format_won(won),
                          sellers=sellers))]
    target = _day_target(meeting.branch_id, day)
    if target:
        lines.append(AgendaLine(t("meetings.agenda.against_target", target=format_won(target),
                                  pct=round(won * 100 / target))))
    return AgendaSection(key, t(f"meetings.agenda.{key}", date=format_short_date(day)), lines)


def _day_target(branch_id: str, day: Date) -> int:
    progress = _optional("branchdash.goals", "day_progress")
    if progress is not None:
        try:
            value = progress(branch_id, day)
            target = getattr(value, "target_won", None) or getattr(value, "target", None)
            if isinstance(target, int) and not isinstance(target, bool):
                return target
        except Exception:  # another area's helper failing must not lose the meeting
            pass
    row = Goal.get_or_none((Goal.branch == branch_id) & (Goal.metric == "sales_won")
                           & (Goal.period == "day") & (Goal.starts_on == day))
    return int(row.target) if row is not None else 0


def _target_section(meeting: MeetingInfo) -> AgendaSection | None:
    target = _day_target(meeting.branch_id, meeting.date)
    if not target:
        return None
    return AgendaSection("target_today", t("meetings.agenda.target_today"),
                         [AgendaLine(format_won(target))])


def _budget_section(meeting: MeetingInfo) -> AgendaSection | None:
    pace = _optional("branchdash.budget", "month_pace")
    if pace is None:
        return None
    try:
        value = pace(meeting.branch_id, meeting.date)
    except Exception:  # left out rather than shown wrong
        return None
    if value is None:
        return None
    line = _pace_text(value)
    if not line:
        return None
    lines = [AgendaLine(line)]
    planned = getattr(value, "planned_to_date_won", None)
    if isinstance(planned, int) and planned:
        lines.append(AgendaLine(t("meetings.agenda.budget_plan", planned=format_won(planned))))
    message = _optional("branchdash.budget", "pace_message")
    if message is not None and getattr(value, "warning", False):
        try:
            warning = message(value)
        except Exception:  # the figures above stand without the warning text
            warning = ""
        if isinstance(warning, str) and warning:
            lines.append(AgendaLine("⚠ " + warning))
    return AgendaSection("budget", t("meetings.agenda.budget"), lines)


def _pace_text(value: object) -> str:
    spent = getattr(value, "spent_won", None)
    budget = getattr(value, "budget_won", None)
    if isinstance(spent, int) and isinstance(budget, int) and budget:
        return t("meetings.agenda.budget_line", spent=format_won(spent),
                 budget=format_won(budget), pct=round(spent * 100 / budget))
    return ""


def _trainings_section(meeting: MeetingInfo) -> AgendaSection | None:
    tomorrow = meeting.date.add(days=1)
    rows = (Training.select().where((Training.branch == meeting.branch_id)
                                    & Training.date.between(meeting.date, tomorrow))
            .order_by(Training.date, Training.start))
    lines = [AgendaLine(f"{format_short_date(row.date)} {_as_time(row.start):%H:%M} "
                        f"{row.title}" + (f" ({row.instructor})" if row.instructor else ""))
             for row in rows]
    if not lines:
        return None
    return AgendaSection("trainings", t("meetings.agenda.trainings"), lines)


def _hr_section(meeting: MeetingInfo) -> AgendaSection | None:
    first = meeting.date.subtract(days=1) if meeting.kind == "morning" else meeting.date
    rows = (PartnerEvent.select(PartnerEvent, Partner).join(Partner)
            .where((Partner.branch == meeting.branch_id) & PartnerEvent.kind.in_(HR_KINDS)
                   & PartnerEvent.occurred_on.between(first, meeting.date))
            .order_by(PartnerEvent.occurred_on, Partner.name))
    lines = [AgendaLine(t("meetings.agenda.hr_line", name=row.partner.name,
                          event=t(f"meetings.hr.{row.kind}"),
                          date=format_short_date(row.occurred_on))) for row in rows]
    if not lines:
        return None
    return AgendaSection("hr", t("meetings.agenda.hr"), lines)


def action_text(action: Action) -> str:
    parts = [action.text]
    if action.owner:
        parts.append(f"@{action.owner}")
    if action.due is not None:
        parts.append(f"~{format_short_date(action.due)}")
    if action.meeting_date is not None:
        parts.append(t("meetings.age", days=action.age_days,
                       date=format_short_date(action.meeting_date)))
    return " ".join(parts)


def agenda_and_carried(meeting: MeetingInfo) -> tuple[list[AgendaSection], list[Action]]:
    """Both, for a worker thread (the screen opens at once, the agenda follows);
    the thread's own connection is closed after."""
    try:
        carried = carried_actions(meeting)
        return assemble_agenda(meeting, carried), carried
    finally:
        if threading.current_thread() is not threading.main_thread():
            database.close()


def assemble_agenda(meeting: MeetingInfo, carried: list[Action] | None = None
                    ) -> list[AgendaSection]:
    """The agenda as the meeting opens: the kind's topics and the data that exists."""
    sections: list[AgendaSection] = [
        AgendaSection(f"topic.{topic}", t(f"meetings.topic.{meeting.kind}.{topic}"))
        for topic in TEMPLATES[meeting.kind]
    ]
    data: list[AgendaSection | None] = []
    if meeting.kind == "morning":
        yesterday = (DailyResult.select(DailyResult.date)
                     .where((DailyResult.branch == meeting.branch_id)
                            & (DailyResult.date < meeting.date))
                     .order_by(DailyResult.date.desc()).first())
        if yesterday is not None:
            data.append(_results_section(meeting, yesterday.date, "results_before"))
        data.append(_target_section(meeting))
    else:
        data.append(_results_section(meeting, meeting.date, "results_today"))
    directives = directives_to_relay(meeting)
    if directives:
        data.append(AgendaSection("directives", t("meetings.agenda.directives"), [
            AgendaLine(f"{line.number} {line.title}"
                       + (f" ~{format_short_date(line.due)}" if line.due else ""),
                       "directive", line.id, line.relayed_here) for line in directives]))
    carried = carried_actions(meeting) if carried is None else carried
    if carried:
        data.append(AgendaSection("actions", t("meetings.agenda.actions"), [
            AgendaLine(action_text(action), "action", action.id) for action in carried]))
    data.extend([_trainings_section(meeting), _budget_section(meeting), _hr_section(meeting)])
    return sections + [section for section in data if section is not None]


# --- ending, minutes, search -----------------------------------------------------------------


def commit_notes(meeting: MeetingInfo, text: str, revision: int, cursor: tuple[int, int],
                 marker: Callable[[], str] | None = None) -> SaveResult:
    """A clean save: the text, then the action items read from it."""
    result = save_note(meeting.id, text, revision, cursor, clean=True, marker=marker)
    sync_action_items(meeting, result.text)
    return result


def end_meeting(meeting: MeetingInfo, text: str, revision: int, cursor: tuple[int, int],
                marker: Callable[[], str] | None = None) -> SaveResult:
    """Keep the notes, record the items, mark directives named in relay lines as
    relayed here, and close the meeting."""
    result = commit_notes(meeting, text, revision, cursor, marker)
    for directive_id in relay_mentions(meeting, result.text):
        set_relayed(meeting.id, directive_id, True)
    now = utc_now()
    with database.atomic():
        row = Meeting.get_by_id(meeting.id)
        row.status = "ended"
        row.started_at = row.started_at or now
        row.ended_at = now
        row.save()
    return result


def minutes_markdown(meeting_id: str) -> str:
    """The minutes of a meeting as Markdown, in the current language."""
    meeting = get_meeting(meeting_id)
    note = load_note(meeting_id)
    items = parse_notes(note.text, meeting.date)
    out = [f"# {meeting.shown_title} — {format_date(meeting.date)}", ""]
    when = []
    if meeting.started_at is not None:
        when.append(t("meetings.minutes.started", time=_local_hm(meeting.started_at)))
    if meeting.ended_at is not None:
        when.append(t("meetings.minutes.ended", time=_local_hm(meeting.ended_at)))
    if when:
        out += [" · ".join(when), ""]
    sections = ((DECISION, "decisions"), (ACTION, "actions"), (RELAY, "relays"))
    for kind, key in sections:
        chosen = [item for item in items if item.kind == kind]
        if not chosen:
            continue
        out += [f"## {t(f'meetings.minutes.{key}')}", ""]
        for item in chosen:
            out.append(_minutes_item(item))
        out.append("")
    relayed = [line for line in directives_to_relay(meeting) if line.relayed_here]
    if relayed:
        out += [f"## {t('meetings.minutes.directives')}", ""]
        out += [f"- {line.number} {line.title}" for line in relayed]
        out.append("")
    carried = carried_actions(meeting)
    if carried:
        out += [f"## {t('meetings.minutes.carried')}", ""]
        out += [f"- [ ] {action_text(action)}" for action in carried]
        out.append("")
    out += [f"## {t('meetings.minutes.notes')}", "", note.text.rstrip(), ""]
    return "\n".join(out)


def _minutes_item(item: NoteItem) -> str:
    if item.kind != ACTION:
        return f"- {item.text}"
    parts = [f"- [{'x' if item.done else ' '}] {item.text}"]
    if item.owner:
        parts.append(f"— {item.owner}")
    if item.due is not None:
        parts.append(f"({t('meetings.minutes.due', date=format_short_date(item.due))})")
    return " ".join(parts)


def _local_hm(moment: DateTime) -> str:
    from branchdash.clock import active_clock

    return moment.in_timezone(active_clock().timezone).format("HH:mm")


def minutes_folder() -> Path:
    """Minutes go beside the database file, in "minutes/"."""
    name = getattr(database.obj, "database", "") or "."
    return Path(name).resolve().parent / "minutes"


def export_minutes(meeting_id: str, folder: Path) -> Path:
    """Write the minutes to `folder` as <date>-<kind>.md (UTF-8); returns the path."""
    meeting = get_meeting(meeting_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{meeting.date.isoformat()}-{meeting.kind}.md"
    path.write_text(minutes_markdown(meeting_id), encoding="utf-8")
    return path


@dataclass(frozen=True)
class SearchHit:
    meeting: MeetingInfo
    snippet: str


def search(branch_id: str, words: str, limit: int = 50) -> list[SearchHit]:
    hits: list[NoteHit] = search_notes(branch_id, words, limit)
    return [SearchHit(get_meeting(hit.meeting_id), hit.snippet) for hit in hits]
