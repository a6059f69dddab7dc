"""Reading the audit log: scoped to the reader's district, filtered, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select

from monitor.areas.models import Area
from monitor.audit.models import AuditEvent
from monitor.auth.models import User
from monitor.core.clock import day_starts_at
from monitor.core.office import office_zone
from monitor.core.permissions import area_paths, paths_condition
from monitor.core.roles import Permission
from monitor.extensions import db


@dataclass(frozen=True)
class AuditFilter:
    username: str = ""
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def sees_everything(user) -> bool:
    """Administrators read the whole log; supervisors the events of their city or district."""
    return user.can(Permission.MANAGE_USERS) and user.can(Permission.VIEW_AUDIT)


def scoped_events(user, criteria: AuditFilter):
    """The events `user` may read that match `criteria`; dates are the office's days."""
    zone = office_zone()
    query = select(AuditEvent, User.username).outerjoin(User, User.id == AuditEvent.user_id)
    if not sees_everything(user):
        query = query.join(Area, Area.id == AuditEvent.area_id).where(paths_condition(Area.path, area_paths(user)))
    conditions = [
        User.username == criteria.username.strip().lower() if criteria.username.strip() else None,
        AuditEvent.action == criteria.action if criteria.action else None,
        AuditEvent.object_type == criteria.object_type if criteria.object_type else None,
        AuditEvent.object_id == criteria.object_id if criteria.object_id else None,
        AuditEvent.at >= day_starts_at(criteria.date_from, zone) if criteria.date_from else None,
        AuditEvent.at < day_starts_at(criteria.date_to + timedelta(days=1), zone) if criteria.date_to else None,
    ]
    return query.where(*[c for c in conditions if c is not None]).order_by(AuditEvent.id.desc())


def page_of_events(user, criteria: AuditFilter, before_id: int | None, size: int = 100):
    """One page (keyset: events older than `before_id`) and whether more follow."""
    query = scoped_events(user, criteria)
    if before_id:
        query = query.where(AuditEvent.id < before_id)
    rows = db.session.execute(query.limit(size + 1)).all()
    return rows[:size], len(rows) > size


def child_events(child, assessment_ids: list[int]):
    """Who saw or changed a child's record: the child itself and its assessments."""
    condition = or_(
        and_(AuditEvent.object_type == "child", AuditEvent.object_id == child.id),
        and_(AuditEvent.object_type == "assessment", AuditEvent.object_id.in_(assessment_ids or [-1])),
    )
    query = (
        select(AuditEvent, User.username)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(condition)
        .order_by(AuditEvent.id.desc())
        .limit(500)
    )
    return db.session.execute(query).all()


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
