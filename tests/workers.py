"""Real worker processes for tests: `job_worker` gives an app whose jobs go to a real queue (a
SQLite file, or Redis database 4 with `@pytest.mark.parametrize("job_worker", ["redis"],
indirect=True)`) and starts `flask worker` processes on the same database and queue, with a
short lease and sweep so a killed worker's job comes back within seconds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from monitor.extensions import db

PROJECT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
LEASE_SECONDS = 2
SWEEP_SECONDS = 1


@dataclass
class JobWorkers:
    app: object  # enqueue through this app (its jobs go to the workers' queue)
    settings: dict
    logs: Path
    processes: list = field(default_factory=list)

    def start(self) -> subprocess.Popen:
        """A new `flask worker` process (the test app: Monitor plus the tasks of tests/jobs)."""
        env = {**os.environ, "MONITOR_ENV": "testing", **{k: str(v) for k, v in self.settings.items()}}
        log = open(self.logs / f"worker-{len(self.processes)}.log", "wb")  # noqa: SIM115 (closed by the child's exit)
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.worker_app", "worker", "--workers", "2"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """kill -9: no handler runs, no transaction commits."""
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def log_text(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-4000:] for path in sorted(self.logs.glob("*.log")))


def wait_for(predicate, seconds: float = 30, every: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds} s waiting for {message}")


@pytest.fixture
def job_worker(request, app, another_app, database, tmp_path):
    """Real workers; the queue storage is "sqlite" (default) or "redis" (indirect parameter)."""
    storage = getattr(request, "param", "sqlite")
    name = f"monitor-test-{uuid.uuid4().hex[:8]}"
    url = REDIS_URL if storage == "redis" else "sqlite:///" + str(tmp_path / "huey.db")
    settings = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUEY_URL": url,
        "HUEY_NAME": name,
        "HUEY_IMMEDIATE": "0",
        "JOBS_LEASE_SECONDS": LEASE_SECONDS,
        "JOBS_SWEEP_SECONDS": SWEEP_SECONDS,
        "JOBS_PICKUP_SECONDS": 5,
    }
    enqueuing = another_app(
        HUEY_URL=url,
        HUEY_NAME=name,
        HUEY_IMMEDIATE=False,
        JOBS_LEASE_SECONDS=LEASE_SECONDS,
        JOBS_SWEEP_SECONDS=SWEEP_SECONDS,
        JOBS_PICKUP_SECONDS=5,
    )
    logs = tmp_path / "worker-logs"
    logs.mkdir()
    workers = JobWorkers(enqueuing, settings, logs)
    yield workers
    workers.stop_all()
    enqueuing.extensions["huey"].storage.flush_all()
    with enqueuing.app_context():
        db.session.remove()
