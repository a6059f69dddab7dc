"""Likely duplicates of a child about to be registered, scored across scripts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_

from monitor.extensions import db
from monitor.registry.data import ChildData
from monitor.registry.models import Child, Family
from monitor.registry.names import full_name_similarity, skeleton
from monitor.registry.queries import scoped_children

THRESHOLD = 0.7
NAME_WEIGHT, BIRTH_WEIGHT, PLACE_WEIGHT = 0.6, 0.25, 0.15


@dataclass(frozen=True)
class Match:
    child: Child
    score: float
    name_score: float
    same_birth_date: bool
    same_place: bool


def birth_date_closeness(a: date, b: date) -> float:
    """1 for the same day; less as the dates drift apart (estimated dates are often a year off)."""
    days = abs((a - b).days)
    if days == 0:
        return 1.0
    if days <= 31:
        return 0.7
    if days <= 366:
        return 0.4
    return 0.0


def place_closeness(family: Family, other: Child) -> float:
    if other.family_id == family.id:
        return 1.0
    if other.area_path == family.area_path:
        return 0.7
    district = "/".join(family.area_path.split("/")[:3])
    return 0.3 if other.area_path.startswith(district) else 0.0


def likely_duplicates(
    user, family: Family, data: ChildData, exclude_id: int | None = None, limit: int = 5
) -> list[Match]:
    """Children of the user's areas who may be the same child, best first (score >= THRESHOLD)."""
    skeletons = {skeleton(data.surname), skeleton(data.given_name)} - {""}
    query = scoped_children(user).where(
        or_(
            Child.surname_skeleton.in_(skeletons),
            Child.given_skeleton.in_(skeletons),
            Child.birth_date == data.birth_date,
            Child.family_id == family.id,
        )
    )
    if exclude_id:
        query = query.where(Child.id != exclude_id)
    matches = []
    for other in db.session.scalars(query.limit(500)).unique():
        name = full_name_similarity(data.surname, data.given_name, other.surname, other.given_name)
        score = (
            NAME_WEIGHT * name
            + BIRTH_WEIGHT * birth_date_closeness(data.birth_date, other.birth_date)
            + PLACE_WEIGHT * place_closeness(family, other)
        )
        if score >= THRESHOLD and name >= 0.75:
            matches.append(
                Match(
                    other,
                    round(score, 2),
                    round(name, 2),
                    other.birth_date == data.birth_date,
                    other.area_path == family.area_path,
                )
            )
    return sorted(matches, key=lambda m: -m.score)[:limit]
