"""Configuration classes for Monitor.

Defaults live on the classes; `load_config` copies a class into a plain dict and applies
environment overrides at application start-up (never at import time).
"""
from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "monitor_session"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    IDLE_TIMEOUT_MINUTES = 30
    ABSOLUTE_SESSION_HOURS = 8

    LOGIN_MAX_FAILURES = 5
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_LOCK_MINUTES = 15

    # argon2id parameters (argon2-cffi defaults are the RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # Roles that must sign in with a second factor (TOTP); others may turn it on for themselves.
    TWO_FACTOR_REQUIRED_ROLES = ("administrator", "supervisor")
    TOTP_ISSUER = "Monitor"

    # Case deadlines (DOMAIN.md section 2): working days unless stated.
    CASE_ASSESSMENT_WORKING_DAYS = 3
    CASE_DANGER_DAYS = 1
    CASE_PLAN_WORKING_DAYS = 10
    CASE_PLAN_REVIEW_MONTHS = 3
    REFERRAL_ANSWER_DAYS = 10  # a referral sent with no answer after this many days is overdue
    # Risk level per classification category, overriding monitor/risk/codes.py RISK_LEVELS,
    # e.g. {"below_minimum_age": "high"}; a child in danger makes a case at least CASE_DANGER_RISK.
    CASE_RISK_LEVELS: dict = {}
    CASE_DANGER_RISK = "high"
    # Follow-up visit months after the plan or first service, per risk level (default 1, 3, 6).
    CASE_VISIT_MONTHS: dict = {}
    # Public holidays skipped by working-day deadlines: see monitor/cases/holidays.py for the
    # defaults. PUBLIC_HOLIDAYS replaces the fixed list ("dd.mm"); PUBLIC_HOLIDAY_DATES replaces the
    # movable feasts and decreed transfers ("dd.mm.yyyy"), to be updated every year.
    # Reports: aggregate cells from 1 to REPORT_SUPPRESS_BELOW - 1 are suppressed in exports.
    REPORT_SUPPRESS_BELOW = 5
    # Dashboard counts that take REPORT_LIVE_SECONDS or more to compute are kept and shown again for
    # REPORT_REUSE_MINUTES (with their time and a button to refresh them); cheaper ones are always
    # computed afresh. A request waits up to REPORT_WAIT_SECONDS for a first computation, which runs
    # beside it (REPORT_BACKGROUND), then shows its progress.
    REPORT_REUSE_MINUTES = 10
    REPORT_LIVE_SECONDS = 1.0
    REPORT_WAIT_SECONDS = 5.0
    REPORT_BACKGROUND = True
    # Key of the pseudonymous child ids in exports (a random file under instance/ when not set);
    # keep it secret and unchanged, or ids stop matching between exports.
    PSEUDONYM_KEY: str | None = None
    # Imports of office lists: largest file and most rows accepted; checks run in the background.
    IMPORT_MAX_BYTES = 10 * 1024 * 1024
    IMPORT_MAX_ROWS = 20_000
    IMPORT_BACKGROUND = True
    # An import keeps the uploaded file and its preview until it goes in, or this many days when left
    # waiting (`flask purge-imports`, run daily); the SHA-256 and counts stay.
    IMPORT_KEEP_DAYS = 7
    # Retention: closed cases are archived this many days after closing (`flask archive-closed`).
    RETENTION_ARCHIVE_DAYS = 730

    LANGUAGES = ("ky", "ru", "en")
    BABEL_DEFAULT_LOCALE = "ru"
    BABEL_DEFAULT_TIMEZONE = "Asia/Bishkek"

    BOOTSTRAP_SERVE_LOCAL = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which has its own limits
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    PAGE_SIZE = 50
    HSTS = False


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-" + "x" * 32
    BABEL_DEFAULT_LOCALE = "en"  # the tests read English texts unless they choose a language
    TWO_FACTOR_REQUIRED_ROLES = ()  # the two-factor tests turn it on
    # Cheap hashes keep the suite fast; production keeps the strong defaults.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    REPORT_BACKGROUND = False   # dashboard counts computed within the request: tests read them at once


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    HSTS = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

# Environment variables that override a setting, with the type to read them as.
ENV_OVERRIDES = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "IDLE_TIMEOUT_MINUTES": int,
    "ABSOLUTE_SESSION_HOURS": int,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_WINDOW_MINUTES": int,
    "LOGIN_LOCK_MINUTES": int,
    "BABEL_DEFAULT_LOCALE": str,
    "PAGE_SIZE": int,
    "RETENTION_ARCHIVE_DAYS": int,
    "CASE_ASSESSMENT_WORKING_DAYS": int,
    "CASE_DANGER_DAYS": int,
    "CASE_PLAN_WORKING_DAYS": int,
    "CASE_PLAN_REVIEW_MONTHS": int,
    "REFERRAL_ANSWER_DAYS": int,
    "REPORT_SUPPRESS_BELOW": int,
    "REPORT_REUSE_MINUTES": int,
    "REPORT_LIVE_SECONDS": float,
    "REPORT_WAIT_SECONDS": float,
    "IMPORT_MAX_BYTES": int,
    "IMPORT_MAX_ROWS": int,
    "IMPORT_KEEP_DAYS": int,
    "PSEUDONYM_KEY": str,
    "CASE_RISK_LEVELS": json.loads,       # JSON object: category -> level
    "CASE_DANGER_RISK": str,
    "CASE_VISIT_MONTHS": json.loads,      # JSON object: level -> list of months
    "PUBLIC_HOLIDAYS": lambda text: [part.strip() for part in text.split(",") if part.strip()],
    "PUBLIC_HOLIDAY_DATES": lambda text: [part.strip() for part in text.split(",") if part.strip()],
    "TWO_FACTOR_REQUIRED_ROLES": lambda text: tuple(part.strip() for part in text.split(",") if part.strip()),
}

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "please-change"}


class ConfigError(RuntimeError):
    """The configuration cannot be used (for example, no real SECRET_KEY in production)."""


def load_config(name: str | None, instance_path: str, environ=os.environ) -> dict:
    """Return the settings for `name` (default: MONITOR_ENV or development) as a dict."""
    name = name or environ.get("MONITOR_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"Unknown configuration {name!r}; use one of {sorted(CONFIGS)}")
    cls = CONFIGS[name]
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    for key, kind in ENV_OVERRIDES.items():
        if key in environ:
            try:
                settings[key] = kind(environ[key])
            except ValueError as error:
                raise ConfigError(f"The environment variable {key} cannot be read: {error}") from error
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = settings.pop("DATABASE_URL")
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(instance_path) / "monitor.db")
    settings["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(settings["SQLALCHEMY_DATABASE_URI"])
    settings["SECRET_KEY"] = _secret_key(name, settings.get("SECRET_KEY"), instance_path)
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=settings["ABSOLUTE_SESSION_HOURS"])
    return settings


def _normalise_db_url(url: str) -> str:
    # Hosting panels hand out postgres:// URLs; SQLAlchemy needs the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(name: str, value: str | None, instance_path: str) -> str:
    if value and value.lower() not in WEAK_SECRETS and len(value) >= 32:
        return value
    if name == "production":
        raise ConfigError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if value:
        return value
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
