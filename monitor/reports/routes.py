"""Risk reports and dashboards, drill-down lists, the Commission's print view, the ILO export."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import Optional

from monitor.areas.models import Area, AreaKind
from monitor.assessments import labels as status_labels
from monitor.audit.services import record_event
from monitor.cases import case_rules
from monitor.cases import labels as case_labels
from monitor.core.db import utcnow
from monitor.core.fields import DateDMYField
from monitor.core.forms import FlaskForm, Form
from monitor.core.office import office_today, office_zone
from monitor.core.params import row_id
from monitor.core.permissions import area_paths, deny, paths_condition, requires, scope_filter
from monitor.core.roles import Permission
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.referrals import labels as referral_labels
from monitor.registry.models import Child
from monitor.registry.queries import Page
from monitor.reports import bp, charts, counts, drill, labels, prepared, tasks  # noqa: F401  (tasks: the jobs declared)
from monitor.reports.commission import commission_figures
from monitor.reports.figures import BREAKDOWN, Period, age_group, age_on
from monitor.reports.keys import pseudonym_key
from monitor.reports.pseudonym import pseudonym

REPORT_KINDS = (
    AreaKind.REGION,
    AreaKind.CITY,
    AreaKind.DISTRICT,
    AreaKind.TOWN,
    AreaKind.AYIL_AIMAK,
    AreaKind.CITY_TERRITORY,
)
URL_SAFE = "!$'()*,/:;?@"  # the characters werkzeug leaves unquoted in a query string
DRILL_PAGE = 100  # children per page of a list behind a figure


class ExportForm(FlaskForm):
    """Only the CSRF token: the period and area come as the report's own fields."""


class ReportFilter(Form):
    start = DateDMYField("From", validators=[Optional()])
    end = DateDMYField("To", validators=[Optional()])
    area = SelectField("Area", coerce=row_id, choices=[], validators=[Optional()])


def _filters(default_start: date | None = None, default_end: date | None = None):
    """The period and areas asked for, limited to the user's; wrong input falls back with a message."""
    today = office_today()
    allow_long_statements(db.session)  # every report page may compute over a whole region
    form = ReportFilter(request.values)
    language = str(get_locale())
    areas = list(
        db.session.scalars(
            select(Area).where(scope_filter(Area.path, current_user), Area.kind.in_(REPORT_KINDS)).order_by(Area.path)
        )
    )
    form.area.choices = [(0, _all_areas())] + [(a.id, a.name(language)) for a in areas]
    errors = []
    if not form.validate():  # the dates' own messages (a year out of range), else the period's
        errors.extend(str(e) for e in form.start.errors + form.end.errors or [labels.ERRORS["period"]])
    start = form.start.data or default_start or date(today.year, 1, 1)
    end = form.end.data or default_end or today
    if start > end:
        errors.append(str(labels.ERRORS["period"]))
        start, end = date(today.year, 1, 1), today
    chosen = next((a for a in areas if a.id == form.area.data), None)
    if form.area.data and chosen is None:
        errors.append(str(labels.ERRORS["area"]))
    paths = [chosen.path] if chosen else area_paths(current_user)
    names = [chosen.name(language)] if chosen else [a.name(language) for a in current_user.areas]
    form.start.data, form.end.data = start, end
    form.start.raw_data = form.end.raw_data = None
    return form, Period(start, end, office_zone()), paths, names, sorted(set(errors))


def _all_areas():
    return _("All my areas")


def _query_args(form) -> dict:
    return {
        "start": form.start.data.strftime("%d.%m.%Y"),
        "end": form.end.data.strftime("%d.%m.%Y"),
        "area": form.area.data or 0,
    }


@bp.route("/reports")
@requires(Permission.VIEW_REPORTS)
def index():
    form, period, paths, names, errors = _filters()
    figures = counts.figures(paths, period, office_today(), str(get_locale()), case_rules())
    months = figures.months
    territory_rows = sorted(figures.by_territory.items())
    category_series = [(key, str(label)) for key, label in status_labels.NATIONAL.items()]
    # The charts escape every label themselves (territory names are typed by administrators).
    pictures = {
        "categories": Markup(
            charts.stacked(
                str(labels.SECTIONS["categories"]),
                [(name, dict(values)) for name, values in territory_rows],
                category_series,
            )
        ),
        "months": Markup(
            charts.columns(
                _months_title(), months, (str(labels.CHILDREN["identified"]), str(labels.CHILDREN["assessed"]))
            )
        ),
        "outcomes": Markup(
            charts.bars(
                str(labels.SECTIONS["outcomes"]),
                [
                    (str(case_labels.OUTCOMES[k]), figures.cell("outcomes", k).total)
                    for k in ("withdrawn", "protected", "prevented")
                ],
                "#20c997",
            )
        ),
    }
    return render_template(
        "reports/index.html",
        form=form,
        period=period,
        area_names=names,
        errors=errors,
        figures=figures,
        months=months,
        territory_rows=territory_rows,
        pictures=pictures,
        category_series=category_series,
        breakdown=BREAKDOWN,
        labels=labels,
        status_labels=status_labels,
        case_labels=case_labels,
        referral_labels=referral_labels,
        args=_query_args(form),
        children_url=_children_url(_query_args(form)),
        part_key=_part_key,
        outcome_rows=[(k, case_labels.OUTCOMES[k]) for k in ("withdrawn", "protected", "prevented")],
    )


