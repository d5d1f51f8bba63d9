"""Bad input as people (and their keyboards, and Excel) really type it, for the property
tests of every form and importer; and the checks every refusal must pass.

`typed()` mixes the plausible (a number, a date, a name) with the nasty: control
characters and NUL, full-width digits, half-width katakana 'ｶ', compatibility jamo
'ㄱ', conjoining jamo, superscript digits that `str.isdigit` accepts and `int` refuses,
huge numbers, very long strings, empty fields and bare whitespace. `form()` draws a
form's fields so that a third of the examples are wholly plausible (their saved values
get checked). PROPERTY_DEBUG=1 prints each refusal (with `pytest -s`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from hypothesis import strategies as st

from branchdash import i18n
from branchdash.data.models import ALL_MODELS, database

T = TypeVar("T")

# Characters that break naive parsing: each was a real trap somewhere.
NASTY_CHARS = [
    "\x00", "\x07", "\x1b", "\x7f", "\t", "\n", "\r", "\x0b", "\x1c", "\u200b", "\ufeff",
    "\u00a0", "\u3000", "ｶ", "ㄱ", "ㅏ", "\u1100", "\u1161", "\u11a8", "가", "각", "힣",
    "１", "２", "０", "９", "²", "³", "¹", "½", "٣", "๓", "Ⅻ", "①", "㈠", "-", "−", "+",
    ",", ".", "/", ":", ";", "'", '"', "=", "@", "~", "₩", "원", "만", "억", "천", "일",
    "월", "년", "시", "분", "{", "}", "%", "\\", "e", "E", "x", "_", " ",
]
HUGE = ["9" * 30, str(10**30), "9" * 19, str(2**63), str(2**63 - 1), str(2**64), "1" + "0" * 25,
        "9" * 5000, "-" + "9" * 30, "1e30", "inf", "nan", "0" * 40]
ODD_STRINGS = ["", " ", "   ", "\t", "\n", "\r\n", "\x00", "　", "ｶﾅ", "ㄱㄴㄷ", "각", "각",
               "한글", "김민수", "１２３", "²", "٣٤", "-1", "0", "00", "2026-11-30", "11/30",
               "9:30", "25:61", "2026-02-30", "0000-01-01", "9999-12-31", "2026-13-01",
               "+3", "-999", "+999", "today", "오늘", "~nobody/x", "~", "=1+1", "'=cmd",
               "@SUM(A1)", "None", "null", "{name}", "%s", "\\x00", "x" * 300]


def _digits() -> st.SearchStrategy[str]:
    return st.integers(min_value=-10**30, max_value=10**30).map(str)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def typed(*plausible: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """What someone may type in a field: something plausible, often; anything, too."""
    pieces = st.one_of(st.sampled_from(NASTY_CHARS), st.sampled_from(HUGE[:8]), _digits(),
                       st.text(max_size=4), *plausible)
    return st.one_of(
        *plausible,
        *(p.map(_fullwidth) for p in plausible),
        st.sampled_from(ODD_STRINGS),
        st.sampled_from(HUGE),
        _digits(),
        st.lists(pieces, max_size=6).map("".join),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=300,
                max_size=1200),
    )


# --- plausible input, per kind of field ------------------------------------------------------

NEAR = dt.date(2026, 11, 30)  # the fake clock's day (tests/conftest.py)


def _near(days: int) -> dt.date:
    return NEAR + dt.timedelta(days=days)


def plausible_dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-400, 10).map(lambda n: _near(n).isoformat()),
        st.integers(-400, 10).map(lambda n: f"{_near(n):%Y.%m.%d}"),
        st.integers(-60, 5).map(lambda n: f"{_near(n).month}/{_near(n).day}"),
    )


def near_miss_dates() -> st.SearchStrategy[str]:
    """Dates as typed that some forms read and others refuse, or no form reads."""
    return st.one_of(
        st.dates().map(lambda d: d.isoformat()),
        st.builds(lambda y, m, d, sep: f"{y}{sep}{m}{sep}{d}", st.integers(1990, 2035),
                  st.integers(0, 13), st.integers(0, 32), st.sampled_from(["-", ".", "/"])),
        st.builds(lambda m, d: f"{m}월 {d}일", st.integers(1, 12), st.integers(1, 31)),
        st.builds(lambda d: f"{d}일", st.integers(0, 32)),
        st.integers(-400, 400).map(lambda n: f"{n:+d}"),
    )


def plausible_times() -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 25), st.integers(0, 61)),
        st.builds(lambda h, m: f"{h}{m:02d}", st.integers(0, 24), st.integers(0, 60)),
        st.builds(lambda h, m: f"{h}시 {m}분", st.integers(0, 24), st.integers(0, 60)),
        st.integers(0, 30).map(str),
    )


def plausible_amounts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(1, 10**9).map(lambda n: f"{n:,}"),
        st.integers(1, 10**9).map(str),
        st.integers(1, 10**8).map(lambda n: f"₩{n:,}"),
        st.integers(1, 10**4).map(lambda n: f"{n}만원"),
        st.integers(1, 99).map(lambda n: f"{n}억 {n}천만"),
    )


def plausible_names() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet="김이박최정민수영지현우서준ㄱㅏ ", min_size=1, max_size=6),
        st.text(alphabet="abcdefgh XYZ", min_size=1, max_size=12),
    )


def plausible_phones() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 10**8 - 1).map(lambda n: f"010-{n // 10**4:04d}-{n % 10**4:04d}"),
        st.integers(0, 10**8 - 1).map(lambda n: f"010{n:08d}"),
        st.integers(0, 10**8 - 1).map(lambda n: f"+82 10 {n:08d}"),
        st.integers(0, 10**8 - 1).map(lambda n: f"10{n:08d}"),
    )


def plausible_counts() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(0, 50).map(str), st.integers(0, 10**6).map(lambda n: f"{n:,}"))


def plausible_text() -> st.SearchStrategy[str]:
    return st.text(alphabet="가나다라마바사 교육 판촉abc XYZ123.,-", max_size=30)


# --- a form's fields: all plausible, one of them bad, or anything ---------------------------

@dataclass(frozen=True)
class Field:
    plausible: st.SearchStrategy[str]
    near_miss: st.SearchStrategy[str] | None = None

    @property
    def anything(self) -> st.SearchStrategy[str]:
        extra = (self.near_miss,) if self.near_miss is not None else ()
        return typed(self.plausible, *extra)


def form(**fields: Field) -> st.SearchStrategy[dict[str, str]]:
    """The typed fields of a form, as a dict. A third of the time everything is plausible
    (so the saved values get checked), a third one field is bad, a third anything goes."""
    names = sorted(fields)
    clean = st.fixed_dictionaries({n: fields[n].plausible for n in names})
    messy = st.fixed_dictionaries({n: fields[n].anything for n in names})
    one_bad = st.sampled_from(names).flatmap(lambda bad: st.fixed_dictionaries(
        {n: fields[n].anything if n == bad else fields[n].plausible for n in names}))
    return st.one_of(clean, one_bad, messy)


NAME = Field(plausible_names())
DATE = Field(plausible_dates(), near_miss_dates())
TIME = Field(plausible_times())
AMOUNT = Field(plausible_amounts())
COUNT = Field(plausible_counts())
PHONE = Field(plausible_phones())
TEXT = Field(plausible_text())


# --- checking a refusal ----------------------------------------------------------------------

# What a message must never carry: Python's own error text, reprs, unfilled fields.
JUNK = re.compile(r"Traceback|invalid literal|Exceeds the limit|too large to convert|"
                  r"object at 0x|NoneType|codec can't|not supported between|"
                  r"Could not determine|signed integer|C long|\w+Error\(|"
                  r"\{(?:[a-z_]+)\}")
CATALOG_KEY = re.compile(r"[a-z_]+(?:\.[a-z_0-9]+)+")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def check_message(message: str, typed_values: Iterable[str] = ()) -> None:
    """A refusal the user can read: not empty, not a catalog key, no Python junk (once the
    text the user typed is taken out of it), and in Korean when the UI is in Korean."""
    assert message.strip(), "an empty message"
    assert not CATALOG_KEY.fullmatch(message.strip()), f"a bare catalog key: {message!r}"
    rest = message
    for value in sorted(typed_values, key=len, reverse=True):
        for form in {value, value.strip(), " ".join(value.split())}:
            if form:  # whole, or cut as a message repeats it
                rest = rest.replace(form, "").replace(str(i18n.shown_value(form)), "")
    assert not JUNK.search(rest), f"Python junk in the message: {message!r}"
    if i18n.language() == "ko":
        assert HANGUL.search(rest) or HANGUL.search(message), f"not in Korean: {message!r}"


# --- the store did not change ----------------------------------------------------------------

def snapshot() -> dict[str, int]:
    """Each table's row count and a hash of its rows: any write shows."""
    state: dict[str, int] = {}
    for model in ALL_MODELS:
        table = model._meta.table_name
        rows = database.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        state[table] = hash((len(rows), tuple(sorted(map(repr, rows)))))
    return state


