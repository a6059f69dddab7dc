"""Undoing an import: allowed while what it created is unchanged and unused since; removes it all."""
from __future__ import annotations

from sqlalchemy import delete, func, or_, select

from monitor.assessments.models import Assessment, WorkActivityRecord
from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.models import ImportBatch, ImportedRecord
from monitor.registry.data import RegistryError
from monitor.registry.models import Child, Family


def undo_blockers(batch: ImportBatch) -> list[str]:
    """Why the import cannot be undone (empty: it can): records changed or used since."""
    from monitor.cases.commission_models import Resolution
    from monitor.cases.models import Case, CaseAssignment, CaseClosure, Plan
    from monitor.referrals.models import Referral

    if batch.status != "committed":
        return ["not_committed"]
    ids = _ids(batch)
    problems = []
    changed = {kind: _changed(batch, kind, model) for kind, model in (("family", Family), ("child", Child))}
    if changed["family"]:
        problems.append("family_changed")
    if changed["child"] or db.session.scalar(select(func.count()).select_from(Child).where(
            Child.id.in_(ids["child"] or [-1]), Child.merged_into_id.is_not(None))):
        problems.append("child_changed")
    if db.session.scalar(select(func.count()).select_from(Child).where(
            Child.family_id.in_(ids["family"] or [-1]), Child.id.not_in(ids["child"] or [-1]))):
        problems.append("child_added")
    if db.session.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.child_id.in_(ids["child"] or [-1]), Assessment.id.not_in(ids["assessment"] or [-1]))):
        problems.append("assessed_since")
    if db.session.scalar(select(func.count()).select_from(Case).where(
            Case.child_id.in_(ids["child"] or [-1]), Case.id.not_in(ids["case"] or [-1]))) or \
            _changed(batch, "case", Case) or \
            db.session.scalar(select(func.count()).select_from(CaseClosure).where(CaseClosure.case_id.in_(ids["case"] or [-1]))) or \
            db.session.scalar(select(func.count()).select_from(Referral).where(Referral.child_id.in_(ids["child"] or [-1]))) or \
            db.session.scalar(select(func.count()).select_from(Plan).where(Plan.case_id.in_(ids["case"] or [-1]))) or \
            db.session.scalar(select(func.count()).select_from(Resolution).where(Resolution.case_id.in_(ids["case"] or [-1]))) or \
            db.session.scalar(select(func.count()).select_from(CaseAssignment).where(
                CaseAssignment.case_id.in_(ids["case"] or [-1]))) > len(ids["case"]):
        problems.append("case_work")
    return problems


def _changed(batch: ImportBatch, kind: str, model) -> bool:
    """Has any record of this kind changed since the import (its version moved on)?"""
    return bool(db.session.scalar(
        select(func.count()).select_from(ImportedRecord).join(model, model.id == ImportedRecord.object_id)
        .where(ImportedRecord.batch_id == batch.id, ImportedRecord.object_type == kind,
               model.version != ImportedRecord.version)))


def _ids(batch: ImportBatch) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {"family": [], "child": [], "assessment": [], "case": []}
    for kind, object_id in db.session.execute(select(ImportedRecord.object_type, ImportedRecord.object_id)
                                              .where(ImportedRecord.batch_id == batch.id)):
        ids.setdefault(kind, []).append(object_id)
    return ids


def undo(batch: ImportBatch, user) -> dict[str, int]:
    """Remove what the import created (the caller commits); refuse when anything changed since."""
    from monitor.cases.models import Case, CaseAssignment
    from monitor.registry.models import ChildCriterion, ChildFamilyLink, FamilyCriterion, FamilyMember
    from monitor.registry.models.child import DistinctChildren

    blockers = undo_blockers(batch)
    if blockers:
        raise RegistryError("undo", blockers[0])
    ids = _ids(batch)
    none = [-1]
    db.session.execute(delete(CaseAssignment).where(CaseAssignment.case_id.in_(ids["case"] or none)))
    db.session.execute(delete(Case).where(Case.id.in_(ids["case"] or none)))
    db.session.execute(delete(WorkActivityRecord).where(WorkActivityRecord.assessment_id.in_(ids["assessment"] or none)))
    db.session.execute(delete(Assessment).where(Assessment.id.in_(ids["assessment"] or none)))
    children = ids["child"] or none
    db.session.execute(delete(ChildCriterion).where(ChildCriterion.child_id.in_(children)))
    db.session.execute(delete(ChildFamilyLink).where(ChildFamilyLink.child_id.in_(children)))
    db.session.execute(delete(DistinctChildren).where(or_(DistinctChildren.child_id.in_(children),
                                                          DistinctChildren.other_child_id.in_(children))))
    db.session.execute(delete(Child).where(Child.id.in_(children)))
    families = ids["family"] or none
    db.session.execute(delete(FamilyCriterion).where(FamilyCriterion.family_id.in_(families)))
    db.session.execute(delete(FamilyMember).where(FamilyMember.family_id.in_(families)))
    db.session.execute(delete(Family).where(Family.id.in_(families)))
    batch.status, batch.undone_at, batch.undone_by_id = "undone", utcnow(), user.id
    record_event("import_undone", user=user, obj=batch, families=len(ids["family"]), children=len(ids["child"]),
                 assessments=len(ids["assessment"]))
    return {kind: len(values) for kind, values in ids.items()}
