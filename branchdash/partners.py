"""The roster: partners as plain rows, search (with 초성), filters, sort, summary, details.

The whole roster of a branch is read once into compact rows (a region has
10,000 partners: one query per table, no model objects), and search, filters
and sort then run in memory, so that each keystroke costs a pass over a list,
not a query. Screens show these rows through a virtual table.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import pendulum
from peewee import JOIN, fn

from branchdash.data.models import (
    PARTNER_ROLES,
    PARTNER_STATUSES,
    Attendance,
    DailyResult,
    Partner,
    PartnerEvent,
    Training,
    database,
)
from branchdash.hangul import compile_query
from branchdash.i18n import format_date, t

# Ranks are stored as the words the branch uses; these are shown translated.
RANK_KEYS = {"일반": "regular", "우수": "excellent", "최우수": "top", "팀장": "team_lead",
             "수석팀장": "senior_lead"}
CURRENT = "current"  # the status filter "everyone not resigned"
ALL = "all"
HEADCOUNT_STATUSES = ("trainee", "active", "inactive")  # hired and not resigned
TREND_WEEKS = 12

NOT_HIRED = 10**7  # a day number after any date: those not hired sort last
COLUMNS = ("name", "team", "role", "rank", "status", "hired_on", "tenure", "month_count",
           "month_won", "trainings", "phone")
FIGURE_COLUMNS = ("month_count", "month_won", "trainings")  # read after the rows


def rank_label(rank: str) -> str:
    key = RANK_KEYS.get(rank)
    return t(f"partners.rank.{key}") if key else rank


def _date(text: object) -> pendulum.Date | None:
    if not text:
        return None
    day = dt.date.fromisoformat(str(text)[:10])
    return pendulum.Date(day.year, day.month, day.day)


@dataclass(slots=True)
class RosterRow:
    id: str
    name: str
    phone: str
    role: str
    rank: str
    status: str
    manager_id: str | None
    team: str  # the team's sales manager's name (a sales manager's own name)
    team_id: str | None  # the sales manager's id (their own id for a sales manager)
    hired_on: str  # ISO date, "" before hire (text: cheap to read, sorts as dates do)
    resigned_on: str
    tenure_days: int | None  # hired to today (or to resignation); None before hire
    search_key: str  # the name without spaces, for the search pattern
    digits: str  # the phone's digits
    # Filled by `add_figures` (read after the rows, in the background):
    month_count: int = 0
    month_won: int = 0
    trainings: int = 0
    # The hire date as a day number, for sorting: 10,000 ISO strings took 8 ms to sort.
    hired_day: int = NOT_HIRED


@dataclass(frozen=True)
class RosterSummary:
    by_status: dict[str, int]
    active: int  # status active
    selling: int | None  # active SP: at least one sale this month (None: not read yet)
    hires_month: int | None  # onboarding started or rehired this month
    resignations_month: int | None
    resignations_year: int | None  # of hired partners, over the last 12 months
    attrition_pct: float | None  # resignations_year / average headcount


@dataclass
class Roster:
    today: pendulum.Date
    rows: list[RosterRow]
    teams: list[tuple[str, str, str]]  # (sales manager id, name, status), by name
    summary: RosterSummary
    figures_loaded: bool = False


@dataclass(frozen=True)
class Figures:
    """What takes longer to read: this month's results, trainings, hires and resignations."""

    results: dict[str, tuple[int, int]]  # partner id -> (sales count, won) this month
    trainings: dict[str, int]  # partner id -> trainings attended (present)
    hires_month: int
    resignations_month: int
    hires_year: int
    resignations_year: int

    def of(self, partner_id: str) -> tuple[int, int, int]:
        """A partner's sales count, won and trainings this month (0 where none), in the
        order of FIGURE_COLUMNS."""
        count, won = self.results.get(partner_id, (0, 0))
        return count, won, self.trainings.get(partner_id, 0)


