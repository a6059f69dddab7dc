from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from monitor.core.office import office_today
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.core.versioning import posted_version
from monitor.registry import bp, formdata, labels, services
from monitor.registry.data import RegistryError
from monitor.registry.form_errors import attach
from monitor.registry.forms import ChildEditForm, MergeChildForm, MoveChildForm, parse_ref
from monitor.registry.loaders import load_child, load_family


def _language() -> str:
    return str(get_locale())


@bp.route("/children/<int:child_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def edit_child(child_id: int):
    child = load_child(child_id)
    if child.merged_into_id:
        abort(404)
    form = ChildEditForm(obj=child)
    formdata.prepare_child_fields(form, _language())
    if not form.is_submitted():
        formdata.fill_child_form(form, child)
    elif form.validate_on_submit():
        try:
            services.update_child(
                child, formdata.child_data(form), current_user, office_today(), version=posted_version(form)
            )
        except RegistryError as error:
            discard_changes()
            attach(form, error)
        else:
            flash(_("Child saved."), "success")
            return redirect(url_for("registry.child", child_id=child.id))
    return render_template(
        "registry/child_form.html", form=form, family=child.family, child=child, matches=[], labels=labels
    )


@bp.route("/children/<int:child_id>/move", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def move_child(child_id: int):
    child = load_child(child_id)
    form = MoveChildForm()
    if form.validate_on_submit():
        family_id = parse_ref(form.family_ref.data, "F")
        if family_id is None:
            form.family_ref.errors.append(str(labels.ERRORS["family_unknown"]))
        else:
            family = load_family(family_id)
            try:
                services.move_child(child, family, current_user, office_today())
            except RegistryError as error:
                discard_changes()
                attach(form, error)
            else:
                flash(_("The child now lives in family %(ref)s.", ref=family.ref), "success")
                return redirect(url_for("registry.child", child_id=child.id))
    return render_template("registry/child_move.html", form=form, child=child)


@bp.route("/children/<int:child_id>/merge", methods=["GET", "POST"])
@requires(Permission.REVIEW_CASES)
def merge_child(child_id: int):
    """First step: the number of the other record; nothing changes until the comparison is confirmed."""
    child = load_child(child_id)
    form = MergeChildForm()
    if form.validate_on_submit():
        other_id = parse_ref(form.child_ref.data, "C")
        if other_id is None or other_id == child.id:
            form.child_ref.errors.append(str(labels.ERRORS["child_unknown" if other_id is None else "merge_invalid"]))
        else:
            load_child(other_id)  # 404 (audited) outside the user's areas
            return redirect(url_for("registry.confirm_merge", child_id=child.id, other_id=other_id))
    return render_template("registry/child_merge.html", form=form, child=child)
