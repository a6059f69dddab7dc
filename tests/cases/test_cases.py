"""Opening, assigning and listing cases; worklists by urgency."""

import re
from datetime import timedelta

from sqlalchemy import select

from monitor.cases.models import Case
from monitor.extensions import db
from tests.assessments.conftest import assess
from tests.conftest import csrf_token, login, office_today


def _open(client, child_id, **fields):
    page = client.get(f"/children/{child_id}/cases/new").get_data(as_text=True)
    assert 'id="assigned_to"' in page
    import re

    me = re.search(r'<option selected value="(\d+)">', page) or re.search(r'<option value="(\d+)" selected>', page)
    data = {
        "source": "monitoring_group",
        "identified_on": office_today().strftime("%d.%m.%Y"),
        "place": "Kara-Suu bazaar",
        "assigned_to": me.group(1) if me else "",
        "csrf_token": csrf_token(page),
        **fields,
    }
    return client.post(f"/children/{child_id}/cases/new", data=data)


def test_a_worker_opens_a_case_and_it_waits_for_the_assessment(app, family):
    client, ids = family
    response = _open(client, ids["Нурзада"])
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="case-stage">Identified<' in html and "Monitoring group" in html
    again = _open(client, ids["Нурзада"]).get_data(as_text=True)
    assert "already has an open case" in again


def test_an_old_identification_without_assessment_is_overdue_and_comes_first(app, family):
    client, ids = family
    _open(client, ids["Нурзада"])
    _open(client, ids["Жоомарт"], identified_on=(office_today() - timedelta(days=10)).strftime("%d.%m.%Y"))
    home = client.get("/").get_data(as_text=True)
    section = home.split('id="my-cases"')[1]
    assert section.index("Жоомарт") < section.index("Нурзада")
    assert "Assessment overdue" in section


def test_an_assessment_that_needs_action_opens_the_case_and_moves_it_on(app, family, reference):
    client, ids = family
    response = assess(
        client,
        ids["Жоомарт"],
        {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"},
    )
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalars(select(Case)).one()
        assert (case.child_id, case.source.value, case.danger) == (ids["Жоомарт"], "assessment", True)
        case_id = case.id
    html = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'id="case-stage">Assessed<' in html and 'id="case-risk">High risk<' in html
    assess(client, ids["Нурзада"], location="school")  # no work, but her brother works: prevent
    with app.app_context():
        sister = db.session.scalar(select(Case).where(Case.child_id == ids["Нурзада"]))
        assert sister is not None and sister.child.labour_category == "at_risk" and not sister.danger


def test_a_supervisor_reassigns_within_the_area_only(app, family, users, make_user):
    client, ids = family
    case_url = _open(client, ids["Нурзада"]).headers["Location"]
    make_user("second", "social_worker", areas=["kara_suu"])
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get(case_url).get_data(as_text=True)
    token = csrf_token(page)
    with app.app_context():
        from monitor.auth.models import User

        second = db.session.scalar(select(User.id).where(User.username == "second"))
        osh = db.session.scalar(select(User.id).where(User.username == "worker.osh"))
    assert supervisor.post(f"{case_url}/assign", data={"assigned_to": str(osh), "csrf_token": token}).status_code == 200
    assert (
        supervisor.post(f"{case_url}/assign", data={"assigned_to": str(second), "csrf_token": token}).status_code == 302
    )
    html = supervisor.get(case_url).get_data(as_text=True)
    assert 'id="case-assignee">Second<' in html and "Worker" in html.split("Assignment history")[1]
    own_token = csrf_token(client.get(case_url).get_data(as_text=True))
    assert (
        client.post(f"{case_url}/assign", data={"assigned_to": str(second), "csrf_token": own_token}).status_code == 403
    )


def test_the_supervisor_home_shows_overdue_by_worker_and_high_risk_cases(app, family, reference):
    client, ids = family
    _open(client, ids["Нурзада"], identified_on=(office_today() - timedelta(days=10)).strftime("%d.%m.%Y"))
    assess(
        client,
        ids["Жоомарт"],
        {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"},
    )
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    home = supervisor.get("/").get_data(as_text=True)
    overdue = home.split('id="overdue-by-worker"')[1].split("</section>")[0]
    assert "Worker" in overdue and ">1<" in overdue
    assert "Жоомарт" in home.split('id="high-risk-cases"')[1]


def test_a_case_follows_its_child_to_another_household_and_area(app, family, register, places):
    from monitor.registry.models import Child, Family
    from tests.registry.conftest import family_form

    client, ids = family
    assert _open(client, ids["Нурзада"]).status_code == 302
    register(
        client, family_form(places["mady"], [{"surname": "Юсупов", "given_name": "Бобур", "birth_date": "01.01.2012"}])
    )
    with app.app_context():
        new_family = db.session.scalar(select(Family.id).order_by(Family.id.desc()))
    page = client.get(f"/children/{ids['Нурзада']}/move").get_data(as_text=True)
    response = client.post(
        f"/children/{ids['Нурзада']}/move", data={"family_ref": f"F-{new_family:06d}", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():  # the case is listed, counted and scoped where the child now lives
        child = db.session.get(Child, ids["Нурзада"])
        case = db.session.scalars(select(Case).where(Case.child_id == child.id)).one()
        assert child.area_path.endswith(f"/{places['mady']}/") and case.area_path == child.area_path


def test_a_case_follows_its_household_to_another_area(app, family, places):
    from monitor.registry.models import Child
    from tests.core.test_fuzz import forms_of
    from tests.registry.conftest import family_form

    client, ids = family
    assert _open(client, ids["Нурзада"]).status_code == 302
    with app.app_context():
        family_id = db.session.get(Child, ids["Нурзада"]).family_id
    page = client.get(f"/families/{family_id}/edit").get_data(as_text=True)
    form = {
        name: value
        for name, value in next(f for f in forms_of(page) if "street" in f["fields"])["fields"].items()
        if not name.startswith("members-")
    }  # the members as registered, not the page's empty row
    members = {name: value for name, value in family_form(places["mady"], []).items() if name.startswith("members-")}
    response = client.post(
        f"/families/{family_id}/edit",
        data={**form, **members, "area_id": str(places["mady"]), "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 302, re.findall(
        r"invalid-feedback[^>]*>([^<]+)<|alert-[a-z]+[^>]*>([^<]+)<", response.get_data(as_text=True)
    )
    with app.app_context():
        child = db.session.get(Child, ids["Нурзада"])
        case = db.session.scalars(select(Case).where(Case.child_id == child.id)).one()
        assert child.area_path.endswith(f"/{places['mady']}/") and case.area_path == child.area_path
