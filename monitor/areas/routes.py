from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from monitor.areas import bp, services
from monitor.areas.forms import AREA_ERRORS, KIND_LABELS, AreaCreateForm, AreaNamesForm, AreaRetireForm
from monitor.areas.models import Area, AreaKind
from monitor.core.forms import choices
from monitor.core.params import row_id
from monitor.core.permissions import area_paths, get_in_scope_or_404, requires
from monitor.core.roles import Permission
from monitor.core.transaction import discard_changes
from monitor.core.versioning import flush_or_stale, is_stale
from monitor.extensions import db


def _language() -> str:
    return str(get_locale())


@bp.route("/")
@requires(Permission.VIEW_AREAS)
def index():
    tree = services.as_tree(services.areas_within(area_paths(current_user)), _language())
    return render_template("areas/index.html", tree=tree, kinds=KIND_LABELS)


@bp.route("/<int:area_id>")
@requires(Permission.VIEW_AREAS)
def show(area_id: int):
    area = get_in_scope_or_404(Area, area_id, lambda a: a)
    tree = services.as_tree(services.areas_within([area.path]), _language())
    return render_template("areas/show.html", area=area, tree=tree[1:], kinds=KIND_LABELS)


@bp.route("/manage")
@requires(Permission.MANAGE_AREAS)
def manage():
    tree = services.as_tree(services.all_areas(), _language())
    return render_template("areas/manage.html", tree=tree, kinds=KIND_LABELS)


@bp.route("/manage/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_AREAS)
def create():
    parent = db.session.get(Area, request.args.get("parent", type=row_id) or 0)
    form = AreaCreateForm()
    if form.validate_on_submit():
        try:
            area = services.create_area(
                parent,
                AreaKind(form.kind.data),
                form.soate.data,
                form.name_ky.data,
                form.name_ru.data,
                form.name_en.data,
                actor=current_user,
            )
        except services.AreaError as error:
            discard_changes()
            form.kind.errors.append(AREA_ERRORS[error.code])
        else:
            flash(_("Area added."), "success")
            return redirect(url_for("areas.manage", _anchor=f"area-{area.id}"))
    return render_template("areas/form.html", form=form, parent=parent, area=None)


@bp.route("/manage/<int:area_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_AREAS)
def edit(area_id: int):
    area = db.session.get(Area, area_id) or abort(404)
    form = AreaNamesForm(obj=area)
    if form.validate_on_submit() and not is_stale(form, area):
        try:
            services.rename_area(
                area, form.soate.data, form.name_ky.data, form.name_ru.data, form.name_en.data, actor=current_user
            )
        except services.AreaError as error:
            discard_changes()
            form.soate.errors.append(AREA_ERRORS[error.code])
        else:
            if flush_or_stale(form):
                flash(_("Area saved."), "success")
                return redirect(url_for("areas.manage", _anchor=f"area-{area.id}"))
    return render_template("areas/form.html", form=form, parent=area.parent, area=area)


@bp.route("/manage/<int:area_id>/retire", methods=["GET", "POST"])
@requires(Permission.MANAGE_AREAS)
def retire(area_id: int):
    area = db.session.get(Area, area_id) or abort(404)
    form = AreaRetireForm()
    candidates = [
        a
        for a, _depth in services.as_tree(services.all_areas(), _language())
        if a.active and a.id != area.id and a.level == area.level
    ]
    form.merged_into.choices = choices([(0, "—")] + [(a.id, a.name(_language())) for a in candidates])
    if form.validate_on_submit():
        target = db.session.get(Area, form.merged_into.data) if form.merged_into.data else None
        try:
            services.retire_area(area, target, actor=current_user)
        except services.AreaError as error:
            discard_changes()
            form.merged_into.errors.append(AREA_ERRORS[error.code])
        else:
            flash(_("Area retired."), "success")
            return redirect(url_for("areas.manage", _anchor=f"area-{area.id}"))
    return render_template("areas/retire.html", form=form, area=area)
