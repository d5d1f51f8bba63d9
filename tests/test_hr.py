"""The HR lifecycle: every transition, every refusal, and the history's before/after."""

from __future__ import annotations

import json
from pathlib import Path

import pendulum
import pytest

from branchdash import hr, i18n
from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.models import Partner, PartnerEvent
from branchdash.hr import HrError, allowed_events, recruit, transition

D = pendulum.date


@pytest.fixture
def branch(db: Path) -> str:
    return create_branch("강남3센터", "GN03").id


@pytest.fixture
def lead(branch: str) -> str:
    pid = recruit(branch, "박영미", D(2020, 1, 2), phone="01011110001", role="sales_manager")
    transition(pid, "start_onboarding", D(2020, 1, 6))
    transition(pid, "activate", D(2020, 2, 1))
    return pid


@pytest.fixture
def other_lead(branch: str) -> str:
    pid = recruit(branch, "이유진", D(2020, 1, 2), phone="01011110002", role="sales_manager")
    transition(pid, "start_onboarding", D(2020, 1, 6))
    transition(pid, "activate", D(2020, 2, 1))
    return pid


@pytest.fixture
def seller(branch: str, lead: str) -> str:
    return recruit(branch, "김민수", D(2026, 9, 1), phone="010 2222 5678", manager=lead)


def events_of(pid: str) -> list[PartnerEvent]:
    return list(PartnerEvent.select().where(PartnerEvent.partner == pid)
                .order_by(PartnerEvent.occurred_on, PartnerEvent.created_at))


def status(pid: str) -> str:
    return str(Partner.get_by_id(pid).status)


def test_recruit_makes_a_candidate_with_a_history_entry(seller: str, lead: str) -> None:
    partner = Partner.get_by_id(seller)
    assert (partner.status, partner.role, partner.rank) == ("candidate", "seller", "일반")
    assert partner.phone == "010-2222-5678"  # normalised
    assert partner.manager_id == lead
    assert partner.recruited_on == D(2026, 9, 1)
    (event,) = events_of(seller)
    assert event.kind == "recruit" and json.loads(event.before) == {}
    assert json.loads(event.after)["status"] == "candidate"


def test_the_whole_life_writes_each_step_with_before_and_after(
        seller: str, lead: str, other_lead: str) -> None:
    transition(seller, "start_onboarding", D(2026, 9, 5))
    assert status(seller) == "trainee"
    assert Partner.get_by_id(seller).hired_on == D(2026, 9, 5)
    transition(seller, "activate", D(2026, 9, 20), note="입문 교육 수료")
    assert status(seller) == "active"
    transition(seller, "promote", D(2026, 10, 1), rank="우수")
    transition(seller, "transfer", D(2026, 10, 2), manager=other_lead)
    assert Partner.get_by_id(seller).manager_id == other_lead
    transition(seller, "deactivate", D(2026, 10, 10))
    assert status(seller) == "inactive"
    transition(seller, "activate", D(2026, 10, 20))
    transition(seller, "resign", D(2026, 11, 1), reason="competitor", note="타사 이직")
    partner = Partner.get_by_id(seller)
    assert (partner.status, partner.resigned_on, partner.resign_reason) == (
        "resigned", D(2026, 11, 1), "competitor")
    transition(seller, "rehire", D(2026, 11, 20), manager=lead)
    partner = Partner.get_by_id(seller)
    assert (partner.status, partner.hired_on, partner.resigned_on, partner.resign_reason,
            partner.manager_id) == ("trainee", D(2026, 11, 20), None, "", lead)

    kinds = [e.kind for e in events_of(seller)]
    assert kinds == ["recruit", "start_onboarding", "activate", "promote", "transfer",
                     "deactivate", "activate", "resign", "rehire"]
    by_kind = {e.kind: e for e in events_of(seller)}
    promote = by_kind["promote"]
    assert json.loads(promote.before) == {"rank": "일반"}
    assert json.loads(promote.after) == {"rank": "우수"}
    transfer = by_kind["transfer"]
    assert json.loads(transfer.before) == {"manager": lead}
    assert json.loads(transfer.after) == {"manager": other_lead}
    resign = by_kind["resign"]
    assert resign.reason == "competitor" and resign.note == "타사 이직"
    assert json.loads(resign.before) == {"status": "active", "resigned_on": None,
                                         "resign_reason": ""}
    assert json.loads(resign.after) == {"status": "resigned", "resigned_on": "2026-11-01",
                                        "resign_reason": "competitor"}
    assert [e.note for e in events_of(seller) if e.kind == "activate"] == ["입문 교육 수료", ""]


def test_promote_seller_to_sales_manager_leaves_the_team(seller: str) -> None:
    transition(seller, "start_onboarding", D(2026, 9, 5))
    transition(seller, "activate", D(2026, 9, 20))
    transition(seller, "promote", D(2026, 11, 1), role="sales_manager")
    partner = Partner.get_by_id(seller)
    assert (partner.role, partner.rank, partner.manager_id) == ("sales_manager", "팀장", None)


def refused(pid: str, event: str, on: pendulum.Date, **changes: object) -> str:
    before = [(e.kind, e.before, e.after) for e in events_of(pid)]
    row_before = Partner.get_by_id(pid).__data__.copy()
    with pytest.raises(HrError) as caught:
        transition(pid, event, on, **changes)
    # nothing written
    assert [(e.kind, e.before, e.after) for e in events_of(pid)] == before
    assert Partner.get_by_id(pid).__data__ == row_before
    return str(caught.value)


