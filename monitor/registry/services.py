"""Registering and changing families and children. Services flush; the caller commits once."""

from __future__ import annotations

from datetime import date

from blinker import Namespace
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from monitor.areas.models import Area
from monitor.audit.services import record_event
from monitor.core.db import utcnow
from monitor.core.permissions import in_user_areas
from monitor.extensions import db
from monitor.registry import merging, rules
from monitor.registry.data import ChildData, FamilyData, MemberData, RegistryError
from monitor.registry.models import (
    Child,
    ChildCriterion,
    ChildFamilyLink,
    Criterion,
    CriterionKind,
    DistinctChildren,
    Family,
    FamilyAssistance,
    FamilyCriterion,
    FamilyMember,
)
from monitor.registry.names import fold, skeleton

CHILD_FIELDS = (
    "surname",
    "given_name",
    "patronymic",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "birth_certificate",
    "disability",
    "living_arrangement",
    "school_enrolled",
    "school_name",
    "school_grade",
    "attendance",
    "non_attendance_reason",
    "consent",
    "consent_date",
    "consent_by",
    "notes",
    "restricted",
)
FAMILY_FIELDS = ("street", "house", "notes")


def _snapshot(obj, fields) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def _changes(before: dict, after: dict) -> dict:
    return {key: [before[key], after[key]] for key in before if before[key] != after.get(key)}


def _check_criteria(chosen: dict[int, str], kind) -> dict[int, Criterion]:
    if not chosen:
        return {}
    found = {c.id: c for c in db.session.scalars(select(Criterion).where(Criterion.id.in_(chosen)))}
    for criterion_id in chosen:
        criterion = found.get(criterion_id)
        if criterion is None or criterion.kind != kind:
            raise RegistryError("criteria", "criterion_unknown")
        if criterion.needs_text and not chosen[criterion_id].strip():
            raise RegistryError("criteria", "criterion_text_required")
    return found


_signals = Namespace()
# Sent with the family (and today=) after a change that its children's statuses follow from (C05,
# siblings at risk). The assessments module, which builds on the registry, refreshes them: the app
# factory connects it, since the registry may not import the modules above it.
household_changed = _signals.signal("household-changed")

# Criteria that follow from other data, never from a checkbox (C05 follows from the classification).
DERIVED_CRITERIA = frozenset({"C05"})


def _refresh_statuses(family, today: date) -> None:
    household_changed.send(family, today=today)


def _sync_criteria(owner, rows_attr: str, row_class, chosen: dict[int, str], actor, today: date) -> None:
    """Keep the criteria chosen now; new ones are dated today and signed by `actor`."""
    rows = getattr(owner, rows_attr)
    kept = [row for row in rows if row.criterion_id in chosen or row.criterion.code in DERIVED_CRITERIA]
    for row in kept:
        if row.criterion_id in chosen:  # a derived criterion (never posted) keeps its text
            row.text = chosen[row.criterion_id].strip()
    present = {row.criterion_id for row in kept}
    for criterion_id, text in chosen.items():
        if criterion_id not in present:
            kept.append(row_class(criterion_id=criterion_id, noted_on=today, noted_by_id=actor.id, text=text.strip()))
    setattr(owner, rows_attr, kept)


def _member(data: MemberData) -> FamilyMember:
    return FamilyMember(**{name: getattr(data, name) for name in MemberData.__dataclass_fields__})


def _area_of_actor(area_id: int, actor) -> Area:
    area = db.session.get(Area, area_id)
    if area is None or not area.active or not in_user_areas(actor, area):
        raise RegistryError("area_id", "area_unknown")
    return area


def check_version(obj, version: int | None) -> None:
    """Refuse a save based on an older version than the one stored (no lost updates)."""
    if version is not None and version != obj.version:
        raise RegistryError("version", "stale")


def flush_or_conflict() -> None:
    """Write pending changes; a row changed by a concurrent save since it was read is a conflict."""
    try:
        db.session.flush()
    except StaleDataError:
        raise RegistryError("version", "stale") from None


