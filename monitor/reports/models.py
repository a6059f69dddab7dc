"""The exports prepared in the background."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.auth.models import LANGUAGES
from monitor.core.db import one_of, utcnow
from monitor.extensions import db

EXPORT_KINDS = ("workbook", "zip")
EXPORT_STATUSES = ("queued", "running", "ready", "failed", "expired")


class Export(db.Model):
    """An ILO export prepared in the background: what was asked for, by whom, and where its file is.

    The row is the truth of the work: a worker claims it with a conditional update (queued, or
    running with a lapsed lease), writes the file under a temporary name, renames it when complete and
    only then marks the row ready. `attempts` is the claim's token: a worker whose lease was taken
    over can no longer update the row."""

    __tablename__ = "export"
    __table_args__ = (
        one_of("kind", EXPORT_KINDS),
        one_of("status", EXPORT_STATUSES),
        one_of("language", LANGUAGES),
        CheckConstraint("period_end >= period_start", name="period_in_order"),
        CheckConstraint("progress >= 0 AND attempts >= 0 AND (size IS NULL OR size >= 0)", name="counts_not_negative"),
        CheckConstraint(
            "status <> 'ready' OR (file_name IS NOT NULL AND size IS NOT NULL AND finished_at IS NOT NULL "
            "AND expires_at IS NOT NULL)",
            name="ready_has_file",
        ),
        CheckConstraint("status <> 'running' OR lease_until IS NOT NULL", name="running_has_lease"),
        Index("ix_export_requested_by_id_created_at", "requested_by_id", "created_at"),
        Index("ix_export_status_expires_at", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # EXPORT_KINDS
    paths: Mapped[list] = mapped_column(JSON, default=list)  # the area paths exported (the scope)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))  # the area chosen (None: all mine)
    area_names: Mapped[list] = mapped_column(JSON, default=list)  # as shown when it was asked for
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(5))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(10), default="queued")  # EXPORT_STATUSES
    progress: Mapped[int] = mapped_column(Integer, default=0)  # rows written so far
    rows: Mapped[int | None] = mapped_column(Integer)  # rows in the finished file
    file_name: Mapped[str | None] = mapped_column(String(100))  # in EXPORT_DIR
    size: Mapped[int | None] = mapped_column(BigInteger)  # bytes
    error: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()

    requested_by: Mapped[User] = relationship(lazy="joined")  # noqa: F821
