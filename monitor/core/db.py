"""Declarative base with a naming convention, shared column helpers and SQLite pragmas."""
from __future__ import annotations

import enum
import sqlite3
from datetime import datetime, timezone

from sqlalchemy import Enum, MetaData, String, and_, event, func, true
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement

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
    return "+" + compiler.process(element.clauses, **kw)   # SQLite's idiom: a unary + keeps the index away


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
    """A portable enum column storing the members' values (no native PostgreSQL type)."""
    return Enum(enum_class, native_enum=False, length=length,
                values_callable=lambda members: [m.value for m in members])


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
