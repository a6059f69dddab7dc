"""The office's day: "today", report periods and the audit log's dates follow Bishkek time, whatever
zone the server's clock runs in. Every test here runs twice, with the process's own time zone (TZ)
set to UTC and to Asia/Bishkek, at the same instant."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child
from tests.assessments.conftest import assess, reference  # noqa: F401  (shared fixtures)
from tests.conftest import csrf_token, login
from tests.referrals.test_referrals import _provider, _step
from tests.registry.conftest import criteria, family_form, register  # noqa: F401

EVENING_UTC = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 02.12.2026 02:30 in Bishkek
HALF_YEAR_UTC = datetime(2026, 6, 30, 19, 0, tzinfo=UTC)  # 01.07.2026 01:00 in Bishkek
CHILD = {
    "surname": "Асанова",
    "given_name": "Бермет",
    "birth_date": "05.03.2014",
    "sex": "F",
    "consent_date": "01.06.2026",
}


@pytest.fixture(params=["UTC", "Asia/Bishkek"])
def server_clock(request):
    """`with server_clock(instant):` runs the block with the process clock at `instant` (ticking on)
    and the process's local time zone set to the parameter's zone."""
    zone = ZoneInfo(request.param)

    @contextmanager
    def at(instant: datetime):
        with time_machine.travel(instant.astimezone(zone), tick=True):
            yield

    return at


def _worker_with_a_child(app, make_user, places, register) -> tuple:
    """A worker signed in now, with one registered child; returns (client, child id)."""
    make_user("worker", "social_worker", areas=["kara_suu"])
    client = app.test_client()
    assert login(client, "worker").status_code == 302
    assert register(client, family_form(places["kara_suu_town"], [CHILD])).status_code == 302
    with app.app_context():
        return client, db.session.scalar(select(Child.id))


def test_a_visit_dated_today_in_bishkek_is_accepted_when_the_server_clock_is_still_on_yesterday(
    app, database, make_user, places, register, reference, server_clock
):
    with server_clock(EVENING_UTC):
        client, child_id = _worker_with_a_child(app, make_user, places, register)
        form = client.get(f"/children/{child_id}/assess").get_data(as_text=True)
        assert re.search(r'name="visit_date"[^>]*value="02\.12\.2026"', form), "the form offers the office's today"
        response = assess(client, child_id, visit_date="02.12.2026")
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        assert "02.12.2026" in client.get(response.headers["Location"]).get_data(as_text=True)
        refused = assess(client, child_id, visit_date="03.12.2026")
        assert refused.status_code == 200 and "future" in refused.get_data(as_text=True)


def test_a_case_identified_today_in_bishkek_is_not_in_the_future(
    app, database, make_user, places, register, server_clock
):
    with server_clock(EVENING_UTC):
        client, child_id = _worker_with_a_child(app, make_user, places, register)
        page = client.get(f"/children/{child_id}/cases/new").get_data(as_text=True)
        assert re.search(r'name="identified_on"[^>]*value="02\.12\.2026"', page)
        me = re.search(r'<option selected value="(\d+)">', page) or re.search(r'<option value="(\d+)" selected>', page)
        response = client.post(
            f"/children/{child_id}/cases/new",
            data={
                "csrf_token": csrf_token(page),
                "source": "monitoring_group",
                "identified_on": "02.12.2026",
                "place": "Kara-Suu bazaar",
                "assigned_to": me.group(1),
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]


def test_a_referral_unanswered_for_ten_days_is_overdue_on_the_office_s_eleventh_day(
    app, database, make_user, places, register, server_clock
):
    with server_clock(EVENING_UTC):
        client, child_id = _worker_with_a_child(app, make_user, places, register)
        page = client.get(f"/children/{child_id}/cases/new").get_data(as_text=True)
        me = re.search(r'<option selected value="(\d+)">', page) or re.search(r'<option value="(\d+)" selected>', page)
        case_url = client.post(
            f"/children/{child_id}/cases/new",
            data={
                "csrf_token": csrf_token(page),
                "source": "monitoring_group",
                "identified_on": "20.11.2026",
                "assigned_to": me.group(1),
            },
        ).headers["Location"]
        client.post(
            f"{case_url}/referrals",
            data={
                "service_type": "remedial_class",
                "proposed_on": "20.11.2026",
                "provider": str(_provider(app, places)),
                "csrf_token": csrf_token(client.get(case_url).get_data(as_text=True)),
            },
        )
        with app.app_context():
            referral_id = db.session.scalar(select(Referral.id))
        assert _step(client, case_url, referral_id, "sent", on="21.11.2026").status_code == 302
        assert "No answer: overdue" in client.get(case_url).get_data(as_text=True)  # 02.12 > 21.11 + 10 days


def _row(html: str, key: str) -> str:
    return html.split(f'data-key="{key}"')[1].split("</tr>")[0]


@pytest.mark.parametrize(
    "instant, before, within",
    [
        (HALF_YEAR_UTC, ("01.01.2026", "30.06.2026"), ("01.07.2026", "31.12.2026")),
        (EVENING_UTC, ("01.12.2026", "01.12.2026"), ("02.12.2026", "02.12.2026")),
    ],
)
def test_a_child_registered_at_an_edge_counts_in_the_period_of_the_office_day(
    app, database, make_user, places, register, server_clock, instant, before, within
):
    with server_clock(instant):
        _worker_with_a_child(app, make_user, places, register)
        make_user("officer", "reporting_officer", areas=["osh_region"])
        officer = app.test_client()
        assert login(officer, "officer").status_code == 302
        earlier = officer.get("/reports", query_string={"start": before[0], "end": before[1]}).get_data(as_text=True)
        later = officer.get("/reports", query_string={"start": within[0], "end": within[1]}).get_data(as_text=True)
    assert ">1<" not in _row(earlier, "registered") and ">1<" not in _row(earlier, "registered_in_period")
    assert ">1<" in _row(later, "registered") and ">1<" in _row(later, "registered_in_period")


def test_the_audit_log_filters_and_shows_events_by_the_office_day(app, database, make_user, server_clock):
    with server_clock(EVENING_UTC):
        make_user("admin", "administrator")
        admin = app.test_client()
        assert login(admin, "admin").status_code == 302
        that_day = admin.get("/audit", query_string={"from": "02.12.2026", "to": "02.12.2026"}).get_data(as_text=True)
        day_before = admin.get("/audit", query_string={"from": "01.12.2026", "to": "01.12.2026"}).get_data(as_text=True)
        exported = admin.get("/audit/export.csv").get_data(as_text=True)
    assert "user_created</code>" in that_day and "02.12.2026 02:3" in that_day
    assert "user_created</code>" not in day_before
    assert ",02.12.2026 02:3" in exported
