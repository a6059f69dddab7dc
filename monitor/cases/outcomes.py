"""A case's outcome, computed from the visits' assessments with the rule that gave it (pure Python).

DOMAIN.md section 5: withdrawn (was in child labour, now not, and in school or training for at least
3 continuous months, verified at visits); protected (16-17, violations fixed); prevented (at risk,
received a service, not in child labour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from monitor.risk.codes import NATIONAL_CHILD_LABOUR

IN_SCHOOL = frozenset({"regular", "irregular"})
OUTCOMES = ("withdrawn", "protected", "prevented", "none")
# The rule behind each computed outcome (stored with the closure; labels.OUTCOME_RULES explains them).
RULES = (
    "withdrawn_in_school",
    "violations_fixed",
    "withdrawn_in_training",
    "prevented_with_service",
    "still_in_child_labour",
    "not_yet_three_months",
    "no_service_recorded",
    "no_child_labour_found",
    "no_visits",
)
WITHDRAWN_DAYS = 90


@dataclass(frozen=True)
class Visit:
    visit_date: date
    category: str
    school_attendance: str | None
    age: int


@dataclass(frozen=True)
class Outcome:
    outcome: str  # withdrawn | protected | prevented | none
    rule: str  # the rule that decided it (translated by the app)
    days_in_school: int = 0


def _days_in_school_since(visits: list[Visit], since: date) -> int:
    """Continuous days in school verified at visits after `since` (broken by any visit out of school)."""
    after = [v for v in visits if v.visit_date > since]
    if not after or any(v.school_attendance not in IN_SCHOOL for v in after):
        return 0
    return (after[-1].visit_date - after[0].visit_date).days


def compute_outcome(visits: list[Visit], received_service: bool, training_months: int = 0) -> Outcome:
    visits = sorted(visits, key=lambda v: v.visit_date)
    if not visits:
        return Outcome("none", "no_visits")
    latest = visits[-1]
    labour = [v for v in visits if v.category in NATIONAL_CHILD_LABOUR]
    if latest.category in NATIONAL_CHILD_LABOUR:
        return Outcome("none", "still_in_child_labour")
    if labour:
        if (
            any(v.category == "young_worker_violation" for v in labour)
            and latest.age >= 16
            and latest.category == "lawful_monitor"
            and labour[-1].category == "young_worker_violation"
        ):
            return Outcome("protected", "violations_fixed")
        days = _days_in_school_since(visits, labour[-1].visit_date)
        if days >= WITHDRAWN_DAYS:
            return Outcome("withdrawn", "withdrawn_in_school", days)
        if training_months >= 3:  # a remedial class attended for three continuous months
            return Outcome("withdrawn", "withdrawn_in_training", training_months * 30)
        return Outcome("none", "not_yet_three_months", days)
    if any(v.category == "at_risk" for v in visits):
        return (
            Outcome("prevented", "prevented_with_service")
            if received_service
            else Outcome("none", "no_service_recorded")
        )
    return Outcome("none", "no_child_labour_found")
