from __future__ import annotations

from sqlalchemy import select

from monitor.assessments.models import Assessment
from monitor.extensions import db


def history(child_id: int) -> list[Assessment]:
    """The child's assessments, newest first: the history of statuses over visits."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.child_id == child_id)
            .order_by(Assessment.visit_date.desc(), Assessment.id.desc())
        )
    )
