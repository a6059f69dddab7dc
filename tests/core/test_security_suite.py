"""Security regressions: CSRF on every state-changing route, stored XSS, mass assignment, headers."""

import re

import pytest

from tests.conftest import csrf_token, login
from tests.registry.conftest import family_form

PAYLOAD = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"


def _post_rules(app):
    return sorted({rule.rule for rule in app.url_map.iter_rules() if "POST" in rule.methods})


@pytest.mark.parametrize("role", ["admin", "supervisor"])
def test_every_state_changing_route_refuses_a_post_without_csrf_token(app, users, places, role):
    client = app.test_client()
    login(client, users[role].username)
    rules = _post_rules(app)
    assert len(rules) >= 15
    for rule in rules:
        url = re.sub(r"<(?:int:)?[a-z_]+>", "1", rule)
        url = url.replace("/lists/1", "/lists/sectors")
        response = client.post(url, data={"anything": "x"})
        assert response.status_code == 400, (rule, response.status_code)


def test_stored_xss_in_every_free_text_field_is_escaped_everywhere(app, login_as, places, register, criteria, users):
    from tests.assessments.conftest import assess

    worker = login_as("worker")
    member = {
        "surname": PAYLOAD,
        "given_name": PAYLOAD,
        "patronymic": PAYLOAD,
        "relation": "father",
        "abroad": "y",
        "abroad_country": PAYLOAD,
        "employment": "informal",
    }
    child = {
        "surname": PAYLOAD,
        "given_name": "Нурзада" + PAYLOAD,
        "patronymic": PAYLOAD,
        "birth_date": "12.03.2014",
        "school_name": PAYLOAD,
        "attendance": "not_attending",
        "non_attendance_reason": PAYLOAD,
        "consent_by": PAYLOAD,
        "notes": PAYLOAD,
        "criteria": [criteria["C99"]],
        "other_criterion": PAYLOAD,
    }
    response = register(
        worker, family_form(places["savay"], [child], members=[member], street=PAYLOAD, house="1", notes=PAYLOAD)
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    family_url = response.headers["Location"]
    child_url = re.search(r'href="(/children/\d+)"', worker.get(family_url).get_data(as_text=True)).group(1)
    from monitor.assessments.seed import seed_reference
    from monitor.extensions import db

    with app.app_context():
        seed_reference()
        db.session.commit()
    child_id = int(child_url.rsplit("/", 1)[1])
    assessed = assess(worker, child_id, location_note=PAYLOAD, notes=PAYLOAD)
    assert assessed.status_code == 302
    from tests.cases.test_cases import _open

    case_url = _open(worker, child_id, place=PAYLOAD, notes=PAYLOAD).headers["Location"]
    token = csrf_token(worker.get(case_url).get_data(as_text=True))
    from tests.cases.test_plans import _save_plan

    assert (
        _save_plan(worker, case_url, [{"goal": PAYLOAD, "action": PAYLOAD, "responsible": PAYLOAD}]).status_code == 302
    )
    token = csrf_token(worker.get(case_url).get_data(as_text=True))
    assert (
        worker.post(f"{case_url}/close", data={"reason": "other", "note": PAYLOAD, "csrf_token": token}).status_code
        == 302
    )
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    admin = app.test_client()
    login(admin, "admin")
    pages = [
        (worker, family_url),
        (worker, child_url),
        (worker, "/families"),
        (worker, "/children"),
        (worker, "/children?q=Нурзада"),
        (worker, assessed.headers["Location"]),
        (worker, f"{family_url}/edit"),
        (worker, f"{child_url}/edit"),
        (worker, case_url),
        (worker, "/cases"),
        (worker, f"{case_url}/plan"),
        (worker, "/"),
        (supervisor, "/"),
        (supervisor, f"{child_url}/audit"),
        (supervisor, "/audit"),
        (admin, "/audit"),
    ]
    for client, url in pages:
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in worker.get(child_url).get_data(as_text=True)


def test_extra_fields_in_a_child_edit_change_nothing(app, login_as, places, register):
    from monitor.extensions import db
    from monitor.registry.models import Child
    from tests.registry.test_records import _child_id
    from tests.registry.test_registration import THREE

    worker = login_as("worker")
    register(worker, family_form(places["savay"], THREE))
    child_id = _child_id(app, "Нурзада")
    page = worker.get(f"/children/{child_id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    with app.app_context():
        before = db.session.get(Child, child_id)
        family_id, path, author = before.family_id, before.area_path, before.created_by_id
    response = worker.post(
        f"/children/{child_id}/edit",
        data={
            "surname": "Маматова",
            "given_name": "Нурзада",
            "sex": "F",
            "birth_date": "12.03.2014",
            "living_arrangement": "both_parents",
            "consent": "not_asked",
            "version": version,
            "csrf_token": csrf_token(page),
            "family_id": "999",
            "area_path": "/9/",
            "created_by_id": "1",
            "labour_category": "no_issue",
            "merged_into_id": "1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        after = db.session.get(Child, child_id)
        assert (after.family_id, after.area_path, after.created_by_id, after.merged_into_id) == (
            family_id,
            path,
            author,
            None,
        )


def test_the_debugger_is_never_on(app):
    assert not app.debug
    from config import DevelopmentConfig, ProductionConfig

    assert not getattr(DevelopmentConfig, "DEBUG", False) and not getattr(ProductionConfig, "DEBUG", False)


def test_production_sends_hsts_and_secure_cookies(another_app, monkeypatch, users):
    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    production = another_app("production")
    client = production.test_client()
    response = client.get("/login", base_url="https://monitor.example")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    token = csrf_token(response.get_data(as_text=True))
    signed_in = client.post(
        "/login",
        base_url="https://monitor.example",
        headers={"Referer": "https://monitor.example/login"},
        data={"username": "worker", "password": "Tulpar-Kumush-2026", "csrf_token": token},
    )
    assert "Secure" in signed_in.headers["Set-Cookie"] and "HttpOnly" in signed_in.headers["Set-Cookie"]


def test_every_view_and_export_of_a_record_leaves_an_audit_row(app, login_as, places, register, users):
    from sqlalchemy import func, select

    from monitor.assessments.seed import seed_reference
    from monitor.audit.models import AuditEvent
    from monitor.extensions import db
    from tests.assessments.conftest import assess
    from tests.registry.test_records import _child_id
    from tests.registry.test_registration import THREE

    worker = login_as("worker")
    response = register(worker, family_form(places["savay"], THREE[:1]))
    family_url = response.headers["Location"]
    with app.app_context():
        seed_reference()
        db.session.commit()
    child_id = _child_id(app, "Нурзада")
    assessment_url = assess(worker, child_id).headers["Location"]
    from tests.cases.test_cases import _open

    case_url = _open(worker, child_id).headers["Location"]
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    visits = [
        (worker, family_url, "family_viewed"),
        (worker, f"/children/{child_id}", "child_viewed"),
        (worker, assessment_url, "assessment_viewed"),
        (worker, case_url, "case_viewed"),
        (supervisor, f"/children/{child_id}/audit", "child_audit_viewed"),
        (supervisor, "/audit/export.csv", "audit_exported"),
    ]
    for client, url, action in visits:
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))
        assert client.get(url).status_code == 200, url
        with app.app_context():
            after = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))
        assert after == before + 1, (url, action)
