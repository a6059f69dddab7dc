"""Cases: one per child in the monitoring cycle, assigned to a worker, with its history."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import area_path_type, enum_column, utcnow
from monitor.extensions import db


class CaseSource(str, enum.Enum):
    MONITORING_GROUP = "monitoring_group"
    SCHOOL = "school"
    POLICE = "police"
    HEALTH = "health"
    SOCIAL_WORKER = "social_worker"
    HOTLINE = "hotline"
    SELF_REFERRAL = "self_referral"
    ASSESSMENT = "assessment"


class Case(db.Model):
    __tablename__ = "case_file"
    # A worker's open cases, oldest first (the home page's worklist) straight from an index.
    __table_args__ = (Index("ix_case_open_by_worker", "assigned_to_id", "closed_at", "identified_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    area_path: Mapped[str] = mapped_column(area_path_type(), index=True)  # the child's, for scoping
    source: Mapped[CaseSource] = mapped_column(enum_column(CaseSource, 20))
    identified_on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    danger: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    assigned_to_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    version: Mapped[int] = mapped_column(default=1)

    child: Mapped["Child"] = relationship(lazy="joined")  # noqa: F821
    assigned_to: Mapped["User"] = relationship(foreign_keys=[assigned_to_id], lazy="joined")  # noqa: F821
    assignments: Mapped[list[CaseAssignment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAssignment.id")
    closures: Mapped[list[CaseClosure]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseClosure.id")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    @property
    def pending_closure(self) -> CaseClosure | None:
        return next((c for c in self.closures if c.decision == "pending"), None)

    __mapper_args__ = {"version_id_col": version}

    @property
    def ref(self) -> str:
        return f"K-{self.id:06d}"


class ClosureReason(str, enum.Enum):
    OUTCOME_REACHED = "outcome_reached"
    MOVED_AWAY = "moved_away"
    TURNED_18 = "turned_18"
    DIED = "died"
    OTHER = "other"


class CaseClosure(db.Model):
    """A proposal to close a case and the supervisor's decision (approved or returned); kept for history."""

    __tablename__ = "case_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    reason: Mapped[ClosureReason] = mapped_column(enum_column(ClosureReason, 20))
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(12))
    outcome_rule: Mapped[str] = mapped_column(String(40))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decision: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending|approved|returned
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)

    case: Mapped[Case] = relationship(back_populates="closures")
    proposed_by: Mapped["User"] = relationship(foreign_keys=[proposed_by_id], lazy="joined")  # noqa: F821
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id], lazy="joined")  # noqa: F821


class CaseAssignment(db.Model):
    """Who worked the case, from when, and who assigned them (reassignments keep history)."""

    __tablename__ = "case_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped["User"] = relationship(foreign_keys=[user_id], lazy="joined")  # noqa: F821
    assigned_by: Mapped["User"] = relationship(foreign_keys=[assigned_by_id], lazy="joined")  # noqa: F821


class Plan(db.Model):
    """One version of the child's individual protection plan; every saved version is kept."""

    __tablename__ = "case_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    number: Mapped[int] = mapped_column()                      # version 1, 2, 3...
    status: Mapped[str] = mapped_column(String(10), default="submitted", index=True)  # submitted|approved|returned
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str] = mapped_column(Text, default="")

    actions: Mapped[list[PlanAction]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                     order_by="PlanAction.id", lazy="selectin")
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id], lazy="joined")  # noqa: F821


class PlanAction(db.Model):
    """A goal and the action toward it: what, who, by when, and how it stands."""

    __tablename__ = "case_plan_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("case_plan.id"), index=True)
    goal: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|done|dropped

    plan: Mapped[Plan] = relationship(back_populates="actions")
