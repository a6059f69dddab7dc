"""Ages and dates as offices write them (pure Python)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

AGE_BANDS = (("5-11", 5, 11), ("12-14", 12, 14), ("15-17", 15, 17))
_DMY = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[./\-](\d{1,2})[./\-](\d{1,2})$")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")  # spreadsheet exports add a time
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
# ddmmyyyy or ddmmyy with no separator: what a phone's number pad lets a worker type.
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4}|\d{2})$")
# Excel's 1900 date system counts 1900-02-29, which never existed: serials from 61 on are one day late.
_EXCEL_EPOCH = date(1899, 12, 30)
# Dates anyone types: the oldest family members' births to plans and deadlines a few years ahead.
# A year outside would only be a typing slip, and would overflow the periods computed from it.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def age_on(birth_date: date, on_date: date) -> int:
    """Completed years on `on_date`; a 29 February birthday counts from 1 March in common years."""
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def age_band(age: int) -> str | None:
    """'5-11', '12-14' or '15-17' (the SDG 8.7.1 groups); None outside 5-17."""
    return next((name for name, low, high in AGE_BANDS if low <= age <= high), None)


def _make(year: int, month: int, day: int) -> date:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError("date_out_of_range")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError("date_impossible") from None


def parse_date(text: str | int | float | date, today: date, *, excel_serials: bool = False) -> date:
    """A date written dd.mm.yyyy, d.m.yy, dd/mm/yyyy, yyyy-mm-dd, or ddmmyyyy / ddmmyy (a phone's
    number pad); with `excel_serials` (an imported spreadsheet's cells) also an Excel serial number.
    A number typed in a form is never read as a serial: 43000 is refused, not taken for 23.09.2017.

    Two-digit years are placed in the century that keeps them from being in the future (relative to
    `today`, the office's): children's birth years are never ahead of today. Raises
    ValueError('date_format'), ValueError('date_impossible') or, for a year outside
    EARLIEST_YEAR..LATEST_YEAR, ValueError('date_out_of_range').
    """
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if isinstance(text, (int, float)):
        if not excel_serials:
            raise ValueError("date_format")
        return _from_serial(float(text))
    value = _TIME_PART.sub("", str(text).strip())
    if excel_serials and _SERIAL.match(value):
        return _from_serial(float(value))
    match = _DMY.match(value) or _COMPACT.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year = 2000 + year if 2000 + year <= today.year else 1900 + year
        return _make(year, month, day)
    match = _YMD.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day)
    raise ValueError("date_format")


def _from_serial(serial: float) -> date:
    if not 1 <= serial <= 2958465:
        raise ValueError("date_format")
    days = int(serial)
    if days < 61:  # before the phantom 29 February 1900
        days += 1
    found = _EXCEL_EPOCH + timedelta(days=days)
    return _make(found.year, found.month, found.day)
