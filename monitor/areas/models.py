"""The territorial hierarchy and who works where."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import NamedInThreeLanguages, Versioned, area_path_type, enum_column, utcnow
from monitor.extensions import db


class AreaKind(str, enum.Enum):
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    TOWN = "town"
    AYIL_AIMAK = "ayil_aimak"
    CITY_TERRITORY = "city_territory"
    VILLAGE = "village"
    NEIGHBOURHOOD = "neighbourhood"


# Depth of each kind in the hierarchy: region → district or city → ayil aimak, town or city
# territory → village or neighbourhood.
KIND_LEVEL = {
    AreaKind.REGION: 0,
    AreaKind.DISTRICT: 1,
    AreaKind.CITY: 1,
    AreaKind.TOWN: 2,
    AreaKind.AYIL_AIMAK: 2,
    AreaKind.CITY_TERRITORY: 2,
    AreaKind.VILLAGE: 3,
    AreaKind.NEIGHBOURHOOD: 3,
}

user_area = Table(
    "user_area",
    db.metadata,
    Column("user_id", Integer, ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", Integer, ForeignKey("area.id"), primary_key=True),
)


class Area(NamedInThreeLanguages, Versioned, db.Model):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    kind: Mapped[AreaKind] = mapped_column(enum_column(AreaKind, 20))
    soate: Mapped[str | None] = mapped_column(String(14), unique=True)
    name_ky: Mapped[str] = mapped_column(String(120))
    name_ru: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    # Materialised path of ids ("/1/4/17/"): descendants are a prefix match on an index.
    path: Mapped[str] = mapped_column(area_path_type(), index=True, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retired_at: Mapped[datetime | None] = mapped_column()
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Area | None] = relationship(remote_side=[id], foreign_keys=[parent_id], back_populates="children")
    children: Mapped[list[Area]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Area.name_en"
    )
    merged_into: Mapped[Area | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])

    @property
    def level(self) -> int:
        return KIND_LEVEL[self.kind]
