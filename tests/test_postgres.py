"""The store on a real PostgreSQL server: open, schema, versions, errors, field types,
and the branch's rules and screens running on it."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator

import peewee
import pendulum
import pytest

from branchdash.clock import FakeClock
from branchdash.data import migrations
from branchdash.data.database import close_database, data_version
from branchdash.data.errors import CannotOpen, ForeignDatabase, NewerSchema
from branchdash.data.models import (
    ALL_MODELS,
    Branch,
    DayBlock,
    Expense,
    Partner,
    PushRecord,
    SchemaVersion,
    Training,
    database,
)
from branchdash.data.postgres import (
    AuthFailed,
    BadUrl,
    ServerUnreachable,
    is_postgres_url,
    open_postgres,
    safe_url,
)
from tests.pg import PgServer, pg_server, pg_url  # noqa: F401

TODAY = pendulum.date(2026, 11, 30)


@pytest.fixture
def pg(clock: FakeClock, pg_url: str) -> Iterator[str]:  # noqa: F811
    """A fresh, migrated PostgreSQL database, bound to the models."""
    open_postgres(pg_url)
    yield pg_url
    close_database()


def test_fresh_open_creates_latest_schema(pg: str) -> None:
    assert isinstance(database.obj, peewee.PostgresqlDatabase)
    assert migrations.current_version(database.obj) == migrations.LATEST
    assert {m._meta.table_name for m in ALL_MODELS} <= set(database.get_tables())
    assert SchemaVersion.select().count() == 1


def test_reopen_keeps_data_and_version(clock: FakeClock, pg_url: str) -> None:  # noqa: F811
    open_postgres(pg_url)
    Branch.create(code="GN03", name="강남3센터")
    close_database()
    open_postgres(pg_url)
    try:
        assert [b.name for b in Branch.select()] == ["강남3센터"]
        assert SchemaVersion.select().count() == 1
    finally:
        close_database()


def test_field_types_round_trip(pg: str, clock: FakeClock) -> None:
    branch = Branch.create(code="GN03", name="강남3센터")
    block = DayBlock.create(branch=branch, date=TODAY, start=dt.time(8, 30),
                            end=dt.time(9, 0), kind="meeting", title="조회")
    training = Training.create(branch=branch, kind="regular", title="정규", date=TODAY,
                               start=dt.time(10), end=dt.time(11), completed=True,
                               cost_won=3_000_000_000)
    row = DayBlock.get_by_id(block.id)
    assert row.date == TODAY and isinstance(row.date, pendulum.Date)
    assert row.start == dt.time(8, 30)
    assert row.created_at == clock.now().in_timezone("UTC")
    assert row.created_at.tzinfo is not None
    again = Training.get_by_id(training.id)
    assert again.completed is True and again.cost_won == 3_000_000_000
    # Dates compare as dates, not as text, in both directions.
    assert DayBlock.select().where(DayBlock.date >= TODAY.subtract(days=1)).count() == 1
    assert DayBlock.select().where(DayBlock.date > TODAY).count() == 0
    with pytest.raises(TypeError):
        Expense.create(branch=branch, spent_on=TODAY, account="operating", amount_won=1.5)


def test_foreign_keys_and_unique_codes_are_enforced(pg: str) -> None:
    with pytest.raises(peewee.IntegrityError), database.atomic():
        Partner.create(branch="0" * 32, name="없는 지점")
    Branch.create(code="GN03", name="강남3센터")
    with pytest.raises(peewee.IntegrityError), database.atomic():
        Branch.create(code="GN03", name="다른 센터")
    assert Branch.select().count() == 1  # the refused write left nothing


def test_data_version_changes_when_a_branch_pushes(pg: str, clock: FakeClock) -> None:
    branch = Branch.create(code="GN03", name="강남3센터")
    before = data_version()
    PushRecord.create(branch=branch, rows_sent=3)
    assert data_version() != before


def test_newer_schema_is_refused(clock: FakeClock, pg_url: str) -> None:  # noqa: F811
    open_postgres(pg_url)
    SchemaVersion.create(version=migrations.LATEST + 1, name="from the future")
    close_database()
    with pytest.raises(NewerSchema, match="newer branchdash"):
        open_postgres(pg_url)


def test_another_applications_database_is_refused(pg_server: PgServer,  # noqa: F811
                                                  pg_url: str) -> None:  # noqa: F811
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total int)")
    with pytest.raises(ForeignDatabase, match="another application"):
        open_postgres(pg_url)
    with psycopg.connect(pg_url) as conn:  # left as it was
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    assert tables == ["invoices"]


def test_upgrade_steps_run_on_postgres(clock: FakeClock, pg_url: str) -> None:  # noqa: F811
    db = open_postgres(pg_url)
    Branch.create(code="GN03", name="강남3센터")

    def apply(migrator: object) -> None:
        from playhouse.migrate import migrate

        migrate(migrator.add_column("branch", "phone",  # type: ignore[attr-defined]
                                    peewee.CharField(default="")))

    step = types.SimpleNamespace(NAME="branch phone", apply=apply)
    after = migrations.LATEST + 1  # a step after the real ones
    assert migrations.upgrade(db, None, steps=[*migrations.STEPS, (after, step)],
                              backup=lambda: None) == 1
    columns = {c.name for c in db.get_columns("branch")}
    assert "phone" in columns
    assert migrations.current_version(db) == after
    assert Branch.select().count() == 1
    close_database()


# --- errors the user can act on ------------------------------------------------------------


def test_bad_urls_say_how_to_write_one() -> None:
    with pytest.raises(BadUrl, match="names no database"):
        open_postgres("postgresql://me@localhost")
    with pytest.raises(BadUrl, match="malformed"):
        open_postgres("postgresql://me@localhost:99999999/hq")
    assert is_postgres_url("postgresql://me@host/hq")
    assert is_postgres_url("postgres://me@host/hq")
    assert not is_postgres_url("/home/me/branch.db")
    assert not is_postgres_url("postgresql-notes.db")


def test_server_down_is_one_clear_line(clock: FakeClock) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ServerUnreachable) as caught:
        open_postgres(f"postgresql://me:secret@127.0.0.1:{port}/hq")
    message = str(caught.value)
    assert "Cannot reach the PostgreSQL server" in message
    assert "secret" not in message  # the password is never shown
    assert "\n" not in message


def test_unknown_user_and_missing_database(pg_server: PgServer) -> None:  # noqa: F811
    with pytest.raises(AuthFailed, match="refused the login"):
        open_postgres(f"postgresql://nobody_here@127.0.0.1:{pg_server.port}/postgres")
    with pytest.raises(CannotOpen, match="no database 'nope'"):
        open_postgres(f"{pg_server.base}/nope")


def test_safe_url_masks_the_password() -> None:
    assert safe_url("postgresql://hq:pa55@db.example:5432/hq") == \
        "postgresql://hq:***@db.example:5432/hq"
    assert safe_url("postgresql://hq@db/hq") == "postgresql://hq@db/hq"


def test_cli_opens_postgres_and_reports_errors(clock: FakeClock, pg_url: str,  # noqa: F811
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from branchdash.cli import main

    assert main(["--db", "postgresql://me@127.0.0.1:1/hq", "push", "--to",
                 "postgresql://me@127.0.0.1:1/hq"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("branchdash: Cannot reach the PostgreSQL server")
    assert err.count("\n") == 1


def test_daily_totals_are_kept_on_postgres(pg: str, clock: FakeClock) -> None:
    """The per-day sums the goals read stay right on PostgreSQL too (a trigger there)."""
    from branchdash.data.models import DailyResult, DailyTotal
    from branchdash.goals import sales_days

    branch = Branch.create(code="GN03", name="강남3센터")
    kim = Partner.create(branch=branch, name="김민수")
    lee = Partner.create(branch=branch, name="이영희")
    DailyResult.create(branch=branch, partner=kim, date=TODAY, sales_count=2, sales_won=300)
    row = DailyResult.create(branch=branch, partner=lee, date=TODAY, sales_count=1,
                             sales_won=100)
    assert sales_days(branch.id, TODAY, TODAY) == {TODAY: (3, 400)}
    row.sales_won = 150
    row.save()
    assert sales_days(branch.id, TODAY, TODAY) == {TODAY: (3, 450)}
    row.delete_instance()
    assert sales_days(branch.id, TODAY, TODAY) == {TODAY: (2, 300)}
    assert DailyTotal.select().count() == 1
