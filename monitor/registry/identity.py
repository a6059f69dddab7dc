"""Kyrgyz identifiers: the personal identification number and phone numbers (pure Python)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


class InvalidIdentifier(ValueError):
    """`code` says which rule the value breaks."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class PinInfo:
    pin: str
    sex: str  # 'F' or 'M'
    birth_date: date


def parse_pin(text: str) -> PinInfo:
    """A personal number: 14 digits; the first is 1 (female) or 2 (male); digits 2-9 are the date
    of birth as ddmmyyyy; the rest a serial. Spaces typed inside are ignored."""
    value = re.sub(r"[\s\-]", "", text or "")
    if not (value.isascii() and value.isdigit()):  # '²' or '٢' would make the same number another
        raise InvalidIdentifier("pin_digits")
    if len(value) != 14:
        raise InvalidIdentifier("pin_length")
    if value[0] not in "12":
        raise InvalidIdentifier("pin_sex_digit")
    try:
        born = date(int(value[5:9]), int(value[3:5]), int(value[1:3]))
    except ValueError:
        raise InvalidIdentifier("pin_birth_date") from None
    return PinInfo(value, "F" if value[0] == "1" else "M", born)


def pin_conflicts(info: PinInfo, sex: str | None, birth_date: date | None) -> list[str]:
    """Codes where a valid personal number disagrees with the record's sex or date of birth."""
    codes = []
    if sex and sex != info.sex:
        codes.append("pin_sex")
    if birth_date and birth_date != info.birth_date:
        codes.append("pin_birth_date_mismatch")
    return codes


# National significant numbers have 9 digits: mobile networks start with 2, 5, 7 or 9; landlines
# with 3 (Osh is 3222).
_NATIONAL_FIRST_DIGITS = "23579"


def normalize_phone(text: str) -> str:
    """A Kyrgyz number as people type it (+996 555 12 34 56, 0555123456, 555 123 456) in +996 form."""
    raw = (text or "").strip()
    if re.search(r"[^\d\s+\-()./]", raw):
        raise InvalidIdentifier("phone_format")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+") and not digits.startswith("996"):
        raise InvalidIdentifier("phone_format")
    if len(digits) == 12 and digits.startswith("996"):
        national = digits[3:]
    elif len(digits) == 10 and digits.startswith("0"):
        national = digits[1:]
    elif len(digits) == 9:
        national = digits
    else:
        raise InvalidIdentifier("phone_format")
    if national[0] not in _NATIONAL_FIRST_DIGITS:
        raise InvalidIdentifier("phone_format")
    return "+996" + national


def masked_pin(pin: str | None) -> str:
    """A personal number shown only by its last four digits (enough to tell two records apart)."""
    return "•" * 10 + pin[-4:] if pin else "—"
