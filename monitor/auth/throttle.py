"""Sign-in throttling, counted in the login_attempt table so that it holds across worker processes.

Checked before any password is verified; a refused attempt costs no hash (docs/SECURITY.md,
"Sign-in throttling"). Only failures count, never refusals, so a limit ends on its own however
often a refused client comes back:
- per address (blocks): LOGIN_ADDRESS_MAX_FAILURES failures within the window, whatever the names;
- everywhere (slows): above LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE failures in the last minute, an
  address that failed waits LOGIN_GLOBAL_WAIT_MINUTES after its last failure; others pass;
- per user name (slows): after LOGIN_MAX_FAILURES failures on the name within the window (since its
  last success), an address that failed on it waits a delay that doubles with each further failure.
  An address that did not fail on it is not slowed, so nobody keeps the owner out from elsewhere;
  only when the failures come from LOGIN_MAX_FAILURES addresses or more (an attack from many) do the
  other addresses wait too, except those the name has signed in from before.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from monitor.auth.models import LoginAttempt
from monitor.core.locks import hold
from monitor.extensions import db

FAILURE = "failure"
THROTTLED = "throttled"
_MAX_DOUBLINGS = 16  # far beyond any cap; keeps the arithmetic in range


@dataclass(frozen=True)
class Refusal:
    reason: str  # address | global | account
    retry_at: datetime


def client_address(ip: str | None) -> str | None:
    """The address the limits count: an IPv6 client's /64 network (one connection is given a whole
    /64, and could take a new address for every guess), an IPv4-mapped address as the IPv4 one."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return ip
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network((address, 64), strict=False))
    return str(address)


def refusal(username: str, ip: str | None, now: datetime) -> Refusal | None:
    """Why an attempt on `username` from `ip` must not be checked now, or None."""
    cfg = current_app.config
    if ip is not None:
        found = _address_block(ip, now, cfg) or _global_wait(ip, now, cfg)
        if found is not None:
            return found
    return _name_delay(username, ip, now, cfg)


def decide_in_turn(username: str, ip: str | None, now: datetime) -> Refusal | None:
    """The check again, after waiting for the attempts on the same name or from the same address
    being decided at this moment (until the caller's transaction ends, when this one's attempt is
    recorded): of many sent at once, no more than the limits allow are answered. The password was
    verified before the wait (no lock is held while hashing), but one refused here gets the same
    answer whether it was right or not."""
    hold(LoginAttempt.__table__, f"name:{username}", *([f"address:{ip}"] if ip else []))
    return refusal(username, ip, now)


def _window(cfg) -> timedelta:
    return timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])


def _address_block(ip: str, now: datetime, cfg) -> Refusal | None:
    limit = cfg["LOGIN_ADDRESS_MAX_FAILURES"]
    recent = db.session.scalars(
        select(LoginAttempt.at)
        .where(LoginAttempt.ip == ip, LoginAttempt.at > now - _window(cfg), LoginAttempt.outcome == FAILURE)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    return Refusal("address", recent[-1] + _window(cfg))  # when the oldest of them leaves the window


def _global_wait(ip: str, now: datetime, cfg) -> Refusal | None:
    failures_last_minute = db.session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.at > now - timedelta(minutes=1), LoginAttempt.outcome == FAILURE)
    )
    if failures_last_minute < cfg["LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE"]:
        return None
    wait = timedelta(minutes=cfg["LOGIN_GLOBAL_WAIT_MINUTES"])
    last = db.session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.ip == ip, LoginAttempt.at > now - wait, LoginAttempt.outcome == FAILURE
        )
    )
    return None if last is None else Refusal("global", last + wait)


def _name_delay(username: str, ip: str | None, now: datetime, cfg) -> Refusal | None:
    failures = _failures_on_name(username, now, cfg)
    beyond = len(failures) - cfg["LOGIN_MAX_FAILURES"]
    if beyond < 0:
        return None
    delay = min(
        timedelta(seconds=cfg["LOGIN_FIRST_DELAY_SECONDS"] * 2 ** min(beyond, _MAX_DOUBLINGS)),
        timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"]),
    )
    own = [row.at for row in failures if row.ip == ip]
    if own:
        retry_at = own[-1] + delay
    elif len({row.ip for row in failures}) >= cfg["LOGIN_MAX_FAILURES"] and not _signed_in_from(username, ip):
        retry_at = failures[-1].at + delay  # tried from many addresses: only the owner's usual ones pass
    else:
        return None
    return Refusal("account", retry_at) if now < retry_at else None


def _failures_on_name(username: str, now: datetime, cfg) -> list:
    """(at, ip) of the failures on `username` within the window and since its last success."""
    last_success = db.session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.outcome == "success")
    )
    since = now - _window(cfg) if last_success is None else max(now - _window(cfg), last_success)
    return db.session.execute(
        select(LoginAttempt.at, LoginAttempt.ip)
        .where(LoginAttempt.username == username, LoginAttempt.at > since, LoginAttempt.outcome == FAILURE)
        .order_by(LoginAttempt.at)
    ).all()


def _signed_in_from(username: str, ip: str | None) -> bool:
    """Whether `username` has signed in from `ip` (within the attempts kept, LOGIN_ATTEMPT_KEEP_DAYS)."""
    return (
        db.session.scalar(
            select(LoginAttempt.id)
            .where(LoginAttempt.username == username, LoginAttempt.ip == ip, LoginAttempt.outcome == "success")
            .limit(1)
        )
        is not None
    )


def seconds_to_wait(refused: Refusal, now: datetime) -> int:
    """For the Retry-After header: whole seconds, at least one."""
    return max(1, math.ceil((refused.retry_at - now).total_seconds()))


def purge_login_attempts(before: datetime) -> int:
    """Delete the attempts made before `before` (their audit events stay); returns how many."""
    result = db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < before))
    db.session.flush()
    return result.rowcount
