"""Half-year figures for the Commission on Children's Affairs (one query each)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, or_, select

from monitor.cases.models import Case, CaseClosure
from monitor.commission.models import Resolution, Sitting
from monitor.core.permissions import paths_condition
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child
from monitor.reports.figures import Period

SCHOOL_SERVICES = ("school_reenrolment", "remedial_class", "vocational_training")
RECEIVED = ("in_service", "completed")


@dataclass(frozen=True)
class CommissionFigures:
    sittings: int
    cases_considered: int
    resolutions: int
    children_referred: int
    returned_to_school: int
    families_supported: int
    closed: int
    withdrawn: int
    protected: int
    prevented: int


def commission_figures(paths: list[str], period: Period) -> CommissionFigures:
    start, end = period.starts_at, period.ends_before
    in_period = Sitting.held_on.between(period.start, period.end)
    sittings = db.session.scalar(
        select(func.count()).select_from(Sitting).where(paths_condition(Sitting.area_path, paths), in_period)
    )
    considered, resolutions = db.session.execute(
        select(func.count(distinct(Resolution.case_id)), func.count(Resolution.id))
        .join(Sitting, Sitting.id == Resolution.sitting_id)
        .where(paths_condition(Sitting.area_path, paths), in_period)
    ).one()
    in_area = paths_condition(Child.area_path, paths)
    referred = db.session.scalar(
        select(func.count(distinct(Referral.child_id)))
        .join(Child, Child.id == Referral.child_id)
        .where(in_area, Referral.proposed_on.between(period.start, period.end))
    )
    received = (
        Referral.status.in_(RECEIVED),
        Referral.started_on.is_not(None),
        Referral.started_on <= period.end,
        or_(Referral.ended_on.is_(None), Referral.ended_on >= period.start),
    )
    families = db.session.scalar(
        select(func.count(distinct(Child.family_id)))
        .join(Referral, Referral.child_id == Child.id)
        .where(in_area, *received)
    )
    approved = (
        CaseClosure.decision == "approved",
        CaseClosure.reopened_at.is_(None),
        CaseClosure.decided_at >= start,
        CaseClosure.decided_at < end,
    )
    outcomes = dict(
        db.session.execute(
            select(CaseClosure.outcome, func.count(distinct(Case.child_id)))
            .join(Case, Case.id == CaseClosure.case_id)
            .where(paths_condition(Case.area_path, paths), *approved)
            .group_by(CaseClosure.outcome)
        ).all()
    )
    closed = sum(outcomes.values())
    school = db.session.scalar(
        select(func.count(distinct(Child.id)))
        .select_from(Child)
        .where(
            in_area,
            or_(
                Child.id.in_(select(Referral.child_id).where(Referral.service_type.in_(SCHOOL_SERVICES), *received)),
                Child.id.in_(
                    select(Case.child_id)
                    .join(CaseClosure, CaseClosure.case_id == Case.id)
                    .where(CaseClosure.outcome == "withdrawn", *approved)
                ),
            ),
        )
    )
    return CommissionFigures(
        sittings or 0,
        considered or 0,
        resolutions or 0,
        referred or 0,
        school or 0,
        families or 0,
        closed,
        outcomes.get("withdrawn", 0),
        outcomes.get("protected", 0),
        outcomes.get("prevented", 0),
    )
