"""Undoing an import: allowed while what it created is unchanged and unused since; removes it all."""

from __future__ import annotations

from sqlalchemy import MetaData, delete, func, select

from monitor.assessments.models import Assessment
from monitor.audit.services import record_event
from monitor.cases.models import Case, CaseAssignment, CaseClosure, Plan
from monitor.commission.models import Resolution
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.models import ImportBatch, ImportedRecord
from monitor.referrals.models import Referral
from monitor.registry.data import RegistryError
from monitor.registry.merging import references
from monitor.registry.models import Child, ChildFamilyLink, Family

# The tables whose rows an import creates, removed in this order, and the kind its records name them by.
CREATED = (("case_file", "case"), ("assessment", "assessment"), ("child", "child"), ("family", "family"))
# Every foreign key to those tables (read from the metadata, as merges do): "delete" rows go with the
# record (the import made them, or they only describe it); the others are refused by undo_blockers,
# under the problem named. tests/imports/test_undo_references.py fails on a foreign key left out here.
ON_UNDO = {
    "case_assignment.case_id": "delete",  # the import's own; more refuse the undo (case_work)
    "case_closure.case_id": "case_work",
    "case_plan.case_id": "case_work",
    "commission_resolution.case_id": "case_work",
    "referral.case_id": "case_work",
    "work_activity.assessment_id": "delete",
    "assessment.child_id": "delete",  # the import's own; more refuse the undo (assessed_since)
    "case_file.child_id": "delete",  # the import's own; more refuse the undo (case_work)
    "child.merged_into_id": "child_changed",
    "child_criterion.child_id": "delete",
    "child_family_link.child_id": "delete",
    "distinct_children.child_id": "delete",
    "distinct_children.other_child_id": "delete",
    "referral.child_id": "case_work",
    "child.family_id": "delete",  # the import's own; more refuse the undo (child_added)
    "child_family_link.family_id": "child_added",
    "family_assistance.family_id": "delete",
    "family_criterion.family_id": "delete",
    "family_member.family_id": "delete",
}


def _references(metadata: MetaData) -> list[tuple[str, str, object, object]]:
    return [(name, kind, table, column) for name, kind in CREATED for table, column in references(metadata, name)]


def _mapped(table):
    """The model of a table where it has one (an ORM delete keeps the session's objects in step)."""
    return next((mapper.class_ for mapper in db.Model.registry.mappers if mapper.local_table is table), table)


def missing_rules(metadata: MetaData) -> list[str]:
    """Foreign keys to what an import creates that undoing has no rule for."""
    return [
        f"{table.name}.{column.name}"
        for _n, _k, table, column in _references(metadata)
        if f"{table.name}.{column.name}" not in ON_UNDO
    ]


def stale_rules(metadata: MetaData) -> list[str]:
    present = {f"{table.name}.{column.name}" for _n, _k, table, column in _references(metadata)}
    return sorted(set(ON_UNDO) - present)


def undo_blockers(batch: ImportBatch) -> list[str]:
    """Why the import cannot be undone (empty: it can): records changed or used since."""
    if batch.status != "committed":
        return ["not_committed"]
    ids = _ids(batch)
    problems = []
    changed = {kind: _changed(batch, kind, model) for kind, model in (("family", Family), ("child", Child))}
    if changed["family"]:
        problems.append("family_changed")
    if changed["child"] or db.session.scalar(
        select(func.count())
        .select_from(Child)
        .where(Child.id.in_(ids["child"] or [-1]), Child.merged_into_id.is_not(None))
    ):
        problems.append("child_changed")
    if db.session.scalar(
        select(func.count())
        .select_from(Child)
        .where(Child.family_id.in_(ids["family"] or [-1]), Child.id.not_in(ids["child"] or [-1]))
    ) or db.session.scalar(
        select(func.count())
        .select_from(ChildFamilyLink)
        .where(
            ChildFamilyLink.family_id.in_(ids["family"] or [-1]), ChildFamilyLink.child_id.not_in(ids["child"] or [-1])
        )
    ):
        problems.append("child_added")
    if db.session.scalar(
        select(func.count())
        .select_from(Assessment)
        .where(Assessment.child_id.in_(ids["child"] or [-1]), Assessment.id.not_in(ids["assessment"] or [-1]))
    ):
        problems.append("assessed_since")
    if (
        db.session.scalar(
            select(func.count())
            .select_from(Case)
            .where(Case.child_id.in_(ids["child"] or [-1]), Case.id.not_in(ids["case"] or [-1]))
        )
        or _changed(batch, "case", Case)
        or db.session.scalar(
            select(func.count()).select_from(CaseClosure).where(CaseClosure.case_id.in_(ids["case"] or [-1]))
        )
        or db.session.scalar(
            select(func.count()).select_from(Referral).where(Referral.child_id.in_(ids["child"] or [-1]))
        )
        or db.session.scalar(select(func.count()).select_from(Plan).where(Plan.case_id.in_(ids["case"] or [-1])))
        or db.session.scalar(
            select(func.count()).select_from(Resolution).where(Resolution.case_id.in_(ids["case"] or [-1]))
        )
        or db.session.scalar(
            select(func.count()).select_from(CaseAssignment).where(CaseAssignment.case_id.in_(ids["case"] or [-1]))
        )
        > len(ids["case"])
    ):
        problems.append("case_work")
    return problems


def _changed(batch: ImportBatch, kind: str, model) -> bool:
    """Has any record of this kind changed since the import (its version moved on)?"""
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(ImportedRecord)
            .join(model, model.id == ImportedRecord.object_id)
            .where(
                ImportedRecord.batch_id == batch.id,
                ImportedRecord.object_type == kind,
                model.version != ImportedRecord.version,
            )
        )
    )


def _ids(batch: ImportBatch) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {"family": [], "child": [], "assessment": [], "case": []}
    for kind, object_id in db.session.execute(
        select(ImportedRecord.object_type, ImportedRecord.object_id).where(ImportedRecord.batch_id == batch.id)
    ):
        ids.setdefault(kind, []).append(object_id)
    return ids


def undo(batch: ImportBatch, user) -> dict[str, int]:
    """Remove what the import created (the caller commits); refuse when anything changed since."""
    blockers = undo_blockers(batch)
    if blockers:
        raise RegistryError("undo", blockers[0])
    ids = _ids(batch)
    for name, kind in CREATED:  # what points at the records first, then the records
        chosen = ids[kind] or [-1]
        for table, column in references(db.metadata, name):
            if ON_UNDO[f"{table.name}.{column.name}"] == "delete":
                db.session.execute(delete(_mapped(table)).where(column.in_(chosen)))
        created = db.metadata.tables[name]
        db.session.execute(delete(_mapped(created)).where(created.c.id.in_(chosen)))
    batch.status, batch.undone_at, batch.undone_by_id = "undone", utcnow(), user.id
    record_event(
        "import_undone",
        user=user,
        obj=batch,
        families=len(ids["family"]),
        children=len(ids["child"]),
        assessments=len(ids["assessment"]),
    )
    return {kind: len(values) for kind, values in ids.items()}
