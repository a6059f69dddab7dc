"""Invariants kept by the database itself: every coded column refuses an unknown code; state rules
("a completed referral has its end date") and bounds are named CHECK constraints; a child has one
open case and a case one pending closure (partial unique indexes; races in test_open_case_races)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from monitor.cases.models import ONE_OPEN_CASE, ONE_PENDING_CLOSURE
from monitor.core.db import refused_by
from monitor.extensions import db
from tests.conftest import PASSWORD, _empty_tables

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    """Ids of one of everything, for rows that point at them."""

    area_id: int
    user_id: int
    family_id: int
    child_id: int
    other_child_id: int
    case_id: int
    referral_id: int
    plan_id: int
    thresholds_id: int
    assessment_id: int
    sector_id: int
    sitting_id: int
    resolution_id: int
    batch_id: int


def _insert(table: str, **values) -> int:
    return db.session.execute(insert(db.metadata.tables[table]).values(**values)).inserted_primary_key[0]


def _build_world() -> World:
    from monitor.admin.services import create_user
    from monitor.areas.seed import seed_areas
    from monitor.core.roles import Role
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex
    from monitor.registry.seed import seed_criteria

    places = seed_areas()
    seed_criteria()
    user, _ = create_user(
        "inv.worker", "Worker", [Role.SOCIAL_WORKER], [places["kara_suu"].id], "ru", PASSWORD, actor=None
    )
    family = services.register_family(FamilyData(area_id=places["savay"].id), user, TODAY)
    child = services.register_child(family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), user, TODAY)
    other = services.register_child(
        family, ChildData("Осмонов", "Бакыт", Sex.MALE, date(2012, 2, 1)), user, TODAY, distinct_from={child.id: 0.9}
    )
    case_id = _insert(
        "case_file",
        child_id=child.id,
        area_path=child.area_path,
        source="school",
        identified_on=TODAY,
        assigned_to_id=user.id,
        created_by_id=user.id,
    )
    referral_id = _insert(
        "referral",
        case_id=case_id,
        child_id=child.id,
        service_type="remedial_class",
        status="in_service",
        proposed_on=TODAY,
        sent_on=TODAY,
        answered_on=TODAY,
        started_on=TODAY,
        created_by_id=user.id,
    )
    plan_id = _insert("case_plan", case_id=case_id, number=1, created_by_id=user.id)
    thresholds_id = _insert("threshold_set", version="inv-1", effective_from=TODAY, values={}, legal_basis={})
    assessment_id = _insert("assessment", **_assessment(child.id, user.id, thresholds_id))
    sector_id = _insert("sector", code="inv_bazaar", group="bazaar", name_ky="Б", name_ru="Б", name_en="B")
    sitting_id = _insert(
        "commission_sitting",
        area_id=places["kara_suu"].id,
        area_path=places["kara_suu"].path,
        held_on=TODAY,
        number="1",
        created_by_id=user.id,
    )
    resolution_id = _insert(
        "commission_resolution", sitting_id=sitting_id, case_id=case_id, number="1/1", decided_on=TODAY
    )
    batch_id = _insert("import_batch", filename="list.xlsx", sha256="0" * 64, size=10, created_by_id=user.id)
    db.session.commit()
    return World(
        places["savay"].id,
        user.id,
        family.id,
        child.id,
        other.id,
        case_id,
        referral_id,
        plan_id,
        thresholds_id,
        assessment_id,
        sector_id,
        sitting_id,
        resolution_id,
        batch_id,
    )


def _assessment(child_id: int, user_id: int, thresholds_id: int) -> dict:
    return {
        "child_id": child_id,
        "visit_date": TODAY,
        "assessed_by_id": user_id,
        "location": "bazaar",
        "age": 12,
        "school_attendance": "regular",
        "chores_hours": 5.0,
        "thresholds_id": thresholds_id,
        "national_category": "no_issue",
        "national_action": "none",
        "ilo_category": "not_child_labour",
        "result": {},
    }


# A valid row of each table (what the good case inserts), from the ids of the world.
BASE = {
    "area": lambda w: {"kind": "village", "name_ky": "А", "name_ru": "А", "name_en": "A", "parent_id": w.area_id},
    "user_account": lambda w: {"username": "inv.other", "full_name": "Other", "password_hash": "x", "language": "ky"},
    "user_role": lambda w: {"user_id": w.user_id, "role": "supervisor"},
    "login_attempt": lambda w: {"username": "inv.worker", "outcome": "password_ok"},
    "criterion": lambda w: {"code": "C77", "kind": "child", "name_ky": "К", "name_ru": "К", "name_en": "C"},
    "child": lambda w: {
        "family_id": w.family_id,
        "area_path": "/1/",
        "surname": "Ы",
        "given_name": "Ы",
        "surname_key": "y",
        "given_key": "y",
        "surname_skeleton": "y",
        "given_skeleton": "y",
        "sex": "M",
        "birth_date": date(2013, 1, 1),
        "created_by_id": w.user_id,
        "labour_category": "at_risk",
        "labour_action": "prevent",
        "labour_ilo_category": "undetermined",
    },
    "family_member": lambda w: {
        "family_id": w.family_id,
        "surname": "Ы",
        "given_name": "Ы",
        "relation": "aunt",
        "employment": "informal",
    },
    "family_assistance": lambda w: {"family_id": w.family_id, "kind": "humanitarian_aid"},
    "child_family_link": lambda w: {
        "child_id": w.child_id,
        "family_id": w.family_id,
        "since": TODAY,
        "until": TODAY,
        "recorded_by_id": w.user_id,
    },
    "distinct_children": lambda w: {
        "child_id": w.child_id,
        "other_child_id": w.other_child_id,
        "score": 0.8,
        "confirmed_by_id": w.user_id,
    },
    "case_file": lambda w: {
        "child_id": w.other_child_id,
        "area_path": "/1/",
        "source": "hotline",
        "identified_on": TODAY,
        "assigned_to_id": w.user_id,
        "created_by_id": w.user_id,
    },
    "case_closure": lambda w: {
        "case_id": w.case_id,
        "reason": "moved_away",
        "outcome": "none",
        "outcome_rule": "no_visits",
        "proposed_by_id": w.user_id,
        "decision": "returned",
        "decided_by_id": w.user_id,
        "decided_at": NOW,
        "comment": "Check again",
    },
    "case_plan": lambda w: {
        "case_id": w.case_id,
        "number": 2,
        "created_by_id": w.user_id,
        "status": "approved",
        "decided_by_id": w.user_id,
        "decided_at": NOW,
    },
    "case_plan_action": lambda w: {"plan_id": w.plan_id, "goal": "School", "action": "Enrol", "status": "done"},
    "service_provider": lambda w: {
        "name": "Class",
        "service_type": "remedial_class",
        "area_id": w.area_id,
        "capacity": 0,
    },
    "referral": lambda w: {
        "case_id": w.case_id,
        "child_id": w.child_id,
        "service_type": "health",
        "status": "completed",
        "proposed_on": TODAY,
        "sent_on": TODAY,
        "answered_on": TODAY,
        "started_on": TODAY,
        "ended_on": TODAY + timedelta(days=3),
        "created_by_id": w.user_id,
    },
    "remedial_attendance": lambda w: {
        "referral_id": w.referral_id,
        "month": date(2026, 10, 1),
        "class_days": 20,
        "present_days": 20,
        "recorded_by_id": w.user_id,
    },
    "commission_measure": lambda w: {"resolution_id": w.resolution_id, "service_type": "legal_aid"},
    "assessment": lambda w: _assessment(w.child_id, w.user_id, w.thresholds_id),
    "work_activity": lambda w: {
        "assessment_id": w.assessment_id,
        "sector_id": w.sector_id,
        "employer": "self",
        "hours_last_7_days": 168.0,
        "usual_hours_per_week": 0.0,
        "days_per_week": 7,
        "daily_hours": 24.0,
    },
    "import_batch": lambda w: {
        "filename": "list.xlsx",
        "sha256": "1" * 64,
        "size": 0,
        "created_by_id": w.user_id,
        "status": "committed",
        "location": "field",
        "total_rows": 3,
        "checked_rows": 3,
    },
    "imported_record": lambda w: {"batch_id": w.batch_id, "object_type": "assessment", "object_id": 1},
}


@dataclass(frozen=True)
class Bad:
    table: str
    constraint: str
    values: dict | Callable[[World], dict]  # changes to the valid row that break the rule
    good: dict = field(default_factory=dict)  # changes to the valid row that the rule still accepts

    def __str__(self) -> str:
        return self.constraint


BAD_ROWS = [
    # Codes: a column of codes holds only known codes.
    Bad("area", "ck_area_area_kind", {"kind": "hamlet"}),
    Bad("user_account", "ck_user_account_language", {"language": "de"}),
    Bad("user_role", "ck_user_role_role", {"role": "superuser"}),
    Bad("login_attempt", "ck_login_attempt_outcome", {"outcome": "maybe"}),
    Bad("criterion", "ck_criterion_criterion_kind", {"kind": "village"}),
    Bad("child", "ck_child_sex", {"sex": "X"}),
    Bad("child", "ck_child_living_arrangement", {"living_arrangement": "street"}),
    Bad("child", "ck_child_attendance", {"attendance": "sometimes"}, good={"attendance": None}),
    Bad("child", "ck_child_consent", {"consent": "perhaps"}),
    Bad("child", "ck_child_labour_category", {"labour_category": "hazardous_work"}, good={"labour_category": None}),
    Bad("child", "ck_child_labour_action", {"labour_action": "ignore"}),
    Bad("child", "ck_child_labour_ilo_category", {"labour_ilo_category": "unknown"}),
    Bad("family_member", "ck_family_member_relation", {"relation": "neighbour"}),
    Bad("family_member", "ck_family_member_employment", {"employment": "retired"}),
    Bad("family_assistance", "ck_family_assistance_assistance_kind", {"kind": "loan"}),
    Bad("case_file", "ck_case_file_case_source", {"source": "rumour"}),
    Bad("case_closure", "ck_case_closure_closure_reason", {"reason": "bored"}),
    Bad("case_closure", "ck_case_closure_outcome", {"outcome": "rescued"}),
    Bad("case_closure", "ck_case_closure_outcome_rule", {"outcome_rule": "generated"}),
    Bad("case_closure", "ck_case_closure_decision", {"decision": "maybe"}),
    Bad("case_plan", "ck_case_plan_status", {"status": "lost"}),
    Bad("case_plan_action", "ck_case_plan_action_status", {"status": "forgotten"}),
    Bad("service_provider", "ck_service_provider_service_type", {"service_type": "massage"}),
    Bad("referral", "ck_referral_service_type", {"service_type": "massage"}),
    Bad("referral", "ck_referral_status", {"status": "finished"}),
    Bad("commission_measure", "ck_commission_measure_service_type", {"service_type": "massage"}),
    Bad("assessment", "ck_assessment_location", {"location": "moon"}),
    Bad(
        "assessment",
        "ck_assessment_school_attendance",
        {"school_attendance": "rarely"},
        good={"school_attendance": None},
    ),
    Bad("assessment", "ck_assessment_national_category", {"national_category": "child_labour"}),
    Bad("assessment", "ck_assessment_national_action", {"national_action": "ignore"}),
    Bad("assessment", "ck_assessment_ilo_category", {"ilo_category": "at_risk"}),
    Bad("work_activity", "ck_work_activity_employer", {"employer": "state"}),
    Bad("import_batch", "ck_import_batch_status", {"status": "lost"}),
    Bad("import_batch", "ck_import_batch_location", {"location": "moon"}),
    Bad("imported_record", "ck_imported_record_object_type", {"object_type": "user"}),
    # States: a step or a decision carries its date.
    Bad(
        "referral",
        "ck_referral_sent_has_date",
        {"status": "sent", "sent_on": None, "answered_on": None, "started_on": None, "ended_on": None},
        good={"status": "proposed", "sent_on": None, "answered_on": None, "started_on": None, "ended_on": None},
    ),
    Bad(
        "referral",
        "ck_referral_answered_has_date",
        {"status": "declined", "answered_on": None, "started_on": None, "ended_on": None, "decline_reason": "Full"},
        good={"status": "declined", "started_on": None, "ended_on": None, "decline_reason": "Full"},
    ),
    Bad(
        "referral",
        "ck_referral_started_has_date",
        {"status": "in_service", "started_on": None, "ended_on": None},
        good={"status": "in_service", "ended_on": None},
    ),
    Bad("referral", "ck_referral_ended_has_date", {"status": "completed", "ended_on": None}),
    Bad(
        "referral",
        "ck_referral_declined_has_reason",
        {"status": "declined", "started_on": None, "ended_on": None, "decline_reason": ""},
        good={"status": "declined", "started_on": None, "ended_on": None, "decline_reason": "No seats"},
    ),
    Bad("referral", "ck_referral_steps_in_order", {"ended_on": TODAY - timedelta(days=1)}),
    Bad("referral", "ck_referral_steps_in_order", {"sent_on": TODAY - timedelta(days=1)}),
    Bad("case_closure", "ck_case_closure_decided_has_date", {"decided_at": None}),
    Bad(
        "case_closure",
        "ck_case_closure_decided_has_date",
        {"decision": "pending"},
        good={"decision": "pending", "decided_at": None, "decided_by_id": None},
    ),
    Bad(
        "case_closure",
        "ck_case_closure_reopened_when_approved",
        {"reopened_at": NOW},
        good={"decision": "approved", "reopened_at": NOW},
    ),
    Bad(
        "case_file",
        "ck_case_file_archived_when_closed",
        {"archived_at": NOW},
        good={"closed_at": NOW, "archived_at": NOW},
    ),
    Bad(
        "case_plan",
        "ck_case_plan_decided_has_date",
        {"decided_at": None},
        good={"status": "submitted", "decided_at": None, "decided_by_id": None},
    ),
    Bad("case_plan", "ck_case_plan_number_positive", {"number": 0}),
    # Figures: days, hours and counts within their bounds; dates in order.
    Bad("remedial_attendance", "ck_remedial_attendance_present_within_class_days", {"present_days": 21}),
    Bad("remedial_attendance", "ck_remedial_attendance_present_within_class_days", {"present_days": -1}),
    Bad("remedial_attendance", "ck_remedial_attendance_class_days_in_month", {"class_days": 32, "present_days": 0}),
    Bad("work_activity", "ck_work_activity_hours_last_7_days_in_week", {"hours_last_7_days": 168.5}),
    Bad("work_activity", "ck_work_activity_usual_hours_in_week", {"usual_hours_per_week": -1.0}),
    Bad("work_activity", "ck_work_activity_days_per_week_in_week", {"days_per_week": 8}),
    Bad("work_activity", "ck_work_activity_daily_hours_in_day", {"daily_hours": 25.0}),
    Bad("assessment", "ck_assessment_chores_hours_in_week", {"chores_hours": 200.0}, good={"chores_hours": None}),
    Bad("assessment", "ck_assessment_age_not_negative", {"age": -1}, good={"age": 0}),
    Bad("child", "ck_child_school_grade_in_range", {"school_grade": 13}, good={"school_grade": 0}),
    Bad("service_provider", "ck_service_provider_capacity_not_negative", {"capacity": -1}),
    Bad("import_batch", "ck_import_batch_counts_not_negative", {"checked_rows": -1}),
    Bad("child_family_link", "ck_child_family_link_until_after_since", {"until": TODAY - timedelta(days=1)}),
    Bad("distinct_children", "ck_distinct_children_two_children", lambda w: {"other_child_id": w.child_id}),
]


@pytest.fixture(scope="module")
def world(app):
    with app.app_context():
        _empty_tables()
        built = _build_world()
    yield built
    with app.app_context():
        _empty_tables()


def _row(bad: Bad, world: World, values) -> dict:
    return BASE[bad.table](world) | (values(world) if callable(values) else values)


def _try(table: str, row: dict) -> None:
    try:
        _insert(table, **row)
        db.session.flush()
    finally:
        db.session.rollback()


@pytest.mark.parametrize("bad", BAD_ROWS, ids=str)
def test_the_database_refuses_a_row_breaking_the_rule_and_accepts_a_good_one(app, world, bad):
    with app.app_context():
        _try(bad.table, _row(bad, world, bad.good))
        with pytest.raises(IntegrityError) as refused:
            _try(bad.table, _row(bad, world, bad.values))
        assert bad.constraint in str(refused.value.orig)


def test_every_column_of_codes_has_its_check_constraint(app):
    """A new coded column (status, kind, outcome ...) declared without its CHECK is noticed here."""
    from sqlalchemy import CheckConstraint, Enum, String

    codes = (
        "status",
        "kind",
        "source",
        "reason",
        "outcome",
        "decision",
        "role",
        "sex",
        "language",
        "relation",
        "employment",
        "attendance",
        "consent",
        "arrangement",
        "category",
        "action",
        "type",
        "employer",
        "location",
    )
    free_text = {
        ("audit_event", "action"),
        ("audit_event", "object_type"),
        ("sector", "group"),
        ("assessment", "location_note"),
        ("child", "non_attendance_reason"),
        ("child", "consent_by"),
        ("case_plan_action", "action"),
    }
    with app.app_context():
        missing = []
        for table in db.metadata.tables.values():
            checked = " ".join(str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint))
            for column in table.columns:
                coded = isinstance(column.type, String) and any(word in column.name for word in codes)
                if (
                    coded
                    and (table.name, column.name) not in free_text
                    and not isinstance(column.type, Enum)
                    and column.name not in checked
                ):
                    missing.append(f"{table.name}.{column.name}")
        assert missing == []


def test_the_languages_allowed_in_the_database_are_the_app_languages(app):
    from monitor.auth.models import LANGUAGES

    assert sorted(LANGUAGES) == sorted(app.config["LANGUAGES"])


def test_the_codes_allowed_in_the_database_are_those_the_app_shows(app):
    from monitor.assessments import labels
    from monitor.assessments.models import LOCATIONS
    from monitor.cases import labels as case_labels
    from monitor.cases.outcomes import RULES

    assert sorted(LOCATIONS) == sorted(labels.LOCATIONS)
    assert sorted(RULES) == sorted(case_labels.OUTCOME_RULES)


def test_the_database_refuses_a_second_open_case_of_a_child_and_accepts_closed_ones(app, world):
    open_case = BASE["case_file"](world) | {"child_id": world.child_id}  # the world's case is open
    with app.app_context():
        try:
            _insert("case_file", **open_case | {"closed_at": NOW})
            _insert("case_file", **open_case | {"closed_at": NOW})
            with pytest.raises(IntegrityError) as refused:
                _insert("case_file", **open_case)
            assert refused_by(refused.value, ONE_OPEN_CASE)
        finally:
            db.session.rollback()


def test_the_database_refuses_a_second_pending_closure_of_a_case_and_accepts_decided_ones(app, world):
    returned = BASE["case_closure"](world)
    pending = returned | {"decision": "pending", "decided_at": None, "decided_by_id": None}
    with app.app_context():
        try:
            _insert("case_closure", **returned)
            _insert("case_closure", **returned)
            _insert("case_closure", **pending)
            with pytest.raises(IntegrityError) as refused:
                _insert("case_closure", **pending)
            assert refused_by(refused.value, ONE_PENDING_CLOSURE)
        finally:
            db.session.rollback()
