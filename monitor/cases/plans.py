"""Individual child protection plans: the worker saves versions, the supervisor approves or returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from monitor.audit.services import record_event
from monitor.cases.models import ACTION_STATUSES, Case, Plan, PlanAction
from monitor.cases.services import CaseError
from monitor.cases.stored import refresh_cases
from monitor.core.db import utcnow
from monitor.extensions import db


@dataclass
class ActionData:
    goal: str
    action: str
    responsible: str = ""
    due_on: date | None = None
    status: str = "pending"


def latest_plan(case_id: int) -> Plan | None:
    return db.session.scalar(select(Plan).where(Plan.case_id == case_id).order_by(Plan.number.desc()).limit(1))


def save_plan(case: Case, actions: list[ActionData], actor) -> Plan:
    """Save a new version of the plan (earlier versions stay) and submit it to the supervisor."""
    if case.closed_at is not None:
        raise CaseError("actions", "case_closed")
    if not actions:
        raise CaseError("actions", "plan_empty")
    number = (db.session.scalar(select(func.max(Plan.number)).where(Plan.case_id == case.id)) or 0) + 1
    for older in db.session.scalars(select(Plan).where(Plan.case_id == case.id, Plan.status == "submitted")):
        older.status = "superseded"  # a newer version replaces one not yet decided
    plan = Plan(
        case_id=case.id,
        number=number,
        created_by_id=actor.id,
        actions=[
            PlanAction(
                goal=a.goal.strip(),
                action=a.action.strip(),
                responsible=a.responsible.strip(),
                due_on=a.due_on,
                status=a.status if a.status in ACTION_STATUSES else "pending",
            )
            for a in actions
        ],
    )
    db.session.add(plan)
    db.session.flush()
    refresh_cases([case.id])
    record_event(
        "plan_submitted", user=actor, obj=case, area_id=case.child.family.area_id, version=number, actions=len(actions)
    )
    return plan


def decide_plan(case: Case, approve: bool, comment: str, actor) -> Plan:
    """The supervisor approves the latest submitted version, or returns it with a comment."""
    plan = latest_plan(case.id)
    if plan is None or plan.status != "submitted":
        raise CaseError("comment", "no_plan_waiting")
    if not approve and not comment.strip():
        raise CaseError("comment", "comment_required")
    # One assignment: reading `actor.id` may flush, and a decided status needs its date (a CHECK).
    plan.status, plan.decided_by_id, plan.decided_at, plan.comment = (
        "approved" if approve else "returned",
        actor.id,
        utcnow(),
        comment.strip(),
    )
    db.session.flush()
    refresh_cases([case.id])
    record_event(
        "plan_approved" if approve else "plan_returned",
        user=actor,
        obj=case,
        area_id=case.child.family.area_id,
        version=plan.number,
    )
    return plan
