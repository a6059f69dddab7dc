"""Response headers and session lifetime checks applied to every request."""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def set_security_headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if current_app.config["HSTS"]:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if current_user and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def start_session() -> None:
    """Called right after a successful login."""
    now = int(time.time())
    session.permanent = True
    session["started"] = now
    session["seen"] = now


def check_session_age():
    """before_request: end sessions idle too long or older than the absolute lifetime."""
    if not current_user.is_authenticated or request.endpoint in (None, "static"):
        return None
    now = int(time.time())
    idle = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    absolute = current_app.config["ABSOLUTE_SESSION_HOURS"] * 3600
    seen, started = session.get("seen", 0), session.get("started", 0)
    if now - seen > idle or now - started > absolute:
        logout_user()
        session.clear()
        flash(_("Your session has ended. Please sign in again."), "warning")
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    session["seen"] = now
    return None
