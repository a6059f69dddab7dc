"""Jobs go to the queue when the transaction that created (or re-queued) them commits."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PENDING = "monitor.jobs.pending"
RUN_JOB = "monitor.run-job"


def hand_over_after_commit(session: Session, job_id: int, delay: float = 0) -> None:
    session.info.setdefault(PENDING, []).append((job_id, delay))


def hand_over(app: Flask, job_id: int, delay: float = 0) -> None:
    """Put the job on the queue (a message naming the job row; the row says the rest)."""
    run_job = app.extensions["huey.run_job"]
    try:
        if delay:
            run_job.schedule((job_id,), delay=delay)
        else:
            run_job(job_id)
    except Exception:  # the broker is away: the sweep hands queued rows over again
        log.exception("job %s: could not be handed to the queue; the sweep will retry", job_id)


@event.listens_for(Session, "after_commit")
def _hand_over_committed(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if pending:
        app = current_app._get_current_object()
        for job_id, delay in pending:
            hand_over(app, job_id, delay)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session) -> None:
    session.info.pop(PENDING, None)
