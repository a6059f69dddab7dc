"""Instants and the office's day (pure: the standard library only).

An instant is an aware datetime in UTC, as the database keeps it. A day is a day of the office's
time zone (OFFICE_TIMEZONE, Asia/Bishkek): "today", a date typed in a form and the days of a report
period are the office's, whatever zone the server's clock runs in. The functions here take the zone
(and, where it matters, the instant) as arguments; `monitor.core.office` reads the zone from the app.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Now, as an aware UTC datetime."""
    return datetime.now(UTC)


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name` (raises ZoneInfoNotFoundError for an unknown name)."""
    return ZoneInfo(name)


def day_of(instant: datetime, zone: tzinfo) -> date:
    """The office's date at `instant`; a naive datetime is refused (it names no instant)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("a naive datetime has no office day: give an aware one")
    return instant.astimezone(zone).date()


def now_in(zone: tzinfo, now: datetime | None = None) -> datetime:
    """The office's wall-clock time now (or at the instant `now`)."""
    instant = now or utcnow()
    day_of(instant, zone)  # refuses a naive instant
    return instant.astimezone(zone)


def today_in(zone: tzinfo, now: datetime | None = None) -> date:
    """The office's date now (or at the instant `now`)."""
    return now_in(zone, now).date()


def day_starts_at(day: date, zone: tzinfo) -> datetime:
    """The instant (UTC) the office's `day` begins: its midnight in the office's zone."""
    return datetime.combine(day, time(), zone).astimezone(UTC)
