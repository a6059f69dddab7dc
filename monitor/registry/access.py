"""Who may open a child's record beyond the area rule: restricted (sensitive) cases."""
from __future__ import annotations

from sqlalchemy import and_, or_

from monitor.core.roles import Permission
from monitor.registry.models import Child


def may_open(user, child: Child) -> bool:
    """Supervisors open every record of their areas. Others do not open archived records (retention),
    nor restricted cases unless they registered the child (its worker until cases assign one)."""
    if user.can(Permission.REVIEW_CASES):
        return True
    if child.archived_at is not None:
        return False
    return not child.restricted or child.created_by_id == user.id


def openable_condition(user):
    """SQL form of `may_open` for searches (hidden records never match a name search of others)."""
    if user.can(Permission.REVIEW_CASES):
        return None
    return and_(Child.archived_at.is_(None), or_(Child.restricted.is_(False), Child.created_by_id == user.id))
