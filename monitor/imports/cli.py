"""`flask purge-imports`: retention of uploaded lists; also run every night on the job queue."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from monitor import jobs
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.retention import purge_old_imports


@click.command("purge-imports")
@with_appcontext
@click.option(
    "--days",
    type=int,
    default=None,
    help="Purge imports uploaded more than this many days ago (default: IMPORT_KEEP_DAYS)",
)
def purge_imports_command(days):
    """Delete the uploaded file and preview of old imports (the batch, its SHA-256 and counts stay)."""
    days = current_app.config["IMPORT_KEEP_DAYS"] if days is None else days
    count = purge_old_imports(utcnow() - timedelta(days=days))
    db.session.commit()
    click.echo(f"{count} imports purged (uploaded more than {days} days ago).")


@jobs.periodic("imports.purge", jobs.crontab(hour="3", minute="20"))  # office time
def purge_imports_nightly() -> None:
    purge_old_imports(utcnow() - timedelta(days=current_app.config["IMPORT_KEEP_DAYS"]))
