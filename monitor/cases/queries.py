"""Cases with their stored state for the child, family and case pages; who may be assigned a case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from monitor.areas.models import Area, user_area
from monitor.assessments.models import Assessment
from monitor.auth.models import User, UserRole
from monitor.cases.deadlines import CaseRules
from monitor.cases.models import Case
from monitor.cases.schedule import plan_visits
from monitor.cases.state import CaseState, deadline_kind, overdue_kinds
from monitor.core.office import office_day, office_today
from monitor.core.roles import Role
from monitor.extensions import db


@dataclass(frozen=True)
class CaseRow:
    case: Case
    state: CaseState


def first_assessment():
    """The date of the case's first assessment on or after its identification (a correlated subquery)."""
    return (
        select(func.min(Assessment.visit_date))
        .where(Assessment.child_id == Case.child_id, Assessment.visit_date >= Case.identified_on)
        .correlate(Case)
        .scalar_subquery()
    )


def state_of(case: Case, today: date) -> CaseState:
    """The case's state as stored on its row; overdue is its pending deadline compared with today."""
    pending = None if case.next_deadline is None else (deadline_kind(case.stage), case.next_deadline)
    return CaseState(
        case.stage,
        case.risk,
        case.assessment_due or case.identified_on,
        case.assessed_on,
        case.plan_review_due or case.plan_due,
        overdue_kinds(pending, today),
    )


def rows_of(cases, today: date) -> list[CaseRow]:
    return [CaseRow(case, state_of(case, today)) for case in cases]


def cases_of_children(child_ids: list[int], today: date) -> list[CaseRow]:
    """The cases of these children, newest first, with their stored state (one query)."""
    query = (
        select(Case)
        .where(Case.child_id.in_(child_ids or [-1]))
        .order_by(Case.id.desc())
        .options(selectinload(Case.closures))
    )
    return rows_of(db.session.scalars(query), today)


def case_rows(child_ids: list[int]) -> list[CaseRow]:
    """The cases of these children with their stage and deadlines today (for child and family pages)."""
    return cases_of_children(child_ids, office_today())


def eligible_workers(child) -> list[User]:
    """Active workers and supervisors whose areas cover the child's place."""
    path = child.area_path
    query = (
        select(User)
        .join(user_area, user_area.c.user_id == User.id)
        .join(Area, Area.id == user_area.c.area_id)
        .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role.in_([Role.SOCIAL_WORKER, Role.SUPERVISOR])))
        .where(User.active, func.substr(path, 1, func.length(Area.path)) == Area.path)
        .distinct()
        .order_by(User.full_name)
    )
    return list(db.session.scalars(query))


def visit_plans(cases: list[Case], rules: CaseRules, today: date) -> dict[int, list]:
    """Each case's follow-up visits from its stored anchor (the plan or the first service), in one query."""
    if not cases:
        return {}
    visits: dict[int, list] = {}
    for child_id, visit_date in db.session.execute(
        select(Assessment.child_id, Assessment.visit_date).where(Assessment.child_id.in_([c.child_id for c in cases]))
    ):
        visits.setdefault(child_id, []).append(visit_date)
    return {
        case.id: plan_visits(
            case.followup_from,
            case.child.birth_date,
            office_day(case.closed_at) if case.closed_at else None,
            [d for d in visits.get(case.child_id, []) if d >= (case.followup_from or d)],
            today,
            rules.months_for(case.risk),
        )
        for case in cases
    }
