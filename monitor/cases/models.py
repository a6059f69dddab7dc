"""Cases: one per child in the monitoring cycle, assigned to a worker, with its history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.cases.deadlines import LEVELS
from monitor.cases.outcomes import OUTCOMES, RULES
from monitor.cases.state import STAGES
from monitor.core.db import area_path_type, enum_column, one_of, utcnow
from monitor.extensions import db

# One open case per child and one closure waiting for the supervisor per case: the services check
# first (with a clear message); these hold when two people act at the same moment.
ONE_OPEN_CASE = Index(
    "uq_case_file_one_open_per_child",
    "child_id",
    unique=True,
    sqlite_where=text("closed_at IS NULL"),
    postgresql_where=text("closed_at IS NULL"),
)
# Version numbers of a case's plan are "the highest + 1": two saves at the same moment take turns
# (monitor/cases/plans.py), and this holds should anything else write one.
ONE_PLAN_PER_NUMBER = Index("uq_case_plan_case_id_number", "case_id", "number", unique=True)
ONE_PENDING_CLOSURE = Index(
    "uq_case_closure_one_pending_per_case",
    "case_id",
    unique=True,
    sqlite_where=text("decision = 'pending'"),
    postgresql_where=text("decision = 'pending'"),
)


def _open_index(name: str, *columns: str, where: str = "closed_at IS NULL") -> Index:
    return Index(name, *columns, sqlite_where=text(where), postgresql_where=text(where))


# The worklists' indexes: an area's or a worker's open cases by their deadline of each kind.
STATE_INDEXES = (
    _open_index("ix_case_open_deadline", "next_deadline", "id"),  # read in order, the area filtered
    _open_index("ix_case_open_area_deadline", "area_path", "next_deadline"),
    _open_index("ix_case_open_worker_deadline", "assigned_to_id", "next_deadline"),
    _open_index("ix_case_open_risk_deadline", "risk", "next_deadline", "area_path"),
    _open_index("ix_case_open_worker_visit", "assigned_to_id", "next_visit_due"),
    _open_index("ix_case_waiting", "area_path", "waiting_since", where="waiting_since IS NOT NULL"),
    _open_index("ix_case_returned", "assigned_to_id", "returned_at", where="returned_at IS NOT NULL"),
    _open_index("ix_case_referral_answer", "area_path", "referral_answer_due", where="referral_answer_due IS NOT NULL"),
)


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
    __table_args__ = (
        # A worker's open cases, oldest first (the home page's worklist) straight from an index.
        Index("ix_case_open_by_worker", "assigned_to_id", "closed_at", "identified_on"),
        ONE_OPEN_CASE,
        *STATE_INDEXES,
        one_of("stage", STAGES),
        one_of("risk", LEVELS),
        CheckConstraint("archived_at IS NULL OR closed_at IS NOT NULL", name="archived_when_closed"),
    )

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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)

    child: Mapped[Child] = relationship(lazy="joined")  # noqa: F821
    assigned_to: Mapped[User] = relationship(foreign_keys=[assigned_to_id], lazy="joined")  # noqa: F821
    assignments: Mapped[list[CaseAssignment]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAssignment.id"
    )
    closures: Mapped[list[CaseClosure]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseClosure.id"
    )
    archived_at: Mapped[datetime | None] = mapped_column(index=True)

    # Where the case stands, kept by cases.stored.refresh_cases in the transaction of every change that
    # moves it (cases.standing says what each holds); worklists and counts are SQL over these.
    stage: Mapped[str] = mapped_column(String(12), default="identified", server_default="identified")
    risk: Mapped[str] = mapped_column(String(8), default="none", server_default="none")
    assessed_on: Mapped[date | None] = mapped_column(Date)
    assessment_due: Mapped[date | None] = mapped_column(Date)
    plan_due: Mapped[date | None] = mapped_column(Date)
    plan_review_due: Mapped[date | None] = mapped_column(Date)
    next_deadline: Mapped[date | None] = mapped_column(Date)
    referral_answer_due: Mapped[date | None] = mapped_column(Date)
    followup_from: Mapped[date | None] = mapped_column(Date)
    next_visit_due: Mapped[date | None] = mapped_column(Date)
    last_visit_on: Mapped[date | None] = mapped_column(Date)
    plan_waiting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    closure_waiting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    waiting_since: Mapped[datetime | None] = mapped_column()
    plan_returned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    closure_returned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    returned_at: Mapped[datetime | None] = mapped_column()

    @property
    def pending_closure(self) -> CaseClosure | None:
        return next((c for c in self.closures if c.decision == "pending"), None)

    __mapper_args__ = {"version_id_col": version}

    @property
    def ref(self) -> str:
        return f"K-{self.id:06d}"


CLOSURE_DECISIONS = ("pending", "approved", "returned")
PLAN_STATUSES = ("submitted", "approved", "returned", "superseded")
ACTION_STATUSES = ("pending", "done", "dropped")


class ClosureReason(str, enum.Enum):
    OUTCOME_REACHED = "outcome_reached"
    MOVED_AWAY = "moved_away"
    TURNED_18 = "turned_18"
    DIED = "died"
    OTHER = "other"


class CaseClosure(db.Model):
    """A proposal to close a case and the supervisor's decision (approved or returned); kept for history."""

    __tablename__ = "case_closure"
    __table_args__ = (
        ONE_PENDING_CLOSURE,
        Index("ix_case_closure_case_decided", "case_id", "decided_at"),  # a case's closures of a period
        one_of("outcome", OUTCOMES),
        one_of("outcome_rule", RULES),
        one_of("decision", CLOSURE_DECISIONS),
        CheckConstraint(
            "(decision = 'pending' AND decided_at IS NULL) OR (decision <> 'pending'"
            " AND decided_at IS NOT NULL AND decided_by_id IS NOT NULL)",
            name="decided_has_date",
        ),
        CheckConstraint("reopened_at IS NULL OR decision = 'approved'", name="reopened_when_approved"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    reason: Mapped[ClosureReason] = mapped_column(enum_column(ClosureReason, 20))
    note: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(12))
    outcome_rule: Mapped[str] = mapped_column(String(40))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[str] = mapped_column(String(10), default="pending", index=True)  # pending|approved|returned
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")
    reopened_at: Mapped[datetime | None] = mapped_column()

    case: Mapped[Case] = relationship(back_populates="closures")
    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id], lazy="joined")  # noqa: F821
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")  # noqa: F821


