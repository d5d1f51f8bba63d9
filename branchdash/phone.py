"""Korean phone numbers: one written form, and a masked form for tables.

People type numbers in every shape ("01012345678", "010.1234.5678",
"+82 10-1234-5678"), and Excel drops the leading zero of a number it takes for
an integer ("1012345678"). All of them are stored as 010-1234-5678.
"""

from __future__ import annotations

import re
import unicodedata

from branchdash.i18n import t


class PhoneError(ValueError):
    """Not a Korean phone number; the message says what was expected."""


_SEPARATORS = re.compile(r"[\s\-.()/]")
_MOBILE = ("010", "011", "016", "017", "018", "019")
# Area codes of landlines (and 070 internet phones, 050x personal numbers).
_AREA_3 = {"031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054",
           "055", "061", "062", "063", "064", "070"}


def normalise(text: str) -> str:
    """The number as 010-1234-5678 / 02-123-4567 / 031-123-4567 / 1588-1234;
    "" for an empty cell. Raises `PhoneError` when it is not a Korean number."""
    raw = text.strip()
    if not raw:
        return ""
    # Full-width digits and dashes (a Korean IME's full-width mode) count as typed.
    raw = unicodedata.normalize("NFKC", raw).strip()
    if not raw:
        return ""
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+82"):
        digits = "0" + digits[3:].removeprefix("0")
    elif digits.startswith("82") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        raise PhoneError(t("partners.phone.not_digits", phone=raw))
    if len(digits) == 10 and digits.startswith("10"):  # Excel ate the leading zero
        digits = "0" + digits
    if digits[:3] in _MOBILE:
        if digits.startswith("010") and len(digits) == 11:
            return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
        if not digits.startswith("010") and len(digits) in (10, 11):
            return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    elif digits.startswith("02") and len(digits) in (9, 10):
        return f"02-{digits[2:-4]}-{digits[-4:]}"
    elif digits[:3] in _AREA_3 and len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    elif len(digits) == 8 and digits[:2] in ("15", "16", "18"):
        return f"{digits[:4]}-{digits[4:]}"
    raise PhoneError(t("partners.phone.invalid", phone=raw))


def mask(phone: str) -> str:
    """010-****-5678: the middle group hidden (the part that identifies a person)."""
    parts = phone.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    if len(phone) > 4:
        return "*" * (len(phone) - 4) + phone[-4:]
    return phone


def digits_of(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())
