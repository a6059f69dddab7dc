"""The app of the test worker processes (tests/workers.py): Monitor with the tasks tests declare."""

from monitor import create_app
from tests.jobs import tasks  # noqa: F401  (declares the test tasks before the queue is built)

app = create_app()
