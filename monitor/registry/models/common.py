"""Columns shared by the registry's models."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship


class PersonName:
    """Surname, given name and patronymic, shown in the order used in Kyrgyz documents."""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


class NotedCriterion:
    """A hardship criterion noted for a family or a child: when, by whom, and the "other" text."""

    id: Mapped[int] = mapped_column(primary_key=True)
    noted_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(String(300), default="")

    @declared_attr
    def criterion_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("criterion.id"), index=True)

    @declared_attr
    def noted_by_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("user_account.id"))

    @declared_attr
    def criterion(cls) -> Mapped[Criterion]:  # noqa: F821
        return relationship("Criterion", lazy="joined")

    @declared_attr
    def noted_by(cls) -> Mapped[User]:  # noqa: F821
        return relationship("User", lazy="joined")
