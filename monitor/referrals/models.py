"""Service providers and referrals of children to their services."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import Versioned, one_of, utcnow
from monitor.extensions import db
from monitor.referrals.lifecycle import SERVICE_TYPES, STATUSES


class ServiceProvider(Versioned, db.Model):
    __tablename__ = "service_provider"
    __table_args__ = (
        one_of("service_type", SERVICE_TYPES),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    service_type: Mapped[str] = mapped_column(String(30), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    contact: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)  # seats or places, where it applies
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    area: Mapped[Area] = relationship(lazy="joined")  # noqa: F821


class Referral(Versioned, db.Model):
    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_status_sent", "status", "sent_on"),  # overdue answers
        one_of("status", STATUSES),
        one_of("service_type", SERVICE_TYPES),
        # Each step carries its date (services.DATE_OF_STEP), and no step is dated before the one before.
        CheckConstraint("status = 'proposed' OR sent_on IS NOT NULL", name="sent_has_date"),
        CheckConstraint("status IN ('proposed', 'sent') OR answered_on IS NOT NULL", name="answered_has_date"),
        CheckConstraint("status NOT IN ('in_service', 'completed') OR started_on IS NOT NULL", name="started_has_date"),
        CheckConstraint("status NOT IN ('completed', 'dropped_out') OR ended_on IS NOT NULL", name="ended_has_date"),
        CheckConstraint("status <> 'declined' OR decline_reason <> ''", name="declined_has_reason"),
        # A comparison with a missing date is unknown, which a CHECK lets pass.
        CheckConstraint(
            "sent_on >= proposed_on AND answered_on >= sent_on AND started_on >= answered_on"
            " AND ended_on >= answered_on AND ended_on >= started_on",
            name="steps_in_order",
        ),
    )

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
    __table_args__ = (
        UniqueConstraint("referral_id", "month"),
        CheckConstraint("present_days >= 0 AND present_days <= class_days", name="present_within_class_days"),
        CheckConstraint("class_days >= 0 AND class_days <= 31", name="class_days_in_month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    class_days: Mapped[int] = mapped_column(Integer)
    present_days: Mapped[int] = mapped_column(Integer)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
