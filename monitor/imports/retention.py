"""How long an import keeps the uploaded file and the preview of its rows: until the import goes in,
or IMPORT_KEEP_DAYS for one left waiting (`flask purge-imports`, meant to run daily). The batch
itself stays, with the file's SHA-256, its counts and the records it created, which is all that
undo needs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update

from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.limits import ImportRefused
from monitor.imports.models import ImportBatch, ImportPayload

WAITING = ("mapping", "checking", "checked", "committing")


def kept(batch: ImportBatch) -> ImportPayload:
    """The file and preview of a batch still waiting; refused once they were purged."""
    if batch.payload is None:
        raise ImportRefused("expired")
    return batch.payload


def purge(batch: ImportBatch) -> None:
    """Remove one batch's file and preview (the caller flushes)."""
    batch.payload = None
    batch.purged_at = utcnow()


def purge_old_imports(uploaded_before: datetime) -> int:
    """Remove the file and preview of every import uploaded before `uploaded_before`; one still
    waiting for a decision becomes "expired". Returns how many were purged (the caller commits)."""
    ids = list(
        db.session.scalars(
            select(ImportPayload.batch_id).join(ImportBatch).where(ImportBatch.created_at < uploaded_before)
        )
    )
    if not ids:
        return 0
    db.session.execute(
        update(ImportBatch).where(ImportBatch.id.in_(ids), ImportBatch.status.in_(WAITING)).values(status="expired"),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        update(ImportBatch).where(ImportBatch.id.in_(ids)).values(purged_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.execute(
        delete(ImportPayload).where(ImportPayload.batch_id.in_(ids)), execution_options={"synchronize_session": False}
    )
    record_event("imports_purged", count=len(ids), uploaded_before=uploaded_before.isoformat(timespec="seconds"))
    db.session.flush()
    db.session.expire_all()
    return len(ids)
