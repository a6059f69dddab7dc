"""A realistic, reproducible demo caseload (Kyrgyz, Uzbek and Russian names; parents abroad;
children in and out of school), registered through the same services as the web forms."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import select

from monitor.assessments.data import ActivityData, AssessmentData
from monitor.assessments.models import Sector
from monitor.assessments.services import record_assessment
from monitor.cases.models import Case
from monitor.extensions import db
from monitor.referrals import services as referrals
from monitor.referrals.lifecycle import InvalidTransition
from monitor.referrals.models import ServiceProvider
from monitor.registry import services
from monitor.registry.data import ChildData, FamilyData, MemberData
from monitor.registry.models import Attendance, Consent, Criterion, Employment, LivingArrangement, Relation, Sex

# (male given names, female given names, surnames in the male form, how a female surname is made)
NAMES = {
    "kyrgyz": (
        [
            "Жоомарт",
            "Өмүрбек",
            "Бакыт",
            "Нурлан",
            "Эрмек",
            "Азамат",
            "Айбек",
            "Бекзат",
            "Тынчтык",
            "Эмир",
            "Нурсултан",
            "Данияр",
            "Адилет",
            "Бектур",
            "Жанболот",
            "Кубаныч",
            "Мирлан",
            "Улан",
            "Чыңгыз",
            "Талант",
        ],
        [
            "Айгүл",
            "Нурзада",
            "Жылдыз",
            "Гүлнара",
            "Бегимай",
            "Айпери",
            "Асель",
            "Мээрим",
            "Нургүл",
            "Айзада",
            "Жазгүл",
            "Элнура",
            "Акмарал",
            "Сезим",
            "Айжан",
            "Назгүл",
            "Толгонай",
            "Каныкей",
            "Үмүт",
            "Аруузат",
        ],
        [
            "Токтосунов",
            "Маматов",
            "Абдыкадыров",
            "Осмонов",
            "Садыков",
            "Жумабаев",
            "Исаков",
            "Турдубаев",
            "Эргешов",
            "Кадыров",
            "Асанов",
            "Мамытов",
            "Сатыбалдиев",
            "Бообеков",
            "Төрөбеков",
            "Өмүрбеков",
        ],
    ),
    "uzbek": (
        ["Азизбек", "Шерзод", "Жасур", "Бобур", "Ойбек", "Рустам", "Улугбек", "Фаррух", "Сардор", "Дилшод"],
        ["Шахноза", "Хуршида", "Дилноза", "Гулчехра", "Мадина", "Зарина", "Нилуфар", "Мохира", "Феруза", "Севара"],
        ["Юсупов", "Рахимов", "Каримов", "Абдуллаев", "Мирзаев", "Нематов", "Тошматов", "Хамидов", "Исмоилов"],
    ),
    "russian": (
        ["Александр", "Дмитрий", "Сергей", "Иван", "Максим", "Артём"],
        ["Анастасия", "Екатерина", "Ольга", "Татьяна", "Алина", "Дарья"],
        ["Иванов", "Петров", "Кузнецов", "Смирнов", "Попов", "Васильев"],
    ),
}
GROUP_WEIGHTS = {"kyrgyz": 0.62, "uzbek": 0.3, "russian": 0.08}
LATIN = str.maketrans(
    {
        "А": "A",
        "а": "a",
        "Б": "B",
        "б": "b",
        "В": "V",
        "в": "v",
        "Г": "G",
        "г": "g",
        "Д": "D",
        "д": "d",
        "Е": "E",
        "е": "e",
        "Ж": "Zh",
        "ж": "zh",
        "З": "Z",
        "з": "z",
        "И": "I",
        "и": "i",
        "Й": "Y",
        "й": "y",
        "К": "K",
        "к": "k",
        "Л": "L",
        "л": "l",
        "М": "M",
        "м": "m",
        "Н": "N",
        "н": "n",
        "Ң": "Ng",
        "ң": "ng",
        "О": "O",
        "о": "o",
        "Ө": "O",
        "ө": "o",
        "П": "P",
        "п": "p",
        "Р": "R",
        "р": "r",
        "С": "S",
        "с": "s",
        "Т": "T",
        "т": "t",
        "У": "U",
        "у": "u",
        "Ү": "U",
        "ү": "u",
        "Ф": "F",
        "ф": "f",
        "Х": "Kh",
        "х": "kh",
        "Ч": "Ch",
        "ч": "ch",
        "Ш": "Sh",
        "ш": "sh",
        "Ы": "Y",
        "ы": "y",
        "Э": "E",
        "э": "e",
        "Ю": "Yu",
        "ю": "yu",
        "Я": "Ya",
        "я": "ya",
        "ё": "yo",
        "ь": "",
        "ъ": "",
        "Ц": "Ts",
        "ц": "ts",
        "Щ": "Shch",
        "щ": "shch",
    }
)
COUNTRIES = ["Россия", "Казахстан", "Турция", "Корея"]
STREETS = ["Ленина", "Масалиева", "Курманжан-Датка", "Навои", "Мира", "Фрунзе", "Абдыкадырова", "Советская"]
NOT_ATTENDING_REASONS = [
    "Работает на базаре",
    "Помогает семье в поле",
    "Нет одежды и обуви",
    "Болезнь",
    "Присматривает за младшими",
]


def _female(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def _patronymic(father: str, sex: Sex) -> str:
    base = father[:-1] + "ь" if father.endswith("й") else father
    return base + ("ович" if sex == Sex.MALE else "овна")


class DemoCaseload:
    """Families and children for the demo areas, reproducible from `seed`."""

    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.today = today

    def _person(self, group: str, sex: Sex, surname: str) -> tuple[str, str]:
        males, females, _ = NAMES[group]
        given = self.rng.choice(males if sex == Sex.MALE else females)
        return (_female(surname) if sex == Sex.FEMALE else surname), given

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
            patronymic=_patronymic(father, sex) if not latin else "",
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


# (sector code, location, hours in the last 7 days or None for "don't know", hazards) seen at visits.
WORK_SEEN = (
    ("bazaar_portering", "bazaar", 20.0, ["heavy_loads"]),
    ("bazaar_selling", "bazaar", 12.0, []),
    ("bazaar_carts", "bazaar", None, ["heavy_loads", "extreme_temperature"]),
    ("cotton", "field", 30.0, ["chemicals", "extreme_temperature"]),
    ("car_wash", "car_wash", 25.0, ["chemicals"]),
    ("street_vending", "street", 8.0, []),
    ("brick_making", "other", 35.0, ["dust_fumes_gas", "heavy_loads"]),
    ("cafe", "other", 18.0, []),
)


def demo_assessment(rng: random.Random, child, today: date, sectors: dict[str, int]):
    """An assessment for some children (about a third), from the kinds of work seen in the region."""

    if rng.random() > 0.35 or (today - child.birth_date).days < 8 * 365:
        return None
    sector, location, hours, hazards = rng.choice(WORK_SEEN)
    works = rng.random() < 0.85
    activity = ActivityData(
        sector_id=sectors[sector],
        employer=rng.choice(["family", "employer", "self"]),
        paid=rng.random() < 0.5,
        hours_last_7_days=hours,
        hazards=hazards,
        during_school_hours=rng.random() < 0.3,
    )
    return AssessmentData(
        visit_date=today - timedelta(days=rng.randint(1, 120)),
        location=location,
        activities=[activity] if works else [],
        chores_hours=float(rng.choice([5, 10, 14, 21, 25])),
        notes="",
    )


def seed_caseload(
    area_users: list[tuple[int, object]],
    families: int,
    seed: int,
    today: date,
    progress: Callable[[Iterator], Iterator] = iter,
) -> int:
    """Register `families` demo households spread over (area id, worker) pairs, and assess some of
    the children; returns the number of children added."""

    criteria = {c.code: c.id for c in db.session.scalars(select(Criterion))}
    sectors = {s.code: s.id for s in db.session.scalars(select(Sector))}
    generator = DemoCaseload(seed, today)
    added = 0
    for index in progress(range(families)):
        area_id, worker = area_users[index % len(area_users)]
        data, children = generator.family(area_id, criteria)
        family = services.register_family(data, worker, today)
        for child_data in children:
            child = services.register_child(family, child_data, worker, today)
            visit = demo_assessment(generator.rng, child, today, sectors) if sectors else None
            if visit is not None:
                record_assessment(child, visit, worker, today)
            added += 1
    return added


def seed_services(seed: int, today: date) -> int:
    """Demo referrals for about half of the open cases (to the seeded providers where one serves the
    child's area), with their steps dated in the past, so case pages, worklists and reports have
    services to show."""

    rng = random.Random(seed + 1)
    providers = list(db.session.scalars(select(ServiceProvider).where(ServiceProvider.active)))
    kinds = ["remedial_class", "school_reenrolment", "psychosocial", "livelihood_support", "health", "rehabilitation"]
    added = 0
    for case in db.session.scalars(select(Case).where(Case.closed_at.is_(None)).order_by(Case.id)).all():
        if rng.random() > 0.5:
            continue
        kind = rng.choice(kinds)
        provider = next(
            (
                p
                for p in providers
                if p.service_type == kind
                and case.area_path.startswith(p.area.path)
                and (p.capacity is None or referrals.seats_left(p) > 0)
            ),
            None,
        )
        day = min(today, case.identified_on + timedelta(days=rng.randint(2, 10)))
        referral = referrals.refer(case, kind, provider, "", case.assigned_to, today, day)
        added += 1
        for target in ("sent", "accepted", "in_service"):
            if rng.random() < 0.25:
                break
            day = min(today, day + timedelta(days=rng.randint(1, 9)))
            try:
                referrals.advance(referral, case.child, target, "", False, case.assigned_to, today, day)
            except InvalidTransition:  # no consent recorded, or no place left: it stays where it is
                break
    return added
