"""Sensitive cases: only their worker and supervisors open them; others see them masked."""

from sqlalchemy import select

from monitor.audit.models import AuditEvent
from monitor.extensions import db
from monitor.registry.models import Child
from tests.conftest import login, office_today
from tests.registry.conftest import family_form
from tests.registry.test_records import _child_id
from tests.registry.test_registration import THREE


def test_a_restricted_child_is_hidden_from_other_workers_of_the_area(app, login_as, make_user, places, register):
    register(login_as("worker"), family_form(places["savay"], [dict(THREE[0], restricted="y"), THREE[1]]))
    child_id = _child_id(app, "Нурзада")
    make_user("colleague", "social_worker", areas=["kara_suu"])
    colleague = app.test_client()
    login(colleague, "colleague")
    assert colleague.get(f"/children/{child_id}").status_code == 404
    listing = colleague.get("/children").get_data(as_text=True)
    assert "Нурзада" not in listing and "Restricted record" in listing and "Жоомарт" in listing
    assert "Нурзада" not in colleague.get("/children?q=Нурзада").get_data(as_text=True).split("children-table")[1]
    family = colleague.get(f"/families/{_family(app, child_id)}").get_data(as_text=True)
    assert "Нурзада" not in family.split("family-children")[1].split("</table>")[0]
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    assert supervisor.get(f"/children/{child_id}").status_code == 200
    with app.app_context():
        refusal = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).first()
        assert refusal.details["reason"] == "restricted"


def _family(app, child_id):
    with app.app_context():
        return db.session.get(Child, child_id).family_id


def test_trafficking_recorded_at_a_visit_restricts_the_case(app, login_as, places, register):
    from monitor.assessments.seed import seed_reference
    from tests.assessments.conftest import assess

    worker = login_as("worker")
    register(worker, family_form(places["savay"], THREE[:1]))
    with app.app_context():
        seed_reference()
        db.session.commit()
    child_id = _child_id(app, "Нурзада")
    assert assess(worker, child_id, worst_forms="trafficking").status_code == 302
    with app.app_context():
        child = db.session.get(Child, child_id)
        assert child.restricted and child.labour_category == "worst_form"


def test_the_assigned_worker_of_a_restricted_case_opens_it(app, login_as, make_user, places, register):
    from monitor.auth.models import User
    from monitor.cases.models import CaseSource
    from monitor.cases.services import open_case

    register(login_as("worker"), family_form(places["savay"], [dict(THREE[0], restricted="y")]))
    child_id = _child_id(app, "Нурзада")
    make_user("assignee", "social_worker", areas=["kara_suu"])
    assignee = app.test_client()
    login(assignee, "assignee")
    assert assignee.get(f"/children/{child_id}").status_code == 404
    with app.app_context():
        child = db.session.get(Child, child_id)
        user = db.session.scalar(select(User).where(User.username == "assignee"))
        open_case(child, CaseSource.SCHOOL, office_today(), "", False, "", user, user, office_today())
        db.session.commit()
    opened = assignee.get(f"/children/{child_id}")
    assert opened.status_code == 200 and "Нурзада" in opened.get_data(as_text=True)
    assert "Нурзада" in assignee.get("/children?q=Нурзада").get_data(as_text=True).split("children-table")[1]
