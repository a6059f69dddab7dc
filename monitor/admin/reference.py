"""Administrators' edits of reference lists (hardship criteria). Services flush; views commit."""

from __future__ import annotations

from sqlalchemy import select

from monitor.audit.services import record_event
from monitor.extensions import db
from monitor.registry.models import Criterion, CriterionKind

FIELDS = ("name_ky", "name_ru", "name_en", "needs_text", "active")


class ReferenceError_(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def save_criterion(criterion: Criterion | None, code: str, kind: CriterionKind, values: dict, actor) -> Criterion:
    """Create (criterion None) or change a hardship criterion; codes are unique."""
    code = code.strip().upper()
    clash = db.session.scalar(select(Criterion.id).where(Criterion.code == code))
    if clash is not None and (criterion is None or clash != criterion.id):
        raise ReferenceError_("code_taken")
    created = criterion is None
    criterion = criterion or Criterion(code=code, kind=kind)
    before = {name: getattr(criterion, name, None) for name in FIELDS} | {"code": criterion.code}
    criterion.code = code
    for name in FIELDS:
        value = values[name]
        setattr(criterion, name, value.strip() if isinstance(value, str) else bool(value))
    db.session.add(criterion)
    db.session.flush()
    after = {name: getattr(criterion, name) for name in FIELDS} | {"code": code}
    record_event(
        "criterion_created" if created else "criterion_changed",
        user=actor,
        obj=criterion,
        changes={k: [before[k], after[k]] for k in after if before.get(k) != after[k]},
    )
    return criterion
