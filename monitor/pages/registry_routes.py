"""The registry's pages that show what the modules built on it record: the list of children (with
their labour status), a family and a child (with their assessments and cases), and the comparison of
two records before a merge (what hangs on each). Registered on the registry's blueprint."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from monitor.assessments import labels as status_labels
from monitor.assessments.explain import explain
from monitor.assessments.queries import history
from monitor.cases import labels as case_labels
from monitor.cases.queries import case_rows
from monitor.core.forms import choices
from monitor.core.office import office_today
from monitor.core.params import page_number
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.pages.merge_summary import merge_sides
from monitor.registry import bp, formdata, labels, queries, services
from monitor.registry.data import RegistryError
from monitor.registry.forms import ChildFilterForm, ConfirmMergeForm
from monitor.registry.loaders import load_child, load_family, record_view
from monitor.registry.models import CriterionKind


def _language() -> str:
    return str(get_locale())


@bp.route("/children")
@requires(Permission.VIEW_CASES)
def children():
    form = ChildFilterForm(request.args)
    form.area.choices = [(0, "—")] + list(formdata.area_choices(current_user, _language(), active_only=False))
    form.criterion.choices = [(0, "—")] + list(formdata.criterion_choices(CriterionKind.CHILD, _language()))
    form.status.choices = choices([("", "—")] + list(status_labels.NATIONAL.items()))
    if form.q.data:
        return render_template(
            "registry/children.html",
            form=form,
            results=queries.search_children(
                current_user, form.q.data, status=form.status.data or None, needs_action=bool(form.needs_action.data)
            ),
            page=None,
            labels=labels,
            today=office_today(),
            status_labels=status_labels,
        )
    page = queries.list_children(
        current_user,
        office_today(),
        area_id=form.area.data if form.area.validate(form) else None,
        sex=form.sex.data or None,
        band=form.band.data or None,
        criterion_id=form.criterion.data or None,
        attendance=form.attendance.data or None,
        status=form.status.data or None,
        needs_action=bool(form.needs_action.data),
        sort=form.sort.data or "name",
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template(
        "registry/children.html",
        form=form,
        results=None,
        page=page,
        labels=labels,
        today=office_today(),
        status_labels=status_labels,
    )


@bp.route("/families/<int:family_id>")
@requires(Permission.VIEW_CASES)
def family(family_id: int):
    family = load_family(family_id)
    record_view(family, family.area_id)
    return render_template(
        "registry/family.html",
        family=family,
        labels=labels,
        language=_language(),
        today=office_today(),
        rows=case_rows([c.id for c in family.children]),
        status_labels=status_labels,
        case_labels=case_labels,
    )


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
