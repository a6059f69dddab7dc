"""`flask purge-login-attempts`: the throttling's counts need only recent attempts; also run every
night on the job queue."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from monitor import jobs
from monitor.auth.throttle import purge_login_attempts
from monitor.core.db import utcnow
from monitor.extensions import db


@click.command("purge-login-attempts")
@with_appcontext
@click.option(
    "--days",
    type=int,
    default=None,
    help="Remove attempts older than this many days (default: LOGIN_ATTEMPT_KEEP_DAYS)",
)
def purge_login_attempts_command(days):
    """Remove old sign-in attempts (their audit events stay); `flask worker` does it every night."""
    days = current_app.config["LOGIN_ATTEMPT_KEEP_DAYS"] if days is None else days
    count = purge_login_attempts(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"{count} sign-in attempts removed (older than {days} days).")


@jobs.periodic("auth.purge-login-attempts", jobs.crontab(hour="3", minute="30"))  # office time
def purge_login_attempts_nightly() -> None:
    purge_login_attempts(utcnow() - timedelta(days=current_app.config["LOGIN_ATTEMPT_KEEP_DAYS"]))
