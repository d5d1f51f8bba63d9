"""Amounts of money as people type them, to integer won.

Accepted: `120000`, `120,000`, `₩120,000`, `120000원`, `12만`, `12만원`, `1.5만`,
`12만 5천원`, `1억 2000만`, full-width digits. Refused, each with a message that
says what is wrong and how to type it: empty input, negatives, zero, decimals
of a won, commas in the wrong places, units out of order, a part after a unit
that is as big as the unit itself (`12만 15000`: 12만+15000 or a typo?), and
anything else.

Korean units: 천 = 1,000, 만 = 10,000, 억 = 100,000,000. Only the first (largest)
term may have a decimal point (`1.5만`), and only when it comes to whole won.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from branchdash.i18n import t

BIG_UNITS: dict[str, int] = {"억": 100_000_000, "만": 10_000}
SMALL_UNITS: dict[str, int] = {"천": 1_000, "백": 100, "십": 10}
UNITS = {**BIG_UNITS, **SMALL_UNITS}
BIG_UNITS_VALUES = {Decimal(v) for v in BIG_UNITS.values()}
# Nothing a branch spends or budgets comes near a trillion won; more is a typo.
MAX_WON = 1_000_000_000_000
MINUS_SIGNS = ("-", "\u2212", "\u2013", "\u2014")

# a number: plain digits or correctly grouped thousands, maybe with a decimal part
_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_TOKEN = re.compile(r"\s*(?:(?P<num>[\d,]+(?:\.\d+)?)|(?P<unit>[억만천백십]))\s*")


class AmountError(ValueError):
    """The typed amount is refused; `message` says why and how to fix it."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def _refuse(reason: str, text: str) -> AmountError:
    return AmountError(reason, t(f"money.error.{reason}", text=text))


def parse_amount(raw: str, *, allow_zero: bool = False) -> int:
    """The amount typed in `raw`, in won; raises AmountError with a message."""
    text = unicodedata.normalize("NFKC", raw).strip()  # full-width digits, ￦ -> ₩
    if not text:
        raise _refuse("empty", raw)
    body = text
    if body.startswith("₩"):
        body = body[1:].lstrip()
    if body.startswith(MINUS_SIGNS) or text.startswith(MINUS_SIGNS) or (
            body.startswith("(") and body.endswith(")")):
        raise _refuse("negative", text)
    if body.endswith("원"):
        body = body[:-1].rstrip()
    if not body:
        raise _refuse("unknown", text)
    if not any(unit in body for unit in UNITS):
        value = _plain(body, text)
    else:
        value = _korean(body, text)
    if value == 0 and not allow_zero:
        raise _refuse("zero", text)
    if value > MAX_WON:
        raise _refuse("too_large", text)
    return value


def _number(digits: str, text: str) -> tuple[int, str]:
    """Whole part and decimal digits of one number; commas must group thousands."""
    match = _NUMBER.fullmatch(digits)
    if match is None:
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", digits):
            raise _refuse("grouping", text)
        raise _refuse("unknown", text)
    whole = match.group(1).replace(",", "")
    if len(whole.lstrip("0")) > len(str(MAX_WON)):  # int() refuses 4,300 digits and more
        raise _refuse("too_large", text)
    return int(whole), match.group(2) or ""


def _plain(body: str, text: str) -> int:
    whole, decimals = _number(body, text)
    if decimals:
        raise _refuse("decimal", text)
    return whole


def _tokens(body: str, text: str) -> list[tuple[str, Decimal]]:
    """("num", value) and ("unit", multiplier) tokens; only the first number may
    have decimals, and only when a unit follows it."""
    tokens: list[tuple[str, Decimal]] = []
    position = 0
    while position < len(body):
        match = _TOKEN.match(body, position)
        if match is None or match.end() == position:
            raise _refuse("unknown", text)
        if match.group("unit"):
            tokens.append(("unit", Decimal(UNITS[match.group("unit")])))
        else:
            whole, decimals = _number(match.group("num"), text)
            if decimals and tokens:
                raise _refuse("decimal", text)
            if tokens and tokens[-1][0] == "num":
                raise _refuse("unknown", text)  # two numbers side by side: "12 000"
            tokens.append(("num", Decimal(f"{whole}.{decimals}" if decimals else whole)))
        position = match.end()
    if tokens[0][0] == "num" and tokens[0][1] != tokens[0][1].to_integral_value() and (
            len(tokens) == 1 or tokens[1][0] != "unit"):
        raise _refuse("decimal", text)
    return tokens


def _korean(body: str, text: str) -> int:
    """Big units (억, 만) scale the group of small units (천, 백, 십) before them:
    3천5백만 = (3,000 + 500) × 10,000. A unit with no number before it counts one
    (만원 = 10,000). Each part must be smaller than the unit before it."""
    tokens = _tokens(body, text)
    total = Decimal(0)
    index = 0
    previous_big: Decimal | None = None
    while index < len(tokens):
        group, index = _group(tokens, index, text)
        if index < len(tokens):  # _group stops only at a big unit or the end
            big = tokens[index][1]
            index += 1
            value = (group if group is not None else Decimal(1)) * big
            if previous_big is not None and big >= previous_big:
                raise _refuse("order", text)
        else:
            if group is None:
                raise _refuse("unknown", text)
            value, big = group, Decimal(1)
        if previous_big is not None and value >= previous_big:
            raise _refuse("ambiguous", text)
        total += value
        previous_big = big
    if total != total.to_integral_value():
        raise _refuse("fraction", text)
    return int(total)



def _group(tokens: list[tuple[str, Decimal]], index: int, text: str
           ) -> tuple[Decimal | None, int]:
    """A number under 10,000 written with 천/백/십 and digits, up to a big unit."""
    total: Decimal | None = None
    previous_small: Decimal | None = None
    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "unit" and value in BIG_UNITS_VALUES:
            break
        if kind == "num":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is not None and following[1] not in BIG_UNITS_VALUES:
                term, unit = value * following[1], following[1]
                index += 2
            else:
                term, unit = value, Decimal(1)
                index += 1
        else:  # a small unit with no number before it: one of it
            term, unit = value, value
            index += 1
        if previous_small is not None:
            if unit >= previous_small:
                raise _refuse("order", text)
            if term >= previous_small:
                raise _refuse("ambiguous", text)
        total = term if total is None else total + term
        previous_small = unit
    return total, index
