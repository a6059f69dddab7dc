"""The ILO export's case-level sheets: one pseudonymised row per child, assessment and referral
(pure Python). A stable keyed-hash id, sex, birth year, age group, district and territory and the
classified fields; never a name, personal number, address, phone or exact date of birth
(DOMAIN.md section 6). The CSV zip writes the same rows from SQL (`caserows.py`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from monitor.reports.figures import ChildFacts, age_group
from monitor.reports.ilo import AssessmentRow, ReferralRow, Sheet

CHILDREN_HEADERS = (
    [
        "Child id",
        "Sex",
        "Birth year",
        "Age group",
        "District",
        "Territory",
        "National category",
        "ILO category",
        "SDG series 1",
        "SDG series 2",
        "Sector",
        "Outcome",
        "Hardship criteria",
    ],
    [
        "Код ребёнка",
        "Пол",
        "Год рождения",
        "Возрастная группа",
        "Район",
        "Территория",
        "Национальная категория",
        "Категория МОТ",
        "ЦУР серия 1",
        "ЦУР серия 2",
        "Сектор",
        "Результат",
        "Критерии трудной жизненной ситуации",
    ],
)
ASSESSMENTS_HEADERS = (
    [
        "Child id",
        "Visit date",
        "Age",
        "Age group",
        "Where found",
        "National category",
        "Action",
        "ILO category",
        "SDG series 1",
        "SDG series 2",
        "Sector",
    ],
    [
        "Код ребёнка",
        "Дата визита",
        "Возраст",
        "Возрастная группа",
        "Где найден",
        "Национальная категория",
        "Действие",
        "Категория МОТ",
        "ЦУР серия 1",
        "ЦУР серия 2",
        "Сектор",
    ],
)
REFERRALS_HEADERS = (
    ["Child id", "Service", "Status", "Proposed", "Sent", "Answered", "Service started", "Ended", "Days to service"],
    [
        "Код ребёнка",
        "Услуга",
        "Статус",
        "Предложено",
        "Отправлено",
        "Ответ",
        "Начало услуги",
        "Окончание",
        "Дней до услуги",
    ],
)


def children_sheet(children: list[ChildFacts], pseudonym: Callable[[int], str]) -> Sheet:
    def rows() -> Iterator[list]:
        for c in children:
            yield [
                pseudonym(c.id),
                c.sex,
                c.born.year,
                c.group,
                c.district,
                c.territory,
                c.category,
                c.ilo_category,
                c.series_1,
                c.series_2,
                c.sector,
                c.outcome,
                " ".join(c.criteria),
            ]

    return Sheet("Children", *CHILDREN_HEADERS, rows())


def assessments_sheet(rows_in: Iterable[AssessmentRow], pseudonym: Callable[[int], str]) -> Sheet:
    def rows() -> Iterator[list]:
        for a in rows_in:
            yield [
                pseudonym(a.child_id),
                a.visit_date,
                a.age,
                age_group(a.age),
                a.location,
                a.national_category,
                a.national_action,
                a.ilo_category,
                a.series_1,
                a.series_2,
                a.sector,
            ]

    return Sheet("Assessments", *ASSESSMENTS_HEADERS, rows())


def referrals_sheet(rows_in: Iterable[ReferralRow], pseudonym: Callable[[int], str]) -> Sheet:
    def rows() -> Iterator[list]:
        for r in rows_in:
            yield [
                pseudonym(r.child_id),
                r.service_type,
                r.status,
                r.proposed_on,
                r.sent_on,
                r.answered_on,
                r.started_on,
                r.ended_on,
                (r.started_on - r.proposed_on).days if r.started_on else None,
            ]

    return Sheet("Referrals", *REFERRALS_HEADERS, rows())
