"""A synthetic caseload at region scale, written with bulk inserts (`flask generate-data`).

Families with several children (the demo's Kyrgyz, Uzbek and Russian names, some typed in Latin),
hardship criteria, assessments over one or two visits classified by the real rules, the child's
status, cases for children who need action (some closed with an outcome), and referrals. Rows are
built in Python and written a few thousand at a time with executemany; ids are given explicitly
from the current maximum, so a generated database can grow in several runs. Generated records are
not audited (no person did anything); everything else is as the app would have written it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy import func, insert, select, text

from monitor.admin.services import create_user
from monitor.areas.models import Area
from monitor.assessments.data import AssessmentData
from monitor.assessments.models import Assessment, Sector, WorkActivityRecord
from monitor.assessments.thresholds import ensure_default_version, version_on
from monitor.auth.models import User
from monitor.cases.models import Case, CaseAssignment, CaseClosure, CaseSource, ClosureReason
from monitor.cases.stored import refresh_all
from monitor.core.clock import day_starts_at
from monitor.core.office import office_zone
from monitor.core.roles import Role
from monitor.demo import DemoCaseload, demo_assessment
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import (
    Child,
    ChildCriterion,
    ChildFamilyLink,
    Criterion,
    Family,
    FamilyCriterion,
    FamilyMember,
)
from monitor.registry.names import fold, skeleton
from monitor.risk import engine
from monitor.risk.model import Assessment as RulesInput
from monitor.risk.model import WorkActivity

LEAF_KINDS = ("village", "neighbourhood", "ayil_aimak", "town", "city_territory")
BATCH_CHILDREN = 5000
NEEDS_ACTION = ("withdraw", "protect", "prevent")
SERVICES = ("remedial_class", "school_reenrolment", "psychosocial", "livelihood_support", "health", "civil_documents")


@dataclass
class Rows:
    tables: dict = field(default_factory=dict)

    def add(self, model, row: dict) -> None:
        self.tables.setdefault(model.__table__, []).append(row)

    def write(self) -> None:
        for table in ORDER:
            rows = self.tables.get(table.__table__)
            if rows:
                db.session.execute(insert(table.__table__), rows)
        self.tables.clear()


ORDER = (
    Family,
    FamilyMember,
    FamilyCriterion,
    Child,
    ChildFamilyLink,
    ChildCriterion,
    Assessment,
    WorkActivityRecord,
    Case,
    CaseAssignment,
    CaseClosure,
    Referral,
)


class Ids:
    def __init__(self):
        self.next = {model: (db.session.scalar(select(func.max(model.id))) or 0) + 1 for model in ORDER}

    def __call__(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _generator_user():
    user = db.session.scalar(select(User).where(User.username == "generator"))
    if user is None:
        top = [a.id for a in db.session.scalars(select(Area).where(Area.parent_id.is_(None)))]
        user, _password = create_user("generator", "Generated data", [Role.SOCIAL_WORKER], top, "ru", None, actor=None)
        user.active = False
        db.session.flush()
    return user


def generate(children: int, seed: int, today: date, progress: Callable[[int], None] = lambda n: None) -> dict:
    """Add about `children` children; returns the counts written."""
    rng = random.Random(seed)
    user = _generator_user()
    areas = list(db.session.scalars(select(Area).where(Area.active, Area.kind.in_(LEAF_KINDS))))
    criteria = {c.code: c.id for c in db.session.scalars(select(Criterion))}
    sectors = {s.code: s.id for s in db.session.scalars(select(Sector))}
    sector_codes = {v: k for k, v in sectors.items()}
    thresholds_row, thresholds = version_on(today)
    thresholds_row = thresholds_row or ensure_default_version()
    ids = Ids()
    first_case = ids.next[Case]
    caseload = DemoCaseload(seed, today)
    rows = Rows()
    counts = dict.fromkeys(("families", "children", "assessments", "cases", "closed", "referrals"), 0)
    now = day_starts_at(today, office_zone())
    pending = 0
    while counts["children"] < children:
        area = areas[rng.randrange(len(areas))]
        data, kids = caseload.family(area.id, criteria)
        family_id = ids(Family)
        rows.add(
            Family,
            {
                "id": family_id,
                "area_id": area.id,
                "area_path": area.path,
                "street": data.street,
                "house": data.house,
                "phone": None,
                "phone_alt": None,
                "notes": "",
                "created_by_id": user.id,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            },
        )
        for member in data.members:
            rows.add(
                FamilyMember,
                {
                    "id": ids(FamilyMember),
                    "family_id": family_id,
                    "surname": member.surname,
                    "given_name": member.given_name,
                    "patronymic": member.patronymic,
                    "relation": member.relation,
                    "birth_date": member.birth_date,
                    "is_head": member.is_head,
                    "is_caregiver": member.is_caregiver,
                    "abroad": member.abroad,
                    "abroad_country": member.abroad_country,
                    "abroad_since": member.abroad_since,
                    "employment": member.employment,
                    "disability": member.disability,
                },
            )
        family_codes = set()
        for criterion_id in data.criteria:
            rows.add(
                FamilyCriterion,
                {
                    "id": ids(FamilyCriterion),
                    "family_id": family_id,
                    "criterion_id": criterion_id,
                    "noted_on": today,
                    "text": "",
                    "noted_by_id": user.id,
                },
            )
            family_codes |= {code for code, cid in criteria.items() if cid == criterion_id}
        counts["families"] += 1
        for kid in kids:
            counts["children"] += 1
            pending += 1
            child_id = ids(Child)
            status = _assess(
                rng,
                child_id,
                kid,
                family_codes,
                today,
                sectors,
                sector_codes,
                thresholds,
                thresholds_row.id,
                user.id,
                rows,
                ids,
                counts,
                now,
            )
            rows.add(Child, _child_row(child_id, family_id, area.path, kid, status, user.id, now))
            rows.add(
                ChildFamilyLink,
                {
                    "id": ids(ChildFamilyLink),
                    "child_id": child_id,
                    "family_id": family_id,
                    "since": today,
                    "until": None,
                    "recorded_by_id": user.id,
                },
            )
            for criterion_id in kid.criteria:
                rows.add(
                    ChildCriterion,
                    {
                        "id": ids(ChildCriterion),
                        "child_id": child_id,
                        "criterion_id": criterion_id,
                        "noted_on": today,
                        "text": "",
                        "noted_by_id": user.id,
                    },
                )
            if status and status["national_action"] in NEEDS_ACTION:
                _case(rng, child_id, area.path, status, today, user.id, rows, ids, counts, now)
        if pending >= BATCH_CHILDREN:
            rows.write()
            db.session.flush()
            progress(counts["children"])
            pending = 0
    rows.write()
    _bump_sequences()
    refresh_all(first_case - 1)  # the cases were written without the services: their stored state
    progress(counts["children"])
    return counts


def _child_row(child_id, family_id, path, kid, status, user_id, now) -> dict:
    return {
        "id": child_id,
        "family_id": family_id,
        "area_path": path,
        "surname": kid.surname,
        "given_name": kid.given_name,
        "patronymic": kid.patronymic,
        "surname_key": fold(kid.surname),
        "given_key": fold(kid.given_name),
        "surname_skeleton": skeleton(kid.surname),
        "given_skeleton": skeleton(kid.given_name),
        "sex": kid.sex,
        "birth_date": kid.birth_date,
        "birth_date_estimated": kid.birth_date_estimated,
        "pin": None,
        "birth_certificate": kid.birth_certificate,
        "disability": kid.disability,
        "living_arrangement": kid.living_arrangement,
        "school_enrolled": kid.school_enrolled,
        "school_name": kid.school_name,
        "school_grade": kid.school_grade,
        "attendance": kid.attendance,
        "non_attendance_reason": kid.non_attendance_reason,
        "consent": kid.consent,
        "consent_date": kid.consent_date,
        "consent_by": kid.consent_by,
        "notes": "",
        "restricted": False,
        "erased_at": None,
        "archived_at": None,
        "labour_category": status["national_category"] if status else None,
        "labour_action": status["national_action"] if status else None,
        "labour_ilo_category": status["ilo_category"] if status else None,
        "labour_reasons": status["reasons"] if status else None,
        "labour_assessed_on": status["visit_date"] if status else None,
        "merged_into_id": None,
        "merged_at": None,
        "created_by_id": user_id,
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }


def _assess(
    rng,
    child_id,
    kid,
    family_codes,
    today,
    sectors,
    sector_codes,
    thresholds,
    thresholds_id,
    user_id,
    rows,
    ids,
    counts,
    now,
) -> dict | None:
    """One or two visits for about a third of the children; returns the latest visit's status."""

    class Probe:  # what demo_assessment reads of a child
        birth_date = kid.birth_date

    visit = demo_assessment(rng, Probe, today, sectors)
    if visit is None:
        return None
    # Spread over two years (the demo keeps to the last four months), never before the age of 6.
    earliest = max(today - timedelta(days=730), kid.birth_date + timedelta(days=6 * 366))
    if earliest < today:
        visit = replace(visit, visit_date=earliest + timedelta(days=rng.randint(0, (today - earliest).days)))
    visits = [visit]
    if rng.random() < 0.3 and visit.visit_date < today - timedelta(days=40):  # a follow-up visit, out of work
        visits.append(
            AssessmentData(
                visit_date=visit.visit_date + timedelta(days=rng.randint(30, 39)),
                location="school",
                activities=[],
                chores_hours=5.0,
                notes="",
            )
        )
    status = None
    for data in visits:
        age = (
            data.visit_date.year
            - kid.birth_date.year
            - ((data.visit_date.month, data.visit_date.day) < (kid.birth_date.month, kid.birth_date.day))
        )
        attendance = kid.attendance.value if kid.attendance else ("regular" if kid.school_enrolled else "not_enrolled")
        facts = RulesInput(
            visit_date=data.visit_date,
            age=age,
            sex=kid.sex.value,
            chores_hours_last_7_days=data.chores_hours,
            activities=tuple(
                WorkActivity(
                    sector=sector_codes[a.sector_id],
                    employer=a.employer,
                    paid=a.paid,
                    hours_last_7_days=a.hours_last_7_days,
                    during_school_hours=a.during_school_hours,
                    hazards=frozenset(a.hazards),
                )
                for a in data.activities
            ),
            school_attendance=attendance,
            family_criteria=frozenset(family_codes),
        )
        result = engine.classify(facts, thresholds)
        assessment_id = ids(Assessment)
        stored = engine.result_to_dict(result)
        rows.add(
            Assessment,
            {
                "id": assessment_id,
                "child_id": child_id,
                "visit_date": data.visit_date,
                "assessed_by_id": user_id,
                "location": data.location,
                "location_note": "",
                "age": age,
                "school_attendance": attendance,
                "school_year": True,
                "chores_hours": data.chores_hours,
                "worst_forms": [],
                "parental_consent_written": None,
                "light_work": None,
                "contract": None,
                "medical_check": None,
                "notes": "",
                "thresholds_id": thresholds_id,
                "national_category": result.national.category,
                "national_action": result.national.action,
                "ilo_category": result.ilo.category,
                "sdg_series_1": bool(result.ilo.flags.get("sdg_series_1")),
                "sdg_series_2": bool(result.ilo.flags.get("sdg_series_2")),
                "result": stored,
                "created_at": now,
            },
        )
        for activity in data.activities:
            rows.add(
                WorkActivityRecord,
                {
                    "id": ids(WorkActivityRecord),
                    "assessment_id": assessment_id,
                    "sector_id": activity.sector_id,
                    "prohibited_work_id": None,
                    "employer": activity.employer,
                    "paid": activity.paid,
                    "hours_last_7_days": activity.hours_last_7_days,
                    "usual_hours_per_week": None,
                    "days_per_week": None,
                    "daily_hours": None,
                    "during_school_hours": activity.during_school_hours,
                    "at_night": False,
                    "on_rest_days": False,
                    "overtime": False,
                    "adult_venue": False,
                    "hazards": sorted(activity.hazards),
                },
            )
        counts["assessments"] += 1
        if status is None or result.national.category != "no_issue":
            status = {
                "national_category": result.national.category,
                "national_action": result.national.action,
                "ilo_category": result.ilo.category,
                "reasons": stored["national"]["reasons"],
                "visit_date": data.visit_date,
                "first_visit": visits[0].visit_date,
            }
    return status