class CaseAssignment(db.Model):
    """Who worked the case, from when, and who assigned them (reassignments keep history)."""

    __tablename__ = "case_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")  # noqa: F821
    assigned_by: Mapped[User] = relationship(foreign_keys=[assigned_by_id], lazy="joined")  # noqa: F821


class Plan(db.Model):
    """One version of the child's individual protection plan; every saved version is kept."""

    __tablename__ = "case_plan"
    __table_args__ = (
        one_of("status", PLAN_STATUSES),
        CheckConstraint("status NOT IN ('approved', 'returned') OR decided_at IS NOT NULL", name="decided_has_date"),
        CheckConstraint("number >= 1", name="number_positive"),
        ONE_PLAN_PER_NUMBER,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    number: Mapped[int] = mapped_column()  # version 1, 2, 3...
    status: Mapped[str] = mapped_column(String(10), default="submitted", index=True)  # submitted|approved|returned
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    comment: Mapped[str] = mapped_column(Text, default="")

    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanAction.id", lazy="selectin"
    )
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")  # noqa: F821


class PlanAction(db.Model):
    """A goal and the action toward it: what, who, by when, and how it stands."""

    __tablename__ = "case_plan_action"
    __table_args__ = (one_of("status", ACTION_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("case_plan.id"), index=True)
    goal: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending|done|dropped

    plan: Mapped[Plan] = relationship(back_populates="actions")
