"""`flask archive-closed`: retention of closed cases; also run every night on the job queue."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from monitor import jobs
from monitor.cases.services import archive_closed
from monitor.core.db import utcnow
from monitor.extensions import db


@click.command("archive-closed")
@with_appcontext
@click.option(
    "--days",
    type=int,
    default=None,
    help="Archive cases closed more than this many days ago (default: RETENTION_ARCHIVE_DAYS)",
)
def archive_closed_command(days):
    """Archive closed cases past the retention period: their records then open for supervisors only."""
    days = current_app.config["RETENTION_ARCHIVE_DAYS"] if days is None else days
    count = archive_closed(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"{count} closed cases archived (closed more than {days} days ago).")


@jobs.periodic("cases.archive-closed", jobs.crontab(hour="3", minute="10"))  # office time
def archive_closed_nightly() -> None:
    archive_closed(utcnow() - timedelta(days=current_app.config["RETENTION_ARCHIVE_DAYS"]))
