"""Threshold versions stored in the database, and the one in force on a date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from monitor.assessments.models import ThresholdSet
from monitor.audit.services import record_event
from monitor.extensions import db
from monitor.risk.thresholds import Thresholds, in_force, load_default_thresholds


def as_thresholds(row: ThresholdSet) -> Thresholds:
    return Thresholds.from_dict(
        {
            "version": row.version,
            "effective_from": row.effective_from,
            "values": row.values,
            "legal_basis": row.legal_basis,
        }
    )


def all_versions() -> list[ThresholdSet]:
    return list(db.session.scalars(select(ThresholdSet).order_by(ThresholdSet.effective_from)))


def version_on(on: date) -> tuple[ThresholdSet | None, Thresholds]:
    """The stored version in force on `on` (the shipped default when none is stored)."""
    rows = all_versions()
    if not rows:
        return None, load_default_thresholds()
    chosen = in_force([as_thresholds(row) for row in rows], on)
    return next(row for row in rows if row.version == chosen.version), chosen


class ThresholdError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def add_version(version: str, effective_from: date, values: dict, legal_basis: dict, actor) -> ThresholdSet:
    """Add a new version of the thresholds (older versions and past results stay as they are)."""
    if db.session.scalar(select(ThresholdSet.id).where(ThresholdSet.version == version)):
        raise ThresholdError("version_taken")
    candidate = {"version": version, "effective_from": effective_from, "values": values, "legal_basis": legal_basis}
    Thresholds.from_dict(candidate)  # every value present and readable
    row = ThresholdSet(
        version=version,
        effective_from=effective_from,
        values=values,
        legal_basis=legal_basis,
        created_by_id=actor.id if actor else None,
    )
    db.session.add(row)
    db.session.flush()
    record_event(
        "thresholds_added",
        user=actor,
        obj=row,
        version=version,
        effective_from=effective_from.isoformat(),
        values=values,
    )
    return row


def ensure_default_version() -> ThresholdSet:
    """Store the shipped first version when the database has none yet."""
    default = load_default_thresholds()
    data = default.to_dict()
    row = ThresholdSet(
        version=default.version,
        effective_from=default.effective_from,
        values=data["values"],
        legal_basis=data["legal_basis"],
    )
    db.session.add(row)
    db.session.flush()
    return row
