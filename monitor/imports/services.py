"""Import a list: upload, check every row (preview), commit all-or-nothing, undo while unchanged."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from monitor.areas.models import Area
from monitor.assessments.data import ActivityData, AssessmentData
from monitor.assessments.models import Assessment, Sector
from monitor.assessments.services import record_assessment
from monitor.assessments.status import refresh_family
from monitor.audit.services import record_event
from monitor.cases.models import Case
from monitor.core.db import utcnow
from monitor.core.permissions import area_paths
from monitor.extensions import db
from monitor.imports.columns import auto_mapping, field_for
from monitor.imports.models import ImportBatch, ImportedRecord, ImportMapping, ImportPayload
from monitor.imports.reader import ImportRefused, Limits, Table, read_table
from monitor.imports.retention import purge
from monitor.imports.rows import CHILD_FIELDS, Problem, RowData, convert, in_file_key
from monitor.registry import services as registry
from monitor.registry.duplicates import BIRTH_WEIGHT, NAME_WEIGHT, PLACE_WEIGHT, THRESHOLD, birth_date_closeness
from monitor.registry.models import Child, Criterion, Family
from monitor.registry.names import fold, full_name_similarity, skeleton
from monitor.registry.queries import scoped_children

CHUNK = 500


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


def kept(batch: ImportBatch) -> ImportPayload:
    """The file and preview of a batch still waiting; refused once they were purged."""
    if batch.payload is None:
        raise ImportRefused("expired")
    return batch.payload


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


# --- Checking ---------------------------------------------------------------------------------


class Areas:
    """Areas found by SOATE code or by name in any language and script; only the user's count."""

    def __init__(self, user):
        self.all = list(db.session.scalars(select(Area).where(Area.active)))
        self.paths = area_paths(user)
        self.by_key: dict[str, list[Area]] = {}
        for area in self.all:
            for name in {area.name_ky, area.name_ru, area.name_en}:
                self.by_key.setdefault(fold(name), []).append(area)
            if area.soate:
                self.by_key.setdefault(area.soate, []).append(area)

    def mine(self, area: Area) -> bool:
        return any(area.path.startswith(path) for path in self.paths)

    def find(self, text: str, village: str = "", default: Area | None = None) -> tuple[Area | None, str | None]:
        if not text and not village:
            return (default, None) if default else (None, "area_missing")
        found = list(self.by_key.get(text.strip() if text.strip().isdigit() else fold(text), [])) if text else []
        if village:
            within = [
                a
                for a in self.by_key.get(fold(village), [])
                if not found or any(a.path.startswith(f.path) for f in found)
            ]
            found = within or found
        if not found:
            return None, "area_unknown"
        mine = [a for a in found if self.mine(a)]
        if not mine:
            return None, "area_outside"
        return max(mine, key=lambda a: len(a.path)), None


def _reference() -> tuple[dict[str, tuple[int, str]], dict[str, str], dict[str, int]]:
    criteria = {c.code: (c.id, c.kind.value) for c in db.session.scalars(select(Criterion).where(Criterion.active))}
    sectors = list(db.session.scalars(select(Sector).where(Sector.active)))
    names = {fold(name): s.code for s in sectors for name in (s.name_ky, s.name_ru, s.name_en)}
    return criteria, names, {s.code: s.id for s in sectors}


def convert_all(
    batch: ImportBatch, table: Table, user, today: date, progress=None
) -> list[tuple[RowData, Area | None]]:
    """Every row mapped, converted and checked with the registry's rules."""
    areas = Areas(user)
    default = db.session.get(Area, batch.area_id) if batch.area_id else None
    if default is not None and not areas.mine(default):
        default = None
    criteria, sector_names, _ids = _reference()
    mapping = {int(i): field for i, field in batch.mapping.items()}
    families_only = not CHILD_FIELDS & set(mapping.values())
    out = []
    for index, cells in enumerate(table.rows):
        row = {field: cells[i] for i, field in mapping.items() if i < len(cells)}
        area_text = str(row.get("area") or "").strip()
        area, problem = areas.find(area_text, str(row.get("village") or "").strip(), default)
        data = convert(index, row, today, area.id if area else None, criteria, sector_names, families_only)
        if problem:
            data.problems.append(Problem("area", problem))
        out.append((data, area))
        if progress and index % CHUNK == CHUNK - 1:
            progress(index + 1)
    return out


