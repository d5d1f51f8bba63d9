"""`branchdash push`: a branch's SQLite rows into HQ's PostgreSQL, on a real server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from peewee import PostgresqlDatabase

from branchdash.clock import FakeClock
from branchdash.data.branches import create_branch
from branchdash.data.database import close_database, open_database
from branchdash.data.models import (
    Branch,
    DailyResult,
    Expense,
    Goal,
    Partner,
    PushRecord,
    Setting,
)
from branchdash.data.postgres import bound_to, open_postgres
from branchdash.data.push import (
    LAST_PUSH_KEY,
    PushInterrupted,
    PushRefused,
    ordered_ids,
    push,
    sync_models,
)
from tests.pg import PgServer, pg_server, pg_url  # noqa: F401

TODAY = pendulum.date(2026, 11, 30)


def fill_branch(code: str = "GN03", name: str = "강남3센터") -> str:
    """A small branch: its routine, a team whose member sorts before its manager,
    a goal cascade (parents referred to by children), results and an expense."""
    branch = create_branch(name, code)
    manager = Partner.create(id="f" * 32, branch=branch.id, name="김팀장", role="sales_manager",
                             status="active", hired_on=TODAY.subtract(years=2))
    for index in range(5):
        Partner.create(id=f"{index:032x}", branch=branch.id, name=f"판매자{index}",
                       status="active", manager=manager, hired_on=TODAY.subtract(months=3))
    year = Goal.create(id="e" * 32, branch=branch.id, metric="sales_won", period="year",
                       starts_on=pendulum.date(2026, 1, 1), ends_on=pendulum.date(2026, 12, 31),
                       target=1_200_000_000, original_target=1_200_000_000)
    Goal.create(id="0" * 31 + "a", branch=branch.id, metric="sales_won", period="month",
                starts_on=pendulum.date(2026, 11, 1), ends_on=pendulum.date(2026, 11, 30),
                target=100_000_000, original_target=100_000_000, parent=year)
    for index in range(5):
        DailyResult.create(branch=branch.id, partner=f"{index:032x}", date=TODAY,
                           sales_count=index, sales_won=index * 150_000)
    Expense.create(branch=branch.id, spent_on=TODAY, account="operating", amount_won=52_000,
                   category="간식", payee="=HYPERLINK(\"x\")")
    return branch.id


@pytest.fixture
def branch_db(clock: FakeClock, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "branch.db"
    open_database(path)
    fill_branch()
    yield path
    close_database()


@pytest.fixture
def hq(pg_url: str) -> Iterator[PostgresqlDatabase]:  # noqa: F811
    target = open_postgres(pg_url, bind=False)
    yield target
    target.close()


def counts_here() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in sync_models()}


def counts_at(target: PostgresqlDatabase) -> dict[str, int]:
    with bound_to(target):
        return counts_here()


def test_first_push_sends_every_syncable_row(branch_db: Path, hq: PostgresqlDatabase) -> None:
    summary = push(hq, batch_size=7)
    assert summary.complete and not summary.conflicts
    assert summary.sent == summary.total == sum(counts_here().values())
    assert counts_at(hq) == counts_here()
    # This laptop's own tables stay here.
    with bound_to(hq):
        assert Setting.select().count() == 0
        assert PushRecord.select().count() == 1
        record = PushRecord.get()
        assert record.rows_sent == summary.sent and record.conflicts == 0
        # Values arrive as they are: money, dates, the formula-looking text, links.
        expense = Expense.get()
        assert expense.amount_won == 52_000 and expense.spent_on == TODAY
        assert expense.payee == "=HYPERLINK(\"x\")"
        assert Partner.get_by_id("0" * 32).manager_id == "f" * 32
    assert Setting.get_by_id(LAST_PUSH_KEY).value.startswith("2026-11-30T01:15")


def test_second_push_changes_nothing(branch_db: Path, hq: PostgresqlDatabase,
                                     clock: FakeClock) -> None:
    push(hq)
    with bound_to(hq):
        before = {m._meta.table_name: sorted(m.select().tuples()) for m in sync_models()}
    clock.advance(minutes=5)
    again = push(hq)
    assert again.sent == 0 and again.unchanged == again.total and not again.conflicts
    with bound_to(hq):
        after = {m._meta.table_name: sorted(m.select().tuples()) for m in sync_models()}
    assert after == before


def test_a_change_here_is_sent_as_an_update(branch_db: Path, hq: PostgresqlDatabase,
                                            clock: FakeClock) -> None:
    push(hq)
    clock.advance(hours=1)
    partner = Partner.get_by_id("1".zfill(32))
    partner.status = "inactive"
    partner.save()
    summary = push(hq)
    table = next(t for t in summary.tables if t.table == "partner")
    assert (table.updated, table.inserted, summary.sent) == (1, 0, 1)
    with bound_to(hq):
        assert Partner.get_by_id("1".zfill(32)).status == "inactive"


def test_self_referring_tables_are_ordered(branch_db: Path) -> None:
    partners = ordered_ids(Partner)
    assert partners[0] == "f" * 32  # the manager before the team
    goals = ordered_ids(Goal)
    assert goals.index("e" * 32) < goals.index("0" * 31 + "a")


def test_newer_row_at_hq_is_a_conflict_not_overwritten(branch_db: Path,
                                                       hq: PostgresqlDatabase,
                                                       clock: FakeClock) -> None:
    push(hq)
    clock.advance(minutes=10)  # the branch edits first...
    mine = Partner.get_by_id("2".zfill(32))
    mine.notes = "지점에서 고침"
    mine.save()
    clock.advance(minutes=10)  # ...HQ later
    with bound_to(hq):
        theirs = Partner.get_by_id("2".zfill(32))
        theirs.notes = "본사에서 고침"
        theirs.save()
    summary = push(hq)
    assert [(c.table, c.row_id) for c in summary.conflicts] == [("partner", "2".zfill(32))]
    conflict = summary.conflicts[0]
    assert conflict.theirs > conflict.ours
    with bound_to(hq):
        assert Partner.get_by_id("2".zfill(32)).notes == "본사에서 고침"
        assert PushRecord.select().order_by(PushRecord.id.desc()).get().conflicts == 1
    assert Partner.get_by_id("2".zfill(32)).notes == "지점에서 고침"  # nothing lost here


def test_cut_connection_then_push_again(branch_db: Path, pg_server: PgServer,  # noqa: F811
                                        pg_url: str) -> None:  # noqa: F811
    target = open_postgres(pg_url, bind=False)
    pid = target.connection().info.backend_pid

    def cut(batch: int) -> None:
        if batch == 4:  # the server kills our connection, as a dropped network would
            pg_server.admin(f"SELECT pg_terminate_backend({pid})")

    with pytest.raises(PushInterrupted) as caught:
        push(target, batch_size=10, after_batch=cut)
    target.close()
    partial = caught.value.summary
    # Batches: the branch, the partners, 2 x 10 routine blocks; the 5th one was cut.
    assert not partial.complete and partial.sent == 1 + 6 + 20
    assert "run the push again" in str(caught.value)

    target = open_postgres(pg_url, bind=False)
    try:
        assert sum(counts_at(target).values()) == 27  # the committed batches, no more
        summary = push(target, batch_size=10)
        assert summary.complete
        assert summary.unchanged == 27 and summary.sent == summary.total - 27
        assert counts_at(target) == counts_here()  # nothing lost, nothing doubled
        with bound_to(target):
            assert PushRecord.select().count() == 1  # only the complete push is recorded
    finally:
        target.close()


def test_two_branches_with_one_code_are_refused(clock: FakeClock, tmp_path: Path,
                                                hq: PostgresqlDatabase) -> None:
    open_database(tmp_path / "a.db")
    fill_branch("GN03", "강남3센터")
    push(hq)
    close_database()
    open_database(tmp_path / "b.db")
    try:
        create_branch("서초센터", "GN03")
        with pytest.raises(PushRefused, match="another branch with the code 'GN03'"):
            push(hq)
    finally:
        close_database()
    with bound_to(hq):
        assert [b.name for b in Branch.select()] == ["강남3센터"]


def test_a_database_with_several_branches_is_not_pushed(clock: FakeClock, db: Path,
                                                        hq: PostgresqlDatabase) -> None:
    create_branch("강남3센터", "GN03")
    create_branch("서초센터", "SC01")
    with pytest.raises(PushRefused, match="several branches"):
        push(hq)


def test_push_command_prints_summary(branch_db: Path, pg_url: str,  # noqa: F811
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from branchdash.cli import main

    close_database()  # the CLI opens the file itself
    assert main(["--db", str(branch_db), "--lang", "en", "push", "--to", pg_url]) == 0
    out = capsys.readouterr()
    assert "Pushed 강남3센터 (GN03) to HQ:" in out.out
    assert "partner: 6 rows — 6 new" in out.out
    assert "0 conflicts." in out.out
    assert "partner" in out.err  # the progress, on stderr
    assert main(["--db", str(branch_db), "--lang", "en", "push", "--to", pg_url]) == 0
    assert "Sent 0 rows" in capsys.readouterr().out
    assert main(["--db", str(branch_db), "push", "--to", "/tmp/hq.db"]) == 2
    assert "--to takes HQ's PostgreSQL URL" in capsys.readouterr().err
    open_database(branch_db)


def test_utc_instants_survive_the_trip(branch_db: Path, hq: PostgresqlDatabase) -> None:
    push(hq)
    here = Partner.get_by_id("f" * 32).updated_at
    with bound_to(hq):
        there = Partner.get_by_id("f" * 32).updated_at
    assert there == here and there.tzinfo is not None
    assert here.in_timezone("Asia/Seoul").time() == dt.time(10, 15)
