"""Checking and committing an import run as jobs on the queue (monitor/jobs), so a large file never
holds a page open and a stopped worker's work is taken up again. The batch's status is the truth:
each step starts (or ends) with a conditional UPDATE on it, so a second run, or a second click on
"Import the rows", finds nothing left to do."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select, update

from monitor import jobs
from monitor.auth.models import User
from monitor.core.office import office_today
from monitor.extensions import db
from monitor.imports import services
from monitor.imports.models import ImportBatch
from monitor.imports.reader import ImportRefused
from monitor.jobs.models import LIVE, Job
from monitor.registry.data import RegistryError


def _move(batch_id: int, before: str, after: str, **values) -> bool:
    """The batch goes from `before` to `after` in one conditional UPDATE (on PostgreSQL it also
    holds the row until the transaction ends); False when it was not in `before` any more."""
    moved = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id, ImportBatch.status == before)
        .values(status=after, **values)
        .execution_options(synchronize_session="fetch")
    )
    return moved.rowcount == 1


def start_check(batch: ImportBatch, user) -> Job | None:
    """Queue the check of a mapped batch (the caller commits); None when it left "mapping" already."""
    db.session.flush()
    if not _move(batch.id, "mapping", "checking", checked_rows=0, error=""):
        return None
    return jobs.enqueue(check_import, object_id=batch.id, user_id=user.id)


def start_commit(batch_id: int, user, include: list[int]) -> Job | None:
    """Queue the commit of a checked batch (the caller commits). The status check and change are one
    atomic UPDATE: of two clicks (or two tabs) only the first queues anything."""
    if not _move(batch_id, "checked", "committing", error=""):
        return None
    return jobs.enqueue(commit_import, object_id=batch_id, user_id=user.id, include=sorted(set(include)))


def current_job(batch: ImportBatch) -> Job | None:
    """The job of the batch's current step, for its page (waiting, progress, restarted)."""
    task = {"checking": check_import, "committing": commit_import}.get(batch.status)
    return jobs.latest(task, batch.id) if task else None


def _check_failed(work: jobs.Work, code: str) -> None:
    _move(work.object_id, "checking", "failed", error=code)


def _commit_failed(work: jobs.Work, code: str) -> None:
    _move(work.object_id, "committing", "checked", error=code)  # nothing written; the preview stays


@jobs.task("imports.check", on_failure=_check_failed)
def check_import(work: jobs.Work) -> None:
    """The preview of every row. Reads only until its last UPDATE, so on SQLite other people's saves
    go on meanwhile; the progress is written beside it (work.progress)."""
    batch = db.session.get(ImportBatch, work.object_id)
    if batch is None or batch.status != "checking":
        return
    user = db.session.get(User, work.args["user_id"])
    try:
        report = services.check(batch, user, office_today(), services.limits_from(current_app.config), work.progress)
    except ImportRefused as error:
        db.session.rollback()
        _move(work.object_id, "checking", "failed", error=error.code)
        return
    if _move(work.object_id, "checking", "checked", checked_rows=report["counts"]["rows"], counts=report["counts"]):
        services.kept(batch).report = report


@jobs.task("imports.commit", on_failure=_commit_failed)
def commit_import(work: jobs.Work) -> None:
    """All accepted rows in one transaction, committed by the runner with the job's "done"."""
    if not _move(work.object_id, "committing", "committing"):  # taken first: a second run stops here
        return
    batch = db.session.get(ImportBatch, work.object_id)
    user = db.session.get(User, work.args["user_id"])
    try:
        limits = services.limits_from(current_app.config)
        services.commit(batch, set(work.args["include"]), user, office_today(), limits)
    except (ImportRefused, RegistryError) as error:  # nothing written; the preview stays
        db.session.rollback()
        _move(work.object_id, "committing", "checked", error=getattr(error, "code", "internal"))


@jobs.periodic("imports.resume", jobs.crontab(minute="*/10"))
def resume_orphans() -> None:
    """Imports left checking or committing with no live job (started by the request threads of
    earlier versions, which died with their process): a check is queued again; a commit, whose
    choices are lost, goes back to the preview with a message (nothing of it was written)."""
    live = select(Job.object_id).where(
        Job.task.in_([check_import.job_task, commit_import.job_task]), Job.status.in_(LIVE), Job.object_id.is_not(None)
    )
    for batch in db.session.scalars(
        select(ImportBatch).where(ImportBatch.status.in_(("checking", "committing")), ImportBatch.id.not_in(live))
    ):
        if batch.status == "checking":
            jobs.enqueue(check_import, object_id=batch.id, user_id=batch.created_by_id)
        else:
            batch.status, batch.error = "checked", "worker_stopped"
