from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from monitor.auth import bp, services, throttle, twofactor
from monitor.auth.forms import LanguageForm, LoginForm, PasswordChangeForm
from monitor.auth.messages import password_messages, throttle_message
from monitor.auth.twofactor import begin_second_step
from monitor.core.db import utcnow
from monitor.core.permissions import authenticated, public
from monitor.core.security import start_session
from monitor.core.transaction import discard_changes
from monitor.core.urls import safe_next


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, language_form=LanguageForm())
    result = services.authenticate(form.username.data, form.password.data, request.remote_addr)
    if result.outcome == "throttled":
        flash(throttle_message(result.refusal), "danger")
        return (
            render_template("auth/login.html", form=form, language_form=LanguageForm()),
            429,
            {"Retry-After": str(throttle.seconds_to_wait(result.refusal, utcnow()))},
        )
    if result.outcome == "failure":
        flash(_("Wrong user name or password."), "danger")
        return render_template("auth/login.html", form=form, language_form=LanguageForm()), 200
    if result.outcome == "password_ok":
        return begin_second_step(result.user, form.next.data, session.get("lang"))
    chosen_language = session.get("lang")
    session.clear()
    if chosen_language:  # a language picked on the login page becomes the account's choice
        services.set_language(result.user, chosen_language)
    login_user(result.user)
    start_session()
    return redirect(safe_next(form.next.data, url_for("home.index")))


@bp.route("/logout", methods=["POST"])
@authenticated
def logout():
    services.log_out(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@public
def language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.language.data
    if current_user.is_authenticated:
        services.set_language(current_user, form.language.data)
    return redirect(safe_next(form.next.data, url_for("home.index")))


@bp.route("/account", methods=["GET", "POST"])
@authenticated
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            changed = services.change_own_password(current_user, form.current_password.data, form.new_password.data)
        except services.PasswordRejected as rejected:
            discard_changes()
            form.new_password.errors.extend(password_messages(rejected.codes))
        else:
            if changed:
                # The new session token goes into this browser's cookie; others are signed out.
                login_user(current_user._get_current_object())
                start_session()
                flash(_("Your password has been changed. Other sessions have been signed out."), "success")
                return redirect(url_for("auth.account"))
            form.current_password.errors.append(_("The current password is wrong."))
    language_form = LanguageForm(language=current_user.language, next=url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        language_form=language_form,
        idle_minutes=current_app.config["IDLE_TIMEOUT_MINUTES"],
        two_factor=twofactor.enabled(current_user),
        two_factor_required=twofactor.required_for(current_user),
    )
