"""Who may open a child's record beyond the area rule: restricted (sensitive) and archived records."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sqlalchemy import and_, or_, select

from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.registry.models import Child

# Answers of `answer_may_open`, by child object (objects live for one request's session).
_ANSWERS: WeakKeyDictionary[Child, tuple[int, bool]] = WeakKeyDictionary()


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
    known = _ANSWERS.get(child)
    if known is not None and known[0] == user.id:
        return known[1]
    return bool(db.session.scalar(select(_assigned(user).where(Child.id == child.id))))


def answer_may_open(user, children) -> None:
    """Answer `may_open` for a page of children with one query, not one per restricted child (the
    answer is kept beside each child object, for as long as it lives, with the user it was asked for)."""
    if user.can(Permission.REVIEW_CASES):
        return
    asked = [c.id for c in children if c.restricted and c.archived_at is None and c.created_by_id != user.id]
    if not asked:
        return
    assigned = set(db.session.scalars(select(Child.id).where(Child.id.in_(asked), _assigned(user))))
    for child in children:
        if child.id in asked:
            _ANSWERS[child] = (user.id, child.id in assigned)


def openable_condition(user):
    """SQL form of `may_open` for searches (hidden records never match a name search of others)."""
    if user.can(Permission.REVIEW_CASES):
        return None
    return and_(
        Child.archived_at.is_(None), or_(Child.restricted.is_(False), Child.created_by_id == user.id, _assigned(user))
    )
