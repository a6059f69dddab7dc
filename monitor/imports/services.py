"""Import a list, the steps a worker takes: upload and map the columns (here), check every row
(the preview: monitor/imports/preview.py), commit all-or-nothing (monitor/imports/committing.py),
undo while unchanged (monitor/imports/undo.py)."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from monitor.audit.services import record_event
from monitor.extensions import db
from monitor.imports.columns import auto_mapping, field_for
from monitor.imports.committing import CommitResult, commit
from monitor.imports.models import ImportBatch, ImportMapping, ImportPayload
from monitor.imports.preview import check
from monitor.imports.reader import ImportRefused, Limits, read_table
from monitor.imports.retention import kept


def limits_from(config) -> Limits:
    return Limits(max_bytes=config["IMPORT_MAX_BYTES"], max_rows=config["IMPORT_MAX_ROWS"])


def start(
    data: bytes, filename: str, user, limits: Limits, area_id: int | None, visit_date: date | None, location: str
) -> ImportBatch:
    """Read the upload (refusing what is not a plain table) and keep it for the mapping step."""
    table = read_table(data, filename, limits, field_for)
    mapping = {str(i): name for i, name in auto_mapping(table.headers).items()}
    saved = saved_mapping_for(table.headers)
    if saved is not None:
        mapping = {str(i): saved.mapping[h] for i, h in enumerate(table.headers) if saved.mapping.get(h)}
    batch = ImportBatch(
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        payload=ImportPayload(content=data),
        status="mapping",
        area_id=area_id,
        visit_date=visit_date,
        location=location,
        mapping=mapping,
        headers=table.headers,
        total_rows=len(table.rows),
        created_by_id=user.id,
    )
    db.session.add(batch)
    db.session.flush()
    record_event(
        "import_uploaded", user=user, obj=batch, filename=batch.filename, sha256=batch.sha256, rows=batch.total_rows
    )
    return batch


def saved_mapping_for(headers: list[str]) -> ImportMapping | None:
    """The latest mapping saved for exactly these headers (compared here: JSON has no = in PostgreSQL)."""
    saved = db.session.scalars(select(ImportMapping).order_by(ImportMapping.id.desc()).limit(500))
    return next((entry for entry in saved if entry.headers == headers), None) if headers else None


def save_mapping(batch: ImportBatch, name: str, user) -> ImportMapping:
    by_header = {batch.headers[int(i)]: field for i, field in batch.mapping.items()}
    entry = ImportMapping(name=name.strip()[:80], headers=batch.headers, mapping=by_header, created_by_id=user.id)
    db.session.add(entry)
    return entry


def earlier_import(batch: ImportBatch) -> ImportBatch | None:
    return db.session.scalar(
        select(ImportBatch)
        .where(ImportBatch.sha256 == batch.sha256, ImportBatch.id != batch.id, ImportBatch.status == "committed")
        .limit(1)
    )


__all__ = [
    "CommitResult",
    "ImportRefused",
    "check",
    "commit",
    "earlier_import",
    "kept",
    "limits_from",
    "save_mapping",
    "saved_mapping_for",
    "start",
]
