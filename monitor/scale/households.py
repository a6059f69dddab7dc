"""Generated households: the family with its members, phones and criteria, and its children with their
personal numbers, registered on a day spread over several years."""

from __future__ import annotations

import random
from datetime import date, timedelta

from monitor.registry.models import Child, ChildCriterion, ChildFamilyLink, Family, FamilyCriterion, FamilyMember
from monitor.registry.names import fold, skeleton
from monitor.scale.rows import Run
from monitor.scale.visits import office_moment

YEARS_OF_REGISTRATION = 6  # the register was started about six years ago; families are added every day since
MOBILE_PREFIXES = ("500", "505", "550", "555", "700", "702", "770", "777", "990", "998")


def registration_day(run: Run) -> date:
    """More families are registered in recent years than in the first ones (the register grows)."""
    span = YEARS_OF_REGISTRATION * 365
    return run.today - timedelta(days=int(span * (1 - run.rng.random() ** 0.7)))


def phone(run: Run) -> str:
    return "+996" + run.rng.choice(MOBILE_PREFIXES) + f"{run.rng.randrange(1_000_000):06d}"


def add_family(run: Run, family_id: int, area, data, registered: date, criteria: dict[str, int]) -> set[str]:
    """The family's rows; returns the codes of its criteria (the rules read them)."""
    rng = run.rng
    at = office_moment(run, registered)
    run.rows.add(
        Family,
        {
            "id": family_id,
            "area_id": area.id,
            "area_path": area.path,
            "street": data.street,
            "house": data.house,
            "phone": phone(run) if rng.random() < 0.8 else None,
            "phone_alt": phone(run) if rng.random() < 0.25 else None,
            "notes": "",
            "created_by_id": run.user_id,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        },
    )
    for member in data.members:
        run.rows.add(
            FamilyMember,
            {
                "id": run.ids(FamilyMember),
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
    codes = {code for code, cid in criteria.items() if cid in set(data.criteria)}
    for criterion_id in data.criteria:
        run.rows.add(
            FamilyCriterion,
            {
                "id": run.ids(FamilyCriterion),
                "family_id": family_id,
                "criterion_id": criterion_id,
                "noted_on": registered,
                "text": "",
                "noted_by_id": run.user_id,
            },
        )
    run.audit("family_created", at, "family", family_id, area.id, members=len(data.members))
    run.counts["families"] += 1
    return codes


class Pins:
    """Personal numbers (sex digit, date of birth, serial), never one given twice in the register.
    Their own random source: a retry after a number already taken (by an earlier run) must not change
    the rest of the caseload."""

    def __init__(self, taken: set[str], seed: int):
        self.taken = taken
        self.rng = random.Random(seed)

    def __call__(self, kid) -> str | None:
        if self.rng.random() < 0.3:  # not every child's number is known
            return None
        stem = ("1" if kid.sex.value == "F" else "2") + kid.birth_date.strftime("%d%m%Y")
        for _attempt in range(5):
            pin = stem + f"{self.rng.randrange(100_000):05d}"
            if pin not in self.taken:
                self.taken.add(pin)
                return pin
        return None


def add_child(run: Run, child_id: int, family_id: int, area, kid, registered: date, extra: dict) -> None:
    """The child's rows; `extra` holds its personal number, status and restriction."""
    at = office_moment(run, registered)
    status = extra["status"]
    run.rows.add(
        Child,
        {
            "id": child_id,
            "family_id": family_id,
            "area_path": area.path,
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
            "pin": extra["pin"],
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
            "restricted": extra["restricted"],
            "erased_at": None,
            "archived_at": None,
            "labour_category": status["national_category"] if status else None,
            "labour_action": status["national_action"] if status else None,
            "labour_ilo_category": status["ilo_category"] if status else None,
            "labour_reasons": status["reasons"] if status else None,
            "labour_assessed_on": status["visit_date"] if status else None,
            "merged_into_id": None,
            "merged_at": None,
            "created_by_id": run.user_id,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        },
    )
    run.rows.add(
        ChildFamilyLink,
        {
            "id": run.ids(ChildFamilyLink),
            "child_id": child_id,
            "family_id": family_id,
            "since": registered,
            "until": None,
            "recorded_by_id": run.user_id,
        },
    )
    for criterion_id in kid.criteria:
        run.rows.add(
            ChildCriterion,
            {
                "id": run.ids(ChildCriterion),
                "child_id": child_id,
                "criterion_id": criterion_id,
                "noted_on": registered,
                "text": "",
                "noted_by_id": run.user_id,
            },
        )
    run.audit("child_created", at, "child", child_id, area.id, distinct_from=[])
    run.counts["children"] += 1
    run.counts["restricted"] += extra["restricted"]
