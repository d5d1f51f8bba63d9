"""Opening a PostgreSQL database as the store (HQ's shared database, or any server).

`--db postgresql://user@host/dbname` opens the same schema as the SQLite file,
through the same `database` proxy, so every rule and screen runs unchanged.
psycopg (3) is imported only here and only when a PostgreSQL URL is given:
nothing about PostgreSQL is needed to run branchdash on a laptop.

What can go wrong (a malformed URL, no server, a refused password, a missing
database, a database of another application, one from a newer branchdash) is
a `StoreError` whose one line says what to do. Passwords never appear in it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import peewee
from peewee import Database, PostgresqlDatabase, SqliteDatabase

from . import migrations
from .errors import CannotOpen, ForeignDatabase, NewerSchema, StoreError
from .models import ALL_MODELS, SchemaVersion, database

SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_S = 10


class BadUrl(CannotOpen):
    pass


class ServerUnreachable(CannotOpen):
    pass


class AuthFailed(CannotOpen):
    pass


class NoDriver(StoreError):
    pass


def is_postgres_url(text: object) -> bool:
    return isinstance(text, str) and text.split("://", 1)[0].lower() in SCHEMES \
        and "://" in text


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and the header."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def check_url(url: str) -> None:
    shown = safe_url(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise BadUrl(f"The database URL {shown} is malformed ({error}).",
                     "Write it as postgresql://user@host:5432/dbname.") from None
    if parts.scheme.lower() not in SCHEMES:
        raise BadUrl(f"{shown} is not a PostgreSQL URL.",
                     "Write it as postgresql://user@host:5432/dbname.")
    if not parts.path.strip("/"):
        raise BadUrl(f"The database URL {shown} names no database.",
                     "Add the database's name: postgresql://user@host/dbname.")


def _driver_present() -> bool:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True


def _connect_error(url: str, error: Exception) -> StoreError:
    """Turn psycopg's connection failure into a message the user can act on."""
    shown = safe_url(url)
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lower = str(error).lower()
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if "password authentication failed" in lower or "no password supplied" in lower \
            or ("role" in lower and "does not exist" in lower) \
            or "no pg_hba.conf entry" in lower:
        return AuthFailed(f"The server at {host} refused the login for {shown} ({text}).",
                          "Check the user name and password in the URL, or ask the "
                          "database's administrator for access.")
    if "database" in lower and "does not exist" in lower:
        return CannotOpen(f"The server at {host} has no database "
                          f"{parts.path.strip('/')!r} ({text}).",
                          "Create it first (createdb) or correct the name in the URL.")
    return ServerUnreachable(f"Cannot reach the PostgreSQL server for {shown} ({text}).",
                             "Check that the server is running and the host and port are "
                             "right, and that this computer is on the network.")


def connect_postgres(url: str) -> PostgresqlDatabase:
    """A connected PostgresqlDatabase for `url` (not bound, not migrated)."""
    check_url(url)
    if not _driver_present():
        raise NoDriver("PostgreSQL support is not installed.",
                       "Install it with: pip install 'branchdash[pg]'.")
    db = PostgresqlDatabase(url, prefer_psycopg3=True, connect_timeout=CONNECT_TIMEOUT_S,
                            application_name="branchdash", autoconnect=True)
    try:
        db.connect()
    except (peewee.OperationalError, peewee.InterfaceError, peewee.DatabaseError) as error:
        raise _connect_error(url, error) from None
    except Exception as error:  # psycopg's own, e.g. a bad option in the URL
        if type(error).__module__.startswith("psycopg"):
            raise _connect_error(url, error) from None
        raise
    return db


def _check_schema(db: PostgresqlDatabase, url: str) -> None:
    tables = set(db.get_tables())
    shown = safe_url(url)
    ours = {model._meta.table_name for model in ALL_MODELS}
    version_table = SchemaVersion._meta.table_name
    if tables and version_table not in tables:
        if tables & ours:
            raise ForeignDatabase(
                f"{shown} has tables named like branchdash's but no schema version.",
                "Use an empty database for branchdash (createdb branchdash).")
        # Another application's tables beside ours would be confusing at HQ: refuse.
        raise ForeignDatabase(f"{shown} is a database of another application.",
                              "Use an empty database for branchdash (createdb branchdash).")
    if version_table in tables:
        found = db.execute_sql(f"SELECT MAX(version) FROM {version_table}").fetchone()[0] or 0
        if found > migrations.LATEST:
            raise NewerSchema(
                f"{shown} was written by a newer branchdash (schema v{found}; this copy "
                f"knows up to v{migrations.LATEST}).",
                "Upgrade branchdash (pip install -U branchdash) to open it.")


@contextlib.contextmanager
def bound_to(db: Database) -> Iterator[None]:
    """Run the models on `db` for a moment, then back on the app's database."""
    with db.bind_ctx(ALL_MODELS, bind_refs=False, bind_backrefs=False):
        yield


