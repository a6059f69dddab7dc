"""Where a case stands: its stage and deadlines, derived from what has happened (pure Python)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from monitor.cases.deadlines import CaseRules, assessment_due, plan_due
from monitor.cases.schedule import add_months

STAGES = ("identified", "assessed", "plan", "services", "monitoring", "closed")
RISK_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3}


@dataclass(frozen=True)
class CaseState:
    stage: str
    risk: str
    assessment_due: date
    assessed_on: date | None
    plan_due: date | None
    overdue: tuple[str, ...]  # which deadlines have passed: "assessment", "plan"

    @property
    def urgency(self) -> tuple[bool, int, date]:
        """Sort key: overdue first, then higher risk, then the nearest deadline."""
        due = self.plan_due or self.assessment_due
        return (not self.overdue, RISK_ORDER[self.risk], due)


def case_state(
    identified_on: date,
    danger: bool,
    closed: bool,
    assessed_on: date | None,
    labour_category: str | None,
    rules: CaseRules,
    today: date,
    plan_submitted: date | None = None,
    plan_approved: date | None = None,
    service_started: date | None = None,
    last_visit: date | None = None,
) -> CaseState:
    """The stage is never set by hand: identified until an assessment on or after identification,
    assessed until a plan is approved, then plan; closed when closed. Deadlines: the assessment, the
    first plan (submitted within its working days), and the plan's review every few months."""
    due = assessment_due(identified_on, danger, rules)
    stage = case_stage(assessed_on, plan_approved, service_started, last_visit, closed)
    plan = plan_due(assessed_on, rules) if assessed_on else None
    if plan_approved:
        plan = add_months(plan_approved, rules.plan_review_months)
    pending = pending_deadline(stage, due, plan, plan_submitted, plan_approved)
    risk = rules.risk_level(labour_category, danger)
    return CaseState(stage, risk, due, assessed_on, plan, overdue_kinds(pending, today))


def case_stage(
    assessed_on: date | None,
    plan_approved: date | None,
    service_started: date | None,
    last_visit: date | None,
    closed: bool,
) -> str:
    """Identified, assessed, plan (approved), services (the first started), monitoring (a visit
    after the service started), closed; each later step wins."""
    stage = "identified"
    for reached, name in (
        (assessed_on, "assessed"),
        (plan_approved, "plan"),
        (service_started, "services"),
        (service_started and last_visit and last_visit > service_started, "monitoring"),
        (closed, "closed"),
    ):
        stage = name if reached else stage
    return stage


def pending_deadline(
    stage: str, due: date, plan: date | None, plan_submitted: date | None, plan_approved: date | None
) -> tuple[str, date] | None:
    """The deadline the case waits on at its stage, with its kind: the assessment, the first plan
    (until one is submitted), or the approved plan's review. None when closed or waiting on nothing."""
    if stage == "identified":
        return ("assessment", due)
    if stage == "assessed" and plan is not None and plan_submitted is None:
        return ("plan", plan)
    if stage in ("plan", "services", "monitoring") and plan_approved and plan is not None:
        return ("plan_review", plan)
    return None


def overdue_kinds(pending: tuple[str, date] | None, today: date) -> tuple[str, ...]:
    """Which deadline has passed: the pending one, once today is after it."""
    return (pending[0],) if pending is not None and today > pending[1] else ()


def deadline_kind(stage: str) -> str:
    """The kind of deadline a case waits on at `stage` (when it waits on one)."""
    return {"identified": "assessment", "assessed": "plan"}.get(stage, "plan_review")
