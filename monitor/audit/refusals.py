"""The audit of refused accesses, in one place: the error handler of `AccessRefused`.

The refused request's own writes have been rolled back by then (monitor/core/transaction.py); the
refusal is written and committed in a transaction of its own, so it survives that rollback.
"""

from __future__ import annotations

import logging

from flask import request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from monitor.audit.services import record_event
from monitor.core.errors import handle_http
from monitor.core.permissions import AccessRefused
from monitor.extensions import db

log = logging.getLogger("monitor")


def record_refusal(error: AccessRefused):
    """Error handler: audit the refusal (user, path, status, why), then draw the 403 or 404 page."""
    db.session.rollback()  # nothing of the refused request goes with it
    user = current_user if current_user.is_authenticated else None
    try:
        record_event("access_denied", user=user, path=request.path, status=error.code, **error.details)
        db.session.commit()
    except SQLAlchemyError:  # the page is still refused; the failure is in the log
        db.session.rollback()
        log.error("the refusal of %s could not be audited", request.path, exc_info=True)
    return handle_http(error)
