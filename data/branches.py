"""The branch this copy runs for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Branch, database
from .routine import seed_template


@dataclass(frozen=True)
class BranchInfo:
    id: str
    code: str
    name: str
    timezone: str
    year_project: str


def _info(row: Branch) -> BranchInfo:
    return BranchInfo(row.id, row.code, row.name, row.timezone, row.year_project)


def local_branch() -> BranchInfo | None:
    """The first branch (a laptop's database holds one; HQ's roll-up holds many)."""
    row = Branch.select().order_by(Branch.created_at, Branch.id).first()
    return _info(row) if row is not None else None


def branch_count() -> int:
    return Branch.select().count()


def code_from_name(name: str) -> str:
    """A short code for a new branch; Korean names keep their letters."""
    code = re.sub(r"\s+", "-", name.strip()).upper()
    return re.sub(r"[^\w-]", "", code)[:32] or "BRANCH"


def create_branch(name: str, code: str, timezone: str = "") -> BranchInfo:
    name, code = name.strip(), code.strip()
    if not name:
        raise ValueError("name")
    if not code:
        raise ValueError("code")
    with database.atomic():
        if Branch.select().where(Branch.code == code).exists():
            raise ValueError("code_taken")
        row = Branch.create(name=name, code=code, timezone=timezone)
        seed_template(row)  # the branch's weekly routine, ready to edit
    return _info(row)
