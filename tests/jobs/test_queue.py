"""The job queue: jobs run in real worker processes, a worker killed mid-job (kill -9) leaves its
job to the next worker, which finishes it once; a job run twice keeps its work once; a failing job
is retried, then fails with its reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from monitor import jobs
from monitor.audit.models import AuditEvent
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.jobs import runner
from monitor.jobs.models import Job
from tests.jobs import tasks
from tests.workers import wait_for

STORAGES = ["sqlite", "redis"]


def events(app, action: str = "test_job_done") -> list[dict]:
    with app.app_context():
        found = [e.details for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == action))]
        db.session.remove()
        return found


def job_row(app, job_id: int) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        db.session.expunge(job)
        db.session.remove()
        return job


def enqueue(app, task, object_id: int, **args) -> int:
    with app.app_context():
        job = jobs.enqueue(task, object_id=object_id, **args)
        db.session.commit()
        job_id = job.id
        db.session.remove()
        return job_id


@pytest.mark.parametrize("job_worker", STORAGES, indirect=True)
def test_a_job_runs_in_a_real_worker_process(job_worker):
    job_id = enqueue(job_worker.app, tasks.record, object_id=7)
    assert job_row(job_worker.app, job_id).status == "queued"
    job_worker.start()
    wait_for(lambda: job_row(job_worker.app, job_id).status == "done", 30, message=job_worker.log_text)
    assert [e["object_id_seen"] for e in events(job_worker.app)] == [7]


@pytest.mark.parametrize("job_worker", STORAGES, indirect=True)
def test_a_job_whose_worker_is_killed_is_finished_once_by_the_next_worker(job_worker):
    job_id = enqueue(job_worker.app, tasks.record, object_id=8, block_on=[1])
    first = job_worker.start()
    wait_for(lambda: job_row(job_worker.app, job_id).progress == 1, 30, message="the first worker to start the job")
    job_worker.kill(first)
    stopped = job_row(job_worker.app, job_id)
    assert (stopped.status, stopped.attempts) == ("running", 1)  # the row still says running ...
    assert events(job_worker.app) == []  # ... and the killed run kept nothing
    job_worker.start()
    done = wait_for(
        lambda: (row := job_row(job_worker.app, job_id)).status == "done" and row, 20, message="the second worker"
    )
    assert (done.attempts, done.requeued) == (2, "worker_stopped")
    assert events(job_worker.app) == [{"object_id_seen": 8, "attempt": 2}]


def test_a_job_handed_over_twice_keeps_its_work_once(app, database):
    job_id = enqueue(app, tasks.record, object_id=9)  # immediate mode: runs at the commit
    runner.run_job(app, job_id)  # a duplicate message, or a second worker
    assert job_row(app, job_id).status == "done"
    assert len(events(app)) == 1


def test_a_job_is_not_run_when_its_transaction_rolls_back(app, database):
    with app.app_context():
        jobs.enqueue(tasks.record, object_id=10)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert events(app) == []


def test_a_failing_job_is_retried_then_fails_with_its_reason(app, database):
    job_id = enqueue(app, tasks.explode, object_id=11)
    job = job_row(app, job_id)
    assert (job.status, job.attempts, job.error) == ("failed", 2, "internal")
    assert events(app) == []  # each failed run was rolled back
    assert events(app, "test_job_gave_up") == [{"object_id_seen": 11, "code": "internal"}]


def test_a_job_that_refuses_fails_at_once(app, database):
    job_id = enqueue(app, tasks.refuse, object_id=12)
    job = job_row(app, job_id)
    assert (job.status, job.attempts, job.error) == ("failed", 1, "not_possible")


def test_the_sweep_gives_up_on_a_job_whose_workers_kept_stopping(app, database):
    with app.app_context():
        job = Job(task="tests.record", object_id=13, status="running", attempts=3, max_attempts=3)
        job.lease_until = utcnow() - timedelta(seconds=1)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    runner.sweep(app)
    job = job_row(app, job_id)
    assert (job.status, job.error) == ("failed", "worker_stopped")


def test_the_sweep_leaves_a_job_whose_worker_is_alive(app, database):
    with app.app_context():
        job = Job(task="tests.record", object_id=14, status="running", attempts=1, max_attempts=3)
        job.lease_until = utcnow() + timedelta(seconds=60)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    runner.sweep(app)
    assert job_row(app, job_id).status == "running"
    with app.app_context():  # its lease passes: the next sweep takes it again (immediate: runs now)
        db.session.execute(update(Job).values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    runner.sweep(app)
    job = job_row(app, job_id)
    assert (job.status, job.attempts, job.requeued) == ("done", 2, "worker_stopped")


def test_one_live_job_per_task_and_object(app, database):
    with app.app_context():
        db.session.add(Job(task="tests.record", object_id=15, status="queued"))
        db.session.add(Job(task="tests.record", object_id=15, status="queued"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
