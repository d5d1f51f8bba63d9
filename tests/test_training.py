"""Training: the timeline block, attendance, completion and the HR event, the cost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pendulum
import pytest

from branchdash import budget, hr
from branchdash import training as tr
from branchdash.data.branches import create_branch
from branchdash.data.models import DayBlock, Expense, Partner, PartnerEvent, ScheduleDay, Training
from branchdash.overview import branch_overview
from branchdash.schedule import day_blocks

TODAY = pendulum.date(2026, 11, 30)  # a Monday (the clock fixture's day)
WEEKS_AGO = TODAY.subtract(days=20)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("Gangnam 3", "GN3").id


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _trainee(branch: str, name: str, onboarded: pendulum.Date = WEEKS_AGO) -> str:
    pid = hr.recruit(branch, name, onboarded.subtract(days=5))
    hr.transition(pid, "start_onboarding", on=onboarded)
    return pid


def _active(branch: str, name: str) -> str:
    pid = _trainee(branch, name, TODAY.subtract(days=60))
    hr.transition(pid, "activate", on=TODAY.subtract(days=50))
    return pid


def _training(branch: str, kind: str = "new_product", title: str = "Winter set",
              day: pendulum.Date = TODAY, start: str = "09:30", end: str = "11:30",
              **kw: str) -> tr.TrainingView:
    return tr.create_training(branch, kind=kind, title=title, date=day, start=_time(start),
                              end=_time(end), **kw)


def test_training_at_the_routine_time_takes_the_routine_block(branch: str) -> None:
    item = _training(branch, title="Winter set launch")
    blocks = [b for b in day_blocks(branch, TODAY) if b.kind == "training"]
    assert [(b.title, b.id) for b in blocks] == [("Winter set launch", item.block_id)]
    # the other routine blocks of the day are all there
    assert len(day_blocks(branch, TODAY)) == 9


def test_training_at_another_time_gets_its_own_block_after_the_routine(branch: str) -> None:
    day = TODAY.add(days=3)  # a day not made yet
    assert not ScheduleDay.select().where(ScheduleDay.date == day).exists()
    item = _training(branch, "irregular", "Objection handling", day, "14:00", "15:00")
    blocks = day_blocks(branch, day)
    titles = [b.title for b in blocks if b.kind == "training"]
    assert titles == ["@routine.training", "Objection handling"]
    assert len(blocks) == 10  # the routine's nine and the training's own
    own = DayBlock.get_by_id(item.block_id)
    assert own.template_id is None and own.kind == "training"


def test_moving_and_deleting_gives_the_routine_block_back(branch: str) -> None:
    item = _training(branch)
    routine_block = item.block_id
    moved = tr.update_training(item.id, kind="new_product", title="Winter set", date=TODAY,
                               start=_time("13:00"), end=_time("14:00"), instructor="Kim",
                               curriculum="1. Why\n2. How")
    assert moved.block_id != routine_block
    assert DayBlock.get_by_id(routine_block).title == "@routine.training"
    own = DayBlock.get_by_id(moved.block_id)
    assert (own.start, own.end, own.title) == (_time("13:00"), _time("14:00"), "Winter set")
    tr.delete_training(item.id)
    assert DayBlock.get_or_none(DayBlock.id == moved.block_id) is None
    assert Training.select().count() == 0


def test_refusals(branch: str) -> None:
    with pytest.raises(tr.TrainingError) as times:
        _training(branch, start="11:00", end="10:00")
    assert times.value.key == "training.error.times"
    with pytest.raises(tr.TrainingError) as title:
        _training(branch, title="  ")
    assert title.value.key == "training.error.title"
    assert Training.select().count() == 0


def test_attendance_and_completion(branch: str) -> None:
    a, b = _active(branch, "Kim Mina"), _active(branch, "Lee Jun")
    item = _training(branch)
    assert tr.invite(item.id, [a, b, a]) == 2
    assert tr.invite(item.id, [a]) == 0
    with pytest.raises(tr.TrainingError) as unmarked:
        tr.complete(item.id, TODAY)
    assert unmarked.value.key == "training.error.unmarked"
    assert "2 attendee" in str(unmarked.value)
    tr.mark(item.id, a, "present", TODAY)
    tr.mark(item.id, b, "absent", TODAY)
    done = tr.complete(item.id, TODAY)
    assert done.training.completed and (done.training.present, done.training.absent) == (1, 1)
    assert DayBlock.get_by_id(item.block_id).status == "done"
    with pytest.raises(tr.TrainingError) as closed:
        tr.mark(item.id, b, "present", TODAY)
    assert closed.value.key == "training.error.completed_attendance"
    tr.reopen(item.id)
    tr.mark(item.id, b, "present", TODAY)
    assert tr.get_training(item.id).present == 2


def test_attendance_not_taken_ahead(branch: str) -> None:
    a = _active(branch, "Kim Mina")
    item = _training(branch, day=TODAY.add(days=2))
    tr.invite(item.id, [a])
    with pytest.raises(tr.TrainingError) as early:
        tr.mark(item.id, a, "present", TODAY)
    assert early.value.key == "training.error.attendance_future"
    tr.mark(item.id, a, "excused", TODAY)  # known ahead: allowed
    with pytest.raises(tr.TrainingError) as future:
        tr.complete(item.id, TODAY)
    assert future.value.key == "training.error.complete_future"


def test_new_partner_course_activates_trainees_when_set(branch: str) -> None:
    tr.set_activation(True)
    present, absent = _trainee(branch, "Park Sora"), _trainee(branch, "Choi Min")
    veteran = _active(branch, "Kim Mina")
    course = _training(branch, "new_partner", "Onboarding week 1")
    tr.invite(course.id, [present, absent, veteran])
    tr.mark_all_unmarked(course.id, "present", TODAY)
    tr.mark(course.id, absent, "absent", TODAY)
    result = tr.complete(course.id, TODAY)
    assert result.activation_on and result.activated == ["Park Sora"] and result.refused == []
    assert Partner.get_by_id(present).status == "active"
    assert Partner.get_by_id(absent).status == "trainee"
    event = PartnerEvent.get((PartnerEvent.partner == present)
                             & (PartnerEvent.kind == "activate"))
    assert event.occurred_on == TODAY
    assert json.loads(event.after) == {"status": "active"}
    assert "Onboarding week 1" in event.note


def test_no_activation_when_the_setting_is_off(branch: str) -> None:
    assert not tr.activation_enabled()  # off unless the manager turns it on
    trainee = _trainee(branch, "Park Sora")
    course = _training(branch, "new_partner", "Onboarding")
    tr.invite(course.id, [trainee])
    tr.mark(course.id, trainee, "present", TODAY)
    result = tr.complete(course.id, TODAY)
    assert not result.activation_on and result.activated == []
    assert Partner.get_by_id(trainee).status == "trainee"


def test_a_trainee_hr_refuses_stays_and_is_named(branch: str) -> None:
    tr.set_activation(True)
    early = _trainee(branch, "Park Sora", TODAY.subtract(days=20))
    late = _trainee(branch, "Choi Min", TODAY)  # onboarded after the course
    course = _training(branch, "new_partner", "Onboarding", TODAY.subtract(days=3))
    tr.invite(course.id, [early, late])
    tr.mark_all_unmarked(course.id, "present", TODAY)
    result = tr.complete(course.id, TODAY)
    assert result.activated == ["Park Sora"]
    assert [name for name, _ in result.refused] == ["Choi Min"]
    assert Partner.get_by_id(late).status == "trainee"
    assert Training.get_by_id(course.id).completed


def test_cost_is_a_training_expense_in_the_budget_figures(branch: str) -> None:
    item = _training(branch, instructor="HQ trainer")
    before = branch_overview(branch, TODAY).spent_month_won
    line = tr.book_cost(item.id, 150_000, TODAY, category="Lecturer", payee="HQ trainer")
    tr.book_cost(item.id, 30_000, TODAY, category="Printing")
    expense = Expense.get_by_id(line.id)
    assert (expense.account, expense.training_id, expense.branch_id) == (
        "training", item.id, branch)
    assert expense.memo == "Winter set"
    assert tr.get_training(item.id).cost_won == 180_000
    assert branch_overview(branch, TODAY).spent_month_won == before + 180_000
    # the Budget screen's figures: the training account's spending and its expense list
    month = budget.month_view(branch, TODAY, TODAY)
    assert month.burndown("training").spent_won == 180_000
    assert month.burndown("promotion").spent_won == 0
    listed = budget.month_expenses(branch, TODAY, "training")
    assert {(row.amount_won, row.link_title) for row in listed} == {
        (150_000, "Winter set"), (30_000, "Winter set")}
    tr.remove_cost(item.id, line.id)
    assert tr.get_training(item.id).cost_won == 30_000
    with pytest.raises(tr.TrainingError) as bad:
        tr.book_cost(item.id, 0, TODAY)
    assert bad.value.key == "training.error.amount"
    with pytest.raises(tr.TrainingError):
        tr.book_cost(item.id, 1.5, TODAY)  # type: ignore[arg-type]


def test_per_partner_done_and_overdue(branch: str) -> None:
    kim, lee = _active(branch, "Kim Mina"), _active(branch, "Lee Jun")
    _trainee(branch, "Park Sora")
    launch = _training(branch, "new_product", "Winter set", TODAY.subtract(days=7))
    tr.invite(launch.id, [kim, lee])
    tr.mark(launch.id, kim, "present", TODAY)
    tr.mark(launch.id, lee, "absent", TODAY)
    tr.complete(launch.id, TODAY)
    course = _training(branch, "new_partner", "Onboarding", TODAY.subtract(days=5))
    tr.invite(course.id, [kim])
    tr.mark(course.id, kim, "present", TODAY)
    tr.complete(course.id, TODAY)
    coming = _training(branch, "regular", "Monthly review", TODAY.add(days=2))
    tr.invite(coming.id, [lee])
    resting = _active(branch, "Jung Ho")
    hr.transition(resting, "deactivate", on=TODAY.subtract(days=30))
    rows = {row.name: row for row in tr.by_partner(branch, TODAY)}
    assert rows["Jung Ho"].overdue == []  # inactive: not chased for training
    assert [r.title for r in rows["Kim Mina"].done] == ["Onboarding", "Winter set"]
    assert rows["Kim Mina"].overdue == []
    assert [r.title for r in rows["Lee Jun"].overdue] == ["Winter set"]
    assert [r.title for r in rows["Lee Jun"].upcoming] == ["Monthly review"]
    # the trainee joined before the launch: owes it, and the new-partner course
    assert sorted(r.title for r in rows["Park Sora"].overdue) == ["Onboarding", "Winter set"]
    # a re-run of the same new-product session makes it up
    rerun = _training(branch, "new_product", "winter  SET", TODAY, "14:00", "15:00")
    tr.invite(rerun.id, [lee])
    tr.mark(rerun.id, lee, "present", TODAY)
    tr.complete(rerun.id, TODAY)
    rows = {row.name: row for row in tr.by_partner(branch, TODAY)}
    assert rows["Lee Jun"].overdue == []
