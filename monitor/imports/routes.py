"""Importing office lists: upload, map columns, preview, commit, undo; and the template."""

from __future__ import annotations

import io

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from monitor.areas.models import Area, user_area
from monitor.assessments import labels as assessment_labels
from monitor.core.fields import DateDMYField
from monitor.core.forms import FlaskForm, choices
from monitor.core.office import office_today
from monitor.core.params import row_id
from monitor.core.permissions import deny, requires, scope_filter
from monitor.core.roles import Permission
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.imports import bp, labels, services, tasks
from monitor.imports import undo as undoing
from monitor.imports.columns import FIELDS, field_for
from monitor.imports.models import ImportBatch
from monitor.imports.reader import ImportRefused, read_table
from monitor.imports.template import template_workbook
from monitor.registry.data import RegistryError


class UploadForm(FlaskForm):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file."))])
    area_id = SelectField(_l("Area for rows that name none"), coerce=row_id, choices=[])
    visit_date = DateDMYField(_l("Date of the check (for rows with work)"), validators=[Optional()])
    location = SelectField(
        _l("Where the children were found (for rows with work)"),
        choices=choices(assessment_labels.LOCATIONS.items()),
        default="bazaar",
    )
    submit = SubmitField(_l("Upload and check"))


class MappingForm(FlaskForm):
    save_as = StringField(_l("Save this mapping as (optional)"), validators=[Optional(), Length(max=80)])
    submit = SubmitField(_l("Check the rows"))


class DecisionForm(FlaskForm):
    submit = SubmitField(_l("Import the rows"))


class UndoForm(FlaskForm):
    submit = SubmitField(_l("Undo this import"))


def _areas() -> list[Area]:
    return list(
        db.session.scalars(select(Area).where(scope_filter(Area.path, current_user), Area.active).order_by(Area.path))
    )


def _visible_batches():
    """The user's own imports; supervisors also see those of people working in their areas."""
    query = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(100)
    if current_user.can(Permission.REVIEW_CASES):
        colleagues = (
            select(user_area.c.user_id)
            .join(Area, Area.id == user_area.c.area_id)
            .where(scope_filter(Area.path, current_user))
        )
        return query.where((ImportBatch.created_by_id == current_user.id) | ImportBatch.created_by_id.in_(colleagues))
    return query.where(ImportBatch.created_by_id == current_user.id)


def _batch(batch_id: int) -> ImportBatch:
    """The batch if the user may see it; another's answers 404 through the audited refusal."""
    batch = db.session.scalar(_visible_batches().where(ImportBatch.id == batch_id).limit(None))
    if batch is None:
        if db.session.scalar(select(ImportBatch.id).where(ImportBatch.id == batch_id)) is None:
            abort(404)
        deny(404, reason="out_of_area", object_type=ImportBatch.__name__.lower(), object_id=batch_id)
    return batch


