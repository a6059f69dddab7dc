"""Registering a household with its children in one sitting: check, warn of duplicates, save (the
services; showing their refusals on the forms is monitor/registry/form_errors.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from monitor.areas.models import Area
from monitor.core.transaction import discard_changes
from monitor.extensions import db
from monitor.registry import services
from monitor.registry.data import ChildData, FamilyData, RegistryError
from monitor.registry.duplicates import Match, likely_duplicates
from monitor.registry.models import Child, Family
from monitor.registry.rules import child_problems


@dataclass(frozen=True)
class NewChild:
    """A child to register, and whether the worker ruled out the likely duplicates shown."""

    data: ChildData
    confirmed_distinct: bool = False


@dataclass
class Outcome:
    """The registered record, or why not: likely duplicates (by child's position) or refusals,
    each with the position of the child it concerns (None: the household's own fields)."""

    family: Family | None = None
    child: Child | None = None
    warnings: dict[int, list[Match]] = field(default_factory=dict)
    problems: list[tuple[int | None, RegistryError]] = field(default_factory=list)


def register_household(family: FamilyData, children: Sequence[NewChild], user, today: date) -> Outcome:
    """Register the family and its children, or say why not (refusals, or likely duplicates)."""
    problems: list[tuple[int | None, RegistryError]] = [
        (index, problem)
        for index, child in enumerate(children)
        if child.data.birth_date is not None
        for problem in child_problems(child.data, today)
    ]
    if problems:
        return Outcome(problems=problems)
    area = db.session.get(Area, family.area_id)
    probe = Family(area_path=area.path if area else "/", id=None)
    warnings, confirmed = {}, {}
    for index, child in enumerate(children):
        matches = likely_duplicates(user, probe, child.data)
        if matches and not child.confirmed_distinct:
            warnings[index] = matches
        confirmed[index] = {m.child.id: m.score for m in matches}
    if warnings:
        return Outcome(warnings=warnings)
    position: int | None = None
    try:
        saved = services.register_family(family, user, today)
        for position, child in enumerate(children):
            services.register_child(saved, child.data, user, today, confirmed[position])
    except RegistryError as error:
        discard_changes()  # the family and the children written before the refusal go too
        return Outcome(problems=[(position, error)])
    return Outcome(family=saved)


def register_one_child(family: Family, child: NewChild, user, today: date) -> Outcome:
    """Add a child to an existing family; likely duplicates must be ruled out by the worker first."""
    problems = child_problems(child.data, today)
    if problems:
        return Outcome(problems=[(None, problem) for problem in problems])
    matches = likely_duplicates(user, family, child.data)
    if matches and not child.confirmed_distinct:
        return Outcome(warnings={0: matches})
    try:
        saved = services.register_child(family, child.data, user, today, {m.child.id: m.score for m in matches})
    except RegistryError as error:
        discard_changes()
        return Outcome(problems=[(None, error)])
    return Outcome(family=family, child=saved)
