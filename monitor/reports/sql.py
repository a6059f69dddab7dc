"""SQL pieces the two databases spell differently: a date's month, days between dates, an age."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class month_of(FunctionElement):
    """SQL: the 'YYYY-MM' of a date."""

    type = String()
    inherit_cache = True


@compiles(month_of)
def _month_pg(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement):
    """SQL: whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_pg(element, compiler, **kw) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"({second} - {first})"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


class age_at(FunctionElement):
    """SQL: completed years from a birth date to a day (as monitor.reports.figures.age_on)."""

    type = Integer()
    inherit_cache = True


@compiles(age_at)
def _age_pg(element, compiler, **kw) -> str:
    born, day = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) - CAST(EXTRACT(YEAR FROM {born}) AS INTEGER)"
        f" - CASE WHEN EXTRACT(MONTH FROM {day}) * 100 + EXTRACT(DAY FROM {day})"
        f" < EXTRACT(MONTH FROM {born}) * 100 + EXTRACT(DAY FROM {born}) THEN 1 ELSE 0 END)"
    )


@compiles(age_at, "sqlite")
def _age_sqlite(element, compiler, **kw) -> str:
    born, day = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(strftime('%Y', {day}) AS INTEGER) - CAST(strftime('%Y', {born}) AS INTEGER)"
        f" - (CAST(strftime('%m%d', {day}) AS INTEGER) < CAST(strftime('%m%d', {born}) AS INTEGER)))"
    )
