"""Monitor: child labour monitoring for Osh city and Kara-Suu district."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from monitor.core import timeouts

# The factory imports the app's modules inside its functions, and needs to: `monitor` is the parent
# package of every module, so importing them here would load the whole app whenever any one is imported.

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, overrides: dict | None = None) -> Flask:
    """Application factory: configuration, extensions, blueprints, error handlers, commands."""
    from config import load_config

    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(config_name, app.instance_path))
    app.config.update(overrides or {})
    _trust_proxies(app)
    from monitor.cases.deadlines import CaseRules

    # Read once: a wrong case rule stops start-up with a readable message; pages use this copy.
    app.extensions["case_rules"] = CaseRules.from_config(app.config)
    _configure_engine(app)
    logging.basicConfig(level=logging.INFO)
    from monitor.core.logs import install

    install()

    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    from monitor import jobs

    jobs.init_app(app)  # last: every module declaring tasks is imported by now
    return app


def _trust_proxies(app: Flask) -> None:
    """The client address comes from X-Forwarded-For only behind TRUSTED_PROXY_COUNT configured
    proxies (each appends the address it saw); otherwise a client could forge it."""
    count = app.config["TRUSTED_PROXY_COUNT"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count)


def _configure_engine(app: Flask) -> None:
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        options["connect_args"] = {"timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000}
    else:
        # A database that is gone or silent must give a 503 within seconds, not hold the worker
        # (monitor/core/timeouts.py); a `flask` command (migrations, bulk loads, exports) may run long.
        command = click.get_current_context(silent=True) is not None
        statement_ms = app.config["DATABASE_LONG_STATEMENT_TIMEOUT_MS" if command else "DATABASE_STATEMENT_TIMEOUT_MS"]
        url = make_url(uri)
        if url.get_driver_name() == "psycopg":
            options["connect_args"] = timeouts.connect_args(
                app.config["DATABASE_CONNECT_TIMEOUT"], statement_ms, str(url.query.get("options", ""))
            )
        else:
            options["connect_args"] = {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"]}
        options.setdefault("pool_timeout", app.config["DATABASE_POOL_TIMEOUT"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def register_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from monitor.core import i18n
    from monitor.extensions import babel, bootstrap, csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.session_protection = "basic"
    from monitor.auth import loader  # noqa: F401  (registers the user loader)


def register_blueprints(app: Flask) -> None:
    """Each module's views are imported here, once, and its blueprint registered."""
    import importlib

    from monitor.assessments import services as assessment_services
    from monitor.assessments.status import refresh_family
    from monitor.cases.services import open_from_assessment
    from monitor.core.params import IdConverter
    from monitor.registry.services import household_changed

    app.url_map.converters["int"] = IdConverter  # before any rule: every <int:...> is an id in range
    modules = (
        "auth",
        "home",
        "areas",
        "admin",
        "registry",
        "assessments",
        "audit",
        "cases",
        "referrals",
        "reports",
        "imports",
    )
    view_modules = {
        "auth": ("routes", "twofactor_routes"),
        "registry": ("routes", "child_routes"),
        "cases": ("routes", "commission_routes"),
    }
    for name in modules:
        for views in view_modules.get(name, ("routes",)):
            importlib.import_module(f"monitor.{name}.{views}")
        app.register_blueprint(importlib.import_module(f"monitor.{name}").bp)
    # An assessment that calls for action opens the child's case (the case module builds on assessments).
    if open_from_assessment not in assessment_services.after_assessment:
        assessment_services.after_assessment.append(open_from_assessment)
    household_changed.connect(refresh_family)  # the registry's households, the assessments' statuses


def register_hooks(app: Flask) -> None:
    from monitor.core import errors, i18n, security
    from monitor.core.navigation import navigation_context
    from monitor.core.params import refuse_nul_bytes
    from monitor.core.permissions import enforce_declared_access

    app.before_request(enforce_declared_access)
    app.before_request(refuse_nul_bytes)
    app.before_request(security.check_session_age)
    app.after_request(security.set_security_headers)
    errors.register_error_handlers(app)
    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["may_open"] = _may_open
    app.jinja_env.filters["date"] = i18n.format_date
    app.jinja_env.filters["datetime"] = i18n.format_datetime
    app.jinja_env.filters["age"] = i18n.format_age
    app.jinja_env.filters["number"] = i18n.format_number
    app.context_processor(navigation_context)


def register_commands(app: Flask) -> None:
    from monitor.cli import register

    register(app)


def _may_open(child) -> bool:
    """Templates ask whether the signed-in user may see a child's name (restricted cases)."""
    from flask_login import current_user

    from monitor.registry.access import may_open

    return current_user.is_authenticated and may_open(current_user, child)
