"""Generated casework for a child who needs action: the case, its plan, a referral and, for some,
the approved closure, with the audit rows the app writes for them."""

from __future__ import annotations

from datetime import date, timedelta

from monitor.cases.models import Case, CaseAssignment, CaseClosure, CaseSource, ClosureReason, Plan, PlanAction
from monitor.referrals.models import Referral
from monitor.scale.rows import Run
from monitor.scale.visits import office_moment

SERVICES = ("remedial_class", "school_reenrolment", "psychosocial", "livelihood_support", "health", "civil_documents")
OUTCOMES = {
    "withdraw": ("withdrawn", "withdrawn_in_school"),
    "protect": ("protected", "violations_fixed"),
    "prevent": ("prevented", "prevented_with_service"),
}
PLAN_ACTIONS = (
    ("Ребёнок посещает школу", "Встреча с классным руководителем", "Социальный работник"),
    ("Семья получает помощь", "Направление на социальное пособие", "Айыл окмоту"),
    ("Ребёнок не работает на рынке", "Беседа с работодателем", "Инспектор по делам несовершеннолетних"),
)


def open_case(run: Run, child_id: int, area_id: int, path: str, status: dict) -> None:
    """A case from the child's first visit; a plan for most, a referral for some, closed for a quarter
    of those opened more than four months ago."""
    rng, today = run.rng, run.today
    case_id = run.ids(Case)
    identified = status["first_visit"]
    opened = office_moment(run, identified)
    closed = rng.random() < 0.25 and identified < today - timedelta(days=120)
    closed_on = identified + timedelta(days=rng.randint(100, 119))
    closed_at = office_moment(run, closed_on) if closed else None
    run.rows.add(
        Case,
        {
            "id": case_id,
            "child_id": child_id,
            "area_path": path,
            "source": CaseSource.ASSESSMENT,
            "identified_on": identified,
            "place": "",
            "danger": False,
            "notes": "",
            "assigned_to_id": run.user_id,
            "created_by_id": run.user_id,
            "created_at": opened,
            "closed_at": closed_at,
            "archived_at": None,
            "version": 1,
        },
    )
    run.rows.add(
        CaseAssignment,
        {
            "id": run.ids(CaseAssignment),
            "case_id": case_id,
            "user_id": run.user_id,
            "assigned_by_id": run.user_id,
            "assigned_at": opened,
        },
    )
    run.audit("case_opened", opened, "case", case_id, area_id, child_id=child_id, source="assessment")
    run.counts["cases"] += 1
    if rng.random() < 0.8 and identified < today - timedelta(days=10):
        _plan(run, case_id, area_id, identified)
    if rng.random() < 0.45:
        _referral(run, case_id, child_id, identified)
    if closed:
        _closure(run, case_id, area_id, status["national_action"], closed_at)


def _plan(run: Run, case_id: int, area_id: int, identified: date) -> None:
    """Version 1 of the plan: approved (most), waiting for the supervisor, or returned to the worker."""
    rng = run.rng
    submitted_on = min(identified + timedelta(days=rng.randint(3, 10)), run.today)
    status = rng.choices(("approved", "submitted", "returned"), weights=(75, 15, 10))[0]
    decided_on = min(submitted_on + timedelta(days=rng.randint(1, 7)), run.today)
    plan_id = run.ids(Plan)
    submitted = office_moment(run, submitted_on)
    decided = max(office_moment(run, decided_on), submitted) if status != "submitted" else None
    run.rows.add(
        Plan,
        {
            "id": plan_id,
            "case_id": case_id,
            "number": 1,
            "status": status,
            "created_by_id": run.user_id,
            "created_at": submitted,
            "decided_by_id": run.user_id if decided else None,
            "decided_at": decided,
            "comment": "Уточните сроки" if status == "returned" else "",
        },
    )
    actions = rng.sample(PLAN_ACTIONS, rng.randint(1, 2))
    for goal, action, responsible in actions:
        run.rows.add(
            PlanAction,
            {
                "id": run.ids(PlanAction),
                "plan_id": plan_id,
                "goal": goal,
                "action": action,
                "responsible": responsible,
                "due_on": submitted_on + timedelta(days=rng.randint(14, 90)),
                "status": rng.choice(("pending", "pending", "done")),
            },
        )
    run.audit("plan_submitted", submitted, "case", case_id, area_id, version=1, actions=len(actions))
    if decided:
        run.audit(f"plan_{status}", decided, "case", case_id, area_id, version=1)
    run.counts["plans"] += 1


def _referral(run: Run, case_id: int, child_id: int, identified: date) -> None:
    rng = run.rng
    proposed = identified + timedelta(days=rng.randint(3, 20))
    started = proposed + timedelta(days=rng.randint(2, 25)) if rng.random() < 0.7 else None
    run.rows.add(
        Referral,
        {
            "id": run.ids(Referral),
            "case_id": case_id,
            "child_id": child_id,
            "provider_id": None,
            "service_type": rng.choice(SERVICES),
            "status": "in_service" if started else "sent",
            "proposed_on": proposed,
            "sent_on": proposed,
            "answered_on": started,
            "started_on": started,
            "ended_on": None,
            "decline_reason": "",
            "notes": "",
            "consent_override_by_id": None,
            "created_by_id": run.user_id,
            "created_at": office_moment(run, proposed),
            "version": 1,
        },
    )
    run.counts["referrals"] += 1


def _closure(run: Run, case_id: int, area_id: int, action: str, closed_at) -> None:
    outcome, rule = OUTCOMES[action]
    run.rows.add(
        CaseClosure,
        {
            "id": run.ids(CaseClosure),
            "case_id": case_id,
            "reason": ClosureReason.OUTCOME_REACHED,
            "note": "",
            "outcome": outcome,
            "outcome_rule": rule,
            "proposed_by_id": run.user_id,
            "proposed_at": closed_at,
            "decision": "approved",
            "decided_by_id": run.user_id,
            "decided_at": closed_at,
            "comment": "",
            "reopened_at": None,
        },
    )
    run.audit("case_closure_proposed", closed_at, "case", case_id, area_id, outcome=outcome)
    run.audit("case_closure_approved", closed_at, "case", case_id, area_id)
    run.counts["closed"] += 1
