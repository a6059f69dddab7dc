"""Loading registry records for a request: scoped to the user's areas (404 outside) and audited."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from monitor.audit.services import record_event
from monitor.core.permissions import area_paths, deny
from monitor.extensions import db
from monitor.registry.access import may_open
from monitor.registry.models import Child, Family


def _in_scope(obj, path: str, object_id: int):
    if not any(path.startswith(prefix) for prefix in area_paths(current_user)):
        deny(404, reason="out_of_area", object_type=type(obj).__name__.lower(), object_id=object_id)
    return obj


def load_family(family_id: int) -> Family:
    family = db.session.get(Family, family_id) or abort(404)
    return _in_scope(family, family.area_path, family_id)


def load_child(child_id: int) -> Child:
    """A child of the user's areas (and, for a restricted case, one the user may open)."""
    child = db.session.get(Child, child_id) or abort(404)
    _in_scope(child, child.area_path, child_id)
    if not may_open(current_user, child):
        deny(404, reason="restricted", object_type="child", object_id=child_id)
    return child


def record_view(obj, area_id: int) -> None:
    """Every view of a child's or family's record leaves an audit row (committed with the request)."""
    record_event(f"{type(obj).__name__.lower()}_viewed", user=current_user, obj=obj, area_id=area_id)
