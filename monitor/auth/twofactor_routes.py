"""The second step of signing in, and turning two-factor sign-in on or off."""

from __future__ import annotations

import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from monitor.auth import bp, services, twofactor
from monitor.auth.forms import CodeForm, ConfirmForm
from monitor.auth.messages import throttle_message
from monitor.auth.models import User
from monitor.core.permissions import authenticated, public
from monitor.core.security import start_session
from monitor.core.urls import safe_next
from monitor.extensions import db

PENDING_SECONDS = 300


def _pending_user() -> User | None:
    user_id, since = session.get("pending_user"), session.get("pending_since", 0)
    if not user_id or time.time() - since > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active else None


def _finish(user: User):
    next_url, language = session.get("pending_next"), session.get("pending_lang")
    session.clear()
    if language:
        services.set_language(user, language)
    login_user(user)
    start_session()
    return redirect(safe_next(next_url, url_for("home.index")))


@bp.route("/login/verify", methods=["GET", "POST"])
@public
def verify():
    user = _pending_user()
    if user is None or not twofactor.enabled(user):
        flash(_("Please sign in again."), "warning")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        result = services.second_factor(user, form.code.data, request.remote_addr)
        if result.outcome == "success":
            return _finish(user)
        if result.outcome == "throttled":
            session.clear()
            flash(throttle_message(result.refusal), "danger")
            return redirect(url_for("auth.login"))
        form.code.errors.append(_("This code is not valid. Use the current code of your app or a recovery code."))
    return render_template("auth/verify.html", form=form)


@bp.route("/login/enrol", methods=["GET", "POST"])
@public
def enrol():
    user = current_user._get_current_object() if current_user.is_authenticated else _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    secret = session.get("enrol_secret") or twofactor.new_secret()
    session["enrol_secret"] = secret
    form = CodeForm()
    if form.validate_on_submit():
        codes = twofactor.confirm_enrolment(user, secret, form.code.data)
        if codes is not None:
            session.pop("enrol_secret", None)
            if not current_user.is_authenticated:
                _finish(user)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors.append(_("This code does not match. Check the time on your phone and try again."))
    return render_template(
        "auth/enrol.html",
        form=form,
        secret=secret,
        qr=twofactor.provisioning_svg(user, secret),
        required=twofactor.required_for(user),
    )


@bp.route("/account/two-factor/off", methods=["POST"])
@authenticated
def two_factor_off():
    if not ConfirmForm().validate_on_submit() or twofactor.required_for(current_user):
        abort(400)
    twofactor.disable(current_user, actor=current_user)
    flash(_("Two-factor sign-in is off."), "info")
    return redirect(url_for("auth.account"))
