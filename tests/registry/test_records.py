"""Family and child pages, editing, moving, merging, access by area, audit of views."""

import re

from sqlalchemy import select

from monitor.audit.models import AuditEvent
from monitor.extensions import db
from monitor.registry.models import Child, Family
from tests.conftest import csrf_token
from tests.registry.conftest import family_form
from tests.registry.test_registration import THREE


def _family_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Family.id).order_by(Family.id.desc()))


def _child_id(app, given_name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Child.id).where(Child.given_name == given_name))


def test_another_areas_worker_gets_404_and_the_refusal_is_audited(app, login_as, users, places, register):
    register(login_as("worker"), family_form(places["savay"], THREE))
    family_id, child_id = _family_id(app), _child_id(app, "Нурзада")
    client = app.test_client()
    from tests.conftest import login

    login(client, "worker.osh")
    assert client.get(f"/families/{family_id}").status_code == 404
    assert client.get(f"/children/{child_id}").status_code == 404
    assert client.get(f"/children/{child_id}/edit").status_code == 404
    assert "/children/" not in client.get("/children?q=Нурзада").get_data(as_text=True).split("children-table")[1]
    assert "Маматов" not in client.get("/families").get_data(as_text=True)
    with app.app_context():
        refusals = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).all()
        assert {e.details["object_type"] for e in refusals} == {"family", "child"}


def test_every_view_of_a_record_is_audited(app, login_as, places, register):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    child_id = _child_id(app, "Нурзада")
    client.get(f"/children/{child_id}")
    client.get(f"/families/{_family_id(app)}")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%_viewed"))).all()
        assert "child_viewed" in actions and "family_viewed" in actions


def test_child_page_shows_age_consent_and_criteria(login_as, places, register, app):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    html = client.get(f"/children/{_child_id(app, 'Жоомарт')}").get_data(as_text=True)
    assert "05.09.2011" in html and "Работает на базаре" in html and "Мать" in html
    assert re.search(r'id="child-age">\d+<', html)


def test_edit_with_a_stale_version_is_refused_and_keeps_the_typed_values(app, login_as, places, register):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    child_id = _child_id(app, "Нурзада")
    page = client.get(f"/children/{child_id}/edit").get_data(as_text=True)
    form = {
        "surname": "Маматова",
        "given_name": "Нурзада",
        "sex": "F",
        "birth_date": "12.03.2014",
        "living_arrangement": "both_parents",
        "consent": "not_asked",
        "csrf_token": csrf_token(page),
    }
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    first = client.post(f"/children/{child_id}/edit", data={**form, "version": version, "school_name": "№ 7"})
    assert first.status_code == 302, re.findall(r'invalid-feedback">([^<]+)<', first.get_data(as_text=True))
    second = client.post(f"/children/{child_id}/edit", data={**form, "version": version, "school_name": "№ 9"})
    html = second.get_data(as_text=True)
    assert "Someone else saved this record" in html and 'value="№ 9"' in html
    with app.app_context():
        assert db.session.get(Child, child_id).school_name == "№ 7"


def test_moving_a_child_keeps_the_household_history(app, login_as, places, register):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    first_family = _family_id(app)
    register(
        client, family_form(places["mady"], [{"surname": "Юсупов", "given_name": "Бобур", "birth_date": "01.01.2012"}])
    )
    second_family = _family_id(app)
    child_id = _child_id(app, "Нурзада")
    page = client.get(f"/children/{child_id}/move").get_data(as_text=True)
    response = client.post(
        f"/children/{child_id}/move", data={"family_ref": f"F-{second_family:06d}", "csrf_token": csrf_token(page)}
    )
    assert response.status_code == 302
    with app.app_context():
        child = db.session.get(Child, child_id)
        assert child.family_id == second_family and child.area_path.endswith(f"/{places['mady']}/")
        assert [(link.family_id, link.until is None) for link in child.family_links] == [
            (first_family, False),
            (second_family, True),
        ]


def test_supervisor_merges_two_records_of_the_same_child(app, login_as, places, register, criteria):
    worker = login_as("worker")
    register(worker, family_form(places["savay"], [dict(THREE[0], criteria=[criteria["C09"]])]))
    again = [
        {
            "surname": "Mamatova",
            "given_name": "Nurzada",
            "birth_date": "12.03.2014",
            "confirm_distinct": "y",
            "pin": "11203201412345",
            "criteria": [criteria["C07"]],
        }
    ]
    register(worker, family_form(places["savay"], again))
    keep, drop = _child_id(app, "Нурзада"), _child_id(app, "Nurzada")
    from tests.conftest import login

    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get(f"/children/{keep}/merge").get_data(as_text=True)
    chosen = supervisor.post(
        f"/children/{keep}/merge", data={"child_ref": f"C-{drop:06d}", "csrf_token": csrf_token(page)}
    )
    confirm = supervisor.get(chosen.headers["Location"]).get_data(as_text=True)
    versions = dict(re.findall(r'name="(version_[ab])" type="hidden" value="(\d+)"', confirm))
    response = supervisor.post(
        chosen.headers["Location"], data={"keep": str(keep), "csrf_token": csrf_token(confirm), **versions}
    )
    assert response.status_code == 302
    with app.app_context():
        kept, merged = db.session.get(Child, keep), db.session.get(Child, drop)
        assert merged.merged_into_id == keep and kept.pin == "11203201412345" and merged.pin is None
        assert {row.criterion.code for row in kept.criteria} == {"C07", "C09"}
        assert len(kept.family_links) == 2
    html = worker.get("/children?q=Nurzada").get_data(as_text=True)
    assert html.count("/children/") >= 1 and f"C-{drop:06d}" not in html
    assert worker.get(f"/children/{drop}").headers["Location"].endswith(f"/children/{keep}")
    assert login_as  # a worker cannot merge:
    assert worker.get(f"/children/{keep}/merge").status_code == 403


def test_digits_that_are_not_numbers_in_a_reference_or_a_version_are_refused(app, login_as, places, register):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    child_id = _child_id(app, "Нурзада")
    page = client.get(f"/children/{child_id}/move").get_data(as_text=True)
    for ref in ("F-²", "F-①", "F-00²"):  # str.isdigit() says yes, int() says no
        response = client.post(f"/children/{child_id}/move", data={"family_ref": ref, "csrf_token": csrf_token(page)})
        assert response.status_code == 200, ref
    page = client.get(f"/children/{child_id}/edit").get_data(as_text=True)
    form = {
        "surname": "Маматова",
        "given_name": "Нурзада",
        "sex": "F",
        "birth_date": "12.03.2014",
        "living_arrangement": "both_parents",
        "consent": "not_asked",
        "csrf_token": csrf_token(page),
    }
    response = client.post(f"/children/{child_id}/edit", data={**form, "version": "²", "school_name": "№ 7"})
    assert response.status_code == 200 and "Someone else saved this record" in response.get_data(as_text=True)