@bp.route("/imports", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def index():
    form = UploadForm()
    language = str(get_locale())
    form.area_id.choices = [(0, "—")] + [(a.id, a.name(language)) for a in _areas()]
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        try:
            batch = services.start(
                data,
                upload.filename or "upload",
                current_user,
                services.limits_from(current_app.config),
                form.area_id.data or None,
                form.visit_date.data,
                form.location.data,
            )
        except ImportRefused as error:
            db.session.rollback()
            form.file.errors.append(labels.refusal(error))
        else:
            db.session.commit()
            return redirect(url_for("imports.mapping", batch_id=batch.id))
    batches = db.session.scalars(_visible_batches()).all()
    return render_template("imports/index.html", form=form, batches=batches, labels=labels)


@bp.route("/imports/<int:batch_id>/mapping", methods=["GET", "POST"])
@requires(Permission.EDIT_CASES)
def mapping(batch_id: int):
    batch = _batch(batch_id)
    if batch.status != "mapping":
        return redirect(url_for("imports.show", batch_id=batch.id))
    form = MappingForm()
    field_choices = [("", str(labels.IGNORE))] + [(name, str(labels.FIELDS[name])) for name in FIELDS]
    if form.validate_on_submit():
        chosen = {}
        for index in range(len(batch.headers)):
            value = request.form.get(f"column-{index}", "")
            if value in FIELDS and value not in chosen.values():
                chosen[str(index)] = value
        batch.mapping = chosen
        if not chosen:
            form.form_errors.append(str(labels.NO_COLUMNS))
        else:
            if form.save_as.data:
                services.save_mapping(batch, form.save_as.data, current_user)
            tasks.start_check(batch, current_user)
            db.session.commit()
            return redirect(url_for("imports.show", batch_id=batch.id))
    samples = _sample_rows(batch)
    return render_template(
        "imports/mapping.html",
        batch=batch,
        form=form,
        field_choices=field_choices,
        samples=samples,
        earlier=services.earlier_import(batch),
        labels=labels,
    )


def _sample_rows(batch: ImportBatch) -> list[list]:
    try:
        table = read_table(
            services.kept(batch).content, batch.filename, services.limits_from(current_app.config), field_for
        )
    except ImportRefused:
        return []
    return table.rows[:3]


@bp.route("/imports/<int:batch_id>")
@requires(Permission.EDIT_CASES)
def show(batch_id: int):
    batch = _batch(batch_id)
    if batch.status == "mapping":
        return redirect(url_for("imports.mapping", batch_id=batch.id))
    rows = batch.payload.report.get("rows", []) if batch.status == "checked" and batch.payload else []
    shown = [r for r in rows if r["problems"] or r["matches"] or r["repeat_of"] is not None][:1000]
    blockers = undoing.undo_blockers(batch) if batch.status == "committed" else []
    language = str(get_locale())
    area_ids = {r["area_id"] for r in shown if r.get("area_id")}
    area_names = {a.id: a.name(language) for a in db.session.scalars(select(Area).where(Area.id.in_(area_ids or [-1])))}
    return render_template(
        "imports/show.html",
        batch=batch,
        rows=shown,
        all_rows=len(rows),
        labels=labels,
        area_names=area_names,
        decision_form=DecisionForm(),
        undo_form=UndoForm(),
        blockers=blockers,
        job=tasks.current_job(batch),
    )


@bp.route("/imports/<int:batch_id>/commit", methods=["POST"])
@requires(Permission.EDIT_CASES)
def commit(batch_id: int):
    batch = _batch(batch_id)
    if not DecisionForm().validate_on_submit() or batch.status != "checked":
        return redirect(url_for("imports.show", batch_id=batch.id))
    tasks.start_commit(batch.id, current_user, request.form.getlist("include", type=row_id))
    db.session.commit()
    return redirect(url_for("imports.show", batch_id=batch.id))


@bp.route("/imports/<int:batch_id>/undo", methods=["POST"])
@requires(Permission.REVIEW_CASES)
def undo(batch_id: int):
    batch = _batch(batch_id)
    if UndoForm().validate_on_submit():
        allow_long_statements(db.session)  # a whole file's families and children
        try:
            counts = undoing.undo(batch, current_user)
        except RegistryError as error:
            db.session.rollback()
            flash(str(labels.UNDO_BLOCKERS.get(error.code, error.code)), "danger")
        else:
            db.session.commit()
            flash(
                _(
                    "Import undone: %(families)s families and %(children)s children removed.",
                    families=counts.get("family", 0),
                    children=counts.get("child", 0),
                ),
                "success",
            )
    return redirect(url_for("imports.show", batch_id=batch.id))


@bp.route("/imports/template.xlsx")
@requires(Permission.EDIT_CASES)
def template():
    buffer = io.BytesIO()
    template_workbook(buffer, _areas(), office_today())
    return Response(
        buffer.getvalue(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": 'attachment; filename="monitor-import-template.xlsx"'},
    )
