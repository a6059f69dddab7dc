"""Likely duplicates of an import's children among those already registered (the registry's score)."""

from __future__ import annotations

from sqlalchemy import and_, or_

from monitor.areas.models import Area
from monitor.extensions import db
from monitor.imports.rows import RowData
from monitor.registry.data import ChildData
from monitor.registry.duplicates import BIRTH_WEIGHT, NAME_WEIGHT, PLACE_WEIGHT, THRESHOLD, birth_date_closeness
from monitor.registry.models import Child
from monitor.registry.names import full_name_similarity, skeleton
from monitor.registry.queries import scoped_children

CHUNK = 500  # rows looked up in one query


def likely_duplicates(user, rows: list[tuple[RowData, Area | None]]) -> dict[int, list[tuple[int, float]]]:
    """For each row's index, the registered children (id, score) it likely repeats, best first, at
    most three; found a chunk of rows at a time, among the children the user may see."""
    found: dict[int, list[tuple[int, float]]] = {}
    candidates = [(data, area) for data, area in rows if data.child is not None]
    for start_at in range(0, len(candidates), CHUNK):
        chunk = candidates[start_at : start_at + CHUNK]
        by_key = _registered_by_skeleton(user, [data.child for data, _area in chunk if data.child])
        for data, area in chunk:
            for other_id, score in _scores(data.child, area, by_key):
                found.setdefault(data.index, []).append((other_id, score))
    return {k: sorted(v, key=lambda m: -m[1])[:3] for k, v in found.items()}


def _registered_by_skeleton(user, children: list[ChildData]) -> dict[str, list]:
    """The registered children whose surname and given name (either way round) match the skeletons
    of these children's, by each of their two skeletons."""
    surnames = {skeleton(child.surname) for child in children} - {""}
    givens = {skeleton(child.given_name) for child in children} - {""}
    if not surnames or not givens:
        return {}
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
    return by_key


def _scores(child: ChildData | None, area: Area | None, by_key: dict[str, list]) -> list[tuple[int, float]]:
    """(id, score) of each registered child close enough to this one to be a likely duplicate."""
    if child is None:
        return []
    out = []
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
            out.append((other.id, round(score, 2)))
    return out
