import json

from flask import Response, render_template, request, stream_with_context
from flask_login import current_user

from monitor.audit import bp, queries
from monitor.audit.services import record_event
from monitor.core.csvsafe import csv_lines
from monitor.core.dates import parse_date
from monitor.core.i18n import format_datetime
from monitor.core.office import office_today
from monitor.core.params import row_id
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db


def _filter() -> queries.AuditFilter:
    def day(name):
        try:
            return parse_date(request.args.get(name, ""), office_today()) if request.args.get(name) else None
        except ValueError:
            return None

    return queries.AuditFilter(
        username=request.args.get("user", "")[:64],
        action=request.args.get("action", "")[:40],
        object_type=request.args.get("object_type", "")[:40],
        object_id=request.args.get("object_id", type=row_id),
        date_from=day("from"),
        date_to=day("to"),
    )


@bp.route("/audit")
@requires(Permission.VIEW_AUDIT)
def index():
    rows, more = queries.page_of_events(current_user, _filter(), request.args.get("before", type=row_id))
    return render_template("audit/index.html", rows=rows, more=more, actions=queries.actions(), json=json)


@bp.route("/audit/export.csv")
@requires(Permission.VIEW_AUDIT)
def export():
    allow_long_statements(db.session)  # up to 100,000 events
    criteria = _filter()
    rows = [
        [
            e.id,
            format_datetime(e.at),
            username or "",
            e.action,
            e.object_type or "",
            e.object_id or "",
            e.area_id or "",
            e.ip or "",
            json.dumps(e.details, ensure_ascii=False),
        ]
        for e, username in db.session.execute(queries.scoped_events(current_user, criteria).limit(100_000))
    ]
    record_event(
        "audit_exported", user=current_user, rows=len(rows), filters={k: str(v) for k, v in vars(criteria).items() if v}
    )
    lines = csv_lines(["id", "at", "user", "action", "object_type", "object_id", "area_id", "ip", "details"], rows)
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv", "Cache-Control": "no-store"},
    )