# --- reading ---------------------------------------------------------------------------


_ROW_COLUMNS = (Partner.id, Partner.name, Partner.phone, Partner.role, Partner.rank,
                Partner.status, Partner.manager, Partner.hired_on, Partner.resigned_on)


def _iso_text(value: object) -> str:
    """A raw date column as ISO text: SQLite gives text, PostgreSQL a date."""
    if value is None or value == "":
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _build_rows(raw: list[tuple], names: dict[str, str], today: pendulum.Date
                ) -> list[RosterRow]:
    today_ordinal = today.toordinal()
    from_iso = dt.date.fromisoformat
    rows: list[RosterRow] = []
    for pid, name, phone, role, rank, status, manager, hired, resigned in raw:
        hired, resigned = _iso_text(hired), _iso_text(resigned)
        tenure = None
        hired_day = NOT_HIRED
        if hired:
            hired_day = from_iso(hired).toordinal()
            end = from_iso(resigned).toordinal() if status == "resigned" and resigned else \
                today_ordinal
            tenure = max(0, end - hired_day)
        team_id = pid if role == "sales_manager" else manager
        rows.append(RosterRow(
            pid, name, phone, role, rank, status, manager,
            names.get(team_id, "") if team_id else "", team_id, hired, resigned, tenure,
            # Stored names and phones are normalised: dropping spaces and dashes suffices.
            name.replace(" ", ""), phone.replace("-", ""), hired_day=hired_day))
    return rows


def load_roster(branch_id: str, today: pendulum.Date) -> Roster:
    """Every partner of the branch, in one query (the figures come from `load_figures`)."""
    query = Partner.select(*_ROW_COLUMNS).where(Partner.branch == branch_id)
    # The cursor's plain tuples: no per-row objects or converters (10,000 rows in a region).
    raw = list(database.execute(query))
    names = {row[0]: row[1] for row in raw}
    rows = _build_rows(raw, names, today)
    by_status = {status: 0 for status in PARTNER_STATUSES}
    teams: list[tuple[str, str, str]] = []
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
        if row.role == "sales_manager":
            teams.append((row.id, row.name, row.status))
    teams.sort(key=lambda team: team[1])
    summary = RosterSummary(by_status, by_status["active"], None, None, None, None, None)
    return Roster(today, rows, teams, summary)


def load_first_rows(branch_id: str, today: pendulum.Date, limit: int) -> list[RosterRow]:
    """The first `limit` current partners by name: what the roster shows first, read
    in a few milliseconds while the whole roster loads behind it."""
    raw = list(database.execute(
        Partner.select(*_ROW_COLUMNS)
        .where((Partner.branch == branch_id) & (Partner.status != "resigned"))
        .order_by(Partner.name).limit(limit)))
    team_ids = {row[0] if row[3] == "sales_manager" else row[6] for row in raw} - {None}
    names = dict(database.execute(Partner.select(Partner.id, Partner.name)
                                  .where(Partner.id.in_(list(team_ids))))) if team_ids else {}
    return _build_rows(raw, names, today)


