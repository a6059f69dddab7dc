"""Lists and search over the registry, always scoped to the user's areas in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from monitor.areas.models import Area
from monitor.core.db import starts_with, unindexed_on_sqlite
from monitor.core.permissions import paths_condition, scope_filter
from monitor.extensions import db
from monitor.registry.access import answer_may_open, openable_condition
from monitor.registry.identity import InvalidIdentifier, normalize_phone
from monitor.registry.models import Child, ChildCriterion, Family, FamilyCriterion
from monitor.registry.names import fold, rank, skeleton

AGE_BANDS = {"5-11": (5, 11), "12-14": (12, 14), "15-17": (15, 17)}
CHILD_SORTS = {
    "name": (Child.surname_key, Child.given_key, Child.id),
    "birth_date": (Child.birth_date.desc(), Child.id.desc()),
    "newest": (Child.created_at.desc(), Child.id.desc()),
}
SEARCH_CANDIDATES = 150  # ranked in Python: a common name must not make a search slower


@dataclass
class Page:
    rows: list
    page: int
    has_next: bool


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def age_band_condition(band: str, today: date, column=Child.birth_date):
    """Children whose completed age today lies in `band` ('5-11', '12-14', '15-17')."""
    low, high = AGE_BANDS[band]
    return and_(column <= _years_ago(today, low), column > _years_ago(today, high + 1))


def _area_condition(column, area_id: int | None):
    if not area_id:
        return None
    path = db.session.scalar(select(Area.path).where(Area.id == area_id))
    return starts_with(column, path) if path else None


def scoped_children(user, status: str | None = None, needs_action: bool = False):
    """Children of the user's areas (not merged away), optionally by child labour status. On SQLite
    the order or the name, number or phone asked for chooses the index, and the area is tested in it."""
    in_scope = scope_filter(unindexed_on_sqlite(Child.area_path), user)
    query = select(Child).where(Child.merged_into_id.is_(None), in_scope)
    if status:
        query = query.where(Child.labour_category == status)
    if needs_action:
        query = query.where(Child.needs_action)
    return query


def list_children(user, today: date, *, sort="name", page=1, per_page=50, **filters) -> Page:
    """A page of the user's children, filtered and in the order asked for (`child_list_query`); no
    count of the whole list is made: one more row than a page tells whether there is a next one."""
    query = child_list_query(user, today, sort=sort, **filters)
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page + 1)).unique().all()
    answer_may_open(user, rows[:per_page])
    return Page(rows[:per_page], page, len(rows) > per_page)


def child_list_query(
    user,
    today: date,
    *,
    area_id=None,
    sex=None,
    band=None,
    criterion_id=None,
    attendance=None,
    status=None,
    needs_action=False,
    sort="name",
):
    """The user's children, filtered, in the order asked for. The order's index drives the scan and
    every filter is tested inside it (models/child.py), so a page costs about a page's worth of index
    entries whatever the register's size."""
    sort = sort if sort in CHILD_SORTS else "name"
    query = scoped_children(user, None, needs_action)
    # On SQLite, keep the filters' own indexes away from the planner (it has no statistics and would
    # read every hazardous child, or every 12-year-old, of the region and sort them), except the
    # status's index in name order, which serves the filter and the order at once.
    by_status = Child.labour_category if sort == "name" else unindexed_on_sqlite(Child.labour_category)
    born = Child.birth_date if sort == "birth_date" else unindexed_on_sqlite(Child.birth_date)
    conditions = [
        by_status == status if status else None,
        _area_condition(unindexed_on_sqlite(Child.area_path), area_id),
        Child.sex == sex if sex else None,
        age_band_condition(band, today, born) if band in AGE_BANDS else None,
        exists().where(ChildCriterion.child_id == Child.id, ChildCriterion.criterion_id == criterion_id)
        if criterion_id
        else None,
        Child.attendance == attendance if attendance else None,
    ]
    return query.where(*[c for c in conditions if c is not None]).order_by(*CHILD_SORTS[sort])


FAMILY_SORTS = {
    "newest": (Family.id.desc(),),
    "oldest": (Family.id,),
    "area": (Family.area_path, Family.id),
}