def counts() -> dict[str, int]:
    return {model._meta.table_name: model.select().count() for model in ALL_MODELS}


# --- figures ---------------------------------------------------------------------------------

@dataclass
class Tally:
    """How many examples a property tried, and how many were accepted or refused."""

    name: str
    accepted: int = 0
    refused: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def accept(self) -> None:
        self.accepted += 1

    def refuse(self, reason: str = "") -> None:
        self.refused += 1
        if reason:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1

    def report(self) -> str:
        line = (f"[property] {self.name}: {self.accepted + self.refused} examples, "
                f"{self.accepted} accepted, {self.refused} refused")
        print(line)
        return line


def attempt(tally: Tally, call: Callable[[], T], refusals: tuple[type[BaseException], ...],
            typed_values: Iterable[str] = (), message: Callable[[BaseException], str] = str,
            ) -> T | None:
    """Run `call`: it returns a value (accepted) or raises one of `refusals` with a
    readable message and leaves the store exactly as it was (refused). Anything else
    propagates, and the property fails with it."""
    before = snapshot()
    try:
        value = call()
    except refusals as error:
        check_message(message(error), typed_values)
        if os.environ.get("PROPERTY_DEBUG"):
            print("   refused:", message(error)[:100])
        assert snapshot() == before, "a refused change wrote to the store"
        tally.refuse(type(error).__name__)
        return None
    tally.accept()
    return value
