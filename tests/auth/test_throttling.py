"""Sign-in throttling: per client address (blocks), across all addresses (slows), per user name
(slows only the addresses that failed on it), with no time difference between known and unknown
user names, and the client address taken from a proxy header only when a proxy is configured."""

import statistics
import time
from datetime import timedelta

from sqlalchemy import func, select, update

from config import load_config
from monitor.admin.services import create_user
from monitor.audit.models import AuditEvent
from monitor.auth.models import LoginAttempt, User
from monitor.auth.throttle import purge_login_attempts
from monitor.core.db import utcnow
from monitor.core.roles import Role
from monitor.extensions import db
from tests.conftest import PASSWORD, csrf_token, login

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"
WRONG = "Spring-Autumn-2026"


def from_address(app, address: str, forwarded_for: str | None = None):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def earlier(app, **delta) -> None:
    """Move every recorded attempt back in time, as if `delta` had passed."""
    with app.app_context():  # in Python: SQLite has no date arithmetic on this column
        for attempt in db.session.scalars(select(LoginAttempt)):
            attempt.at -= timedelta(**delta)
        db.session.commit()


def attempts(app, *columns):
    with app.app_context():
        return db.session.execute(select(*columns).order_by(LoginAttempt.id)).all()


def test_spraying_a_hundred_names_from_one_address_is_blocked(app, users):
    attacker = from_address(app, ATTACKER)
    statuses = [login(attacker, f"user{i:03}", WRONG).status_code for i in range(100)]
    assert statuses == [200] * 20 + [429] * 80
    refused = login(attacker, "worker")  # the right password too: the address is blocked
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert "Too many failed sign-ins from your address" in refused.get_data(as_text=True)
    assert login(from_address(app, OWNER), "worker").status_code == 302  # other addresses sign in
    rows = attempts(app, LoginAttempt.outcome, LoginAttempt.ip)
    assert rows[:101] == [("failure", ATTACKER)] * 20 + [("throttled", ATTACKER)] * 81
    with app.app_context():
        refusals = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_throttled")).all()
        assert len(refusals) == 81 and {e.details["reason"] for e in refusals} == {"address"}
    earlier(app, minutes=16)  # the block ends when the failures leave the window
    assert login(attacker, "worker").status_code == 302


