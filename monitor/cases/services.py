"""Opening and assigning cases. Services flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Index, select
from sqlalchemy.exc import IntegrityError

from monitor.assessments.models import Assessment
from monitor.audit.services import record_event
from monitor.auth.models import User
from monitor.cases.models import ONE_OPEN_CASE, ONE_PENDING_CLOSURE, Case, CaseAssignment, CaseClosure, CaseSource
from monitor.cases.outcomes import Visit, compute_outcome
from monitor.cases.stored import refresh_cases
from monitor.core.db import refused_by, utcnow
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


@contextmanager
def _held_by(index: Index, field_name: str, code: str) -> Iterator[None]:
    """Writes that the unique `index` may refuse: another worker may have written the same a moment
    after this one's check. The refusal undoes only these writes and gets the check's message."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        if not refused_by(error, index):
            raise
        raise CaseError(field_name, code) from error


def _check_assignee(user: User | None, child) -> User:
    if (
        user is None
        or not user.active
        or not user.can(Permission.EDIT_CASES)
        or not in_user_areas(user, child.family.area)
    ):
        raise CaseError("assigned_to", "assignee_out_of_area")
    return user


def open_case(
    child,
    source: CaseSource,
    identified_on: date,
    place: str,
    danger: bool,
    notes: str,
    assignee: User | None,
    actor,
    today: date,
) -> Case:
    """Open the child's case (one open case per child), assigned to a worker of the child's area."""
    if open_case_of(child.id) is not None:
        raise CaseError("source", "open_case_exists")
    if identified_on > today:
        raise CaseError("identified_on", "date_future")
    assignee = _check_assignee(assignee, child)
    case = Case(
        child=child,
        area_path=child.area_path,
        source=source,
        identified_on=identified_on,
        place=place.strip(),
        danger=danger,
        notes=notes.strip(),
        assigned_to=assignee,
        created_by_id=actor.id,
    )
    case.assignments = [CaseAssignment(user_id=assignee.id, assigned_by_id=actor.id)]
    with _held_by(ONE_OPEN_CASE, "source", "open_case_exists"):
        db.session.add(case)
        db.session.flush()
    refresh_cases([case.id])
    record_event(
        "case_opened",
        user=actor,
        obj=case,
        area_id=child.family.area_id,
        child_id=child.id,
        source=source.value,
        assigned_to=assignee.id,
    )
    return case


def open_from_assessment(child, assessment, actor, today: date) -> Case | None:
    """An assessment that calls for action opens the child's case when none is open."""
    if assessment.national_action not in ACTIONS_OPENING_A_CASE or open_case_of(child.id) is not None:
        return None
    if not actor.can(Permission.EDIT_CASES):
        return None
    try:
        return open_case(
            child,
            CaseSource.ASSESSMENT,
            assessment.visit_date,
            assessment.location_note,
            assessment.national_category in ("worst_form", "hazardous"),
            "",
            actor,
            actor,
            today,
        )
    except CaseError as error:
        if error.code != "open_case_exists":
            raise
        return None  # opened by someone else a moment ago: the assessment is saved all the same


def reassign(case: Case, user: User | None, actor) -> Case:
    """A supervisor hands the case to another worker of the child's area (history kept)."""
    user = _check_assignee(user, case.child)
    if user.id == case.assigned_to_id:
        raise CaseError("assigned_to", "same_assignee")
    previous = case.assigned_to_id
    case.assigned_to = user
    case.assignments.append(CaseAssignment(user_id=user.id, assigned_by_id=actor.id))
    db.session.flush()
    refresh_cases([case.id])
    record_event(
        "case_reassigned",
        user=actor,
        obj=case,
        area_id=case.child.family.area_id,
        changes={"assigned_to": [previous, user.id]},
    )
    return case


def _visits(child) -> list:
    rows = db.session.scalars(
        select(Assessment).where(Assessment.child_id == child.id).order_by(Assessment.visit_date, Assessment.id)
    )
    return [Visit(a.visit_date, a.national_category, a.school_attendance, a.age) for a in rows]


def propose_closure(case: Case, reason, note: str, actor, today: date):
    """The worker proposes closing the case; the outcome is computed from the visits, with its rule."""
    if case.closed_at is not None or case.pending_closure is not None:
        raise CaseError("reason", "closure_not_possible")
    from monitor.referrals.services import (  # an upward import, to be removed (issue 15)
        received_service,
        training_months,
    )

    result = compute_outcome(
        _visits(case.child),
        received_service=received_service(case.child_id),
        training_months=training_months(case.child_id),
    )
    closure = CaseClosure(
        reason=reason, note=note.strip(), outcome=result.outcome, outcome_rule=result.rule, proposed_by_id=actor.id
    )
    with _held_by(ONE_PENDING_CLOSURE, "reason", "closure_not_possible"):
        case.closures.append(closure)
        db.session.flush()
    refresh_cases([case.id])
    record_event(
        "case_closure_proposed",
        user=actor,
        obj=case,
        area_id=case.child.family.area_id,
        reason=reason.value,
        outcome=result.outcome,
        rule=result.rule,
    )
    return closure


def decide_closure(case: Case, approve: bool, comment: str, actor) -> None:
    """A supervisor approves the closure (the case closes) or returns it with a comment."""
    closure = case.pending_closure
    if closure is None:
        raise CaseError("comment", "no_pending_closure")
    if not approve and not comment.strip():
        raise CaseError("comment", "comment_required")
    # One assignment: reading `actor.id` may flush, and a decision needs its date (a CHECK).
    closure.decision, closure.decided_by_id, closure.decided_at, closure.comment = (
        "approved" if approve else "returned",
        actor.id,
        utcnow(),
        comment.strip(),
    )
    if approve:
        case.closed_at = closure.decided_at
    db.session.flush()
    refresh_cases([case.id])
    record_event(
        "case_closure_approved" if approve else "case_closure_returned",
        user=actor,
        obj=case,
        area_id=case.child.family.area_id,
        outcome=closure.outcome,
    )


def reopen(case: Case, actor) -> None:
    """Reopen a closed case; the closure stays in the history."""
    if case.closed_at is None:
        raise CaseError("comment", "not_closed")
    if open_case_of(case.child_id) is not None:
        raise CaseError("comment", "open_case_exists")
    approved = [c for c in case.closures if c.decision == "approved"]
    with _held_by(ONE_OPEN_CASE, "comment", "open_case_exists"):
        if approved:
            approved[-1].reopened_at = utcnow()
        case.closed_at = case.archived_at = None
        case.child.archived_at = None
        db.session.flush()
    refresh_cases([case.id])
    record_event("case_reopened", user=actor, obj=case, area_id=case.child.family.area_id)


def archive_closed(before, actor=None) -> int:
    """Archive cases closed before `before` (retention): their children open for supervisors only."""
    cases = db.session.scalars(
        select(Case).where(Case.closed_at.is_not(None), Case.closed_at < before, Case.archived_at.is_(None))
    ).all()
    now = utcnow()
    for case in cases:
        case.archived_at = now
        if open_case_of(case.child_id) is None:
            case.child.archived_at = now
        record_event("case_archived", user=actor, obj=case, area_id=case.child.family.area_id)
    db.session.flush()
    return len(cases)
