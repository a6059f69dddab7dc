"""`flask purge-imports`: retention of uploaded lists; also run every night on the job queue."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from monitor import jobs
from monitor.core.db import utcnow
from monitor.core.transaction import committed
from monitor.imports.retention import purge_old_imports


@click.command("purge-imports")
@with_appcontext
@click.option(
    "--days",
    type=click.IntRange(min=0),  # a negative number of days would reach into the future
    default=None,
    help="Purge imports uploaded more than this many days ago (default: IMPORT_KEEP_DAYS); 0: every finished "
    "import, none still waiting",
)
@committed
def purge_imports_command(days):
    """Delete the uploaded file and preview of old imports (the batch, its SHA-256 and counts stay)."""
    days = current_app.config["IMPORT_KEEP_DAYS"] if days is None else days
    if days == 0:  # "older than now" would expire the import a worker is checking at this moment
        count = purge_old_imports(utcnow(), waiting_too=False)
        click.echo(f"{count} imports purged (every finished import).")
    else:
        count = purge_old_imports(utcnow() - timedelta(days=days))
        click.echo(f"{count} imports purged (uploaded more than {days} days ago).")


@jobs.periodic("imports.purge", jobs.crontab(hour="3", minute="20"))  # office time
def purge_imports_nightly() -> None:
    purge_old_imports(utcnow() - timedelta(days=current_app.config["IMPORT_KEEP_DAYS"]))
