"""HQ directives (공문): received → understood → relayed (in a meeting) → done.

A directive only moves forward one step at a time, except that relaying it in
a meeting also counts as understanding it (the manager explained it there).
`step_back` undoes the last step, for a slip of the key. Not-yet-relayed
directives are what every meeting agenda shows (`not_relayed`); the Meetings
area calls `mark_relayed` when one is relayed there.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pendulum import Date, DateTime

from branchdash.clock import utc_now
from branchdash.data.models import DIRECTIVE_STATUSES, Directive, Meeting, database
from branchdash.errors import RefusedChange

# A directive due within this many days (and not done) is "due soon".
DUE_SOON_DAYS = 3
STATUSES = DIRECTIVE_STATUSES  # received, understood, relayed, done
NOT_RELAYED = ("received", "understood")


class DirectiveError(RefusedChange):
    """A refused change; `str()` is the translated message saying what to do."""


@dataclass(frozen=True)
class MeetingRef:
    id: str
    date: Date
    kind: str  # morning / evening / strategy
    title: str


@dataclass(frozen=True)
class DirectiveView:
    id: str
    branch_id: str
    number: str
    title: str
    received_on: Date
    due_on: Date | None
    key_points: str
    attachments: tuple[str, ...]
    status: str
    relayed_in: MeetingRef | None
    done_at: DateTime | None

    def urgency(self, today: Date) -> str:
        """"overdue", "due_soon", "due_today" or "" (done ones are never urgent)."""
        if self.status == "done" or self.due_on is None:
            return ""
        if self.due_on < today:
            return "overdue"
        if self.due_on == today:
            return "due_today"
        if (self.due_on - today).days <= DUE_SOON_DAYS:
            return "due_soon"
        return ""

    def days_left(self, today: Date) -> int | None:
        return None if self.due_on is None else (self.due_on - today).days


def _meeting_ref(row: Meeting | None) -> MeetingRef | None:
    if row is None:
        return None
    return MeetingRef(row.id, row.date, row.kind, row.title)


def _attachments(raw: str) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _view(row: Directive, meeting: Meeting | None = None) -> DirectiveView:
    if meeting is None and row.relayed_in_id is not None:  # a single row: look it up
        meeting = Meeting.get_or_none(Meeting.id == row.relayed_in_id)
    return DirectiveView(
        id=row.id, branch_id=row.branch_id, number=row.number, title=row.title,
        received_on=row.received_on, due_on=row.due_on, key_points=row.key_points,
        attachments=_attachments(row.attachments), status=row.status,
        relayed_in=_meeting_ref(meeting), done_at=row.done_at,
    )


def _select():  # noqa: ANN202 - a peewee query
    # Only the columns shown: reading the UTC stamps costs more than all the rest.
    return Directive.select(Directive.id, Directive.branch, Directive.number, Directive.title,
                            Directive.received_on, Directive.due_on, Directive.key_points,
                            Directive.attachments, Directive.status, Directive.relayed_in,
                            Directive.done_at)


def _views(query: object) -> list[DirectiveView]:
    rows = list(query)  # type: ignore[call-overload]
    # The meetings they were relayed in, in one query rather than one per row.
    ids = {row.relayed_in_id for row in rows if row.relayed_in_id is not None}
    meetings = {m.id: m for m in Meeting.select(Meeting.id, Meeting.date, Meeting.kind,
                                                Meeting.title)
                .where(Meeting.id.in_(list(ids)))} if ids else {}
    return [_view(row, meetings.get(row.relayed_in_id)) for row in rows]


def _order(query):  # noqa: ANN001, ANN202 - a peewee query
    # Open ones first by due date (none last), then by received date, newest first.
    return query.order_by(
        (Directive.status == "done").asc(),
        Directive.due_on.is_null().asc(),
        Directive.due_on.asc(),
        Directive.received_on.desc(),
        Directive.number.asc(),
    )


def _get(directive_id: str) -> Directive:
    row = Directive.get_or_none(Directive.id == directive_id)
    if row is None:
        raise DirectiveError("directives.error.not_found")
    return row


# --- reading ------------------------------------------------------------------------


def get_directive(directive_id: str) -> DirectiveView:
    return _view(_get(directive_id))


def not_relayed(branch_id: str) -> list[DirectiveView]:
    """Directives still to be relayed to the team (for every meeting's agenda)."""
    query = _select().where((Directive.branch == branch_id)
                            & Directive.status.in_(NOT_RELAYED))
    return _views(_order(query))


def relayed_in_meeting(meeting_id: str) -> list[DirectiveView]:
    query = _select().where(Directive.relayed_in == meeting_id)
    return _views(_order(query))


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def list_directives(branch_id: str, search: str = "", *,
                    include_done: bool = True) -> list[DirectiveView]:
    """The branch's directives, open first by due date. `search` keeps those whose
    number, title, key points or attachments contain every word (any case)."""
    query = _select().where(Directive.branch == branch_id)
    if not include_done:
        query = query.where(Directive.status != "done")
    views = _views(_order(query))
    words = _normalise(search).split()
    if not words:
        return views
    # Filtered here, not in SQL: SQLite's LIKE folds ASCII case only.
    def haystack(view: DirectiveView) -> str:
        return _normalise(" ".join((view.number, view.title, view.key_points,
                                    *view.attachments)))
    return [view for view in views if all(word in haystack(view) for word in words)]


@dataclass(frozen=True)
class DirectiveCounts:
    open: int
    overdue: int
    due_soon: int  # due today or within DUE_SOON_DAYS
    not_relayed: int


def counts(branch_id: str, today: Date) -> DirectiveCounts:
    return counts_of(list_directives(branch_id, include_done=False), today)


def counts_of(views: list[DirectiveView], today: Date) -> DirectiveCounts:
    """The counts of `views`, the branch's open directives as `list_directives` gives
    them (include_done=False, no search): for a screen that has just read them."""
    urgency = [view.urgency(today) for view in views]
    return DirectiveCounts(
        open=len(views),
        overdue=urgency.count("overdue"),
        due_soon=urgency.count("due_today") + urgency.count("due_soon"),
        not_relayed=sum(1 for view in views if view.status in NOT_RELAYED),
    )


def recent_meetings(branch_id: str, today: Date, days: int = 14) -> list[MeetingRef]:
    """Meetings a directive may have been relayed in: the last `days` days up to today,
    newest first."""
    rows = (Meeting.select()
            .where((Meeting.branch == branch_id) & (Meeting.date <= today)
                   & (Meeting.date >= today.subtract(days=days)))
            .order_by(Meeting.date.desc(), Meeting.kind))
    return [MeetingRef(row.id, row.date, row.kind, row.title) for row in rows]


# --- writing ------------------------------------------------------------------------


def _clean_attachments(paths: list[str] | tuple[str, ...]) -> list[str]:
    cleaned: list[str] = []
    for raw in paths:
        path = raw.strip().strip('"').strip("'")
        if not path:
            continue
        if "\n" in path or "\x00" in path:
            raise DirectiveError("directives.error.attachment_path", path=path[:40])
        try:
            path = str(Path(path).expanduser())
        except RuntimeError:  # "~someone/..." of a user this machine does not know
            raise DirectiveError("directives.error.attachment_path", path=path[:40]) from None
        if path not in cleaned:
            cleaned.append(path)
    return cleaned


def _check_fields(branch_id: str, number: str, title: str, received_on: Date,
                  due_on: Date | None, exclude_id: str | None = None) -> None:
    if not number:
        raise DirectiveError("directives.error.number")
    if not title:
        raise DirectiveError("directives.error.title")
    if due_on is not None and due_on < received_on:
        raise DirectiveError("directives.error.due_before_received")
    clash = Directive.select().where((Directive.branch == branch_id)
                                     & (Directive.number == number))
    if exclude_id is not None:
        clash = clash.where(Directive.id != exclude_id)
    if clash.exists():
        raise DirectiveError("directives.error.number_taken", number=number)


def create_directive(branch_id: str, *, number: str, title: str, received_on: Date,
                     due_on: Date | None = None, key_points: str = "",
                     attachments: list[str] | tuple[str, ...] = ()) -> DirectiveView:
    number, title = number.strip(), title.strip()
    paths = _clean_attachments(attachments)
    with database.atomic():
        _check_fields(branch_id, number, title, received_on, due_on)
        row = Directive.create(branch=branch_id, number=number, title=title,
                               received_on=received_on, due_on=due_on,
                               key_points=key_points.strip(),
                               attachments=json.dumps(paths, ensure_ascii=False))
    return _view(row)


def update_directive(directive_id: str, *, number: str, title: str, received_on: Date,
                     due_on: Date | None, key_points: str,
                     attachments: list[str] | tuple[str, ...]) -> DirectiveView:
    number, title = number.strip(), title.strip()
    paths = _clean_attachments(attachments)
    with database.atomic():
        row = _get(directive_id)
        _check_fields(row.branch_id, number, title, received_on, due_on, exclude_id=row.id)
        row.number, row.title = number, title
        row.received_on, row.due_on = received_on, due_on
        row.key_points = key_points.strip()
        row.attachments = json.dumps(paths, ensure_ascii=False)
        row.save()
    return _view(row)


def delete_directive(directive_id: str) -> None:
    with database.atomic():
        _get(directive_id).delete_instance()


def mark_understood(directive_id: str) -> DirectiveView:
    with database.atomic():
        row = _get(directive_id)
        if row.status != "received":
            raise DirectiveError(f"directives.error.understood_from_{row.status}")
        row.status = "understood"
        row.save()
    return _view(row)


def mark_relayed(directive_id: str, meeting_id: str, on: Date) -> DirectiveView:
    """Record that the directive was relayed to the team in `meeting_id` on `on`.

    From received or understood (relaying it means it was understood). Relaying
    again in the same meeting changes nothing; a relayed or done directive is
    not relayed a second time in another meeting (step back first).
    """
    with database.atomic():
        row = _get(directive_id)
        meeting = Meeting.get_or_none(Meeting.id == meeting_id)
        if meeting is None:
            raise DirectiveError("directives.error.meeting_not_found")
        if meeting.branch_id != row.branch_id:
            raise DirectiveError("directives.error.meeting_other_branch")
        if row.status in ("relayed", "done"):
            if row.relayed_in_id == meeting_id:
                return _view(row, meeting)
            raise DirectiveError(f"directives.error.relayed_from_{row.status}")
        if on < row.received_on:
            raise DirectiveError("directives.error.relayed_before_received")
        if meeting.date != on:
            raise DirectiveError("directives.error.relayed_other_day")
        row.status = "relayed"
        row.relayed_in = meeting_id
        row.save()
    return _view(row, meeting)


def mark_done(directive_id: str) -> DirectiveView:
    with database.atomic():
        row = _get(directive_id)
        if row.status != "relayed":
            raise DirectiveError(f"directives.error.done_from_{row.status}")
        row.status = "done"
        row.done_at = utc_now()
        row.save()
    return _view(row)


def advance(directive_id: str) -> DirectiveView:
    """The next step for received and relayed ones; relaying needs a meeting."""
    row = _get(directive_id)
    if row.status == "received":
        return mark_understood(directive_id)
    if row.status == "relayed":
        return mark_done(directive_id)
    if row.status == "understood":
        raise DirectiveError("directives.error.relay_needs_meeting")
    raise DirectiveError("directives.error.already_done")


def step_back(directive_id: str) -> DirectiveView:
    """Undo the last step: done → relayed → understood (unlinking the meeting) → received."""
    with database.atomic():
        row = _get(directive_id)
        if row.status == "received":
            raise DirectiveError("directives.error.nothing_to_undo")
        previous = DIRECTIVE_STATUSES[DIRECTIVE_STATUSES.index(row.status) - 1]
        if row.status == "done":
            row.done_at = None
        if row.status == "relayed":
            row.relayed_in = None
        row.status = previous
        row.save()
    return _view(row)
