from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from monitor.assessments import labels as status_labels
from monitor.assessments.explain import explain
from monitor.assessments.queries import history
from monitor.cases import labels as case_labels
from monitor.cases.queries import case_rows
from monitor.core.office import office_today
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.core.versioning import posted_version
from monitor.registry import bp, formdata, labels, services
from monitor.registry.data import RegistryError
from monitor.registry.forms import ChildEditForm, ConfirmMergeForm, MergeChildForm, MoveChildForm, parse_ref
from monitor.registry.loaders import load_child, load_family, record_view
from monitor.registry.merge_summary import merge_sides
from monitor.registry.registration import attach


def _language() -> str:
    return str(get_locale())


@bp.route("/children/<int:child_id>")
@requires(Permission.VIEW_CASES)
def child(child_id: int):
    child = load_child(child_id)
    if child.merged_into_id:
        return redirect(url_for("registry.child", child_id=child.merged_into_id))
    record_view(child, child.family.area_id)
    language = _language()
    return render_template(
        "registry/child.html",
        child=child,
        labels=labels,
        language=language,
        today=office_today(),
        assessments=history(child.id),
        status_reasons=explain(child.labour_reasons, language),
        status_labels=status_labels,
        cases=case_rows([child.id]),
        case_labels=case_labels,
    )


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


def _refusal(first, second) -> str | None:
    """Why these two records cannot be merged as they stand (read only), or None."""
    try:
        services.check_merge(first, second)
    except RegistryError as error:
        return str(labels.ERRORS[error.code])
    return None


@bp.route("/children/<int:child_id>/merge/<int:other_id>", methods=["GET", "POST"])
@requires(Permission.REVIEW_CASES)
def confirm_merge(child_id: int, other_id: int):
    first, second = load_child(child_id), load_child(other_id)
    form = ConfirmMergeForm()
    form.keep.choices = [(first.id, first.ref), (second.id, second.ref)]
    if not form.is_submitted():  # the versions shown: a record changed before the POST is refused
        form.keep.data, form.version_a.data, form.version_b.data = first.id, first.version, second.version
        for child in (first, second):
            record_view(child, child.family.area_id)
    refusal = None
    if form.validate_on_submit():
        keep, drop = (first, second) if form.keep.data == first.id else (second, first)
        try:
            services.merge_children(keep, drop, current_user, office_today(), versions=form.versions(first, second))
        except RegistryError as error:
            discard_changes()
            refusal = str(labels.ERRORS[error.code])
        else:
            flash(_("Record %(other)s merged into %(ref)s.", other=drop.ref, ref=keep.ref), "success")
            return redirect(url_for("registry.child", child_id=keep.id))
    return render_template(
        "registry/child_merge_confirm.html",
        form=form,
        sides=merge_sides(first, second),
        refusal=refusal or _refusal(first, second),
        labels=labels,
        language=_language(),
    )
