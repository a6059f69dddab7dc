"""Check an import before it goes in: every row converted with the registry's rules, its area found,
likely duplicates and repeats within the file named (the preview the worker decides on)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from monitor.areas.models import Area
from monitor.assessments.models import Sector
from monitor.extensions import db
from monitor.imports.areas import Areas
from monitor.imports.columns import field_for
from monitor.imports.duplicates import likely_duplicates
from monitor.imports.models import ImportBatch
from monitor.imports.reader import Limits, Table, read_table
from monitor.imports.retention import kept
from monitor.imports.rows import CHILD_FIELDS, Problem, RowData, convert, in_file_key
from monitor.registry.models import Child, Criterion
from monitor.registry.names import fold

CHUNK = 500  # rows between two reports of progress


def reference_lists() -> tuple[dict[str, tuple[int, str]], dict[str, str], dict[str, int]]:
    """The active hardship criteria (code -> (id, kind)), the sectors by folded name (-> code) and
    the sectors' ids by code."""
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
    criteria, sector_names, _ids = reference_lists()
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


def check(batch: ImportBatch, user, today: date, limits: Limits, progress=None) -> dict:
    """The preview: each row with its problems, likely duplicates and repeats within the file."""
    table = read_table(kept(batch).content, batch.filename, limits, field_for)
    rows = convert_all(batch, table, user, today, progress)
    matches = likely_duplicates(user, rows)
    names = _matched_names(matches)
    first_seen: dict = {}
    report_rows = []
    for data, area in rows:
        key = in_file_key(data)
        repeat = first_seen.get(key) if key else None
        if key and repeat is None:
            first_seen[key] = table.row_number(data.index)
        report_rows.append(_report_row(table.row_number(data.index), data, area, matches, names, repeat))
    return {"rows": report_rows, "counts": _counts(report_rows), "headers": table.headers}


def _matched_names(matches: dict[int, list[tuple[int, float]]]) -> dict[int, tuple[str, str]]:
    """The reference and full name of every registered child a row likely repeats (one query)."""
    ids = {cid for found in matches.values() for cid, _s in found}
    if not ids:
        return {}
    return {c.id: (c.ref, c.full_name) for c in db.session.scalars(select(Child).where(Child.id.in_(ids)))}


def _report_row(
    number: int,
    data: RowData,
    area: Area | None,
    matches: dict[int, list[tuple[int, float]]],
    names: dict[int, tuple[str, str]],
    repeat: int | None,
) -> dict:
    """One row of the preview, as stored with the batch (JSON)."""
    child = data.child
    if child is not None:
        name, born = f"{child.surname} {child.given_name}".strip(), child.birth_date.strftime("%d.%m.%Y")
    else:
        name, born = (data.family.notes if data.family else ""), ""
    return {
        "n": number,
        "name": name,
        "born": born,
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


def _counts(report_rows: list[dict]) -> dict[str, int]:
    """The preview's totals: rows with errors, and among the others likely duplicates, repeats within
    the file, rows recording work, and those ready to go in."""
    clean = [r for r in report_rows if not r["problems"]]
    counts = {
        "rows": len(report_rows),
        "errors": len(report_rows) - len(clean),
        "duplicates": sum(bool(r["matches"]) for r in clean),
        "repeats": sum(r["repeat_of"] is not None for r in clean),
        "work": sum(r["work"] is not None for r in clean),
    }
    counts["ready"] = counts["rows"] - counts["errors"]
    return counts
