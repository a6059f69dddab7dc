"""On PostgreSQL, the CSV zip's Assessments and Referrals sheets come from the database as finished
CSV (`COPY (SELECT ...) TO STDOUT WITH CSV`): Python copies bytes. The same content as
`caserows.CaseRows.assessments` and `.referrals` (tests/reports/test_csv_export.py compares them
byte for byte): the pseudonym is the same HMAC-SHA256, computed with PostgreSQL's own `sha256()`
(RFC 2104: sha256(key ^ opad || sha256(key ^ ipad || message)), no extension needed), text made
formula-safe in SQL, booleans as 0/1, lines ended with CRLF like Python's csv module. The Services
sheet's counts, which the Python path makes on the way, are two GROUP BY queries here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import Integer, String, case, cast, func, literal, literal_column, select, type_coerce

from monitor.assessments.models import Assessment, Sector, WorkActivityRecord
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child

BLOCK = 1 << 20  # bytes handed to the zip at a time
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # monitor/core/csvsafe.py


def usable(sector_groups) -> bool:
    """COPY ends lines with LF, made CRLF by replacing every LF: only right when no value has one."""
    return db.session.get_bind().dialect.name == "postgresql" and not any(
        "\n" in (group or "") or "\r" in (group or "") for group in sector_groups
    )


def pseudonym_sql(key: bytes, child_id):
    """SQL: `pseudonym.pseudonym(key, child_id)`."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = literal_column("'\\x" + bytes(b ^ 0x36 for b in key).hex() + "'::bytea")
    outer = literal_column("'\\x" + bytes(b ^ 0x5C for b in key).hex() + "'::bytea")
    message = func.convert_to(literal("child:", String) + cast(child_id, String), literal("UTF8", String))
    digest = func.sha256(outer.op("||")(func.sha256(inner.op("||")(message))))
    return literal("P", String) + func.upper(func.substr(func.encode(digest, literal("hex", String)), 1, 16))


def safe_sql(text):
    """SQL: `csvsafe.safe_cell` (a leading apostrophe before text that starts like a formula)."""
    starts = func.left(text, 1)
    return case((starts.in_(_FORMULA_START), literal("'", String) + text), else_=text)


def copy_csv(query) -> Iterator[tuple[bytes, int]]:
    """The query's rows as CSV bytes (CRLF lines), a block at a time, with the number of rows in it."""
    sql = str(query.compile(dialect=db.session.get_bind().dialect, compile_kwargs={"literal_binds": True}))
    cursor = db.session.connection().connection.driver_connection.cursor()
    buffer = bytearray()
    with cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
        for data in copy:
            buffer += data
            if len(buffer) >= BLOCK:
                cut = buffer.rindex(b"\n") + 1
                block = bytes(buffer[:cut])
                del buffer[:cut]
                yield block.replace(b"\n", b"\r\n"), block.count(b"\n")
    if buffer:
        block = bytes(buffer)
        yield block.replace(b"\n", b"\r\n"), block.count(b"\n")


def assessments_query(key: bytes, child_condition, period):
    """`CaseRows.assessments` as one SELECT (the first work's sector group, formula-safe)."""
    first_group = (
        select(Sector.group)
        .select_from(WorkActivityRecord)
        .outerjoin(Sector, Sector.id == WorkActivityRecord.sector_id)
        .where(WorkActivityRecord.assessment_id == Assessment.id)
        .order_by(WorkActivityRecord.id)
        .limit(1)
        .scalar_subquery()
    )
    age = Assessment.age
    group = case((age.between(5, 11), "5-11"), (age.between(12, 14), "12-14"), (age.between(15, 17), "15-17"))
    return (
        select(
            pseudonym_sql(key, Assessment.child_id),
            Assessment.visit_date,
            Assessment.age,
            group,
            func.nullif(Assessment.location, ""),
            func.nullif(Assessment.national_category, ""),
            func.nullif(Assessment.national_action, ""),
            func.nullif(Assessment.ilo_category, ""),
            cast(Assessment.sdg_series_1, Integer),
            cast(Assessment.sdg_series_2, Integer),
            func.nullif(safe_sql(first_group), ""),
        )
        .where(child_condition, Assessment.visit_date.between(period.start, period.end))
        .order_by(Assessment.visit_date, Assessment.id)
    )


def referrals_query(key: bytes, area_conditions, period):
    """`CaseRows.referrals`' rows as one SELECT."""
    return (
        select(
            pseudonym_sql(key, Referral.child_id),
            func.nullif(Referral.service_type, ""),
            func.nullif(Referral.status, ""),
            Referral.proposed_on,
            Referral.sent_on,
            Referral.answered_on,
            Referral.started_on,
            Referral.ended_on,
            Referral.started_on - Referral.proposed_on,
        )
        .join(Child, Child.id == Referral.child_id)
        .where(*area_conditions, Referral.proposed_on.between(period.start, period.end))
        .order_by(Referral.proposed_on, Referral.id)
    )


def services_counts(area_conditions, period, counts: dict, days: dict) -> None:
    """The Services sheet's counts (`CaseRows.referrals` makes them on the way): referrals of
    children not merged into another record by (type, status, sex, age group or "other"), and the
    days to service of the started ones by type."""
    years = cast(func.date_part("year", func.age(Referral.proposed_on, Child.birth_date)), Integer)
    group = case(
        (years.between(5, 11), "5-11"),
        (years.between(12, 14), "12-14"),
        (years.between(15, 17), "15-17"),
        else_="other",
    )
    counted = (
        *area_conditions,
        Child.merged_into_id.is_(None),
        Referral.proposed_on.between(period.start, period.end),
    )
    sex = type_coerce(Child.sex, String)
    waited = type_coerce(Referral.started_on - Referral.proposed_on, Integer)
    for kind, status, who, band, n in db.session.execute(
        select(Referral.service_type, Referral.status, sex, group, func.count())
        .join(Child, Child.id == Referral.child_id)
        .where(*counted)
        .group_by(Referral.service_type, Referral.status, sex, group)
    ):
        counts[(kind, status, who, band)] += n
    for kind, wait in db.session.execute(
        select(Referral.service_type, waited)
        .join(Child, Child.id == Referral.child_id)
        .where(*counted, Referral.started_on.is_not(None))
        .order_by(Referral.proposed_on, Referral.id)
    ):
        days[kind].append(wait)
