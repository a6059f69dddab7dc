"""Erasing a child's identifying data on a lawful request; the record stays so counts stay right."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from monitor.assessments.models import Assessment
from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.core.office import office_today
from monitor.extensions import db
from monitor.registry.models import Child, Family
from monitor.registry.services import household_changed

ERASED = "×××"


def _year_only(value: date | None) -> date | None:
    return date(value.year, 7, 1) if value else None


def erase_child(child: Child, reason: str, include_family: bool, actor) -> None:
    """Remove names, personal number, exact birth date and free texts; keep sex, birth year, area,
    statuses and history so that reports still count the child."""
    child.surname, child.given_name, child.patronymic = ERASED, "", ""
    child.surname_key = child.given_key = child.surname_skeleton = child.given_skeleton = ""
    child.pin = None
    child.birth_date, child.birth_date_estimated = _year_only(child.birth_date), True
    child.school_name = child.non_attendance_reason = child.consent_by = child.notes = ""
    for row in child.criteria:
        row.text = ""
    for assessment in db.session.scalars(select(Assessment).where(Assessment.child_id == child.id)):
        assessment.notes = assessment.location_note = ""
    child.erased_at = utcnow()
    if include_family:
        _erase_family(child.family)
    db.session.flush()
    household_changed.send(child.family, today=office_today())  # the birth date moved: what follows from it
    record_event(
        "child_erased",
        user=actor,
        obj=child,
        area_id=child.family.area_id,
        reason=reason,
        include_family=include_family,
    )


def _erase_family(family: Family) -> None:
    family.street = family.house = family.notes = ""
    family.phone = family.phone_alt = None
    for member in family.members:
        member.surname, member.given_name, member.patronymic = ERASED, "", ""
        member.birth_date = _year_only(member.birth_date)
        member.abroad_country = ""
