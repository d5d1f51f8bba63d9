"""Erasing a former partner's personal data on request.

The partner's phone and free-text fields are overwritten, the name replaced
by a neutral label, and the same values scrubbed from the HR history's
before/after records and from action items typed with their name. Counts and
results stay, so the branch's history still adds up. `secure_delete` makes
SQLite zero the freed bytes, and a WAL checkpoint clears the old pages from
the -wal file, so that the values are gone from the files, not only from view.
"""

from __future__ import annotations

import json

from .models import ActionItem, Partner, PartnerEvent, database

PERSONAL_FIELDS = ("name", "phone", "notes")


class EraseRefused(ValueError):
    """The partner cannot be erased (not found, or not a former partner)."""


def erased_label(partner_id: str) -> str:
    return f"#{partner_id[:6]}"


def _scrub(record: str, label: str) -> str:
    try:
        values = json.loads(record or "{}")
    except json.JSONDecodeError:
        return "{}"
    if not isinstance(values, dict):
        return "{}"
    for field in PERSONAL_FIELDS:
        if field in values:
            values[field] = label if field == "name" else ""
    return json.dumps(values, ensure_ascii=False)


def erase_partner(partner_id: str) -> str:
    """Erase the personal data of a resigned partner; returns the label now shown."""
    partner = Partner.get_or_none(Partner.id == partner_id)
    if partner is None:
        raise EraseRefused(f"No partner with id {partner_id}.")
    if partner.status != "resigned":
        raise EraseRefused(
            f"{partner.name} has not resigned; only a former partner's data can be erased.")
    label = erased_label(partner.id)
    old_name = partner.name
    database.execute_sql("PRAGMA secure_delete = ON")
    with database.atomic():
        Partner.update(name=label, phone="", notes="").where(Partner.id == partner.id).execute()
        for event in PartnerEvent.select().where(PartnerEvent.partner == partner.id):
            PartnerEvent.update(
                before=_scrub(event.before, label), after=_scrub(event.after, label), note=""
            ).where(PartnerEvent.id == event.id).execute()
        ActionItem.update(owner_name="").where(
            (ActionItem.owner == partner.id) | (ActionItem.owner_name == old_name)
        ).execute()
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return label
