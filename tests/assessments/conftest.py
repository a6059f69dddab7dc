from __future__ import annotations

import pytest
from sqlalchemy import select

from monitor.extensions import db
from tests.conftest import csrf_token, office_today
from tests.registry.conftest import criteria, family_form, register  # noqa: F401  (shared fixtures)

SIBLINGS = [
    {"surname": "Маматов", "given_name": "Жоомарт", "birth_date": "05.03.2013", "sex": "M"},
    {"surname": "Маматова", "given_name": "Нурзада", "birth_date": "12.03.2016", "sex": "F"},
]


@pytest.fixture
def reference(app, criteria):
    from monitor.assessments.models import Sector
    from monitor.assessments.seed import seed_reference

    with app.app_context():
        seed_reference()
        db.session.commit()
        return {s.code: s.id for s in db.session.scalars(select(Sector))}


@pytest.fixture
def family(app, login_as, places, register, reference):
    client = login_as("worker")
    assert register(client, family_form(places["kara_suu_town"], SIBLINGS)).status_code == 302
    from monitor.registry.models import Child

    with app.app_context():
        ids = {c.given_name: c.id for c in db.session.scalars(select(Child))}
    return client, ids


def assess(client, child_id: int, activity: dict | None = None, **fields):
    """Post the assessment form (one kind of work, or none)."""
    page = client.get(f"/children/{child_id}/assess").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "visit_date": office_today().strftime("%d.%m.%Y"),
        "location": "bazaar",
        "school_attendance": "regular",
        "school_year": "y",
        "parental_consent_written": "",
        "light_work": "",
        "contract": "",
        "medical_check": "",
        "activities-0-sector": "0",
        "activities-0-prohibited_work": "0",
        "activities-0-employer": "employer",
    }
    for key, value in (activity or {}).items():
        data[f"activities-0-{key}"] = value
    data.update(fields)
    return client.post(f"/children/{child_id}/assess", data=data)