def open_postgres(url: str, *, bind: bool = True) -> PostgresqlDatabase:
    """Open the PostgreSQL database at `url`: connect, check it is branchdash's (or
    empty), bring it to the latest schema. With `bind` the models' proxy points at it
    (the app runs on it); without, it is returned for a push to write into."""
    db = connect_postgres(url)
    try:
        _check_schema(db, url)
        with bound_to(db):
            # No file to copy before upgrading: the server's own backups cover it;
            # all steps still run in one transaction.
            migrations.upgrade(db, None, backup=lambda: None)
        create_daily_totals(db)
        if bind:
            database.initialize(db)
    except StoreError:
        db.close()
        raise
    except (peewee.OperationalError, peewee.InterfaceError) as error:
        db.close()
        raise _connect_error(url, error) from None
    except peewee.DatabaseError as error:
        db.close()
        raise CannotOpen(f"Cannot prepare {safe_url(url)} ({error}).",
                         "Check that the user may create tables in this database.") from None
    except BaseException:
        db.close()
        raise
    return db


# SQLite keeps `daily_total` with its own triggers (models.create_daily_totals); the
# same bookkeeping in PostgreSQL's dialect, so that HQ's goals read the same sums.
_DAILY_TOTAL_FUNCTION = """
CREATE OR REPLACE FUNCTION branchdash_daily_total() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE daily_total SET sales_count = sales_count - OLD.sales_count,
            sales_won = sales_won - OLD.sales_won,
            new_contracts = new_contracts - OLD.new_contracts, rows = rows - 1
        WHERE branch_id = OLD.branch_id AND date = OLD.date;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO daily_total AS t (branch_id, date, sales_count, sales_won,
                                      new_contracts, rows)
        VALUES (NEW.branch_id, NEW.date, NEW.sales_count, NEW.sales_won,
                NEW.new_contracts, 1)
        ON CONFLICT (branch_id, date) DO UPDATE SET
            sales_count = t.sales_count + EXCLUDED.sales_count,
            sales_won = t.sales_won + EXCLUDED.sales_won,
            new_contracts = t.new_contracts + EXCLUDED.new_contracts,
            rows = t.rows + 1;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def create_daily_totals(db: PostgresqlDatabase) -> None:
    """The trigger that keeps `daily_total` (when the schema has it), and its rows for
    results already stored the first time. Idempotent."""
    if "daily_total" not in db.get_tables():
        return
    exists = db.execute_sql(
        "SELECT 1 FROM pg_trigger WHERE tgname = 'branchdash_daily_total'").fetchone()
    if exists:
        return
    with db.atomic():
        db.execute_sql(_DAILY_TOTAL_FUNCTION)
        db.execute_sql("CREATE TRIGGER branchdash_daily_total AFTER INSERT OR DELETE OR "
                       "UPDATE OF branch_id, date, sales_count, sales_won, new_contracts "
                       "ON daily_result FOR EACH ROW EXECUTE FUNCTION branchdash_daily_total()")
        db.execute_sql("DELETE FROM daily_total")
        db.execute_sql(
            "INSERT INTO daily_total (branch_id, date, sales_count, sales_won, new_contracts, "
            "rows) SELECT branch_id, date, SUM(sales_count), SUM(sales_won), "
            "SUM(new_contracts), COUNT(*) FROM daily_result GROUP BY branch_id, date")


def is_postgres(db: object = None) -> bool:
    db = database.obj if db is None else db
    return isinstance(db, PostgresqlDatabase)


_read_only = False


def is_read_only() -> bool:
    """Whether `set_read_only(True)` is in force: rules that would store something
    while reading (a day's blocks made from the routine) compute it instead."""
    return _read_only


def set_read_only(on: bool) -> None:
    """Refuse every write on the app's connection (HQ looks at branches' data; the
    branches own it; the meeting-room screen only shows). The database itself stops
    the write, whatever screen tries."""
    global _read_only
    _read_only = on
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SET SESSION default_transaction_read_only = "
                       + ("on" if on else "off"))
    elif isinstance(db, SqliteDatabase):
        db.execute_sql(f"PRAGMA query_only = {1 if on else 0}")
        # Peewee opens one connection per thread (workers read in threads): each new
        # one gets the same guard through the database's pragmas.
        pragmas = [(name, value) for name, value in db._pragmas if name != "query_only"]
        db._pragmas = [*pragmas, ("query_only", 1)] if on else pragmas


def is_read_only_error(error: BaseException) -> bool:
    text = str(error).lower()
    return "read-only transaction" in text or "readonly database" in text \
        or "attempt to write a readonly" in text


def change_marker() -> int:
    """For PostgreSQL, where SQLite's data_version does not exist: a number that
    changes when a branch pushes (the app redraws its screens then)."""
    from .models import PushRecord

    row = PushRecord.select(PushRecord.id).order_by(PushRecord.id.desc()).first()
    return int(row.id) if row is not None else 0
