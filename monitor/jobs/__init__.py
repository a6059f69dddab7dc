"""Background work on a job queue (Huey), the database row of each job being the truth about it.

Declare a task in any package (in a module the app imports: its routes, services or cli):

    from monitor import jobs

    @jobs.task("imports.check", on_failure=mark_failed)
    def check_import(work: jobs.Work) -> None:
        batch = ...  # load work.object_id; start with a conditional UPDATE on the object's status,
                     # so a second run finds nothing to do
        work.progress(rows_done)  # optional: shown on pages, renews the lease
        # flush, never commit: the runner commits the work with the job's "done", or rolls back

Enqueue from a service, in the transaction that moves the object's status:

    jobs.enqueue(check_import, object_id=batch.id, user_id=user.id)  # a Job row, flushed

The job reaches the queue when that transaction commits (never if it rolls back). A worker claims
the row (queued -> running, with a lease and an attempt count), a heartbeat renews the lease, and
the sweep (every JOBS_SWEEP_SECONDS) re-queues jobs whose worker stopped (kill -9, a restart) and
hands over queued jobs no worker took; after JOBS_MAX_ATTEMPTS a job fails, calling on_failure.
A handler raises `jobs.Failed(code)` to give up at once. Pages read `jobs.latest(task, object_id)`.

Scheduled work, committed by the runner, harmless when run twice:

    @jobs.periodic("cases.archive-closed", jobs.crontab(hour="2", minute="30"))  # office time
    def archive() -> None: ...

`flask worker` runs the consumer (HUEY_URL: empty = SQLite file in instance/, or redis://...).
Tests run jobs in immediate mode (HUEY_IMMEDIATE, the same runner) or start a real worker process
with the `job_worker` fixture (tests/workers.py).
"""

from __future__ import annotations

from huey import crontab
from sqlalchemy import select

from monitor.extensions import db
from monitor.jobs.models import Job
from monitor.jobs.queue import enqueue, init_app
from monitor.jobs.registry import Failed, Work, periodic, task, task_name


def latest(task, object_id: int) -> Job | None:
    """The newest job of `task` (a handler or its name) on the object, for pages to describe."""
    return db.session.scalar(
        select(Job).where(Job.task == task_name(task), Job.object_id == object_id).order_by(Job.id.desc()).limit(1)
    )


__all__ = ["Failed", "Job", "Work", "crontab", "enqueue", "init_app", "latest", "periodic", "task"]
