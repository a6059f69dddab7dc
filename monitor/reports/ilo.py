"""The ILO reporting export's sheet types and aggregate sheets, as rows (pure Python; the writers turn them into files).

DOMAIN.md section 5. Aggregate sheets give counts of registered children (administrative counts,
not survey prevalence) with small cells suppressed. The case-level sheets are in `caselevel.py`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from monitor.reports.figures import AGE_GROUPS, CHILD_LABOUR, OUTCOMES, SEXES, ChildFacts, ReferralFacts
from monitor.reports.suppression import HIDDEN, suppress

SHEETS = ("README", "SDG_8.7.1", "Beneficiaries", "Services", "Hardship", "Children", "Assessments", "Referrals")


@dataclass
class Sheet:
    name: str
    headers: list[str]  # English
    headers_ru: list[str]  # Russian, the second header row
    rows: Iterable[list]


@dataclass
class AssessmentRow:
    child_id: int
    visit_date: date
    age: int
    location: str
    national_category: str
    national_action: str
    ilo_category: str
    series_1: bool
    series_2: bool
    sector: str | None


@dataclass
class ReferralRow:
    child_id: int
    service_type: str
    status: str
    proposed_on: date
    sent_on: date | None
    answered_on: date | None
    started_on: date | None
    ended_on: date | None


def readme(info: list[tuple[str, str]]) -> Sheet:
    return Sheet("README", ["Item", "Value"], ["Пункт", "Значение"], [[k, v] for k, v in info])


@dataclass
class LazySheet:
    """A sheet whose rows are known only after others were written (the aggregates of a stream)."""

    name: str
    make: Callable[[], Sheet]


@dataclass
class ChunkedSheet:
    """A case-level sheet whose rows come in lists already in CSV form (`caserows.CaseRows`)."""

    name: str
    headers: list[str]
    headers_ru: list[str]
    chunks: Iterable[list[tuple]]


@dataclass
class CopySheet:
    """A case-level sheet whose rows come as finished CSV bytes from the database (`pgcopy.py`), in
    blocks with the number of rows in each."""

    name: str
    headers: list[str]
    headers_ru: list[str]
    blocks: Iterable[tuple[bytes, int]]


SDG_COLUMNS = ("5-11", "12-14", "15-17", "5-14", "5-17")


class Tally:
    """The aggregate sheets' counts, fed one child at a time (nothing per child is kept)."""

    def __init__(self):
        self.sdg: dict = defaultdict(int)  # (series, measure, sex, column) -> children
        self.beneficiaries: dict = defaultdict(lambda: dict.fromkeys(("identified", *OUTCOMES), 0))
        self.hardship: dict = defaultdict(int)  # (code, district, territory, sex) -> children

    def add(self, c: ChildFacts) -> ChildFacts:
        group = c.group
        for code in c.criteria:
            self.hardship[(code, c.district, c.territory, c.sex)] += 1
        if group is None:
            return c
        for series, in_labour in ((1, c.series_1), (2, c.series_2)):
            for sex in (c.sex, "T"):
                for column in (group, "5-14" if group != "15-17" else None, "5-17"):
                    if column:
                        self.sdg[(series, "registered", sex, column)] += 1
                        self.sdg[(series, "child_labour", sex, column)] += int(bool(in_labour))
        if c.labour_in_period or c.outcome in OUTCOMES:
            key = (c.district, c.territory, c.sex, group, c.labour_sector or c.sector)
            if c.labour_in_period:
                self.beneficiaries[key]["identified"] += 1
            if c.outcome in OUTCOMES:
                self.beneficiaries[key][c.outcome] += 1
        return c


def _tally(children) -> Tally:
    tally = Tally()
    for c in children:
        tally.add(c)
    return tally


def sdg(children: list[ChildFacts], threshold: int) -> Sheet:
    return sdg_sheet(_tally(children), threshold)


def sdg_sheet(tally: Tally, threshold: int) -> Sheet:
    """Children in child labour by sex and age group, series 1 and 2, over children registered."""
    rows = []
    for series in (1, 2):
        values = {
            (measure, sex, column): tally.sdg.get((series, measure, sex, column), 0)
            for measure in ("child_labour", "registered")
            for sex in (*SEXES, "T")
            for column in SDG_COLUMNS
        }
        constraints = []
        for measure in ("child_labour", "registered"):
            for sex in (*SEXES, "T"):
                constraints.append(([(measure, sex, g) for g in AGE_GROUPS], (measure, sex, "5-17")))
                constraints.append(([(measure, sex, "5-11"), (measure, sex, "12-14")], (measure, sex, "5-14")))
            for column in SDG_COLUMNS:
                constraints.append(([(measure, s, column) for s in SEXES], (measure, "T", column)))
        shown = suppress(values, constraints, threshold)
        for sex in (*SEXES, "T"):
            labour = [shown[("child_labour", sex, c)] for c in SDG_COLUMNS]
            registered = [shown[("registered", sex, c)] for c in SDG_COLUMNS]
            share = [
                HIDDEN if n is HIDDEN or d is HIDDEN else round(100 * n / d, 1) if d else None
                for n, d in zip(labour, registered, strict=True)
            ]
            rows.append([series, sex, "children in child labour", *labour])
            rows.append([series, sex, "children registered (denominator)", *registered])
            rows.append([series, sex, "% in child labour", *share])
    return Sheet(
        "SDG_8.7.1", ["Series", "Sex", "Measure", *SDG_COLUMNS], ["Серия", "Пол", "Показатель", *SDG_COLUMNS], rows
    )


