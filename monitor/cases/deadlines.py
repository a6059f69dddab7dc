"""Case rules (pure Python): deadlines in working days (DOMAIN.md section 2), the risk level a
classification gives a case, and the follow-up visit months for each risk level; all configurable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, TypeVar

from monitor.cases.holidays import WorkingCalendar, parse_date, parse_day_month
from monitor.risk.codes import RISK_LEVELS

T = TypeVar("T")

LEVELS = ("high", "medium", "low", "none")
DEFAULT_VISIT_MONTHS = dict.fromkeys(LEVELS, (1, 3, 6))  # after the plan or the first service


class RulesError(ValueError):
    """A case rule in the configuration cannot be used."""


def _frozen(mapping: Mapping[str, T]) -> MappingProxyType[str, T]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class CaseRules:
    assessment_working_days: int = 3  # assessment visit within 3 working days of identification
    danger_days: int = 1  # 24 hours when the child is in danger
    plan_working_days: int = 10  # individual plan within 10 working days
    plan_review_months: int = 3
    risk_levels: MappingProxyType[str, str] = field(default_factory=lambda: _frozen(RISK_LEVELS))
    danger_risk: str = "high"  # a child in danger makes the case at least this urgent
    visit_months: MappingProxyType[str, tuple[int, ...]] = field(default_factory=lambda: _frozen(DEFAULT_VISIT_MONTHS))
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)

    def risk_level(self, category: str | None, danger: bool = False) -> str:
        level = self.risk_levels.get(category or "no_issue", "none")
        if danger and LEVELS.index(self.danger_risk) < LEVELS.index(level):
            return self.danger_risk
        return level

    def months_for(self, level: str) -> tuple[int, ...]:
        return tuple(self.visit_months.get(level) or DEFAULT_VISIT_MONTHS[level])

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CaseRules:
        """Read CASE_* settings; raise RulesError with a readable message for a wrong value."""
        base = cls()
        try:
            numbers = {
                name: int(config.get(f"CASE_{name.upper()}", getattr(base, name)))
                for name in ("assessment_working_days", "danger_days", "plan_working_days", "plan_review_months")
            }
        except (TypeError, ValueError) as error:
            raise RulesError(f"Case deadlines must be whole numbers: {error}") from error
        if any(value < 0 for value in numbers.values()):
            raise RulesError("Case deadlines cannot be negative.")
        levels = {**base.risk_levels, **config.get("CASE_RISK_LEVELS", {})}
        danger = config.get("CASE_DANGER_RISK", base.danger_risk)
        months = {**base.visit_months, **{k: tuple(v) for k, v in config.get("CASE_VISIT_MONTHS", {}).items()}}
        wrong = sorted({str(v) for v in [*levels.values(), danger, *months] if v not in LEVELS})
        if wrong:
            raise RulesError(f"Unknown risk level(s) {', '.join(wrong)}; use {', '.join(LEVELS)}.")
        if any(
            not m or any(not isinstance(x, int) or x <= 0 for x in m) or list(m) != sorted(set(m))
            for m in months.values()
        ):
            raise RulesError("Visit months must be increasing whole numbers above 0, e.g. [1, 3, 6].")
        try:
            fixed = (
                [parse_day_month(text) for text in config.get("PUBLIC_HOLIDAYS", ())]
                if "PUBLIC_HOLIDAYS" in config
                else None
            )
            dates = [parse_date(text) for text in config.get("PUBLIC_HOLIDAY_DATES", ())]
        except (TypeError, ValueError) as error:
            raise RulesError(f"Public holidays are written dd.mm (fixed) or dd.mm.yyyy (dates): {error}") from error
        return cls(
            **numbers,
            risk_levels=_frozen(levels),
            danger_risk=danger,
            visit_months=_frozen(months),
            calendar=WorkingCalendar(fixed, dates),
        )


def add_working_days(start: date, days: int, rules: CaseRules | None = None) -> date:
    """The date `days` working days after `start` (weekends and public holidays skipped)."""
    return (rules or CaseRules()).calendar.add_working_days(start, days)


def assessment_due(identified_on: date, danger: bool, rules: CaseRules) -> date:
    if danger:
        return identified_on + timedelta(days=rules.danger_days)
    return add_working_days(identified_on, rules.assessment_working_days, rules)


def plan_due(assessed_on: date, rules: CaseRules) -> date:
    return add_working_days(assessed_on, rules.plan_working_days, rules)
