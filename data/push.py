"""Push a branch's rows from its own database (the app's) into HQ's database.

Every syncable table (`SyncModel`: UUID key, updated instant) is sent with its
columns named explicitly; this laptop's own tables (settings, schema version,
fired reminders) stay here. Rows are compared with HQ's copy by UUID:

- missing at HQ: inserted;
- the same at HQ: left alone, so a second push changes nothing;
- older at HQ: updated;
- newer at HQ (HQ or another copy changed it later): a conflict, reported and
  not sent. The upsert itself carries the same guard (`WHERE hq.updated_at <=
  ours`), so a row changed at HQ between the comparison and the write is not
  overwritten either.

Rows go in batches, each its own transaction at HQ: a dropped connection loses
at most the batch in flight, and running the push again sends what is missing
(what arrived is "the same" and skipped). Tables go in foreign-key order, and
a table that refers to itself (a partner's manager, a goal's parent) sends the
referred rows first.

Deletions are not sent: a row deleted here stays at HQ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee
from peewee import EXCLUDED, BooleanField, Database, Field, ForeignKeyField, PostgresqlDatabase

from branchdash.clock import utc_now

from .errors import StoreError
from .fields import LocalDateField, LocalTimeField, UtcDateTimeField
from .models import ALL_MODELS, Branch, PushRecord, Setting, SyncModel, database

DEFAULT_BATCH = 500
LAST_PUSH_KEY = "push.last_at"


class PushRefused(StoreError):
    """The push cannot start or cannot go on for a reason the user must fix."""


class PushInterrupted(StoreError):
    """The connection to HQ dropped mid-way; what was sent is kept there."""

    def __init__(self, what: str, todo: str, summary: PushSummary) -> None:
        super().__init__(what, todo)
        self.summary = summary


@dataclass
class TableResult:
    table: str
    rows: int = 0  # rows of this branch in the table
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0

    @property
    def sent(self) -> int:
        return self.inserted + self.updated


@dataclass(frozen=True)
class Conflict:
    table: str
    row_id: str
    ours: Any  # updated_at here
    theirs: Any  # updated_at at HQ (later than ours)


@dataclass
class PushSummary:
    branch_id: str
    branch_code: str
    branch_name: str
    tables: list[TableResult] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    complete: bool = False

    @property
    def sent(self) -> int:
        return sum(t.sent for t in self.tables)

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tables)

    @property
    def total(self) -> int:
        return sum(t.rows for t in self.tables)


@dataclass(frozen=True)
class Progress:
    table: str
    done: int  # rows compared so far, all tables
    total: int


def sync_models() -> list[type[SyncModel]]:
    """The tables that travel, in foreign-key order (as ALL_MODELS lists them)."""
    return [m for m in ALL_MODELS if issubclass(m, SyncModel)]


def _self_reference(model: type[SyncModel]) -> ForeignKeyField | None:
    return next((f for f in model._meta.sorted_fields
                 if isinstance(f, ForeignKeyField) and f.rel_model is model), None)


def ordered_ids(model: type[SyncModel]) -> list[str]:
    """Every id of the table, referred rows before the rows that refer to them."""
    parent = _self_reference(model)
    if parent is None:
        return [row[0] for row in model.select(model.id).order_by(model.id).tuples()]
    parents = dict(model.select(model.id, parent).tuples())
    depth: dict[str, int] = {}

    def depth_of(row_id: str) -> int:
        seen: list[str] = []
        current: str | None = row_id
        while current is not None and current not in depth and current in parents:
            if current in seen:  # a loop in the data: cut it here
                break
            seen.append(current)
            current = parents[current]
        base = depth.get(current, -1) if current is not None else -1
        for offset, each in enumerate(reversed(seen)):
            depth[each] = base + 1 + offset
        return depth[row_id]

    return sorted(parents, key=lambda row_id: (depth_of(row_id), row_id))


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _as_instant(value: Any) -> Any:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None \
            else value.astimezone(dt.UTC)
    return value


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _as_time(value: Any) -> Any:
    return dt.time.fromisoformat(value) if isinstance(value, str) else value


def _as_bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _normaliser(f: Field) -> Callable[[Any], Any] | None:
    """Raw values as each database hands them back (SQLite: text and 0/1; PostgreSQL:
    date, time, datetime, bool) made alike, cheaply: pendulum is left out, it costs
    most of the time of a push otherwise."""
    if isinstance(f, UtcDateTimeField):
        return _as_instant
    if isinstance(f, LocalDateField):
        return _as_date
    if isinstance(f, LocalTimeField):
        return _as_time
    if isinstance(f, BooleanField):
        return _as_bool
    return None


def _read(model: type[SyncModel], fields: Sequence[Field], ids: Sequence[str],
          db: Database) -> dict[str, tuple[Any, ...]]:
    """The rows of `ids` in `db`, by id, in one comparable form."""
    if isinstance(db, PostgresqlDatabase):  # one array parameter, not 500 to parse
        sql = (f"SELECT {', '.join(_quote(f.column_name) for f in fields)} "
               f"FROM {_quote(model._meta.table_name)} WHERE {_quote('id')} = ANY(%s)")
        cursor = db.execute_sql(sql, (list(ids),))
    else:
        cursor = db.execute(model.select(*fields).where(model.id.in_(list(ids))))
    convert = [_normaliser(f) for f in fields]
    rows: dict[str, tuple[Any, ...]] = {}
    for raw in cursor.fetchall():
        row = tuple(value if fn is None or value is None else fn(value)
                    for fn, value in zip(convert, raw, strict=True))
        rows[row[0]] = row
    return rows


def _check_branch(target: Database) -> Branch:
    branches = list(Branch.select().order_by(Branch.created_at).limit(2))
    if not branches:
        raise PushRefused("This database holds no branch yet.",
                          "Set up the branch first; then push.")
    if len(branches) > 1:
        raise PushRefused("This database holds several branches (it looks like HQ's).",
                          "Push from a branch's own database (--db BRANCH.db).")
    ours = branches[0]
    clash = (Branch.select(Branch.id, Branch.name).where((Branch.code == ours.code)
                                                         & (Branch.id != ours.id))
             .tuples().execute(target))
    for _id, name in clash:
        raise PushRefused(f"HQ already has another branch with the code {ours.code!r} "
                          f"({name}).",
                          "Give this branch its own code, or ask HQ which code to use.")
    return ours


def push(target: Database, *, batch_size: int = DEFAULT_BATCH,
         progress: Callable[[Progress], None] | None = None,
         after_batch: Callable[[int], None] | None = None) -> PushSummary:
    """Send this database's branch to `target` (an opened, migrated branchdash
    database). `after_batch(n)` is called after each committed batch (tests use it
    to cut the connection)."""
    ours = _check_branch(target)
    summary = PushSummary(ours.id, ours.code, ours.name)
    plan = [(model, ordered_ids(model)) for model in sync_models()]
    total = sum(len(ids) for _model, ids in plan)
    done = batches = 0
    try:
        for model, ids in plan:
            result = TableResult(model._meta.table_name, rows=len(ids))
            summary.tables.append(result)
            for chunk in _chunks(ids, batch_size):
                _push_batch(model, chunk, target, result, summary.conflicts)
                done += len(chunk)
                batches += 1
                if progress is not None:
                    progress(Progress(result.table, done, total))
                if after_batch is not None:
                    after_batch(batches)
        summary.complete = True
        with target.atomic():
            PushRecord.insert(branch=ours.id, pushed_at=utc_now(), rows_sent=summary.sent,
                              conflicts=len(summary.conflicts)).execute(target)
    except (peewee.OperationalError, peewee.InterfaceError) as error:
        raise PushInterrupted(
            f"The connection to HQ dropped after {done} of {total} rows "
            f"({summary.sent} sent) ({str(error).strip().splitlines()[0] if str(error) else ''}).",
            "What arrived is kept; run the push again when the network is back to send the "
            "rest.", summary) from None
    except (peewee.IntegrityError, peewee.DataError) as error:
        table = summary.tables[-1].table if summary.tables else "?"
        raise PushRefused(f"HQ refused rows of {table}: {str(error).strip().splitlines()[0]}.",
                          "Nothing of that batch was written; fix the row here, or ask HQ "
                          "about it, then push again.") from None
    with database.atomic():
        Setting.insert(key=LAST_PUSH_KEY, value=utc_now().isoformat()).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value]).execute()
    return summary


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sendable(value: Any) -> Any:
    # Instants go as naive UTC: an aware one would be shifted by the server's TimeZone
    # on its way into a TIMESTAMP column.
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _upsert(model: type[SyncModel], fields: Sequence[Field], rows: list[tuple[Any, ...]],
            target: Database) -> None:
    """Insert the rows, or update HQ's copy where it is not newer than ours."""
    if not isinstance(target, PostgresqlDatabase):
        (model.insert_many(rows, fields=list(fields))
         .on_conflict(conflict_target=[model.id],
                      preserve=[f for f in fields if f is not model.id],
                      where=(model.updated_at <= EXCLUDED.updated_at))
         .execute(target))
        return
    # One statement run for many rows: building one huge INSERT costs more than sending it.
    table = _quote(model._meta.table_name)
    columns = [_quote(f.column_name) for f in fields]
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns[1:])
    stamp = _quote(model.updated_at.column_name)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
           f"({', '.join(['%s'] * len(columns))}) ON CONFLICT ({columns[0]}) DO UPDATE SET "
           f"{updates} WHERE {table}.{stamp} <= EXCLUDED.{stamp}")
    with peewee.__exception_wrapper__:
        target.cursor().executemany(sql, [tuple(_sendable(v) for v in row) for row in rows])


