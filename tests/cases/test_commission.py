"""The Commission's sitting, a resolution on a case with measures, a measure turned into a referral."""

from sqlalchemy import select

from monitor.cases.commission_models import Measure, Sitting
from monitor.extensions import db
from monitor.referrals.models import Referral
from tests.cases.test_cases import _open
from tests.conftest import csrf_token, login


def test_resolution_measures_become_referrals_and_the_list_shows_what_became_of_them(app, family, places):
    client, ids = family
    case_url = _open(client, ids["Жоомарт"]).headers["Location"]
    case_ref = f"K-{int(case_url.rsplit('/', 1)[1]):06d}"
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get("/commission").get_data(as_text=True)
    response = supervisor.post(
        "/commission",
        data={
            "area_id": str(places["kara_suu"]),
            "held_on": "20.11.2026",
            "number": "14",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 302
    sitting_url = response.headers["Location"]
    page = supervisor.get(sitting_url).get_data(as_text=True)
    response = supervisor.post(
        sitting_url,
        data={
            "case_ref": case_ref,
            "number": "14/3",
            "text": "Return the boy to school; support the family.",
            "measures-0-service_type": "remedial_class",
            "measures-0-description": "School No. 5 evening class",
            "measures-1-service_type": "livelihood_support",
            "measures-2-service_type": "",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 302
    html = client.get(sitting_url).get_data(as_text=True)
    assert "Resolution 14/3" in html and html.count("Create the referral") == 2
    with app.app_context():
        measure_id = db.session.scalar(select(Measure.id).order_by(Measure.id))
    assert (
        client.post(f"/commission/measures/{measure_id}/refer", data={"csrf_token": csrf_token(html)}).status_code
        == 302
    )
    html = client.get(sitting_url).get_data(as_text=True)
    assert "Proposed" in html and html.count("Create the referral") == 1
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.service_type == "remedial_class" and "14/3" in referral.notes
    assert "Return the boy to school" in html


def test_workers_see_the_commission_but_do_not_record_it(app, family, places):
    client, _ids = family
    response = client.get("/commission")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="sittings-table"' in page
    assert 'id="sitting-form"' not in page  # no form to record a sitting
    assert (
        client.post(
            "/commission",
            data={
                "area_id": str(places["kara_suu"]),
                "held_on": "20.11.2026",
                "number": "15",
                "csrf_token": csrf_token(page),
            },
        ).status_code
        == 403
    )
    with app.app_context():
        assert db.session.scalars(select(Sitting)).all() == []
