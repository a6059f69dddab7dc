"""The Huey instance of an app, built from its configuration, and the hand-over of jobs to it once
the transaction that created them commits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey

from monitor.extensions import db
from monitor.jobs import registry, runner
from monitor.jobs.handover import RUN_JOB, hand_over_after_commit
from monitor.jobs.models import Job


def make_huey(config, instance_path: str) -> Huey:
    """HUEY_URL: redis://... (production, several processes), sqlite:///path, or empty for a
    SQLite file under instance/ (a laptop: no other service). HUEY_IMMEDIATE runs each job when
    it is handed over, in the same process (tests), through the same runner."""
    url = config.get("HUEY_URL") or ""
    options = {"immediate": bool(config["HUEY_IMMEDIATE"]), "results": False, "utc": True}
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(config["HUEY_NAME"], url=url, **options)
    if url and not url.startswith("sqlite:///"):
        raise ValueError(f"HUEY_URL {url!r}: use redis://host:port/db or sqlite:///path")
    filename = url.removeprefix("sqlite:///") if url else str(Path(instance_path) / "huey.db")
    return SqliteHuey(config["HUEY_NAME"], filename=filename, **options)


def init_app(app: Flask) -> Huey:
    """Build the app's queue with every task and periodic task declared so far (the factory calls
    this last, once every module is imported)."""
    huey = make_huey(app.config, app.instance_path)

    @huey.task(name=RUN_JOB)
    def run_job(job_id: int) -> None:
        runner.run_job(app, job_id)

    for spec in registry.PERIODIC.values():
        _register_periodic(huey, app, spec)
    huey.periodic_task(lambda _now: True, name="monitor.sweep")(lambda: runner.sweep(app))
    app.extensions["huey"] = huey
    app.extensions["huey.run_job"] = run_job
    return huey


def _register_periodic(huey: Huey, app: Flask, spec: registry.PeriodicSpec) -> None:
    fired: set[tuple] = set()
    office = ZoneInfo(app.config["OFFICE_TIMEZONE"])

    def due(utc_now: datetime) -> bool:
        if spec.schedule is None:
            return True
        # Schedules are in the office's time (Huey gives naive UTC).
        now = utc_now.replace(tzinfo=UTC).astimezone(office).replace(tzinfo=None)
        # The scheduler may look more than once a minute (JOBS_SWEEP_SECONDS): a crontab fires once.
        minute = (now.year, now.month, now.day, now.hour, now.minute)
        if minute in fired or not spec.schedule(now):
            return False
        fired.clear()
        fired.add(minute)
        return True

    huey.periodic_task(due, name=spec.name)(lambda: runner.run_periodic(app, spec))


def enqueue(task, object_id: int | None = None, **args) -> Job:
    """A job row for `task` (a declared handler or its name) in the caller's transaction; it goes to
    the queue when that transaction commits, and never if it rolls back."""
    name = registry.task_name(task)
    spec = registry.TASKS[name]
    job = Job(
        task=name,
        object_id=object_id,
        args=args,
        max_attempts=spec.max_attempts or current_app.config["JOBS_MAX_ATTEMPTS"],
    )
    db.session.add(job)
    db.session.flush()
    hand_over_after_commit(db.session(), job.id)
    return job
