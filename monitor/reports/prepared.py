"""ILO exports prepared in the background: asked for on a page, written by a job, downloaded when
ready (every download audited), deleted after EXPORT_KEEP_DAYS.

The `Export` row is the truth about the export, its job's row (monitor/jobs) about the work: the
export is queued with its job in one transaction; the worker claims the job (a conditional UPDATE,
with a lease and an attempt number), and `prepare_export` takes the export under that attempt
number (another conditional UPDATE), renews both leases while it writes the file under a temporary
name, renames it when complete and marks the row ready with the audit event in the transaction the
runner commits with the job's "done". A killed worker's job is queued again by the sweep and
writes the same final file again; a second run of a finished job finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update

from monitor import jobs
from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.core.office import office_today, office_zone
from monitor.core.permissions import area_paths
from monitor.core.roles import Permission
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.reports import exportfiles
from monitor.reports.export import audit_export, write_export
from monitor.reports.figures import Period
from monitor.reports.keys import pseudonym_key
from monitor.reports.labels import export_labels
from monitor.reports.models import Export

FORMATS = {"workbook": "xlsx", "zip": "zip"}
MIMETYPES = {
    "workbook": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
PAGE = 50  # exports listed on the page
PREPARE_TASK = "reports.prepare_export"  # declared in monitor/reports/tasks.py


class LeaseLost(Exception):
    """Another worker took the export over (this one's lease had lapsed)."""


class ExportRefused(Exception):
    """The user may not download this export (another scope or no permission)."""


class ExportGone(Exception):
    """The export is not (or no longer) there to download: not ready, expired or its file missing."""


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    mimetype: str


def request_export(
    user, kind: str, paths: list[str], area_id: int | None, area_names: list[str], period: Period, language: str
) -> Export:
    """Queue an export of `paths` (already limited to the user's areas) for the period; audited.
    Its job goes to the queue when the caller commits."""
    export = Export(
        kind=kind,
        paths=list(paths),
        area_id=area_id,
        area_names=list(area_names),
        period_start=period.start,
        period_end=period.end,
        language=language,
        requested_by_id=user.id,
        status="queued",
        progress=0,
        attempts=0,
        error="",
        created_at=utcnow(),
    )
    db.session.add(export)
    db.session.flush()
    jobs.enqueue(PREPARE_TASK, object_id=export.id)
    record_event(
        "export_requested",
        user=user,
        obj=export,
        kind=kind,
        period=[period.start.isoformat(), period.end.isoformat()],
        areas=list(area_names),
    )
    db.session.flush()
    return export


def my_exports(user) -> list[Export]:
    """The user's own exports, newest first."""
    return list(
        db.session.scalars(
            select(Export)
            .where(Export.requested_by_id == user.id)
            .order_by(Export.created_at.desc(), Export.id.desc())
            .limit(PAGE)
        )
    )


def _start(export_id: int, attempt: int, lease: timedelta) -> bool:
    """Mark the export running under the job's claim `attempt`, on a connection of its own (shown on
    the page at once; the job's session writes nothing until the end, so SQLite's one writer is not
    held while the file is written). Refused once a later claim took the export, or when it is over."""
    now = utcnow()
    with db.engine.begin() as connection:
        started = connection.execute(
            update(Export)
            .where(Export.id == export_id, Export.status.in_(("queued", "running")), Export.attempts < attempt)
            .values(status="running", attempts=attempt, lease_until=now + lease, started_at=now, progress=0)
        ).rowcount
    return started == 1


def _heartbeat(export_id: int, attempt: int, lease: timedelta, also: Callable[[int], None] | None = None):
    """A callback recording the rows written and renewing the export's lease, on a connection of its
    own; raises LeaseLost once another claim holds the export. `also` hears the rows too (the job's
    own progress and lease)."""

    def beat(rows: int) -> None:
        with db.engine.begin() as connection:
            renewed = connection.execute(
                update(Export)
                .where(Export.id == export_id, Export.attempts == attempt, Export.status == "running")
                .values(progress=rows, lease_until=utcnow() + lease)
            ).rowcount
        if renewed != 1:
            raise LeaseLost(export_id)
        if also is not None:
            also(rows)

    return beat


def _finish(export: Export, attempt: int, rows: int, size: int, keep: timedelta) -> bool:
    now = utcnow()
    done = db.session.execute(
        update(Export)
        .where(Export.id == export.id, Export.attempts == attempt, Export.status == "running")
        .values(
            status="ready",
            rows=rows,
            progress=rows,
            size=size,
            file_name=exportfiles.final_name(export.id, export.kind),
            finished_at=now,
            expires_at=now + keep,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if done == 1:
        period = Period(export.period_start, export.period_end, office_zone())
        audit_export(export.requested_by, FORMATS[export.kind], period, export.area_names, rows, export_id=export.id)
    db.session.flush()
    return done == 1


def _write(export: Export, target: Path, progress) -> int:
    config = current_app.config
    period = Period(export.period_start, export.period_end, office_zone())
    with force_locale(export.language):
        return write_export(
            export.paths,
            export.area_names,
            period,
            export.requested_by.username,
            pseudonym_key(current_app),
            config["REPORT_SUPPRESS_BELOW"],
            export_labels(),
            str(target),
            FORMATS[export.kind],
            office_today(),
            export.language,
            progress,
        )


def prepare_export(export_id: int, attempt: int, progress: Callable[[int], None] | None = None) -> bool:
    """The export job's work under claim `attempt` (the job's attempt number): write the file, then
    mark the export ready with its audit event, flushed for the job runner to commit with the job.
    True when this run made the file; a second run finds the export over and does nothing, a run
    whose claim was taken over stops at its next heartbeat (LeaseLost, nothing kept)."""
    config = current_app.config
    lease = timedelta(seconds=config["JOBS_LEASE_SECONDS"])
    if not _start(export_id, attempt, lease):
        return False
    allow_long_statements(db.session)
    export = db.session.get(Export, export_id)
    if export is None:
        return False
    folder = exportfiles.export_dir(config, current_app.instance_path)
    with exportfiles.written_atomically(folder, exportfiles.final_name(export.id, export.kind)) as part:
        rows = _write(export, part, _heartbeat(export.id, attempt, lease, progress))
        size = part.stat().st_size
    return _finish(export, attempt, rows, size, timedelta(days=config["EXPORT_KEEP_DAYS"]))


def fail_export(export_id: int, error: str) -> None:
    """The job gave up (its last attempt failed, or its worker died once too often): the page says so."""
    db.session.execute(
        update(Export)
        .where(Export.id == export_id, Export.status.in_(("queued", "running")))
        .values(status="failed", error=error[:200], finished_at=utcnow(), lease_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()


def may_download(user, export: Export) -> bool:
    """Deny by default: the user holds the export permission now and every area of the export lies
    within the user's areas now (the requester too: one moved off an area no longer downloads it)."""
    if not user.can(Permission.EXPORT_AGGREGATES) or not export.paths:
        return False
    mine = area_paths(user)
    return all(any(path.startswith(own) for own in mine) for path in export.paths)


def download_export(user, export_id: int, now: datetime) -> Download:
    """The file of a ready export for `user`, the download audited (the caller commits). Raises
    ExportRefused (outside the user's permission or areas) or ExportGone."""
    export = db.session.get(Export, export_id)
    if export is None:
        raise ExportGone(export_id)
    if not may_download(user, export):
        raise ExportRefused(export_id)
    if export.status != "ready" or export.expires_at is None or export.expires_at <= now:
        raise ExportGone(export_id)
    folder = exportfiles.export_dir(current_app.config, current_app.instance_path)
    path = exportfiles.complete_file(folder, export.file_name, export.size)
    if path is None:
        raise ExportGone(export_id)
    record_event(
        "export_downloaded",
        user=user,
        obj=export,
        kind=export.kind,
        requested_by=export.requested_by_id,
        period=[export.period_start.isoformat(), export.period_end.isoformat()],
        areas=export.area_names,
        size=export.size,
    )
    db.session.flush()
    return Download(path, download_name(export.kind, export.period_start, export.period_end), MIMETYPES[export.kind])


def download_name(kind: str, start: date, end: date) -> str:
    return f"monitor-ilo-{start:%Y%m%d}-{end:%Y%m%d}.{FORMATS[kind]}"


def purge_exports(now: datetime, folder: Path, stale_seconds: float) -> int:
    """Delete the files of exports past their time (they become expired) and files left by jobs that
    died; returns how many exports expired (the caller commits)."""
    due = list(db.session.scalars(select(Export).where(Export.status == "ready", Export.expires_at <= now)))
    for export in due:
        exportfiles.remove(folder, export.file_name)
        export.status, export.file_name = "expired", None
    ready = set(db.session.scalars(select(Export.file_name).where(Export.status == "ready")))
    for path in exportfiles.leftovers(folder, stale_seconds, {name for name in ready if name}):
        path.unlink(missing_ok=True)
    if due:
        record_event("exports_purged", count=len(due), before=now.isoformat(timespec="seconds"))
    db.session.flush()
    return len(due)
