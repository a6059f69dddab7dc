"""Who may open a child's record beyond the area rule: restricted (sensitive) and archived records."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.registry.models import Child


def _assigned(user):
    """The user is assigned to the child's open case (an alias, so it also works inside case lists).

    Cases are built on the registry, so their table is read from the metadata by name, not imported."""
    case = db.metadata.tables["case_file"].alias()
    return (
        select(case.c.id)
        .where(case.c.child_id == Child.id, case.c.closed_at.is_(None), case.c.assigned_to_id == user.id)
        .correlate(Child)
        .exists()
    )


def may_open(user, child: Child) -> bool:
    """Supervisors open every record of their areas. Others do not open archived records (retention),
    nor restricted cases unless they are its assigned worker (or registered the child)."""
    if user.can(Permission.REVIEW_CASES):
        return True
    if child.archived_at is not None:
        return False
    if not child.restricted or child.created_by_id == user.id:
        return True
    return bool(db.session.scalar(select(_assigned(user).where(Child.id == child.id))))


def openable_condition(user):
    """SQL form of `may_open` for searches (hidden records never match a name search of others)."""
    if user.can(Permission.REVIEW_CASES):
        return None
    return and_(
        Child.archived_at.is_(None), or_(Child.restricted.is_(False), Child.created_by_id == user.id, _assigned(user))
    )
