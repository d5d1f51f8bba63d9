"""The HR lifecycle of a partner: explicit states, the events between them, their rules.

    candidate --start_onboarding--> trainee --activate--> active <--deactivate/activate--> inactive
        any but resigned --resign--> resigned --rehire--> trainee
    promote (rank, or seller -> sales manager) needs an active partner;
    transfer (to another sales manager's team) any partner not resigned.

Each event is one transaction that writes the partner's new values and a
`PartnerEvent` with the changed fields before and after; a refused event writes
nothing and raises `HrError` with a message that says why (in the user's
language). Other areas call `transition` (e.g. Training activates a trainee
who finished the new-partner course).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pendulum
from peewee import fn

from branchdash import clock
from branchdash.data.models import (
    PARTNER_ROLES,
    RESIGN_REASONS,
    Partner,
    PartnerEvent,
    database,
)
from branchdash.i18n import format_date, t
from branchdash.phone import PhoneError, normalise

ROLES = PARTNER_ROLES
EVENTS = ("recruit", "start_onboarding", "activate", "promote", "transfer", "deactivate",
          "resign", "rehire")
# Rank ladders, lowest first (stored as the words the branch uses).
SELLER_RANKS = ("일반", "우수", "최우수")
MANAGER_RANKS = ("팀장", "수석팀장")
ACTIVE_STATUSES = ("candidate", "trainee", "active", "inactive")  # everyone not resigned


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]  # statuses the event may start from
    target: str | None  # the status it leads to; None: the status stays
    allowed: frozenset[str]  # the changes it accepts besides `note`


RULES: dict[str, Rule] = {
    "recruit": Rule(frozenset(), "candidate", frozenset()),  # new partners: see `recruit`
    "start_onboarding": Rule(frozenset({"candidate"}), "trainee", frozenset()),
    "activate": Rule(frozenset({"trainee", "inactive"}), "active", frozenset()),
    "promote": Rule(frozenset({"active"}), None, frozenset({"rank", "role"})),
    "transfer": Rule(frozenset(ACTIVE_STATUSES), None, frozenset({"manager"})),
    "deactivate": Rule(frozenset({"active"}), "inactive", frozenset()),
    "resign": Rule(frozenset(ACTIVE_STATUSES), "resigned", frozenset({"reason"})),
    "rehire": Rule(frozenset({"resigned"}), "trainee", frozenset({"manager"})),
}


class HrError(Exception):
    """A refused HR change; `str(error)` is the reason, ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def allowed_events(status: str) -> list[str]:
    """The events a partner in `status` may go through (for menus and greying out)."""
    return [event for event, rule in RULES.items() if status in rule.sources]


def rank_ladder(role: str) -> tuple[str, ...]:
    return MANAGER_RANKS if role == "sales_manager" else SELLER_RANKS


# --- the events ------------------------------------------------------------------------


def transition(partner_id: str, event: str, on: pendulum.Date, **changes: object) -> None:
    """Put the partner through `event` on the date `on`, or raise `HrError`.

    Accepted changes: `note` (any event); `rank` and `role` (promote); `manager`,
    a sales manager's partner id (transfer, and optionally rehire); `reason`, one
    of RESIGN_REASONS (resign).
    """
    rule = RULES.get(event)
    if rule is None:
        raise HrError(t("partners.hr.unknown_event", event=event))
    unknown = set(changes) - rule.allowed - {"note"}
    if unknown:
        raise TypeError(f"{event} does not take {', '.join(sorted(unknown))}")
    note = str(changes.get("note") or "").strip()
    with database.atomic():
        partner = Partner.get_or_none(Partner.id == partner_id)
        if partner is None:
            raise HrError(t("partners.hr.no_partner"))
        if event == "recruit":
            raise HrError(t("partners.hr.already_recruited", name=partner.name))
        if partner.status not in rule.sources:
            raise HrError(_refusal(partner, event))
        _check_date(partner, on)
        after: dict[str, object] = {}
        if rule.target is not None:
            after["status"] = rule.target
        reason = ""
        if event == "start_onboarding":
            after["hired_on"] = on
        elif event == "promote":
            after.update(_promotion(partner, changes))
        elif event == "transfer":
            manager = _manager(partner, changes.get("manager"), required=True)
            after["manager"] = manager
        elif event == "resign":
            reason = _reason(changes.get("reason"))
            after.update(resigned_on=on, resign_reason=reason)
            _check_team_empty(partner)
        elif event == "rehire":
            after.update(hired_on=on, resigned_on=None, resign_reason="")
            if changes.get("manager"):
                after["manager"] = _manager(partner, changes.get("manager"), required=True)
        _write(partner, event, on, after, reason=reason, note=note)


