"""Plain values the registry services take (built by routes from forms, or by importers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from monitor.registry.models.enums import (
    AssistanceKind,
    Attendance,
    Consent,
    Employment,
    LivingArrangement,
    Relation,
    Sex,
)


@dataclass
class MemberData:
    surname: str
    given_name: str
    relation: Relation
    patronymic: str = ""
    birth_date: date | None = None
    is_head: bool = False
    is_caregiver: bool = False
    abroad: bool = False
    abroad_country: str = ""
    abroad_since: date | None = None
    employment: Employment = Employment.UNKNOWN
    disability: bool = False


@dataclass
class FamilyData:
    area_id: int
    street: str = ""
    house: str = ""
    phone: str = ""
    phone_alt: str = ""
    notes: str = ""
    members: list[MemberData] = field(default_factory=list)
    criteria: dict[int, str] = field(default_factory=dict)  # criterion id -> text (for "other")
    assistance: list[AssistanceKind] = field(default_factory=list)


@dataclass
class ChildData:
    surname: str
    given_name: str
    sex: Sex
    birth_date: date
    patronymic: str = ""
    birth_date_estimated: bool = False
    pin: str = ""
    birth_certificate: bool = True
    disability: bool = False
    living_arrangement: LivingArrangement = LivingArrangement.BOTH_PARENTS
    school_enrolled: bool = True
    school_name: str = ""
    school_grade: int | None = None
    attendance: Attendance | None = None
    non_attendance_reason: str = ""
    consent: Consent = Consent.NOT_ASKED
    consent_date: date | None = None
    consent_by: str = ""
    notes: str = ""
    restricted: bool = False
    criteria: dict[int, str] = field(default_factory=dict)


class RegistryError(ValueError):
    """A value the registry rules refuse; `field` names the form field, `code` the rule."""

    def __init__(self, field_name: str, code: str):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code
