"""The office's day in pure code: instants in UTC, days in Bishkek, one setting for the zone, and no
call left in monitor/ that reads the server's own local date or time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from config import ConfigError, load_config
from monitor import PROJECT_ROOT
from monitor.core.clock import day_of, day_starts_at, now_in, today_in
from monitor.reports.figures import Period

BISHKEK = ZoneInfo("Asia/Bishkek")
EVENING_UTC = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 02.12.2026 02:30 in Bishkek
HALF_YEAR_UTC = datetime(2026, 6, 30, 19, 0, tzinfo=UTC)  # 01.07.2026 01:00 in Bishkek
FIRST_HALF = Period(date(2026, 1, 1), date(2026, 6, 30), BISHKEK)
SECOND_HALF = Period(date(2026, 7, 1), date(2026, 12, 31), BISHKEK)


def test_the_office_day_is_bishkek_s_whatever_the_instant_s_zone():
    assert today_in(BISHKEK, EVENING_UTC) == date(2026, 12, 2)
    assert today_in(BISHKEK, EVENING_UTC.astimezone(ZoneInfo("America/New_York"))) == date(2026, 12, 2)
    assert now_in(BISHKEK, EVENING_UTC).strftime("%d.%m.%Y %H:%M") == "02.12.2026 02:30"
    assert day_of(EVENING_UTC - timedelta(hours=3), BISHKEK) == date(2026, 12, 1)  # 23:30 in Bishkek


def test_a_naive_datetime_has_no_office_day():
    with pytest.raises(ValueError, match="naive datetime"):
        day_of(datetime(2026, 12, 1, 20, 30), BISHKEK)


def test_an_office_day_begins_at_bishkek_midnight():
    assert day_starts_at(date(2026, 7, 1), BISHKEK) == datetime(2026, 6, 30, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "instant, period, other",
    [
        (HALF_YEAR_UTC, SECOND_HALF, FIRST_HALF),
        (HALF_YEAR_UTC - timedelta(hours=1, seconds=1), FIRST_HALF, SECOND_HALF),  # 30.06.2026 23:59:59 in Bishkek
        (
            EVENING_UTC,
            Period(date(2026, 12, 2), date(2026, 12, 2), BISHKEK),
            Period(date(2026, 12, 1), date(2026, 12, 1), BISHKEK),
        ),
    ],
)
def test_a_period_s_instants_are_its_office_days(instant, period, other):
    assert period.starts_at <= instant < period.ends_before
    assert period.day_of(instant) in period
    assert not other.starts_at <= instant < other.ends_before
    assert period.day_of(instant) not in other


def test_one_setting_names_the_office_zone_for_days_and_for_display(tmp_path):
    assert load_config("development", str(tmp_path), environ={})["BABEL_DEFAULT_TIMEZONE"] == "Asia/Bishkek"
    settings = load_config("development", str(tmp_path), environ={"OFFICE_TIMEZONE": "Asia/Almaty"})
    assert settings["OFFICE_TIMEZONE"] == settings["BABEL_DEFAULT_TIMEZONE"] == "Asia/Almaty"
    with pytest.raises(ConfigError):
        load_config("development", str(tmp_path), environ={"OFFICE_TIMEZONE": "Bishkek/Centre"})


# The server's own local date and time, or a naive "now": the office's are in monitor/core/office.py.
LOCAL_CLOCK = re.compile(
    r"\bdate\.today\b|\bdatetime\.(?:today|utcnow)\b|\bdatetime\.now\(\s*\)"
    r"|\btime\.(?:localtime|mktime)\("
)


def test_no_code_reads_the_server_s_local_date_or_a_naive_now():
    files = [*(PROJECT_ROOT / "monitor").rglob("*.py"), *(PROJECT_ROOT / "templates").rglob("*.html")]
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCAL_CLOCK.search(line)
    ]
    assert found == []