def recruit(branch_id: str, name: str, on: pendulum.Date, *, phone: str = "",
            role: str = "seller", rank: str = "", manager: str | None = None,
            note: str = "") -> str:
    """A new candidate in the branch; returns their partner id."""
    name = " ".join(name.split())
    if not name:
        raise HrError(t("partners.hr.name_required"))
    if role not in PARTNER_ROLES:
        raise HrError(t("partners.hr.unknown_role", role=role))
    try:
        phone = normalise(phone)
    except PhoneError as error:
        raise HrError(str(error)) from None
    _check_not_future(on)
    with database.atomic():
        _check_phone_free(branch_id, phone, None)
        manager_id = None
        if manager:
            manager_id = _manager_row(branch_id, manager, None).id
        rank = rank.strip() or rank_ladder(role)[0]
        partner = Partner.create(branch=branch_id, name=name, phone=phone, role=role, rank=rank,
                                 status="candidate", manager=manager_id, recruited_on=on)
        after = {"status": "candidate", "role": role, "rank": rank, "manager": manager_id,
                 "recruited_on": on}
        PartnerEvent.create(partner=partner.id, kind="recruit", occurred_on=on, before="{}",
                            after=_dumps(after), note=note.strip())
    return str(partner.id)


def edit(partner_id: str, on: pendulum.Date, *, name: str | None = None,
         phone: str | None = None, notes: str | None = None) -> None:
    """Correct a partner's name, phone or notes (kept in the history as an "edit")."""
    with database.atomic():
        partner = Partner.get_or_none(Partner.id == partner_id)
        if partner is None:
            raise HrError(t("partners.hr.no_partner"))
        after: dict[str, object] = {}
        if name is not None:
            name = " ".join(name.split())
            if not name:
                raise HrError(t("partners.hr.name_required"))
            after["name"] = name
        if phone is not None:
            try:
                after["phone"] = normalise(phone)
            except PhoneError as error:
                raise HrError(str(error)) from None
            _check_phone_free(partner.branch_id, str(after["phone"]), partner.id)
        if notes is not None:
            after["notes"] = notes.strip()
        after = {key: value for key, value in after.items() if getattr(partner, key) != value}
        if not after:
            raise HrError(t("partners.hr.nothing_changed"))
        _check_not_future(on)
        _write(partner, "edit", on, after)


# --- checks ----------------------------------------------------------------------------


def _refusal(partner: Partner, event: str) -> str:
    status = t(f"partners.status.{partner.status}")
    if event == "resign" and partner.status == "resigned":
        return t("partners.hr.already_resigned", name=partner.name,
                 date=format_date(partner.resigned_on) if partner.resigned_on else "")
    if event == "activate" and partner.status == "active":
        return t("partners.hr.already_active", name=partner.name)
    if event == "activate" and partner.status == "candidate":
        return t("partners.hr.onboard_first", name=partner.name)
    if partner.status == "resigned":
        return t("partners.hr.resigned_rehire_first", name=partner.name,
                 action=t(f"partners.event.{event}"))
    return t("partners.hr.not_from_status", name=partner.name, status=status,
             action=t(f"partners.event.{event}"),
             allowed=", ".join(t(f"partners.status.{s}") for s in sorted(RULES[event].sources)))


def _check_not_future(on: pendulum.Date) -> None:
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise TypeError(f"on must be a date, got {on!r}")
    today = clock.today()
    if on > today:
        raise HrError(t("partners.hr.future_date", date=format_date(on),
                        today=format_date(today)))


def _check_date(partner: Partner, on: pendulum.Date) -> None:
    _check_not_future(on)
    if partner.hired_on is not None and on < partner.hired_on and partner.status != "resigned":
        raise HrError(t("partners.hr.before_hire", date=format_date(on),
                        hired=format_date(partner.hired_on), name=partner.name))
    if partner.recruited_on is not None and on < partner.recruited_on:
        raise HrError(t("partners.hr.before_recruit", date=format_date(on),
                        recruited=format_date(partner.recruited_on), name=partner.name))
    last = (PartnerEvent.select(fn.MAX(PartnerEvent.occurred_on))
            .where(PartnerEvent.partner == partner.id).scalar())
    if last:
        last_day = pendulum.Date.fromisoformat(str(last)[:10])
        if on < last_day:
            raise HrError(t("partners.hr.before_last_change", date=format_date(on),
                            last=format_date(last_day)))


