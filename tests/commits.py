"""Counting the commits of each request (the house rule: a request commits at most once).

Attached to the test app by tests/conftest.py, so every request of every test is checked; the
commits of work a request starts in an app context of its own (an import job run in-line) are that
work's, not the request's.
"""

from __future__ import annotations

from flask import g, has_app_context, request, request_finished, request_started
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Views allowed to commit on their own, each with the reason beside it: none since the report's kept
# counts (which claimed their computation in a commit of their own) were replaced by counts in SQL.
EXEMPT: frozenset[str] = frozenset()


class CommitCounter:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, int]] = []  # (method, path, commits) of each request
        self.exempt: list[tuple[str, str, int]] = []  # the same, of the EXEMPT views
        self._open: dict[int, int] = {}  # commits so far of the requests under way, by their `g`

    def attach(self, app) -> None:
        request_started.connect(self._started, app, weak=False)
        request_finished.connect(self._finished, app, weak=False)
        if not event.contains(Engine, "commit", self._committed):  # one listener whatever the number of apps
            event.listen(Engine, "commit", self._committed)  # a COMMIT sent to the database (a savepoint is not one)

    def _started(self, _app, **_extra) -> None:
        self._open[id(g._get_current_object())] = 0

    def _committed(self, _connection) -> None:
        key = id(g._get_current_object()) if has_app_context() else None
        if key in self._open:
            self._open[key] += 1

    def _finished(self, _app, **_extra) -> None:
        commits = self._open.pop(id(g._get_current_object()), 0)
        row = (request.method, request.full_path, commits)
        (self.exempt if request.endpoint in EXEMPT else self.requests).append(row)

    def over(self, limit: int = 1) -> list[tuple[str, str, int]]:
        """The requests that committed more than `limit` times."""
        return [row for row in self.requests if row[2] > limit]

    def clear(self) -> None:
        self.requests.clear()
        self.exempt.clear()


COMMITS = CommitCounter()
