"""Who may open a child's record beyond the area rule: restricted (sensitive) cases."""
from __future__ import annotations

from sqlalchemy import or_

from monitor.core.roles import Permission
from monitor.registry.models import Child


def may_open(user, child: Child) -> bool:
    """A restricted case opens only for its worker (who registered it, until cases assign one) and
    supervisors; anyone may open an ordinary record of their areas."""
    if not child.restricted:
        return True
    return user.can(Permission.REVIEW_CASES) or child.created_by_id == user.id


def openable_condition(user):
    """SQL form of `may_open` for searches (restricted records never match a name search of others)."""
    if user.can(Permission.REVIEW_CASES):
        return None
    return or_(Child.restricted.is_(False), Child.created_by_id == user.id)
