"""Two-factor sign-in: required for administrators and supervisors, optional for others."""

import re
import secrets
from datetime import datetime

import pyotp
import pytest
from sqlalchemy import select

from monitor.auth.models import LoginAttempt, User
from monitor.extensions import db
from tests.conftest import csrf_token, login


@pytest.fixture
def required(app):
    app.config["TWO_FACTOR_REQUIRED_ROLES"] = ("administrator", "supervisor")
    yield
    app.config["TWO_FACTOR_REQUIRED_ROLES"] = ()


def _code(secret: str, offset: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(datetime.now()) + offset)


def _post_code(client, url: str, code: str):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"code": code, "csrf_token": token})


ENROLLED_WITH: dict[str, str] = {}  # the code each secret was enrolled with (its step is used up)


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/login/enrol").get_data(as_text=True)
    secret = re.search(r'id="totp-secret" class="fs-5">([A-Z2-7]+)<', page).group(1)
    assert 'src="data:image/svg+xml' in page  # the QR code is drawn by the app itself
    ENROLLED_WITH[secret] = _code(secret)
    html = _post_code(client, "/login/enrol", ENROLLED_WITH[secret]).get_data(as_text=True)
    codes = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", html)
    return secret, codes


def test_a_supervisor_must_set_up_a_second_factor_then_uses_it(app, users, required):
    client = app.test_client()
    response = login(client, "supervisor")
    assert response.headers["Location"] == "/login/enrol"
    assert client.get("/").status_code == 302  # not signed in with the password alone
    secret, codes = _enrol(client)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    other = app.test_client()
    assert login(other, "supervisor").headers["Location"] == "/login/verify"
    assert other.get("/").status_code == 302
    assert _post_code(other, "/login/verify", "000000").status_code == 200
    assert _post_code(other, "/login/verify", _code(secret, +1)).status_code == 302
    assert other.get("/").status_code == 200


def test_a_code_works_once_and_recovery_codes_work_once(app, users, required):
    client = app.test_client()
    login(client, "admin")
    secret, codes = _enrol(client)  # the enrolment used the current step
    second = app.test_client()
    login(second, "admin")
    # the enrolment's own code replayed (not the code of the moment: the 30 s step may have moved on)
    assert _post_code(second, "/login/verify", ENROLLED_WITH[secret]).status_code == 200
    assert _post_code(second, "/login/verify", codes[0]).status_code == 302
    third = app.test_client()
    login(third, "admin")
    assert _post_code(third, "/login/verify", codes[0]).status_code == 200  # used already
    assert _post_code(third, "/login/verify", codes[1]).status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(app, users, required):
    client = app.test_client()
    login(client, "supervisor")
    _secret, _codes = _enrol(client)
    attacker = app.test_client()
    login(attacker, "supervisor")
    for _ in range(4):
        _post_code(attacker, "/login/verify", "123456")
    response = _post_code(attacker, "/login/verify", "654321")
    assert response.status_code == 200
    again = app.test_client()
    assert login(again, "supervisor").status_code == 429  # five failures: locked, even with the password
    with app.app_context():
        outcomes = db.session.scalars(
            select(LoginAttempt.outcome).where(LoginAttempt.username == "supervisor").order_by(LoginAttempt.id)
        ).all()
        assert outcomes.count("failure") == 5 and "password_ok" in outcomes


def test_workers_may_turn_it_on_and_off(app, users):
    client = app.test_client()
    login(client, "worker")
    assert "enable-two-factor" in client.get("/account").get_data(as_text=True)
    _secret, _codes = _enrol(client)
    other = app.test_client()
    assert login(other, "worker").headers["Location"] == "/login/verify"
    token = csrf_token(client.get("/account").get_data(as_text=True))
    assert client.post("/account/two-factor/off", data={"csrf_token": token}).status_code == 302
    assert login(app.test_client(), "worker").headers["Location"] == "/"


def test_administrator_resets_a_lost_phone(app, users, required):
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    _enrol(supervisor)
    admin = app.test_client()
    login(admin, "admin")
    _enrol(admin)
    url = f"/admin/users/{users['supervisor'].id}"
    token = csrf_token(admin.get(url).get_data(as_text=True))
    assert admin.post(f"{url}/two-factor-reset", data={"csrf_token": token}).status_code == 302
    assert supervisor.get("/").status_code == 302  # sessions ended
    assert login(app.test_client(), "supervisor").headers["Location"] == "/login/enrol"
    with app.app_context():
        assert db.session.get(User, users["supervisor"].id).totp_secret is None


def test_a_code_of_other_scripts_digits_is_a_wrong_code(app, users, required):
    client = app.test_client()
    login(client, "admin")
    _enrol(client)
    other = app.test_client()
    login(other, "admin")
    for code in ("١٢٣٤٥٦", "²²²²²²", "１２３４５６"):  # str.isdigit() says yes; compare_digest takes ASCII only
        refused = _post_code(other, "/login/verify", code)
        assert refused.status_code == 200, code
        assert "This code is not valid" in refused.get_data(as_text=True), code
    assert other.get("/").status_code == 302


def test_a_sign_in_link_with_a_very_long_next_address_still_signs_in(app, users, required):
    # The address to go to after the second step waits in the session cookie: one over 4 KB would
    # make the browser drop the cookie, and the sign-in with it.
    client = app.test_client()
    login(client, "admin")
    _secret, codes = _enrol(client)
    other = app.test_client()
    cyrillic = "".join(secrets.choice("абвгдежзийклмнопрстуфхцчшщыэюяүөң") for _ in range(999))
    for step, next_url in enumerate(("/children?q=" + secrets.token_hex(2500), "/?q=" + cyrillic)):
        assert login(other, "admin", next_url=next_url).headers["Location"] == "/login/verify"
        cookie = other.get_cookie("monitor_session")
        assert cookie is not None and len(cookie.value) < 4000
        assert _post_code(other, "/login/verify", codes[step]).headers["Location"] in ("/", next_url)
        other.post("/logout", data={"csrf_token": csrf_token(other.get("/account").get_data(as_text=True))})
