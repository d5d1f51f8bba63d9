"""Partners to and from CSV files as Excel writes them in Korea.

Import adds new partners. Every row is checked first; if any row is bad,
nothing is written and every bad row is reported with its line and reason,
unless `skip_bad_rows` is given, in which case the good rows are written (in
one transaction) and the bad ones reported. A row's team is its sales
manager's name, found in the roster or among the file's own sales managers.
Each imported partner gets a "recruit" history entry holding the imported
values, so that the history says where they came from.

Export writes every partner of the branch, or the ones the roster shows in the
order it shows them, with headers and labels in the user's language; the import
reads them back (Korean or English).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pendulum

from branchdash.clock import utc_now
from branchdash.csvio import CsvRow, read_table, write_table
from branchdash.data.models import (
    PARTNER_ROLES,
    PARTNER_STATUSES,
    RESIGN_REASONS,
    Partner,
    PartnerEvent,
    database,
)
from branchdash.hr import rank_ladder
from branchdash.i18n import catalog, t
from branchdash.partners import describe
from branchdash.phone import PhoneError, normalise

# canonical column -> headers it may have (besides its own name), Korean and English
ALIASES: dict[str, list[str]] = {
    "name": ["이름", "성명", "파트너", "파트너명", "name", "partner"],
    "phone": ["전화번호", "전화", "휴대폰", "휴대전화", "핸드폰", "연락처", "phone", "mobile"],
    "role": ["직책", "역할", "구분", "role"],
    "rank": ["직급", "등급", "rank", "grade"],
    "status": ["상태", "status"],
    "team": ["팀", "소속팀", "소속", "영업관리자", "담당영업관리자", "팀장", "team", "manager",
             "salesmanager"],
    "recruited_on": ["채용일", "모집일", "recruited", "recruitedon", "recruited on"],
    "hired_on": ["입사일", "위촉일", "hired", "hiredon", "hired on"],
    "resigned_on": ["퇴사일", "해촉일", "resigned", "resignedon", "resigned on"],
    "resign_reason": ["퇴사사유", "퇴사 사유", "사유", "reason", "resignreason",
                      "resign reason"],
    "notes": ["메모", "비고", "notes", "note", "memo"],
}
EXPORT_COLUMNS = ("name", "phone", "role", "rank", "status", "team", "recruited_on",
                  "hired_on", "resigned_on", "resign_reason", "notes")
HIRED_STATUSES = ("trainee", "active", "inactive")


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    encoding: str
    rows: int  # data rows in the file
    imported: int  # partners written
    bad: list[BadRow] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.imported > 0


class ImportRefused(Exception):
    """Bad rows and no permission to skip them: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(t("partners.import.refused", bad=len(report.bad), rows=report.rows))
        self.report = report


def _labels(prefix: str, codes: tuple[str, ...]) -> dict[str, str]:
    """Every way a code may be written in a file: the code, and its label in each language."""
    lookup: dict[str, str] = {}
    for code in codes:
        lookup[_fold(code)] = code
        for lang in ("ko", "en"):
            label = catalog(lang).get(f"{prefix}.{code}")
            if label:
                lookup[_fold(label)] = code
    return lookup


def _aliases() -> dict[str, list[str]]:
    """ALIASES plus the headers the export writes, in both languages."""
    return {column: [*names, *(catalog(lang)[f"partners.column.{column}"]
                               for lang in ("ko", "en"))]
            for column, names in ALIASES.items()}


def _unneutralise(text: str) -> str:
    """The export writes '=... for a cell starting with =; read it back as it was."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def _fold(text: str) -> str:
    return "".join(text.lower().replace("_", " ").split())


def parse_date(text: str) -> pendulum.Date | None:
    """2024-03-05, 2024.3.5, 2024/03/05, 20240305 or Excel's "2024-03-05 0:00"; "" is None."""
    text = text.strip().split(" ")[0].rstrip(".")
    if not text:
        return None
    if text.isdigit() and len(text) == 8:
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parts = text.replace(".", "-").replace("/", "-").split("-")
    # Decimal digits that int() reads ("²" is a digit it refuses), no longer than a date's.
    if len(parts) != 3 or not all(part.strip().isdecimal() and len(part.strip()) <= 4
                                  for part in parts):
        raise ValueError(text)
    day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    return pendulum.Date(day.year, day.month, day.day)


@dataclass
class _Candidate:
    line: int
    id: str
    name: str
    phone: str
    role: str
    rank: str
    status: str
    team_name: str
    recruited_on: pendulum.Date | None
    hired_on: pendulum.Date | None
    resigned_on: pendulum.Date | None
    resign_reason: str
    notes: str
    manager_id: str | None = None