def _matches(user, rows: list[tuple[RowData, Area | None]]) -> dict[int, list[tuple[int, float]]]:
    """Likely duplicates among the registered children, found a chunk of rows at a time."""
    found: dict[int, list[tuple[int, float]]] = {}
    candidates = [(data, area) for data, area in rows if data.child is not None]
    for start_at in range(0, len(candidates), CHUNK):
        chunk = candidates[start_at : start_at + CHUNK]
        surnames = {skeleton(d.child.surname) for d, _a in chunk} - {""}
        givens = {skeleton(d.child.given_name) for d, _a in chunk} - {""}
        if not surnames or not givens:
            continue
        query = scoped_children(user).where(
            or_(
                and_(Child.surname_skeleton.in_(surnames), Child.given_skeleton.in_(givens)),
                and_(Child.surname_skeleton.in_(givens), Child.given_skeleton.in_(surnames)),
            )
        )
        existing = db.session.execute(
            query.with_only_columns(
                Child.id,
                Child.surname,
                Child.given_name,
                Child.birth_date,
                Child.area_path,
                Child.surname_skeleton,
                Child.given_skeleton,
            )
        ).all()
        by_key: dict[str, list] = {}
        for other in existing:
            for key in (other.surname_skeleton, other.given_skeleton):
                by_key.setdefault(key, []).append(other)
        for data, area in chunk:
            child = data.child
            seen = set()
            for other in by_key.get(skeleton(child.surname), []) + by_key.get(skeleton(child.given_name), []):
                if other.id in seen:
                    continue
                seen.add(other.id)
                name = full_name_similarity(child.surname, child.given_name, other.surname, other.given_name)
                place = 0.7 if area is not None and other.area_path == area.path else 0.0
                score = (
                    NAME_WEIGHT * name
                    + BIRTH_WEIGHT * birth_date_closeness(child.birth_date, other.birth_date)
                    + PLACE_WEIGHT * place
                )
                if score >= THRESHOLD and name >= 0.75:
                    found.setdefault(data.index, []).append((other.id, round(score, 2)))
    return {k: sorted(v, key=lambda m: -m[1])[:3] for k, v in found.items()}


def check(batch: ImportBatch, user, today: date, limits: Limits, progress=None) -> dict:
    """The preview: each row with its problems, likely duplicates and repeats within the file."""
    table = read_table(kept(batch).content, batch.filename, limits, field_for)
    rows = convert_all(batch, table, user, today, progress)
    matches = _matches(user, rows)
    first_seen: dict = {}
    names = {}
    if matches:
        ids = {cid for found in matches.values() for cid, _s in found}
        names = {c.id: (c.ref, c.full_name) for c in db.session.scalars(select(Child).where(Child.id.in_(ids)))}
    report_rows = []
    for data, area in rows:
        key = in_file_key(data)
        repeat = first_seen.get(key) if key else None
        if key and repeat is None:
            first_seen[key] = table.row_number(data.index)
        child = data.child
        report_rows.append(
            {
                "n": table.row_number(data.index),
                "name": f"{child.surname} {child.given_name}".strip()
                if child
                else (data.family.notes if data.family else ""),
                "born": child.birth_date.strftime("%d.%m.%Y") if child else "",
                "area": area.name_en if area else data.area_text,
                "area_id": area.id if area else None,
                "work": data.work_sector,
                "problems": [[p.field, p.code] for p in data.problems],
                "matches": [
                    [cid, names.get(cid, ("", ""))[0], names.get(cid, ("", ""))[1], score]
                    for cid, score in matches.get(data.index, [])
                ],
                "repeat_of": repeat,
            }
        )
    counts = {
        "rows": len(report_rows),
        "errors": sum(bool(r["problems"]) for r in report_rows),
        "duplicates": sum(bool(r["matches"]) for r in report_rows if not r["problems"]),
        "repeats": sum(r["repeat_of"] is not None for r in report_rows if not r["problems"]),
        "work": sum(r["work"] is not None for r in report_rows if not r["problems"]),
    }
    counts["ready"] = counts["rows"] - counts["errors"]
    return {"rows": report_rows, "counts": counts, "headers": table.headers}