def load_figures(branch_id: str, today: pendulum.Date) -> Figures:
    month_start = today.start_of("month")
    results = {pid: (int(count or 0), int(won or 0)) for pid, count, won in database.execute(
        DailyResult.select(DailyResult.partner, fn.SUM(DailyResult.sales_count),
                           fn.SUM(DailyResult.sales_won))
        .where((DailyResult.branch == branch_id) & (DailyResult.date >= month_start)
               & (DailyResult.date <= today))
        .group_by(DailyResult.partner))}
    trainings = dict(database.execute(
        Attendance.select(Attendance.partner, fn.COUNT(Attendance.id))
        .join(Training)
        .where((Training.branch == branch_id) & (Attendance.status == "present")
               & (Training.date <= today))
        .group_by(Attendance.partner)))
    year_start = today.subtract(months=12).add(days=1)
    events = database.execute(
        PartnerEvent.select(PartnerEvent.kind, PartnerEvent.occurred_on, PartnerEvent.before)
        .join(Partner)
        .where((Partner.branch == branch_id)
               & (PartnerEvent.kind.in_(("start_onboarding", "rehire", "resign")))
               & (PartnerEvent.occurred_on >= min(year_start, month_start))
               & (PartnerEvent.occurred_on <= today)))
    hires_month = resign_month = hires_year = resign_year = 0
    month_text, year_text = month_start.isoformat(), year_start.isoformat()
    for kind, on, before in events:
        in_month, in_year = on >= month_text, on >= year_text
        if kind == "resign":
            resign_month += in_month
            # A candidate who withdraws was never on the headcount.
            if in_year and json.loads(before or "{}").get("status") != "candidate":
                resign_year += 1
        else:
            hires_month += in_month
            hires_year += in_year
    return Figures(results, trainings, hires_month, resign_month, hires_year, resign_year)


def add_figures(roster: Roster, figures: Figures) -> None:
    """Put the figures into the roster's rows and summary."""
    selling = 0
    for row in roster.rows:
        row.month_count, row.month_won, row.trainings = figures.of(row.id)
        if row.month_count > 0:
            selling += 1
    by_status = roster.summary.by_status
    headcount_now = sum(by_status[s] for s in HEADCOUNT_STATUSES)
    headcount_then = headcount_now - figures.hires_year + figures.resignations_year
    average = (headcount_now + headcount_then) / 2
    attrition = round(100 * figures.resignations_year / average, 1) if average > 0 else None
    roster.summary = RosterSummary(by_status, by_status["active"], selling, figures.hires_month,
                                   figures.resignations_month, figures.resignations_year,
                                   attrition)
    roster.figures_loaded = True


def load_everything(branch_id: str, today: pendulum.Date) -> Roster:
    roster = load_roster(branch_id, today)
    add_figures(roster, load_figures(branch_id, today))
    return roster


# --- search, filters, sort ---------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    query: str = ""
    status: str = CURRENT  # a status, CURRENT or ALL
    team: str = ALL  # a sales manager's id, or ALL
    role: str = ALL  # a role, or ALL


def phone_digits(query: str) -> str:
    """The digits of a query typed as a phone number ("" for a name)."""
    digits = "".join(ch for ch in query if ch.isdigit())
    by_phone = bool(digits) and all(ch.isdigit() or ch in "-. " for ch in query)
    return digits if by_phone else ""


class SearchIndex:
    """Every row's name, and its phone's digits, as the lines of one text, so that a
    query is one scan of the text by the regex engine, not a test per row: 10,000 rows
    in 0.3-3 ms, where row by row took 5-8 (a roster's first search key)."""

    def __init__(self, rows: list[RosterRow]) -> None:
        self._names = _Lines([row.search_key for row in rows])
        self._digits = _Lines([row.digits for row in rows])

    def find(self, query: str) -> list[int] | None:
        """Where the rows matching `query` are in the index's rows, in order; None when
        the query is empty."""
        pattern = compile_query(query)
        if pattern is None:
            return None
        lines = self._names.matching(pattern)
        digits = phone_digits(query)
        if digits:
            by_phone = self._digits.matching(re.compile(re.escape(digits)))
            lines = sorted(set(lines).union(by_phone))
        return lines


class _Lines:
    """Texts as lines of one width, padded with line breaks: the line of a match is
    where it starts divided by the width. No query pattern matches a line break, so
    no match runs from one line into the next."""

    def __init__(self, texts: list[str]) -> None:
        self.width = max(map(len, texts), default=0) + 1
        self.text = "".join([text.ljust(self.width, "\n") for text in texts])

    def matching(self, pattern: re.Pattern[str]) -> list[int]:
        """The lines where `pattern` matches, each once, in order."""
        width = self.width
        return list(dict.fromkeys([match.start() // width
                                   for match in pattern.finditer(self.text)]))


