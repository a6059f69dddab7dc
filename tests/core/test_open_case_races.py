"""One open case per child and one pending closure per case, also when two people act at the same
moment: the database refuses the second, and the service says so with the message of its own check."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from monitor.auth.models import User
from monitor.cases import services
from monitor.cases.models import Case, CaseClosure, CaseSource, ClosureReason
from monitor.extensions import db
from monitor.registry import services as registry
from monitor.registry.data import ChildData, FamilyData
from monitor.registry.models import Child, Sex
from tests.conftest import office_today

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def two_workers(app, users, places):
    """A child of Kara-Suu and two workers who may open its case."""

    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        family = registry.register_family(FamilyData(area_id=places["savay"]), worker, office_today())
        child = registry.register_child(
            family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), worker, office_today()
        )
        db.session.commit()
        return child.id, users["worker"].id, users["supervisor"].id


def _open_case(child_id: int, actor_id: int):
    actor = db.session.get(User, actor_id)
    return services.open_case(
        db.session.get(Child, child_id), CaseSource.SCHOOL, office_today(), "", False, "", actor, actor, office_today()
    )


def _open_cases(child_id: int) -> int:

    return len(db.session.scalars(select(Case.id).where(Case.child_id == child_id, Case.closed_at.is_(None))).all())


def test_two_workers_opening_the_same_childs_case_at_once_get_one_case_and_the_usual_message(
    app, two_workers, monkeypatch
):
    child_id, worker_id, supervisor_id = two_workers
    checked = threading.Barrier(2, timeout=30)
    check = services.open_case_of

    def check_then_wait(child):  # both have looked and found no open case before either writes
        found = check(child)
        checked.wait()
        return found

    monkeypatch.setattr(services, "open_case_of", check_then_wait)
    outcomes = {}

    def open_one(actor_id):
        with app.app_context():
            try:
                _open_case(child_id, actor_id)
                db.session.commit()
                outcomes[actor_id] = "opened"
            except services.CaseError as error:
                db.session.rollback()
                outcomes[actor_id] = error.code

    threads = [threading.Thread(target=open_one, args=(actor,)) for actor in (worker_id, supervisor_id)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["open_case_exists", "opened"]
    with app.app_context():
        assert _open_cases(child_id) == 1


def test_a_case_opened_after_the_check_is_refused_by_the_database_with_the_usual_message(app, two_workers, monkeypatch):
    child_id, worker_id, supervisor_id = two_workers
    with app.app_context():
        _open_case(child_id, worker_id)
        db.session.commit()
        monkeypatch.setattr(services, "open_case_of", lambda _child_id: None)  # the check ran a moment before
        with pytest.raises(services.CaseError) as refused:
            _open_case(child_id, supervisor_id)
        assert refused.value.code == "open_case_exists"
        db.session.rollback()
        assert _open_cases(child_id) == 1


def test_an_assessment_saved_while_another_opened_the_case_keeps_that_case(app, two_workers, monkeypatch):
    child_id, worker_id, supervisor_id = two_workers
    visit = SimpleNamespace(
        national_action="withdraw", national_category="hazardous", visit_date=office_today(), location_note=""
    )
    with app.app_context():
        _open_case(child_id, worker_id)
        db.session.commit()
        monkeypatch.setattr(services, "open_case_of", lambda _child_id: None)
        supervisor = db.session.get(User, supervisor_id)
        assert services.open_from_assessment(db.session.get(Child, child_id), visit, supervisor, office_today()) is None
        db.session.commit()  # the rest of the request's work is kept
        assert _open_cases(child_id) == 1


def test_reopening_a_case_while_another_was_opened_meanwhile_is_refused_with_the_usual_message(
    app, two_workers, monkeypatch
):
    child_id, worker_id, supervisor_id = two_workers
    with app.app_context():
        first = _open_case(child_id, worker_id)
        db.session.execute(update(Case).where(Case.id == first.id).values(closed_at=NOW))
        db.session.commit()
        _open_case(child_id, worker_id)
        db.session.commit()
        monkeypatch.setattr(services, "open_case_of", lambda _child_id: None)
        with pytest.raises(services.CaseError) as refused:
            services.reopen(db.session.get(Case, first.id), db.session.get(User, supervisor_id))
        assert refused.value.code == "open_case_exists"
        db.session.rollback()
        assert _open_cases(child_id) == 1


def test_two_proposals_to_close_one_case_at_once_leave_one_waiting_and_the_usual_message(app, another_app, two_workers):
    child_id, worker_id, supervisor_id = two_workers
    with app.app_context():
        case_id = _open_case(child_id, worker_id).id
        db.session.commit()
    with app.app_context():
        mine = db.session.get(Case, case_id)
        assert mine.pending_closure is None  # the first worker looks: nothing waiting
        with another_app().app_context():  # meanwhile the second proposes and saves
            theirs = db.session.get(Case, case_id)
            services.propose_closure(
                theirs,
                ClosureReason.MOVED_AWAY,
                "",
                db.session.get(User, supervisor_id),
                office_today(),
                received_service=False,
                training_months=0,
            )
            db.session.commit()
        with pytest.raises(services.CaseError) as refused:
            services.propose_closure(
                mine,
                ClosureReason.OTHER,
                "",
                db.session.get(User, worker_id),
                office_today(),
                received_service=False,
                training_months=0,
            )
        assert refused.value.code == "closure_not_possible"
        db.session.rollback()
        pending = db.session.scalars(
            select(CaseClosure).where(CaseClosure.case_id == case_id, CaseClosure.decision == "pending")
        ).all()
        assert [c.reason for c in pending] == [ClosureReason.MOVED_AWAY]
