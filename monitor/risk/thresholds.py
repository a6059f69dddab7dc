"""Every number the rules use, versioned with the date it takes effect and its legal basis."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Thresholds:
    version: str
    effective_from: date
    light_work_age: int
    min_employment_age: int
    adult_age: int
    weekly_hours_14_15: float
    weekly_hours_16_17: float
    daily_hours_pupil_14_15: float
    daily_hours_pupil_16_17: float
    national_chores_hours_under_14: float
    at_risk_family_criteria: frozenset[str]
    ilo_min_age: int
    ilo_hours_5_11: float
    ilo_hours_12_14: float
    ilo_hours_15_17: float
    ilo_chores_hours_5_14: float
    ilo_hazardous_hours_15_17: float
    legal_basis: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def value_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name not in ("version", "effective_from", "legal_basis")]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Thresholds:
        """From {'version', 'effective_from' (yyyy-mm-dd), 'values': {...}, 'legal_basis': {...}}."""
        values = data["values"]
        missing = [name for name in cls.value_names() if name not in values]
        if missing:
            raise ValueError(f"thresholds {data.get('version')!r} lack {', '.join(missing)}")
        effective = data["effective_from"]
        limits: dict[str, Any] = {
            name: (frozenset(values[name]) if name == "at_risk_family_criteria" else values[name])
            for name in cls.value_names()
        }
        return cls(
            version=str(data["version"]),
            effective_from=effective if isinstance(effective, date) else date.fromisoformat(effective),
            legal_basis=dict(data.get("legal_basis", {})),
            **limits,
        )

    def to_dict(self) -> dict[str, Any]:
        values = {name: getattr(self, name) for name in self.value_names()}
        values["at_risk_family_criteria"] = sorted(values["at_risk_family_criteria"])
        return {
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "values": values,
            "legal_basis": dict(self.legal_basis),
        }

    def replace(self, **changes: Any) -> Thresholds:
        data = asdict(self) | changes
        return Thresholds(**data)


def load_default_thresholds() -> Thresholds:
    """The first version, shipped with the code and seeded into the database."""
    text = resources.files("monitor.risk").joinpath("default_thresholds.json").read_text("utf-8")
    return Thresholds.from_dict(json.loads(text))


def in_force(versions: list[Thresholds], on: date) -> Thresholds:
    """The version in force on `on`: the latest whose effective date is not after it."""
    candidates = [t for t in versions if t.effective_from <= on]
    if not candidates:
        return min(versions, key=lambda t: t.effective_from)
    return max(candidates, key=lambda t: t.effective_from)
