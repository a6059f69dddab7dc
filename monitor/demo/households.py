"""Demo households: parents (some abroad), their children in and out of school, the hardship they
meet; reproducible from a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from monitor.demo.names import GROUP_WEIGHTS, LATIN, NAMES, female, patronymic
from monitor.registry.data import ChildData, FamilyData, MemberData
from monitor.registry.models import Attendance, Consent, Employment, LivingArrangement, Relation, Sex

COUNTRIES = ["Россия", "Казахстан", "Турция", "Корея"]
STREETS = ["Ленина", "Масалиева", "Курманжан-Датка", "Навои", "Мира", "Фрунзе", "Абдыкадырова", "Советская"]
NOT_ATTENDING_REASONS = [
    "Работает на базаре",
    "Помогает семье в поле",
    "Нет одежды и обуви",
    "Болезнь",
    "Присматривает за младшими",
]


class DemoCaseload:
    """Families and children for the demo areas, reproducible from `seed`."""

    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today

    def _person(self, group: str, sex: Sex, surname: str) -> tuple[str, str]:
        males, females, _ = NAMES[group]
        given = self.rng.choice(males if sex == Sex.MALE else females)
        return (female(surname) if sex == Sex.FEMALE else surname), given

    def _birth_date(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low * 365 + 1, high * 365 + 300))

    def family(self, area_id: int, criteria: dict[str, int]) -> tuple[FamilyData, list[ChildData]]:
        rng = self.rng
        group = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
        surname = rng.choice(NAMES[group][2])
        father_given = self._person(group, Sex.MALE, surname)[1]
        abroad = rng.random() < 0.3
        members = [
            MemberData(
                surname,
                father_given,
                Relation.FATHER,
                birth_date=self._birth_date(30, 50),
                is_head=not abroad,
                abroad=abroad,
                abroad_country=rng.choice(COUNTRIES) if abroad else "",
                abroad_since=self.today - timedelta(days=rng.randint(60, 2000)) if abroad else None,
                employment=rng.choice([Employment.INFORMAL, Employment.UNEMPLOYED, Employment.EMPLOYED]),
            ),
            MemberData(
                *self._person(group, Sex.FEMALE, surname),
                Relation.MOTHER,
                birth_date=self._birth_date(26, 45),
                is_caregiver=True,
                is_head=abroad,
                employment=rng.choice(list(Employment)),
            ),
        ]
        if abroad and rng.random() < 0.4:
            members[1].abroad, members[1].abroad_country, members[1].is_caregiver = True, rng.choice(COUNTRIES), False
            members.append(
                MemberData(
                    *self._person(group, Sex.FEMALE, surname),
                    Relation.GRANDMOTHER,
                    birth_date=self._birth_date(55, 70),
                    is_caregiver=True,
                    employment=Employment.PENSIONER,
                )
            )
        family_codes = {
            code
            for code, p in (
                ("F01", 0.5),
                ("F02", 0.3),
                ("F03", 0.35),
                ("F04", 0.1),
                ("F06", 0.05),
                ("F07", 0.05),
                ("F08", 0.15),
            )
            if rng.random() < p
        }
        if abroad:
            family_codes.add("F05")
        data = FamilyData(
            area_id=area_id,
            street=rng.choice(STREETS),
            house=str(rng.randint(1, 120)),
            phone=f"0{rng.choice(['555', '700', '770', '220', '999'])}{rng.randint(100000, 999999)}",
            members=members,
            criteria={criteria[c]: "" for c in sorted(family_codes) if c in criteria},
        )
        latin = rng.random() < 0.12  # some lists reach the office typed in Latin letters
        children = [self.child(group, surname, father_given, abroad, latin, criteria) for _ in range(rng.randint(1, 4))]
        return data, children

    def child(self, group, surname, father, parents_abroad, latin, criteria) -> ChildData:
        rng = self.rng
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        child_surname, given = self._person(group, sex, surname)
        birth_date = self._birth_date(5, 16)
        attendance = rng.choices(list(Attendance), weights=[0.65, 0.2, 0.15])[0]
        codes = {"C07"} if attendance == Attendance.NOT_ATTENDING else set()
        if parents_abroad:
            codes.add("C09")
        if rng.random() < 0.05:
            codes.add("C02")
        if latin:
            child_surname, given = child_surname.translate(LATIN), given.translate(LATIN)
        consent = rng.choices([Consent.YES, Consent.NOT_ASKED, Consent.NO], weights=[0.7, 0.25, 0.05])[0]
        return ChildData(
            surname=child_surname,
            given_name=given,
            patronymic=patronymic(father, sex) if not latin else "",
            sex=sex,
            birth_date=birth_date,
            birth_certificate=rng.random() > 0.05,
            living_arrangement=LivingArrangement.RELATIVES_PARENTS_ABROAD
            if parents_abroad
            else LivingArrangement.BOTH_PARENTS,
            school_enrolled=attendance != Attendance.NOT_ATTENDING or rng.random() < 0.5,
            school_name=f"№ {rng.randint(1, 60)}",
            school_grade=min(11, max(1, (self.today - birth_date).days // 365 - 6)),
            attendance=attendance,
            non_attendance_reason=rng.choice(NOT_ATTENDING_REASONS) if attendance == Attendance.NOT_ATTENDING else "",
            consent=consent,
            consent_date=self.today - timedelta(days=rng.randint(1, 300)) if consent != Consent.NOT_ASKED else None,
            consent_by="мать" if consent != Consent.NOT_ASKED else "",
            criteria={criteria[c]: "" for c in sorted(codes) if c in criteria},
        )
