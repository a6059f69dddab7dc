"""Choices for the assessment form and plain values out of it."""

from __future__ import annotations

from sqlalchemy import select

from monitor.assessments.data import ActivityData, AssessmentData
from monitor.assessments.models import ProhibitedWork, Sector
from monitor.core.forms import choices
from monitor.extensions import db

TRI = {"yes": True, "no": False, "": None}


def prepare(form, language: str) -> None:
    sectors = db.session.scalars(select(Sector).where(Sector.active).order_by(Sector.group, Sector.code)).all()
    listed = db.session.scalars(select(ProhibitedWork).where(ProhibitedWork.active).order_by(ProhibitedWork.code)).all()
    sector_choices = choices([(0, "—")] + [(s.id, s.name(language)) for s in sectors])
    listed_choices = choices([(0, "—")] + [(p.id, p.name(language)) for p in listed])
    for entry in form.activities:
        entry.form.sector.choices = sector_choices
        entry.form.prohibited_work.choices = listed_choices


def _float(value) -> float | None:
    return None if value is None else float(value)


def activity_data(form) -> ActivityData:
    return ActivityData(
        sector_id=form.sector.data,
        prohibited_work_id=form.prohibited_work.data or None,
        employer=form.employer.data,
        paid=bool(form.paid.data),
        hours_last_7_days=None if form.hours_unknown.data else _float(form.hours_last_7_days.data),
        usual_hours_per_week=_float(form.usual_hours_per_week.data),
        days_per_week=form.days_per_week.data,
        daily_hours=_float(form.daily_hours.data),
        during_school_hours=bool(form.during_school_hours.data),
        at_night=bool(form.at_night.data),
        on_rest_days=bool(form.on_rest_days.data),
        overtime=bool(form.overtime.data),
        adult_venue=bool(form.adult_venue.data),
        hazards=list(form.hazards.data or []),
    )


def assessment_data(form) -> AssessmentData:
    return AssessmentData(
        visit_date=form.visit_date.data,
        location=form.location.data,
        location_note=(form.location_note.data or "").strip(),
        activities=[activity_data(e.form) for e in form.activities if not e.form.is_blank()],
        worst_forms=list(form.worst_forms.data or []),
        chores_hours=None if form.chores_unknown.data else _float(form.chores_hours.data),
        school_attendance=form.school_attendance.data or None,
        school_year=bool(form.school_year.data),
        parental_consent_written=TRI[form.parental_consent_written.data],
        light_work=TRI[form.light_work.data],
        contract=TRI[form.contract.data],
        medical_check=TRI[form.medical_check.data],
        notes=(form.notes.data or "").strip(),
    )
