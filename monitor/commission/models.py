"""The Commission on Children's Affairs: sittings, resolutions on cases, and the measures decided."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import area_path_type, one_of, utcnow
from monitor.extensions import db
from monitor.referrals.lifecycle import SERVICE_TYPES


class Sitting(db.Model):
    __tablename__ = "commission_sitting"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)  # the city or district
    area_path: Mapped[str] = mapped_column(area_path_type(), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(30))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    area: Mapped[Area] = relationship(lazy="joined")  # noqa: F821
    resolutions: Mapped[list[Resolution]] = relationship(
        back_populates="sitting", order_by="Resolution.id", cascade="all, delete-orphan"
    )


class Resolution(db.Model):
    """The Commission's numbered, dated resolution on one case, with the measures it decided."""

    __tablename__ = "commission_resolution"

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("commission_sitting.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    number: Mapped[str] = mapped_column(String(30))
    decided_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")

    sitting: Mapped[Sitting] = relationship(back_populates="resolutions")
    case: Mapped[Case] = relationship(lazy="joined")  # noqa: F821
    measures: Mapped[list[Measure]] = relationship(
        back_populates="resolution", order_by="Measure.id", cascade="all, delete-orphan", lazy="selectin"
    )


class Measure(db.Model):
    """A measure decided by a resolution; it can become a referral in one step."""

    __tablename__ = "commission_measure"
    __table_args__ = (one_of("service_type", SERVICE_TYPES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(ForeignKey("commission_resolution.id"), index=True)
    service_type: Mapped[str] = mapped_column(String(30))
    description: Mapped[str] = mapped_column(String(300), default="")
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"))

    resolution: Mapped[Resolution] = relationship(back_populates="measures")
    referral: Mapped[Referral | None] = relationship(lazy="joined")  # noqa: F821
