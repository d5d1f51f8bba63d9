"""Korean phone numbers: normalised for storage, masked for tables."""

from __future__ import annotations

import pytest

from branchdash.phone import PhoneError, mask, normalise


@pytest.mark.parametrize(("typed", "stored"), [
    ("01012345678", "010-1234-5678"),
    ("010-1234-5678", "010-1234-5678"),
    ("010.1234.5678", "010-1234-5678"),
    (" 010 1234 5678 ", "010-1234-5678"),
    ("+82 10-1234-5678", "010-1234-5678"),
    ("+82-010-1234-5678", "010-1234-5678"),
    ("821012345678", "010-1234-5678"),
    ("1012345678", "010-1234-5678"),  # Excel dropped the leading zero
    ("0111234567", "011-123-4567"),
    ("021234567", "02-123-4567"),
    ("0212345678", "02-1234-5678"),
    ("(031) 123-4567", "031-123-4567"),
    ("03112345678", "031-1234-5678"),
    ("07012345678", "070-1234-5678"),
    ("15881234", "1588-1234"),
    ("", ""),
])
def test_normalise(typed: str, stored: str) -> None:
    assert normalise(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "010-123-456", "0101234567890", "phone",
                                   "099-123-4567"])
def test_refused(typed: str) -> None:
    with pytest.raises(PhoneError):
        normalise(typed)


def test_mask() -> None:
    assert mask("010-1234-5678") == "010-****-5678"
    assert mask("02-123-4567") == "02-***-4567"
    assert mask("1588-1234") == "*****1234"
    assert mask("") == ""
