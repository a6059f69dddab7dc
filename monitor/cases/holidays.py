"""Working days in Kyrgyzstan (pure Python): weekends and public holidays.

Deadlines counted in working days (DOMAIN.md section 2) skip Saturdays, Sundays and public
holidays. The holidays are those of the Labour Code of the Kyrgyz Republic (23.01.2025: New Year
holidays 1-6 January, Christmas, 8 March, Nooruz, the May holidays 1-9 May, Independence Day, and
the two movable feasts, Orozo Ait and Kurman Ait; no day off in place of a holiday on a weekend), as
kept by the `holidays` package, which also estimates the feasts from the lunar calendar up to 2100.
The configuration can replace the fixed days, and the feasts of any year with the announced dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

FEASTS = ("Eid al-Fitr", "Eid al-Adha")  # Orozo Ait and Kurman Ait, as the package names them in English


def parse_day_month(text: str) -> tuple[int, int]:
    day, month = (int(part) for part in text.strip().split("."))
    date(2000, month, day)  # 2000 is a leap year: 29.02 is allowed, 31.04 is not
    return day, month


def parse_date(text: str) -> date:
    day, month, year = (int(part) for part in text.strip().split("."))
    return date(year, month, day)


class WorkingCalendar:
    """Which days are working days: the Labour Code's holidays, or the fixed (day, month) holidays
    given instead, and each year's feasts, estimated or, for a year that has any, the given dates."""

    def __init__(self, fixed: Iterable[tuple[int, int]] | None = None, dates: Iterable[date] = ()) -> None:
        self.fixed = None if fixed is None else frozenset(fixed)
        self.dates = frozenset(dates)

    def __eq__(self, other: object) -> bool:
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
def _days_off(fixed: frozenset[tuple[int, int]] | None, dates: frozenset[date], year: int) -> frozenset[date]:
    labour_code, feasts = _kyrgyz_holidays(year)
    if fixed is not None:
        labour_code = frozenset(
            date(year, month, day) for day, month in fixed if (month, day) != (2, 29) or calendar.isleap(year)
        )
    return frozenset(labour_code | ({day for day in dates if day.year == year} or feasts))


@lru_cache(maxsize=64)
def _kyrgyz_holidays(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(the fixed-date holidays, the feasts) of a year in the package's Kyrgyz calendar."""
    days = holidays.country_holidays("KG", years=year, language="en_US", islamic_show_estimated=False)
    feasts = {day for day in days if any(name.startswith(FEASTS) for name in days.get_list(day))}
    fixed = {day for day in days if not all(name.startswith(FEASTS) for name in days.get_list(day))}
    return frozenset(fixed), frozenset(feasts)
