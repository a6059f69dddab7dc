"""Referring a child to a service and following the referral. Services flush; the caller commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from monitor.audit.services import record_event
from monitor.cases.stored import refresh_cases
from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.referrals.lifecycle import (
    HOLDS_A_SEAT,
    SERVICE_RECEIVED,
    SERVICE_TYPES,
    InvalidTransition,
    check_transition,
    months_attending,
)
from monitor.referrals.models import Attendance, Referral, ServiceProvider
from monitor.registry.models import Consent

DATE_OF_STEP = {
    "sent": "sent_on",
    "accepted": "answered_on",
    "declined": "answered_on",
    "in_service": "started_on",
    "completed": "ended_on",
    "dropped_out": "ended_on",
}


def seats_taken(provider_ids: list[int]) -> dict[int, int]:
    """Referrals holding a seat at each provider (one query for the whole list)."""
    rows = db.session.execute(
        select(Referral.provider_id, func.count())
        .where(Referral.provider_id.in_(provider_ids or [-1]), Referral.status.in_(HOLDS_A_SEAT))
        .group_by(Referral.provider_id)
    )
    return dict(rows.all())


def seats_left(provider: ServiceProvider) -> int | None:
    if provider.capacity is None:
        return None
    return provider.capacity - seats_taken([provider.id]).get(provider.id, 0)


def refer(
    case, service_type: str, provider: ServiceProvider | None, notes: str, actor, today: date, on: date | None = None
) -> Referral:
    """Propose a service for the child of `case` (sending it is the next step), on `on` (default today)."""
    if on is not None and on > today:
        raise InvalidTransition("step_in_future")
    if service_type not in SERVICE_TYPES or (
        provider is not None and (not provider.active or provider.service_type != service_type)
    ):
        raise InvalidTransition("provider_mismatch")
    referral = Referral(
        case_id=case.id,
        child_id=case.child_id,
        provider=provider,
        service_type=service_type,
        proposed_on=on or today,
        notes=notes.strip(),
        created_by_id=actor.id,
    )
    db.session.add(referral)
    db.session.flush()
    refresh_cases([case.id])
    record_event(
        "referral_proposed",
        user=actor,
        obj=referral,
        area_id=case.child.family.area_id,
        case_id=case.id,
        service_type=service_type,
        provider=provider.id if provider else None,
    )
    return referral


def advance(
    referral: Referral, child, target: str, reason: str, override: bool, actor, today: date, on: date | None = None
) -> Referral:
    """Move the referral one step on, dated `on` (default today: a step recorded after the fact
    keeps its real date); sending needs consent (or a supervisor's recorded override)."""
    override = override and actor.can(Permission.REVIEW_CASES)
    check_transition(referral.status, target, child.consent == Consent.YES, override, reason)
    on = on or today
    if on > today:
        raise InvalidTransition("step_in_future")
    earlier = [d for d in (referral.proposed_on, referral.sent_on, referral.answered_on, referral.started_on) if d]
    if earlier and on < max(earlier):
        raise InvalidTransition("step_before_previous")
    if target == "accepted" and referral.provider is not None and seats_left(referral.provider) == 0:
        raise InvalidTransition("provider_full")
    if target == "sent" and child.consent != Consent.YES:
        referral.consent_override_by_id = actor.id
    previous, referral.status = referral.status, target
    setattr(referral, DATE_OF_STEP[target], on)
    if target == "declined":
        referral.decline_reason = reason.strip()
    db.session.flush()
    refresh_cases([referral.case_id])
    record_event(
        "referral_" + target,
        user=actor,
        obj=referral,
        area_id=child.family.area_id,
        changes={"status": [previous, target]},
        consent_override=referral.consent_override_by_id is not None,
    )
    return referral


def received_service(child_id: int) -> bool:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Referral)
            .where(Referral.child_id == child_id, Referral.status.in_(SERVICE_RECEIVED))
        )
        > 0
    )


def record_attendance(referral: Referral, child, month: date, class_days: int, present_days: int, actor):
    """A month of remedial-class attendance (recording the same month again corrects it)."""
    if referral.service_type != "remedial_class" or referral.status not in (
        "accepted",
        "in_service",
        "completed",
        "dropped_out",
    ):
        raise InvalidTransition("not_a_class")
    if not 0 <= present_days <= class_days <= 31:
        raise InvalidTransition("attendance_days")
    month = month.replace(day=1)
    row = db.session.scalar(select(Attendance).where(Attendance.referral_id == referral.id, Attendance.month == month))
    row = row or Attendance(referral_id=referral.id, month=month)
    row.class_days, row.present_days, row.recorded_by_id = class_days, present_days, actor.id
    db.session.add(row)
    db.session.flush()
    record_event(
        "attendance_recorded",
        user=actor,
        obj=referral,
        area_id=child.family.area_id,
        month=month.isoformat(),
        class_days=class_days,
        present_days=present_days,
    )
    return row


def training_months(child_id: int) -> int:
    """Continuous months of remedial-class attendance of the child (for the 'withdrawn' outcome)."""
    rows = db.session.execute(
        select(Attendance.month, Attendance.class_days, Attendance.present_days)
        .join(Referral, Referral.id == Attendance.referral_id)
        .where(Referral.child_id == child_id)
    ).all()
    return months_attending([tuple(row) for row in rows])


def case_referral_dates(_sender, execute, case_ids: list[int]) -> dict[int, tuple[date | None, date | None]]:
    """For the cases' stored state (cases.stored): when each case's first service started, and since
    when its oldest referral sent without an answer waits (connected by the app factory)."""
    rows = execute(
        select(
            Referral.case_id,
            func.min(Referral.started_on),
            func.min(Referral.sent_on).filter(Referral.status == "sent"),
        )
        .where(Referral.case_id.in_(case_ids))
        .group_by(Referral.case_id)
    )
    return {case_id: (started, unanswered) for case_id, started, unanswered in rows}