def _promotion(partner: Partner, changes: Mapping[str, object]) -> dict[str, object]:
    role = str(changes.get("role") or partner.role)
    rank = str(changes.get("rank") or "").strip()
    if role not in PARTNER_ROLES:
        raise HrError(t("partners.hr.unknown_role", role=role))
    if partner.role == "sales_manager" and role == "seller":
        raise HrError(t("partners.hr.no_demotion", name=partner.name))
    after: dict[str, object] = {}
    if role != partner.role:
        after["role"] = role
        after["manager"] = None  # a sales manager leads their own team
        rank = rank or MANAGER_RANKS[0]
    if rank and rank != partner.rank:
        ladder = rank_ladder(role)
        if (role == partner.role and rank in ladder and partner.rank in ladder
                and ladder.index(rank) < ladder.index(partner.rank)):
            raise HrError(t("partners.hr.rank_lower", name=partner.name, rank=rank,
                            current=partner.rank))
        after["rank"] = rank
    if not after:
        raise HrError(t("partners.hr.promote_nothing", name=partner.name, rank=partner.rank))
    return after


def _manager(partner: Partner, manager: object, *, required: bool) -> str | None:
    if not manager:
        if required:
            raise HrError(t("partners.hr.team_required"))
        return None
    if partner.role == "sales_manager":
        raise HrError(t("partners.hr.manager_has_own_team", name=partner.name))
    row = _manager_row(partner.branch_id, str(manager), partner.id)
    if row.id == partner.manager_id:
        raise HrError(t("partners.hr.same_team", name=partner.name, manager=row.name))
    return str(row.id)


def _manager_row(branch_id: str, manager_id: str, partner_id: str | None) -> Partner:
    row = Partner.get_or_none(Partner.id == manager_id)
    if row is None or row.branch_id != branch_id:
        raise HrError(t("partners.hr.no_such_manager"))
    if row.id == partner_id:
        raise HrError(t("partners.hr.own_manager"))
    if row.role != "sales_manager":
        raise HrError(t("partners.hr.not_a_manager", name=row.name))
    if row.status == "resigned":
        raise HrError(t("partners.hr.manager_resigned", name=row.name))
    return row


def _reason(reason: object) -> str:
    text = str(reason or "")
    if text not in RESIGN_REASONS:
        raise HrError(t("partners.hr.reason_required",
                        reasons=", ".join(t(f"partners.reason.{r}") for r in RESIGN_REASONS)))
    return text


def _check_team_empty(partner: Partner) -> None:
    if partner.role != "sales_manager":
        return
    members = (Partner.select().where((Partner.manager == partner.id)
                                      & (Partner.status != "resigned")).count())
    if members:
        raise HrError(t("partners.hr.team_not_empty", name=partner.name, count=members))


def _check_phone_free(branch_id: str, phone: str, partner_id: str | None) -> None:
    if not phone:
        return
    query = Partner.select().where((Partner.branch == branch_id) & (Partner.phone == phone))
    if partner_id is not None:
        query = query.where(Partner.id != partner_id)
    other = query.first()
    if other is not None:
        key = "partners.hr.phone_taken_resigned" if other.status == "resigned" else \
            "partners.hr.phone_taken"
        raise HrError(t(key, phone=phone, name=other.name))


# --- writing ---------------------------------------------------------------------------


def _write(partner: Partner, event: str, on: pendulum.Date, after: dict[str, object], *,
           reason: str = "", note: str = "") -> None:
    before = {key: _value(partner, key) for key in after}
    for key, value in after.items():
        setattr(partner, "manager_id" if key == "manager" else key, value)
    partner.save()
    PartnerEvent.create(partner=partner.id, kind=event, occurred_on=on, before=_dumps(before),
                        after=_dumps(after), reason=reason, note=note)


def _value(partner: Partner, key: str) -> object:
    return partner.manager_id if key == "manager" else getattr(partner, key)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r}")


def _dumps(values: Mapping[str, object]) -> str:
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=_json_default)
