"""Rows of a generated caseload, kept by table and written a few thousand at a time (executemany),
with explicit ids from each table's current maximum, so a generated database can grow in several runs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, text

from monitor.assessments.models import Assessment, WorkActivityRecord
from monitor.audit.models import AuditEvent
from monitor.cases.models import Case, CaseAssignment, CaseClosure, Plan, PlanAction
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child, ChildCriterion, ChildFamilyLink, Family, FamilyCriterion, FamilyMember

# Parents before the rows that refer to them.
ORDER = (
    Family,
    FamilyMember,
    FamilyCriterion,
    Child,
    ChildFamilyLink,
    ChildCriterion,
    Assessment,
    WorkActivityRecord,
    Case,
    CaseAssignment,
    Plan,
    PlanAction,
    CaseClosure,
    Referral,
    AuditEvent,
)


@dataclass
class Rows:
    tables: dict = field(default_factory=dict)

    def add(self, model, row: dict) -> None:
        self.tables.setdefault(model.__table__, []).append(row)

    def write(self) -> None:
        for model in ORDER:
            rows = self.tables.get(model.__table__)
            if rows:
                db.session.execute(insert(model.__table__), rows)
        self.tables.clear()


class Ids:
    """The next id of each table: `ids(Child)` gives one and moves on."""

    def __init__(self):
        self.next = {model: (db.session.scalar(select(func.max(model.id))) or 0) + 1 for model in ORDER}

    def __call__(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def bump_sequences() -> None:
    """PostgreSQL: explicit ids leave the sequences behind; move them past the largest id."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in ORDER:
        table = model.__table__.name
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )  # table names are ours, not input


@dataclass
class Run:
    """What every part of one generation shares: the random source, the day, reference ids, the rows
    waiting to be written, their ids and the counts so far."""

    rng: random.Random
    today: date
    user_id: int
    sectors: dict
    thresholds: Any
    thresholds_id: int
    rows: Rows = field(default_factory=Rows)
    ids: Ids = field(default_factory=Ids)
    counts: dict = field(
        default_factory=lambda: dict.fromkeys(
            ("families", "children", "assessments", "cases", "closed", "referrals", "plans", "restricted", "audit"), 0
        )
    )

    @property
    def sector_codes(self) -> dict:
        return {v: k for k, v in self.sectors.items()}

    def audit(self, action: str, at: datetime, object_type: str, object_id: int, area_id: int, **details) -> None:
        """An audit row as the app writes it for the same change (by the generator's user)."""
        self.rows.add(
            AuditEvent,
            {
                "id": self.ids(AuditEvent),
                "at": at,
                "user_id": self.user_id,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "area_id": area_id,
                "ip": None,
                "details": details | {"generated": True},
            },
        )
        self.counts["audit"] += 1