# --- Committing -------------------------------------------------------------------------------


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
    report = {r["n"]: r for r in kept(batch).report.get("rows", [])}
    flagged = {n for n, r in report.items() if r["matches"] or r["repeat_of"] is not None}
    _criteria, _names, sector_ids = _reference()
    result = CommitResult()
    families: dict[str, Family] = {}
    links = []

    def household(data: RowData) -> str:
        return f"ref:{data.family_key}" if data.family_key else f"row:{table.row_number(data.index)}"

    criteria: dict[str, dict[int, str]] = {}  # a household's criteria, from all its rows
    for data, _area in rows:
        if data.ok and data.family is not None:
            criteria.setdefault(household(data), {}).update(data.family.criteria)
    pending: list[tuple] = []  # written in batches: one flush for many rows, then their audit rows

    def settle() -> None:
        db.session.flush()
        for kind, record, number, matches in pending:
            if kind == "family":
                registry.family_created(record, user)
            else:
                registry.child_created(record, user, matches)
            links.append((kind, record.id, number))
        pending.clear()

    for data, area in rows:
        number = table.row_number(data.index)
        if not data.ok or area is None or (number in flagged and number not in include):
            result.skipped += 1
            continue
        key = household(data)
        family = families.get(key)
        if family is None:
            data.family.area_id = area.id
            data.family.criteria = criteria.get(key, data.family.criteria)
            family = registry.register_family(data.family, user, today, deferred=True)
            families[key] = family
            pending.append(("family", family, number, None))
            result.families += 1
        if data.child is None:  # a list of households only
            continue
        matches = {m[0]: m[3] for m in report.get(number, {}).get("matches", [])}
        child = registry.register_child(family, data.child, user, today, refresh=False, deferred=True)
        pending.append(("child", child, number, matches or None))
        result.children += 1
        if data.work_sector:
            settle()
            activity = ActivityData(
                sector_id=sector_ids.get(data.work_sector, sector_ids.get("other")),
                hours_last_7_days=data.hours,
                at_night=data.night,
            )
            visit = AssessmentData(
                visit_date=batch.visit_date or today,
                location=batch.location,
                activities=[activity],
                notes=data.work_text[:4000],
            )
            assessment = record_assessment(child, visit, user, today)
            links.append(("assessment", assessment.id, number))
            result.assessments += 1
        if len(pending) >= CHUNK:
            settle()
    settle()
    # Statuses (C05, siblings at risk) follow from the assessments: refreshed once per such family.
    assessed = {families[k].id for k in families} & {
        fid
        for (fid,) in db.session.execute(
            select(Child.family_id)
            .join(Assessment, Assessment.child_id == Child.id)
            .where(Child.family_id.in_([f.id for f in families.values()] or [-1]))
        )
    }
    for family in families.values():
        if family.id in assessed:
            db.session.refresh(family, ["children"])
            refresh_family(family, today)
    child_ids = [object_id for kind, object_id, _n in links if kind == "child"]
    for case_id, _child_id in db.session.execute(
        select(Case.id, Case.child_id).where(Case.child_id.in_(child_ids or [-1]))
    ):
        links.append(("case", case_id, None))
    db.session.flush()
    versions = {
        ("family", i): v
        for i, v in db.session.execute(
            select(Family.id, Family.version).where(Family.id.in_([o for k, o, _n in links if k == "family"] or [-1]))
        )
    }
    versions |= {
        ("child", i): v
        for i, v in db.session.execute(select(Child.id, Child.version).where(Child.id.in_(child_ids or [-1])))
    }
    versions |= {
        ("case", i): v
        for i, v in db.session.execute(
            select(Case.id, Case.version).where(Case.id.in_([o for k, o, _n in links if k == "case"] or [-1]))
        )
    }
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
    batch.status, batch.committed_at = "committed", utcnow()
    purge(batch)
    batch.counts = {
        **batch.counts,
        "families": result.families,
        "children": result.children,
        "assessments": result.assessments,
        "skipped": result.skipped,
    }
    db.session.flush()
    record_event(
        "import_committed",
        user=user,
        obj=batch,
        filename=batch.filename,
        sha256=batch.sha256,
        families=result.families,
        children=result.children,
        assessments=result.assessments,
        skipped=result.skipped,
    )
    return result


__all__ = ["ImportRefused", "check", "commit", "limits_from", "start"]
