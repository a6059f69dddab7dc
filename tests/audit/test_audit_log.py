"""The audit log: scoped reading, filters, export (itself audited), the child's tab, no edits."""

import csv
import io

from sqlalchemy import select

from monitor.audit.models import AuditEvent
from monitor.core.csvsafe import csv_lines
from monitor.extensions import db
from tests.conftest import login
from tests.registry.conftest import family_form
from tests.registry.test_records import _child_id
from tests.registry.test_registration import THREE


def _setup(app, login_as, places, register):
    worker = login_as("worker")
    register(worker, family_form(places["savay"], THREE))
    osh = app.test_client()
    login(osh, "worker.osh")
    register(
        osh,
        family_form(
            places["amir_timur"], [{"surname": "Осмонов", "given_name": "Улан", "birth_date": "01.01.2012", "sex": "M"}]
        ),
    )
    child_id = _child_id(app, "Нурзада")
    worker.get(f"/children/{child_id}")
    return worker, child_id


def test_supervisor_reads_the_events_of_their_district_only(app, login_as, places, register):
    _setup(app, login_as, places, register)
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    html = supervisor.get("/audit").get_data(as_text=True)
    assert "child_viewed" in html and "Маматова" not in html  # records by id, no names
    assert "worker.osh" not in html  # Osh city is not their district
    admin = app.test_client()
    login(admin, "admin")
    assert "worker.osh" in admin.get("/audit").get_data(as_text=True)


def test_filters_by_user_and_action(app, login_as, places, register):
    _setup(app, login_as, places, register)
    admin = app.test_client()
    login(admin, "admin")
    html = admin.get("/audit", query_string={"user": "worker.osh", "action": "family_created"}).get_data(as_text=True)
    assert html.count("family_created") >= 1 and "child_viewed</code>" not in html


def test_export_is_a_csv_and_is_itself_audited(app, login_as, places, register):
    _setup(app, login_as, places, register)
    admin = app.test_client()
    login(admin, "admin")
    response = admin.get("/audit/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["id", "at", "user", "action"] and len(rows) > 10
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_exported"))
        assert event.details["rows"] == len(rows) - 1


def test_the_childs_tab_shows_who_saw_it(app, login_as, places, register):
    _, child_id = _setup(app, login_as, places, register)
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    html = supervisor.get(f"/children/{child_id}/audit").get_data(as_text=True)
    assert "child_viewed" in html and ">worker<" in html and "child_created" in html


def test_no_route_changes_audit_rows(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_csv_cells_never_run_as_formulas():
    text = "".join(csv_lines(["name"], [['=HYPERLINK("http://x")'], ["+1"], ["-2"], ["@SUM(A1)"], ["Нурзада"]]))
    cells = [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    assert cells == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "Нурзада"]


def test_no_password_or_personal_number_in_the_log(app, login_as, places, register):
    worker = login_as("worker")
    register(worker, family_form(places["savay"], [dict(THREE[0], pin="11203201412345")]))
    with app.app_context():
        text = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
    assert "11203201412345" not in text and "Tulpar-Kumush-2026" not in text
