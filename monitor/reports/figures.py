"""Report figures from plain facts (pure Python: no Flask, no database).

DOMAIN.md sections 5-6. Every figure is a count of distinct children (or referrals, families, visits)
broken down by sex and age group; each cell remembers which children are behind it, so a figure
can be drilled down to its list. A child counts once per period, under its latest status.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from monitor.core.clock import day_of, day_starts_at

AGE_GROUPS = ("5-11", "12-14", "15-17")
SEXES = ("M", "F")
# The SDG sheet also gives 5-14 (= 5-11 + 12-14) beside the three groups.
SDG_AGE_COLUMNS = ("5-11", "12-14", "15-17", "5-14", "5-17")
CHILD_LABOUR = frozenset(
    {"worst_form", "hazardous", "below_minimum_age", "underage_noncompliant", "young_worker_violation"}
)
OUTCOMES = ("withdrawn", "protected", "prevented")


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def years_before(day: date, years: int) -> date:
    """The last birth date of a child `years` old on `day` (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_group(age: int) -> str | None:
    if 5 <= age <= 11:
        return "5-11"
    if 12 <= age <= 14:
        return "12-14"
    if 15 <= age <= 17:
        return "15-17"
    return None


@dataclass(frozen=True)
class Period:
    """Days of the office (`zone`), from `start` to `end` included."""

    start: date
    end: date
    zone: tzinfo

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def starts_at(self) -> datetime:
        """The first instant of the period, in UTC (for timestamps: `starts_at <= t < ends_before`)."""
        return day_starts_at(self.start, self.zone)

    @property
    def ends_before(self) -> datetime:
        """The first instant after the period, in UTC."""
        return day_starts_at(self.end + timedelta(days=1), self.zone)

    def day_of(self, instant: datetime) -> date:
        """The office's date of a timestamp."""
        return day_of(instant, self.zone)


@dataclass(slots=True)
class ChildFacts:
    """What the reports need to know of one child, over one period."""

    id: int
    sex: str  # "M" | "F"
    born: date
    district: str  # names of the city or district, and of the territory below it
    territory: str
    family_id: int
    registered_on: date
    age: int = 0  # at the latest visit in the period, else at the period's end
    category: str | None = None  # national category of the latest assessment in the period
    ilo_category: str | None = None
    series_1: bool = False
    series_2: bool = False
    sector: str | None = None  # sector group of the latest assessment's main work
    labour_in_period: bool = False  # found in child labour at any visit of the period
    labour_sector: str | None = None
    outcome: str | None = None  # the latest approved closure in the period
    criteria: tuple[str, ...] = ()

    @property
    def group(self) -> str | None:
        return age_group(self.age)


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    id: int
    child_id: int
    sex: str
    group: str | None
    service_type: str
    status: str
    proposed_on: date
    started_on: date | None


@dataclass
class Cell:
    """One figure broken down by sex and age group, with the children behind each part."""

    ids: set[int] = field(default_factory=set)
    by: dict[tuple[str, str], set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )  # ("sex", "M") or ("age", "5-11") -> ids

    def add(self, item_id: int, sex: str, group: str | None) -> None:
        self.ids.add(item_id)
        self.by[("sex", sex)].add(item_id)
        if group:
            self.by[("age", group)].add(item_id)

    @property
    def total(self) -> int:
        return len(self.ids)

    def count(self, part: tuple[str, str] | None = None) -> int:
        return len(self.ids if part is None else self.by.get(part, ()))

    def members(self, part: tuple[str, str] | None = None) -> set[int]:
        return set(self.ids if part is None else self.by.get(part, ()))


BREAKDOWN = (None, ("sex", "M"), ("sex", "F"), ("age", "5-11"), ("age", "12-14"), ("age", "15-17"))


@dataclass
class Figures:
    """All figures of the dashboard: {section: {row key: Cell}} plus a few plain numbers."""

    sections: dict[str, dict[str, Cell]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Cell)))
    medians: dict[str, float] = field(default_factory=dict)  # service type -> median days to service
    by_territory: dict[str, dict[str, int]] = field(default_factory=dict)  # territory -> {category: n}

    def cell(self, section: str, key: str) -> Cell:
        return self.sections[section][key]


