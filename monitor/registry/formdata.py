"""Between forms and services: choices for the forms, and plain values out of them."""

from __future__ import annotations

from sqlalchemy import select

from monitor.areas.services import areas_within, as_tree
from monitor.core.forms import choices
from monitor.core.permissions import area_paths
from monitor.extensions import db
from monitor.registry.data import ChildData, FamilyData, MemberData
from monitor.registry.models import (
    AssistanceKind,
    Attendance,
    Consent,
    Criterion,
    CriterionKind,
    Employment,
    LivingArrangement,
    Relation,
    Sex,
)
from monitor.registry.services import DERIVED_CRITERIA


def criteria_of(kind: CriterionKind) -> list[Criterion]:
    return list(
        db.session.scalars(select(Criterion).where(Criterion.kind == kind, Criterion.active).order_by(Criterion.code))
    )


def criterion_choices(kind: CriterionKind, language: str):
    """Criteria a worker ticks; derived ones (C05 follows from the classification) are left out."""
    return choices(
        (c.id, f"{c.code} · {c.name(language)}") for c in criteria_of(kind) if c.code not in DERIVED_CRITERIA
    )


def other_criterion_id(kind: CriterionKind) -> int | None:
    return next((c.id for c in criteria_of(kind) if c.needs_text), None)


def area_choices(user, language: str, active_only: bool = True):
    """The user's areas as an indented list (families are placed at any level, best the lowest)."""
    tree = as_tree(areas_within(area_paths(user)), language)
    return choices(
        (area.id, "\u2003" * depth + area.name(language)) for area, depth in tree if area.active or not active_only
    )


def prepare_child_fields(form, language: str) -> None:
    form.criteria.choices = criterion_choices(CriterionKind.CHILD, language)


def prepare_family_form(form, user, language: str) -> None:
    form.area_id.choices = area_choices(user, language)
    form.criteria.choices = criterion_choices(CriterionKind.FAMILY, language)
    for entry in getattr(form, "children", []):
        prepare_child_fields(entry.form, language)


def _text(value) -> str:
    return (value or "").strip()


def _chosen_criteria(ids, other_text: str, kind: CriterionKind) -> dict[int, str]:
    other = other_criterion_id(kind)
    return {criterion_id: (_text(other_text) if criterion_id == other else "") for criterion_id in ids or []}


def child_data(form) -> ChildData:
    return ChildData(
        surname=_text(form.surname.data),
        given_name=_text(form.given_name.data),
        patronymic=_text(form.patronymic.data),
        sex=Sex(form.sex.data),
        birth_date=form.birth_date.data,
        birth_date_estimated=bool(form.birth_date_estimated.data),
        pin=_text(form.pin.data),
        birth_certificate=bool(form.birth_certificate.data),
        disability=bool(form.disability.data),
        living_arrangement=LivingArrangement(form.living_arrangement.data),
        school_enrolled=bool(form.school_enrolled.data),
        school_name=_text(form.school_name.data),
        school_grade=form.school_grade.data,
        attendance=Attendance(form.attendance.data) if form.attendance.data else None,
        non_attendance_reason=_text(form.non_attendance_reason.data),
        consent=Consent(form.consent.data),
        consent_date=form.consent_date.data,
        consent_by=_text(form.consent_by.data),
        notes=_text(form.notes.data),
        restricted=bool(form.restricted.data),
        criteria=_chosen_criteria(form.criteria.data, form.other_criterion.data, CriterionKind.CHILD),
    )


def member_data(form) -> MemberData:
    return MemberData(
        surname=_text(form.surname.data),
        given_name=_text(form.given_name.data),
        patronymic=_text(form.patronymic.data),
        relation=Relation(form.relation.data),
        birth_date=form.birth_date.data,
        is_head=bool(form.is_head.data),
        is_caregiver=bool(form.is_caregiver.data),
        abroad=bool(form.abroad.data),
        abroad_country=_text(form.abroad_country.data),
        abroad_since=form.abroad_since.data,
        employment=Employment(form.employment.data),
        disability=bool(form.disability.data),
    )


def family_data(form) -> FamilyData:
    return FamilyData(
        area_id=form.area_id.data,
        street=_text(form.street.data),
        house=_text(form.house.data),
        phone=_text(form.phone.data),
        phone_alt=_text(form.phone_alt.data),
        notes=_text(form.notes.data),
        members=[member_data(entry.form) for entry in form.members if not entry.form.is_blank()],
        criteria=_chosen_criteria(form.criteria.data, "", CriterionKind.FAMILY),
        assistance=[AssistanceKind(value) for value in form.assistance.data or []],
    )


def fill_child_form(form, child) -> None:
    """Show a saved child in the edit form (criteria and the "other" text included)."""
    form.criteria.data = [row.criterion_id for row in child.criteria]
    form.other_criterion.data = next((row.text for row in child.criteria if row.text), "")
    form.version.data = str(child.version)


def fill_family_form(form, family) -> None:
    form.criteria.data = [row.criterion_id for row in family.criteria]
    form.assistance.data = [row.kind.value for row in family.assistance]
    form.version.data = str(family.version)
