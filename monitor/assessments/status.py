"""A child's current child labour status, derived from the latest assessment and the child's context.

Stored assessment results are never rewritten; the status is what the child's page and the lists
show today. Hardship criterion C05 (child labour) follows from it.
"""

from __future__ import annotations

from datetime import date

from blinker import Namespace
from sqlalchemy import select

from monitor.assessments.models import Assessment
from monitor.assessments.threshold_versions import version_on
from monitor.core.dates import age_on
from monitor.extensions import db
from monitor.registry.models import Child, ChildCriterion, Criterion
from monitor.risk import model as risk
from monitor.risk.codes import NATIONAL_CHILD_LABOUR
from monitor.risk.engine import national, ruleset_to_dict

CHILD_LABOUR_CODE = "C05"
_signals = Namespace()
# Sent with the family (and today=) once its children's statuses are computed again (after an
# assessment, a change to the household, a move or a merge). The cases module, which builds on this
# one, refreshes the stored state of their cases (connected by the app factory).
statuses_refreshed = _signals.signal("statuses-refreshed")
STATUS_FROM_ASSESSMENT = NATIONAL_CHILD_LABOUR | {"lawful_monitor"}


def school_status(child: Child) -> str | None:
    if not child.school_enrolled:
        return "not_enrolled"
    return getattr(child.attendance, "value", child.attendance)


def latest_assessment(child_id: int) -> Assessment | None:
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.child_id == child_id)
        .order_by(Assessment.visit_date.desc(), Assessment.id.desc())
        .limit(1)
    )


def in_child_labour(child: Child) -> bool:
    return child.labour_category in NATIONAL_CHILD_LABOUR


def siblings(child: Child) -> list[Child]:
    return [other for other in child.family.children if other.id != child.id]


def context(child: Child) -> dict:
    """What the rules need to know about the child's situation beyond the work itself."""
    return {
        "family_criteria": frozenset(row.criterion.code for row in child.family.criteria),
        "sibling_in_child_labour": any(in_child_labour(other) for other in siblings(child)),
        "school_attendance": school_status(child),
    }


def _set_status(child: Child, result: dict, ilo_category: str | None, assessed_on: date | None) -> None:
    child.labour_category, child.labour_action = result["category"], result["action"]
    child.labour_ilo_category = ilo_category
    child.labour_reasons = result["reasons"]
    child.labour_assessed_on = assessed_on


def refresh_status(child: Child, today: date) -> None:
    """Recompute the child's status: the latest assessment when it found work, else the risk factors."""
    latest = latest_assessment(child.id)
    if latest is not None and latest.national_category in STATUS_FROM_ASSESSMENT:
        _set_status(child, latest.result["national"], latest.ilo_category, latest.visit_date)
    else:
        _row, thresholds = version_on(today)
        facts = risk.Assessment(
            visit_date=today,
            age=age_on(child.birth_date, today),
            chores_hours_last_7_days=latest.chores_hours if latest else None,
            **context(child),
        )
        _set_status(
            child,
            ruleset_to_dict(national(facts, thresholds)),
            latest.ilo_category if latest else None,
            latest.visit_date if latest else None,
        )
    _sync_child_labour_criterion(child, latest)


def _sync_child_labour_criterion(child: Child, latest: Assessment | None) -> None:
    criterion_id = db.session.scalar(select(Criterion.id).where(Criterion.code == CHILD_LABOUR_CODE))
    if criterion_id is None:
        return
    present = [row for row in child.criteria if row.criterion_id == criterion_id]
    if in_child_labour(child) and not present and latest is not None:
        child.criteria.append(
            ChildCriterion(
                criterion_id=criterion_id, noted_on=latest.visit_date, noted_by_id=latest.assessed_by_id, text=""
            )
        )
    elif not in_child_labour(child):
        for row in present:
            child.criteria.remove(row)


def refresh_family(family, today: date) -> None:
    """Refresh every child of a household: working children first, since siblings depend on them."""
    children = sorted(family.children, key=lambda c: (latest_assessment(c.id) is None, c.id))
    for child in children:
        refresh_status(child, today)
    for child in children:  # a sibling's new status can put the others at risk
        refresh_status(child, today)
    db.session.flush()
    statuses_refreshed.send(family, today=today)
