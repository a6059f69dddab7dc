"""Authentication, login throttling and account changes. Services flush; callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select, update

from monitor.audit.services import record_event
from monitor.auth import throttle, twofactor
from monitor.auth.models import LoginAttempt, User, new_session_token
from monitor.auth.passwords import hash_password, make_hasher, password_problems, verify_or_pretend, verify_password
from monitor.auth.throttle import Refusal
from monitor.core.db import utcnow
from monitor.extensions import db


class PasswordRejected(ValueError):
    """The new password breaks the policy; `codes` says which rules."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes


@dataclass(frozen=True)
class LoginResult:
    outcome: str  # success | password_ok (a second factor follows) | failure | throttled
    user: User | None = None
    refusal: Refusal | None = None  # why and until when a throttled attempt was refused


def _hasher():
    return make_hasher(current_app.config)


def find_user(username: str) -> User | None:
    key = username.strip().lower()
    return db.session.scalar(select(User).where(func.lower(User.username) == key))


def authenticate(username: str, password: str, ip: str | None) -> LoginResult:
    """Check a login; record the attempt and its audit event either way.

    Every attempt that is not throttled verifies exactly one hash (the account's, or a stand-in for
    an unknown name), and is refused alike for an unknown name, an inactive account or a wrong password."""
    now, ip = utcnow(), throttle.client_address(ip)
    key = username.strip().lower()[:64]
    user = find_user(key)
    refused = throttle.refusal(key, ip, now)  # a refused attempt costs no hash
    password_ok = refused is None and verify_or_pretend(_hasher(), user.password_hash if user else None, password)
    refused = refused or throttle.decide_in_turn(key, ip, now)
    if refused is not None:
        outcome = LoginResult(throttle.THROTTLED, refusal=refused)
    elif password_ok and user is not None and user.active:
        # With two-factor sign-in the password alone does not reset the count of failures.
        second_step = twofactor.enabled(user) or twofactor.required_for(user)
        outcome = LoginResult("password_ok" if second_step else "success", user=user)
        if not second_step:
            _note_login(user, now)
    else:
        outcome = LoginResult(throttle.FAILURE)
    _record(outcome, key, user, now, ip)
    return outcome


def _record(outcome: LoginResult, key: str, user: User | None, now, ip: str | None, **details) -> None:
    db.session.add(
        LoginAttempt(username=key, user_id=user.id if user else None, at=now, outcome=outcome.outcome, ip=ip)
    )
    if outcome.refusal is not None:
        details.update(reason=outcome.refusal.reason, retry_at=outcome.refusal.retry_at.isoformat())
    record_event(f"login_{outcome.outcome}", user=user, obj=user, username=key, **details)
    db.session.flush()


def _note_login(user: User, now) -> None:
    """Bookkeeping, not an edit of the account: a plain UPDATE that does not bump the row version,
    so two sign-ins of one person at the same moment (phone and office computer) both succeed."""
    db.session.execute(
        update(User).where(User.id == user.id).values(last_login_at=now).execution_options(synchronize_session=False)
    )


def second_factor(user: User, code: str, ip: str | None) -> LoginResult:
    """The second step of a sign-in: an authenticator or recovery code, throttled like passwords."""
    now, ip = utcnow(), throttle.client_address(ip)
    key = user.username.lower()
    refused = throttle.refusal(key, ip, now)
    code_ok = refused is None and user.active and twofactor.verify(user, code)
    refused = refused or throttle.decide_in_turn(key, ip, now)
    if refused is not None:
        outcome = LoginResult(throttle.THROTTLED, refusal=refused)
    elif code_ok:
        outcome = LoginResult("success", user=user)
        _note_login(user, now)
    else:
        outcome = LoginResult(throttle.FAILURE)
    _record(outcome, key, user, now, ip, step="second_factor")
    return outcome


def end_all_sessions(user: User) -> None:
    """Invalidate every session of `user`: their cookies no longer match the account."""
    user.session_token = new_session_token()


def log_out(user: User) -> None:
    """Sign out: every session of the account ends, not only this browser's."""
    end_all_sessions(user)
    record_event("logout", user=user, obj=user)
    db.session.flush()


def set_password(user: User, new_password: str, actor: User | None = None) -> None:
    """Set a password that meets the policy, and end the account's other sessions."""
    problems = password_problems(new_password, user.username)
    if problems:
        raise PasswordRejected(problems)
    user.password_hash = hash_password(_hasher(), new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    record_event("password_changed", user=actor or user, obj=user)
    db.session.flush()


def change_own_password(user: User, current: str, new_password: str) -> bool:
    """False when `current` is wrong; PasswordRejected when the new one breaks the policy."""
    if not verify_password(_hasher(), user.password_hash, current):
        return False
    set_password(user, new_password)
    return True


def set_language(user: User, language: str) -> None:
    if language not in current_app.config["LANGUAGES"]:
        raise ValueError(language)
    user.language = language
    db.session.flush()
