"""Writing audit events in the same transaction as the change they record."""

from __future__ import annotations

from flask import has_request_context, request

from monitor.audit.models import AuditEvent
from monitor.extensions import db

# Keys that must never reach the audit log, whatever a caller passes.
_SECRET_KEYS = {"password", "password_hash", "csrf_token", "session", "pin", "personal_number"}


def record_event(action: str, user=None, obj=None, area_id: int | None = None, **details) -> AuditEvent:
    """Add an audit event to the session (the caller commits with its change)."""
    clean = {key: value for key, value in details.items() if key not in _SECRET_KEYS}
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        object_type=type(obj).__name__.lower() if obj is not None else None,
        object_id=getattr(obj, "id", None),
        area_id=area_id,
        ip=request.remote_addr if has_request_context() else None,
        details=clean,
    )
    db.session.add(event)
    return event
