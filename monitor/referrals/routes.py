from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from monitor.areas.services import all_areas, as_tree
from monitor.audit.services import record_event
from monitor.cases.models import Case
from monitor.core.forms import choices
from monitor.core.office import office_today
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.core.versioning import flush_or_stale, is_stale
from monitor.extensions import db
from monitor.referrals import bp, labels, services
from monitor.referrals.forms import AttendanceForm, ProviderForm, ReferForm, StepForm, provider_choices
from monitor.referrals.lifecycle import InvalidTransition
from monitor.referrals.models import Referral, ServiceProvider
from monitor.registry.loaders import load_child


@bp.route("/cases/<int:case_id>/referrals", methods=["POST"])
@requires(Permission.EDIT_CASES)
def refer(case_id: int):
    case = db.session.get(Case, case_id) or abort(404)
    load_child(case.child_id)
    form = ReferForm()
    form.provider.choices = provider_choices()
    if form.validate_on_submit():
        provider = db.session.get(ServiceProvider, form.provider.data) if form.provider.data else None
        try:
            services.refer(
                case,
                form.service_type.data,
                provider,
                form.notes.data or "",
                current_user,
                office_today(),
                form.proposed_on.data,
            )
        except InvalidTransition as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Referral proposed."), "success")
    elif form.proposed_on.errors:
        flash(str(labels.ERRORS["step_date"]), "danger")
    return redirect(url_for("cases.show", case_id=case.id, _anchor="referrals"))


@bp.route("/referrals/<int:referral_id>/step", methods=["POST"])
@requires(Permission.EDIT_CASES)
def step(referral_id: int):
    referral = db.session.get(Referral, referral_id) or abort(404)
    child = load_child(referral.child_id)
    form = StepForm()
    if form.validate_on_submit():
        try:
            services.advance(
                referral,
                child,
                form.target.data,
                form.reason.data or "",
                bool(form.override.data),
                current_user,
                office_today(),
                form.on.data,
            )
        except InvalidTransition as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Referral updated: %(status)s.", status=labels.STATUSES[referral.status]), "success")
    elif form.on.errors:
        flash(str(labels.ERRORS["step_date"]), "danger")
    return redirect(url_for("cases.show", case_id=referral.case_id, _anchor="referrals"))


@bp.route("/admin/providers")
@requires(Permission.MANAGE_REFERENCE)
def providers():
    rows = db.session.scalars(
        select(ServiceProvider).order_by(ServiceProvider.service_type, ServiceProvider.name)
    ).all()
    return render_template(
        "referrals/providers.html", rows=rows, taken=services.seats_taken([p.id for p in rows]), labels=labels
    )


@bp.route("/admin/providers/new", methods=["GET", "POST"])
@bp.route("/admin/providers/<int:provider_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def provider(provider_id: int | None = None):
    entry = (db.session.get(ServiceProvider, provider_id) or abort(404)) if provider_id else None
    form = ProviderForm(obj=entry)
    language = str(get_locale())
    form.area_id.choices = choices(
        (a.id, "\u2003" * depth + a.name(language)) for a, depth in as_tree(all_areas(), language) if a.active
    )
    if form.validate_on_submit() and not is_stale(form, entry):
        entry = entry or ServiceProvider()
        for name in ("name", "service_type", "area_id", "contact", "capacity", "active"):
            value = getattr(form, name).data
            setattr(entry, name, value.strip() if isinstance(value, str) else value)
        db.session.add(entry)
        db.session.flush()
        record_event("provider_saved", user=current_user, obj=entry, name=entry.name)
        if flush_or_stale(form):
            flash(_("Saved."), "success")
            return redirect(url_for("referrals.providers"))
    return render_template("referrals/provider_form.html", form=form, entry=entry)


@bp.route("/referrals/<int:referral_id>/attendance", methods=["POST"])
@requires(Permission.EDIT_CASES)
def attendance(referral_id: int):
    referral = db.session.get(Referral, referral_id) or abort(404)
    child = load_child(referral.child_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            services.record_attendance(
                referral, child, form.month.data, form.class_days.data, form.present_days.data, current_user
            )
        except InvalidTransition as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Attendance recorded."), "success")
    else:
        flash(str(labels.ERRORS["attendance_days"]), "danger")
    return redirect(url_for("cases.show", case_id=referral.case_id, _anchor="referrals"))
