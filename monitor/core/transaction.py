"""One transaction per request, as in Indico: a view that returns commits once, after it has built its
answer and before the answer is sent; a view that raises rolls back. Services and helpers flush,
never commit; a `flask` command commits once at its end (`committed`).

Why in `dispatch_request` (the app class below) rather than an `after_request` hook or a decorator on
each view: a decorator can be forgotten on a new view, and a commit that fails in an `after_request`
hook escapes the error handlers (Flask answers a bare 500 and runs the hooks again). Here a failed
commit is an exception of the view itself: the handlers of monitor/core/errors.py roll back and answer
503 (the database busy, a serialization failure, a time limit) or 500 with an incident number (a
constraint), and the browser's session is put back as it was (the messages the view flashed, a
sign-in), so no page says "saved" of a change the database refused.

A view that catches a service's refusal and draws the form again with the message calls
`discard_changes()`: what the service wrote is undone at once (the page drawn next, with its view
audit, then commits as usual).
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, session

from monitor.extensions import db

log = logging.getLogger("monitor")


class OneTransactionPerRequest(Flask):
    """The app class: every view runs in one database transaction."""

    def dispatch_request(self) -> Any:
        cookie_before = copy.deepcopy(dict(session))  # small: ids, times, the flashed messages
        try:
            answer = super().dispatch_request()
            db.session.commit()
        except BaseException:
            roll_back()
            _restore(cookie_before)
            raise
        return answer


def _restore(cookie_before: dict) -> None:
    """The browser's session as it was before a view that raised or whose commit failed: no "saved"
    message, no sign-in, no new session token for a change the database did not keep."""
    session.clear()
    session.update(cookie_before)


def roll_back() -> None:
    """Undo the request's writes; a connection already gone must not hide the original error."""
    try:
        db.session.rollback()
    except Exception:
        log.warning("rollback failed", exc_info=True)


def discard_changes() -> None:
    """A service refused the request (a domain error the view shows on the form): undo what it had
    written or changed in the session. What the request writes afterwards commits at its end."""
    db.session.rollback()


def committed(command: Callable) -> Callable:
    """For `flask` commands (not requests): commit once when the command returns, roll back if it raises."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except BaseException:
            roll_back()
            raise
        db.session.commit()
        return result

    return wrapper
