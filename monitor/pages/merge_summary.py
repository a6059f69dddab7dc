"""The two records a supervisor is about to merge, side by side: who they are and what hangs on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from monitor.assessments.models import Assessment
from monitor.cases.models import Case, Plan
from monitor.extensions import db
from monitor.referrals.models import Attendance, Referral
from monitor.registry.identity import masked_pin
from monitor.registry.models import Child


@dataclass(frozen=True)
class MergeSide:
    key: str  # "a" (the record the supervisor started from) or "b"
    child: Child
    pin: str  # masked
    counts: dict[str, int]  # assessments (visits), cases, plans, referrals, attendance months
    last_visit: date | None
    open_case: Case | None


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _side(key: str, child: Child) -> MergeSide:
    cases = select(Case.id).where(Case.child_id == child.id)
    referrals = select(Referral.id).where(Referral.child_id == child.id)
    counts = {
        "assessments": _count(select(Assessment.id).where(Assessment.child_id == child.id)),
        "cases": _count(cases),
        "plans": _count(select(Plan.id).where(Plan.case_id.in_(cases))),
        "referrals": _count(referrals),
        "attendance": _count(select(Attendance.id).where(Attendance.referral_id.in_(referrals))),
    }
    last_visit = db.session.scalar(select(func.max(Assessment.visit_date)).where(Assessment.child_id == child.id))
    open_case = db.session.scalar(select(Case).where(Case.child_id == child.id, Case.closed_at.is_(None)))
    return MergeSide(key, child, masked_pin(child.pin), counts, last_visit, open_case)


def merge_sides(first: Child, second: Child) -> list[MergeSide]:
    return [_side("a", first), _side("b", second)]
