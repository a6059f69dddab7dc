from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from monitor.admin import bp, lists, reference, services
from monitor.admin.erasure import erase_child
from monitor.admin.forms import ACCOUNT_ERRORS, ROLE_LABELS, ConfirmForm, UserCreateForm, UserForm
from monitor.admin.reference_forms import REFERENCE_ERRORS, CriterionForm, ErasureForm
from monitor.areas.services import all_areas, as_tree
from monitor.auth import twofactor
from monitor.auth.messages import password_messages
from monitor.auth.models import User
from monitor.auth.services import PasswordRejected, end_all_sessions
from monitor.core.forms import choices
from monitor.core.permissions import requires
from monitor.core.roles import AREA_SCOPED_ROLES, Permission, Role
from monitor.core.transaction import discard_changes
from monitor.core.versioning import flush_or_stale, is_stale
from monitor.extensions import db
from monitor.registry.forms import parse_ref
from monitor.registry.models import Child, Criterion, CriterionKind


def _prepare(form: UserForm) -> None:
    language = str(get_locale())
    form.areas.choices = choices(
        (area.id, "\u2003" * depth + area.name(language))
        for area, depth in as_tree(all_areas(), language)
        if area.active
    )


def _form_problem(form: UserForm) -> bool:
    roles = {Role(value) for value in form.roles.data or []}
    if not roles:
        form.roles.errors.append(ACCOUNT_ERRORS["roles_required"])
    elif roles & AREA_SCOPED_ROLES and not form.areas.data:
        form.areas.errors.append(ACCOUNT_ERRORS["areas_required"])
    return bool(form.roles.errors or form.areas.errors)


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def users():
    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return render_template("admin/users.html", users=rows, role_labels=ROLE_LABELS)


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def create_user():
    form = UserCreateForm()
    _prepare(form)
    if form.validate_on_submit() and not _form_problem(form):
        try:
            user, password = services.create_user(
                form.username.data,
                form.full_name.data,
                [Role(r) for r in form.roles.data],
                form.areas.data,
                form.language.data,
                form.password.data or None,
                actor=current_user,
            )
        except services.AccountError as error:
            discard_changes()
            form.username.errors.append(ACCOUNT_ERRORS[error.code])
        except PasswordRejected as rejected:
            discard_changes()
            form.password.errors.extend(password_messages(rejected.codes))
        else:
            return render_template("admin/password_once.html", user=user, password=password)
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    _prepare(form)
    if not form.is_submitted():
        form.roles.data = [role.value for role in user.roles]
        form.areas.data = [area.id for area in user.areas]
    if form.validate_on_submit() and not _form_problem(form) and not is_stale(form, user):
        services.update_user(
            user,
            form.full_name.data,
            [Role(r) for r in form.roles.data],
            form.areas.data,
            form.language.data,
            actor=current_user,
        )
        if flush_or_stale(form):
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, confirm=ConfirmForm())


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_password(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    password = services.reset_password(user, actor=current_user)
    return render_template("admin/password_once.html", user=user, password=password)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def toggle_active(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.set_active(user, not user.active, actor=current_user)
    except services.AccountError as error:
        discard_changes()
        flash(ACCOUNT_ERRORS[error.code], "danger")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    flash(_("Account activated.") if user.active else _("Account deactivated."), "success")
    return redirect(url_for("admin.users"))


@bp.route("/criteria")
@requires(Permission.MANAGE_REFERENCE)
def criteria():
    rows = db.session.scalars(select(Criterion).order_by(Criterion.kind, Criterion.code)).all()
    return render_template("admin/criteria.html", criteria=rows)


@bp.route("/criteria/new", methods=["GET", "POST"])
@bp.route("/criteria/<int:criterion_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def edit_criterion(criterion_id: int | None = None):
    criterion = (db.session.get(Criterion, criterion_id) or abort(404)) if criterion_id else None
    form = CriterionForm(obj=criterion)
    if criterion is not None:
        del form.kind
    if form.validate_on_submit() and not is_stale(form, criterion):
        kind = CriterionKind(form.kind.data) if criterion is None else criterion.kind
        try:
            reference.save_criterion(criterion, form.code.data, kind, form.data, actor=current_user)
        except reference.ReferenceError_ as error:
            discard_changes()
            form.code.errors.append(REFERENCE_ERRORS[error.code])
        else:
            if flush_or_stale(form):
                flash(_("Criterion saved."), "success")
                return redirect(url_for("admin.criteria"))
    return render_template("admin/criterion_form.html", form=form, criterion=criterion)


@bp.route("/lists/<kind>")
@requires(Permission.MANAGE_REFERENCE)
def reference_list(kind: str):
    if kind not in lists.LISTS:
        abort(404)
    return render_template("admin/reference_list.html", kind=kind, spec=lists.LISTS[kind], rows=lists.rows(kind))


@bp.route("/lists/<kind>/new", methods=["GET", "POST"])
@bp.route("/lists/<kind>/<int:entry_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def reference_entry(kind: str, entry_id: int | None = None):
    spec = lists.LISTS.get(kind) or abort(404)
    entry = (db.session.get(spec.model, entry_id) or abort(404)) if entry_id else None
    form = spec.form(obj=entry)
    if form.validate_on_submit() and not is_stale(form, entry):
        try:
            lists.save(kind, entry, form.data, current_user)
        except lists.CodeTaken:
            discard_changes()
            form.code.errors.append(str(REFERENCE_ERRORS["code_taken"]))
        else:
            if flush_or_stale(form):
                flash(_("Saved."), "success")
                return redirect(url_for("admin.reference_list", kind=kind))
    return render_template("admin/reference_form.html", kind=kind, spec=spec, form=form, entry=entry)


@bp.route("/lists")
@requires(Permission.MANAGE_REFERENCE)
def reference_lists():
    return render_template("admin/reference_index.html", lists=lists.LISTS)


@bp.route("/users/<int:user_id>/two-factor-reset", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_two_factor(user_id: int):
    """After a lost phone: the user sets up a new authenticator at the next sign-in."""
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    twofactor.disable(user, actor=current_user)
    end_all_sessions(user)
    flash(_("Two-factor sign-in reset: the user sets it up again at the next sign-in."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/erasure", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def erasure():
    """Erase a child's identifying data on a lawful request (audited; counts stay for reports)."""
    form = ErasureForm()
    if form.validate_on_submit():
        child_id = parse_ref(form.child_ref.data, "C")
        child = db.session.get(Child, child_id) if child_id else None
        if child is None or child.merged_into_id is not None:
            form.child_ref.errors.append(_("No child with this number."))
        elif child.erased_at is not None:
            form.child_ref.errors.append(_("This child's data has already been erased."))
        else:
            erase_child(child, form.reason.data.strip(), bool(form.include_family.data), actor=current_user)
            flash(_("The identifying data of %(ref)s has been erased.", ref=child.ref), "success")
            return redirect(url_for("admin.erasure"))
    return render_template("admin/erasure.html", form=form)
