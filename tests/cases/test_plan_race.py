"""Plan versions saved at the same moment: each gets its own number (the database refuses two of one
number), the newest waits for approval, and nobody gets an error page. On SQLite and PostgreSQL."""

import threading
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from monitor.admin.services import create_user
from monitor.areas.seed import seed_areas
from monitor.auth.models import User
from monitor.cases import plans
from monitor.cases.models import CaseSource, Plan
from monitor.cases.services import open_case
from monitor.core.roles import Role
from monitor.extensions import db
from monitor.registry import services
from monitor.registry.data import ChildData, FamilyData
from monitor.registry.models import Sex
from tests.cases.test_cases import _open
from tests.conftest import PASSWORD, csrf_token, login, office_today
from tests.core.test_migrations import empty_app  # noqa: F401  (fixture)

PARALLEL = 6


def _save_at_once(app, case_url: str) -> list:
    """PARALLEL workers post a plan version for the same case at the same moment; their responses."""
    workers = [app.test_client() for _ in range(PARALLEL)]
    forms = []
    for worker in workers:
        login(worker, "worker")
        forms.append(csrf_token(worker.get(f"{case_url}/plan").get_data(as_text=True)))
    start = threading.Barrier(PARALLEL)
    responses: list = [None] * PARALLEL

    def save(i: int) -> None:
        data = {
            "csrf_token": forms[i],
            "actions-0-goal": f"Goal {i}",
            "actions-0-action": "Act",
            "actions-0-status": "pending",
        }
        start.wait()
        responses[i] = workers[i].post(f"{case_url}/plan", data=data)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def _numbers(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(select(Plan.number, Plan.status).order_by(Plan.number))]


def test_plan_versions_saved_at_once_get_one_number_each(app, family):
    client, ids = family
    case_url = _open(client, ids["Нурзада"]).headers["Location"]
    assert [r.status_code for r in _save_at_once(app, case_url)] == [302] * PARALLEL
    plans = _numbers(app)
    assert [number for number, _status in plans] == list(range(1, PARALLEL + 1))
    assert [status for _number, status in plans] == ["superseded"] * (PARALLEL - 1) + ["submitted"]


def test_a_version_the_database_refuses_gets_a_message_not_an_error_page(app, family, monkeypatch):
    # Without taking turns (as a writer that forgot to would), the unique index refuses the doubles.
    monkeypatch.setattr(plans, "hold", lambda *_args: None)
    client, ids = family
    case_url = _open(client, ids["Нурзада"]).headers["Location"]
    responses = _save_at_once(app, case_url)
    assert {r.status_code for r in responses} <= {200, 302}
    refused = [r for r in responses if r.status_code == 200]
    assert all("Another version of this plan was saved at the same moment" in r.get_data(as_text=True) for r in refused)
    numbers = [number for number, _status in _numbers(app)]
    assert len(numbers) == len(set(numbers)) == PARALLEL - len(refused)


def test_the_database_refuses_two_versions_of_one_number(app, family):
    client, ids = family
    case_id = int(_open(client, ids["Нурзада"]).headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        worker = db.session.scalar(select(User.id).where(User.username == "worker"))
        db.session.add(Plan(case_id=case_id, number=1, created_by_id=worker))
        db.session.commit()
        db.session.add(Plan(case_id=case_id, number=1, created_by_id=worker))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_upgrade_renumbers_versions_numbered_twice(empty_app):
    """The records are made at the head (the models' columns), the schema taken back to before the
    unique index, the duplicate numbers written in plain SQL, then the upgrade run again."""
    with empty_app.app_context():
        upgrade()
        places = seed_areas()
        worker, _ = create_user(
            "plan.worker", "Worker", [Role.SOCIAL_WORKER], [places["kara_suu"].id], "ru", PASSWORD, actor=None
        )
        family = services.register_family(FamilyData(area_id=places["savay"].id), worker, office_today())
        child = services.register_child(
            family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), worker, office_today()
        )
        case = open_case(child, CaseSource.SCHOOL, office_today(), "", False, "", worker, worker, office_today())
        case_id, worker_id = case.id, worker.id
        db.session.commit()
        db.session.remove()
        downgrade(revision="c7d1e5f9a3b8")
        for number in (1, 1, 2, 2):
            db.session.execute(
                text(
                    "INSERT INTO case_plan (case_id, number, status, created_by_id, created_at, comment)"
                    " VALUES (:case, :number, 'submitted', :user, CURRENT_TIMESTAMP, '')"
                ),
                {"case": case_id, "number": number, "user": worker_id},
            )
        db.session.commit()
        db.session.remove()
        upgrade()
        assert db.session.scalars(select(Plan.number).order_by(Plan.id)).all() == [1, 2, 3, 4]
