"""Registry checks that do not need the database (pure: tested directly)."""

from __future__ import annotations

from datetime import date

from monitor.core.dates import age_on
from monitor.registry.data import ChildData, FamilyData, RegistryError
from monitor.registry.identity import InvalidIdentifier, normalize_phone, parse_pin, pin_conflicts
from monitor.registry.models.enums import Attendance, Consent

ADULT_AGE = 18


def child_problems(data: ChildData, today: date) -> list[RegistryError]:
    """Every rule the child's data breaks, each tied to the form field it concerns."""
    problems = []
    if data.birth_date > today:
        problems.append(RegistryError("birth_date", "birth_date_future"))
    elif age_on(data.birth_date, today) >= ADULT_AGE:
        problems.append(RegistryError("birth_date", "adult"))
    problems += _pin_problems(data)
    if data.attendance == Attendance.NOT_ATTENDING and not data.non_attendance_reason.strip():
        problems.append(RegistryError("non_attendance_reason", "reason_required"))
    if data.consent in (Consent.YES, Consent.NO) and not data.consent_by.strip():
        problems.append(RegistryError("consent_by", "consent_by_required"))
    if data.consent_date and data.consent_date > today:
        problems.append(RegistryError("consent_date", "date_future"))
    return problems


def _pin_problems(data: ChildData) -> list[RegistryError]:
    if not data.pin.strip():
        return []
    try:
        info = parse_pin(data.pin)
    except InvalidIdentifier as error:
        return [RegistryError("pin", error.code)]
    birth_date = None if data.birth_date_estimated else data.birth_date
    return [RegistryError("pin", code) for code in pin_conflicts(info, data.sex.value, birth_date)]


def normalized_pin(text: str) -> str | None:
    return parse_pin(text).pin if text.strip() else None


def family_phones(data: FamilyData) -> tuple[str | None, str | None]:
    """The family's phone numbers in +996 form; RegistryError on a malformed one."""
    result = []
    for field_name, value in (("phone", data.phone), ("phone_alt", data.phone_alt)):
        if not value.strip():
            result.append(None)
            continue
        try:
            result.append(normalize_phone(value))
        except InvalidIdentifier as error:
            raise RegistryError(field_name, error.code) from error
    return result[0], result[1]
