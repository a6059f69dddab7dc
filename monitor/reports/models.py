"""Kept dashboard counts (see monitor/reports/summary.py for when they are shown again)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from monitor.auth.models import LANGUAGES
from monitor.core.db import one_of
from monitor.extensions import db

SNAPSHOT_STATUSES = ("computing", "ready", "failed")


class ReportSnapshot(db.Model):
    """The counts of one scope (area paths), period and language, as last computed, and the ids of
    the first children behind each (no names: the drill-down reads the children, within the user's
    areas, when it is opened)."""

    __tablename__ = "report_snapshot"
    __table_args__ = (
        one_of("status", SNAPSHOT_STATUSES),
        one_of("language", LANGUAGES),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        CheckConstraint("done >= 0 AND total >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of paths, period and language
    paths: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(5))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="computing")  # computing | ready | failed
    started_at: Mapped[datetime] = mapped_column(index=True)
    done: Mapped[int] = mapped_column(Integer, default=0)  # children counted so far
    total: Mapped[int] = mapped_column(Integer, default=0)  # children to count
    computed_at: Mapped[datetime | None] = mapped_column()
    computed_on: Mapped[date | None] = mapped_column(Date)  # the "today" of stages and visits due
    seconds: Mapped[float | None] = mapped_column(Float)  # how long the last computation took
    figures: Mapped[str | None] = mapped_column(Text)  # monitor.reports.summary.Summary as JSON
    # The first children behind each figure (ids only), for its drill-down list: read only there.
    members: Mapped[str | None] = mapped_column(Text, deferred=True)
