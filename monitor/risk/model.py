"""What the classifier takes and gives: frozen dataclasses, no framework types."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class WorkActivity:
    sector: str
    employer: str = "family"
    paid: bool = False
    on_prohibited_list: bool = False
    hours_last_7_days: float | None = None  # None: "don't know" (missing, never zero)
    usual_hours_per_week: float | None = None
    days_per_week: int | None = None
    daily_hours: float | None = None
    during_school_hours: bool = False
    at_night: bool = False  # between 22:00 and 06:00
    on_rest_days: bool = False
    overtime: bool = False
    adult_venue: bool = False  # alcohol or tobacco sold, gambling, night entertainment
    hazards: frozenset[str] = frozenset()

    @property
    def weekly_hours(self) -> float | None:
        """Hours in the reference week: the last 7 days when known, else the usual week."""
        return self.hours_last_7_days if self.hours_last_7_days is not None else self.usual_hours_per_week


@dataclass(frozen=True)
class Assessment:
    visit_date: date
    age: int  # completed years at the visit
    activities: tuple[WorkActivity, ...] = ()
    worst_forms: frozenset[str] = frozenset()
    chores_hours_last_7_days: float | None = None
    school_attendance: str | None = None  # regular | irregular | not_attending | not_enrolled
    school_year: bool = True  # the visit falls in the school year
    parental_consent_written: bool | None = None
    light_work: bool | None = None
    contract: bool | None = None
    medical_check: bool | None = None
    sex: str | None = None
    family_criteria: frozenset[str] = frozenset()
    sibling_in_child_labour: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    figure: str | None = None
    threshold: str | None = None


@dataclass(frozen=True)
class RulesetResult:
    ruleset_id: str  # kg_national | ilo_statistical
    ruleset_version: str
    category: str
    action: str
    reasons: tuple[Reason, ...]
    flags: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Classification:
    national: RulesetResult
    ilo: RulesetResult
