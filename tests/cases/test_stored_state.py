"""Each case's state is stored on its row and kept current by the services that move it: built
through the real services in every stage, the stored columns equal what the rules compute from the
records, after every step (a service that forgot to refresh them fails here)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, update

from monitor.admin.erasure import erase_child
from monitor.assessments.data import ActivityData, AssessmentData
from monitor.assessments.services import record_assessment
from monitor.auth.models import User
from monitor.cases import case_rules
from monitor.cases import plans as plan_services
from monitor.cases import services as case_services
from monitor.cases.models import Case, CaseSource, ClosureReason
from monitor.cases.standing import STATE_COLUMNS
from monitor.cases.stored import differences, stored_states
from monitor.extensions import db
from monitor.referrals import services as referral_services
from monitor.registry import services as registry_services
from monitor.registry.data import ChildData, FamilyData
from monitor.registry.models import Child, Consent, Sex
from tests.cases.conftest import closure_facts
from tests.conftest import office_today
from tests.core.test_migrations import empty_app  # noqa: F401  (fixture)


def _differences() -> dict:
    return differences(db.session.execute, case_rules(), current_app.config["REFERRAL_ANSWER_DAYS"])


def _snapshot(case_id: int) -> dict:
    return stored_states(db.session.execute, [case_id])[case_id].values()


def _step(case_id: int, before: dict, moved: set[str]) -> dict:
    """After a service: the stored state equals the computed one, and `moved` columns changed."""
    assert _differences() == {}
    after = _snapshot(case_id)
    changed = {name for name in STATE_COLUMNS if after[name] != before[name]}
    assert moved <= changed, (moved - changed, after)
    db.session.commit()
    return after


def _child(area_id: int, actor, today, given: str = "Жоомарт") -> Child:
    family = registry_services.register_family(FamilyData(area_id=area_id, street="Ленина"), actor, today)
    data = ChildData(
        surname="Маматов",
        given_name=given,
        sex=Sex("M"),
        birth_date=today.replace(year=today.year - 13),
        consent=Consent.YES,
        consent_date=today,
        consent_by="Мать",
    )
    return registry_services.register_child(family, data, actor, today)


def _visit(child, day, actor, today, sector: int | None = None):
    work = [ActivityData(sector_id=sector, hours_last_7_days=20, hazards=["heavy_loads"])] if sector else []
    data = AssessmentData(
        visit_date=day, location="bazaar" if sector else "school", activities=work, school_attendance="regular"
    )
    return record_assessment(child, data, actor, today)


def test_every_service_that_moves_a_case_keeps_its_stored_state(app, users, places, reference, make_user):
    make_user("second", "social_worker", areas=["kara_suu"])
    with app.app_context():
        worker, supervisor, second = (
            db.session.scalar(select(User).where(User.username == name)) for name in ("worker", "supervisor", "second")
        )
        today = office_today()
        child = _child(places["kara_suu_town"], worker, today)
        db.session.commit()
        case = case_services.open_case(
            child, CaseSource.MONITORING_GROUP, today - timedelta(days=60), "bazaar", False, "", worker, worker, today
        )
        blank = dict.fromkeys(STATE_COLUMNS)
        state = _step(case.id, blank, {"stage", "assessment_due", "next_deadline"})
        assert state["stage"] == "identified" and state["next_deadline"] < today  # overdue: a comparison

        _visit(child, today - timedelta(days=55), worker, today, reference["bazaar_portering"])
        state = _step(case.id, state, {"stage", "risk", "assessed_on", "plan_due", "next_deadline", "last_visit_on"})
        assert (state["stage"], state["risk"]) == ("assessed", "high")

        plan_services.save_plan(case, [plan_services.ActionData("School", "Enrol")], worker)
        state = _step(case.id, state, {"plan_waiting", "waiting_since", "next_deadline"})
        plan_services.decide_plan(case, False, "Say by when", supervisor)
        state = _step(case.id, state, {"plan_waiting", "waiting_since", "plan_returned", "returned_at"})
        plan_services.save_plan(case, [plan_services.ActionData("School", "Enrol", due_on=today)], worker)
        state = _step(case.id, state, {"plan_waiting", "plan_returned", "returned_at"})
        plan_services.decide_plan(case, True, "", supervisor)
        state = _step(case.id, state, {"stage", "plan_review_due", "next_deadline", "followup_from", "next_visit_due"})
        assert state["stage"] == "plan" and not state["plan_waiting"]

        early = today - timedelta(days=50)
        referral = referral_services.refer(case, "school_reenrolment", None, "", worker, today, on=early)
        state = _step(case.id, state, set())
        referral_services.advance(referral, child, "sent", "", False, worker, today, on=today - timedelta(days=40))
        state = _step(case.id, state, {"referral_answer_due"})
        assert state["referral_answer_due"] < today
        referral_services.advance(referral, child, "accepted", "", False, worker, today, on=today - timedelta(30))
        state = _step(case.id, state, {"referral_answer_due"})
        referral_services.advance(referral, child, "in_service", "", False, worker, today, on=today - timedelta(20))
        state = _step(case.id, state, {"stage", "followup_from", "next_visit_due"})
        assert state["stage"] == "services"

        _visit(child, today - timedelta(days=1), worker, today)  # a follow-up visit: no work any more
        state = _step(case.id, state, {"stage", "risk", "last_visit_on", "next_visit_due"})
        assert state["stage"] == "monitoring"
        referral_services.advance(referral, child, "completed", "", False, worker, today)
        state = _step(case.id, state, set())

        case_services.reassign(case, second, supervisor)
        state = _step(case.id, state, set())

        case_services.propose_closure(case, ClosureReason.OUTCOME_REACHED, "", second, today, **closure_facts(case))
        state = _step(case.id, state, {"closure_waiting", "waiting_since"})
        case_services.decide_closure(case, False, "One more visit", supervisor)
        state = _step(case.id, state, {"closure_waiting", "waiting_since", "closure_returned", "returned_at"})
        case_services.propose_closure(case, ClosureReason.OUTCOME_REACHED, "", second, today, **closure_facts(case))
        state = _step(case.id, state, {"closure_waiting", "closure_returned"})
        case_services.decide_closure(case, True, "", supervisor)
        state = _step(case.id, state, {"stage", "closure_waiting", "waiting_since"})
        assert state["stage"] == "closed"
        case_services.reopen(case, supervisor)
        state = _step(case.id, state, {"stage"})

        # The child moves to a household of another area, then a second record of them is merged in.
        elsewhere = registry_services.register_family(FamilyData(area_id=places["mady"]), worker, today)
        registry_services.move_child(child, elsewhere, supervisor, today)
        state = _step(case.id, state, set())
        duplicate = _child(places["mady"], worker, today, given="Жоомарт")
        _visit(duplicate, today, worker, today)
        db.session.commit()
        registry_services.merge_children(child, duplicate, supervisor, today)
        state = _step(case.id, state, {"last_visit_on"})
        assert state["last_visit_on"] == today
        erase_child(child, "Request of the family", False, supervisor)  # the birth date becomes 1 July
        _step(case.id, state, set())


def test_generated_data_has_its_state_stored_and_the_check_finds_nothing(app, users, places, criteria):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["generate-data", "--children", "300", "--seed", "5"]).exit_code == 0
    checked = runner.invoke(args=["check-case-state"])
    assert checked.exit_code == 0 and "Every case's stored state is current." in checked.output, checked.output
    with app.app_context():
        stages = set(db.session.scalars(select(Case.stage)))
        assert {"assessed", "closed"} <= stages  # computed, not the column's default for every row
        db.session.execute(update(Case).values(stage="identified", next_deadline=None))
        db.session.commit()
    broken = runner.invoke(args=["check-case-state"])
    assert broken.exit_code == 1 and "cases differ from their records" in broken.output
    assert "stage: identified -> " in broken.output
    assert "cases corrected." in runner.invoke(args=["check-case-state", "--fix"]).output
    assert runner.invoke(args=["check-case-state"]).exit_code == 0


def test_the_migration_fills_the_state_of_the_cases_already_there(empty_app):
    """Down to the revision before the columns, up again: the migration computes what the services
    had stored, for every case (on the migration's own connection)."""
    from monitor.admin.services import create_user
    from monitor.areas.seed import seed_areas
    from monitor.assessments.models import Sector
    from monitor.assessments.seed import seed_reference
    from monitor.core.roles import Role
    from monitor.registry.seed import seed_criteria

    with empty_app.app_context():
        upgrade()
        places = seed_areas()
        seed_criteria()
        seed_reference()
        worker, _ = create_user("w", "W", [Role.SOCIAL_WORKER], [places["kara_suu"].id], "ru", None, actor=None)
        boss, _ = create_user("s", "S", [Role.SUPERVISOR], [places["kara_suu"].id], "ru", None, actor=None)
        today = office_today()
        sector = db.session.scalar(select(Sector.id).where(Sector.code == "bazaar_portering"))
        first, second = _child(places["savay"].id, worker, today), _child(places["mady"].id, worker, today, "Азамат")
        _visit(first, today - timedelta(days=30), worker, today, sector)  # opens a case: assessed, high risk
        case = case_services.open_case(
            second, CaseSource.SCHOOL, today - timedelta(days=20), "", False, "", worker, worker, today
        )
        plan_services.save_plan(case, [plan_services.ActionData("School", "Enrol")], worker)
        plan_services.decide_plan(case, True, "", boss)
        referral = referral_services.refer(case, "health", None, "", worker, today)
        referral_services.advance(referral, second, "sent", "", False, worker, today)
        db.session.commit()
        ids = list(db.session.scalars(select(Case.id).order_by(Case.id)))
        before = stored_states(db.session.execute, ids)
        assert len(ids) == 2 and {s.stage for s in before.values()} == {"assessed", "plan"}
        db.session.remove()
        downgrade(revision="c7d1e5f9a3b8")
        upgrade()
        assert stored_states(db.session.execute, ids) == before
        assert _differences() == {}
