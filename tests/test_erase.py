"""Erasing a former partner's personal data leaves no trace in the database files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pendulum
import pytest

from branchdash.clock import FakeClock
from branchdash.data.database import close_database, open_database
from branchdash.data.erase import EraseRefused, erase_partner
from branchdash.data.models import ActionItem, Branch, DailyResult, Partner, PartnerEvent

PHONE = "010-9876-5432"
NAME = "홍길순"


def make_partner(status: str) -> Partner:
    branch = Branch.create(code="GN03", name="강남3센터")
    partner = Partner.create(branch=branch, name=NAME, phone=PHONE, status=status,
                             notes=f"{NAME} 자택 연락처 {PHONE}",
                             hired_on=pendulum.date(2026, 9, 1))
    PartnerEvent.create(partner=partner, kind="recruit", occurred_on=pendulum.date(2026, 9, 1),
                        before="{}", after=json.dumps({"name": NAME, "phone": PHONE},
                                                      ensure_ascii=False),
                        note=f"{NAME} 소개로 면접")
    ActionItem.create(branch=branch, text="교재 전달", owner=partner, owner_name=NAME)
    DailyResult.create(branch=branch, partner=partner, date=pendulum.date(2026, 11, 2),
                       sales_count=2, sales_won=240_000)
    return partner


def raw_files(path: Path) -> bytes:
    return b"".join(Path(f"{path}{suffix}").read_bytes()
                    for suffix in ("", "-wal", "-shm") if Path(f"{path}{suffix}").exists())


def test_erase_leaves_no_bytes_behind(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    open_database(path)
    try:
        partner = make_partner("resigned")
        assert PHONE.encode() in raw_files(path)
        label = erase_partner(partner.id)
        again = Partner.get_by_id(partner.id)
        assert (again.name, again.phone, again.notes) == (label, "", "")
        event = PartnerEvent.get(PartnerEvent.partner == partner.id)
        assert json.loads(event.after) == {"name": label, "phone": ""}
        assert DailyResult.select().where(DailyResult.partner == partner.id).count() == 1
    finally:
        close_database()
    data = raw_files(path)
    for secret in (PHONE, "01098765432", NAME):
        assert secret.encode() not in data, secret


def test_only_former_partners(clock: FakeClock, db: Path) -> None:
    partner = make_partner("active")
    with pytest.raises(EraseRefused, match="has not resigned"):
        erase_partner(partner.id)
    assert Partner.get_by_id(partner.id).phone == PHONE
    with pytest.raises(EraseRefused, match="No partner"):
        erase_partner("0" * 32)


def test_erase_command(clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "branch.db"
    open_database(path)
    partner_id = make_partner("active").id
    close_database()
    command = [sys.executable, "-m", "branchdash", "--db", str(path), "erase-partner", partner_id]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2 and "has not resigned" in refused.stderr
    open_database(path)
    Partner.update(status="resigned").execute()
    close_database()
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Erased" in done.stdout
