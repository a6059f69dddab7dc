"""Imports of office lists: the upload, its check, what it created, and saved column mappings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.assessments.models import LOCATIONS
from monitor.core.db import one_of, utcnow
from monitor.extensions import db

BATCH_STATUSES = ("mapping", "checking", "checked", "committing", "committed", "undone", "failed", "expired")
RECORD_TYPES = ("family", "child", "assessment", "case")


class ImportBatch(db.Model):
    """One uploaded file: checked (preview), then committed as one transaction, or undone."""

    __tablename__ = "import_batch"
    __table_args__ = (
        one_of("status", BATCH_STATUSES),
        one_of("location", LOCATIONS),
        CheckConstraint("size >= 0 AND total_rows >= 0 AND checked_rows >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="mapping", index=True)  # BATCH_STATUSES
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))  # for rows without an area
    visit_date: Mapped[date | None] = mapped_column(Date)  # of the work columns' assessments
    location: Mapped[str] = mapped_column(String(20), default="other")
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)  # column index (str) -> field
    headers: Mapped[list] = mapped_column(JSON, default=list)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    checked_rows: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(String(40), default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    committed_at: Mapped[datetime | None] = mapped_column()
    undone_at: Mapped[datetime | None] = mapped_column()
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    purged_at: Mapped[datetime | None] = mapped_column()  # when the file and preview were removed

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id], lazy="joined")  # noqa: F821
    records: Mapped[list[ImportedRecord]] = relationship(back_populates="batch", cascade="all, delete-orphan")
    payload: Mapped[ImportPayload | None] = relationship(
        back_populates="batch", cascade="all, delete-orphan", passive_deletes=True
    )


class ImportPayload(db.Model):
    """What an import keeps only while it is needed: the file, and the preview of its rows (names,
    dates of birth, likely duplicates). Removed once the import goes in, or after IMPORT_KEEP_DAYS;
    the batch keeps the SHA-256, the counts and the records it created (all undo needs)."""

    __tablename__ = "import_payload"

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    report: Mapped[dict] = mapped_column(JSON, default=dict)  # the preview: rows, problems, matches

    batch: Mapped[ImportBatch] = relationship(back_populates="payload")


class ImportedRecord(db.Model):
    """A record an import created (the link back to the batch, and what an undo removes)."""

    __tablename__ = "imported_record"
    __table_args__ = (one_of("object_type", RECORD_TYPES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    object_type: Mapped[str] = mapped_column(String(20))  # family | child | assessment | case
    object_id: Mapped[int] = mapped_column(Integer, index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)  # the record's version when the import ended

    batch: Mapped[ImportBatch] = relationship(back_populates="records")


class ImportMapping(db.Model):
    """A column mapping saved under a name, offered again for files with the same headers."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    headers: Mapped[list] = mapped_column(JSON)
    mapping: Mapped[dict] = mapped_column(JSON)  # header text -> field
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