_STATUS_ORDER = {status: index for index, status in enumerate(PARTNER_STATUSES)}
_ROLE_ORDER = {role: index for index, role in enumerate(PARTNER_ROLES)}
_RANK_ORDER = {rank: index for index, rank in enumerate(RANK_KEYS)}

# One plain value per row: sorting 10,000 rows stays a few milliseconds. Ties keep
# the order the rows come in, which is by name (see RosterView).
SORT_KEYS: dict[str, Callable[[RosterRow], object]] = {
    "name": lambda row: row.name,
    "team": lambda row: row.team or "\uffff",
    "role": lambda row: _ROLE_ORDER.get(row.role, 9),
    "rank": lambda row: (_ROLE_ORDER.get(row.role, 9) * 100
                         + _RANK_ORDER.get(row.rank, 99)),
    "status": lambda row: _STATUS_ORDER.get(row.status, 9),
    "hired_on": lambda row: row.hired_day,
    "tenure": lambda row: -1 if row.tenure_days is None else row.tenure_days,
    "month_count": lambda row: row.month_count,
    "month_won": lambda row: row.month_won,
    "trainings": lambda row: row.trainings,
    "phone": lambda row: row.phone or "\uffff",
}


def _ranks(keys: list[object]) -> array[int]:
    """Each key's rank among them all, equal keys equal ranks, as plain numbers: no
    object per row to keep (nor to look up all over memory, as the rows' own values
    lie once sorted)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    ranks = array("I", bytes(4 * len(keys)))
    rank, previous = -1, object()
    for place in order:
        key = keys[place]
        if key != previous:
            rank, previous = rank + 1, key
        ranks[place] = rank
    return ranks


class RowsAt(Sequence[RosterRow]):
    """The rows at some places of a list, without a list of them made: making one
    touches every row object (9,000 of them, all over memory: 2-4 ms a key), where a
    table reads the few dozen it draws."""

    def __init__(self, rows: list[RosterRow], places: list[int]) -> None:
        self._rows, self._places = rows, places

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> RosterRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[RosterRow]: ...

    def __getitem__(self, index: int | slice) -> RosterRow | list[RosterRow]:
        if isinstance(index, slice):
            return [self._rows[place] for place in self._places[index]]
        return self._rows[self._places[index]]

    def __iter__(self) -> Iterator[RosterRow]:
        rows = self._rows
        return (rows[place] for place in self._places)


class RosterView:
    """The rows as shown: all rows (kept in name order) through the filters, then
    sorted.

    A search key or a sort works on columns made once with the rows: each filter's
    values in a list in name order, each sort's as ranks (equal values, equal
    ranks), and rows named by their place in that order. Going through 10,000 row
    objects, or the values they hold, costs 3-8 ms a pass once they lie scattered in
    memory; compact lists of small numbers cost 1-2. Making it all takes ~100 ms at
    region scale: done where the roster is read, off the screen's thread."""

    def __init__(self, rows: Iterable[RosterRow], filters: Filters | None = None,
                 sort_column: str = "name", descending: bool = False) -> None:
        self.filters = filters or Filters()
        self.sort_column, self.descending = sort_column, descending
        self.rows = sorted(rows, key=SORT_KEYS["name"])
        self.index = SearchIndex(self.rows)
        self._places = {row.id: place for place, row in enumerate(self.rows)}
        self._statuses = [row.status for row in self.rows]
        self._teams = [row.team_id for row in self.rows]
        self._roles = [row.role for row in self.rows]
        self._ranks = {column: _ranks([SORT_KEYS[column](row) for row in self.rows])
                       for column in COLUMNS}
        self._found: list[int] = []  # places, in name order
        self._shown: list[int] = []  # the found places, sorted
        self.refilter()

    @property
    def found(self) -> RowsAt:
        """The rows through the filters, in name order."""
        return RowsAt(self.rows, self._found)

    @property
    def shown(self) -> RowsAt:
        """The rows found, sorted."""
        return RowsAt(self.rows, self._shown)

    def figure_ranks(self, figures: Figures) -> dict[str, array[int]]:
        """The ranks of the month's figures (made where they are read)."""
        values = [figures.of(row.id) for row in self.rows]
        return {column: _ranks([value[number] for value in values])
                for number, column in enumerate(FIGURE_COLUMNS)}

    def use_figure_ranks(self, ranks: dict[str, array[int]]) -> None:
        """The month's figures are in the rows: sort by them anew."""
        self._ranks.update(ranks)
        if self.sort_column in ranks:
            self._sort()

    def configure(self, filters: Filters, sort_column: str, descending: bool) -> None:
        self.filters, self.sort_column, self.descending = filters, sort_column, descending
        self.refilter()

    def refilter(self) -> None:
        filters = self.filters
        places = self.index.find(filters.query)
        if places is None:
            places = list(range(len(self.rows)))
        statuses, teams, roles = self._statuses, self._teams, self._roles
        if filters.status == CURRENT:
            places = [place for place in places if statuses[place] != "resigned"]
        elif filters.status != ALL:
            places = [place for place in places if statuses[place] == filters.status]
        if filters.team != ALL:
            places = [place for place in places if teams[place] == filters.team]
        if filters.role != ALL:
            places = [place for place in places if roles[place] == filters.role]
        self._found = places
        self._sort()

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.refilter()

    def set_sort(self, column: str, descending: bool) -> None:
        self.sort_column, self.descending = column, descending
        self._sort()

    def _sort(self) -> None:
        if self.sort_column == "name" and not self.descending:
            self._shown = list(self._found)  # found in name order
        else:
            ranks = self._ranks[self.sort_column]
            # Ties keep name order, also descending (a stable sort).
            self._shown = sorted(self._found, key=ranks.__getitem__, reverse=self.descending)

    def shown_index(self, partner_id: str | None) -> int | None:
        """Where the partner is among the rows shown; None: not among them."""
        place = self._places.get(partner_id) if partner_id is not None else None
        if place is None:
            return None
        try:
            return self._shown.index(place)
        except ValueError:
            return None


