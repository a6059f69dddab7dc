"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import secrets
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 128
_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ")


def make_hasher(config) -> PasswordHasher:
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_or_pretend(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    """Verify against `password_hash`, or, when there is none (unknown user name), against a
    stand-in hash made with the same parameters: either way one verification of the same cost,
    so the time of the answer does not tell whether the name exists. False for the stand-in."""
    if password_hash is None:
        verify_password(hasher, _stand_in_hash(hasher.time_cost, hasher.memory_cost, hasher.parallelism), password)
        return False
    return verify_password(hasher, password_hash, password)


@lru_cache(maxsize=4)
def _stand_in_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    """A hash of a random secret nobody knows, made once per process and parameter set."""
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    return hasher.hash(secrets.token_urlsafe(32))


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("monitor.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _is_trivial(password: str) -> bool:
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return True
    for row in _KEYBOARD_ROWS:
        doubled = row + row
        if lowered in doubled or lowered in doubled[::-1]:
            return True
    return False


def password_problems(password: str, username: str) -> list[str]:
    """Codes of the rules `password` breaks: too_short, too_long, is_username, too_common."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    if len(password) > MAX_LENGTH:
        problems.append("too_long")
    if username and password.strip().lower() == username.strip().lower():
        problems.append("is_username")
    if password.lower() in common_passwords() or _is_trivial(password):
        problems.append("too_common")
    return problems