def beneficiaries_sheet(tally: Tally, threshold: int, sector_label: Callable[[str | None], str]) -> Sheet:
    """Identified in child labour, withdrawn, protected, prevented by territory × sex × age group × sector."""
    counts: dict = defaultdict(lambda: dict.fromkeys(("identified", *OUTCOMES), 0))
    for (district, territory, sex, group, sector), measures in tally.beneficiaries.items():
        for measure, n in measures.items():
            counts[(district, territory, sex, group, sector_label(sector))][measure] += n
    flat = {(key, measure): n for key, measures in counts.items() for measure, n in measures.items()}
    shown = suppress(flat, (), threshold)
    rows = [[*key, *(shown[(key, m)] for m in ("identified", *OUTCOMES))] for key in sorted(counts)]
    return Sheet(
        "Beneficiaries",
        [
            "District",
            "Territory",
            "Sex",
            "Age group",
            "Sector",
            "Identified in child labour",
            "Withdrawn",
            "Protected",
            "Prevented",
        ],
        [
            "Район",
            "Территория",
            "Пол",
            "Возрастная группа",
            "Сектор",
            "Выявлено в детском труде",
            "Выведено",
            "Защищено",
            "Предотвращено",
        ],
        rows,
    )


def services(
    referrals: list[ReferralFacts], threshold: int, type_label: Callable[[str], str], status_label: Callable[[str], str]
) -> Sheet:
    """Referrals by service type × status × sex × age group, with each type's median days to service."""
    counts: dict = defaultdict(int)
    days: dict = defaultdict(list)
    for r in referrals:
        counts[(r.service_type, r.status, r.sex, r.group or "other")] += 1
        if r.started_on:
            days[r.service_type].append((r.started_on - r.proposed_on).days)
    return services_sheet(counts, days, threshold, type_label, status_label)


def services_sheet(
    counts: dict, days: dict, threshold: int, type_label: Callable[[str], str], status_label: Callable[[str], str]
) -> Sheet:
    """The Services sheet from referrals counted by (type, status, sex, age group or "other") and the
    days to service of each type's started referrals."""
    totals: dict = defaultdict(int)
    for key, n in counts.items():
        totals[key[0]] += n
    values = {("row", k): n for k, n in counts.items()} | {("total", k): n for k, n in totals.items()}
    constraints = [([("row", k) for k in counts if k[0] == kind], ("total", kind)) for kind in totals]
    shown = suppress(values, constraints, threshold)
    rows = []
    for kind in sorted(totals):
        median = statistics.median(days.get(kind, ())) if len(days.get(kind, ())) >= threshold else None
        rows.append([type_label(kind), "all", "all", "all", shown[("total", kind)], median])
        for key in sorted(k for k in counts if k[0] == kind):
            rows.append([type_label(kind), status_label(key[1]), key[2], key[3], shown[("row", key)], None])
    return Sheet(
        "Services",
        ["Service", "Status", "Sex", "Age group", "Referrals", "Median days to service"],
        ["Услуга", "Статус", "Пол", "Возрастная группа", "Направления", "Медиана дней до услуги"],
        rows,
    )


def hardship_sheet(tally: Tally, families: dict[tuple[str, str, str], int], threshold: int) -> Sheet:
    """Children (by sex) and families by hardship criterion × territory."""
    places = sorted({k[:3] for k in tally.hardship} | set(families))
    values = {}
    constraints = []
    for place in places:
        for sex in SEXES:
            values[("child", *place, sex)] = tally.hardship.get((*place, sex), 0)
        values[("child", *place, "T")] = sum(tally.hardship.get((*place, s), 0) for s in SEXES)
        values[("family", *place)] = families.get(place, 0)
        constraints.append(([("child", *place, s) for s in SEXES], ("child", *place, "T")))
    shown = suppress(values, constraints, threshold)
    rows = [
        [
            *place,
            shown[("child", *place, "M")],
            shown[("child", *place, "F")],
            shown[("child", *place, "T")],
            shown[("family", *place)],
        ]
        for place in places
    ]
    return Sheet(
        "Hardship",
        ["Criterion", "District", "Territory", "Boys", "Girls", "Children", "Families"],
        ["Критерий", "Район", "Территория", "Мальчики", "Девочки", "Дети", "Семьи"],
        rows,
    )


__all__ = [
    "CHILD_LABOUR",
    "SHEETS",
    "AssessmentRow",
    "ChunkedSheet",
    "CopySheet",
    "LazySheet",
    "ReferralRow",
    "Sheet",
    "Tally",
    "beneficiaries_sheet",
    "hardship_sheet",
    "readme",
    "sdg",
    "sdg_sheet",
    "services",
    "services_sheet",
]
