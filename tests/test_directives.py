"""HQ directives: the status chain, its refusals, the meeting link, search, urgency."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from branchdash import directives as dv
from branchdash import i18n
from branchdash.data.branches import create_branch
from branchdash.data.models import Directive, Meeting

TODAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("Gangnam 3", "GN3").id


def _meeting(branch: str, day: pendulum.Date = TODAY, kind: str = "morning") -> str:
    return Meeting.create(branch=branch, date=day, kind=kind).id


def _directive(branch: str, number: str = "HQ-1", **kw: object) -> dv.DirectiveView:
    fields: dict[str, object] = {"title": "Winter product push",
                                 "received_on": TODAY.subtract(days=2)}
    fields.update(kw)
    return dv.create_directive(branch, number=number, **fields)  # type: ignore[arg-type]


def test_the_whole_chain_forward(branch: str) -> None:
    item = _directive(branch, key_points="- sell the winter set\n- report by Friday")
    assert item.status == "received"
    assert dv.mark_understood(item.id).status == "understood"
    meeting = _meeting(branch)
    relayed = dv.mark_relayed(item.id, meeting, TODAY)
    assert relayed.status == "relayed"
    assert relayed.relayed_in is not None and relayed.relayed_in.id == meeting
    assert relayed.relayed_in.date == TODAY and relayed.relayed_in.kind == "morning"
    done = dv.mark_done(item.id)
    assert done.status == "done" and done.done_at is not None
    # the meeting keeps its link after done
    assert [d.id for d in dv.relayed_in_meeting(meeting)] == [item.id]


def test_relaying_from_received_counts_as_understood(branch: str) -> None:
    item = _directive(branch)
    assert dv.mark_relayed(item.id, _meeting(branch), TODAY).status == "relayed"


@pytest.mark.parametrize(("steps", "action", "key"), [
    ([], "done", "directives.error.done_from_received"),
    (["understood"], "done", "directives.error.done_from_understood"),
    (["understood"], "understood", "directives.error.understood_from_understood"),
    (["understood", "relayed"], "understood", "directives.error.understood_from_relayed"),
    (["understood", "relayed", "done"], "done", "directives.error.done_from_done"),
    (["understood", "relayed", "done"], "relayed_other",
     "directives.error.relayed_from_done"),
    (["understood", "relayed"], "relayed_other", "directives.error.relayed_from_relayed"),
])
def test_refused_steps_write_nothing(branch: str, steps: list[str], action: str,
                                     key: str) -> None:
    item = _directive(branch)
    meeting = _meeting(branch)
    for step in steps:
        {"understood": lambda: dv.mark_understood(item.id),
         "relayed": lambda: dv.mark_relayed(item.id, meeting, TODAY),
         "done": lambda: dv.mark_done(item.id)}[step]()
    before = Directive.get_by_id(item.id)
    other = _meeting(branch, kind="evening")
    with pytest.raises(dv.DirectiveError) as refused:
        {"understood": lambda: dv.mark_understood(item.id),
         "relayed_other": lambda: dv.mark_relayed(item.id, other, TODAY),
         "done": lambda: dv.mark_done(item.id)}[action]()
    assert refused.value.key == key
    assert str(refused.value) == i18n.t(key)  # a sentence, not a code
    after = Directive.get_by_id(item.id)
    assert (after.status, after.relayed_in_id, after.updated_at) == (
        before.status, before.relayed_in_id, before.updated_at)


def test_relaying_again_in_the_same_meeting_changes_nothing(branch: str) -> None:
    item = _directive(branch)
    meeting = _meeting(branch)
    dv.mark_relayed(item.id, meeting, TODAY)
    assert dv.mark_relayed(item.id, meeting, TODAY).relayed_in.id == meeting  # type: ignore[union-attr]


def test_relay_refusals(branch: str) -> None:
    item = _directive(branch, received_on=TODAY)
    yesterday = _meeting(branch, TODAY.subtract(days=1))
    with pytest.raises(dv.DirectiveError, match="before the directive arrived"):
        dv.mark_relayed(item.id, yesterday, TODAY.subtract(days=1))
    with pytest.raises(dv.DirectiveError) as wrong_day:
        dv.mark_relayed(item.id, _meeting(branch), TODAY.add(days=1))
    assert wrong_day.value.key == "directives.error.relayed_other_day"
    with pytest.raises(dv.DirectiveError) as gone:
        dv.mark_relayed(item.id, "nope", TODAY)
    assert gone.value.key == "directives.error.meeting_not_found"
    other_branch = create_branch("Seocho", "SC1").id
    with pytest.raises(dv.DirectiveError) as foreign:
        dv.mark_relayed(item.id, _meeting(other_branch), TODAY)
    assert foreign.value.key == "directives.error.meeting_other_branch"
    assert Directive.get_by_id(item.id).status == "received"


def test_advance_and_step_back(branch: str) -> None:
    item = _directive(branch)
    assert dv.advance(item.id).status == "understood"
    with pytest.raises(dv.DirectiveError) as needs:
        dv.advance(item.id)
    assert needs.value.key == "directives.error.relay_needs_meeting"
    meeting = _meeting(branch)
    dv.mark_relayed(item.id, meeting, TODAY)
    assert dv.advance(item.id).status == "done"
    back = dv.step_back(item.id)
    assert back.status == "relayed" and back.done_at is None
    back = dv.step_back(item.id)
    assert back.status == "understood" and back.relayed_in is None
    assert dv.step_back(item.id).status == "received"
    with pytest.raises(dv.DirectiveError) as nothing:
        dv.step_back(item.id)
    assert nothing.value.key == "directives.error.nothing_to_undo"


def test_not_relayed_is_what_meetings_show(branch: str) -> None:
    a = _directive(branch, "HQ-1", due_on=TODAY.add(days=5))
    b = _directive(branch, "HQ-2", due_on=TODAY.add(days=1))
    c = _directive(branch, "HQ-3")
    dv.mark_understood(c.id)
    relayed = _directive(branch, "HQ-4")
    dv.mark_relayed(relayed.id, _meeting(branch), TODAY)
    # soonest due first; no due date last
    assert [d.number for d in dv.not_relayed(branch)] == ["HQ-2", "HQ-1", "HQ-3"]
    assert {a.id, b.id, c.id} == {d.id for d in dv.not_relayed(branch)}


def test_create_refusals(branch: str) -> None:
    _directive(branch, "HQ-7")
    with pytest.raises(dv.DirectiveError) as taken:
        _directive(branch, "HQ-7")
    assert taken.value.key == "directives.error.number_taken"
    with pytest.raises(dv.DirectiveError) as no_title:
        _directive(branch, "HQ-8", title="  ")
    assert no_title.value.key == "directives.error.title"
    with pytest.raises(dv.DirectiveError) as early:
        _directive(branch, "HQ-9", due_on=TODAY.subtract(days=5))
    assert early.value.key == "directives.error.due_before_received"
    assert Directive.select().count() == 1


def test_urgency(branch: str) -> None:
    late = _directive(branch, "HQ-1", due_on=TODAY.subtract(days=1))
    today = _directive(branch, "HQ-2", due_on=TODAY)
    soon = _directive(branch, "HQ-3", due_on=TODAY.add(days=dv.DUE_SOON_DAYS))
    later = _directive(branch, "HQ-4", due_on=TODAY.add(days=dv.DUE_SOON_DAYS + 1))
    undated = _directive(branch, "HQ-5")
    assert [d.urgency(TODAY) for d in (late, today, soon, later, undated)] == [
        "overdue", "due_today", "due_soon", "", ""]
    dv.mark_relayed(late.id, _meeting(branch), TODAY)
    assert dv.mark_done(late.id).urgency(TODAY) == ""  # done is never late
    figures = dv.counts(branch, TODAY)
    assert (figures.open, figures.overdue, figures.due_soon, figures.not_relayed) == (4, 0, 2, 4)


def test_search_by_words_in_any_field_and_case(branch: str) -> None:
    _directive(branch, "본사-2026-101", title="겨울 신상품 판매 강화",
               key_points="- 팀별 목표 공유", attachments=["~/공문/101.pdf"])
    _directive(branch, "HQ-2026-102", title="Safety Check", key_points="- fire drill")
    assert [d.number for d in dv.list_directives(branch, "신상품")] == ["본사-2026-101"]
    assert [d.number for d in dv.list_directives(branch, "safety DRILL")] == ["HQ-2026-102"]
    assert [d.number for d in dv.list_directives(branch, "101.pdf")] == ["본사-2026-101"]
    assert dv.list_directives(branch, "safety 신상품") == []
    assert len(dv.list_directives(branch, "  ")) == 2


def test_attachments_are_cleaned_paths(branch: str) -> None:
    item = _directive(branch, attachments=[' "/tmp/a b.pdf" ', "", "/tmp/a b.pdf", "~/x.hwp"])
    assert item.attachments == ("/tmp/a b.pdf", str(Path("~/x.hwp").expanduser()))
    updated = dv.update_directive(item.id, number=item.number, title="New title",
                                  received_on=item.received_on, due_on=None, key_points="",
                                  attachments=[])
    assert updated.attachments == () and updated.title == "New title"


def test_korean_messages(branch: str) -> None:
    i18n.set_language("ko")
    item = _directive(branch)
    with pytest.raises(dv.DirectiveError, match="회의에서 팀에 전달"):
        dv.mark_done(item.id)
