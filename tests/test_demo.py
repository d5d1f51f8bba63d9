"""The demo branch: deterministic, complete, and consistent with itself.

The demo is generated once per `today` into a real SQLite file and then read
with plain sqlite3, so the checks see the stored values themselves (integer
won, UTC text) and not what the models make of them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum
import pytest

from branchdash import hr
from branchdash.clock import FakeClock, SystemClock, use_clock
from branchdash.data import demo as demo_module
from branchdash.data import models
from branchdash.data.database import close_database, open_database
from branchdash.data.demo import (
    TIMEZONE,
    DemoSummary,
    generate_demo,
    holiday_name,
    is_working_day,
    uuid_hex,
)
from branchdash.data.models import PARTNER_STATUSES, RESIGN_REASONS
from branchdash.data.routine import DEFAULT_ROUTINE, blocks_for_weekday, seed_template
from branchdash.notes import ACTION, parse_notes

# A Wednesday in March, and a Sunday early in January (a new year, a new month).
TODAYS = (pendulum.date(2026, 3, 18), pendulum.date(2026, 1, 4))
OPENED = pendulum.datetime(2026, 1, 1, 7, 0, tz=TIMEZONE)  # when the files are created
EVENT_STATUS = {"recruit": "candidate", "start_onboarding": "trainee", "activate": "active",
                "deactivate": "inactive", "resign": "resigned", "rehire": "trainee"}
# For the slower checks one day is enough.
ONE_DAY = pytest.mark.parametrize("demo", TODAYS[:1], indirect=True, ids=[str(TODAYS[0])])
UTC_TEXT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$")
INSTANT = models.Branch.created_at  # how every instant column stores its value


@dataclass
class Demo:
    path: Path
    today: dt.date
    summary: DemoSummary

    connection: sqlite3.Connection | None = None

    def query(self, sql: str, *params: object) -> list[tuple]:
        if self.connection is None:
            self.connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro",
                                              uri=True)
        return self.connection.execute(sql, params).fetchall()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def one(self, sql: str, *params: object) -> object:
        return self.query(sql, *params)[0][0]

    @property
    def now_utc(self) -> str:
        """The demo's "now" (17:00 in Seoul) as stored UTC text."""
        local = pendulum.datetime(self.today.year, self.today.month, self.today.day, 17,
                                  tz=TIMEZONE)
        return INSTANT.db_value(local)


def make_demo(path: Path, today: dt.date, **options: object) -> DemoSummary:
    use_clock(FakeClock(OPENED, timezone=TIMEZONE))
    try:
        open_database(path)
        return generate_demo(today, **options)
    finally:
        close_database()
        use_clock(SystemClock())


