"""ILO exports prepared in the background: asked for on a page, written by a job, downloaded when
ready (every download audited), deleted after EXPORT_KEEP_DAYS.

The `Export` row is the truth. `prepare_export` (the job) claims it with one conditional UPDATE
(queued, or running with a lapsed lease: its worker died), renews its lease while it writes, writes
the file under a temporary name, renames it when complete and marks the row ready in the same
transaction as the audit event, only if its claim still holds (`attempts` is the claim's token).
A second run of the same job finds nothing to claim, or overwrites the same final file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import or_, select, update

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
    The caller commits, then hands the export's id to the queue."""
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


def claim_export(export_id: int, now: datetime, lease: timedelta, max_attempts: int) -> int | None:
    """Take the export for this worker: one conditional UPDATE, so two workers never both hold it.
    Returns the claim's token (the attempt number), or None when there is nothing to do."""
    claimable = or_(Export.status == "queued", (Export.status == "running") & (Export.lease_until < now))
    result = db.session.execute(
        update(Export)
        .where(Export.id == export_id, claimable, Export.attempts < max_attempts)
        .values(status="running", attempts=Export.attempts + 1, lease_until=now + lease, started_at=now, progress=0)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    return db.session.scalar(select(Export.attempts).where(Export.id == export_id))


def _heartbeat(export_id: int, token: int, lease: timedelta):
    """A callback renewing the lease and recording the rows written, on a connection of its own
    (the job's session is reading); raises LeaseLost once another worker holds the export."""

    def beat(rows: int) -> None:
        with db.engine.begin() as connection:
            renewed = connection.execute(
                update(Export)
                .where(Export.id == export_id, Export.attempts == token, Export.status == "running")
                .values(progress=rows, lease_until=utcnow() + lease)
            ).rowcount
        if renewed != 1:
            raise LeaseLost(export_id)

    return beat


def _finish(export: Export, token: int, rows: int, size: int, keep: timedelta) -> bool:
    now = utcnow()
    done = db.session.execute(
        update(Export)
        .where(Export.id == export.id, Export.attempts == token, Export.status == "running")
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


def prepare_export(export_id: int) -> bool:
    """The job: write export `export_id` if it is there to take; True when this run made the file.
    Commits (it is the job runner's unit of work); safe to run twice or after a killed run."""
    config = current_app.config
    lease = timedelta(seconds=config["EXPORT_LEASE_SECONDS"])
    token = claim_export(export_id, utcnow(), lease, config["EXPORT_MAX_ATTEMPTS"])
    db.session.commit()
    if token is None:
        return False
    allow_long_statements(db.session)
    export = db.session.get(Export, export_id)
    if export is None:  # deleted meanwhile
        return False
    folder = exportfiles.export_dir(config, current_app.instance_path)
    name = exportfiles.final_name(export.id, export.kind)
    try:
        with exportfiles.written_atomically(folder, name) as part:
            rows = _write(export, part, _heartbeat(export.id, token, lease))
            size = part.stat().st_size
        db.session.commit()  # ends the reading transaction (SQLite: a write needs a fresh snapshot)
        made = _finish(export, token, rows, size, timedelta(days=config["EXPORT_KEEP_DAYS"]))
        db.session.commit()
        return made
    except LeaseLost:
        db.session.rollback()
        return False
    except Exception:
        db.session.rollback()
        _fail(export_id, token, "error")
        db.session.commit()
        raise


def _fail(export_id: int, token: int, error: str) -> None:
    db.session.execute(
        update(Export)
        .where(Export.id == export_id, Export.attempts == token, Export.status == "running")
        .values(status="failed", error=error, finished_at=utcnow(), lease_until=None)
        .execution_options(synchronize_session=False)
    )


def claimable_exports(now: datetime, max_attempts: int) -> list[int]:
    """Exports waiting for a worker, or whose worker died (lease lapsed): the sweep's list. Those
    that died too often become failed (the caller commits)."""
    lapsed = (Export.status == "running") & (Export.lease_until < now)
    db.session.execute(
        update(Export)
        .where(lapsed, Export.attempts >= max_attempts)
        .values(status="failed", error="attempts", finished_at=now, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return list(
        db.session.scalars(
            select(Export.id).where(or_(Export.status == "queued", lapsed)).order_by(Export.created_at, Export.id)
        )
    )


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
