"""A child's audit trail: the events on the record and on its assessments (the audit module is below
both, so the page that joins them is here). Registered on the audit blueprint."""

import json

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from monitor.assessments.models import Assessment
from monitor.audit import bp, queries
from monitor.audit.services import record_event
from monitor.core.permissions import requires
from monitor.core.roles import Permission
from monitor.extensions import db
from monitor.registry.loaders import load_child


@bp.route("/children/<int:child_id>/audit")
@requires(Permission.REVIEW_CASES)
def child(child_id: int):
    record = load_child(child_id)
    ids = list(db.session.scalars(select(Assessment.id).where(Assessment.child_id == record.id)))
    rows = queries.child_events(record, ids)
    record_event("child_audit_viewed", user=current_user, obj=record, area_id=record.family.area_id)
    return render_template("audit/child.html", child=record, rows=rows, json=json)
