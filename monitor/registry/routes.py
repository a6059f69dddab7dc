from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from monitor.core.office import office_today
from monitor.core.params import page_number, row_id
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.core.versioning import posted_version
from monitor.registry import bp, formdata, labels, queries, services
from monitor.registry.data import RegistryError
from monitor.registry.form_errors import attach, attach_problems, check_children
from monitor.registry.forms import ChildEditForm, FamilyForm, FamilyRegistrationForm
from monitor.registry.loaders import load_family
from monitor.registry.models import CriterionKind
from monitor.registry.registration import NewChild, register_household, register_one_child


def _language() -> str:
    return str(get_locale())


@bp.route("/families")
@requires(Permission.VIEW_CASES)
def families():
    area_id = request.args.get("area", type=row_id)
    criterion_id = request.args.get("criterion", type=row_id)
    sort = request.args.get("sort", "newest")
    page = queries.list_families(
        current_user,
        area_id=area_id,
        criterion_id=criterion_id,
        sort=sort,
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "registry/families.html",
        page=page,
        area_id=area_id,
        criterion_id=criterion_id,
        sort=sort,
        areas=formdata.area_choices(current_user, _language(), active_only=False),
        criteria=formdata.criteria_of(CriterionKind.FAMILY),
        language=_language(),
    )


@bp.route("/families/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def register_family():
    form = FamilyRegistrationForm()
    formdata.prepare_family_form(form, current_user, _language())
    warnings = {}
    if form.is_submitted() and (form.add_child.data or form.add_member.data):
        (form.children if form.add_child.data else form.members).append_entry()
        formdata.prepare_family_form(form, current_user, _language())
    elif form.validate_on_submit():
        children = [NewChild(formdata.child_data(e.form), bool(e.form.confirm_distinct.data)) for e in form.children]
        outcome = register_household(formdata.family_data(form), children, current_user, office_today())
        attach_problems(form, outcome.problems)
        if outcome.family is not None:
            flash(
                _(
                    "Family %(ref)s registered with %(count)s children.",
                    ref=outcome.family.ref,
                    count=len(form.children),
                ),
                "success",
            )
            return redirect(url_for("registry.family", family_id=outcome.family.id))
        warnings = outcome.warnings
    elif form.is_submitted():
        check_children(form, office_today())  # every message at once, not one round per rule
    return render_template("registry/family_register.html", form=form, warnings=warnings, labels=labels)


@bp.route("/families/<int:family_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def edit_family(family_id: int):
    family = load_family(family_id)
    form = FamilyForm(obj=family)
    formdata.prepare_family_form(form, current_user, _language())
    if not form.is_submitted():
        formdata.fill_family_form(form, family)
    elif form.add_member.data:
        form.members.append_entry()
    elif form.validate_on_submit():
        try:
            services.update_family(
                family, formdata.family_data(form), current_user, office_today(), version=posted_version(form)
            )
        except RegistryError as error:
            discard_changes()
            attach(form, error)
        else:
            flash(_("Family saved."), "success")
            return redirect(url_for("registry.family", family_id=family.id))
    return render_template("registry/family_edit.html", form=form, family=family, labels=labels)


@bp.route("/families/<int:family_id>/children/new", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def add_child(family_id: int):
    family = load_family(family_id)
    form = ChildEditForm()
    formdata.prepare_child_fields(form, _language())
    matches = []
    if form.validate_on_submit():
        new = NewChild(formdata.child_data(form), bool(form.confirm_distinct.data))
        outcome = register_one_child(family, new, current_user, office_today())
        attach_problems(form, outcome.problems)
        child, matches = outcome.child, outcome.warnings.get(0, [])
        if child is not None:
            flash(_("Child %(ref)s registered.", ref=child.ref), "success")
            return redirect(url_for("registry.child", child_id=child.id))
    return render_template(
        "registry/child_form.html", form=form, family=family, child=None, matches=matches, labels=labels
    )
