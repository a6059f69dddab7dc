from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from monitor.assessments import bp, formdata, labels, services, threshold_versions
from monitor.assessments.data import AssessmentError
from monitor.assessments.explain import explain
from monitor.assessments.forms import AssessmentForm, ThresholdsForm
from monitor.assessments.models import Assessment
from monitor.core.fields import NumberField
from monitor.core.office import office_today
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.extensions import db
from monitor.registry.form_errors import attach
from monitor.registry.loaders import load_child, record_view
from monitor.risk.thresholds import Thresholds


def _language() -> str:
    return str(get_locale())


@bp.route("/children/<int:child_id>/assess", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def assess(child_id: int):
    child = load_child(child_id)
    form = AssessmentForm()
    if not form.is_submitted():
        form.school_attendance.data = (
            "not_enrolled" if not child.school_enrolled else (child.attendance.value if child.attendance else "regular")
        )
    elif form.add_activity.data:
        form.activities.append_entry()
    formdata.prepare(form, _language())
    if not form.add_activity.data and form.validate_on_submit():
        try:
            assessment = services.record_assessment(child, formdata.assessment_data(form), current_user, office_today())
        except AssessmentError as error:
            discard_changes()
            attach(form, error, labels.ERRORS)
        else:
            flash(
                _("Assessment saved: %(category)s.", category=labels.NATIONAL[assessment.national_category]), "success"
            )
            return redirect(url_for("assessments.show", assessment_id=assessment.id))
    return render_template("assessments/form.html", form=form, child=child, labels=labels)


@bp.route("/assessments/<int:assessment_id>")
@requires(Permission.VIEW_CASES)
def show(assessment_id: int):
    assessment = db.session.get(Assessment, assessment_id) or abort(404)
    child = load_child(assessment.child_id)
    record_view(assessment, child.family.area_id)
    language = _language()
    return render_template(
        "assessments/show.html",
        assessment=assessment,
        child=child,
        labels=labels,
        national=explain(assessment.result["national"]["reasons"], language),
        ilo=explain(assessment.result["ilo"]["reasons"], language),
        language=language,
    )


def _thresholds_form(latest: Thresholds):
    class VersionForm(ThresholdsForm):
        pass

    for name in Thresholds.value_names():
        value = getattr(latest, name)
        if name == "at_risk_family_criteria":
            setattr(
                VersionForm,
                name,
                StringField(name, default=", ".join(sorted(value)), validators=[InputRequired(), Length(max=100)]),
            )
        else:
            setattr(VersionForm, name, NumberField(name, default=value, validators=[InputRequired()]))
        setattr(
            VersionForm,
            f"basis_{name}",
            StringField(
                f"{name} — legal basis",
                default=latest.legal_basis.get(name, ""),
                validators=[InputRequired(), Length(max=300)],
            ),
        )
    return VersionForm()


@bp.route("/admin/thresholds", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def thresholds_admin():
    _row, latest = threshold_versions.version_on(date(9999, 1, 1))
    form = _thresholds_form(latest)
    if form.validate_on_submit():
        values = {
            name: (
                sorted({c.strip().upper() for c in form[name].data.split(",") if c.strip()})
                if name == "at_risk_family_criteria"
                else float(form[name].data)
            )
            for name in Thresholds.value_names()
        }
        basis = {name: form[f"basis_{name}"].data.strip() for name in Thresholds.value_names()}
        try:
            threshold_versions.add_version(
                form.version.data.strip(), form.effective_from.data, values, basis, current_user
            )
        except threshold_versions.ThresholdError as error:
            discard_changes()
            form.version.errors.append(str(labels.ERRORS[error.code]))
        else:
            flash(
                _("New thresholds version added. Assessments from its date on use it; earlier results stay."), "success"
            )
            return redirect(url_for("assessments.thresholds_admin"))
    return render_template(
        "assessments/thresholds.html",
        form=form,
        versions=threshold_versions.all_versions(),
        names=Thresholds.value_names(),
    )