def test_promoting_a_resigned_partner_is_refused(seller: str) -> None:
    transition(seller, "resign", D(2026, 9, 3), reason="personal")
    message = refused(seller, "promote", D(2026, 10, 1), rank="우수")
    assert "has resigned" in message and "rehire" in message


def test_resigning_twice_is_refused(seller: str) -> None:
    transition(seller, "resign", D(2026, 9, 3), reason="personal")
    assert "already resigned" in refused(seller, "resign", D(2026, 9, 4), reason="income")


def test_a_date_before_hire_is_refused(seller: str) -> None:
    transition(seller, "start_onboarding", D(2026, 9, 5))
    message = refused(seller, "activate", D(2026, 9, 4))
    assert "before 김민수 was hired" in message


def test_a_date_before_the_last_change_is_refused(seller: str) -> None:
    transition(seller, "start_onboarding", D(2026, 9, 5))
    transition(seller, "activate", D(2026, 10, 1))
    assert "before the last recorded change" in refused(seller, "deactivate", D(2026, 9, 20))


def test_a_future_date_is_refused(seller: str, clock: FakeClock) -> None:
    assert "in the future" in refused(seller, "start_onboarding", D(2026, 12, 1))


@pytest.mark.parametrize(("event", "changes", "words"), [
    ("activate", {}, "start their onboarding first"),
    ("promote", {"rank": "우수"}, "needs the status Active"),
    ("deactivate", {}, "needs the status Active"),
    ("rehire", {}, "needs the status Resigned"),
])
def test_events_not_allowed_from_candidate(seller: str, event: str,
                                           changes: dict[str, object], words: str) -> None:
    assert words in refused(seller, event, D(2026, 10, 1), **changes)


def test_promote_refusals(seller: str, lead: str) -> None:
    transition(seller, "start_onboarding", D(2026, 9, 5))
    transition(seller, "activate", D(2026, 9, 20))
    transition(seller, "promote", D(2026, 10, 1), rank="최우수")
    assert "below" in refused(seller, "promote", D(2026, 10, 2), rank="우수")
    assert "already" in refused(seller, "promote", D(2026, 10, 2), rank="최우수")
    assert "cannot make them a seller" in refused(lead, "promote", D(2026, 10, 2), role="seller")


def test_transfer_refusals(seller: str, lead: str, other_lead: str) -> None:
    assert "already in 박영미's team" in refused(seller, "transfer", D(2026, 10, 1), manager=lead)
    assert "Choose the team" in refused(seller, "transfer", D(2026, 10, 1))
    assert "leads their own team" in refused(other_lead, "transfer", D(2026, 10, 1),
                                             manager=lead)


def test_resign_needs_a_reason_from_the_list(seller: str) -> None:
    assert "Choose the reason" in refused(seller, "resign", D(2026, 10, 1))
    assert "Choose the reason" in refused(seller, "resign", D(2026, 10, 1), reason="bored")


def test_a_sales_manager_with_a_team_cannot_resign(seller: str, lead: str) -> None:
    assert "still leads 1 partner" in refused(lead, "resign", D(2026, 10, 1), reason="health")


def test_recruit_refuses_a_known_phone_and_bad_input(branch: str, seller: str) -> None:
    with pytest.raises(HrError, match="already belongs to 김민수"):
        recruit(branch, "김민수2", D(2026, 10, 1), phone="010-2222-5678")
    with pytest.raises(HrError, match="name"):
        recruit(branch, "  ", D(2026, 10, 1))
    with pytest.raises(HrError, match="Korean phone number"):
        recruit(branch, "홍길동", D(2026, 10, 1), phone="12345")
    transition(seller, "resign", D(2026, 10, 1), reason="other")
    with pytest.raises(HrError, match="rehire them instead"):
        recruit(branch, "김민수", D(2026, 10, 2), phone="01022225678")
    assert Partner.select().where(Partner.branch == branch).count() == 2


def test_edit_keeps_before_and_after(seller: str) -> None:
    hr.edit(seller, D(2026, 10, 1), phone="010-9999-0000", notes="야간 활동 선호")
    event = events_of(seller)[-1]
    assert event.kind == "edit"
    assert json.loads(event.before) == {"phone": "010-2222-5678", "notes": ""}
    assert json.loads(event.after) == {"phone": "010-9999-0000", "notes": "야간 활동 선호"}
    with pytest.raises(HrError, match="Nothing changed"):
        hr.edit(seller, D(2026, 10, 1), phone="01099990000")


def test_allowed_events_follow_the_state_machine() -> None:
    assert allowed_events("candidate") == ["start_onboarding", "transfer", "resign"]
    assert allowed_events("trainee") == ["activate", "transfer", "resign"]
    assert allowed_events("active") == ["promote", "transfer", "deactivate", "resign"]
    assert allowed_events("inactive") == ["activate", "transfer", "resign"]
    assert allowed_events("resigned") == ["rehire"]


def test_refusals_speak_korean(seller: str) -> None:
    i18n.set_language("ko")
    transition(seller, "resign", D(2026, 9, 3), reason="personal")
    message = refused(seller, "resign", D(2026, 9, 4), reason="income")
    assert "이미 퇴사" in message


def test_unknown_event_and_recruit_through_transition(seller: str) -> None:
    assert "no HR change" in refused(seller, "fire", D(2026, 10, 1))
    assert "already recruited" in refused(seller, "recruit", D(2026, 10, 1))
    with pytest.raises(HrError, match="no longer in the roster"):
        transition("nope", "activate", D(2026, 10, 1))
