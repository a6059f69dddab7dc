"""Sign-in throttling holds against parallel attempts: 30 wrong sign-ins sent at the same moment
(threads, each its own client and database connection) get no more answers than the limit allows;
the rest are refused as if they had come one after another. On SQLite and PostgreSQL."""

import threading

import pytest
from sqlalchemy import func, select

from monitor.auth.models import LoginAttempt
from monitor.extensions import db
from tests.auth.test_throttling import ATTACKER, WRONG, from_address
from tests.conftest import csrf_token

PARALLEL = 30


def _at_once(app, names: list[str]) -> list[int]:
    """Post a wrong password for each name from ATTACKER, all at once; the status codes."""
    clients = [from_address(app, ATTACKER) for _ in names]
    tokens = [csrf_token(client.get("/login").get_data(as_text=True)) for client in clients]
    start = threading.Barrier(len(names))
    statuses: list[int | None] = [None] * len(names)

    def attempt(i: int) -> None:
        start.wait()
        data = {"username": names[i], "password": WRONG, "next": "", "csrf_token": tokens[i]}
        statuses[i] = clients[i].post("/login", data=data).status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _failures(app) -> int:
    with app.app_context():
        failures = select(func.count()).select_from(LoginAttempt).where(LoginAttempt.outcome == "failure")
        return db.session.scalar(failures)


@pytest.mark.parametrize(
    "names, limit",
    [
        (["worker"] * PARALLEL, "LOGIN_MAX_FAILURES"),  # one name: 5 answers, then it waits
        ([f"user{i:02}" for i in range(PARALLEL)], "LOGIN_ADDRESS_MAX_FAILURES"),  # one address: 20
    ],
    ids=["one-name", "one-address"],
)
def test_parallel_wrong_sign_ins_get_no_more_answers_than_the_limit(app, users, names, limit):
    allowed = app.config[limit]
    statuses = _at_once(app, names)
    assert sorted(statuses) == [200] * allowed + [429] * (PARALLEL - allowed), {s: statuses.count(s) for s in statuses}
    assert _failures(app) == allowed
