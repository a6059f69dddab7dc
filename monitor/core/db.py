"""Declarative base with a naming convention, shared column helpers and SQLite pragmas."""

from __future__ import annotations

import enum
import re
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, Enum, Index, MetaData, String, and_, column, event, func, true
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from monitor.core.clock import utcnow  # noqa: F401  (the models' default, imported from here)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """An instant: TIMESTAMP WITH TIME ZONE on PostgreSQL, the same UTC text as before on SQLite.

    Values must be aware datetimes (a naive one is refused: it names no instant); they are stored in
    UTC and always read back as aware UTC datetimes on both databases, so Python compares and
    subtracts them without guessing a zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def coerce_compared_value(self, op, value):
        # `column - timedelta(...)` binds an interval, not an instant.
        return self if isinstance(value, datetime) else self.impl.coerce_compared_value(op, value)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} given for a timestamp column: give an aware one (UTC)")
        value = value.astimezone(UTC)
        # SQLite keeps text without an offset: UTC there, as the rows written before this type.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    # Every `Mapped[datetime]` column is an instant kept in UTC.
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION), type_annotation_map={datetime: UTCDateTime}
    )


def unindexed(column):
    """SQL: `column`, written so that neither SQLite nor PostgreSQL reads it through an index (a
    coalesce of a NOT NULL column with itself), where the planner would otherwise pick an index that
    reads far more rows than another: SQLite has no statistics to know it."""
    return func.coalesce(column, column)


class unindexed_on_sqlite(FunctionElement):
    """SQL: `column`, which SQLite is not to read through an index (PostgreSQL still may). SQLite has
    no statistics of ranges and takes any range on an indexed column for a few rows: a district's
    children sorted by name would be read through the area index and sorted (half the register in
    the generated data), not read in order from the name index up to a page. PostgreSQL's
    statistics tell it which."""

    inherit_cache = True

    def __init__(self, column):
        super().__init__(column)
        self.type = column.type


@compiles(unindexed_on_sqlite)
def _column_itself(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(unindexed_on_sqlite, "sqlite")
def _column_off_its_indexes(element, compiler, **kw) -> str:
    return "+" + compiler.process(element.clauses, **kw)  # SQLite's idiom: a unary + keeps the index away


def area_path_type() -> String:
    """Type of a materialised area path ("/1/4/17/"), compared byte by byte on both databases.
    SQLite compares text in binary by default; PostgreSQL in the database's collation, where a
    Russian one orders (or ignores) '/' among the digits unlike the bytes: no index on the column
    would then serve a prefix, nor a range follow it. Hence "C" there."""
    return String(255).with_variant(String(255, collation="C"), "postgresql")


def starts_with(column, prefix: str):
    """SQL: `column` starts with `prefix`, as the range `prefix <= column < prefix with its last
    character incremented`, which an index on the column answers on both databases (LIKE 'prefix%'
    is a scan on SQLite, whose LIKE ignores case, and on PostgreSQL in any collation but "C").
    The range is the prefix where the column's collation compares character by character in code
    point order: byte order (area paths), or any collation for lowercase a-z (name keys)."""
    if not prefix:
        return true()
    return and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


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
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        create_constraint=True,
        name=name,
        values_callable=lambda members: [m.value for m in members],
    )


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
