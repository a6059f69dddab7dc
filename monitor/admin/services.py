"""Accounts managed by administrators: create, change, reset password, deactivate."""

from __future__ import annotations

import secrets
import string

from sqlalchemy import select

from monitor.areas.models import Area
from monitor.audit.services import record_event
from monitor.auth.models import User, UserRole
from monitor.auth.services import end_all_sessions, find_user, set_password
from monitor.core.roles import Role
from monitor.extensions import db


class AccountError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


_ALPHABET = string.ascii_letters + string.digits


def generate_password(length: int = 16) -> str:
    """A random password that meets the policy (shown once, never stored in clear)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(length // 4))


def _areas(area_ids: list[int]) -> list[Area]:
    if not area_ids:
        return []
    return list(db.session.scalars(select(Area).where(Area.id.in_(area_ids))))


def create_user(
    username: str,
    full_name: str,
    roles: list[Role],
    area_ids: list[int],
    language: str,
    password: str | None,
    actor: User | None,
) -> tuple[User, str]:
    """Create an account; returns it with its password (generated when none is given)."""
    username = username.strip()
    if find_user(username) is not None:
        raise AccountError("username_taken")
    password = password or generate_password()
    user = User(username=username, full_name=full_name.strip(), language=language, password_hash="!")
    user.role_rows = [UserRole(role=role) for role in roles]
    user.areas = _areas(area_ids)
    db.session.add(user)
    db.session.flush()
    set_password(user, password, actor=actor)
    record_event(
        "user_created",
        user=actor,
        obj=user,
        username=user.username,
        roles=sorted(r.value for r in roles),
        areas=sorted(area_ids),
    )
    return user, password


def update_user(user: User, full_name: str, roles: list[Role], area_ids: list[int], language: str, actor: User) -> User:
    before = {
        "full_name": user.full_name,
        "roles": sorted(r.value for r in user.roles),
        "areas": sorted(a.id for a in user.areas),
        "language": user.language,
    }
    user.full_name = full_name.strip()
    user.language = language
    wanted = set(roles)
    user.role_rows = [row for row in user.role_rows if row.role in wanted] + [
        UserRole(role=role) for role in wanted - user.roles
    ]
    user.areas = _areas(area_ids)
    after = {
        "full_name": user.full_name,
        "roles": sorted(r.value for r in wanted),
        "areas": sorted(area_ids),
        "language": language,
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    record_event("user_changed", user=actor, obj=user, changes=changes)
    db.session.flush()
    return user


def reset_password(user: User, actor: User) -> str:
    password = generate_password()
    set_password(user, password, actor=actor)
    record_event("password_reset", user=actor, obj=user)
    return password


def set_active(user: User, active: bool, actor: User) -> None:
    """Deactivate (never delete: records keep their authors) or reactivate an account."""
    if user.id == actor.id and not active:
        raise AccountError("self_deactivate")
    user.active = active
    if not active:
        end_all_sessions(user)
    record_event("user_activated" if active else "user_deactivated", user=actor, obj=user)
    db.session.flush()