def _push_batch(model: type[SyncModel], ids: Sequence[str], target: Database,
                result: TableResult, conflicts: list[Conflict]) -> None:
    fields: list[Field] = list(model._meta.sorted_fields)
    # By identity: a peewee Field's == builds an SQL expression.
    stamp = next(i for i, f in enumerate(fields) if f is model.updated_at)
    ours = _read(model, fields, ids, database)
    batch = TableResult(result.table)  # counted into `result` once committed
    found: list[Conflict] = []
    with target.atomic():
        theirs = _read(model, fields, ids, target)
        to_write: list[tuple[Any, ...]] = []
        for row_id in ids:
            row = ours.get(row_id)
            if row is None:  # deleted here since the ids were read
                continue
            there = theirs.get(row_id)
            if there is None:
                batch.inserted += 1
                to_write.append(row)
            elif row == there:
                batch.unchanged += 1
            elif there[stamp] > row[stamp]:
                batch.conflicts += 1
                found.append(Conflict(result.table, row_id, row[stamp], there[stamp]))
            else:
                batch.updated += 1
                to_write.append(row)
        if to_write:
            _upsert(model, fields, to_write, target)
    result.inserted += batch.inserted
    result.updated += batch.updated
    result.unchanged += batch.unchanged
    result.conflicts += batch.conflicts
    conflicts.extend(found)
