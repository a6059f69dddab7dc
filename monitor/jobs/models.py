"""The row of each piece of background work: the truth about it, whatever the queue holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from monitor.core.db import one_of, utcnow
from monitor.extensions import db

JOB_STATUSES = ("queued", "running", "done", "failed")
LIVE = ("queued", "running")
# Why a job went back to the queue: its worker stopped (killed, restarted) or the handler raised.
REQUEUE_REASONS = ("", "worker_stopped", "error", "not_picked_up")


class Job(db.Model):
    """One job: queued, then claimed by a worker (running, with a lease the worker keeps renewing),
    then done or failed. A running job whose lease has passed lost its worker and is queued again."""

    __tablename__ = "job"
    __table_args__ = (
        one_of("status", JOB_STATUSES),
        one_of("requeued", REQUEUE_REASONS),
        CheckConstraint("attempts >= 0 AND max_attempts >= 1 AND progress >= 0", name="counts_not_negative"),
        CheckConstraint("status <> 'running' OR lease_until IS NOT NULL", name="running_has_lease"),
        # At most one live job per task and object: a second "check" or "commit" of an import is refused.
        Index(
            "uq_job_live_task_object",
            "task",
            "object_id",
            unique=True,
            sqlite_where=text("status IN ('queued', 'running') AND object_id IS NOT NULL"),
            postgresql_where=text("status IN ('queued', 'running') AND object_id IS NOT NULL"),
        ),
        Index("ix_job_status_lease_until", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(60))  # a name declared with monitor.jobs.task
    object_id: Mapped[int | None] = mapped_column(Integer)  # the row the job works on (an import ...)
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far; the current one's number
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    requeued: Mapped[str] = mapped_column(String(20), default="")  # REQUEUE_REASONS
    progress: Mapped[int] = mapped_column(Integer, default=0)  # e.g. rows checked so far
    error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)  # last handed to the queue
    started_at: Mapped[datetime | None] = mapped_column()
    lease_until: Mapped[datetime | None] = mapped_column()
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    # The claiming worker, "host:pid:start time": on SQLite a handler's own write transaction
    # blocks its heartbeat, so the sweep there also asks whether that process is still running.
    claimed_by: Mapped[str] = mapped_column(String(80), default="")
    finished_at: Mapped[datetime | None] = mapped_column()

    @property
    def waiting(self) -> bool:
        """Queued and never started: no worker has taken it yet."""
        return self.status == "queued" and self.attempts == 0
