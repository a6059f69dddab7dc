"""Registering a household with its children in one sitting: check, warn of duplicates, save."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from monitor.areas.models import Area
from monitor.core.transaction import discard_changes
from monitor.extensions import db
from monitor.registry import services
from monitor.registry.data import RegistryError
from monitor.registry.duplicates import Match, likely_duplicates
from monitor.registry.formdata import child_data, family_data
from monitor.registry.labels import ERRORS
from monitor.registry.models import Family
from monitor.registry.rules import child_problems


@dataclass
class Outcome:
    family: Family | None = None
    warnings: dict[int, list[Match]] = field(default_factory=dict)


def attach(form, error, messages: dict = ERRORS) -> None:
    """Show a service's refusal next to the field it concerns (or on the form when none fits)."""
    target = getattr(form, error.field, None)
    message = str(messages.get(error.code, error.code))
    if (
        target is not None
        and type(target).__name__ != "FieldList"
        and isinstance(getattr(target, "errors", None), list)
    ):
        target.errors.append(message)
    else:
        form.form_errors.append(message)


def check_children(form, today: date) -> bool:
    """Apply the registry's rules to every child whose fields could be read; messages go on the form."""
    ok = True
    for entry in form.children:
        try:
            data = child_data(entry.form)
        except (TypeError, ValueError):  # a field the form already flagged (an unreadable date...)
            continue
        if data.birth_date is None:
            continue
        for problem in child_problems(data, today):
            attach(entry.form, problem)
            ok = False
    return ok


def register_household(form, user, today: date) -> Outcome:
    """Register the family and its children, or say why not (errors on the form, or duplicates)."""
    data = family_data(form)
    if not check_children(form, today):
        return Outcome()
    area = db.session.get(Area, data.area_id)
    probe = Family(area_path=area.path if area else "/", id=None)
    warnings, confirmed = {}, {}
    for index, entry in enumerate(form.children):
        matches = likely_duplicates(user, probe, child_data(entry.form))
        if matches and not entry.form.confirm_distinct.data:
            warnings[index] = matches
        confirmed[index] = {m.child.id: m.score for m in matches}
    if warnings:
        return Outcome(warnings=warnings)
    try:
        family = services.register_family(data, user, today)
        for index, entry in enumerate(form.children):
            try:
                services.register_child(family, child_data(entry.form), user, today, confirmed[index])
            except RegistryError as error:
                attach(entry.form, error)
                raise
    except RegistryError as error:
        discard_changes()
        if error.field in form._fields:
            attach(form, error)
        elif not any(entry.form.errors for entry in form.children):
            form.form_errors.append(str(ERRORS.get(error.code, error.code)))
        return Outcome()
    return Outcome(family=family)


def register_one_child(form, family: Family, user, today: date) -> tuple[object | None, list[Match]]:
    """Add a child to an existing family; likely duplicates must be ruled out by the worker first."""
    data = child_data(form)
    problems = child_problems(data, today)
    for problem in problems:
        attach(form, problem)
    if problems:
        return None, []
    matches = likely_duplicates(user, family, data)
    if matches and not form.confirm_distinct.data:
        return None, matches
    try:
        child = services.register_child(family, data, user, today, {m.child.id: m.score for m in matches})
    except RegistryError as error:
        discard_changes()
        attach(form, error)
        return None, []
    return child, []
