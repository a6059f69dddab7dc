"""The reports' background work on the job queue (monitor/jobs): preparing an export, and the daily
purge of old export files."""

from __future__ import annotations

from flask import current_app

from monitor import jobs
from monitor.core.db import utcnow
from monitor.reports import exportfiles
from monitor.reports.prepared import PREPARE_TASK, fail_export, prepare_export, purge_exports

STALE_PART_SECONDS = 24 * 3600  # a temporary file untouched this long belongs to a job that died


def _gave_up(work: jobs.Work, code: str) -> None:
    if work.object_id is not None:
        fail_export(work.object_id, code)


@jobs.task(PREPARE_TASK, on_failure=_gave_up)
def prepare(work: jobs.Work) -> None:
    """Write the export `work.object_id` (see monitor/reports/prepared.py)."""
    if work.object_id is not None:
        prepare_export(work.object_id, work.attempt, work.progress)


@jobs.periodic("reports.purge-exports", jobs.crontab(hour="3", minute="40"))  # office time
def purge() -> None:
    """Daily: delete the files of exports past EXPORT_KEEP_DAYS and those left by dead jobs."""
    folder = exportfiles.export_dir(current_app.config, current_app.instance_path)
    purge_exports(utcnow(), folder, STALE_PART_SECONDS)