def _months_title():
    return _("Cases opened and children assessed by month")


def _children_url(args: dict):
    """The link of each figure to its children: the route built once, not for each of the page's
    hundreds of cells (the query string encoded as url_for does)."""
    base, tail = url_for("reports.children"), urlencode(args, safe=URL_SAFE)

    def link(section: str, key: str, part: str) -> str:
        return f"{base}?{urlencode({'section': section, 'key': key, 'part': part}, safe=URL_SAFE)}&{tail}"

    return link


def _part_key(part) -> str:
    return "" if part is None else f"{part[0]}:{part[1]}"


@bp.route("/reports/children")
@requires(Permission.VIEW_REPORTS)
def children():
    """The children behind one figure (names only for those who may open the records)."""
    form, period, paths, names, errors = _filters()
    section, key, part = request.args.get("section", ""), request.args.get("key", ""), request.args.get("part", "")
    if section not in labels.SECTIONS or part not in labels.PARTS:
        abort(404)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    named = current_user.can(Permission.VIEW_CASES)
    language, today = str(get_locale()), office_today()
    total, behind = drill.behind(
        paths, period, today, case_rules(), section, key, part, page, DRILL_PAGE, language, named
    )
    record_event(
        "report_drilldown",
        user=current_user,
        section=section,
        key=key,
        part=part,
        children=total,
        period=[period.start.isoformat(), period.end.isoformat()],
        areas=names,
    )
    ids = [row.id for row in behind]
    rows = (
        list(
            db.session.scalars(
                select(Child)
                .where(Child.id.in_(ids), paths_condition(Child.area_path, paths))
                .order_by(Child.surname, Child.given_name, Child.id)
            )
        )
        if named
        else []
    )
    key_bytes = pseudonym_key(current_app)
    anonymous = [] if named else [(pseudonym(key_bytes, row.id), row) for row in behind]
    return render_template(
        "reports/children.html",
        form=form,
        period=period,
        area_names=names,
        rows=rows,
        anonymous=anonymous,
        total=total,
        page=Page(rows or anonymous, page, page * DRILL_PAGE < total),
        section=section,
        key=key,
        part=part,
        title=_cell_title(section, key),
        labels=labels,
        args=_query_args(form),
        today=office_today(),
        age_on=age_on,
        age_group=age_group,
        errors=errors,
    )


def _cell_title(section: str, key: str) -> str:
    names = {
        "children": labels.CHILDREN,
        "categories": status_labels.NATIONAL,
        "stages": case_labels.STAGES,
        "visits": labels.VISITS,
        "outcomes": case_labels.OUTCOMES,
        "referral_types": referral_labels.SERVICE_TYPES,
    }
    if section == "referrals" and "|" in key:
        kind, status = key.split("|", 1)
        return f"{referral_labels.SERVICE_TYPES.get(kind, kind)}: {referral_labels.STATUSES.get(status, status)}"
    return str(names.get(section, {}).get(key, key))


@bp.route("/reports/commission")
@requires(Permission.VIEW_REPORTS)
def commission():
    """The Commission's half-year figures, laid out for A4 paper."""
    today = office_today()
    half = date(today.year, 1, 1) if today.month <= 6 else date(today.year, 7, 1)
    form, period, paths, names, errors = _filters(half, today)
    return render_template(
        "reports/commission.html",
        form=form,
        period=period,
        area_names=names,
        errors=errors,
        figures=commission_figures(paths, period),
        args=_query_args(form),
        today=today,
    )


@bp.route("/reports/export", methods=["POST"])
@requires(Permission.EXPORT_AGGREGATES)
def export():
    """Queue the ILO export of the report's area and period; it is prepared in the background."""
    if not ExportForm().validate_on_submit():
        abort(400)
    form, period, paths, names, errors = _filters()
    if errors:  # an area not offered, a wrong period: nothing is queued; the report, asked for
        # with the same values, says why
        asked = {name: request.form.get(name, "") for name in ("start", "end", "area")}
        return redirect(url_for("reports.index", **asked))
    kind = "zip" if request.form.get("format") == "zip" else "workbook"
    area_id = form.area.data or None
    prepared.request_export(current_user, kind, paths, area_id, names, period, str(get_locale()))
    return redirect(url_for("reports.exports"))


@bp.route("/reports/exports")
@requires(Permission.EXPORT_AGGREGATES)
def exports():
    """The user's exports: progress while they are prepared, a download link when ready."""
    form, period, _paths, names, errors = _filters()
    listed = prepared.my_exports(current_user)
    return render_template(
        "reports/exports.html",
        form=form,
        period=period,
        area_names=names,
        errors=errors,
        exports=listed,
        args=_query_args(form),
        waiting=any(e.status in ("queued", "running") for e in listed),
        now=utcnow(),
    )


@bp.route("/reports/exports/<int:export_id>/download")
@requires(Permission.EXPORT_AGGREGATES)
def download_export(export_id: int):
    try:
        found = prepared.download_export(current_user, export_id, utcnow())
    except prepared.ExportRefused:
        deny(404, reason="export_out_of_scope", object_type="export", object_id=export_id)
    except prepared.ExportGone:
        abort(404)
    response = send_file(found.path, mimetype=found.mimetype, as_attachment=True, download_name=found.filename)
    response.headers["Cache-Control"] = "no-store"
    return response
