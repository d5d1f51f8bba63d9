"""The roster's search, filters and sort as plain rules tested row by row: what
RosterView (branchdash/partners.py) does on its compact columns is held to these."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from branchdash.hangul import compile_query
from branchdash.partners import ALL, CURRENT, SORT_KEYS, Filters, RosterRow, phone_digits


def matcher(query: str) -> Callable[[RosterRow], bool] | None:
    """A test for rows matching a typed query: the name (with 초성) or the phone's digits."""
    pattern = compile_query(query)
    if pattern is None:
        return None
    digits = phone_digits(query)
    search = pattern.search
    if digits:
        return lambda row: digits in row.digits or search(row.search_key) is not None
    return lambda row: search(row.search_key) is not None


def apply_filters(rows: Iterable[RosterRow], filters: Filters) -> list[RosterRow]:
    """The rows through the filters, in their order."""
    keep = list(rows)
    test = matcher(filters.query)
    if test is not None:
        keep = [row for row in keep if test(row)]
    if filters.status == CURRENT:
        keep = [row for row in keep if row.status != "resigned"]
    elif filters.status != ALL:
        keep = [row for row in keep if row.status == filters.status]
    if filters.team != ALL:
        keep = [row for row in keep if row.team_id == filters.team]
    if filters.role != ALL:
        keep = [row for row in keep if row.role == filters.role]
    return keep


def sort_rows(rows: Iterable[RosterRow], column: str, descending: bool = False
              ) -> list[RosterRow]:
    """Sorted by `column`; rows that tie keep their order (stable, also descending)."""
    return sorted(rows, key=SORT_KEYS[column], reverse=descending)
