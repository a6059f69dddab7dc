"""The office's day for code running in the app: the zone is the app's OFFICE_TIMEZONE setting.

Routes, services and commands call `office_today()` here, never the server's own local date (a day
behind Bishkek's for six hours every night on a server running in UTC); pure rule modules are given
`today` or the zone as an argument instead.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from monitor.core import clock


def office_zone() -> ZoneInfo:
    return clock.zone_named(current_app.config["OFFICE_TIMEZONE"])


def office_now() -> datetime:
    """The office's wall-clock time now (aware, in the office's zone)."""
    return clock.now_in(office_zone())


def office_today() -> date:
    """The office's date now."""
    return clock.today_in(office_zone())


def office_day(instant: datetime) -> date:
    """The office's date at an (aware) instant."""
    return clock.day_of(instant, office_zone())
