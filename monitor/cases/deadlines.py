"""Case deadlines in working days (pure Python): DOMAIN.md section 2, values configurable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class CaseRules:
    assessment_working_days: int = 3      # assessment visit within 3 working days of identification
    danger_days: int = 1                  # 24 hours when the child is in danger
    plan_working_days: int = 10           # individual plan within 10 working days
    plan_review_months: int = 3

    @classmethod
    def from_config(cls, config) -> CaseRules:
        return cls(**{name: int(config.get(f"CASE_{name.upper()}", default))
                      for name, default in cls().__dict__.items()})


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def assessment_due(identified_on: date, danger: bool, rules: CaseRules) -> date:
    if danger:
        return identified_on + timedelta(days=rules.danger_days)
    return add_working_days(identified_on, rules.assessment_working_days)


def plan_due(assessed_on: date, rules: CaseRules) -> date:
    return add_working_days(assessed_on, rules.plan_working_days)