def _case(rng, child_id, path, status, today, user_id, rows, ids, counts, now) -> None:
    case_id = ids(Case)
    identified = status["first_visit"]
    closed = rng.random() < 0.25 and identified < today - timedelta(days=120)
    closed_at = day_starts_at(identified + timedelta(days=rng.randint(100, 119)), office_zone()) if closed else None
    rows.add(
        Case,
        {
            "id": case_id,
            "child_id": child_id,
            "area_path": path,
            "source": CaseSource.ASSESSMENT,
            "identified_on": identified,
            "place": "",
            "danger": False,
            "notes": "",
            "assigned_to_id": user_id,
            "created_by_id": user_id,
            "created_at": now,
            "closed_at": closed_at,
            "archived_at": None,
            "version": 1,
        },
    )
    rows.add(
        CaseAssignment,
        {
            "id": ids(CaseAssignment),
            "case_id": case_id,
            "user_id": user_id,
            "assigned_by_id": user_id,
            "assigned_at": now,
        },
    )
    counts["cases"] += 1
    if rng.random() < 0.45:
        kind = rng.choice(SERVICES)
        proposed = identified + timedelta(days=rng.randint(3, 20))
        started = proposed + timedelta(days=rng.randint(2, 25)) if rng.random() < 0.7 else None
        rows.add(
            Referral,
            {
                "id": ids(Referral),
                "case_id": case_id,
                "child_id": child_id,
                "provider_id": None,
                "service_type": kind,
                "status": "in_service" if started else "sent",
                "proposed_on": proposed,
                "sent_on": proposed,
                "answered_on": started,
                "started_on": started,
                "ended_on": None,
                "decline_reason": "",
                "notes": "",
                "consent_override_by_id": None,
                "created_by_id": user_id,
                "created_at": now,
                "version": 1,
            },
        )
        counts["referrals"] += 1
    if closed:
        outcome, rule = {
            "withdraw": ("withdrawn", "withdrawn_in_school"),
            "protect": ("protected", "violations_fixed"),
            "prevent": ("prevented", "prevented_with_service"),
        }[status["national_action"]]
        rows.add(
            CaseClosure,
            {
                "id": ids(CaseClosure),
                "case_id": case_id,
                "reason": ClosureReason.OUTCOME_REACHED,
                "note": "",
                "outcome": outcome,
                "outcome_rule": rule,
                "proposed_by_id": user_id,
                "proposed_at": closed_at,
                "decision": "approved",
                "decided_by_id": user_id,
                "decided_at": closed_at,
                "comment": "",
                "reopened_at": None,
            },
        )
        counts["closed"] += 1


def _bump_sequences() -> None:
    """PostgreSQL: explicit ids leave the sequences behind; move them past the largest id."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in ORDER:
        table = model.__table__.name
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )  # table names are ours, not input
