"""SQL pieces the two databases spell differently: a date's month, days between dates, an age, months
or days added to a date, the office's date of a timestamp."""

from __future__ import annotations

from sqlalchemy import Date, Integer, String
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


class add_months(FunctionElement):
    """SQL: a date plus whole months, the day cut to the month's last (as cases.schedule.add_months)."""

    type = Date()
    inherit_cache = True


@compiles(add_months)
def _add_months_pg(element, compiler, **kw) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST({day} + make_interval(months => CAST({months} AS INTEGER)) AS DATE)"


@compiles(add_months, "sqlite")
def _add_months_sqlite(element, compiler, **kw) -> str:
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    first = f"date({day}, 'start of month', '+' || ({months}) || ' months')"
    last = f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')"
    return f"min(date({first}, '+' || (CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days'), {last})"


class add_days(FunctionElement):
    """SQL: a date plus (or minus) whole days."""

    type = Date()
    inherit_cache = True


@compiles(add_days)
def _add_days_pg(element, compiler, **kw) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST({day} + CAST({days} AS INTEGER) AS DATE)"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, ({days}) || ' days')"


class office_day(FunctionElement):
    """SQL: the office's date of a timestamp: (timestamp, zone name, offset in seconds). PostgreSQL
    converts with the zone's rules; SQLite (UTC text) adds the offset, which the caller must know to
    be the zone's for every timestamp concerned."""

    type = Date()
    inherit_cache = True


@compiles(office_day)
def _office_day_pg(element, compiler, **kw) -> str:
    instant, zone, _offset = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(({instant} AT TIME ZONE {zone}) AS DATE)"


@compiles(office_day, "sqlite")
def _office_day_sqlite(element, compiler, **kw) -> str:
    instant, _zone, offset = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({instant}, ({offset}) || ' seconds')"
