"""Accounts, their roles, and login attempts."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from monitor.core.db import Versioned, enum_column, one_of, utcnow
from monitor.core.roles import Permission, Role, permissions_for
from monitor.extensions import db

# The languages of the interface (config LANGUAGES; a test keeps the two the same).
LANGUAGES = ("ky", "ru", "en")
LOGIN_OUTCOMES = ("success", "password_ok", "failure", "throttled", "locked")  # auth.services.LoginResult
REFUSED_OUTCOMES = ("failure", "throttled", "locked")  # sign-ins refused ("locked": before throttling)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Versioned, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (one_of("language", LANGUAGES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="ru")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changing the token ends every session of the account on the server side.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()
    # Two-factor sign-in (TOTP): the shared secret, when it was confirmed, and the last time step
    # used (a code is accepted once).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column()
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    areas: Mapped[list[Area]] = relationship(  # noqa: F821
        secondary="user_area", lazy="selectin", order_by="Area.path"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(row.role for row in self.role_rows)

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission | str) -> bool:
        return Permission(permission) in self.permissions

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active


class UserRole(db.Model):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(enum_column(Role, 32))
    user: Mapped[User] = relationship(back_populates="role_rows")


class LoginAttempt(db.Model):
    """Every login attempt, kept in the database so throttling holds across processes
    (monitor/auth/throttle.py counts them per user name, per address and in all)."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_ip_at", "ip", "at"),
        one_of("outcome", LOGIN_OUTCOMES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # success | password_ok | failure | throttled (refused unchecked); "locked" in rows from before throttling
    outcome: Mapped[str] = mapped_column(String(16))
    ip: Mapped[str | None] = mapped_column(String(64))


class RecoveryCode(db.Model):
    """One-time codes to sign in when the authenticator is lost (stored as SHA-256 hashes)."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column()
