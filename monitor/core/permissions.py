"""Access control: every view declares what it needs; objects are scoped to the user's areas.

Deny by default: a view without a declaration answers 403 (see `enforce_declared_access`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import NoReturn

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import false, or_
from werkzeug.exceptions import HTTPException

from monitor.core.db import starts_with, unindexed_on_sqlite
from monitor.core.roles import Permission
from monitor.extensions import db, login_manager

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def public(view: Callable) -> Callable:
    """Mark a view as open to anyone (login page, language switch on the login page)."""
    view.access = PUBLIC
    return view


def authenticated(view: Callable) -> Callable:
    """Any signed-in user (home page, own account)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    wrapper.access = AUTHENTICATED
    return wrapper


def requires(*permissions: Permission) -> Callable:
    """A signed-in user holding every one of `permissions`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            missing = [p.value for p in permissions if not current_user.can(p)]
            if missing:
                deny(403, reason="permission", missing=missing)
            return view(*args, **kwargs)

        wrapper.access = tuple(permissions)
        return wrapper

    return decorator


def enforce_declared_access() -> None:
    """before_request hook: refuse any endpoint that did not declare its access rule."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static" or endpoint.startswith("bootstrap."):
        return
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "access", None) is None:
        abort(403)


class AccessRefused(HTTPException):
    """A refused access, answered with `code` (403, or 404 where the record's existence stays hidden).
    The request's writes are rolled back; the audit package records the refusal with `details` in a
    transaction of its own (monitor/audit/refusals.py, the error handler the app factory registers)."""

    def __init__(self, code: int, details: dict) -> None:
        super().__init__()
        self.code = code
        self.details = details


def deny(status: int, **details) -> NoReturn:
    """Refuse the request with `status`; the refusal is audited (see `AccessRefused`)."""
    raise AccessRefused(status, details)


def area_paths(user) -> list[str]:
    """Materialised paths of the areas assigned to `user` (each covers everything below it)."""
    return [area.path for area in user.areas]


def in_user_areas(user, area) -> bool:
    return any(area.path.startswith(path) for path in area_paths(user))


# SQLite (no statistics of ranges) reads an area through the index on its path only from this depth
# on (an ayil aimak, a town, a city territory: a few per cent of a district's children, 3-10 times
# faster than reading the table). A district or a region is most of a database, which SQLite reads
# 5-10 times faster in table order than row by row through the index and then sorted. PostgreSQL
# chooses from its statistics.
SQLITE_INDEXED_PATH_DEPTH = 3


def paths_condition(path_column, paths: list[str]):
    """SQL condition: the area path lies at or below one of `paths` (one index range per path)."""
    if not paths:
        return false()
    return or_(*[starts_with(_as_read_for(path, path_column), path) for path in paths])


def _as_read_for(path: str, path_column):
    if path.count("/") - 1 >= SQLITE_INDEXED_PATH_DEPTH or isinstance(path_column, unindexed_on_sqlite):
        return path_column
    return unindexed_on_sqlite(path_column)


def scope_filter(path_column, user):
    """SQL condition keeping only rows whose area path lies within the user's areas."""
    return paths_condition(path_column, area_paths(user))


def get_in_scope_or_404(model, object_id: int, area_of: Callable):
    """Load `model` by id; a row outside the user's areas answers 404 (its existence stays hidden)."""
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    if not in_user_areas(current_user, area_of(obj)):
        deny(404, reason="out_of_area", object_type=model.__name__.lower(), object_id=object_id)
    return obj
