"""Service providers and referrals of children to their services."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import Versioned, utcnow
from monitor.extensions import db


class ServiceProvider(Versioned, db.Model):
    __tablename__ = "service_provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(30), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    contact: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)  # seats or places, where it applies
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    area: Mapped["Area"] = relationship(lazy="joined")  # noqa: F821


class Referral(Versioned, db.Model):
    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_status_sent", "status", "sent_on"),)   # overdue answers

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("service_provider.id"), index=True)
    service_type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    proposed_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    started_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    decline_reason: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    consent_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    provider: Mapped[ServiceProvider | None] = relationship(lazy="joined")


class Attendance(db.Model):
    """A month of a remedial (evening) class: class days held and days the child was present."""

    __tablename__ = "remedial_attendance"
    __table_args__ = (UniqueConstraint("referral_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    month: Mapped[date] = mapped_column(Date)          # the first day of the month
    class_days: Mapped[int] = mapped_column(Integer)
    present_days: Mapped[int] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
