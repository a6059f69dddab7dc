"""Children in hardship, their criteria, household history and confirmed non-duplicates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import area_path_type, enum_column, one_of, utcnow
from monitor.extensions import db
from monitor.registry.models.common import NotedCriterion, PersonName
from monitor.registry.models.enums import Attendance, Consent, LivingArrangement, Sex
from monitor.risk.codes import ACTIONS, ILO_CATEGORIES, NATIONAL_CATEGORIES

NEEDS_ACTION_SQL = "coalesce(labour_action IN ('prevent', 'protect', 'withdraw'), false)"
# Columns of the list's filters, carried in the indexes of its orders (see Child.__table_args__).
LIST_FILTER_COLUMNS = (
    "area_path",
    "merged_into_id",
    "needs_action",
    "labour_category",
    "sex",
    "birth_date",
    "attendance",
)
NEEDING_FILTER_COLUMNS = tuple(c for c in LIST_FILTER_COLUMNS if c != "needs_action")
NEEDING = {"sqlite_where": text("needs_action = 1"), "postgresql_where": text("needs_action")}


class Child(PersonName, db.Model):
    __tablename__ = "child"
    __table_args__ = (
        Index("ix_child_scope_name", "area_path", "surname_key"),
        # Name search: the area and "merged" ride along, so that a worker of one ayil aimak searching a
        # name is answered from the index entries of that name, reading only her area's children.
        Index("ix_child_surname_skeleton", "surname_skeleton", "area_path", "merged_into_id"),
        Index("ix_child_given_skeleton", "given_skeleton", "area_path", "merged_into_id"),
        Index("ix_child_given_key", "given_key", "area_path", "merged_into_id"),
        # Each order of the child list reads its own index in order, up to a page: no sort of the whole
        # scope. The area, "merged" and every filter's column ride along, so that a worker's own area
        # (a few per cent of the register) and the filters asked for are tested inside the index, and
        # only the children shown are read: the work is a page's worth of index entries, whatever the
        # size of the register (docs: bench/RESULTS.md, 01.12.2026).
        Index("ix_child_name", "surname_key", "given_key", "id", *LIST_FILTER_COLUMNS),
        Index("ix_child_newest", "created_at", "id", *LIST_FILTER_COLUMNS),
        Index("ix_child_youngest", "birth_date", "id", *(c for c in LIST_FILTER_COLUMNS if c != "birth_date")),
        Index(
            "ix_child_category_name", "labour_category", "surname_key", "given_key", "id", "area_path", "merged_into_id"
        ),
        # Children who need action (a tenth of the register): their own small indexes, in both orders.
        Index("ix_child_needs_action_name", "surname_key", "given_key", "id", *NEEDING_FILTER_COLUMNS, **NEEDING),
        Index("ix_child_needs_action_newest", "created_at", "id", *NEEDING_FILTER_COLUMNS, **NEEDING),
        # Only merged records: every list asks for "not merged", which an index of all rows would
        # make SQLite's planner read through (the whole register, then a sort).
        Index(
            "ix_child_merged_into_id",
            "merged_into_id",
            sqlite_where=text("merged_into_id IS NOT NULL"),
            postgresql_where=text("merged_into_id IS NOT NULL"),
        ),
        one_of("labour_category", NATIONAL_CATEGORIES),
        one_of("labour_action", ACTIONS),
        one_of("labour_ilo_category", ILO_CATEGORIES),
        CheckConstraint("school_grade >= 0 AND school_grade <= 12", name="school_grade_in_range"),
        CheckConstraint("merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    area_path: Mapped[str] = mapped_column(area_path_type(), index=True)  # copy of the family's
    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    # Script-neutral keys of the names (see registry/names.py) for search across Cyrillic and Latin.
    surname_key: Mapped[str] = mapped_column(String(100))
    given_key: Mapped[str] = mapped_column(String(100))
    surname_skeleton: Mapped[str] = mapped_column(String(100))
    given_skeleton: Mapped[str] = mapped_column(String(100))
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 1))
    birth_date: Mapped[date] = mapped_column(Date)
    birth_date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)  # only the year is known
    pin: Mapped[str | None] = mapped_column(String(14), unique=True)
    birth_certificate: Mapped[bool] = mapped_column(Boolean, default=True)
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    living_arrangement: Mapped[LivingArrangement] = mapped_column(
        enum_column(LivingArrangement, 30), default=LivingArrangement.BOTH_PARENTS
    )
    school_enrolled: Mapped[bool] = mapped_column(Boolean, default=True)
    school_name: Mapped[str] = mapped_column(String(120), default="")
    school_grade: Mapped[int | None] = mapped_column(SmallInteger)
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance, 16))
    non_attendance_reason: Mapped[str] = mapped_column(String(300), default="")
    consent: Mapped[Consent] = mapped_column(enum_column(Consent, 10), default=Consent.NOT_ASKED)
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # A sensitive case (trafficking, sexual exploitation, forced labour, violence): only its worker
    # and supervisors open it; others in the area see it masked.
    restricted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Identifying data erased on a lawful request (the row stays for the counts).
    erased_at: Mapped[datetime | None] = mapped_column()
    # Archived after its case closed and the retention period passed: supervisors only.
    archived_at: Mapped[datetime | None] = mapped_column()
    # Current child labour status (national ruleset), derived from the latest assessment and the
    # child's context (family criteria, siblings, school); kept here so lists filter in SQL.
    labour_category: Mapped[str | None] = mapped_column(String(30), index=True)
    labour_action: Mapped[str | None] = mapped_column(String(12), index=True)
    # Whether the status asks for action (a filter of every list): computed by the database from
    # `labour_action`, so it is current after every save whatever code saved it.
    needs_action: Mapped[bool] = mapped_column(Boolean, Computed(NEEDS_ACTION_SQL), deferred=True)
    labour_ilo_category: Mapped[str | None] = mapped_column(String(30))
    labour_reasons: Mapped[list | None] = mapped_column(JSON)
    labour_assessed_on: Mapped[date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("child.id"))
    merged_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    family: Mapped[Family] = relationship(back_populates="children", lazy="joined")  # noqa: F821
    criteria: Mapped[list[ChildCriterion]] = relationship(
        back_populates="child", cascade="all, delete-orphan", order_by="ChildCriterion.id"
    )
    family_links: Mapped[list[ChildFamilyLink]] = relationship(
        back_populates="child", cascade="all, delete-orphan", order_by="ChildFamilyLink.id"
    )
    merged_into: Mapped[Child | None] = relationship(remote_side=[id])

    # The computed column (deferred) is read when asked for, not returned by every INSERT and UPDATE.
    __mapper_args__ = {"version_id_col": version, "eager_defaults": False}

    @property
    def ref(self) -> str:
        return f"C-{self.id:06d}"


class ChildCriterion(NotedCriterion, db.Model):
    __tablename__ = "child_criterion"
    __table_args__ = (UniqueConstraint("child_id", "criterion_id"),)

    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    child: Mapped[Child] = relationship(back_populates="criteria")


class ChildFamilyLink(db.Model):
    """Which household a child lived in, and when: moving keeps the history."""

    __tablename__ = "child_family_link"
    __table_args__ = (CheckConstraint("until >= since", name="until_after_since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    child: Mapped[Child] = relationship(back_populates="family_links")
    family: Mapped[Family] = relationship()  # noqa: F821


class DistinctChildren(db.Model):
    """A worker's confirmation that a new child is not the likely duplicate shown to them."""

    __tablename__ = "distinct_children"
    __table_args__ = (
        UniqueConstraint("child_id", "other_child_id"),
        CheckConstraint("child_id <> other_child_id", name="two_children"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    other_child_id: Mapped[int] = mapped_column(ForeignKey("child.id"))
    score: Mapped[float] = mapped_column()
    confirmed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
