"""Scheduled work on the queue: the nightly retention tasks are registered in the office's time,
fire once in their minute, and do what their `flask` commands do."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from monitor.auth.models import LoginAttempt
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.jobs import registry, runner

NIGHTLY = {"cases.archive-closed", "imports.purge", "auth.purge-login-attempts"}


def periodic_tasks(app) -> dict:
    return {task.name: task for task in app.extensions["huey"]._registry.periodic_tasks}


def test_the_nightly_retention_runs_on_the_queue_with_the_sweep(app):
    assert NIGHTLY | {"monitor.sweep", "imports.resume"} <= set(periodic_tasks(app))


def test_a_nightly_task_fires_once_at_its_office_time(another_app):
    app = another_app()
    archive = periodic_tasks(app)["cases.archive-closed"]
    at_0310_in_bishkek = datetime(2026, 12, 1, 21, 10, 0)  # UTC, as Huey gives it
    assert archive.validate_datetime(at_0310_in_bishkek)
    assert not archive.validate_datetime(at_0310_in_bishkek + timedelta(seconds=30))  # a second look
    assert not archive.validate_datetime(datetime(2026, 12, 2, 3, 10, 0))  # 03:10 UTC is 09:10 there
    assert archive.validate_datetime(at_0310_in_bishkek + timedelta(days=1))


def test_the_nightly_purge_of_sign_in_attempts_removes_old_ones(app, users):
    with app.app_context():
        old = LoginAttempt(username="someone", ip="10.0.0.1", outcome="failure")
        old.at = utcnow() - timedelta(days=app.config["LOGIN_ATTEMPT_KEEP_DAYS"] + 1)
        db.session.add_all([old, LoginAttempt(username="someone", ip="10.0.0.1", outcome="failure")])
        db.session.commit()
    runner.run_periodic(app, registry.PERIODIC["auth.purge-login-attempts"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1
