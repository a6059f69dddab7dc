"""Working days in Kyrgyzstan (pure Python): weekends, public holidays and their transfers.

Deadlines counted in working days (DOMAIN.md section 2) skip Saturdays, Sundays and public
holidays. The fixed-date holidays are those of the Labour Code of the Kyrgyz Republic; the two
movable feasts (Orozo Ait and Kurman Ait) and any day the government moves by decree are set
year by year as explicit dates in the configuration. A fixed holiday that falls on a weekend gives
the next working day off.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

# (day, month) of the fixed-date public holidays.
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1),    # New Year
    (7, 1),    # Orthodox Christmas
    (23, 2),   # Defender of the Fatherland Day
    (8, 3),    # International Women's Day
    (21, 3),   # Nooruz
    (7, 4),    # Day of the People's April Revolution
    (1, 5),    # Labour Day
    (5, 5),    # Constitution Day
    (9, 5),    # Victory Day
    (31, 8),   # Independence Day
    (7, 11),   # Days of History and Commemoration of Ancestors
    (8, 11),
)

# Movable feasts as announced (Orozo Ait, Kurman Ait); the office checks them every year.
MOVABLE_HOLIDAYS: tuple[str, ...] = (
    "20.03.2026", "27.05.2026",
    "10.03.2027", "17.05.2027",
)


def parse_day_month(text: str) -> tuple[int, int]:
    day, month = (int(part) for part in text.strip().split("."))
    date(2000, month, day)  # 2000 is a leap year: 29.02 is allowed, 31.04 is not
    return day, month


def parse_date(text: str) -> date:
    day, month, year = (int(part) for part in text.strip().split("."))
    return date(year, month, day)


class WorkingCalendar:
    """Which days are working days, given fixed (day, month) holidays and explicit dates."""

    def __init__(self, fixed=FIXED_HOLIDAYS, dates=()):
        self.fixed = frozenset(fixed)
        self.dates = frozenset(dates)

    def __eq__(self, other) -> bool:
        return isinstance(other, WorkingCalendar) and (self.fixed, self.dates) == (other.fixed, other.dates)

    def __hash__(self) -> int:
        return hash((self.fixed, self.dates))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _days_off(self.fixed, self.dates, day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start`."""
        current = start
        while days > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                days -= 1
        return current


@lru_cache(maxsize=64)
def _days_off(fixed: frozenset, dates: frozenset, year: int) -> frozenset[date]:
    """The holidays of a year, with a weekday off in place of each fixed holiday on a weekend."""
    holidays = {date(year, month, day) for day, month in fixed if (month, day) != (2, 29) or calendar.isleap(year)}
    holidays |= {day for day in dates if day.year == year}
    off = set(holidays)
    for holiday in sorted(day for day in holidays if day.weekday() >= 5 and (day.day, day.month) in fixed):
        substitute = holiday + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in off:
            substitute += timedelta(days=1)
        off.add(substitute)
    return frozenset(off)
