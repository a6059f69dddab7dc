"""Households, their adult members, hardship criteria and the social assistance they receive."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import area_path_type, enum_column, utcnow
from monitor.extensions import db
from monitor.registry.models.common import NotedCriterion, PersonName
from monitor.registry.models.enums import AssistanceKind, Employment, Relation


class Family(db.Model):
    __tablename__ = "family"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    # Copy of the area's materialised path: scoping a list is one indexed prefix match.
    area_path: Mapped[str] = mapped_column(area_path_type(), index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    house: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str | None] = mapped_column(String(16), index=True)
    phone_alt: Mapped[str | None] = mapped_column(String(16), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    area: Mapped[Area] = relationship(lazy="joined")  # noqa: F821
    members: Mapped[list[FamilyMember]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyMember.id"
    )
    criteria: Mapped[list[FamilyCriterion]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyCriterion.id"
    )
    assistance: Mapped[list[FamilyAssistance]] = relationship(
        back_populates="family", cascade="all, delete-orphan", order_by="FamilyAssistance.id"
    )
    children: Mapped[list[Child]] = relationship(  # noqa: F821
        back_populates="family",
        order_by="Child.birth_date",
        viewonly=True,
        primaryjoin="and_(Family.id == Child.family_id, Child.merged_into_id.is_(None))",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def ref(self) -> str:
        return f"F-{self.id:06d}"

    @property
    def head(self) -> FamilyMember | None:
        return next((m for m in self.members if m.is_head), None)

    @property
    def display_name(self) -> str:
        head = self.head or (self.members[0] if self.members else None)
        return head.full_name if head else self.ref


class FamilyMember(PersonName, db.Model):
    """An adult of the household: parent, guardian or other relative of the children."""

    __tablename__ = "family_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    surname: Mapped[str] = mapped_column(String(100))
    given_name: Mapped[str] = mapped_column(String(100))
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    relation: Mapped[Relation] = mapped_column(enum_column(Relation, 20))
    birth_date: Mapped[date | None] = mapped_column(Date)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    # The adult the children actually live with (for example while the parents work abroad).
    is_caregiver: Mapped[bool] = mapped_column(Boolean, default=False)
    abroad: Mapped[bool] = mapped_column(Boolean, default=False)
    abroad_country: Mapped[str] = mapped_column(String(60), default="")
    abroad_since: Mapped[date | None] = mapped_column(Date)
    employment: Mapped[Employment] = mapped_column(enum_column(Employment, 20), default=Employment.UNKNOWN)
    disability: Mapped[bool] = mapped_column(Boolean, default=False)

    family: Mapped[Family] = relationship(back_populates="members")


class FamilyCriterion(NotedCriterion, db.Model):
    __tablename__ = "family_criterion"
    __table_args__ = (UniqueConstraint("family_id", "criterion_id"),)

    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    family: Mapped[Family] = relationship(back_populates="criteria")


class FamilyAssistance(db.Model):
    """Social assistance the household receives (e.g. the monthly benefit for low-income families)."""

    __tablename__ = "family_assistance"
    __table_args__ = (UniqueConstraint("family_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    kind: Mapped[AssistanceKind] = mapped_column(enum_column(AssistanceKind, 24))
    since: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")

    family: Mapped[Family] = relationship(back_populates="assistance")
