"""Plain values of an assessment as entered (built by the route from the form)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ActivityData:
    sector_id: int
    employer: str = "family"
    prohibited_work_id: int | None = None
    paid: bool = False
    hours_last_7_days: float | None = None
    usual_hours_per_week: float | None = None
    days_per_week: int | None = None
    daily_hours: float | None = None
    during_school_hours: bool = False
    at_night: bool = False
    on_rest_days: bool = False
    overtime: bool = False
    adult_venue: bool = False
    hazards: list[str] = field(default_factory=list)


@dataclass
class AssessmentData:
    visit_date: date
    location: str
    location_note: str = ""
    activities: list[ActivityData] = field(default_factory=list)
    worst_forms: list[str] = field(default_factory=list)
    chores_hours: float | None = None
    school_attendance: str | None = None
    school_year: bool = True
    parental_consent_written: bool | None = None
    light_work: bool | None = None
    contract: bool | None = None
    medical_check: bool | None = None
    notes: str = ""


class AssessmentError(ValueError):
    def __init__(self, field_name: str, code: str):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code
