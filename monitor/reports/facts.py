"""Gather the facts reports are computed from: a handful of queries per report, none per row."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select

from monitor.areas.models import KIND_LEVEL, Area
from monitor.assessments.models import Assessment, Sector, WorkActivityRecord
from monitor.cases.deadlines import CaseRules
from monitor.cases.models import Case, CaseClosure, Plan
from monitor.cases.queries import first_assessment
from monitor.cases.schedule import plan_visits
from monitor.cases.state import case_state
from monitor.core.permissions import paths_condition
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child, ChildCriterion, Criterion, Family, FamilyCriterion
from monitor.reports.figures import CHILD_LABOUR, ChildFacts, Period, ReferralFacts, age_group, age_on

BATCH = 10_000  # rows fetched at a time from the large queries (the whole result is never held at once)


class Territories:
    """The city or district of an area path, and the territory just below it (ayil aimak, town...)."""

    def __init__(self, language: str):
        self.areas = {area.path: area for area in db.session.scalars(select(Area))}
        self.language = language
        self._cache: dict[str, tuple[str, str]] = {}

    def of(self, path: str) -> tuple[str, str]:
        if path not in self._cache:
            prefixes = [path[: i + 1] for i, ch in enumerate(path) if ch == "/" and i > 0]
            chain = [self.areas[p] for p in prefixes if p in self.areas]
            district = next((i for i, a in enumerate(chain) if KIND_LEVEL[a.kind] == 1), None)
            if district is None:
                names = (chain[-1].name(self.language) if chain else "—", "—")
            else:
                below = chain[district + 1] if len(chain) > district + 1 else None
                names = (chain[district].name(self.language), below.name(self.language) if below else "—")
            self._cache[path] = names
        return self._cache[path]


@dataclass
class Collected:
    period: Period
    children: list[ChildFacts]
    identified: list[tuple[int, date]]
    assessed: list[tuple[int, date]]
    stages: dict[int, str]
    visits: list[tuple[int, str]]
    referrals: list[ReferralFacts]
    family_criteria: dict[int, tuple[str, ...]] = field(default_factory=dict)
    families: dict[int, tuple[str, str]] = field(default_factory=dict)  # family id -> (district, territory)


class ChildStream:
    """Rows of a query sorted by child id, taken a child at a time (a merge join in Python)."""

    def __init__(self, rows):
        self.result = rows
        self.rows = iter(rows)
        self.head = next(self.rows, None)

    def close(self) -> None:
        """Let go of the rows not taken (on PostgreSQL, the server-side cursor)."""
        self.result.close()

    def upto(self, last_id: int) -> Iterator:
        """The rows of every child up to `last_id` (those of lower ids were taken before)."""
        while self.head is not None and self.head[0] <= last_id:
            yield self.head
            self.head = next(self.rows, None)

    def take(self, child_id: int) -> list:
        found = []
        while self.head is not None and self.head[0] <= child_id:
            if self.head[0] == child_id:
                found.append(self.head)
            self.head = next(self.rows, None)
        return found


def iter_children(
    paths: list[str],
    period: Period,
    language: str,
    today: date,
    on_visit: Callable[[int, date], None] | None = None,
    only: list[int] | None = None,
) -> Iterator[ChildFacts]:
    """The fact row of each child of `paths` registered by the period's end (or of the children
    `only` among them), one at a time: four queries read side by side in child order, so memory does
    not grow with the number of children."""
    territories = Territories(language)
    in_area = paths_condition(Child.area_path, paths)
    if only is not None:
        in_area = and_(in_area, Child.id.in_(only))
    children = db.session.execute(
        select(Child.id, Child.sex, Child.birth_date, Child.area_path, Child.family_id, Child.created_at)
        .where(in_area, Child.merged_into_id.is_(None), Child.created_at < period.ends_before)
        .order_by(Child.id)
        .execution_options(yield_per=BATCH)
    )
    visits = ChildStream(
        db.session.execute(
            select(
                Assessment.child_id,
                Assessment.id,
                Assessment.visit_date,
                Assessment.age,
                Assessment.national_category,
                Assessment.ilo_category,
                Assessment.sdg_series_1,
                Assessment.sdg_series_2,
                Sector.group,
            )
            .join(Child, Child.id == Assessment.child_id)
            .outerjoin(WorkActivityRecord, WorkActivityRecord.assessment_id == Assessment.id)
            .outerjoin(Sector, Sector.id == WorkActivityRecord.sector_id)
            .where(in_area, Assessment.visit_date.between(period.start, period.end))
            .order_by(Assessment.child_id, Assessment.visit_date, Assessment.id, WorkActivityRecord.id)
            .execution_options(yield_per=BATCH)
        )
    )
    closures = ChildStream(
        db.session.execute(
            select(Case.child_id, CaseClosure.outcome)
            .join(Case, Case.id == CaseClosure.case_id)
            .where(
                paths_condition(Case.area_path, paths) if only is None else Case.child_id.in_(only),
                CaseClosure.decision == "approved",
                CaseClosure.reopened_at.is_(None),
                CaseClosure.decided_at >= period.starts_at,
                CaseClosure.decided_at < period.ends_before,
            )
            .order_by(Case.child_id, CaseClosure.decided_at)
            .execution_options(yield_per=BATCH)
        )
    )
    criteria = ChildStream(
        db.session.execute(
            select(ChildCriterion.child_id, Criterion.code)
            .join(Criterion, Criterion.id == ChildCriterion.criterion_id)
            .join(Child, Child.id == ChildCriterion.child_id)
            .where(in_area)
            .order_by(ChildCriterion.child_id, Criterion.code)
            .execution_options(yield_per=BATCH)
        )
    )
    try:
        for cid, sex, born, path, family_id, created in children:
            district, territory = territories.of(path)
            c = ChildFacts(
                cid,
                sex.value,
                born,
                district,
                territory,
                family_id,
                period.day_of(created),
                age=age_on(born, min(period.end, today)),
            )
            last = None
            for _cid, aid, visit, age, category, ilo, s1, s2, group in visits.take(cid):
                if aid == last:  # the same visit's other kinds of work
                    continue
                last = aid
                if on_visit:
                    on_visit(cid, visit)
                c.age, c.category, c.ilo_category, c.series_1, c.series_2, c.sector = age, category, ilo, s1, s2, group
                if category in CHILD_LABOUR:
                    c.labour_in_period, c.labour_sector = True, group
            outcomes = closures.take(cid)
            if outcomes:
                c.outcome = outcomes[-1][1]
            c.criteria = tuple(code for _cid, code in criteria.take(cid))
            yield c
    finally:
        for stream in (visits, closures, criteria):
            stream.close()
        children.close()


def collect(
    paths: list[str],
    period: Period,
    language: str,
    today: date,
    rules: CaseRules | None = None,
    with_cases: bool = True,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 20_000,
) -> Collected:
    """Everything the dashboard needs about the children of `paths` (already limited to the user's
    areas); `progress` hears the number of children read so far, every `progress_every` children."""
    assessed: list[tuple[int, date]] = []
    children: dict[int, ChildFacts] = {}
    for c in iter_children(paths, period, language, today, lambda cid, visit: assessed.append((cid, visit))):
        children[c.id] = c
        if progress is not None and len(children) % progress_every == 0:
            progress(len(children))
    family_criteria: dict[int, list[str]] = {}
    family_ids = {c.family_id for c in children.values()}
    for fid, code in db.session.execute(
        select(FamilyCriterion.family_id, Criterion.code)
        .join(Criterion, Criterion.id == FamilyCriterion.criterion_id)
        .join(Family, Family.id == FamilyCriterion.family_id)
        .where(paths_condition(Family.area_path, paths))
    ):
        if fid in family_ids:
            family_criteria.setdefault(fid, []).append(code)
    families = {c.family_id: (c.district, c.territory) for c in children.values()}

    identified = [
        (cid, day)
        for cid, day in db.session.execute(
            select(Case.child_id, Case.identified_on).where(
                paths_condition(Case.area_path, paths), Case.identified_on.between(period.start, period.end)
            )
        )
    ]

    referrals = [r for r in iter_referrals(paths, period) if r.child_id in children]

    stages, visits = ({}, []) if not with_cases else case_stages(paths, period, today, rules or CaseRules())
    return Collected(
        period,
        list(children.values()),
        identified,
        assessed,
        stages,
        visits,
        referrals,
        {fid: tuple(sorted(codes)) for fid, codes in family_criteria.items()},
        families,
    )


def iter_referrals(paths: list[str], period: Period) -> Iterator[ReferralFacts]:
    """Referrals proposed in the period for children of `paths`, one at a time."""
    for rid, cid, sex, born, kind, status, proposed, started in db.session.execute(
        select(
            Referral.id,
            Referral.child_id,
            Child.sex,
            Child.birth_date,
            Referral.service_type,
            Referral.status,
            Referral.proposed_on,
            Referral.started_on,
        )
        .join(Child, Child.id == Referral.child_id)
        .where(
            paths_condition(Child.area_path, paths),
            Child.merged_into_id.is_(None),
            Referral.proposed_on.between(period.start, period.end),
        )
        .order_by(Referral.id)
        .execution_options(yield_per=BATCH)
    ):
        yield ReferralFacts(rid, cid, sex.value, age_group(age_on(born, proposed)), kind, status, proposed, started)


def family_criteria_counts(paths: list[str], period: Period, language: str) -> dict[tuple[str, str, str], int]:
    """Families by hardship criterion and territory, counted in SQL: (code, district, territory) -> n."""
    territories = Territories(language)
    counts: dict[tuple[str, str, str], int] = {}
    for code, path, n in db.session.execute(
        select(Criterion.code, Family.area_path, func.count(FamilyCriterion.id))
        .join(Criterion, Criterion.id == FamilyCriterion.criterion_id)
        .join(Family, Family.id == FamilyCriterion.family_id)
        .where(paths_condition(Family.area_path, paths), Family.created_at < period.ends_before)
        .group_by(Criterion.code, Family.area_path)
    ):
        key = (code, *territories.of(path))
        counts[key] = counts.get(key, 0) + n
    return counts


def case_stages(paths: list[str], period: Period, today: date, rules: CaseRules) -> tuple[dict[int, str], list]:
    """The current stage of cases open during the period, and their visits due in it: plain rows
    (no ORM objects), five queries joined on the same cases instead of lists of ids."""
    open_in_period = (
        paths_condition(Case.area_path, paths),
        Case.identified_on <= period.end,
        or_(Case.closed_at.is_(None), Case.closed_at >= period.starts_at),
    )
    cases = db.session.execute(
        select(
            Case.id,
            Case.child_id,
            Case.identified_on,
            Case.danger,
            Case.closed_at,
            first_assessment(),
            Child.labour_category,
            Child.birth_date,
        )
        .join(Child, Child.id == Case.child_id)
        .where(*open_in_period)
        .order_by(Case.id)
        .execution_options(yield_per=BATCH)
    ).all()
    approved = Plan.status == "approved"
    plans = {
        case_id: (first, first_ok, last_ok)
        for case_id, first, first_ok, last_ok in db.session.execute(
            select(
                Plan.case_id,
                func.min(Plan.created_at),
                func.min(Plan.decided_at).filter(approved),
                func.max(Plan.decided_at).filter(approved),
            )
            .join(Case, Case.id == Plan.case_id)
            .where(*open_in_period)
            .group_by(Plan.case_id)
        )
    }
    starts = dict(
        db.session.execute(
            select(Referral.case_id, func.min(Referral.started_on))
            .join(Case, Case.id == Referral.case_id)
            .where(*open_in_period, Referral.started_on.is_not(None))
            .group_by(Referral.case_id)
        ).all()
    )
    visit_dates: dict[int, list[date]] = {}
    for child_id, visit in db.session.execute(
        select(Assessment.child_id, Assessment.visit_date)
        .join(Case, Case.child_id == Assessment.child_id)
        .where(*open_in_period)
        .distinct()
        .execution_options(yield_per=BATCH)
    ):
        visit_dates.setdefault(child_id, []).append(visit)

    def day(value):
        return period.day_of(value) if value else None

    stages: dict[int, str] = {}
    visits = []
    for case_id, child_id, identified, danger, closed_at, assessed_on, category, born in cases:
        first, first_ok, last_ok = plans.get(case_id, (None, None, None))
        dates = visit_dates.get(child_id, [])
        state = case_state(
            identified,
            danger,
            closed_at is not None,
            assessed_on,
            category,
            rules,
            today,
            day(first),
            day(last_ok),
            starts.get(case_id),
            max(dates) if dates else None,
        )
        stages[child_id] = state.stage
        anchor = starts.get(case_id)
        if first_ok and (anchor is None or day(first_ok) < anchor):  # the plan or the first service
            anchor = day(first_ok)
        for visit in plan_visits(
            anchor,
            born,
            day(closed_at),
            [d for d in dates if d >= (anchor or d)],
            today,
            rules.months_for(rules.risk_level(category, danger)),
        ):
            if visit.due in period:
                visits.append((child_id, {"done": "done", "missed": "overdue"}.get(visit.state, "due")))
    return stages, visits
