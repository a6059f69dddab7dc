"""Error pages in the app's style and language; database outages answer 503.

The 503 page is drawn without the database: the signed-in user is not loaded again (the page
shows no menu) and the language comes from the session cookie or the browser.
"""

from __future__ import annotations

import logging
import secrets

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from monitor.extensions import db, login_manager

log = logging.getLogger("monitor")

TITLES = {
    400: _l("The request could not be understood"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    413: _l("The file is too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("The service is temporarily unavailable"),
}
HINTS = {
    400: _l("The form may have expired. Go back, reload the page and try again."),
    403: _l("If you need this page for your work, ask your supervisor or administrator."),
    404: _l("The address may be mistyped, or the record is not in your areas."),
    413: _l("Choose a smaller file and try again."),
    429: _l("Wait a few minutes and try again."),
    500: _l("The error has been recorded. Tell the administrator the incident number below."),
    503: _l("The database is busy or unreachable. Try again in a minute."),
}


def render_error(status: int, incident: str | None = None):
    title = TITLES.get(status, TITLES[500])
    hint = HINTS.get(status, "")
    return render_template("errors/error.html", status=status, title=title, hint=hint, incident=incident), status


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone; the error page must still render
        log.warning("rollback failed while handling an error", exc_info=True)


def handle_http(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    return render_error(error.code)


def _forget_user() -> None:
    # current_user becomes anonymous for the rest of the request: the page, the menu and the
    # headers would otherwise load the account again from the database that just failed.
    login_manager._update_request_context_with_user()


def handle_database_down(error: Exception):
    _rollback()
    _forget_user()
    log.error("database unavailable: %s", type(error).__name__)
    body, status = render_error(503)
    return body, status, {"Retry-After": "60", "Cache-Control": "no-store"}


def handle_database_error(error: DBAPIError):
    """A lost connection surfaces as other DBAPI errors too; a value the database cannot hold (a
    typed number or text beyond a column's range) is the request's fault, not the server's."""
    if error.connection_invalidated:
        return handle_database_down(error)
    if isinstance(error, DataError):
        return handle_overflow(error)
    return handle_unexpected(error)


def handle_overflow(error: Exception):
    """Last line of defence: input parsing should have refused the value already (monitor/core/params.py)."""
    _rollback()
    # The type only: the statement's parameters are personal data.
    log.warning("input beyond the database's range reached a query (%s)", type(getattr(error, "orig", error)).__name__)
    return render_error(400)


def handle_unexpected(error: Exception):
    _rollback()
    incident = secrets.token_hex(4).upper()
    log.exception("incident %s", incident)
    return render_error(500, incident)


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(PoolTimeout, handle_database_down)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(OverflowError, handle_overflow)
    app.register_error_handler(Exception, handle_unexpected)
