"""Work assessments made at visits, their stored classification, and the reference lists they use."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Index, SmallInteger, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import NamedInThreeLanguages, Versioned, one_of, utcnow
from monitor.extensions import db
from monitor.risk.codes import ACTIONS, ATTENDANCE, EMPLOYERS, ILO_CATEGORIES, NATIONAL_CATEGORIES

# Where the child was seen (labels.LOCATIONS translates them).
LOCATIONS = ("home", "school", "bazaar", "field", "construction", "street", "car_wash", "other")


class Sector(NamedInThreeLanguages, Versioned, db.Model):
    """Sector and activity of a child's work (editable; seeded from DOMAIN.md 3.3)."""

    __tablename__ = "sector"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    group: Mapped[str] = mapped_column(String(30))
    name_ky: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ProhibitedWork(NamedInThreeLanguages, Versioned, db.Model):
    """The national list of work prohibited under 18, with its legal basis (editable)."""

    __tablename__ = "prohibited_work"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ky: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ThresholdSet(db.Model):
    """A version of every threshold the rules use, in force from `effective_from`."""

    __tablename__ = "threshold_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    effective_from: Mapped[date] = mapped_column(Date, index=True)
    values: Mapped[dict] = mapped_column(JSON)
    legal_basis: Mapped[dict] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assessment(db.Model):
    """One visit's record of the child's work, classified when saved (results never rewritten)."""

    __tablename__ = "assessment"
    __table_args__ = (
        one_of("location", LOCATIONS),
        one_of("school_attendance", ATTENDANCE),
        one_of("national_category", NATIONAL_CATEGORIES),
        one_of("national_action", ACTIONS),
        one_of("ilo_category", ILO_CATEGORIES),
        CheckConstraint("chores_hours >= 0 AND chores_hours <= 168", name="chores_hours_in_week"),
        CheckConstraint("age >= 0", name="age_not_negative"),  # a visit is never before the birth
        # the latest visit of a period of each child, read for that child alone (the risk report)
        Index("ix_assessment_child_visit", "child_id", "visit_date", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date, index=True)
    assessed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    location: Mapped[str] = mapped_column(String(20))
    location_note: Mapped[str] = mapped_column(String(200), default="")
    age: Mapped[int] = mapped_column(SmallInteger)
    school_attendance: Mapped[str | None] = mapped_column(String(16))
    school_year: Mapped[bool] = mapped_column(Boolean, default=True)
    chores_hours: Mapped[float | None] = mapped_column(Float)
    worst_forms: Mapped[list] = mapped_column(JSON, default=list)
    parental_consent_written: Mapped[bool | None] = mapped_column(Boolean)
    light_work: Mapped[bool | None] = mapped_column(Boolean)
    contract: Mapped[bool | None] = mapped_column(Boolean)
    medical_check: Mapped[bool | None] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The classification as it was made, with the thresholds version in force on the visit date.
    thresholds_id: Mapped[int] = mapped_column(ForeignKey("threshold_set.id"))
    national_category: Mapped[str] = mapped_column(String(30), index=True)
    national_action: Mapped[str] = mapped_column(String(12))
    ilo_category: Mapped[str] = mapped_column(String(30), index=True)
    sdg_series_1: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # economic activity
    sdg_series_2: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # or chores
    result: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    child: Mapped[Child] = relationship()  # noqa: F821
    assessed_by: Mapped[User] = relationship(lazy="joined")  # noqa: F821
    thresholds: Mapped[ThresholdSet] = relationship(lazy="joined")
    activities: Mapped[list[WorkActivityRecord]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="WorkActivityRecord.id", lazy="selectin"
    )


class WorkActivityRecord(db.Model):
    """One kind of work the child does, as recorded at the visit."""

    __tablename__ = "work_activity"
    __table_args__ = (
        one_of("employer", EMPLOYERS),
        CheckConstraint("hours_last_7_days >= 0 AND hours_last_7_days <= 168", name="hours_last_7_days_in_week"),
        CheckConstraint("usual_hours_per_week >= 0 AND usual_hours_per_week <= 168", name="usual_hours_in_week"),
        CheckConstraint("days_per_week >= 0 AND days_per_week <= 7", name="days_per_week_in_week"),
        CheckConstraint("daily_hours >= 0 AND daily_hours <= 24", name="daily_hours_in_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    sector_id: Mapped[int] = mapped_column(ForeignKey("sector.id"))
    prohibited_work_id: Mapped[int | None] = mapped_column(ForeignKey("prohibited_work.id"))
    employer: Mapped[str] = mapped_column(String(10))
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    hours_last_7_days: Mapped[float | None] = mapped_column(Float)
    usual_hours_per_week: Mapped[float | None] = mapped_column(Float)
    days_per_week: Mapped[int | None] = mapped_column(SmallInteger)
    daily_hours: Mapped[float | None] = mapped_column(Float)
    during_school_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    at_night: Mapped[bool] = mapped_column(Boolean, default=False)
    on_rest_days: Mapped[bool] = mapped_column(Boolean, default=False)
    overtime: Mapped[bool] = mapped_column(Boolean, default=False)
    adult_venue: Mapped[bool] = mapped_column(Boolean, default=False)
    hazards: Mapped[list] = mapped_column(JSON, default=list)

    assessment: Mapped[Assessment] = relationship(back_populates="activities")
    sector: Mapped[Sector] = relationship(lazy="joined")
    prohibited_work: Mapped[ProhibitedWork | None] = relationship(lazy="joined")