def import_partners(path: Path, branch_id: str, today: pendulum.Date, *,
                    skip_bad_rows: bool = False) -> ImportReport:
    """Read `path` and add its partners; raises `ImportRefused` (nothing written) when a
    row is bad and `skip_bad_rows` is false, `CsvError` when the file cannot be read."""
    table = read_table(path, _aliases(), required=("name",))
    report = ImportReport(table.encoding, len(table.rows), 0)
    roles, statuses = _labels("partners.role", PARTNER_ROLES), \
        _labels("partners.status", PARTNER_STATUSES)
    reasons = _labels("partners.reason", RESIGN_REASONS)
    with database.atomic():
        existing_phones = {phone: name for phone, name in
                           Partner.select(Partner.phone, Partner.name)
                           .where((Partner.branch == branch_id) & (Partner.phone != ""))
                           .tuples()}
        managers: dict[str, list[str]] = {}
        for pid, name in (Partner.select(Partner.id, Partner.name)
                          .where((Partner.branch == branch_id)
                                 & (Partner.role == "sales_manager")
                                 & (Partner.status != "resigned")).tuples()):
            managers.setdefault(name, []).append(pid)
        good: list[_Candidate] = []
        seen_phones: dict[str, int] = {}
        for row in table.rows:
            try:
                candidate = _check_row(row, today, roles, statuses, reasons)
                if candidate.phone:
                    if candidate.phone in existing_phones:
                        raise ValueError(t("partners.import.phone_exists", phone=candidate.phone,
                                           name=existing_phones[candidate.phone]))
                    if candidate.phone in seen_phones:
                        raise ValueError(t("partners.import.phone_twice", phone=candidate.phone,
                                           line=seen_phones[candidate.phone]))
                    seen_phones[candidate.phone] = row.line
            except ValueError as error:
                report.bad.append(BadRow(row.line, str(error)))
                continue
            good.append(candidate)
            if candidate.role == "sales_manager" and candidate.status != "resigned":
                managers.setdefault(candidate.name, []).append(candidate.id)
        placed: list[_Candidate] = []
        for candidate in good:
            try:
                _place_in_team(candidate, managers)
            except ValueError as error:
                report.bad.append(BadRow(candidate.line, str(error)))
                continue
            placed.append(candidate)
        # A seller whose sales manager is on a bad row cannot go in either.
        dropped = {c.id for c in good if c not in placed}
        while True:
            orphans = [c for c in placed if c.manager_id in dropped]
            if not orphans:
                break
            for candidate in orphans:
                report.bad.append(BadRow(candidate.line, t("partners.import.team_bad_row",
                                                           team=candidate.team_name)))
                dropped.add(candidate.id)
            placed = [c for c in placed if c.id not in dropped]
        report.bad.sort(key=lambda bad: bad.line)
        if report.bad and not skip_bad_rows:
            raise ImportRefused(report)
        _write(placed, branch_id, path.name)
        report.imported = len(placed)
    return report


def _check_row(row: CsvRow, today: pendulum.Date, roles: dict[str, str],
               statuses: dict[str, str], reasons: dict[str, str]) -> _Candidate:
    values = {key: _unneutralise(value) for key, value in row.values.items()}
    name = " ".join(values.get("name", "").split())
    if not name:
        raise ValueError(t("partners.import.no_name"))
    try:
        phone = normalise(values.get("phone", ""))
    except PhoneError as error:
        raise ValueError(str(error)) from None
    role_text = values.get("role", "")
    role = roles.get(_fold(role_text)) if role_text else "seller"
    if role is None:
        raise ValueError(t("partners.import.bad_role", value=role_text))
    dates: dict[str, pendulum.Date | None] = {}
    for key in ("recruited_on", "hired_on", "resigned_on"):
        text = values.get(key, "")
        try:
            dates[key] = parse_date(text)
        except ValueError:
            raise ValueError(t("partners.import.bad_date", value=text,
                               column=t(f"partners.column.{key}"))) from None
        day = dates[key]
        if day is not None and day > today:
            raise ValueError(t("partners.import.future_date", value=text,
                               column=t(f"partners.column.{key}")))
    recruited, hired, resigned = dates["recruited_on"], dates["hired_on"], dates["resigned_on"]
    status_text = values.get("status", "")
    if status_text:
        status = statuses.get(_fold(status_text))
        if status is None:
            raise ValueError(t("partners.import.bad_status", value=status_text))
    else:  # no status column: what the dates say
        status = "resigned" if resigned else "active" if hired else "candidate"
    if status in HIRED_STATUSES and hired is None:
        raise ValueError(t("partners.import.needs_hired", status=t(f"partners.status.{status}")))
    if status == "resigned" and resigned is None:
        raise ValueError(t("partners.import.needs_resigned"))
    if status != "resigned" and resigned is not None:
        raise ValueError(t("partners.import.resigned_not_resigned",
                           status=t(f"partners.status.{status}")))
    if recruited and hired and hired < recruited:
        raise ValueError(t("partners.import.hired_before_recruited"))
    if hired and resigned and resigned < hired:
        raise ValueError(t("partners.import.resigned_before_hired"))
    reason = ""
    if status == "resigned":
        reason_text = values.get("resign_reason", "")
        reason = reasons.get(_fold(reason_text), "") if reason_text else "other"
        if not reason:
            raise ValueError(t("partners.import.bad_reason", value=reason_text, reasons=", ".join(
                t(f"partners.reason.{r}") for r in RESIGN_REASONS)))
    rank = values.get("rank", "").strip() or rank_ladder(role)[0]
    return _Candidate(row.line, uuid.uuid4().hex, name, phone, role, rank, status,
                      " ".join(values.get("team", "").split()), recruited or hired, hired,
                      resigned, reason, values.get("notes", ""))


