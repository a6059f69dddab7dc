"""Declarative base with a naming convention, shared column helpers and SQLite pragmas."""
from __future__ import annotations

import enum
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import CheckConstraint, Enum, Index, MetaData, column, event, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def unindexed(column):
    """SQL: `column`, written so that neither SQLite nor PostgreSQL reads it through an index (a
    coalesce of a NOT NULL column with itself), where the planner would otherwise pick an index that
    reads far more rows than another: SQLite has no statistics to know it."""
    return func.coalesce(column, column)


def utcnow() -> datetime:
    """Timezone-naive UTC now: both databases store it the same way."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # The busy timeout is set through sqlite3.connect(timeout=...) in create_app.
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def enum_column(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """A portable enum column storing the members' values (no native PostgreSQL type), with a CHECK
    constraint refusing any other value, named after the enum (`ck_<table>_<enum in snake case>`)."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", enum_class.__name__).lower()
    return Enum(enum_class, native_enum=False, length=length, create_constraint=True, name=name,
                values_callable=lambda members: [m.value for m in members])


def one_of(column_name: str, values: Iterable[str]) -> CheckConstraint:
    """A CHECK constraint named `ck_<table>_<column>`: the column holds one of the codes `values`
    (or NULL, where the column allows it)."""
    return CheckConstraint(column(column_name).in_(sorted(values)), name=column_name)


def refused_by(error: IntegrityError, index: Index) -> bool:
    """Whether `error` is the unique `index` refusing a row (PostgreSQL names the index, SQLite its
    columns), as against any other constraint."""
    diag = getattr(error.orig, "diag", None)
    if diag is not None:
        return diag.constraint_name == index.name
    columns = ", ".join(f"{index.table.name}.{c.name}" for c in index.columns)
    return str(error.orig) == f"UNIQUE constraint failed: {columns}"


class Versioned:
    """A row version checked on every update: a save based on an older read is refused, not lost."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class NamedInThreeLanguages:
    """Reference rows named in Kyrgyz, Russian and English (`name_ky`, `name_ru`, `name_en`)."""

    def name(self, language: str) -> str:
        return {"ky": self.name_ky, "ru": self.name_ru}.get(language, self.name_en)
