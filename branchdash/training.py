"""Training sessions: the block on the day's timeline, attendance, cost, and who is behind.

A training is placed on its day's timeline as a "training" block. When the day's
routine already has its generic training block at exactly the same times, that
block becomes the training's (its title changes) rather than a second block
beside it; otherwise a block of its own is made. Completing a training needs
the attendance taken (nobody left "invited"); completing the new-partner course
(신입 교육) moves each trainee who was present to active, through the HR rules,
when the setting `ACTIVATE_SETTING` says so. The cost is booked as an ordinary
Expense on the "training" account, linked to the training; `cost_won` on the
training is kept as the sum of its linked expenses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from peewee import JOIN, fn
from pendulum import Date

from branchdash import hr
from branchdash.data.models import (
    ATTENDANCE_STATUSES,
    TRAINING_KINDS,
    Attendance,
    DayBlock,
    Expense,
    Partner,
    ScheduleTemplate,
    Training,
    database,
)
from branchdash.data.settings import get_setting, set_setting
from branchdash.errors import RefusedChange
from branchdash.i18n import t
from branchdash.schedule import ensure_day

ACTIVATE_SETTING = "training.activate_after_new_partner_course"
# Partners who may be invited: everyone on the roster but candidates and resigned.
ROSTER_STATUSES = ("trainee", "active", "inactive")
MARKED = ("present", "absent", "excused")
KINDS = TRAINING_KINDS  # new_product, new_partner, regular, irregular


class TrainingError(RefusedChange):
    """A refused change; `str()` is the translated message saying what to do."""


@dataclass(frozen=True)
class TrainingView:
    id: str
    branch_id: str
    kind: str
    title: str
    date: Date
    start: dt.time
    end: dt.time
    instructor: str
    curriculum: str
    cost_won: int  # booked: the sum of its linked expenses (whoever booked them)
    planned_cost_won: int  # the figure stored on the training (a plan, until booked)
    block_id: str | None
    completed: bool
    invited: int = 0  # attendees of any status
    present: int = 0
    absent: int = 0
    excused: int = 0

    @property
    def unmarked(self) -> int:
        return self.invited - self.present - self.absent - self.excused


@dataclass(frozen=True)
class Attendee:
    partner_id: str
    name: str
    partner_status: str
    role: str
    status: str  # invited / present / absent / excused


@dataclass(frozen=True)
class RosterEntry:
    partner_id: str
    name: str
    status: str
    role: str


@dataclass(frozen=True)
class ExpenseLine:
    id: str
    spent_on: Date
    amount_won: int
    category: str
    payee: str
    memo: str


@dataclass(frozen=True)
class Completion:
    training: TrainingView
    activated: list[str] = field(default_factory=list)  # names moved trainee -> active
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, HR's reason)
    activation_on: bool = False  # whether the setting asked for it


# --- helpers ---------------------------------------------------------------------------


def _as_time(value: object) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


# The columns read for lists: reading the UTC stamps costs more than all the rest.
def _training_columns() -> tuple[object, ...]:
    return (Training.id, Training.branch, Training.kind, Training.title, Training.date,
            Training.start, Training.end, Training.instructor, Training.curriculum,
            Training.cost_won, Training.block, Training.completed)


def _get(training_id: str) -> Training:
    row = Training.get_or_none(Training.id == training_id)
    if row is None:
        raise TrainingError("training.error.not_found")
    return row


def _counts(training_ids: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if not training_ids:
        return out
    rows = (Attendance.select(Attendance.training, Attendance.status,
                              fn.COUNT(Attendance.id).alias("n"))
            .where(Attendance.training.in_(training_ids))
            .group_by(Attendance.training, Attendance.status).tuples())
    for training_id, status, n in rows:
        out[training_id][status] += n
    return out


def _booked(training_ids: list[str]) -> dict[str, int]:
    if not training_ids:
        return {}
    rows = (Expense.select(Expense.training, fn.SUM(Expense.amount_won))
            .where(Expense.training.in_(training_ids)).group_by(Expense.training).tuples())
    return {training_id: int(total) for training_id, total in rows}


def _view(row: Training, counts: dict[str, int] | None = None,
          booked: int | None = None) -> TrainingView:
    if counts is None:
        counts = _counts([row.id]).get(row.id, {})
    if booked is None:
        booked = _booked([row.id]).get(row.id, 0)
    return TrainingView(
        id=row.id, branch_id=row.branch_id, kind=row.kind, title=row.title, date=row.date,
        start=_as_time(row.start), end=_as_time(row.end), instructor=row.instructor,
        curriculum=row.curriculum, cost_won=booked, planned_cost_won=row.cost_won,
        block_id=row.block_id,
        completed=bool(row.completed), invited=sum(counts.values()),
        present=counts.get("present", 0), absent=counts.get("absent", 0),
        excused=counts.get("excused", 0),
    )


# --- the setting -------------------------------------------------------------------------


def activation_enabled() -> bool:
    """Whether completing the new-partner course activates its trainees (off unless set)."""
    return get_setting(ACTIVATE_SETTING, "off") == "on"


def set_activation(enabled: bool) -> None:
    set_setting(ACTIVATE_SETTING, "on" if enabled else "off")


# --- reading -------------------------------------------------------------------------------


def get_training(training_id: str) -> TrainingView:
    return _view(_get(training_id))


def list_trainings(branch_id: str, start: Date | None = None,
                   end: Date | None = None) -> list[TrainingView]:
    """Trainings between `start` and `end` (inclusive), newest first."""
    query = Training.select(*_training_columns()).where(Training.branch == branch_id)
    if start is not None:
        query = query.where(Training.date >= start)
    if end is not None:
        query = query.where(Training.date <= end)
    rows = list(query.order_by(Training.date.desc(), Training.start.desc()))
    ids = [row.id for row in rows]
    counts, booked = _counts(ids), _booked(ids)
    return [_view(row, counts.get(row.id, {}), booked.get(row.id, 0)) for row in rows]


def attendees(training_id: str) -> list[Attendee]:
    rows = (Attendance.select(Partner.id, Partner.name, Partner.status, Partner.role,
                              Attendance.status)
            .join(Partner).where(Attendance.training == training_id)
            .order_by(Partner.role.desc(), Partner.name).tuples())
    return [Attendee(pid, name, partner_status, role, status)
            for pid, name, partner_status, role, status in rows]


def roster(branch_id: str) -> list[RosterEntry]:
    """Partners who may be invited, by name."""
    rows = (Partner.select().where((Partner.branch == branch_id)
                                   & Partner.status.in_(ROSTER_STATUSES))
            .order_by(Partner.name))
    return [RosterEntry(row.id, row.name, row.status, row.role) for row in rows]


def suggested_invitees(training_id: str) -> list[str]:
    """Who a training is usually for: trainees for the new-partner course, else
    everyone active or in training."""
    row = _get(training_id)
    statuses = ("trainee",) if row.kind == "new_partner" else ("trainee", "active")
    query = Partner.select(Partner.id).where((Partner.branch == row.branch_id)
                                             & Partner.status.in_(statuses))
    return [p.id for p in query.order_by(Partner.name)]


def expenses(training_id: str) -> list[ExpenseLine]:
    rows = (Expense.select().where(Expense.training == training_id)
            .order_by(Expense.spent_on, Expense.created_at))
    return [ExpenseLine(r.id, r.spent_on, r.amount_won, r.category, r.payee, r.memo)
            for r in rows]


# --- the timeline block ----------------------------------------------------------------------


def _release(block: DayBlock) -> None:
    """Give an adopted routine block back its routine title, or remove a block of our own."""
    if block.template_id is None:
        block.delete_instance()
        return
    template = ScheduleTemplate.get_or_none(ScheduleTemplate.id == block.template_id)
    block.title = template.title if template is not None else "@routine.training"
    block.status = "planned"
    block.save()


def _place_block(row: Training) -> None:
    """Put the training on its day's timeline (the day's routine made first)."""
    ensure_day(row.branch_id, row.date)
    start, end = _as_time(row.start), _as_time(row.end)
    status = "done" if row.completed else "planned"
    block = DayBlock.get_or_none(DayBlock.id == row.block_id) if row.block_id else None
    if block is not None:
        same_place = (block.date == row.date and _as_time(block.start) == start
                      and _as_time(block.end) == end)
        if block.template_id is None or same_place:
            block.date, block.start, block.end = row.date, start, end
            block.title, block.status = row.title, status
            block.save()
            return
        _release(block)  # an adopted routine block that no longer fits the new times
    taken = Training.select(Training.block).where(Training.block.is_null(False)
                                                  & (Training.id != row.id))
    routine = (DayBlock.select()
               .where((DayBlock.branch == row.branch_id) & (DayBlock.date == row.date)
                      & (DayBlock.kind == "training") & DayBlock.template.is_null(False)
                      & (DayBlock.start == start) & (DayBlock.end == end)
                      & (DayBlock.status == "planned") & DayBlock.id.not_in(taken))
               .first())
    if routine is not None:
        routine.title, routine.status = row.title, status
        routine.save()
        row.block = routine.id
    else:
        row.block = DayBlock.create(branch=row.branch_id, date=row.date, start=start, end=end,
                                    kind="training", title=row.title, status=status).id
    row.save()


# --- writing ---------------------------------------------------------------------------


def _check(kind: str, title: str, start: dt.time, end: dt.time) -> None:
    if kind not in TRAINING_KINDS:
        raise TrainingError("training.error.kind")
    if not title:
        raise TrainingError("training.error.title")
    if not start < end:
        raise TrainingError("training.error.times")


def create_training(branch_id: str, *, kind: str, title: str, date: Date, start: dt.time,
                    end: dt.time, instructor: str = "", curriculum: str = "") -> TrainingView:
    title = title.strip()
    _check(kind, title, start, end)
    with database.atomic():
        row = Training.create(branch=branch_id, kind=kind, title=title, date=date, start=start,
                              end=end, instructor=instructor.strip(),
                              curriculum=curriculum.rstrip())
        _place_block(row)
    return _view(row)


def update_training(training_id: str, *, kind: str, title: str, date: Date, start: dt.time,
                    end: dt.time, instructor: str, curriculum: str) -> TrainingView:
    title = title.strip()
    _check(kind, title, start, end)
    with database.atomic():
        row = _get(training_id)
        if row.completed and (date != row.date or kind != row.kind):
            raise TrainingError("training.error.completed_move")
        row.kind, row.title, row.date, row.start, row.end = kind, title, date, start, end
        row.instructor, row.curriculum = instructor.strip(), curriculum.rstrip()
        row.save()
        _place_block(row)
    return _view(row)


def save_curriculum(training_id: str, curriculum: str) -> None:
    """The lecture notes alone (saved as typed, often)."""
    with database.atomic():
        row = _get(training_id)
        row.curriculum = curriculum.rstrip()
        row.save()


def delete_training(training_id: str) -> None:
    """Remove a training not yet completed, its block and invitations. Its expenses stay
    (money spent is not unspent) but lose the link."""
    with database.atomic():
        row = _get(training_id)
        if row.completed:
            raise TrainingError("training.error.completed_delete")
        block = DayBlock.get_or_none(DayBlock.id == row.block_id) if row.block_id else None
        row.delete_instance()
        if block is not None:
            _release(block)


def invite(training_id: str, partner_ids: list[str]) -> int:
    """Add partners to the attendee list; returns how many were new."""
    with database.atomic():
        row = _get(training_id)
        wanted = set(partner_ids)
        valid = {p.id for p in Partner.select(Partner.id).where(
            Partner.id.in_(list(wanted)) & (Partner.branch == row.branch_id)
            & Partner.status.in_(ROSTER_STATUSES))}
        if wanted - valid:
            raise TrainingError("training.error.not_on_roster")
        have = {a.partner_id for a in Attendance.select(Attendance.partner)
                .where(Attendance.training == training_id)}
        new = [pid for pid in partner_ids if pid not in have]
        for pid in dict.fromkeys(new):
            Attendance.create(training=training_id, partner=pid, status="invited")
    return len(set(new))


def uninvite(training_id: str, partner_id: str) -> None:
    with database.atomic():
        row = _get(training_id)
        if row.completed:
            raise TrainingError("training.error.completed_attendance")
        Attendance.delete().where((Attendance.training == training_id)
                                  & (Attendance.partner == partner_id)).execute()


def mark(training_id: str, partner_id: str, status: str, today: Date) -> None:
    """Take one partner's attendance; not before the training's day, not once completed."""
    if status not in ATTENDANCE_STATUSES:
        raise TrainingError("training.error.attendance_status")
    with database.atomic():
        row = _get(training_id)
        if row.completed:
            raise TrainingError("training.error.completed_attendance")
        if status in ("present", "absent") and row.date > today:
            raise TrainingError("training.error.attendance_future")
        found = Attendance.get_or_none((Attendance.training == training_id)
                                       & (Attendance.partner == partner_id))
        if found is None:
            raise TrainingError("training.error.not_invited")
        found.status = status
        found.save()


def mark_all_unmarked(training_id: str, status: str, today: Date) -> int:
    """Everyone still "invited" gets `status` (e.g. all present); returns how many."""
    unmarked = [a.partner_id for a in attendees(training_id) if a.status == "invited"]
    with database.atomic():
        for partner_id in unmarked:
            mark(training_id, partner_id, status, today)
    return len(unmarked)


def complete(training_id: str, today: Date) -> Completion:
    """Close the training once its attendance is taken. The new-partner course then
    activates its present trainees when the setting says so; a trainee HR refuses
    stays a trainee and is named in the result."""
    with database.atomic():
        row = _get(training_id)
        if row.completed:
            raise TrainingError("training.error.already_completed")
        if row.date > today:
            raise TrainingError("training.error.complete_future")
        people = attendees(training_id)
        if not people:
            raise TrainingError("training.error.no_attendees")
        if any(a.status == "invited" for a in people):
            raise TrainingError("training.error.unmarked",
                                count=sum(1 for a in people if a.status == "invited"))
        row.completed = True
        row.save()
        _place_block(row)
        activated: list[str] = []
        refused: list[tuple[str, str]] = []
        enabled = row.kind == "new_partner" and activation_enabled()
        if enabled:
            note = t("training.activation_note", title=row.title)
            for person in people:
                if person.status != "present" or person.partner_status != "trainee":
                    continue
                try:
                    with database.atomic():  # a savepoint: one refusal undoes only itself
                        hr.transition(person.partner_id, "activate", on=row.date, note=note)
                except hr.HrError as error:
                    refused.append((person.name, str(error)))
                else:
                    activated.append(person.name)
    return Completion(_view(row), activated, refused, enabled)


def reopen(training_id: str) -> TrainingView:
    """Undo "completed" to correct the attendance. HR changes already made stay."""
    with database.atomic():
        row = _get(training_id)
        if not row.completed:
            raise TrainingError("training.error.not_completed")
        row.completed = False
        row.save()
        _place_block(row)
    return _view(row)


# --- cost ----------------------------------------------------------------------------------


def _sync_cost(row: Training) -> None:
    total = (Expense.select(fn.COALESCE(fn.SUM(Expense.amount_won), 0))
             .where(Expense.training == row.id).scalar())
    row.cost_won = int(total)
    row.save()


def book_cost(training_id: str, amount_won: int, spent_on: Date, *, category: str = "",
              payee: str = "", memo: str = "") -> ExpenseLine:
    """Book money spent on the training as an Expense on the "training" account."""
    if isinstance(amount_won, bool) or not isinstance(amount_won, int) or amount_won <= 0:
        raise TrainingError("training.error.amount")
    with database.atomic():
        row = _get(training_id)
        expense = Expense.create(branch=row.branch_id, spent_on=spent_on, account="training",
                                 category=category.strip(), amount_won=amount_won,
                                 payee=payee.strip(), memo=memo.strip() or row.title,
                                 training=row.id)
        _sync_cost(row)
    return ExpenseLine(expense.id, expense.spent_on, expense.amount_won, expense.category,
                       expense.payee, expense.memo)


def remove_cost(training_id: str, expense_id: str) -> None:
    """Take back an expense booked on this training by mistake."""
    with database.atomic():
        row = _get(training_id)
        deleted = Expense.delete().where((Expense.id == expense_id)
                                         & (Expense.training == training_id)).execute()
        if not deleted:
            raise TrainingError("training.error.expense_not_found")
        _sync_cost(row)


# --- per partner ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRef:
    id: str
    kind: str
    title: str
    date: Date


@dataclass(frozen=True)
class PartnerTraining:
    partner_id: str
    name: str
    status: str
    done: list[TrainingRef]  # present, newest first
    overdue: list[TrainingRef]  # held and missed, not made up since; newest first
    upcoming: list[TrainingRef]  # invited to, not yet held


def _topic(kind: str, title: str) -> tuple[str, str]:
    # The new-partner course is one topic whatever its title; other trainings are the
    # same topic when their titles match (a re-run of the same new-product session).
    return (kind, "") if kind == "new_partner" else (kind, " ".join(title.casefold().split()))


def by_partner(branch_id: str, today: Date) -> list[PartnerTraining]:
    """For each partner on the roster: trainings done, overdue and coming.

    A held (completed) training is owed by a trainee or active partner (not by an
    inactive one, who is not selling) when they were invited and not present, when
    it is a new-product training held since they joined, or when it is the
    new-partner course and they are still a trainee. It stops being owed once they
    are present at any training of the same topic.
    """
    partners = list(Partner.select(Partner.id, Partner.name, Partner.status, Partner.hired_on,
                                   Partner.recruited_on)
                    .where((Partner.branch == branch_id) & Partner.status.in_(ROSTER_STATUSES))
                    .order_by(Partner.name))
    trainings = {row.id: row for row in Training.select(*_training_columns())
                 .where(Training.branch == branch_id)}
    marks: dict[str, dict[str, str]] = defaultdict(dict)  # partner -> training -> status
    rows = (Attendance.select(Attendance.partner, Attendance.training, Attendance.status)
            .join(Training, JOIN.INNER).where(Training.branch == branch_id).tuples())
    for partner_id, training_id, status in rows:
        marks[partner_id][training_id] = status
    held = [row for row in trainings.values() if row.completed]
    out: list[PartnerTraining] = []
    for partner in partners:
        mine = marks.get(partner.id, {})
        joined = partner.hired_on or partner.recruited_on
        done_rows = [trainings[tid] for tid, status in mine.items() if status == "present"
                     and tid in trainings and trainings[tid].completed]
        covered = {_topic(r.kind, r.title) for r in done_rows}
        owed: dict[tuple[str, str], Training] = {}
        for row in held:
            status = mine.get(row.id)
            if status == "present":
                continue
            owes = partner.status in ("trainee", "active") and (
                status is not None
                or (row.kind == "new_product" and (joined is None or row.date >= joined))
                or (row.kind == "new_partner" and partner.status == "trainee"))
            topic = _topic(row.kind, row.title)
            if owes and topic not in covered and (
                    topic not in owed or owed[topic].date < row.date):
                owed[topic] = row
        upcoming = [trainings[tid] for tid, status in mine.items()
                    if tid in trainings and not trainings[tid].completed
                    and trainings[tid].date >= today]

        def refs(items: list[Training]) -> list[TrainingRef]:
            return [TrainingRef(r.id, r.kind, r.title, r.date)
                    for r in sorted(items, key=lambda r: r.date, reverse=True)]

        out.append(PartnerTraining(partner.id, partner.name, partner.status, refs(done_rows),
                                   refs(list(owed.values())),
                                   list(reversed(refs(upcoming)))))
    return out
