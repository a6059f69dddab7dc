"""Running a job: claim its row (one conditional UPDATE), run the handler in a fresh session while
a heartbeat renews the lease, then commit the work together with the row's "done" (or roll both
back). The sweep re-queues jobs whose worker stopped and hands over those never picked up."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update

from monitor.core.db import utcnow
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.jobs import registry
from monitor.jobs.handover import hand_over_after_commit
from monitor.jobs.models import Job

log = logging.getLogger(__name__)


def _started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, Linux), so that a new process that reuses
    a dead worker's number is not taken for it; "" where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return ""


WORKER = f"{socket.gethostname()}:{os.getpid()}:{_started(os.getpid())}"


def claim(job_id: int, lease_seconds: float) -> int | None:
    """Take the job if it is still queued (one conditional UPDATE); the claim's number (the
    attempt), or None when another worker has it or it is over (a duplicate message). A running
    job whose worker stopped is queued again by the sweep first."""
    now = utcnow()
    attempt = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued", Job.attempts < Job.max_attempts)
        .values(
            status="running",
            attempts=Job.attempts + 1,
            lease_until=now + timedelta(seconds=lease_seconds),
            heartbeat_at=now,
            started_at=now,
            claimed_by=WORKER,
        )
        .returning(Job.attempts)
    ).scalar()
    db.session.commit()
    return attempt


def alive_here(claimed_by: str) -> bool:
    """Whether the claiming worker is a process still running on this host."""
    host, _sep, rest = claimed_by.partition(":")
    pid, _sep, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return _started(int(pid)) == started


def _settle(work: registry.Work, expired_before: datetime | None = None, **values) -> bool:
    """The claim's last write, in the handler's transaction: refused when the claim was lost (or,
    for the sweep, when the lease was renewed meanwhile)."""
    query = update(Job).where(Job.id == work.job_id, Job.status == "running", Job.attempts == work.attempt)
    if expired_before is not None:
        query = query.where(Job.lease_until < expired_before)
    if values["status"] in ("done", "failed"):
        values["finished_at"] = utcnow()
    return db.session.execute(query.values(lease_until=None, **values)).rowcount == 1


class Heartbeat(threading.Thread):
    """Renews the lease while the handler works (in the worker process; never in a request)."""

    def __init__(self, app: Flask, work: registry.Work):
        super().__init__(daemon=True, name=f"job-{work.job_id}-heartbeat")
        self.app, self.work, self.stopped = app, work, threading.Event()
        self.interval = max(app.config["JOBS_LEASE_SECONDS"] / 3, 0.2)

    def run(self) -> None:
        with self.app.app_context():
            while not self.stopped.wait(self.interval):
                try:
                    if not registry.renew(self.work):
                        return
                except Exception:  # SQLite busy behind the handler's own write: try again later
                    log.info("job %s: heartbeat not written (database busy)", self.work.job_id)


def run_job(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            attempt = claim(job_id, app.config["JOBS_LEASE_SECONDS"])
            if attempt is None:
                return  # done, failed, or running in another worker: a duplicate message
            job = db.session.get(Job, job_id)
            spec = registry.TASKS.get(job.task)
            work = registry.Work(job.id, job.object_id, dict(job.args), attempt, db.engine)
            db.session.commit()
            if spec is None:
                _give_up(None, work, "unknown_task")
                return
            _run(app, spec, work, job.max_attempts)
        finally:
            db.session.remove()


def _run(app: Flask, spec: registry.TaskSpec, work: registry.Work, max_attempts: int) -> None:
    heartbeat = None if app.extensions["huey"].immediate else Heartbeat(app, work)
    if heartbeat:
        heartbeat.start()
    try:
        allow_long_statements(db.session)
        spec.handler(work)
        if _settle(work, status="done", error=""):
            db.session.commit()
        else:
            db.session.rollback()
            log.warning("job %s: its claim was taken over while it ran; its work was not kept", work.job_id)
    except registry.Failed as failure:
        db.session.rollback()
        _give_up(spec, work, failure.code)
    except Exception:
        db.session.rollback()
        log.exception("job %s (%s), attempt %s failed", work.job_id, spec.name, work.attempt)
        if work.attempt < max_attempts:
            if _settle(work, status="queued", requeued="error", error="internal", enqueued_at=utcnow()):
                hand_over_after_commit(db.session(), work.job_id, spec.retry_delay)
            db.session.commit()
        else:
            _give_up(spec, work, "internal")
    finally:
        if heartbeat:
            heartbeat.stopped.set()


def _give_up(
    spec: registry.TaskSpec | None, work: registry.Work, code: str, expired_before: datetime | None = None
) -> None:
    if _settle(work, expired_before, status="failed", error=code[:200]):
        if spec and spec.on_failure:
            spec.on_failure(work, code)
        db.session.commit()
    else:
        db.session.rollback()


def sweep(app: Flask) -> None:
    """Jobs whose lease passed (their worker stopped) go back to the queue, or fail after their
    last attempt; queued jobs no worker took within JOBS_PICKUP_SECONDS are handed over again."""
    with app.app_context():
        try:
            now = utcnow()
            sqlite = db.engine.dialect.name == "sqlite"  # one writer at a time: heartbeats can wait
            stale = db.session.execute(
                select(Job.id, Job.task, Job.object_id, Job.args, Job.attempts, Job.max_attempts, Job.claimed_by).where(
                    Job.status == "running", Job.lease_until < now
                )
            ).all()
            for row in stale:
                if sqlite and alive_here(row.claimed_by):
                    continue  # its heartbeat waits behind its own write (SQLite): not stopped
                work = registry.Work(row.id, row.object_id, dict(row.args), row.attempts, db.engine)
                if row.attempts >= row.max_attempts:
                    _give_up(registry.TASKS.get(row.task), work, "worker_stopped", now)
                    continue
                if _settle(work, now, status="queued", requeued="worker_stopped", enqueued_at=now):
                    hand_over_after_commit(db.session(), row.id)
                db.session.commit()
            waiting = list(
                db.session.scalars(
                    select(Job.id).where(
                        Job.status == "queued",
                        Job.enqueued_at < now - timedelta(seconds=app.config["JOBS_PICKUP_SECONDS"]),
                    )
                )
            )
            for job_id in waiting:
                db.session.execute(update(Job).where(Job.id == job_id, Job.status == "queued").values(enqueued_at=now))
                hand_over_after_commit(db.session(), job_id)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("job sweep failed")
        finally:
            db.session.remove()


def run_periodic(app: Flask, spec: registry.PeriodicSpec) -> None:
    with app.app_context():
        try:
            allow_long_statements(db.session)
            spec.handler()
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("periodic task %s failed", spec.name)
        finally:
            db.session.remove()
