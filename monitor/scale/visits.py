"""Generated visits: one or two assessments of a child, classified by the real rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from monitor.assessments.data import AssessmentData
from monitor.assessments.models import Assessment, WorkActivityRecord
from monitor.core.clock import day_starts_at
from monitor.core.office import office_zone
from monitor.demo import demo_assessment
from monitor.risk import engine
from monitor.risk.model import Assessment as RulesInput
from monitor.risk.model import WorkActivity
from monitor.scale.rows import Run


def office_moment(run: Run, day: date) -> datetime:
    """An instant of office hours (8:00-17:59) on `day`, so that "newest first" has an order."""
    return day_starts_at(day, office_zone()) + timedelta(seconds=run.rng.randint(8 * 3600, 18 * 3600 - 1))


def assess(run: Run, child_id: int, kid, family_codes: set[str], registered: date) -> dict | None:
    """One or two visits for about a third of the children, after their registration; returns the
    latest visit's status (with the first visit's date)."""

    class Probe:  # what demo_assessment reads of a child
        birth_date = kid.birth_date

    visit = demo_assessment(run.rng, Probe, run.today, run.sectors)
    if visit is None:
        return None
    # Spread from registration to today (the demo keeps to the last four months), never before the age of 6.
    earliest = max(registered, kid.birth_date + timedelta(days=6 * 366))
    if earliest < run.today:
        visit = replace(visit, visit_date=earliest + timedelta(days=run.rng.randint(0, (run.today - earliest).days)))
    visits = [visit]
    if run.rng.random() < 0.3 and visit.visit_date < run.today - timedelta(days=40):  # a follow-up, out of work
        visits.append(
            AssessmentData(
                visit_date=visit.visit_date + timedelta(days=run.rng.randint(30, 39)),
                location="school",
                activities=[],
                chores_hours=5.0,
                notes="",
            )
        )
    status = None
    for data in visits:
        result, age, attendance = _classify(run, kid, data, family_codes)
        stored = engine.result_to_dict(result)
        _write_visit(run, child_id, data, result, stored, age, attendance)
        if status is None or result.national.category != "no_issue":
            status = {
                "national_category": result.national.category,
                "national_action": result.national.action,
                "ilo_category": result.ilo.category,
                "reasons": stored["national"]["reasons"],
                "visit_date": data.visit_date,
                "first_visit": visits[0].visit_date,
            }
    return status


def _classify(run: Run, kid, data: AssessmentData, family_codes: set[str]):
    age = (
        data.visit_date.year
        - kid.birth_date.year
        - ((data.visit_date.month, data.visit_date.day) < (kid.birth_date.month, kid.birth_date.day))
    )
    attendance = kid.attendance.value if kid.attendance else ("regular" if kid.school_enrolled else "not_enrolled")
    codes = run.sector_codes
    facts = RulesInput(
        visit_date=data.visit_date,
        age=age,
        sex=kid.sex.value,
        chores_hours_last_7_days=data.chores_hours,
        activities=tuple(
            WorkActivity(
                sector=codes[a.sector_id],
                employer=a.employer,
                paid=a.paid,
                hours_last_7_days=a.hours_last_7_days,
                during_school_hours=a.during_school_hours,
                hazards=frozenset(a.hazards),
            )
            for a in data.activities
        ),
        school_attendance=attendance,
        family_criteria=frozenset(family_codes),
    )
    return engine.classify(facts, run.thresholds), age, attendance


def _write_visit(run: Run, child_id: int, data: AssessmentData, result, stored: dict, age: int, attendance: str):
    assessment_id = run.ids(Assessment)
    run.rows.add(
        Assessment,
        {
            "id": assessment_id,
            "child_id": child_id,
            "visit_date": data.visit_date,
            "assessed_by_id": run.user_id,
            "location": data.location,
            "location_note": "",
            "age": age,
            "school_attendance": attendance,
            "school_year": True,
            "chores_hours": data.chores_hours,
            "worst_forms": [],
            "parental_consent_written": None,
            "light_work": None,
            "contract": None,
            "medical_check": None,
            "notes": "",
            "thresholds_id": run.thresholds_id,
            "national_category": result.national.category,
            "national_action": result.national.action,
            "ilo_category": result.ilo.category,
            "sdg_series_1": bool(result.ilo.flags.get("sdg_series_1")),
            "sdg_series_2": bool(result.ilo.flags.get("sdg_series_2")),
            "result": stored,
            "created_at": office_moment(run, data.visit_date),
        },
    )
    for activity in data.activities:
        run.rows.add(
            WorkActivityRecord,
            {
                "id": run.ids(WorkActivityRecord),
                "assessment_id": assessment_id,
                "sector_id": activity.sector_id,
                "prohibited_work_id": None,
                "employer": activity.employer,
                "paid": activity.paid,
                "hours_last_7_days": activity.hours_last_7_days,
                "usual_hours_per_week": None,
                "days_per_week": None,
                "daily_hours": None,
                "during_school_hours": activity.during_school_hours,
                "at_night": False,
                "on_rest_days": False,
                "overtime": False,
                "adult_venue": False,
                "hazards": sorted(activity.hazards),
            },
        )
    run.counts["assessments"] += 1
