import time

from tests.conftest import csrf_token, login


def test_idle_session_ends_after_thirty_minutes(client, users):
    login(client, "worker")
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 31 * 60
    response = client.get("/areas/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.get("/").status_code == 302


def test_activity_keeps_the_session_alive(client, users):
    login(client, "worker")
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 29 * 60
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


def test_idle_limit_is_configurable(app, client, users):
    app.config["IDLE_TIMEOUT_MINUTES"] = 5
    try:
        login(client, "worker")
        with client.session_transaction() as session:
            session["seen"] = int(time.time()) - 6 * 60
        assert client.get("/").status_code == 302
    finally:
        app.config["IDLE_TIMEOUT_MINUTES"] = 30


def test_absolute_lifetime_of_eight_hours(client, users):
    login(client, "worker")
    with client.session_transaction() as session:
        session["started"] = int(time.time()) - 8 * 3600 - 60
    assert client.get("/").status_code == 302


def test_session_cookie_flags(client, users):
    response = login(client, "worker")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True


def test_password_change_ends_other_sessions(app, client, users):
    login(client, "worker")
    other = app.test_client()
    login(other, "worker")
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account",
        data={
            "current_password": "Tulpar-Kumush-2026",
            "new_password": "Jashyl-Too-Baary-99",
            "confirm": "Jashyl-Too-Baary-99",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert other.get("/").status_code == 302  # the other session has ended
    assert login(app.test_client(), "worker", "Jashyl-Too-Baary-99").status_code == 302
