"""Registry fixtures: criteria seeded, and a helper that posts the family registration form."""

from __future__ import annotations

import pytest

from monitor.extensions import db
from tests.conftest import csrf_token

CHILD_DEFAULTS = {
    "sex": "F",
    "living_arrangement": "both_parents",
    "consent": "yes",
    "consent_by": "Мать",
    "consent_date": "01.09.2026",
    "birth_certificate": "y",
    "school_enrolled": "y",
    "attendance": "regular",
    "school_name": "№ 5",
}


@pytest.fixture
def criteria(app, places):
    from sqlalchemy import select

    from monitor.registry.models import Criterion
    from monitor.registry.seed import seed_criteria

    with app.app_context():
        seed_criteria()
        db.session.commit()
        return {c.code: c.id for c in db.session.scalars(select(Criterion))}


def family_form(area_id: int, children: list[dict], members: list[dict] | None = None, **family) -> dict:
    """The POST data of the registration form for a household."""
    data = {"area_id": str(area_id), "street": "Ленина", "house": "12", "phone": "0555 123 456", **family}
    members = (
        members
        if members is not None
        else [
            {
                "surname": "Маматов",
                "given_name": "Бакыт",
                "relation": "father",
                "is_head": "y",
                "employment": "informal",
            }
        ]
    )
    for index, member in enumerate(members):
        for key, value in {"relation": "mother", "employment": "unknown", **member}.items():
            data[f"members-{index}-{key}"] = value
    for index, child in enumerate(children):
        for key, value in {**CHILD_DEFAULTS, **child}.items():
            if isinstance(value, list):
                data[f"children-{index}-{key}"] = [str(v) for v in value]
            else:
                data[f"children-{index}-{key}"] = value
    return data


@pytest.fixture
def register(criteria):
    """Post the registration form as the signed-in client; returns the response."""

    def post(client, data: dict, follow: bool = False):
        token = csrf_token(client.get("/families/new").get_data(as_text=True))
        return client.post("/families/new", data={**data, "csrf_token": token}, follow_redirects=follow)

    return post