def list_families(user, *, area_id=None, criterion_id=None, sort="newest", page=1, per_page=50) -> Page:
    children = (
        select(func.count(Child.id))
        .where(Child.family_id == Family.id, Child.merged_into_id.is_(None))
        .correlate(Family)
        .scalar_subquery()
    )
    in_scope = scope_filter(unindexed_on_sqlite(Family.area_path), user)  # the order chooses the index
    query = select(Family, children.label("children")).where(in_scope)
    conditions = [
        _area_condition(unindexed_on_sqlite(Family.area_path), area_id),
        exists().where(FamilyCriterion.family_id == Family.id, FamilyCriterion.criterion_id == criterion_id)
        if criterion_id
        else None,
    ]
    query = (
        query.where(*[c for c in conditions if c is not None])
        .order_by(*FAMILY_SORTS.get(sort, FAMILY_SORTS["newest"]))
        .options(selectinload(Family.members), selectinload(Family.criteria))
    )
    rows = db.session.execute(query.offset((page - 1) * per_page).limit(per_page + 1)).unique().all()
    return Page(rows[:per_page], page, len(rows) > per_page)


def _name_condition(token: str):
    key, skel = fold(token), skeleton(token)
    parts = []
    if key:
        # Keys are lowercase a-z, which every collation orders letter by letter: a range is their prefix.
        parts += [starts_with(Child.surname_key, key), starts_with(Child.given_key, key)]
    if skel:
        parts += [Child.surname_skeleton == skel, Child.given_skeleton == skel]
    return or_(*parts) if parts else None


def search_children(
    user, text: str, limit: int = 50, status: str | None = None, needs_action: bool = False
) -> list[tuple[Child, float]]:
    """Children of the user's areas matching a name (any script, small misspellings), a personal
    number, a family phone or a village name; best first with a score in [0, 1]."""
    text = " ".join(text.split())[:100]
    if not text:
        return []
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) >= 6 and len(digits) >= len(text.replace(" ", "")) - 4:
        scope = scoped_children(user, status, needs_action)
        openable = openable_condition(user)
        return _search_numbers(scope if openable is None else scope.where(openable), text, digits, limit)
    tokens = [t for t in text.replace(",", " ").split() if fold(t)][:3]
    conditions = [c for c in (_name_condition(t) for t in tokens) if c is not None]
    if not conditions:
        return []
    scope = scoped_children(user, status, needs_action)
    openable = openable_condition(user)
    if openable is not None:
        scope = scope.where(openable)
    # Children matching every word first (a surname and a given name together), then any word; ranked on
    # the names alone, and only the children shown are loaded (not every candidate with its family).
    columns = scope.with_only_columns(Child.id, Child.surname, Child.given_name)
    candidates = (
        db.session.execute(columns.where(and_(*conditions)).limit(SEARCH_CANDIDATES)).all()
        if len(conditions) > 1
        else []
    )
    if len(candidates) < limit:
        seen = {row[0] for row in candidates}
        candidates += [
            row
            for row in db.session.execute(columns.where(or_(*conditions)).limit(SEARCH_CANDIDATES))
            if row[0] not in seen
        ]
    ranked = rank(text, [tuple(row) for row in candidates])[:limit]
    shown = {
        child.id: child
        for child in db.session.scalars(
            select(Child).where(Child.id.in_([child_id for child_id, _score in ranked] or [-1]))
        )
    }
    results = [(shown[child_id], score) for child_id, score in ranked]
    answer_may_open(user, list(shown.values()))
    if len(results) < limit:
        results += _search_places(scope, text, exclude={row[0] for row in candidates}, limit=limit - len(results))
    return results[:limit]


def _search_numbers(scope, text: str, digits: str, limit: int) -> list[tuple[Child, float]]:
    # Index ranges and lookups (LIKE 'digits%' and a family lookup per child read the whole register).
    conditions = [starts_with(Child.pin, digits)]
    try:
        phone = normalize_phone(text)
        families = select(Family.id).where(or_(Family.phone == phone, Family.phone_alt == phone))
        conditions.append(Child.family_id.in_(families))
    except InvalidIdentifier:
        pass
    rows = db.session.scalars(scope.where(or_(*conditions)).limit(limit)).unique().all()
    return [(child, 1.0) for child in rows]


def _search_places(scope, text: str, exclude: set[int], limit: int) -> list[tuple[Child, float]]:
    """Children living in a place (village, neighbourhood, ayil aimak...) named like `text`, in any
    language or script."""
    key = fold(text)
    if len(key) < 3:
        return []
    places = db.session.scalars(select(Area).where(Area.parent_id.is_not(None))).all()
    matching = [a for a in places if any(key in fold(name) for name in (a.name_ky, a.name_ru, a.name_en))][:5]
    if not matching:
        return []
    query = scope.where(paths_condition(Child.area_path, [a.path for a in matching]))
    if exclude:
        query = query.where(Child.id.not_in(exclude))
    rows = db.session.scalars(query.order_by(Child.surname_key).limit(limit)).unique().all()
    return [(child, 0.5) for child in rows]