# --- one partner -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    on: pendulum.Date
    kind: str
    changes: list[Change]
    reason: str
    note: str


@dataclass(frozen=True)
class TrainingEntry:
    on: pendulum.Date
    title: str
    kind: str
    status: str


@dataclass(frozen=True)
class PartnerDetail:
    id: str
    name: str
    phone: str
    role: str
    rank: str
    status: str
    team: str
    recruited_on: pendulum.Date | None
    hired_on: pendulum.Date | None
    resigned_on: pendulum.Date | None
    resign_reason: str
    notes: str
    history: list[HistoryEntry]
    trainings: list[TrainingEntry]
    weeks: list[tuple[pendulum.Date, int, int]]  # (Monday, sales count, won), oldest first
    team_size: int  # for a sales manager: members not resigned


def partner_detail(partner_id: str, today: pendulum.Date) -> PartnerDetail | None:
    partner = Partner.get_or_none(Partner.id == partner_id)
    if partner is None:
        return None
    events = list(PartnerEvent.select().where(PartnerEvent.partner == partner_id)
                  .order_by(PartnerEvent.occurred_on, PartnerEvent.created_at))
    manager_ids: set[str] = set()
    parsed = []
    for event in events:
        before, after = json.loads(event.before or "{}"), json.loads(event.after or "{}")
        for values in (before, after):
            if values.get("manager"):
                manager_ids.add(str(values["manager"]))
        parsed.append((event, before, after))
    names = dict(Partner.select(Partner.id, Partner.name).where(Partner.id.in_(manager_ids))
                 .tuples()) if manager_ids else {}
    history = [
        HistoryEntry(event.occurred_on, event.kind,
                     [Change(key, describe(key, before.get(key), names),
                             describe(key, after.get(key), names))
                      for key in sorted(after, key=_field_order)
                      if event.kind == "recruit" or before.get(key) != after.get(key)],
                     event.reason, event.note)
        for event, before, after in parsed]
    trainings = [
        TrainingEntry(training.date, training.title, training.kind, status)
        for training, status in (
            (row.training, row.status) for row in
            Attendance.select(Attendance, Training).join(Training)
            .where(Attendance.partner == partner_id)
            .order_by(Training.date.desc()))]
    monday = today.start_of("week")
    first = monday.subtract(weeks=TREND_WEEKS - 1)
    weeks = {first.add(weeks=i): [0, 0] for i in range(TREND_WEEKS)}
    for day, count, won in (DailyResult.select(DailyResult.date.cast("TEXT"),
                                               DailyResult.sales_count, DailyResult.sales_won)
                            .where((DailyResult.partner == partner_id)
                                   & (DailyResult.date >= first) & (DailyResult.date <= today))
                            .tuples()):
        week = _date(day)
        assert week is not None
        bucket = weeks[week.start_of("week")]
        bucket[0] += count
        bucket[1] += won
    team_id = partner.id if partner.role == "sales_manager" else partner.manager_id
    team = ""
    team_size = 0
    if team_id:
        team_row = Partner.get_or_none(Partner.id == team_id)
        team = team_row.name if team_row else ""
    if partner.role == "sales_manager":
        team_size = (Partner.select().where((Partner.manager == partner.id)
                                            & (Partner.status != "resigned")).count())
    return PartnerDetail(
        partner.id, partner.name, partner.phone, partner.role, partner.rank, partner.status,
        team, partner.recruited_on, partner.hired_on, partner.resigned_on,
        partner.resign_reason, partner.notes, history, trainings,
        [(week, count, won) for week, (count, won) in weeks.items()], team_size)


