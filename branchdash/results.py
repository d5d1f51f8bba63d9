"""Daily results per partner: the evening entry, the CSV import, and who counts as active.

"Registered" partners are all those on the books and not resigned (trainees,
active and inactive partners; candidates are not partners yet). "Active"
partners (활동 SP) are those who actually sell, by a rule the branch sets:
by default at least one sale in the calendar month. The two numbers differ a
lot in a real sales force, so both are always shown.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pendulum
from peewee import JOIN, fn
from pendulum import Date

from branchdash.csvio import CsvError, read_table
from branchdash.data.models import DailyResult, Partner, database
from branchdash.data.settings import get_setting, set_setting
from branchdash.i18n import t
from branchdash.phone import PhoneError, normalise
from branchdash.settings import SettingError

REGISTERED_STATUSES = ("trainee", "active", "inactive")
# Whose row the entry grid offers on a day (besides anyone who already has one).
ON_DUTY_STATUSES = ("trainee", "active")

ACTIVE_MIN_SALES_KEY = "goals.active.min_sales"
ACTIVE_WINDOW_KEY = "goals.active.window"  # "month" or a number of days, e.g. "30"
ACTIVE_WINDOWS_MAX_DAYS = 366
# The most a day's result may say (won, or a count): the entry grid takes 12 digits.
MAX_VALUE = 999_999_999_999


# --- the active rule ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveRule:
    """A partner is active on a day when they made at least `min_sales` sales in the
    window ending that day: the calendar month so far (`window_days` None), or the
    last `window_days` days."""

    min_sales: int = 1
    window_days: int | None = None

    def window(self, day: Date) -> tuple[Date, Date]:
        if self.window_days is None:
            return day.start_of("month"), day
        return day.subtract(days=self.window_days - 1), day


def load_active_rule() -> ActiveRule:
    """The stored rule, checked; a bad value raises SettingError saying how to fix it."""
    raw_min = get_setting(ACTIVE_MIN_SALES_KEY)
    raw_window = get_setting(ACTIVE_WINDOW_KEY)
    min_sales = 1
    if raw_min is not None:
        min_sales = parse_min_sales(raw_min)
    window_days = None if raw_window is None else parse_window(raw_window)
    return ActiveRule(min_sales, window_days)


def parse_min_sales(text: str) -> int:
    # Decimal digits int() reads ("²" is a digit it refuses), few enough for SQLite.
    if not (text.strip().isdecimal() and len(text.strip()) <= 9) or int(text) < 1:
        raise SettingError(t("goals.settings_error.min_sales", key=ACTIVE_MIN_SALES_KEY,
                             value=text))
    return int(text)


def parse_window(text: str) -> int | None:
    """"month" (None: the calendar month so far) or a number of days."""
    cleaned = text.strip().lower()
    if cleaned in ("month", "월", "달"):
        return None
    if not (cleaned.isdecimal() and len(cleaned) <= 4) or not (
            1 <= int(cleaned) <= ACTIVE_WINDOWS_MAX_DAYS):
        raise SettingError(t("goals.settings_error.window", key=ACTIVE_WINDOW_KEY, value=text,
                             max=ACTIVE_WINDOWS_MAX_DAYS))
    return int(cleaned)


def save_active_rule(rule: ActiveRule) -> None:
    parse_min_sales(str(rule.min_sales))
    if rule.window_days is not None:
        parse_window(str(rule.window_days))
    with database.atomic():
        set_setting(ACTIVE_MIN_SALES_KEY, str(rule.min_sales))
        set_setting(ACTIVE_WINDOW_KEY,
                    "month" if rule.window_days is None else str(rule.window_days))


def active_rule_or_default() -> tuple[ActiveRule, str | None]:
    """The rule to use and, when the stored one is bad, the problem (the default is used)."""
    try:
        return load_active_rule(), None
    except SettingError as error:
        return ActiveRule(), str(error)


# --- counting ----------------------------------------------------------------------------------


def registered_count(branch_id: str) -> int:
    return Partner.select().where(
        (Partner.branch == branch_id) & Partner.status.in_(REGISTERED_STATUSES)).count()


def active_partner_ids(branch_id: str, day: Date, rule: ActiveRule) -> set[str]:
    start, end = rule.window(day)
    query = (DailyResult
             .select(DailyResult.partner)
             .where((DailyResult.branch == branch_id)
                    & (DailyResult.date >= start) & (DailyResult.date <= end))
             .group_by(DailyResult.partner)
             .having(fn.SUM(DailyResult.sales_count) >= rule.min_sales))
    return {row.partner_id for row in query}


def active_count(branch_id: str, day: Date, rule: ActiveRule) -> int:
    start, end = rule.window(day)
    inner = (DailyResult
             .select(DailyResult.partner)
             .where((DailyResult.branch == branch_id)
                    & (DailyResult.date >= start) & (DailyResult.date <= end)
                    & (DailyResult.sales_count > 0))
             .group_by(DailyResult.partner)
             .having(fn.SUM(DailyResult.sales_count) >= rule.min_sales))
    return int(inner.count())


def active_counts_by_day(branch_id: str, start: Date, end: Date, rule: ActiveRule
                         ) -> dict[Date, int]:
    """Active partners as of each day from `start` to `end` (one month at most for the
    month rule; the window grows day by day, counted in one query)."""
    if rule.window_days is None and start.start_of("month") != end.start_of("month"):
        raise ValueError("one month at a time")
    window_start = rule.window(start)[0]
    # The day each partner reached `min_sales` in the window: when the window is the
    # month, that is a running total per partner; computed here from the daily sums.
    rows = (DailyResult
            .select(DailyResult.partner, DailyResult.date, DailyResult.sales_count)
            .where((DailyResult.branch == branch_id) & (DailyResult.date >= window_start)
                   & (DailyResult.date <= end) & (DailyResult.sales_count > 0))
            .order_by(DailyResult.date)
            .tuples())
    counts: dict[Date, int] = {}
    if rule.window_days is None:
        totals: dict[str, int] = {}
        reached: dict[Date, int] = {}
        for partner, day, count in rows:
            before = totals.get(partner, 0)
            totals[partner] = before + count
            if before < rule.min_sales <= before + count:
                reached[day] = reached.get(day, 0) + 1
        running = 0
        day = start
        while day <= end:
            running += reached.get(day, 0)
            counts[day] = running
            day = day.add(days=1)
        return counts
    per_day: dict[Date, list[tuple[str, int]]] = {}
    for partner, day, count in rows:
        per_day.setdefault(day, []).append((partner, count))
    day = start
    while day <= end:
        first = rule.window(day)[0]
        totals = {}
        probe = first
        while probe <= day:
            for partner, count in per_day.get(probe, ()):
                totals[partner] = totals.get(partner, 0) + count
            probe = probe.add(days=1)
        counts[day] = sum(1 for total in totals.values() if total >= rule.min_sales)
        day = day.add(days=1)
    return counts


# --- the evening entry ---------------------------------------------------------------------------


@dataclass
class EntryRow:
    """One partner's line in the entry grid."""

    partner_id: str
    name: str
    team: str  # the sales manager's name; a manager's own team is their name
    sales_count: int = 0
    sales_won: int = 0
    new_contracts: int = 0
    visits: int | None = None
    saved: bool = False  # a result row exists for the day