def register_family(data: FamilyData, actor, today: date, deferred: bool = False) -> Family:
    """Register a household in an active area of the actor's; its members, criteria and assistance.
    `deferred`: the caller flushes many at once and then calls `family_created` (imports)."""
    area = _area_of_actor(data.area_id, actor)
    phone, phone_alt = rules.family_phones(data)
    _check_criteria(data.criteria, CriterionKind.FAMILY)
    family = Family(
        area=area,
        area_path=area.path,
        street=data.street.strip(),
        house=data.house.strip(),
        phone=phone,
        phone_alt=phone_alt,
        notes=data.notes.strip(),
        created_by_id=actor.id,
    )
    family.members = [_member(m) for m in data.members]
    family.assistance = [FamilyAssistance(kind=kind) for kind in data.assistance]
    db.session.add(family)
    _sync_criteria(family, "criteria", FamilyCriterion, data.criteria, actor, today)
    if not deferred:
        db.session.flush()
        family_created(family, actor)
    return family


def family_created(family: Family, actor) -> None:
    record_event("family_created", user=actor, obj=family, area_id=family.area_id, members=len(family.members))


def update_family(family: Family, data: FamilyData, actor, today: date, version: int | None = None) -> Family:
    check_version(family, version)
    area = _area_of_actor(data.area_id, actor)
    phone, phone_alt = rules.family_phones(data)
    _check_criteria(data.criteria, CriterionKind.FAMILY)
    before = _snapshot(family, FAMILY_FIELDS) | {
        "area_id": family.area_id,
        "phone": family.phone,
        "phone_alt": family.phone_alt,
    }
    family.area, family.area_path = area, area.path
    family.street, family.house, family.notes = data.street.strip(), data.house.strip(), data.notes.strip()
    family.phone, family.phone_alt = phone, phone_alt
    family.members = [_member(m) for m in data.members]
    family.assistance = [FamilyAssistance(kind=kind) for kind in data.assistance]
    _sync_criteria(family, "criteria", FamilyCriterion, data.criteria, actor, today)
    flush_or_conflict()
    for child in family.children:
        child.area_path = area.path
    merging.follow_area([child.id for child in family.children], area.path)
    _refresh_statuses(family, today)
    after = _snapshot(family, FAMILY_FIELDS) | {"area_id": area.id, "phone": phone, "phone_alt": phone_alt}
    db.session.flush()
    record_event("family_changed", user=actor, obj=family, area_id=area.id, changes=_changes(before, after))
    return family


def _apply_child(child: Child, data: ChildData) -> None:
    for name in CHILD_FIELDS:
        value = getattr(data, name)
        setattr(child, name, value.strip() if type(value) is str else value)  # enums are str too
    child.pin = rules.normalized_pin(data.pin)
    child.surname_key, child.given_key = fold(child.surname), fold(child.given_name)
    child.surname_skeleton, child.given_skeleton = skeleton(child.surname), skeleton(child.given_name)


def _validate_child(data: ChildData, today: date, child_id: int | None) -> None:
    problems = rules.child_problems(data, today)
    if problems:
        raise problems[0]
    _check_criteria(data.criteria, CriterionKind.CHILD)
    pin = rules.normalized_pin(data.pin)
    if pin:
        other = db.session.scalar(select(Child.id).where(Child.pin == pin))
        if other is not None and other != child_id:
            raise RegistryError("pin", "pin_taken")


def register_child(
    family: Family,
    data: ChildData,
    actor,
    today: date,
    distinct_from: dict[int, float] | None = None,
    refresh: bool = True,
    deferred: bool = False,
) -> Child:
    """Register a child in `family`; `distinct_from` records duplicates the worker ruled out.
    `refresh=False` leaves the family's statuses to the caller (an import refreshes once at the end)."""
    _validate_child(data, today, None)
    child = Child(family=family, area_path=family.area_path, created_by_id=actor.id)
    _apply_child(child, data)
    db.session.add(child)
    _sync_criteria(child, "criteria", ChildCriterion, data.criteria, actor, today)
    child.family_links = [ChildFamilyLink(family=family, since=today, recorded_by_id=actor.id)]
    if deferred:  # the caller flushes many at once, then calls child_created
        return child
    db.session.flush()
    if refresh:
        db.session.refresh(family, ["children"])
        _refresh_statuses(family, today)
    child_created(child, actor, distinct_from)
    if refresh:
        db.session.flush()
    return child


def child_created(child: Child, actor, distinct_from: dict[int, float] | None = None) -> None:
    """What follows a new child's first write: the duplicates ruled out, and the audit row."""
    for other_id, score in (distinct_from or {}).items():
        db.session.add(
            DistinctChildren(child_id=child.id, other_child_id=other_id, score=score, confirmed_by_id=actor.id)
        )
    record_event(
        "child_created", user=actor, obj=child, area_id=child.family.area_id, distinct_from=sorted(distinct_from or {})
    )