_FIELD_ORDER = ("status", "role", "rank", "manager", "name", "phone", "recruited_on",
                "hired_on", "resigned_on", "resign_reason", "notes")


def _field_order(key: str) -> int:
    return _FIELD_ORDER.index(key) if key in _FIELD_ORDER else len(_FIELD_ORDER)


def describe(key: str, value: object, names: dict[str, str] | None = None) -> str:
    """A stored value of a history entry as the user reads it."""
    if value is None or value == "":
        return "—"
    text = str(value)
    if key == "status" and text in PARTNER_STATUSES:
        return t(f"partners.status.{text}")
    if key == "role" and text in PARTNER_ROLES:
        return t(f"partners.role.{text}")
    if key == "rank":
        return rank_label(text)
    if key == "manager":
        return (names or {}).get(text, "?")
    if key == "resign_reason":
        return t(f"partners.reason.{text}")
    if key.endswith("_on"):
        day = _date(text)
        return format_date(day) if day else text
    return text


def teams_for_choice(branch_id: str, excluding: str | None = None) -> list[tuple[str, str]]:
    """(id, name) of the sales managers a partner may join: not resigned, by name."""
    query = (Partner.select(Partner.id, Partner.name)
             .where((Partner.branch == branch_id) & (Partner.role == "sales_manager")
                    & (Partner.status != "resigned")))
    if excluding:
        query = query.where(Partner.id != excluding)
    return sorted(query.tuples(), key=lambda row: row[1])


def team_member_counts(branch_id: str) -> dict[str, int]:
    """Members (not resigned) per sales manager id."""
    manager = Partner.alias()
    return dict(
        Partner.select(Partner.manager, fn.COUNT(Partner.id))
        .join(manager, JOIN.INNER, on=(Partner.manager == manager.id))
        .where((Partner.branch == branch_id) & (Partner.status != "resigned"))
        .group_by(Partner.manager).tuples())
