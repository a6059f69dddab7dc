"""Showing the registry's refusals on the forms that caused them (the form side of the services in
monitor/registry/registration.py and services.py, which take plain values)."""

from __future__ import annotations

from datetime import date

from monitor.registry.data import RegistryError
from monitor.registry.formdata import child_data
from monitor.registry.labels import ERRORS
from monitor.registry.rules import child_problems


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


def attach_problems(form, problems: list[tuple[int | None, RegistryError]]) -> None:
    """Show refusals on the registration form: a child's next to its field in that child's rows."""
    for position, error in problems:
        if position is not None and hasattr(form, "children"):
            attach(form.children[position].form, error)
        elif error.field in form._fields:
            attach(form, error)
        else:
            form.form_errors.append(str(ERRORS.get(error.code, error.code)))
