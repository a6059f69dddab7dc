"""Tasks the job tests enqueue: each writes one audit event for its object, so a test counts how
many times its work was kept."""

from __future__ import annotations

import time

from monitor import jobs
from monitor.audit.services import record_event
from monitor.extensions import db
from monitor.jobs.models import Job


@jobs.task("tests.record", max_attempts=3)
def record(work: jobs.Work) -> None:
    """Writes its event, then (on the attempts listed in `block_on`) waits to be killed."""
    blocking = work.attempt in work.args.get("block_on", [])
    if blocking:
        work.progress(1)  # before any write: SQLite lets one connection write at a time
    record_event("test_job_done", object_id_seen=work.object_id, attempt=work.attempt)
    db.session.flush()
    if blocking:
        time.sleep(work.args.get("seconds", 120))


def mark_failed(work: jobs.Work, code: str) -> None:
    record_event("test_job_gave_up", object_id_seen=work.object_id, code=code)


@jobs.task("tests.explode", max_attempts=2, retry_delay=0, on_failure=mark_failed)
def explode(work: jobs.Work) -> None:
    record_event("test_job_done", object_id_seen=work.object_id)
    raise RuntimeError("boom")


@jobs.task("tests.refuse", on_failure=mark_failed)
def refuse(work: jobs.Work) -> None:
    raise jobs.Failed("not_possible")


__all__ = ["Job", "explode", "record", "refuse"]
