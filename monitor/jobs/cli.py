"""`flask worker`: the queue's consumer, running jobs and the scheduled work."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext
from huey.consumer import Consumer


class SweepingConsumer(Consumer):
    """Huey's consumer whose scheduler looks at the periodic tasks every `sweep_seconds` instead of
    every minute (the sweep of stopped workers' jobs; crontab tasks still fire once a minute)."""

    def __init__(self, huey, sweep_seconds: int = 60, **options):
        self.sweep_seconds = sweep_seconds
        super().__init__(huey, **options)

    def _create_scheduler(self):
        scheduler = super()._create_scheduler()
        scheduler.periodic_task_seconds = self.sweep_seconds
        return scheduler


@click.command("worker")
@click.option("--workers", "-w", type=int, default=None, help="Jobs run at once (default: JOBS_WORKERS)")
@click.option(
    "--no-periodic", is_flag=True, help="Leave the scheduled work to another worker (run it in one worker only)"
)
@click.option("--quiet", is_flag=True, help="Log only warnings and errors (not every job started and done)")
@with_appcontext
def worker_command(workers, no_periodic, quiet):
    """Run background jobs (imports, exports) and the scheduled work until stopped (Ctrl+C, SIGTERM)."""
    if quiet:  # `make run`: the terminal shows the server's requests, not the sweep every minute
        logging.getLogger("huey").setLevel(logging.WARNING)
    app = current_app._get_current_object()
    huey = app.extensions["huey"]
    if huey.immediate:
        raise click.UsageError("HUEY_IMMEDIATE is on: jobs run where they are enqueued, a worker has nothing to do.")
    consumer = SweepingConsumer(
        huey,
        sweep_seconds=app.config["JOBS_SWEEP_SECONDS"],
        workers=workers or app.config["JOBS_WORKERS"],
        worker_type="thread",
        periodic=not no_periodic,
        check_worker_health=True,
        max_delay=app.config["JOBS_POLL_SECONDS"],  # an idle worker looks at a SQLite queue this often
    )
    consumer.run()
