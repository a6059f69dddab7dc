"""Adding, renaming and retiring areas. Services flush; callers commit."""

from __future__ import annotations

from sqlalchemy import select

from monitor.areas.models import KIND_LEVEL, Area, AreaKind
from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.core.permissions import paths_condition
from monitor.extensions import db


class AreaError(ValueError):
    """A change to the hierarchy that the rules forbid; `code` names the rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _check_soate(soate: str | None, area_id: int | None) -> None:
    if not soate:
        return
    if not (soate.isdigit() and len(soate) == 14):
        raise AreaError("soate_format")
    clash = db.session.scalar(select(Area.id).where(Area.soate == soate))
    if clash is not None and clash != area_id:
        raise AreaError("soate_taken")


def create_area(
    parent: Area | None, kind: AreaKind, soate: str | None, name_ky: str, name_ru: str, name_en: str, actor=None
) -> Area:
    """Add a place under `parent`; its kind must sit below the parent's in the hierarchy."""
    if parent is not None and KIND_LEVEL[kind] <= parent.level:
        raise AreaError("kind_level")
    if parent is not None and not parent.active:
        raise AreaError("parent_retired")
    _check_soate(soate or None, None)
    area = Area(
        parent=parent,
        kind=kind,
        soate=soate or None,
        name_ky=name_ky.strip(),
        name_ru=name_ru.strip(),
        name_en=name_en.strip(),
    )
    db.session.add(area)
    db.session.flush()
    area.path = f"{parent.path if parent else '/'}{area.id}/"
    record_event("area_created", user=actor, obj=area, area_id=area.id, name=area.name_en)
    db.session.flush()
    return area


def rename_area(area: Area, soate: str | None, name_ky: str, name_ru: str, name_en: str, actor) -> Area:
    _check_soate(soate or None, area.id)
    old = {"soate": area.soate, "name_ky": area.name_ky, "name_ru": area.name_ru, "name_en": area.name_en}
    area.soate, area.name_ky, area.name_ru, area.name_en = (
        soate or None,
        name_ky.strip(),
        name_ru.strip(),
        name_en.strip(),
    )
    new = {"soate": area.soate, "name_ky": area.name_ky, "name_ru": area.name_ru, "name_en": area.name_en}
    changes = {key: [old[key], new[key]] for key in old if old[key] != new[key]}
    record_event("area_renamed", user=actor, obj=area, area_id=area.id, changes=changes)
    db.session.flush()
    return area


def retire_area(area: Area, merged_into: Area | None, actor) -> Area:
    """Retire a place (for example after a merger); it stays for history and old records."""
    if not area.active:
        raise AreaError("already_retired")
    if merged_into is not None and (merged_into.id == area.id or not merged_into.active):
        raise AreaError("merge_target")
    if any(child.active for child in area.children):
        raise AreaError("active_children")
    area.active = False
    area.retired_at = utcnow()
    area.merged_into = merged_into
    record_event(
        "area_retired", user=actor, obj=area, area_id=area.id, merged_into=merged_into.id if merged_into else None
    )
    db.session.flush()
    return area


def all_areas() -> list[Area]:
    """Every area ordered as a tree (by path)."""
    return list(db.session.scalars(select(Area).order_by(Area.path)))


def areas_within(paths: list[str]) -> list[Area]:
    """The areas at or below any of `paths`."""
    return list(db.session.scalars(select(Area).where(paths_condition(Area.path, paths))))


def as_tree(areas: list[Area], language: str) -> list[tuple[Area, int]]:
    """(area, depth) in depth-first order, siblings sorted by name in `language`.

    Areas whose parent is not in the list start a tree of their own.
    """
    present = {area.id for area in areas}
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        parent = area.parent_id if area.parent_id in present else None
        children.setdefault(parent, []).append(area)
    ordered: list[tuple[Area, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for area in sorted(children.get(parent_id, []), key=lambda a: a.name(language).lower()):
            ordered.append((area, depth))
            visit(area.id, depth + 1)

    visit(None, 0)
    return ordered
