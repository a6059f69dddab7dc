from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import FieldList, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from monitor.areas.models import Area
from monitor.cases import bp, labels
from monitor.cases.models import Case
from monitor.cases.services import CaseError
from monitor.commission import services as commission
from monitor.commission.models import Measure, Sitting
from monitor.core.fields import DateDMYField
from monitor.core.forms import FlaskForm, Form, choices
from monitor.core.office import office_today
from monitor.core.params import row_id
from monitor.core.permissions import area_paths, requires, scope_filter
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.extensions import db
from monitor.referrals import labels as referral_labels
from monitor.registry.form_errors import attach
from monitor.registry.forms import parse_ref
from monitor.registry.loaders import load_child


class SittingForm(FlaskForm):
    area_id = SelectField(_l("Commission of"), coerce=row_id, choices=[])
    held_on = DateDMYField(_l("Date of the sitting"), validators=[InputRequired()])
    number = StringField(_l("Number"), validators=[InputRequired(), Length(max=30)])
    submit = SubmitField(_l("Record the sitting"))


class MeasureForm(Form):
    service_type = SelectField(
        _l("Measure"), choices=choices([("", "—")] + list(referral_labels.SERVICE_TYPES.items()))
    )
    description = StringField(_l("Details"), validators=[Optional(), Length(max=300)])


class ResolutionForm(FlaskForm):
    case_ref = StringField(_l("Case number (for example K-000123)"), validators=[InputRequired(), Length(max=20)])
    number = StringField(_l("Resolution number"), validators=[InputRequired(), Length(max=30)])
    text = TextAreaField(_l("Text of the resolution"), validators=[Optional(), Length(max=4000)])
    measures = FieldList(FormField(MeasureForm), min_entries=3, max_entries=10)
    submit = SubmitField(_l("Record the resolution"))


class ReferMeasureForm(FlaskForm):
    submit = SubmitField(_l("Create the referral"))


def _commission_areas():
    """Cities and districts of the user's areas: the commissions they can record."""
    return list(
        db.session.scalars(
            select(Area).where(scope_filter(Area.path, current_user), Area.kind.in_(["city", "district"]), Area.active)
        )
    )


@bp.route("/commission", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def commission_index():
    form = SittingForm()
    language = str(get_locale())
    form.area_id.choices = choices((a.id, a.name(language)) for a in _commission_areas())
    if form.validate_on_submit():
        if not current_user.can(Permission.REVIEW_CASES):
            abort(403)
        try:
            sitting = commission.record_sitting(
                db.session.get(Area, form.area_id.data),
                form.held_on.data,
                form.number.data,
                current_user,
                office_today(),
            )
        except CaseError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            return redirect(url_for("cases.sitting", sitting_id=sitting.id))
    sittings = db.session.scalars(
        select(Sitting).where(scope_filter(Sitting.area_path, current_user)).order_by(Sitting.held_on.desc()).limit(100)
    ).all()
    return render_template("cases/commission.html", form=form, sittings=sittings)


@bp.route("/commission/sittings/<int:sitting_id>", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def sitting(sitting_id: int):
    record = db.session.get(Sitting, sitting_id) or abort(404)
    if not any(record.area_path.startswith(p) or p.startswith(record.area_path) for p in area_paths(current_user)):
        abort(404)
    form = ResolutionForm()
    if form.validate_on_submit():
        if not current_user.can(Permission.REVIEW_CASES):
            abort(403)
        case = db.session.get(Case, parse_ref(form.case_ref.data, "K") or 0)
        if case is None:
            form.case_ref.errors.append(str(labels.ERRORS["case_outside_commission"]))
        else:
            load_child(case.child_id)
            measures = [
                (m.form.service_type.data, m.form.description.data or "")
                for m in form.measures
                if m.form.service_type.data
            ]
            try:
                commission.record_resolution(
                    record, case, form.number.data, form.text.data or "", measures, current_user
                )
            except CaseError as error:
                discard_changes()
                attach(form, error, labels.ERRORS)
            else:
                flash(_("Resolution recorded."), "success")
                return redirect(url_for("cases.sitting", sitting_id=record.id))
    return render_template(
        "cases/sitting.html", sitting=record, form=form, refer_form=ReferMeasureForm(), referral_labels=referral_labels
    )


@bp.route("/commission/measures/<int:measure_id>/refer", methods=["POST"])
@requires(Permission.EDIT_CASES)
def refer_measure(measure_id: int):
    measure = db.session.get(Measure, measure_id) or abort(404)
    load_child(measure.resolution.case.child_id)
    if ReferMeasureForm().validate_on_submit():
        try:
            commission.measure_to_referral(measure, current_user, office_today())
        except CaseError as error:
            discard_changes()
            flash(str(labels.ERRORS[error.code]), "danger")
        else:
            flash(_("Referral created from the measure."), "success")
    return redirect(url_for("cases.sitting", sitting_id=measure.resolution.sitting_id))
