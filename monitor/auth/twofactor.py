"""Two-factor sign-in with TOTP (works offline in any authenticator app) and recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app, redirect, session, url_for
from sqlalchemy import delete, select

from monitor.audit.services import record_event
from monitor.auth.models import RecoveryCode, User
from monitor.core.db import utcnow
from monitor.core.urls import safe_next
from monitor.extensions import db

RECOVERY_CODES = 10


def required_for(user: User) -> bool:
    required = set(current_app.config["TWO_FACTOR_REQUIRED_ROLES"])
    return any(role.value in required for role in user.roles)


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_svg(user: User, secret: str) -> str:
    """The QR code an authenticator app scans, as an SVG data URI (drawn here, nothing fetched)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=current_app.config["TOTP_ISSUER"])
    return segno.make(uri, error="m").svg_data_uri(scale=4)


def _matching_step(secret: str, code: str) -> int | None:
    """The time step whose code matches, allowing one 30-second step either side (phone clocks drift)."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(utcnow())
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def verify(user: User, code: str) -> bool:
    """A current authenticator code (each used once) or an unused recovery code."""
    code = "".join(code.split())
    if code.isascii() and code.isdigit() and len(code) == 6 and user.totp_secret:
        step = _matching_step(user.totp_secret, code)
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            return True
        return False
    row = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    record_event("recovery_code_used", user=user, obj=user)
    return True


def confirm_enrolment(user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor sign-in on once the app shows a matching code; returns the recovery codes."""
    step = _matching_step(secret, "".join(code.split()))
    if step is None:
        return None
    user.totp_secret, user.totp_last_step, user.totp_enabled_at = secret, step, utcnow()
    codes = _new_recovery_codes(user)
    record_event("two_factor_enabled", user=user, obj=user)
    db.session.flush()
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def disable(user: User, actor: User) -> None:
    """Turn two-factor sign-in off (an administrator's reset after a lost phone, or the user's choice)."""
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record_event("two_factor_disabled", user=actor, obj=user)
    db.session.flush()


def begin_second_step(user: User, next_url: str, language: str | None):
    """After the password: remember who is signing in (not signed in yet) and ask for the code."""
    session.clear()
    session.update(
        pending_user=user.id,
        pending_since=int(time.time()),
        pending_next=safe_next(next_url, ""),
        pending_lang=language or "",
    )
    return redirect(url_for("auth.verify" if enabled(user) else "auth.enrol"))