def _place_in_team(candidate: _Candidate, managers: dict[str, list[str]]) -> None:
    if candidate.role == "sales_manager" or not candidate.team_name:
        return
    found = managers.get(candidate.team_name, [])
    if not found:
        raise ValueError(t("partners.import.no_team", team=candidate.team_name))
    if len(found) > 1:
        raise ValueError(t("partners.import.team_ambiguous", team=candidate.team_name))
    candidate.manager_id = found[0]


def _write(candidates: list[_Candidate], branch_id: str, file_name: str) -> None:
    now = utc_now()
    # Sales managers first: their sellers' rows point at them.
    ordered = sorted(candidates, key=lambda c: c.role != "sales_manager")
    partner_rows = []
    event_rows = []
    for c in ordered:
        partner_rows.append({
            "id": c.id, "branch": branch_id, "name": c.name, "phone": c.phone, "role": c.role,
            "rank": c.rank, "status": c.status, "manager": c.manager_id,
            "recruited_on": c.recruited_on, "hired_on": c.hired_on,
            "resigned_on": c.resigned_on, "resign_reason": c.resign_reason, "notes": c.notes,
            "created_at": now, "updated_at": now})
        after = {"status": c.status, "role": c.role, "rank": c.rank, "manager": c.manager_id,
                 "recruited_on": c.recruited_on, "hired_on": c.hired_on,
                 "resigned_on": c.resigned_on, "resign_reason": c.resign_reason}
        after = {key: value for key, value in after.items() if value not in (None, "")}
        event_rows.append({
            "id": uuid.uuid4().hex, "partner": c.id, "kind": "recruit",
            "occurred_on": c.recruited_on or c.hired_on or now.date(), "before": "{}",
            "after": json.dumps(after, ensure_ascii=False, sort_keys=True,
                                default=lambda v: v.isoformat()),
            "reason": c.resign_reason,
            "note": t("partners.import.history_note", file=file_name, line=c.line),
            "created_at": now, "updated_at": now})
    for start in range(0, len(partner_rows), 500):
        Partner.insert_many(partner_rows[start:start + 500]).execute()
    for start in range(0, len(event_rows), 500):
        PartnerEvent.insert_many(event_rows[start:start + 500]).execute()


# --- export ------------------------------------------------------------------------------


def export_partners(path: Path, branch_id: str, ids: Sequence[str] | None = None) -> int:
    """Write the branch's partners; returns the number of rows. Without `ids`, every
    partner (sales managers first, then by name); with `ids`, those partners in that
    order (the roster as the screen shows it), leaving out any no longer there."""
    names = dict(Partner.select(Partner.id, Partner.name)
                 .where((Partner.branch == branch_id) & (Partner.role == "sales_manager"))
                 .tuples())
    query = (Partner.select(*_EXPORT_FIELDS).where(Partner.branch == branch_id)
             .order_by(Partner.role.desc(), Partner.name).tuples())
    header = [t(f"partners.column.{column}") for column in EXPORT_COLUMNS]
    if ids is None:
        found: Iterable[tuple] = query.iterator()
    else:
        by_id = {row[0]: row for row in query.iterator()}
        found = (by_id[pid] for pid in ids if pid in by_id)
    # Labels looked up once, not per row (10,000 rows in a region).
    roles = {role: t(f"partners.role.{role}") for role in PARTNER_ROLES}
    statuses = {status: t(f"partners.status.{status}") for status in PARTNER_STATUSES}

    def rows() -> Iterator[list[object]]:
        for (_pid, name, phone, role, rank, status, manager, recruited, hired, resigned,
             reason, notes) in found:
            yield [name, phone, roles.get(role, role), rank, statuses.get(status, status),
                   names.get(manager, "") if manager else "",
                   _iso(recruited), _iso(hired), _iso(resigned),
                   describe("resign_reason", reason) if reason else "", notes]

    return write_table(path, header, rows())


_EXPORT_FIELDS = (Partner.id, Partner.name, Partner.phone, Partner.role, Partner.rank,
                  Partner.status, Partner.manager, Partner.recruited_on, Partner.hired_on,
                  Partner.resigned_on, Partner.resign_reason, Partner.notes)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
