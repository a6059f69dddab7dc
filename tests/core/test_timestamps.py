"""Timestamps are instants: stored in UTC, read back aware (UTC) on SQLite and PostgreSQL alike, and the
rows written before the change read back as the same instants."""

from __future__ import annotations

import importlib.util
import sqlite3
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import DateTime, event, select, text
from sqlalchemy.exc import StatementError

from monitor import PROJECT_ROOT
from monitor.audit.models import AuditEvent
from monitor.core.db import UTCDateTime
from monitor.extensions import db
from tests.core.test_migrations import empty_app  # noqa: F401  (shared fixture)

EVENING_UTC = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)  # 02.12.2026 02:30 in Bishkek
BEFORE = "a8d2e6f4c1b9"  # the revision before timestamps had a time zone


def _migration():
    path = next((PROJECT_ROOT / "migrations" / "versions").glob("*_timestamps_with_time_zone.py"))
    spec = importlib.util.spec_from_file_location("timestamps_with_time_zone", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_timestamp_column_is_an_instant_and_the_migration_converts_each(app):
    timestamps = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, (DateTime, UTCDateTime))
    }
    assert timestamps and all(isinstance(db.metadata.tables[t].c[c].type, UTCDateTime) for t, c in timestamps)
    converted = {(table, column) for table, columns in _migration().TIMESTAMPS.items() for column in columns}
    assert converted == (timestamps - ADDED_AWARE_LATER) | DROPPED_LATER


# Made with time zones by later migrations (95ab0379d32c, the stored case state), and dropped later
# (648cd84812d8: the kept dashboard counts).
ADDED_AWARE_LATER = {("case_file", "returned_at"), ("case_file", "waiting_since")}
DROPPED_LATER = {("report_snapshot", "started_at"), ("report_snapshot", "computed_at")}


def test_a_timestamp_reads_back_as_the_same_instant_in_utc(app, database):
    with app.app_context():
        db.session.add(AuditEvent(action="test_event", at=EVENING_UTC.astimezone(ZoneInfo("Asia/Bishkek"))))
        db.session.commit()
        db.session.expire_all()
        at = db.session.scalar(select(AuditEvent.at))
        assert at == EVENING_UTC and at.utcoffset().total_seconds() == 0
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.at >= EVENING_UTC)) is not None


def test_a_naive_datetime_is_refused_rather_than_guessed(app, database):
    with app.app_context():
        db.session.add(AuditEvent(action="test_event", at=datetime(2026, 12, 1, 20, 30)))
        with pytest.raises(StatementError, match="naive datetime"):
            db.session.flush()
        db.session.rollback()


def _bishkek_sessions(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        with dbapi_connection.cursor() as cursor:  # a server whose sessions are not in UTC
            cursor.execute("SET TIME ZONE 'Asia/Bishkek'")


def test_rows_written_before_the_change_keep_their_instants_up_and_down(empty_app):
    with empty_app.app_context():
        db.engine.dispose()
        event.listen(db.engine, "connect", _bishkek_sessions)
        upgrade(revision=BEFORE)
        # naive UTC, in the text SQLAlchemy wrote on SQLite, as the old utcnow() gave it
        db.session.execute(
            text(
                "INSERT INTO audit_event (at, action, details) VALUES ('2026-12-01 20:30:00.000000', 'old_event', '{}')"
            )
        )
        db.session.commit()
        upgrade()
        assert db.session.scalar(select(AuditEvent.at)) == EVENING_UTC
        db.session.remove()
        downgrade(revision=BEFORE)
        stored = db.session.scalar(text("SELECT at FROM audit_event"))
        assert str(stored).startswith("2026-12-01 20:30:00")
        db.session.remove()
        event.remove(db.engine, "connect", _bishkek_sessions)