def update_child(child: Child, data: ChildData, actor, today: date, version: int | None = None) -> Child:
    check_version(child, version)
    _validate_child(data, today, child.id)
    before = _snapshot(child, CHILD_FIELDS) | {"pin_changed": False}
    old_pin = child.pin
    _apply_child(child, data)
    _sync_criteria(child, "criteria", ChildCriterion, data.criteria, actor, today)
    # The audit says that the personal number changed, never the number itself.
    after = _snapshot(child, CHILD_FIELDS) | {"pin_changed": child.pin != old_pin}
    flush_or_conflict()
    _refresh_statuses(child.family, today)
    record_event("child_changed", user=actor, obj=child, area_id=child.family.area_id, changes=_changes(before, after))
    return child


def move_child(child: Child, family: Family, actor, today: date) -> Child:
    """Move a child to another household; the previous link is closed, not erased."""
    if family.id == child.family_id:
        raise RegistryError("family_id", "same_family")
    for link in child.family_links:
        if link.until is None:
            link.until = today
    previous = child.family_id
    child.family, child.area_path = family, family.area_path
    child.family_links.append(ChildFamilyLink(family=family, since=today, recorded_by_id=actor.id))
    db.session.flush()
    merging.follow_area([child.id], family.area_path)
    for household in (db.session.get(Family, previous), family):
        db.session.refresh(household, ["children"])
        _refresh_statuses(household, today)
    record_event(
        "child_moved", user=actor, obj=child, area_id=family.area_id, from_family=previous, to_family=family.id
    )
    return child


def check_merge(keep: Child, drop: Child) -> list[merging.Move]:
    """What merging `drop` into `keep` would move; refuses (RegistryError) when it cannot be done.
    Reads only: the confirmation page asks it too."""
    if keep.id == drop.id or drop.merged_into_id is not None or keep.merged_into_id is not None:
        raise RegistryError("merge", "merge_invalid")
    if any(child.erased_at or child.archived_at for child in (keep, drop)):
        raise RegistryError("merge", "merge_archived")
    return merging.plan_moves(keep.id, drop.id)


def _merge_fields(keep: Child, drop: Child) -> None:
    for name in ("patronymic", "school_name", "non_attendance_reason", "consent_by"):
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    if drop.notes:
        keep.notes = f"{keep.notes}\n{drop.notes}".strip()
    keep.restricted = keep.restricted or drop.restricted  # a sensitive record stays protected
    pin, drop.pin = drop.pin, None
    db.session.flush()  # the personal number is unique: free it before giving it to `keep`
    if keep.pin is None and pin:
        keep.pin = pin


def merge_children(keep: Child, drop: Child, actor, today: date, versions: dict[int, int] | None = None) -> Child:
    """Merge two records of the same child into `keep`; nothing of `drop` is lost.

    Everything that refers to `drop` (assessments, cases with their plans and visits, referrals with
    their attendance, criteria, households) moves to `keep` (see `merging`), and the statuses stored
    on the children of both households are computed again. `drop` stays, marked as merged (hidden
    from lists; its page leads to `keep`), and the audit keeps a snapshot of it and the rows moved.
    `versions`: the versions the supervisor confirmed (a record changed since is refused).
    """
    if versions is not None and any(versions.get(child.id) != child.version for child in (keep, drop)):
        raise RegistryError("merge", "merge_stale")
    moves = check_merge(keep, drop)
    snapshot = _snapshot(drop, CHILD_FIELDS) | {"family_id": drop.family_id}
    families = {keep.family_id, drop.family_id}
    _merge_fields(keep, drop)
    drop.merged_into, drop.merged_at = keep, utcnow()
    flush_or_conflict()
    merging.apply_moves(moves, keep.id, keep.area_path, today)
    db.session.expire_all()  # the rows moved under the session's objects
    for family_id in sorted(families):
        _refresh_statuses(db.session.get(Family, family_id), today)
    moved = {move.name: len(move.ids) for move in moves}
    left = {move.name: move.left for move in moves if move.left}
    record_event(
        "child_merged",
        user=actor,
        obj=keep,
        area_id=keep.family.area_id,
        merged_child=drop.id,
        kept_child=keep.id,
        moved=moved,
        left=left,
        merged_snapshot=snapshot,
    )
    record_event("child_merged_away", user=actor, obj=drop, area_id=drop.family.area_id, kept_child=keep.id)
    return keep
