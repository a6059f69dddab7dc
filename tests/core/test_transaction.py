"""One transaction per request: at most one commit; a request that raises leaves nothing written;
a refused request's writes go, its refusal's audit row stays; a failed commit never says "saved"."""

from __future__ import annotations

import re

import pytest
from flask import flash, redirect, session
from sqlalchemy import func, select

from monitor.audit.models import AuditEvent
from monitor.audit.services import record_event
from monitor.core.permissions import deny, public
from monitor.extensions import db
from monitor.registry.models import Child, Family
from tests.commits import COMMITS, CommitCounter
from tests.conftest import csrf_token, login
from tests.registry.conftest import family_form

ROLES = ("worker", "supervisor", "admin", "reports")


def _events(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


@pytest.fixture
def probe_app(another_app, database):
    """An app with views that break the rules on purpose (the real views must not)."""
    app = another_app(WTF_CSRF_ENABLED=False)

    @app.post("/probe/commits-twice")
    @public
    def commits_twice():
        record_event("probe_first")
        db.session.commit()
        record_event("probe_second")
        return "ok"

    @app.post("/probe/raises")
    @public
    def raises():
        record_event("probe_written")
        db.session.flush()
        raise RuntimeError("a service failed half-way")

    @app.post("/probe/refused")
    @public
    def refused():
        record_event("probe_written")
        db.session.flush()
        deny(404, reason="probe")

    @app.post("/probe/commit-fails")
    @public
    def commit_fails():
        record_event("probe_written")
        db.session.add(AuditEvent(action=None, details={}))  # NOT NULL: refused when the request commits
        flash("Saved.", "success")
        session["probe"] = "signed in"  # as login_user would
        return redirect("/login")

    counter = CommitCounter()
    counter.attach(app)
    app.extensions["probe_counter"] = counter
    return app


def test_the_commit_counter_catches_a_view_that_commits_twice(probe_app):
    probe_app.test_client().post("/probe/commits-twice")
    assert probe_app.extensions["probe_counter"].over() == [("POST", "/probe/commits-twice?", 2)]


def test_a_request_that_raises_half_way_leaves_nothing_written(probe_app):
    response = probe_app.test_client().post("/probe/raises")
    assert response.status_code == 500
    assert _events(probe_app, "probe_written") == 0


def test_a_refused_request_is_undone_but_its_refusal_is_audited(probe_app):
    response = probe_app.test_client().post("/probe/refused")
    assert response.status_code == 404
    assert _events(probe_app, "probe_written") == 0
    with probe_app.app_context():
        refusal = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).one()
        assert refusal.details["reason"] == "probe" and refusal.details["path"] == "/probe/refused"
    assert probe_app.extensions["probe_counter"].over(0) == [("POST", "/probe/refused?", 1)]


def test_a_commit_that_fails_shows_the_error_page_and_never_says_saved(probe_app):
    client = probe_app.test_client()
    response = client.post("/probe/commit-fails")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "Saved." not in response.get_data(as_text=True)
    assert _events(probe_app, "probe_written") == 0
    assert "Saved." not in client.get("/login").get_data(as_text=True)
    with client.session_transaction() as cookie:
        assert "probe" not in cookie


THE_SAME_PIN = [
    {"surname": "Маматов", "given_name": "Өмүрбек", "birth_date": "20.01.2010", "sex": "M", "pin": "22001201012345"},
    {"surname": "Маматов", "given_name": "Жоомарт", "birth_date": "20.01.2010", "sex": "M", "pin": "22001201012345"},
]


def test_a_service_refusing_half_way_through_a_household_leaves_nothing_written(app, login_as, places, register):
    """The family and the first child are written before the second child is refused."""
    client = login_as("worker")
    response = register(client, family_form(places["savay"], THE_SAME_PIN))
    assert response.status_code == 200
    assert "Another child already has this personal number." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Family)) == 0
        assert db.session.scalar(select(func.count()).select_from(Child)) == 0
        assert (
            db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.object_type == "child"))
            == 0
        )


def _url(rule, ids: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(ids.get(m.group(1), 1)), rule.rule)


def test_every_post_route_commits_at_most_once_for_every_role(app, client, users, places, register, criteria):
    worker = login(client, users["worker"].username)
    assert worker.status_code == 302
    assert register(client, family_form(places["savay"], THE_SAME_PIN[:1])).status_code == 302
    with app.app_context():
        child = db.session.scalars(select(Child)).one()
        ids = {
            "child_id": child.id,
            "other_id": child.id,
            "family_id": child.family_id,
            "user_id": users["worker"].id,
            "area_id": places["savay"],
            "criterion_id": criteria["C03"],
            "kind": "sectors",
        }
    rules = [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint not in ("auth.logout",)]
    assert len(rules) > 40
    for role in ROLES:
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").get_data(as_text=True))})
        assert login(client, users[role].username).status_code == 302
        token = csrf_token(client.get("/account").get_data(as_text=True))
        for rule in rules:
            COMMITS.clear()
            response = client.post(_url(rule, ids), data={"csrf_token": token})
            assert response.status_code < 500, (role, rule.rule, response.status_code)
            assert not COMMITS.over(), (role, COMMITS.over())
