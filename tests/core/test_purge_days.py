"""The retention commands' --days: a negative number is refused with a message and changes nothing;
0 means everything already done (every sign-in attempt made, every case closed)."""

import pytest
from sqlalchemy import func, select

from monitor.auth.models import LoginAttempt
from monitor.extensions import db
from tests.conftest import login


def _attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(LoginAttempt))


@pytest.mark.parametrize("command", ["purge-login-attempts", "purge-imports", "archive-closed"])
def test_a_negative_number_of_days_is_refused(app, users, command):
    login(app.test_client(), "worker", "not-the-password-at-all")
    result = app.test_cli_runner().invoke(args=[command, "--days", "-3"])
    assert result.exit_code == 2 and "Invalid value for '--days'" in result.output, result.output
    assert _attempts(app) == 1


def test_zero_days_removes_every_sign_in_attempt(app, users):
    login(app.test_client(), "worker", "not-the-password-at-all")
    login(app.test_client(), "worker")
    result = app.test_cli_runner().invoke(args=["purge-login-attempts", "--days", "0"])
    assert result.exit_code == 0 and "2 sign-in attempts" in result.output, result.output
    assert _attempts(app) == 0
