"""Recording an assessment: store what was seen, classify it at once, refresh the family's statuses."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from monitor.assessments.data import ActivityData, AssessmentData, AssessmentError
from monitor.assessments.models import Assessment, ProhibitedWork, Sector, WorkActivityRecord
from monitor.assessments.status import context, refresh_family
from monitor.assessments.threshold_versions import ensure_default_version, version_on
from monitor.audit.services import record_event
from monitor.core.dates import age_on
from monitor.extensions import db
from monitor.registry.models import Child
from monitor.risk import model as risk
from monitor.risk.engine import classify, result_to_dict

# Modules built on this one react to a new assessment (the case module opens a case).
after_assessment: list = []
SENSITIVE_WORST_FORMS = frozenset({"trafficking", "csec", "forced_labour"})
ACTIVITY_FIELDS = (
    "employer",
    "paid",
    "hours_last_7_days",
    "usual_hours_per_week",
    "days_per_week",
    "daily_hours",
    "during_school_hours",
    "at_night",
    "on_rest_days",
    "overtime",
    "adult_venue",
)


def _check(child: Child, data: AssessmentData, today: date) -> int:
    if data.visit_date > today:
        raise AssessmentError("visit_date", "visit_in_future")
    if data.visit_date < child.birth_date:
        raise AssessmentError("visit_date", "visit_before_birth")
    return age_on(child.birth_date, data.visit_date)


def _activity(data: ActivityData, sectors: dict, listed: set[int]) -> risk.WorkActivity:
    sector = sectors.get(data.sector_id)
    if sector is None:
        raise AssessmentError("activities", "sector_unknown")
    if data.prohibited_work_id and data.prohibited_work_id not in listed:
        raise AssessmentError("activities", "prohibited_unknown")
    return risk.WorkActivity(
        sector=sector.code,
        on_prohibited_list=bool(data.prohibited_work_id),
        hazards=frozenset(data.hazards),
        **{name: getattr(data, name) for name in ACTIVITY_FIELDS},
    )


def to_rules_input(child: Child, data: AssessmentData, age: int) -> risk.Assessment:
    """The classifier's input: what was seen at the visit plus the child's context."""
    ids = {a.sector_id for a in data.activities}
    sectors = {s.id: s for s in db.session.scalars(select(Sector).where(Sector.id.in_(ids)))}
    listed = set(db.session.scalars(select(ProhibitedWork.id).where(ProhibitedWork.active)))
    facts = context(child)
    facts["school_attendance"] = data.school_attendance or facts["school_attendance"]
    return risk.Assessment(
        visit_date=data.visit_date,
        age=age,
        sex=child.sex.value,
        activities=tuple(_activity(a, sectors, listed) for a in data.activities),
        worst_forms=frozenset(data.worst_forms),
        chores_hours_last_7_days=data.chores_hours,
        school_year=data.school_year,
        parental_consent_written=data.parental_consent_written,
        light_work=data.light_work,
        contract=data.contract,
        medical_check=data.medical_check,
        **facts,
    )


def record_assessment(child: Child, data: AssessmentData, actor, today: date) -> Assessment:
    """Save and classify a visit's assessment with the thresholds in force on the visit date."""
    age = _check(child, data, today)
    facts = to_rules_input(child, data, age)
    row, thresholds = version_on(data.visit_date)
    row = row or ensure_default_version()
    result = classify(facts, thresholds)
    assessment = Assessment(
        child=child,
        visit_date=data.visit_date,
        assessed_by_id=actor.id,
        location=data.location,
        location_note=data.location_note,
        age=age,
        school_attendance=facts.school_attendance,
        school_year=data.school_year,
        chores_hours=data.chores_hours,
        worst_forms=sorted(data.worst_forms),
        parental_consent_written=data.parental_consent_written,
        light_work=data.light_work,
        contract=data.contract,
        medical_check=data.medical_check,
        notes=data.notes,
        thresholds=row,
        national_category=result.national.category,
        national_action=result.national.action,
        ilo_category=result.ilo.category,
        sdg_series_1=bool(result.ilo.flags.get("sdg_series_1")),
        sdg_series_2=bool(result.ilo.flags.get("sdg_series_2")),
        result=result_to_dict(result)
        | {
            "input_context": {
                "family_criteria": sorted(facts.family_criteria),
                "sibling_in_child_labour": facts.sibling_in_child_labour,
            }
        },
        activities=[
            WorkActivityRecord(
                sector_id=a.sector_id,
                prohibited_work_id=a.prohibited_work_id or None,
                hazards=sorted(a.hazards),
                **{n: getattr(a, n) for n in ACTIVITY_FIELDS},
            )
            for a in data.activities
        ],
    )
    db.session.add(assessment)
    if set(data.worst_forms) & SENSITIVE_WORST_FORMS and not child.restricted:
        child.restricted = True  # trafficking, sexual exploitation, forced labour: a sensitive case
        record_event("child_restricted", user=actor, obj=child, area_id=child.family.area_id, reason="worst_form")
    db.session.flush()
    refresh_family(child.family, today)
    record_event(
        "assessment_created",
        user=actor,
        obj=assessment,
        area_id=child.family.area_id,
        child_id=child.id,
        national=result.national.category,
        ilo=result.ilo.category,
        thresholds=result.national.ruleset_version,
    )
    for hook in after_assessment:
        hook(child, assessment, actor, today)
    return assessment
