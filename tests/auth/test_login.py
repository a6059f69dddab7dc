from datetime import timedelta

import pytest
from sqlalchemy import select, update

from monitor.audit.models import AuditEvent
from monitor.auth.models import LoginAttempt, User
from monitor.extensions import db
from tests.conftest import PASSWORD, csrf_token, login


def test_login_success_reaches_home_and_is_recorded(app, client, users):
    response = login(client, "worker")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Welcome, Worker" in home.get_data(as_text=True)
    with app.app_context():
        attempt = db.session.scalars(select(LoginAttempt)).one()
        assert (attempt.username, attempt.outcome, attempt.user_id) == ("worker", "success", users["worker"].id)
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_success"))


def test_login_is_case_insensitive_on_the_user_name(app, client, users):
    assert login(client, "WORKER").status_code == 302
    assert "Welcome, Worker" in client.get("/").get_data(as_text=True)
    with app.app_context():
        attempt = db.session.scalars(select(LoginAttempt)).one()
        assert (attempt.outcome, attempt.user_id) == ("success", users["worker"].id)


def test_wrong_password_is_refused_with_a_message(app, client, users):
    response = login(client, "worker", "not-the-password-at-all")
    assert response.status_code == 200
    assert "Wrong user name or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_failure"))


def test_unknown_user_gets_the_same_message(client, users):
    response = login(client, "nobody", PASSWORD)
    assert "Wrong user name or password." in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(app, client, users):
    with app.app_context():
        db.session.execute(update(User).where(User.username == "worker").values(active=False))
        db.session.commit()
    assert login(client, "worker").status_code == 200
    assert client.get("/").status_code == 302


def test_five_failures_make_the_next_attempt_from_that_address_wait(app, client, users):
    for _ in range(5):
        assert login(client, "worker", "wrong-password-123").status_code == 200
    locked = login(client, "worker")  # even the right password is refused now
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert client.get("/").status_code == 302
    with app.app_context():
        outcomes = db.session.scalars(select(LoginAttempt.outcome).order_by(LoginAttempt.id)).all()
        assert outcomes == ["failure"] * 5 + ["throttled"]
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login_throttled"))
        # Sixteen minutes later the wait has ended (the counts live in the database).
        for attempt in db.session.scalars(select(LoginAttempt)):  # SQLite has no date arithmetic here
            attempt.at -= timedelta(minutes=16)
        db.session.commit()
    assert login(client, "worker").status_code == 302


def test_four_failures_do_not_lock(client, users):
    for _ in range(4):
        login(client, "worker", "wrong-password-123")
    assert login(client, "worker").status_code == 302
    assert "Welcome, Worker" in client.get("/").get_data(as_text=True)


def test_the_wait_holds_for_another_client_at_the_same_address(app, client, users):
    for _ in range(5):
        login(client, "worker", "wrong-password-123")
    other = app.test_client()
    refused = login(other, "worker")
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    assert other.get("/").status_code == 302  # not signed in, even with the right password


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "http:evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/%0d%0aLocation:evil",
    ],
)
def test_next_never_leaves_the_app(client, users, target):
    response = login(client, "worker", next_url=target)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location in ("/", "/%0d%0aLocation:evil")
    assert "evil.example" not in location


def test_next_goes_to_a_local_page(client, users):
    response = login(client, "worker", next_url="/account")
    assert response.headers["Location"] == "/account"


def test_login_page_redirects_signed_in_users_home(login_as):
    client = login_as("worker")
    assert client.get("/login").headers["Location"] == "/"


def test_logout_ends_the_session_and_old_cookies(app, client, users):
    login(client, "worker")
    stolen = client.get_cookie("monitor_session").value
    page = client.get("/").get_data(as_text=True)
    response = client.post("/logout", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("monitor_session", stolen)
    assert replay.get("/").status_code == 302  # the copied cookie no longer opens anything
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "logout"))


def test_logout_without_csrf_token_is_refused(client, users):
    login(client, "worker")
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200  # still signed in


def test_login_without_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"username": "worker", "password": PASSWORD})
    assert response.status_code == 400
