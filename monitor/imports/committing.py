"""Commit an import: the accepted rows go into the registry together (in the caller's transaction),
and every record written is remembered, with its version, for undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from monitor.areas.models import Area
from monitor.assessments.data import ActivityData, AssessmentData
from monitor.assessments.models import Assessment
from monitor.assessments.services import record_assessment
from monitor.assessments.status import refresh_family
from monitor.audit.services import record_event
from monitor.cases.models import Case
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.columns import field_for
from monitor.imports.models import ImportBatch, ImportedRecord
from monitor.imports.preview import convert_all, reference_lists
from monitor.imports.reader import Limits, Table, read_table
from monitor.imports.retention import kept, purge
from monitor.imports.rows import RowData
from monitor.registry import services as registry
from monitor.registry.models import Child, Family

CHUNK = 500  # records written between two flushes
VERSIONED = {"family": Family, "child": Child, "case": Case}  # the kinds whose version undo compares

Link = tuple[str, int, int | None]  # (kind, id, row number) of a record the import wrote


@dataclass
class CommitResult:
    families: int = 0
    children: int = 0
    assessments: int = 0
    skipped: int = 0


def commit(batch: ImportBatch, include: set[int], user, today: date, limits: Limits) -> CommitResult:
    """Write the accepted rows in the caller's transaction (the caller commits, or rolls back on error).

    Rows with problems are left out; rows flagged as likely duplicates or repeats go in only when
    their row number is in `include` (the worker's decision)."""
    table = read_table(kept(batch).content, batch.filename, limits, field_for)
    rows = convert_all(batch, table, user, today)
    writer = _Writer(batch, table, rows, user, today)
    for data, area in rows:
        writer.write(data, area, include)
    writer.settle()
    _refresh_assessed(list(writer.families.values()), today)
    _remember(batch, writer.links)
    _close(batch, writer.result, user)
    return writer.result


class _Writer:
    """Writes the accepted rows: each household once for all its rows, each child, and an assessment
    for a row that records work. New families and children are flushed a chunk at a time, then their
    audit events written (which need their ids)."""

    def __init__(self, batch: ImportBatch, table: Table, rows: list[tuple[RowData, Area | None]], user, today: date):
        self.batch, self.table, self.user, self.today = batch, table, user, today
        self.report = {r["n"]: r for r in kept(batch).report.get("rows", [])}
        self.flagged = {n for n, r in self.report.items() if r["matches"] or r["repeat_of"] is not None}
        self.sector_ids = reference_lists()[2]
        self.criteria: dict[str, dict[int, str]] = {}  # a household's criteria, from all its rows
        for data, _area in rows:
            if data.ok and data.family is not None:
                self.criteria.setdefault(self.household(data), {}).update(data.family.criteria)
        self.families: dict[str, Family] = {}
        self.pending: list[tuple[str, Family | Child, int, dict | None]] = []
        self.links: list[Link] = []
        self.result = CommitResult()

    def household(self, data: RowData) -> str:
        """Rows of one household share its reference; a row without one is a household of its own."""
        return f"ref:{data.family_key}" if data.family_key else f"row:{self.table.row_number(data.index)}"

    def write(self, data: RowData, area: Area | None, include: set[int]) -> None:
        number = self.table.row_number(data.index)
        if not data.ok or area is None or (number in self.flagged and number not in include):
            self.result.skipped += 1
            return
        family = self._family(data, area, number)
        if data.child is not None:  # None: a list of households only
            child = self._child(family, data, number)
            if data.work_sector:
                self._assess(child, data, number)
        if len(self.pending) >= CHUNK:
            self.settle()

    def _family(self, data: RowData, area: Area, number: int) -> Family:
        key = self.household(data)
        family = self.families.get(key)
        if family is None:
            assert data.family is not None  # every accepted row names its household
            data.family.area_id = area.id
            data.family.criteria = self.criteria.get(key, data.family.criteria)
            family = registry.register_family(data.family, self.user, self.today, deferred=True)
            self.families[key] = family
            self.pending.append(("family", family, number, None))
            self.result.families += 1
        return family

    def _child(self, family: Family, data: RowData, number: int) -> Child:
        assert data.child is not None
        matches = {m[0]: m[3] for m in self.report.get(number, {}).get("matches", [])}
        child = registry.register_child(family, data.child, self.user, self.today, refresh=False, deferred=True)
        self.pending.append(("child", child, number, matches or None))
        self.result.children += 1
        return child

    def _assess(self, child: Child, data: RowData, number: int) -> None:
        """The work the row records, as an assessment of the child on the batch's visit date."""
        self.settle()  # the assessment needs the child's id
        activity = ActivityData(
            sector_id=self.sector_ids.get(data.work_sector or "other", self.sector_ids.get("other")),
            hours_last_7_days=data.hours,
            at_night=data.night,
        )
        visit = AssessmentData(
            visit_date=self.batch.visit_date or self.today,
            location=self.batch.location,
            activities=[activity],
            notes=data.work_text[:4000],
        )
        assessment = record_assessment(child, visit, self.user, self.today)
        self.links.append(("assessment", assessment.id, number))
        self.result.assessments += 1

    def settle(self) -> None:
        """Flush what is pending, then write its audit events and remember it for undo."""
        db.session.flush()
        for kind, record, number, matches in self.pending:
            if kind == "family":
                registry.family_created(record, self.user)
            else:
                registry.child_created(record, self.user, matches)
            self.links.append((kind, record.id, number))
        self.pending.clear()


def _refresh_assessed(families: list[Family], today: date) -> None:
    """Statuses (C05, siblings at risk) follow from the assessments: refreshed once per such family."""
    if not families:
        return
    assessed = set(
        db.session.scalars(
            select(Child.family_id)
            .join(Assessment, Assessment.child_id == Child.id)
            .where(Child.family_id.in_([f.id for f in families]))
        )
    )
    for family in families:
        if family.id in assessed:
            db.session.refresh(family, ["children"])
            refresh_family(family, today)


def _remember(batch: ImportBatch, links: list[Link]) -> None:
    """One ImportedRecord per record written, with its version now (undo refuses a changed one); the
    cases the assessments opened are the import's too."""
    child_ids = [object_id for kind, object_id, _n in links if kind == "child"]
    if child_ids:
        links = links + [
            ("case", case_id, None)
            for case_id in db.session.scalars(select(Case.id).where(Case.child_id.in_(child_ids)))
        ]
    db.session.flush()
    versions = _versions(links)
    db.session.add_all(
        ImportedRecord(
            batch_id=batch.id,
            object_type=kind,
            object_id=object_id,
            row_number=number,
            version=versions.get((kind, object_id)),
        )
        for kind, object_id, number in links
    )


def _versions(links: list[Link]) -> dict[tuple[str, int], int]:
    versions: dict[tuple[str, int], int] = {}
    for kind, model in VERSIONED.items():
        ids = [object_id for k, object_id, _n in links if k == kind]
        if ids:
            rows = db.session.execute(select(model.id, model.version).where(model.id.in_(ids)))
            versions |= {(kind, object_id): version for object_id, version in rows}
    return versions


def _close(batch: ImportBatch, result: CommitResult, user) -> None:
    """The batch is committed: its file and preview go, its counts stay, the event is written."""
    batch.status, batch.committed_at = "committed", utcnow()
    purge(batch)
    counts = {
        "families": result.families,
        "children": result.children,
        "assessments": result.assessments,
        "skipped": result.skipped,
    }
    batch.counts = {**batch.counts, **counts}
    db.session.flush()
    record_event("import_committed", user=user, obj=batch, filename=batch.filename, sha256=batch.sha256, **counts)
