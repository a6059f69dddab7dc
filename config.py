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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file under instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # PostgreSQL time limits (monitor/core/timeouts.py): a database that is gone or silent answers
    # 503 within about 5 s (a silent open connection: statement timeout + 0.5 s, then a connect).
    DATABASE_CONNECT_TIMEOUT = 2  # seconds (libpq's minimum)
    DATABASE_STATEMENT_TIMEOUT_MS = 2500  # a page's statements take milliseconds
    DATABASE_POOL_TIMEOUT = 2  # seconds waiting for a free pooled connection
    # Report computations, exports, imports and the `flask` commands; 0 would mean no limit.
    DATABASE_LONG_STATEMENT_TIMEOUT_MS = 600_000

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "monitor_session"
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    IDLE_TIMEOUT_MINUTES = 30
    ABSOLUTE_SESSION_HOURS = 8

    # Sign-in throttling (docs/SECURITY.md, "Sign-in throttling"), counted over LOGIN_WINDOW_MINUTES.
    # Per user name: after LOGIN_MAX_FAILURES failures, an address that failed on the name waits
    # LOGIN_FIRST_DELAY_SECONDS after its last failure, doubled with each further failure, at most
    # LOGIN_LOCK_MINUTES; addresses that did not fail on it are not slowed.
    LOGIN_MAX_FAILURES = 5
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_LOCK_MINUTES = 15
    LOGIN_FIRST_DELAY_SECONDS = 30
    # Per client address: this many failures (any user names) block the address.
    LOGIN_ADDRESS_MAX_FAILURES = 20
    # Everywhere: above this many failures in a minute, an address that failed waits
    # LOGIN_GLOBAL_WAIT_MINUTES after its last failure; addresses without failures pass.
    LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE = 30
    LOGIN_GLOBAL_WAIT_MINUTES = 5
    # Login attempts older than this are removed by `flask purge-login-attempts` (the audit log keeps them).
    LOGIN_ATTEMPT_KEEP_DAYS = 30
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted for the client address
    # (werkzeug ProxyFix x_for). 0: the header is ignored and the connection's address is used.
    TRUSTED_PROXY_COUNT = 0

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
    # Public holidays skipped by working-day deadlines: the Labour Code's, from the `holidays`
    # package, with Orozo Ait and Kurman Ait estimated (monitor/cases/holidays.py). PUBLIC_HOLIDAYS
    # replaces the fixed-date holidays ("dd.mm"); PUBLIC_HOLIDAY_DATES ("dd.mm.yyyy") gives the
    # announced feasts and decreed days off: a year with any such date takes its feasts only from
    # this list (list both feasts of that year), other years keep the estimates.
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
    # Imports of office lists: largest file and most rows accepted; checks and commits are jobs.
    IMPORT_MAX_BYTES = 10 * 1024 * 1024
    IMPORT_MAX_ROWS = 20_000
    # An import keeps the uploaded file and its preview until it goes in, or this many days when left
    # waiting (`flask purge-imports`, run daily); the SHA-256 and counts stay.
    IMPORT_KEEP_DAYS = 7
    # ILO exports are prepared by a job (monitor/jobs) and kept for EXPORT_KEEP_DAYS in EXPORT_DIR
    # (default instance/exports), then deleted (daily by the worker, or `flask purge-exports`).
    EXPORT_DIR: str | None = None
    EXPORT_KEEP_DAYS = 7
    # Retention: closed cases are archived this many days after closing (`flask archive-closed`).
    RETENTION_ARCHIVE_DAYS = 730

    # The job queue (monitor/jobs): HUEY_URL empty keeps it in a SQLite file under instance/ (a
    # laptop: `make run` starts the worker beside the server); redis://host:6379/0 in production,
    # where `flask worker` runs as its own service. HUEY_IMMEDIATE runs each job in the process
    # that enqueues it, when its transaction commits (tests).
    HUEY_URL = ""
    HUEY_NAME = "monitor"
    HUEY_IMMEDIATE = False
    JOBS_WORKERS = 2  # jobs one `flask worker` runs at once (threads)
    # A running job's worker renews its lease every third of JOBS_LEASE_SECONDS; a job whose lease
    # passed lost its worker and is queued again by the sweep, every JOBS_SWEEP_SECONDS, at most
    # JOBS_MAX_ATTEMPTS runs in all. A queued job no worker took within JOBS_PICKUP_SECONDS is
    # handed to the queue again (a broker that was away).
    JOBS_LEASE_SECONDS = 120
    JOBS_SWEEP_SECONDS = 60
    JOBS_MAX_ATTEMPTS = 3
    JOBS_PICKUP_SECONDS = 120
    JOBS_POLL_SECONDS = 1.0  # longest wait of an idle worker between two looks (Redis answers at once)

    LANGUAGES = ("ky", "ru", "en")
    BABEL_DEFAULT_LOCALE = "ru"
    # The office's time zone: what "today" is, the days of report periods and of date filters, and
    # the time shown on pages (monitor/core/clock.py). BABEL_DEFAULT_TIMEZONE is set from it.
    OFFICE_TIMEZONE = "Asia/Bishkek"

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
    REPORT_BACKGROUND = False  # dashboard counts computed within the request: tests read them at once
    HUEY_IMMEDIATE = True  # jobs run when enqueued (same runner); tests/workers.py starts real workers


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
    "DATABASE_CONNECT_TIMEOUT": int,
    "DATABASE_STATEMENT_TIMEOUT_MS": int,
    "DATABASE_POOL_TIMEOUT": int,
    "DATABASE_LONG_STATEMENT_TIMEOUT_MS": int,
    "IDLE_TIMEOUT_MINUTES": int,
    "ABSOLUTE_SESSION_HOURS": int,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_WINDOW_MINUTES": int,
    "LOGIN_LOCK_MINUTES": int,
    "LOGIN_FIRST_DELAY_SECONDS": int,
    "LOGIN_ADDRESS_MAX_FAILURES": int,
    "LOGIN_GLOBAL_MAX_FAILURES_PER_MINUTE": int,
    "LOGIN_GLOBAL_WAIT_MINUTES": int,
    "LOGIN_ATTEMPT_KEEP_DAYS": int,
    "TRUSTED_PROXY_COUNT": int,
    "BABEL_DEFAULT_LOCALE": str,
    "OFFICE_TIMEZONE": str,
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
    "EXPORT_DIR": str,
    "EXPORT_KEEP_DAYS": int,
    "PSEUDONYM_KEY": str,
    "HUEY_URL": str,
    "HUEY_NAME": str,
    "HUEY_IMMEDIATE": lambda text: text.strip().lower() in ("1", "true", "yes", "on"),
    "JOBS_WORKERS": int,
    "JOBS_LEASE_SECONDS": float,
    "JOBS_SWEEP_SECONDS": int,
    "JOBS_MAX_ATTEMPTS": int,
    "JOBS_PICKUP_SECONDS": float,
    "JOBS_POLL_SECONDS": float,
    "CASE_RISK_LEVELS": json.loads,  # JSON object: category -> level
    "CASE_DANGER_RISK": str,
    "CASE_VISIT_MONTHS": json.loads,  # JSON object: level -> list of months
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
    settings["BABEL_DEFAULT_TIMEZONE"] = _office_timezone(settings["OFFICE_TIMEZONE"])
    return settings


def _office_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"OFFICE_TIMEZONE {name!r} is not a time zone name such as Asia/Bishkek") from error
    return name


def _normalise_db_url(url: str) -> str:
    # Hosting panels hand out postgres:// URLs; SQLAlchemy needs the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
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
