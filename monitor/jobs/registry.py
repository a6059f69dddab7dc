"""What packages declare: tasks (work on a row, run by a worker) and periodic tasks (scheduled)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.jobs.models import Job

log = logging.getLogger(__name__)


class Failed(Exception):
    """Raised by a handler: give up now (no retry), with this code as the job's error."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Work:
    """What a handler gets: the job's object and arguments, and a way to report progress."""

    job_id: int
    object_id: int | None
    args: dict[str, Any]
    attempt: int  # 1 on the first run; the claim's token (a stale worker's writes are refused)
    engine: Any = field(default=None, repr=False)

    def progress(self, done: int) -> None:
        """Record how far the work got (shown on the page) and renew the lease, in a transaction of
        its own: the handler's work stays uncommitted until the runner commits it. On SQLite, once
        the handler has written, this waits for the busy timeout and gives up (nothing raised)."""
        try:
            renew(self, progress=done)
        except OperationalError:
            log.info("job %s: progress not written (database busy)", self.job_id)


def renew(work: Work, **values: Any) -> bool:
    """Extend the lease of the claim `work` holds; False when the claim is no longer its own."""
    now = utcnow()
    lease = current_app.config["JOBS_LEASE_SECONDS"]
    engine = work.engine or db.engine
    with engine.begin() as connection:
        result = connection.execute(
            update(Job)
            .where(Job.id == work.job_id, Job.status == "running", Job.attempts == work.attempt)
            .values(lease_until=_later(now, lease), heartbeat_at=now, **values)
        )
    return result.rowcount == 1


def _later(now: datetime, seconds: float) -> datetime:
    return now + timedelta(seconds=seconds)


@dataclass(frozen=True)
class TaskSpec:
    name: str
    handler: Callable[[Work], None]
    max_attempts: int | None  # None: JOBS_MAX_ATTEMPTS
    retry_delay: float
    on_failure: Callable[[Work, str], None] | None


@dataclass(frozen=True)
class PeriodicSpec:
    name: str
    handler: Callable[[], None]
    schedule: Callable[[datetime], bool] | None  # a huey crontab; None: at every sweep


TASKS: dict[str, TaskSpec] = {}
PERIODIC: dict[str, PeriodicSpec] = {}


def task(
    name: str,
    *,
    max_attempts: int | None = None,
    retry_delay: float = 10,
    on_failure: Callable[[Work, str], None] | None = None,
) -> Callable[[Callable[[Work], None]], Callable[[Work], None]]:
    """Declare a handler run by a worker for each job enqueued under `name` (see monitor.jobs)."""

    def decorator(handler: Callable[[Work], None]) -> Callable[[Work], None]:
        if name in TASKS and TASKS[name].handler is not handler:
            raise ValueError(f"job task {name!r} is declared twice")
        TASKS[name] = TaskSpec(name, handler, max_attempts, retry_delay, on_failure)
        handler.job_task = name  # type: ignore[attr-defined]
        return handler

    return decorator


def periodic(
    name: str, schedule: Callable[[datetime], bool] | None
) -> Callable[[Callable[[], None]], Callable[[], None]]:
    """Declare scheduled work: `schedule` is a `crontab(...)` (monitor.jobs.crontab) in the office's
    time (OFFICE_TIMEZONE), or None to run at every sweep of the worker (JOBS_SWEEP_SECONDS). It
    runs in an app context and is committed by the runner; it must be harmless when run twice
    (two workers, a retry)."""

    def decorator(handler: Callable[[], None]) -> Callable[[], None]:
        PERIODIC[name] = PeriodicSpec(name, handler, schedule)
        return handler

    return decorator


def task_name(task: str | Callable[..., Any]) -> str:
    name = task if isinstance(task, str) else getattr(task, "job_task", None)
    if name not in TASKS:
        raise LookupError(f"no job task {task!r}: declare it with monitor.jobs.task")
    return name
