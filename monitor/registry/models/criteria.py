"""The editable list of hardship criteria (F01-F09 for families, C01-C13 and C99 for children)."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from monitor.core.db import NamedInThreeLanguages, Versioned, enum_column
from monitor.extensions import db


class CriterionKind(str, enum.Enum):
    FAMILY = "family"
    CHILD = "child"


class Criterion(NamedInThreeLanguages, Versioned, db.Model):
    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    kind: Mapped[CriterionKind] = mapped_column(enum_column(CriterionKind, 8))
    name_ky: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    needs_text: Mapped[bool] = mapped_column(Boolean, default=False)  # "other": say what
    active: Mapped[bool] = mapped_column(Boolean, default=True)
