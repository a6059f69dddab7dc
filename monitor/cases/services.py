"""Opening and assigning cases. Services flush; the caller commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from monitor.audit.services import record_event
from monitor.auth.models import User
from monitor.cases.models import Case, CaseAssignment, CaseSource
from monitor.core.permissions import in_user_areas
from monitor.core.roles import Permission
from monitor.extensions import db

ACTIONS_OPENING_A_CASE = frozenset({"withdraw", "protect", "prevent"})


class CaseError(ValueError):
    def __init__(self, field_name: str, code: str):
        super().__init__(code)
        self.field = field_name
        self.code = code


def open_case_of(child_id: int) -> Case | None:
    return db.session.scalar(select(Case).where(Case.child_id == child_id, Case.closed_at.is_(None)))


def _check_assignee(user: User | None, child) -> User:
    if user is None or not user.active or not user.can(Permission.EDIT_CASES) \
            or not in_user_areas(user, child.family.area):
        raise CaseError("assigned_to", "assignee_out_of_area")
    return user


def open_case(child, source: CaseSource, identified_on: date, place: str, danger: bool, notes: str,
              assignee: User | None, actor, today: date) -> Case:
    """Open the child's case (one open case per child), assigned to a worker of the child's area."""
    if open_case_of(child.id) is not None:
        raise CaseError("source", "open_case_exists")
    if identified_on > today:
        raise CaseError("identified_on", "date_future")
    assignee = _check_assignee(assignee, child)
    case = Case(child=child, area_path=child.area_path, source=source, identified_on=identified_on,
                place=place.strip(), danger=danger, notes=notes.strip(), assigned_to=assignee,
                created_by_id=actor.id)
    case.assignments = [CaseAssignment(user_id=assignee.id, assigned_by_id=actor.id)]
    db.session.add(case)
    db.session.flush()
    record_event("case_opened", user=actor, obj=case, area_id=child.family.area_id, child_id=child.id,
                 source=source.value, assigned_to=assignee.id)
    return case


def open_from_assessment(child, assessment, actor, today: date) -> Case | None:
    """An assessment that calls for action opens the child's case when none is open."""
    if assessment.national_action not in ACTIONS_OPENING_A_CASE or open_case_of(child.id) is not None:
        return None
    if not actor.can(Permission.EDIT_CASES):
        return None
    return open_case(child, CaseSource.ASSESSMENT, assessment.visit_date, assessment.location_note,
                     assessment.national_category in ("worst_form", "hazardous"), "", actor, actor, today)


def reassign(case: Case, user: User | None, actor) -> Case:
    """A supervisor hands the case to another worker of the child's area (history kept)."""
    user = _check_assignee(user, case.child)
    if user.id == case.assigned_to_id:
        raise CaseError("assigned_to", "same_assignee")
    previous = case.assigned_to_id
    case.assigned_to = user
    case.assignments.append(CaseAssignment(user_id=user.id, assigned_by_id=actor.id))
    db.session.flush()
    record_event("case_reassigned", user=actor, obj=case, area_id=case.child.family.area_id,
                 changes={"assigned_to": [previous, user.id]})
    return case