@pytest.fixture(scope="module", params=TODAYS, ids=[str(day) for day in TODAYS])
def demo(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    today = request.param
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = make_demo(path, today)
    demo = Demo(path, dt.date(today.year, today.month, today.day), summary)
    yield demo
    demo.close()


@pytest.fixture
def opened(demo: Demo) -> Iterator[Demo]:
    """The demo file opened through the store (and closed after the test)."""
    open_database(demo.path)
    yield demo
    close_database()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, ordered by primary key (by all columns when it has none)."""
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        result = {}
        for table in tables:
            info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
            keys = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
            order = ", ".join(f'"{key}"' for key in keys) or ", ".join(
                str(number) for number in range(1, len(info) + 1))
            result[table] = connection.execute(
                f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return result
    finally:
        connection.close()


def replay(demo: Demo) -> tuple[dict[str, dict[str, object]], dict[str, list[tuple[str, str]]]]:
    """Each partner's fields as their events tell them, and their status changes."""
    state: dict[str, dict[str, object]] = defaultdict(dict)
    changes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for partner, kind, occurred, after in demo.query(
            "SELECT partner_id, kind, occurred_on, after FROM partner_event "
            "ORDER BY partner_id, occurred_on, created_at"):
        values = json.loads(after)
        state[partner].update(values)
        if "status" in values:
            assert values["status"] == EVENT_STATUS[kind], (kind, values)
            changes[partner].append((occurred, values["status"]))
    return state, changes


def status_on(changes: list[tuple[str, str]], day: str) -> str | None:
    status = None
    for occurred, value in changes:
        if occurred > day:
            break
        status = value
    return status


# --- determinism --------------------------------------------------------------------


def test_the_same_day_gives_the_same_rows(demo: Demo, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    summary = make_demo(again, demo.today)
    first, second = dump(demo.path), dump(again)
    assert list(first) == list(second)
    for table in first:
        assert first[table] == second[table], table
    assert summary.counts() == demo.summary.counts()


@ONE_DAY
def test_the_bulk_path_writes_the_same_rows(demo: Demo, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Large tables go in sorted, with indexes and derived-data triggers rebuilt after:
    the same rows, the same schema, and derived totals that agree."""
    monkeypatch.setattr(demo_module, "BULK_ROWS", 500)
    bulk = tmp_path / "bulk.db"
    make_demo(bulk, demo.today)
    assert dump(bulk) == dump(demo.path)
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    connection = sqlite3.connect(bulk)
    try:
        assert connection.execute(schema).fetchall() == demo.query(schema)
        totals = connection.execute(
            "SELECT branch_id, date, SUM(sales_count), SUM(sales_won), SUM(new_contracts), "
            "COUNT(*) FROM daily_result GROUP BY branch_id, date ORDER BY 1, 2").fetchall()
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'daily_total'"
                              ).fetchone():
            kept = connection.execute("SELECT branch_id, date, sales_count, sales_won, "
                                      "new_contracts, rows FROM daily_total ORDER BY 1, 2")
            assert kept.fetchall() == totals
    finally:
        connection.close()


@ONE_DAY
def test_another_seed_gives_another_branch(demo: Demo, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    make_demo(other, demo.today, seed=7)
    connection = sqlite3.connect(other)
    names = {row[0] for row in connection.execute("SELECT name FROM partner")}
    connection.close()
    assert names != {row[0] for row in demo.query("SELECT name FROM partner")}


def test_uuid_hex_is_a_version_4_uuid() -> None:
    for bits in (0, 2**128 - 1, 0x1234_5678_9ABC_DEF0_1234_5678_9ABC_DEF0):
        assert uuid_hex(bits) == uuid.UUID(int=bits, version=4).hex


# --- shape and counts -------------------------------------------------------------------


def test_counts_are_in_the_expected_ranges(demo: Demo) -> None:
    counts = demo.summary.counts()
    for table, rows in counts.items():
        assert demo.one(f'SELECT COUNT(*) FROM "{table}"') == rows, table
    assert counts["branch"] == 1
    assert 55 <= counts["partner"] <= 65
    assert counts["schedule_template"] == 5 * 9 + 2
    assert 150 <= counts["partner_event"] <= 400
    assert 2_500 <= counts["daily_result"] <= 6_000
    assert 12 <= counts["directive"] <= 20
    assert 20 <= counts["training"] <= 45
    assert counts["attendance"] >= 10 * counts["training"]
    assert 60 <= counts["expense"] <= 200
    assert counts["budget"] == 3 * 4  # three whole months and this one, three accounts
    assert 3 <= counts["promotion"] <= 4
    assert counts["meeting_note"] <= counts["meeting"]
    assert counts["action_item"] >= 100
    assert counts["goal"] >= 5 * 13
    assert demo.summary.seconds < 30
    assert demo.summary.total == sum(counts.values())


def test_every_reference_points_at_a_row(demo: Demo) -> None:
    assert demo.query("PRAGMA foreign_key_check") == []


def test_more_branches_of_the_same_shape(tmp_path: Path) -> None:
    path = tmp_path / "two.db"
    summary = make_demo(path, TODAYS[0], branches=2)
    assert summary.branch == 2 and summary.partner == 120
    connection = sqlite3.connect(path)
    try:
        per_branch = dict(connection.execute(
            "SELECT b.code, COUNT(*) FROM partner p JOIN branch b ON b.id = p.branch_id "
            "GROUP BY b.code").fetchall())
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()
    assert per_branch == {"SEOUL-GANGNAM-03": 60, "SEOUL-SONGPA-01": 60}


def test_the_branch_and_its_teams(demo: Demo) -> None:
    branch = demo.query("SELECT code, name, timezone, year_project FROM branch")[0]
    assert branch == ("SEOUL-GANGNAM-03", "강남3센터", "Asia/Seoul", "S.M.A.R.T 345")
    opened = demo.one("SELECT created_at FROM branch")
    assert opened < demo.one("SELECT MIN(created_at) FROM partner_event")
    managers = demo.query("SELECT id, manager_id, rank, status FROM partner "
                          "WHERE role = 'sales_manager'")
    assert len(managers) == 6
    assert all(manager is None and status == "active" and rank in ("팀장", "수석팀장")
               for _, manager, rank, status in managers)
    leads = {row[0] for row in managers}
    sellers = demo.query("SELECT manager_id, rank FROM partner WHERE role = 'seller'")
    assert {manager for manager, _ in sellers} == leads
    assert {rank for _, rank in sellers} <= {"일반", "우수", "최우수"}
    team_sizes = Counter(manager for manager, _ in sellers)
    assert min(team_sizes.values()) >= 5


def test_partners_have_korean_names_phones_and_a_mix_of_statuses(demo: Demo) -> None:
    rows = demo.query("SELECT name, phone, status, resign_reason FROM partner")
    names = [row[0] for row in rows]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[가-힣]{3}", name) for name in names)
    phones = [row[1] for row in rows]
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"010-\d{4}-\d{4}", phone) for phone in phones)
    statuses = Counter(row[2] for row in rows)
    assert set(statuses) == set(PARTNER_STATUSES)
    assert statuses["active"] > len(rows) / 2
    assert 2 <= statuses["resigned"] <= 10
    assert all((reason in RESIGN_REASONS) == (status == "resigned")
               for _, _, status, reason in rows)


def test_every_partner_is_what_their_history_says(demo: Demo) -> None:
    state, _ = replay(demo)
    rows = demo.query("SELECT id, status, role, rank, manager_id, recruited_on, hired_on, "
                      "resigned_on, resign_reason FROM partner")
    for partner, status, role, rank, manager, recruited, hired, resigned, reason in rows:
        told = state[partner]
        assert told["status"] == status
        assert told["role"] == role and told["rank"] == rank
        assert told["manager"] == manager
        assert told["recruited_on"] == recruited
        assert told.get("hired_on") == hired
        assert told.get("resigned_on") == resigned
        assert (told.get("resign_reason") or "") == reason


def test_events_follow_the_hr_rules(demo: Demo) -> None:
    status: dict[str, str | None] = defaultdict(lambda: None)
    for partner, kind, after in demo.query(
            "SELECT partner_id, kind, after FROM partner_event "
            "ORDER BY partner_id, occurred_on, created_at"):
        rule = hr.RULES[kind]
        values = json.loads(after)
        if kind == "recruit":
            assert status[partner] is None
        else:
            assert status[partner] in rule.sources, (partner, kind, status[partner])
        if rule.target is not None:
            assert values["status"] == rule.target
        else:
            assert "status" not in values
        status[partner] = values.get("status", status[partner])
    first = demo.query("SELECT partner_id, kind, occurred_on FROM partner_event e WHERE "
                       "occurred_on = (SELECT MIN(occurred_on) FROM partner_event "
                       "WHERE partner_id = e.partner_id)")
    assert all(kind == "recruit" for _, kind, _ in first)
    for before, after in demo.query("SELECT before, after FROM partner_event "
                                    "WHERE kind != 'recruit'"):
        assert set(json.loads(before)) == set(json.loads(after))


# --- the days ---------------------------------------------------------------------------


def test_nothing_is_dated_after_today_but_plans(demo: Demo) -> None:
    today = demo.today
    ahead = today + dt.timedelta(days=7)
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) \
        - dt.timedelta(days=1)
    allowed = {("schedule_day", "date"): ahead, ("day_block", "date"): ahead,
               ("training", "date"): ahead, ("action_item", "due_on"): dt.date.max,
               ("directive", "due_on"): dt.date.max, ("promotion", "ends_on"): month_end,
               ("goal", "starts_on"): dt.date(today.year, 12, 1),
               ("goal", "ends_on"): dt.date(today.year, 12, 31)}
    tables = [row[0] for row in demo.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'note_search%'")]
    checked = 0
    for table in tables:
        for _, column, kind, *_ in demo.query(f'PRAGMA table_info("{table}")'):
            latest = demo.one(f'SELECT MAX("{column}") FROM "{table}"')
            if latest is None:
                continue
            if kind == "DATE":
                limit = allowed.get((table, column), today)
                assert dt.date.fromisoformat(latest) <= limit, (table, column, latest)
                checked += 1
            elif kind == "DATETIME" and table != "schema_version":
                assert UTC_TEXT.match(latest), (table, column, latest)
                assert INSTANT.db_value(INSTANT.python_value(latest)) == latest
                assert latest <= demo.now_utc, (table, column, latest)
                checked += 1
    assert checked > 30


def test_every_date_has_its_day_and_blocks(demo: Demo) -> None:
    days = demo.query("SELECT date, holiday_name FROM schedule_day ORDER BY date")
    first = dt.date.fromisoformat(days[0][0])
    last = dt.date.fromisoformat(days[-1][0])
    assert first.day == 1 and last == demo.today + dt.timedelta(days=7)
    assert len(days) == (last - first).days + 1
    blocks = Counter(row[0] for row in demo.query("SELECT date FROM day_block"))
    for text, holiday in days:
        day = dt.date.fromisoformat(text)
        assert holiday == holiday_name(day)
        expected = len(blocks_for_weekday(day.weekday())) if is_working_day(day) else 0
        assert blocks[text] == expected, text


def test_block_statuses_past_today_and_ahead(demo: Demo) -> None:
    today = demo.today.isoformat()
    past = Counter(row[0] for row in demo.query(
        "SELECT status FROM day_block WHERE date < ?", today))
    assert set(past) <= {"done", "skipped"}
    assert past["done"] > 10 * past["skipped"] > 0
    assert {row[0] for row in demo.query(
        "SELECT status FROM day_block WHERE date >= ?", today)} <= {"planned"}
    titles = demo.query("SELECT b.title, t.title, r.title FROM day_block b "
                        "LEFT JOIN schedule_template t ON t.id = b.template_id "
                        "LEFT JOIN training r ON r.block_id = b.id")
    for title, template_title, training_title in titles:
        assert template_title is not None  # every block is made from the routine
        assert title == (training_title or template_title)


def test_a_meeting_for_every_meeting_block_until_today(demo: Demo) -> None:
    today = demo.today.isoformat()
    blocks = demo.query("SELECT b.id, b.date, b.meeting_kind, m.kind, m.status, m.date "
                        "FROM day_block b LEFT JOIN meeting m ON m.block_id = b.id "
                        "WHERE b.kind = 'meeting'")
    for _, date, block_kind, kind, status, meeting_date in blocks:
        if date > today:
            assert kind is None
            continue
        assert kind == block_kind and meeting_date == date
        assert status == ("ended" if date < today else "planned")
    notes = demo.query("SELECT m.status, n.id FROM meeting m LEFT JOIN meeting_note n "
                       "ON n.meeting_id = m.id")
    assert all((status == "ended") == (note is not None) for status, note in notes)


def test_no_results_on_closed_days_or_outside_active_life(demo: Demo) -> None:
    _, changes = replay(demo)
    rows = demo.query("SELECT partner_id, date, sales_count, sales_won, new_contracts, visits "
                      "FROM daily_result")
    for partner, date, count, won, new, visits in rows:
        assert is_working_day(dt.date.fromisoformat(date)), date
        assert status_on(changes[partner], date) == "active", (partner, date)
        assert 30_000 * count <= won <= 600_000 * count
        assert 0 <= new <= count
        assert visits is None or visits >= count
    days = Counter(row[2] == 0 for row in rows)
    assert days[True] > 0.2 * len(rows)  # many days without a sale


def test_active_sp_is_fewer_than_registered(demo: Demo) -> None:
    month = demo.today.replace(day=1).isoformat()
    active_sp = demo.one("SELECT COUNT(DISTINCT partner_id) FROM daily_result "
                         "WHERE date >= ? AND sales_count > 0", month)
    registered = demo.one("SELECT COUNT(*) FROM partner WHERE status != 'resigned'")
    idle = demo.one("SELECT COUNT(*) FROM partner p WHERE status = 'active' AND NOT EXISTS "
                    "(SELECT 1 FROM daily_result r WHERE r.partner_id = p.id "
                    "AND r.date >= ? AND r.sales_count > 0)", month)
    assert 0 < active_sp < registered
    assert idle > 0


# --- meetings, action items and directives ----------------------------------------------


def test_notes_parse_into_the_action_items(demo: Demo) -> None:
    owners = dict(demo.query("SELECT id, name FROM partner"))
    stored: dict[str, Counter] = defaultdict(Counter)
    for meeting, text, owner, owner_name, due, status in demo.query(
            "SELECT meeting_id, text, owner_id, owner_name, due_on, status FROM action_item"):
        name = owners[owner] if owner else owner_name
        stored[meeting][(text, name, due, status == "done")] += 1
    notes = demo.query("SELECT m.id, m.date, n.text FROM meeting_note n "
                       "JOIN meeting m ON m.id = n.meeting_id")
    kinds = Counter()
    for meeting, date, text in notes:
        items = parse_notes(text, pendulum.Date.fromisoformat(date))
        kinds.update(item.kind for item in items)
        parsed = Counter((item.text, item.owner, item.due.isoformat(), item.done)
                         for item in items if item.kind == ACTION)
        assert parsed == stored.get(meeting, Counter()), meeting
    assert kinds["decision"] > 0 and kinds["relay"] > 0


def test_some_action_items_are_done_some_open_some_overdue(demo: Demo) -> None:
    today = demo.today.isoformat()
    statuses = Counter(row[0] for row in demo.query("SELECT status FROM action_item"))
    assert statuses["done"] > 0 and statuses["open"] > 0
    overdue = demo.one("SELECT COUNT(*) FROM action_item WHERE status = 'open' "
                       "AND due_on < ?", today)
    assert overdue >= 1
    for status, done_at, created in demo.query(
            "SELECT status, done_at, created_at FROM action_item"):
        assert (done_at is not None) == (status == "done")
        assert done_at is None or done_at >= created


def test_directives_overdue_due_today_and_relayed(demo: Demo) -> None:
    today = demo.today.isoformat()
    rows = demo.query("SELECT d.number, d.received_on, d.due_on, d.status, d.done_at, "
                      "m.kind, m.date, m.status FROM directive d LEFT JOIN meeting m "
                      "ON m.id = d.relayed_in_id")
    assert len({row[0] for row in rows}) == len(rows)
    assert all(re.fullmatch(r"본사-\d{4}-\d{3}", row[0]) for row in rows)
    assert any(due and due < today and status != "done" for _, _, due, status, *_ in rows)
    assert any(due == today and status != "done" for _, _, due, status, *_ in rows)
    assert len({row[3] for row in rows}) >= 3
    for _, received, _, status, done_at, kind, meeting_date, meeting_status in rows:
        assert (done_at is not None) == (status == "done")
        if status in ("relayed", "done"):
            assert kind == "morning" and meeting_date > received
            assert meeting_status == "ended"
        else:
            assert kind is None


def test_relayed_directives_are_in_the_meeting_notes(demo: Demo) -> None:
    for number, text in demo.query(
            "SELECT d.number, n.text FROM directive d JOIN meeting_note n "
            "ON n.meeting_id = d.relayed_in_id"):
        assert f"> [{number}]" in text


# --- trainings ----------------------------------------------------------------------------


def test_trainings_sit_in_training_blocks_with_attendance(demo: Demo) -> None:
    today = demo.today.isoformat()
    rows = demo.query("SELECT t.id, t.date, t.completed, t.cost_won, b.date, b.kind "
                      "FROM training t LEFT JOIN day_block b ON b.id = t.block_id")
    for training, date, completed, cost, block_date, block_kind in rows:
        assert block_date == date and block_kind == "training"
        assert completed == (1 if date < today else 0)
        statuses = {row[0] for row in demo.query(
            "SELECT status FROM attendance WHERE training_id = ?", training)}
        assert statuses
        assert statuses <= ({"present", "absent", "excused"} if date < today else {"invited"})
        expenses = demo.query("SELECT amount_won, account FROM expense WHERE training_id = ?",
                              training)
        if cost and date <= today:
            assert expenses == [(cost, "training")]
        else:
            assert expenses == []
    weeks = Counter(dt.date.fromisoformat(row[1]).isocalendar()[:2] for row in rows)
    assert max(weeks.values()) <= 2


# --- money ----------------------------------------------------------------------------------


def test_money_is_integer_won(demo: Demo) -> None:
    columns = [("budget", "amount_won"), ("expense", "amount_won"),
               ("promotion", "budget_won"), ("training", "cost_won"),
               ("daily_result", "sales_won")]
    for table, column in columns:
        kinds = {row[0] for row in demo.query(f'SELECT DISTINCT typeof("{column}") '
                                              f'FROM "{table}"')}
        assert kinds == {"integer"}, (table, column, kinds)
    assert demo.one("SELECT COUNT(*) FROM expense WHERE amount_won % 100 != 0") == 0
    budgets = {(account): amount for account, amount in demo.query(
        "SELECT account, amount_won FROM budget WHERE month = ?",
        demo.today.replace(day=1).isoformat())}
    assert 2_500_000 <= budgets["operating"] <= 3_500_000
    assert 1_200_000 <= budgets["training"] <= 1_800_000
    assert 1_700_000 <= budgets["promotion"] <= 2_300_000


def test_this_month_spends_a_little_ahead_of_the_line(demo: Demo) -> None:
    today = demo.today
    month = today.replace(day=1)
    length = ((month + dt.timedelta(days=32)).replace(day=1) - month).days
    spent = dict(demo.query("SELECT account, SUM(amount_won) FROM expense WHERE spent_on >= ? "
                            "GROUP BY account", month.isoformat()))
    budgets = dict(demo.query("SELECT account, amount_won FROM budget WHERE month = ?",
                              month.isoformat()))
    line = budgets["operating"] * today.day / length
    assert line < spent["operating"] <= budgets["operating"]
    weekly = demo.summary.expense / ((today - dt.date.fromisoformat(demo.one(
        "SELECT MIN(month) FROM budget"))).days / 7)
    assert 4 <= weekly <= 11


def test_this_months_promotion_and_its_expenses(demo: Demo) -> None:
    today = demo.today.isoformat()
    rows = demo.query("SELECT id, budget_won, target_metric, target_value, expected_lift_pct "
                      "FROM promotion WHERE starts_on <= ? AND ends_on >= ?", today, today)
    assert len(rows) == 1
    promotion, budget, metric, target, lift = rows[0]
    assert budget > 0 and target > 0 and 0 < lift < 50 and metric in models.GOAL_METRICS
    accounts = {row[0] for row in demo.query(
        "SELECT account FROM expense WHERE promotion_id IS NOT NULL")}
    assert accounts == {"promotion"}
    assert demo.one("SELECT COUNT(*) FROM expense WHERE account = 'promotion' "
                    "AND promotion_id IS NULL") == 0


# --- goals ----------------------------------------------------------------------------------


def test_goals_cascade_from_the_year_to_the_days(demo: Demo) -> None:
    today = demo.today
    goals = {row[0]: row[1:] for row in demo.query(
        "SELECT id, metric, period, starts_on, ends_on, target, original_target, project, "
        "parent_id FROM goal")}
    children: dict[str, list[tuple]] = defaultdict(list)
    for goal in goals.values():
        children[goal[7]].append(goal)
    years = [g for g in goals.values() if g[1] == "year" and g[2] == f"{today.year}-01-01"]
    assert sorted(g[0] for g in years) == sorted(models.GOAL_METRICS)
    month_start = today.replace(day=1).isoformat()
    for goal_id, (metric, period, starts, ends, target, original, project, _) in \
            goals.items():
        assert target == original and target >= 0
        if period == "year":
            assert target > 0
        if starts[:4] == str(today.year):
            assert project == "S.M.A.R.T 345"
        below = children.get(goal_id, [])
        if period in ("week", "day"):
            assert starts[:7] == month_start[:7]
        if period == "year":
            assert len(below) == 12
        if period == "month" and starts != month_start:
            assert below == []
        if below and metric != "active_partners":
            assert sum(child[4] for child in below) == target, (metric, period, starts)
        for child in below:
            assert starts <= child[2] <= child[3] <= ends
    days = [g for g in goals.values() if g[1] == "day" and g[0] == "sales_won"]
    assert {g[2] for g in days} == {
        d.isoformat() for d in (today.replace(day=1) + dt.timedelta(days=n) for n in range(31))
        if d.month == today.month and is_working_day(d)}


# --- through the store --------------------------------------------------------------------


def test_the_models_read_every_row(opened: Demo) -> None:
    for model in models.ALL_MODELS:
        for row in model.select().limit(500):
            for name in ("created_at", "updated_at"):
                value = getattr(row, name, None)
                if value is not None:
                    assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(0)


def test_a_second_demo_is_refused_and_writes_nothing(opened: Demo) -> None:
    before = dump(opened.path)
    with pytest.raises(ValueError, match="already holds a branch"):
        generate_demo(opened.today)
    close_database()
    assert dump(opened.path) == before


def test_an_unknown_scale_is_refused(db: Path) -> None:
    with pytest.raises(ValueError, match="unknown demo scale"):
        generate_demo(pendulum.date(2026, 3, 18), scale="city")
    assert models.Branch.select().count() == 0


# --- the weekly routine ---------------------------------------------------------------------


def test_the_default_routine() -> None:
    weekday = blocks_for_weekday(0)
    assert [(b.start.isoformat(timespec="minutes"), b.kind, b.meeting_kind) for b in weekday] == [
        ("08:00", "prep", None), ("08:30", "meeting", "morning"), ("09:30", "training", None),
        ("13:00", "directives", None), ("14:30", "promotion", None), ("17:30", "prep", None),
        ("18:00", "meeting", "evening"), ("19:00", "meeting", "strategy"),
        ("19:40", "prep", None)]
    assert [b.title for b in weekday] == [
        "@routine.arrive", "@routine.morning_meeting", "@routine.training",
        "@routine.directives", "@routine.promotion", "@routine.evening_prep",
        "@routine.evening_meeting", "@routine.strategy_meeting", "@routine.tomorrow_prep"]
    saturday = blocks_for_weekday(5)
    assert [(b.start.isoformat(timespec="minutes"), b.end.isoformat(timespec="minutes"))
            for b in saturday] == [("08:30", "09:00"), ("09:30", "11:30")]
    assert blocks_for_weekday(6) == ()
    pairs = zip(weekday, weekday[1:], strict=False)
    assert all(earlier.end <= later.start for earlier, later in pairs)
    assert len(DEFAULT_ROUTINE) == 9


def test_seed_template_writes_the_week_once(db: Path) -> None:
    branch = models.Branch.create(code="T1", name="테스트")
    assert seed_template(branch) == 47
    rows = models.ScheduleTemplate.select().where(models.ScheduleTemplate.branch == branch)
    assert Counter(row.weekday for row in rows) == {0: 9, 1: 9, 2: 9, 3: 9, 4: 9, 5: 2}
    with pytest.raises(ValueError, match="already has a weekly routine"):
        seed_template(branch)
    assert rows.count() == 47
