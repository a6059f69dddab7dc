"""Case lists and worklists, scoped to the user's areas, one query per list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from monitor.areas.models import Area, user_area
from monitor.assessments.models import Assessment
from monitor.auth.models import User, UserRole
from monitor.cases import case_rules
from monitor.cases.deadlines import CaseRules
from monitor.cases.models import Case
from monitor.cases.plans import PlanDates, plan_dates
from monitor.cases.schedule import plan_visits
from monitor.cases.state import CaseState, case_state
from monitor.core.office import office_day, office_today
from monitor.core.permissions import scope_filter
from monitor.core.roles import Role
from monitor.extensions import db
from monitor.registry.access import openable_condition
from monitor.registry.models import Child


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


def _rows(query, rules: CaseRules, today: date) -> list[CaseRow]:
    found = db.session.execute(query).all()
    plans = plan_dates([case.id for case, _a, _c in found])
    starts, visits = _service_starts_and_last_visits([case for case, _a, _c in found])
    rows = []
    for case, assessed_on, category in found:
        dates = plans.get(case.id, PlanDates())
        state = case_state(
            case.identified_on,
            case.danger,
            case.closed_at is not None,
            assessed_on,
            category,
            rules,
            today,
            dates.first_submitted,
            dates.last_approved,
            starts.get(case.id),
            visits.get(case.child_id),
        )
        rows.append(CaseRow(case, state))
    return sorted(rows, key=lambda row: row.state.urgency)


def _service_starts_and_last_visits(cases: list[Case]) -> tuple[dict, dict]:
    """When each case's first service started, and each child's latest visit (two queries)."""
    from monitor.referrals.models import Referral  # an upward import, to be removed (issue 15)

    if not cases:
        return {}, {}
    starts = dict(
        db.session.execute(
            select(Referral.case_id, func.min(Referral.started_on))
            .where(Referral.case_id.in_([c.id for c in cases]), Referral.started_on.is_not(None))
            .group_by(Referral.case_id)
        ).all()
    )
    visits = dict(
        db.session.execute(
            select(Assessment.child_id, func.max(Assessment.visit_date))
            .where(Assessment.child_id.in_([c.child_id for c in cases]))
            .group_by(Assessment.child_id)
        ).all()
    )
    return starts, visits


def open_cases(user, rules: CaseRules, today: date, assigned_to: int | None = None, limit: int = 500) -> list[CaseRow]:
    """Open cases of the user's areas (or only one worker's), most urgent first."""
    query = (
        select(Case, first_assessment(), Child.labour_category)
        .join(Child, Child.id == Case.child_id)
        .where(Case.closed_at.is_(None), scope_filter(Case.area_path, user))
    )
    openable = openable_condition(user)
    if openable is not None:
        query = query.where(openable)
    if assigned_to:
        query = query.where(Case.assigned_to_id == assigned_to)
    query = query.options(selectinload(Case.closures))
    return _rows(query.order_by(Case.identified_on).limit(limit), rules, today)


def cases_of_children(child_ids: list[int], rules: CaseRules, today: date) -> list[CaseRow]:
    query = (
        select(Case, first_assessment(), Child.labour_category)
        .join(Child, Child.id == Case.child_id)
        .where(Case.child_id.in_(child_ids or [-1]))
        .order_by(Case.id.desc())
        .options(selectinload(Case.closures))
    )
    return _rows(query, rules, today)


def case_rows(child_ids: list[int]) -> list[CaseRow]:
    """The cases of these children with their stage and deadlines today (for child and family pages)."""
    return cases_of_children(child_ids, case_rules(), office_today())


def overdue_by_worker(rows: list[CaseRow]) -> list[tuple[User, int]]:
    counts: dict[int, list] = {}
    for row in rows:
        if row.state.overdue:
            entry = counts.setdefault(row.case.assigned_to_id, [row.case.assigned_to, 0])
            entry[1] += 1
    return sorted(((user, n) for user, n in counts.values()), key=lambda pair: -pair[1])


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
    """Each case's follow-up visits (anchored on the first service received), in two queries."""
    from monitor.referrals.models import Referral  # an upward import, to be removed (issue 15)

    if not cases:
        return {}

    anchors = dict(
        db.session.execute(
            select(Referral.case_id, func.min(Referral.started_on))
            .where(Referral.case_id.in_([c.id for c in cases]), Referral.started_on.is_not(None))
            .group_by(Referral.case_id)
        ).all()
    )
    for case_id, dates in plan_dates([c.id for c in cases]).items():  # the plan or the first service
        if dates.first_approved and (case_id not in anchors or dates.first_approved < anchors[case_id]):
            anchors[case_id] = dates.first_approved
    visits: dict[int, list] = {}
    for child_id, visit_date in db.session.execute(
        select(Assessment.child_id, Assessment.visit_date).where(Assessment.child_id.in_([c.child_id for c in cases]))
    ):
        visits.setdefault(child_id, []).append(visit_date)
    return {
        case.id: plan_visits(
            anchors.get(case.id),
            case.child.birth_date,
            office_day(case.closed_at) if case.closed_at else None,
            [d for d in visits.get(case.child_id, []) if d >= (anchors.get(case.id) or d)],
            today,
            rules.months_for(rules.risk_level(case.child.labour_category, case.danger)),
        )
        for case in cases
    }