def test_a_name_typed_wrongly_elsewhere_does_not_keep_its_owner_out(app, users):
    attacker = from_address(app, ATTACKER)
    statuses = [login(attacker, "supervisor", WRONG).status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3
    assert "Too many failed attempts for this user name" in login(attacker, "supervisor").get_data(as_text=True)
    owner = from_address(app, OWNER)
    assert login(owner, "supervisor").status_code == 302
    assert owner.get("/").status_code == 200
    admin = from_address(app, "192.0.2.50")
    assert login(admin, "admin").status_code == 302
    home = admin.get("/").get_data(as_text=True)  # the administrator sees the refusals
    assert "refused: too many attempts" in home and ATTACKER in home


def test_a_name_tried_from_many_addresses_waits_except_where_its_owner_signs_in(app, users):
    owner = from_address(app, OWNER)
    assert login(owner, "worker").status_code == 302  # her usual address
    earlier(app, days=1)
    for i in range(5):  # five addresses, one failure each
        assert login(from_address(app, f"192.0.2.{i}"), "worker", WRONG).status_code == 200
    refused = login(from_address(app, "192.0.2.99"), "worker", WRONG)  # yet another address waits
    assert refused.status_code == 429
    assert "Too many failed attempts for this user name" in refused.get_data(as_text=True)
    assert login(from_address(app, OWNER), "worker").status_code == 302


def test_the_wait_for_a_name_grows_with_each_failure_and_ends(app, users):
    client = from_address(app, ATTACKER)
    for _ in range(5):
        login(client, "worker", WRONG)
    assert login(client, "worker").status_code == 429  # even the right password waits
    earlier(app, seconds=31)
    assert login(client, "worker", WRONG).status_code == 200  # 30 s after the fifth failure
    earlier(app, seconds=31)
    assert login(client, "worker").status_code == 429  # now 60 s after the sixth
    earlier(app, seconds=30)
    assert login(client, "worker").status_code == 302
    outcomes = [row.outcome for row in attempts(app, LoginAttempt.outcome)]
    assert outcomes == ["failure"] * 5 + ["throttled", "failure", "throttled", "success"]


def test_many_failures_everywhere_slow_the_addresses_that_failed_not_the_others(app, users, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE", 10)
    for i in range(10):
        assert login(from_address(app, f"192.0.2.{i}"), f"name{i}", WRONG).status_code == 200
    refused = login(from_address(app, "192.0.2.0"), "worker")
    assert refused.status_code == 429
    assert "Many failed sign-ins are being made right now" in refused.get_data(as_text=True)
    assert login(from_address(app, OWNER), "worker", WRONG).status_code == 200  # no failure yet: it may try
    assert login(from_address(app, "192.0.2.77"), "worker").status_code == 302
    earlier(app, minutes=5, seconds=1)
    assert login(from_address(app, "192.0.2.0"), "worker").status_code == 302


def test_refusals_are_shown_in_kyrgyz_and_russian(app, users):
    attacker = from_address(app, ATTACKER)
    for _ in range(5):
        login(attacker, "worker", WRONG)
    for language, text in (("ru", "Слишком много неудачных попыток"), ("ky", "ийгиликсиз аракеттер өтө көп")):
        page = attacker.get("/login").get_data(as_text=True)
        attacker.post("/language", data={"language": language, "next": "/login", "csrf_token": csrf_token(page)})
        assert text in login(attacker, "worker").get_data(as_text=True)


def test_the_trusted_proxy_count_is_read_from_the_environment_and_off_by_default(tmp_path):
    assert load_config("production", str(tmp_path), environ={"SECRET_KEY": "k" * 40})["TRUSTED_PROXY_COUNT"] == 0
    assert load_config("development", str(tmp_path), environ={"TRUSTED_PROXY_COUNT": "1"})["TRUSTED_PROXY_COUNT"] == 1


def test_a_forged_forwarded_for_header_does_not_dodge_the_address_limit(app, users):
    statuses = [
        login(from_address(app, ATTACKER, forwarded_for=f"10.9.0.{i}"), f"user{i}", WRONG).status_code
        for i in range(25)
    ]
    assert statuses == [200] * 20 + [429] * 5
    assert {row.ip for row in attempts(app, LoginAttempt.ip)} == {ATTACKER}


def test_a_configured_proxy_gives_the_client_address_it_saw(another_app, users):
    proxied = another_app(TRUSTED_PROXY_COUNT=1)
    # The proxy (10.0.0.1) appends the address it saw to whatever the client sent.
    for i in range(20):
        login(from_address(proxied, "10.0.0.1", forwarded_for=f"10.9.0.{i}, {ATTACKER}"), f"user{i}", WRONG)
    assert {row.ip for row in attempts(proxied, LoginAttempt.ip)} == {ATTACKER}
    assert login(from_address(proxied, "10.0.0.1", forwarded_for=ATTACKER), "worker").status_code == 429
    assert login(from_address(proxied, "10.0.0.1", forwarded_for=OWNER), "worker").status_code == 302


def _median_ms(durations: list[float]) -> float:
    return statistics.median(durations) * 1000


def test_a_wrong_password_an_unknown_name_and_an_inactive_account_take_the_same_time(another_app, database):
    # Hashes costly enough to dominate a request (production's take about 100 ms), and limits out of
    # the way: every attempt here reaches the password check.
    timed = another_app(
        ARGON2_TIME_COST=2,
        ARGON2_MEMORY_COST=32768,
        LOGIN_MAX_FAILURES=1000,
        LOGIN_ADDRESS_MAX_FAILURES=1000,
        LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE=1000,
    )
    with timed.app_context():
        for name in ("known", "inactive"):
            create_user(name, name.title(), [Role.SOCIAL_WORKER], [], "en", PASSWORD, actor=None)
        db.session.execute(update(User).where(User.username == "inactive").values(active=False))
        db.session.commit()
    client = timed.test_client()

    def attempt(username: str, password: str = WRONG) -> float:
        token = csrf_token(client.get("/login").get_data(as_text=True))
        started = time.perf_counter()
        response = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        return elapsed

    attempt("nobody")  # the first unknown name makes the stand-in hash once
    known, unknown, inactive = [], [], []
    for i in range(15):  # interleaved, so a busy machine slows all alike
        known.append(attempt("known"))
        unknown.append(attempt(f"nobody{i}"))
        inactive.append(attempt("inactive", PASSWORD))
    medians = {
        name: round(_median_ms(times), 1)
        for name, times in (("known", known), ("unknown", unknown), ("inactive", inactive))
    }
    for name in ("unknown", "inactive"):
        assert 0.7 <= medians[name] / medians["known"] <= 1.3, medians


def test_old_attempts_are_purged_by_a_scheduled_command(app, users):
    login(from_address(app, ATTACKER), "worker", WRONG)
    earlier(app, days=31)
    login(from_address(app, OWNER), "worker")
    with app.app_context():
        assert purge_login_attempts(utcnow() - timedelta(days=40)) == 0
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-login-attempts"])
    assert result.exit_code == 0 and "1 sign-in attempts" in result.output
    assert attempts(app, LoginAttempt.ip) == [(OWNER,)]
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "login_failure"))
            == 1
        )  # the audit log keeps it


def test_an_ipv6_client_changing_its_address_within_its_network_is_still_one_address(app, users):
    # A home or hosting connection gets a whole /64: 2**64 addresses to take a new one for each guess.
    statuses = [
        login(from_address(app, f"2001:db8:5:7::{i:x}"), f"user{i:03}", WRONG).status_code for i in range(1, 26)
    ]
    assert statuses == [200] * 20 + [429] * 5
    assert login(from_address(app, "2001:db8:5:8::1"), "worker").status_code == 302  # the next network signs in
    assert login(from_address(app, "::ffff:" + OWNER), "worker").status_code == 302


def test_the_administrators_home_lists_refused_sign_ins_not_passwords_awaiting_their_code(app, users, client):
    with app.app_context():
        db.session.add_all(
            [
                LoginAttempt(username="second.step", at=utcnow(), outcome="password_ok", ip="10.0.0.1"),
                LoginAttempt(username="wrong.guess", at=utcnow(), outcome="failure", ip="10.0.0.2"),
                LoginAttempt(username="held.back", at=utcnow(), outcome="throttled", ip="10.0.0.3"),
            ]
        )
        db.session.commit()
    assert login(client, users["admin"].username).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "wrong.guess" in page and "held.back" in page
    assert "second.step" not in page  # a correct password before its second factor is no refusal