def child_figures(
    children: list[ChildFacts],
    period: Period,
    identified: list[tuple[int, date]],
    stages: dict[int, str],
    visits: list[tuple[int, str]],
    referrals: list[ReferralFacts],
) -> Figures:
    """The dashboard's figures. `identified` is (child id, date) of cases opened; `stages` the
    current stage of each child's case; `visits` (child id, done | due | overdue) of the period."""
    figures = Figures()
    facts = {c.id: c for c in children}
    for c in children:
        figures.cell("children", "registered").add(c.id, c.sex, c.group)
        if c.registered_on in period:
            figures.cell("children", "registered_in_period").add(c.id, c.sex, c.group)
        if c.category:
            figures.cell("children", "assessed").add(c.id, c.sex, c.group)
            figures.cell("categories", c.category).add(c.id, c.sex, c.group)
            if c.category in CHILD_LABOUR:
                figures.cell("children", "in_child_labour").add(c.id, c.sex, c.group)
            if c.category == "at_risk":
                figures.cell("children", "at_risk").add(c.id, c.sex, c.group)
            territory = figures.by_territory.setdefault(c.territory, defaultdict(int))
            territory[c.category] += 1
        if c.outcome in OUTCOMES:
            figures.cell("outcomes", c.outcome).add(c.id, c.sex, c.group)
    for child_id, day in identified:
        child = facts.get(child_id)
        if child is not None and day in period:
            figures.cell("children", "identified").add(child_id, child.sex, child.group)
    for child_id, stage in stages.items():
        child = facts.get(child_id)
        if child is not None:
            figures.cell("stages", stage).add(child_id, child.sex, child.group)
    for child_id, state in visits:
        child = facts.get(child_id)
        if child is not None:
            figures.cell("visits", state).add(child_id, child.sex, child.group)
    days: dict[str, list[int]] = defaultdict(list)
    for r in referrals:
        figures.cell("referrals", f"{r.service_type}|{r.status}").add(r.child_id, r.sex, r.group)
        figures.cell("referral_types", r.service_type).add(r.child_id, r.sex, r.group)
        if r.started_on:
            days[r.service_type].append((r.started_on - r.proposed_on).days)
    figures.medians = {kind: statistics.median(values) for kind, values in days.items()}
    return figures


def monthly(
    identified: list[tuple[int, date]], assessed: list[tuple[int, date]], period: Period
) -> list[tuple[str, int, int]]:
    """Per month of the period: cases opened and children assessed (distinct per month)."""
    months = month_keys(period)
    opened: dict[str, int] = defaultdict(int)
    seen: dict[str, set[int]] = defaultdict(set)
    for _child, when in identified:
        if when in period:
            opened[when.strftime("%Y-%m")] += 1
    for child, when in assessed:
        if when in period:
            seen[when.strftime("%Y-%m")].add(child)
    return [(month, opened[month], len(seen[month])) for month in months]


def month_keys(period: Period) -> list[str]:
    """The months of the period, as "YYYY-MM"."""
    months = []
    day = date(period.start.year, period.start.month, 1)
    while day <= period.end:
        months.append(day.strftime("%Y-%m"))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def median_of_counts(counts: dict[int, int]) -> float:
    """The median of values given as {value: how many times}: `statistics.median` of the values."""
    values = sorted(counts)
    size = sum(counts.values())
    middle = [(size - 1) // 2, size // 2]
    found: list[int] = []
    seen = 0
    for value in values:
        seen += counts[value]
        while len(found) < 2 and middle[len(found)] < seen:
            found.append(value)
    return found[0] if size % 2 else (found[0] + found[1]) / 2