@dataclass(frozen=True)
class ResultValues:
    sales_count: int
    sales_won: int
    new_contracts: int
    visits: int | None = None


class ResultError(ValueError):
    """A result that cannot be saved; the message (in the UI's language) says what to fix."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(t(f"goals.result_error.{key}", **fields))
        self.key = key


def entry_rows(branch_id: str, day: Date) -> list[EntryRow]:
    """Today's working partners (trainees and active partners) and anyone who already
    has a result that day, by team then name."""
    manager = Partner.alias()
    existing = {row.partner_id: row for row in DailyResult.select().where(
        (DailyResult.branch == branch_id) & (DailyResult.date == day))}
    query = (Partner
             .select(Partner.id, Partner.name, Partner.role, manager.name.alias("manager_name"))
             .join(manager, JOIN.LEFT_OUTER, on=(Partner.manager == manager.id))
             .where((Partner.branch == branch_id)
                    & (Partner.status.in_(ON_DUTY_STATUSES) | Partner.id.in_(list(existing))))
             .dicts())
    rows: list[EntryRow] = []
    for p in query:
        team = p["name"] if p["role"] == "sales_manager" else (p["manager_name"] or "")
        entry = EntryRow(p["id"], p["name"], team)
        saved = existing.get(p["id"])
        if saved is not None:
            entry.sales_count = saved.sales_count
            entry.sales_won = saved.sales_won
            entry.new_contracts = saved.new_contracts
            entry.visits = saved.visits
            entry.saved = True
        rows.append(entry)
    rows.sort(key=lambda r: (r.team == "", r.team, r.team != r.name, r.name))
    return rows


def check_values(values: ResultValues) -> None:
    for name in ("sales_count", "sales_won", "new_contracts", "visits"):
        value = getattr(values, name)
        if name == "visits" and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ResultError("not_whole", field=t(f"goals.field.{name}"), value=value)
        if value > MAX_VALUE:  # a typo, and more than the store's integers hold
            raise ResultError("too_large", field=t(f"goals.field.{name}"), value=f"{value:,}",
                              most=f"{MAX_VALUE:,}")
    if values.sales_won and not values.sales_count:
        raise ResultError("won_without_count")
    if values.new_contracts > values.sales_count:
        raise ResultError("new_over_count")


def save_day_results(branch_id: str, day: Date,
                     entries: Iterable[tuple[str, ResultValues]]) -> int:
    """Write the day's results (partner id, values), all or nothing; returns rows written.
    A partner with all zeros and no row yet gets none (nothing to report)."""
    entries = list(entries)
    for _partner, values in entries:
        check_values(values)
    ids = [partner for partner, _ in entries]
    if len(set(ids)) != len(ids):
        raise ResultError("twice")
    known = {row.id for row in Partner.select(Partner.id).where(
        (Partner.branch == branch_id) & Partner.id.in_(ids))}
    unknown = [partner for partner in ids if partner not in known]
    if unknown:
        raise ResultError("unknown_partner", partner=unknown[0])
    written = 0
    with database.atomic():
        existing = {row.partner_id: row for row in DailyResult.select().where(
            (DailyResult.branch == branch_id) & (DailyResult.date == day)
            & DailyResult.partner.in_(ids))}
        for partner, values in entries:
            row = existing.get(partner)
            empty = not (values.sales_count or values.sales_won or values.new_contracts
                         or values.visits)
            new = row is None
            if row is None:
                if empty:
                    continue
                row = DailyResult(branch=branch_id, partner=partner, date=day)
            elif (row.sales_count, row.sales_won, row.new_contracts, row.visits) == (
                    values.sales_count, values.sales_won, values.new_contracts, values.visits):
                continue
            row.sales_count = values.sales_count
            row.sales_won = values.sales_won
            row.new_contracts = values.new_contracts
            row.visits = values.visits
            row.save(force_insert=new)  # the key is made up front: say when it is new
            written += 1
    return written


# --- the CSV import ------------------------------------------------------------------------------

COLUMNS: dict[str, list[str]] = {
    "date": ["날짜", "일자", "day"],
    "partner": ["파트너", "이름", "성명", "name", "partner name"],
    "phone": ["전화", "전화번호", "휴대폰", "연락처", "mobile"],
    "sales_count": ["판매건수", "판매 건수", "건수", "sales", "count"],
    "sales_won": ["판매금액", "판매 금액", "매출", "금액", "amount", "won", "sales amount"],
    "new_contracts": ["신규계약", "신규 계약", "신규", "new", "new contracts"],
    "visits": ["방문", "방문수", "방문 수", "visit"],
}
REQUIRED = ("date", "sales_count", "sales_won")


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass
class ImportReport:
    encoding: str = ""
    rows: int = 0
    written: int = 0
    replaced: int = 0  # of the written rows, how many replaced an existing result
    problems: list[RowProblem] = field(default_factory=list)


def _number(text: str, what: str, money: bool = False) -> int:
    # NFKC: full-width digits and ￦ count as typed.
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    if money:
        cleaned = cleaned.removeprefix("₩").removesuffix("원")
    if cleaned == "":
        return 0
    # isdecimal, not isdigit: "²" is a digit that int() refuses.
    if not cleaned.isdecimal():
        raise ResultError("not_whole", field=t(f"goals.field.{what}"), value=text)
    if len(cleaned.lstrip("0")) > len(str(MAX_VALUE)):  # int() refuses 4,300 digits
        raise ResultError("too_large", field=t(f"goals.field.{what}"), value=text,
                          most=f"{MAX_VALUE:,}")
    return int(cleaned)


def _date(text: str) -> Date:
    cleaned = text.strip().replace(".", "-").replace("/", "-").rstrip("-")
    parts = cleaned.split("-")
    try:
        if len(parts) != 3:
            raise ValueError
        year, month, day = (int(p) for p in parts)
        return pendulum.date(year, month, day)
    except (ValueError, OverflowError):  # OverflowError: twenty digits for a day
        raise ResultError("bad_date", value=text) from None


def import_results(path: Path, branch_id: str, *, skip_bad_rows: bool = False,
                   today: Date | None = None) -> ImportReport:
    """Read results from a CSV file. Every row is checked first; if any is bad, nothing
    is written (unless `skip_bad_rows`) and the report lists every bad row by line."""
    table = read_table(path, COLUMNS, REQUIRED)
    if "partner" not in table.columns and "phone" not in table.columns:
        raise CsvError(t("goals.import.no_partner_column"))
    report = ImportReport(encoding=table.encoding, rows=len(table.rows))
    partners = list(Partner.select(Partner.id, Partner.name, Partner.phone, Partner.status)
                    .where(Partner.branch == branch_id).tuples())
    by_name: dict[str, list[str]] = {}
    by_phone: dict[str, str] = {}
    for pid, name, phone, _status in partners:
        by_name.setdefault(name, []).append(pid)
        if phone:
            by_phone[phone] = pid
    good: list[tuple[int, str, Date, ResultValues]] = []
    seen: dict[tuple[str, Date], int] = {}
    for row in table.rows:
        values = row.values
        try:
            day = _date(values.get("date", ""))
            if today is not None and day > today:
                raise ResultError("future", date=day.isoformat())
            pid = _find_partner(values, by_name, by_phone)
            result = ResultValues(
                sales_count=_number(values.get("sales_count", ""), "sales_count"),
                sales_won=_number(values.get("sales_won", ""), "sales_won", money=True),
                new_contracts=_number(values.get("new_contracts", ""), "new_contracts"),
                visits=(_number(values["visits"], "visits")
                        if values.get("visits", "") != "" else None),
            )
            check_values(result)
            first = seen.get((pid, day))
            if first is not None:
                raise ResultError("duplicate", line=first)
            seen[(pid, day)] = row.line
            good.append((row.line, pid, day, result))
        except ResultError as error:
            report.problems.append(RowProblem(row.line, str(error)))
    if report.problems and not skip_bad_rows:
        return report
    with database.atomic():
        for _line, pid, day, result in good:
            existing = DailyResult.get_or_none(
                (DailyResult.partner == pid) & (DailyResult.date == day))
            new = existing is None
            if existing is None:
                existing = DailyResult(branch=branch_id, partner=pid, date=day)
            else:
                report.replaced += 1
            existing.sales_count = result.sales_count
            existing.sales_won = result.sales_won
            existing.new_contracts = result.new_contracts
            existing.visits = result.visits
            existing.save(force_insert=new)
            report.written += 1
    return report


def _find_partner(values: dict[str, str], by_name: dict[str, list[str]],
                  by_phone: dict[str, str]) -> str:
    phone_text = values.get("phone", "")
    name = values.get("partner", "")
    if phone_text:
        try:
            phone = normalise(phone_text)
        except PhoneError:
            raise ResultError("bad_phone", phone=phone_text) from None
        if phone not in by_phone:
            raise ResultError("no_phone", phone=phone_text)
        return by_phone[phone]
    if not name:
        raise ResultError("no_name")
    found = by_name.get(name, [])
    if not found:
        raise ResultError("no_such_name", name=name)
    if len(found) > 1:
        raise ResultError("same_name", count=len(found), name=name)
    return found[0]


def export_rows(branch_id: str, start: Date | None, end: Date
                ) -> Sequence[tuple[object, ...]]:
    """Results from `start` (None: the first) to `end` as CSV rows (date, name, phone,
    count, won, new, visits), in the same columns the import reads."""
    query = (DailyResult
             .select(DailyResult.date, Partner.name, Partner.phone, DailyResult.sales_count,
                     DailyResult.sales_won, DailyResult.new_contracts, DailyResult.visits)
             .join(Partner)
             .where((DailyResult.branch == branch_id) & (DailyResult.date <= end))
             .order_by(DailyResult.date, Partner.name)
             .tuples())
    if start is not None:
        query = query.where(DailyResult.date >= start)
    return [(day.isoformat(), name, phone, count, won, new, "" if visits is None else visits)
            for day, name, phone, count, won, new, visits in query]
