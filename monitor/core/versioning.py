"""No lost updates on the administrators' forms: the form carries the version it was read at."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from monitor.core.transaction import discard_changes
from monitor.extensions import db

STALE = _l(
    "Someone else saved this record while you were editing. Your changes are shown below: "
    "check them against the current record and save again."
)


def posted_version(form) -> int:
    """The version the browser sent back (-1 when missing: an edit without it is refused)."""
    raw = form.version.raw_data[0] if form.version.raw_data else ""
    return int(raw) if raw.isdecimal() and len(raw) < 10 else -1


def is_stale(form, obj) -> bool:
    """True (with the message on the form) when the record changed since the form was read."""
    posted = form.version.raw_data[0] if form.version.raw_data else ""  # what the browser sent back
    if obj is not None and posted != str(obj.version):
        form.version.errors = [*form.version.errors, str(STALE)]
        return True
    return False


def flush_or_stale(form) -> bool:
    """Write the change now (the request commits it); a concurrent save that won the race turns this
    one into a conflict message, and this one is undone."""
    try:
        db.session.flush()
    except StaleDataError:
        discard_changes()
        form.version.errors = [*form.version.errors, str(STALE)]
        return False
    return True
