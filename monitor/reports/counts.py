"""The risk report's figures counted in the database, as they are at this moment: a few GROUP BY
queries over the stored facts of each child and case, whatever the area (none reads every child).

A figure means exactly what monitor/reports/figures.py computes from the facts of
monitor/reports/facts.py: children of the areas registered by the period's end, not merged away,
each once under the latest assessment of the period; `child_facts` is that row per child in SQL,
and the drill-down lists (monitor/reports/drill.py) read it with the condition of their figure.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta, tzinfo
from itertools import pairwise

from sqlalchemy import and_, case, func, literal, or_, select, text, true, union_all
from sqlalchemy.orm import aliased

from monitor.assessments.models import Assessment
from monitor.cases.deadlines import LEVELS, CaseRules
from monitor.cases.models import Case, CaseClosure
from monitor.cases.schedule import WINDOW_DAYS, YEARLY_UNTIL_AGE, plan_visits
from monitor.core.clock import day_starts_at
from monitor.core.db import unindexed_on_sqlite
from monitor.core.permissions import paths_condition
from monitor.extensions import db
from monitor.referrals.models import Referral
from monitor.registry.models import Child
from monitor.reports.facts import Territories
from monitor.reports.figures import CHILD_LABOUR, OUTCOMES, Period, median_of_counts, month_keys, years_before
from monitor.reports.sql import add_days, add_months, age_at, days_between, month_of, office_day
from monitor.reports.summary import Summary

CHILD_SECTIONS = ("children", "categories", "outcomes")
REFERRAL_SECTIONS = ("referrals", "referral_types")


def _group_of_age(age):
    return case((age.between(5, 11), "5-11"), (age.between(12, 14), "12-14"), (age.between(15, 17), "15-17"))


def _group_of_birth(born, day: date):
    """The age group on `day` of a birth date, as ranges of birth dates (no date arithmetic in SQL)."""
    limit = {years: years_before(day, years) for years in (5, 12, 15, 18)}
    return case(
        (and_(born <= limit[5], born > limit[12]), "5-11"),
        (and_(born <= limit[12], born > limit[15]), "12-14"),
        (and_(born <= limit[15], born > limit[18]), "15-17"),
    )


def _approved_in(closure, period: Period):
    """SQL: approved closures of the period that stand, read by case (SQLite is kept from reading the
    index of decisions: every approval of the register)."""
    return and_(
        unindexed_on_sqlite(closure.decision) == "approved",
        closure.reopened_at.is_(None),
        closure.decided_at >= period.starts_at,
        closure.decided_at < period.ends_before,
    )


def _outcome(paths: list[str], period: Period):
    """SQL, per child: the outcome of the latest approved closure of the period (of cases of `paths`),
    looked up only for the children that have one."""
    closed = (
        select(Case.child_id)
        .join(CaseClosure, CaseClosure.case_id == Case.id)
        .where(paths_condition(Case.area_path, paths), _approved_in(CaseClosure, period))
    )
    latest = (
        select(CaseClosure.outcome)
        .join(Case, Case.id == CaseClosure.case_id)
        .where(
            Case.child_id == Child.id,
            paths_condition(Case.area_path, paths),
            _approved_in(CaseClosure, period),  # the child's cases, not every approval
        )
        .order_by(CaseClosure.decided_at.desc(), CaseClosure.id.desc())
        .limit(1)
        .correlate(Child)
        .scalar_subquery()
    )
    return case((Child.id.in_(closed), latest))


def _stage(paths: list[str], period: Period):
    """SQL, per child: the stored stage of its latest case open during the period (looked up only for
    the children that have one)."""
    open_cases = select(Case.child_id).where(*_open_in_period(paths, period))
    latest = (
        select(Case.stage)
        .where(Case.child_id == Child.id, *_open_in_period(paths, period))
        .order_by(Case.id.desc())
        .limit(1)
        .correlate(Child)
        .scalar_subquery()
    )
    return case((Child.id.in_(open_cases), latest))


def _identified_children(paths: list[str], period: Period):
    """SQL: ids of the children with a case of `paths` opened in the period."""
    opened = unindexed_on_sqlite(Case.identified_on)
    return select(Case.child_id).where(paths_condition(Case.area_path, paths), opened.between(period.start, period.end))


def _in_register(paths: list[str], period: Period):
    """Children of `paths` registered by the period's end, not merged away (read through the area's
    index where paths_condition says so, never through the dates': most children pass that test)."""
    return (
        paths_condition(Child.area_path, paths),
        Child.merged_into_id.is_(None),
        unindexed_on_sqlite(Child.created_at) < period.ends_before,
    )


VISIT_STATES = ("done", "due", "overdue")  # bits 1, 2, 4 of child_facts' `visits`


def child_facts(paths: list[str], period: Period, today: date, among=None, visits=None):
    """One row per child counted: id, sex, area_path, in_period (registered in the period), category
    (of the latest assessment of the period), grp (age group then, else at the period's end or
    today), outcome (latest approved closure of the period), identified (a case opened in it) and
    stage (of the latest case open during it, as stored on the case). `among`: a select of child ids
    to which the rows are limited inside the facts (only their facts are computed). `visits`: the
    (child_id, state) rows of visit_rows, which add the column `visits`, the states of the child's
    follow-up visits due in the period as bits (VISIT_STATES)."""
    bits = None
    if visits is not None:  # one row per child: its states' bits added (visit_rows has each state once)
        bit = case(*((visits.c.state == state, 1 << n) for n, state in enumerate(VISIT_STATES)), else_=0)
        bits = select(visits.c.child_id, func.sum(bit).label("bits")).group_by(visits.c.child_id).subquery("bits")
    latest, join_on = _latest_assessment(period)
    group = case(
        (latest.c.id.is_not(None), _group_of_age(latest.c.age)),
        else_=_group_of_birth(Child.birth_date, min(period.end, today)),
    )
    query = (
        select(
            Child.id,
            Child.sex,
            Child.area_path,
            case((Child.created_at >= period.starts_at, 1), else_=0).label("in_period"),
            latest.c.national_category.label("category"),
            group.label("grp"),
            _outcome(paths, period).label("outcome"),
            case((Child.id.in_(_identified_children(paths, period)), 1), else_=0).label("identified"),
            _stage(paths, period).label("stage"),
            *(() if bits is None else (func.coalesce(bits.c.bits, 0).label("visits"),)),
        )
        .select_from(Child)
        .outerjoin(latest, join_on)
    )
    if bits is not None:
        query = query.outerjoin(bits, bits.c.child_id == Child.id)
    return (
        query.where(*_in_register(paths, period), *(() if among is None else (Child.id.in_(among),)))
        .cte("child_facts")
        .prefix_with("MATERIALIZED")  # each fact computed once, not again for each use of it
    )


def _latest_assessment(period: Period):
    """The latest assessment of the period of each child (a selectable with id, national_category
    and age) and the condition joining it to the child. PostgreSQL: a lateral join, read for each
    child through its own index entries (an anti-join of the period's assessments would read every
    one of them, whatever the area). SQLite reads the child's assessments by child already."""
    if db.session.get_bind().dialect.name == "postgresql":
        latest = (
            select(Assessment.id, Assessment.national_category, Assessment.age)
            .where(Assessment.child_id == Child.id, Assessment.visit_date.between(period.start, period.end))
            .order_by(Assessment.visit_date.desc(), Assessment.id.desc())
            .limit(1)
            .lateral("latest")
        )
        return latest, true()
    table, later = Assessment.__table__.alias("latest"), aliased(Assessment)
    newer = (
        select(later.id)
        .where(
            later.child_id == table.c.child_id,
            later.visit_date.between(period.start, period.end),
            or_(
                later.visit_date > table.c.visit_date,
                and_(later.visit_date == table.c.visit_date, later.id > table.c.id),
            ),
        )
        .exists()
    )
    return table, and_(table.c.child_id == Child.id, table.c.visit_date.between(period.start, period.end), ~newer)


def referral_facts(paths: list[str], period: Period):
    """One row per referral proposed in the period for a child counted, with the child's age group
    at the proposal."""
    return (
        select(
            Referral.child_id,
            Child.sex,
            Referral.service_type,
            Referral.status,
            Referral.proposed_on,
            Referral.started_on,
            _group_of_age(age_at(Child.birth_date, Referral.proposed_on)).label("grp"),
        )
        .join(Child, Child.id == Referral.child_id)
        .where(*_in_register(paths, period), Referral.proposed_on.between(period.start, period.end))
        .subquery("referral_facts")
    )


def _open_in_period(paths: list[str], period: Period):
    return (
        paths_condition(Case.area_path, paths),
        unindexed_on_sqlite(Case.identified_on) <= period.end,
        or_(Case.closed_at.is_(None), unindexed_on_sqlite(Case.closed_at) >= period.starts_at),
    )


def plan_for_these_values() -> None:
    """On PostgreSQL, plan each query for its own area and dates: after a few executions psycopg
    prepares statements, whose generic plan (for any area) reads a district the way it would read a
    village, or the reverse. Without JIT compilation: the estimated cost of a large area's report
    passes its threshold, and compiling took 0.9 s of a 1 s query at 20,000 children, to save
    nothing in a query that reads each row once. For the rest of the transaction."""
    if db.session.get_bind().dialect.name == "postgresql":
        settings = "set_config('plan_cache_mode', 'force_custom_plan', true), set_config('jit', 'off', true)"
        db.session.execute(text(f"SELECT {settings}"))  # SET LOCAL of both, in one statement


class _Counter:
    def __init__(self):
        self.sections: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, section: str, key: str, sex, group: str | None, n: int = 1, parts: tuple = ("", "sex", "age")):
        cell = self.sections[section][key]
        if "" in parts:
            cell[""] += n
        if "sex" in parts:
            cell[f"sex:{sex_code(sex)}"] += n
        if "age" in parts and group:
            cell[f"age:{group}"] += n

    def plain(self) -> dict:
        return {s: {k: dict(parts) for k, parts in cells.items()} for s, cells in self.sections.items()}


def sex_code(value) -> str:
    return getattr(value, "value", value)


def figures(paths: list[str], period: Period, today: date, language: str, rules: CaseRules) -> Summary:
    """Every figure of the risk report for the children of `paths` (already limited to the user's)."""
    plan_for_these_values()
    visits = visit_rows(paths, period, today, rules)
    facts = child_facts(paths, period, today, visits=visits)
    counter = _Counter()
    territories, names = Territories(language), defaultdict(lambda: defaultdict(int))
    keys = (facts.c.area_path, facts.c.sex, facts.c.grp, facts.c.in_period, facts.c.category, facts.c.outcome)
    keys += (facts.c.identified, facts.c.stage, facts.c.visits if visits is not None else literal(0))
    for path, sex, group, in_period, category, outcome, identified, stage, visit_bits, n in db.session.execute(
        select(*keys, func.count()).group_by(*keys)
    ):
        if stage:
            counter.add("stages", stage, sex, group, n)
        for bit, state in enumerate(VISIT_STATES):
            if visit_bits & (1 << bit):
                counter.add("visits", state, sex, group, n)
        counter.add("children", "registered", sex, group, n)
        if in_period:
            counter.add("children", "registered_in_period", sex, group, n)
        if identified:
            counter.add("children", "identified", sex, group, n)
        if category:
            names[territories.of(path)[1]][category] += n
            counter.add("children", "assessed", sex, group, n)
            counter.add("categories", category, sex, group, n)
            if category in CHILD_LABOUR:
                counter.add("children", "in_child_labour", sex, group, n)
            if category == "at_risk":
                counter.add("children", "at_risk", sex, group, n)
        if outcome in OUTCOMES:
            counter.add("outcomes", outcome, sex, group, n)
    _count_referrals(counter, referral_facts(paths, period))
    if visits is None:
        _count_visits_in_python(counter, paths, period, today, rules)
    return Summary(
        counter.plain(),
        _medians(referral_facts(paths, period)),
        {name: dict(values) for name, values in names.items()},
        _months(paths, period),
    )


def _count_referrals(counter: _Counter, referrals) -> None:
    """Distinct children per service (and status): by sex, and by their age group at each referral."""
    child = func.count(referrals.c.child_id.distinct())
    for keys, key_of in (
        ((referrals.c.service_type, referrals.c.status), lambda kind, status: ("referrals", f"{kind}|{status}")),
        ((referrals.c.service_type,), lambda kind: ("referral_types", kind)),
    ):
        for *values, sex, n in db.session.execute(
            select(*keys, referrals.c.sex, child).group_by(*keys, referrals.c.sex)
        ):
            counter.add(*key_of(*values), sex, None, n, parts=("", "sex"))
        for *values, group, n in db.session.execute(
            select(*keys, referrals.c.grp, child).where(referrals.c.grp.is_not(None)).group_by(*keys, referrals.c.grp)
        ):
            counter.add(*key_of(*values), None, group, n, parts=("age",))


def _medians(referrals) -> dict:
    """Median days from proposal to service per service type, from the count of each number of days."""
    days = days_between(referrals.c.proposed_on, referrals.c.started_on)
    histogram: dict[str, dict[int, int]] = defaultdict(dict)
    for kind, value, n in db.session.execute(
        select(referrals.c.service_type, days, func.count())
        .where(referrals.c.started_on.is_not(None))
        .group_by(referrals.c.service_type, days)
    ):
        histogram[kind][value] = n
    return {kind: median_of_counts(counts) for kind, counts in histogram.items()}


def _months(paths: list[str], period: Period) -> list[tuple[str, int, int]]:
    """Per month of the period: cases opened, and distinct children assessed."""
    opened_month, visit_month = month_of(Case.identified_on), month_of(Assessment.visit_date)
    opened = dict(
        db.session.execute(
            select(opened_month, func.count())
            .where(
                paths_condition(Case.area_path, paths),
                unindexed_on_sqlite(Case.identified_on).between(period.start, period.end),
            )
            .group_by(opened_month)
        ).all()
    )
    assessed = dict(
        db.session.execute(
            select(visit_month, func.count(Assessment.child_id.distinct()))
            .join(Child, Child.id == Assessment.child_id)
            .where(
                *_in_register(paths, period),
                unindexed_on_sqlite(Assessment.visit_date).between(period.start, period.end),
            )
            .group_by(visit_month)
        ).all()
    )
    return [(month, opened.get(month, 0), assessed.get(month, 0)) for month in month_keys(period)]


def _anchored(paths: list[str], period: Period):
    """SQL: the cases open during the period whose follow-up visits have an anchor."""
    return (*_open_in_period(paths, period), Case.followup_from.is_not(None))


def visit_states(paths: list[str], period: Period, today: date, rules: CaseRules) -> dict[str, set[int]]:
    """The children with a follow-up visit due in the period, by its state (done | due | overdue):
    the schedule of each case open during the period from its stored anchor and risk, matched with
    the visits made (cases.schedule; only cases with an anchor are read)."""
    anchored = _anchored(paths, period)
    cases = db.session.execute(
        select(Case.child_id, Case.followup_from, Case.closed_at, Case.risk, Child.birth_date)
        .join(Child, Child.id == Case.child_id)
        .where(*anchored)
        .order_by(Case.id)
    ).all()
    visit_dates: dict[int, list[date]] = defaultdict(list)
    for child_id, visit in db.session.execute(
        select(Assessment.child_id, Assessment.visit_date)
        .where(Assessment.child_id.in_(select(Case.child_id).where(*anchored)))
        .distinct()
    ):
        visit_dates[child_id].append(visit)
    found: dict[str, set[int]] = defaultdict(set)
    for child_id, anchor, closed_at, risk, born in cases:
        dates = [d for d in visit_dates.get(child_id, []) if d >= anchor]
        closed = period.day_of(closed_at) if closed_at else None
        for visit in plan_visits(anchor, born, closed, dates, today, rules.months_for(risk)):
            if visit.due in period:
                found[{"done": "done", "missed": "overdue"}.get(visit.state, "due")].add(child_id)
    return found


def _count_visits_in_python(counter: _Counter, paths: list[str], period: Period, today: date, rules: CaseRules) -> None:
    """Follow-up visits due in the period, by state, where SQL cannot plan them (visit_rows): the
    schedule of cases.schedule, with the facts (sex, age group) of the children with an anchor."""
    states = visit_states(paths, period, today, rules)
    if not any(states.values()):
        return
    facts = child_facts(paths, period, today, among=select(Case.child_id).where(*_anchored(paths, period)))
    for child_id, sex, group in db.session.execute(select(facts.c.id, facts.c.sex, facts.c.grp)):
        for state, ids in states.items():
            if child_id in ids:
                counter.add("visits", state, sex, group)


MIN_GAP_MONTHS = 2  # due dates this far apart (59 days or more) have windows that never meet
YEARS_OF_VISITS = 19  # yearly visits after closure until 18: never more


def _offset_seconds(zone: tzinfo, period: Period, today: date) -> int | None:
    """The zone's offset from UTC if it is the same from the period's start to today (checked every
    fortnight: a change of offset lasts months), else None."""
    day, offsets = period.starts_at, set()
    until = day_starts_at(today + timedelta(days=1), zone)
    while day <= until + timedelta(days=14):
        offsets.add(day.astimezone(zone).utcoffset())
        day += timedelta(days=14)
    return int(offsets.pop().total_seconds()) if len(offsets) == 1 else None


def visit_rows(paths: list[str], period: Period, today: date, rules: CaseRules):
    """SQL: (child_id, state) of each follow-up visit due in the period (state done | due | overdue),
    over the stored anchors, risks and closures of the cases, as cases.schedule plans them; None when
    SQL cannot plan them the same way (due dates whose windows meet, where a visit counts for the
    first only; an office zone whose offset changed during the period on SQLite)."""
    window = timedelta(days=WINDOW_DAYS)
    schedules = {level: rules.months_for(level) for level in LEVELS}
    if any(
        not months or any(b - a < MIN_GAP_MONTHS for a, b in pairwise(months)) or months[0] < 0
        for months in schedules.values()
    ):
        return None
    zone = period.zone
    seconds = _offset_seconds(zone, period, today)
    dialect = db.session.get_bind().dialect.name
    if (dialect == "sqlite" and seconds is None) or not isinstance(getattr(zone, "key", None), str):
        return None
    anchored = (
        select(
            Case.child_id,
            Case.followup_from.label("anchor"),
            Case.risk,
            Child.birth_date.label("born"),
            office_day(Case.closed_at, literal(getattr(zone, "key", "UTC")), literal(seconds or 0)).label("closed_on"),
        )
        .join(Child, Child.id == Case.child_id)
        .where(*_anchored(paths, period))
        .cte("anchored")
        .prefix_with("MATERIALIZED")
    )
    offsets = union_all(
        *(select(literal(level).label("risk"), literal(m).label("m")) for level, ms in schedules.items() for m in ms)
    ).subquery("offsets")
    planned = select(anchored.c.child_id, anchored.c.anchor, add_months(anchored.c.anchor, offsets.c.m).label("due"))
    planned = planned.join(offsets, offsets.c.risk == anchored.c.risk)
    last_planned = add_months(anchored.c.anchor, case(*((anchored.c.risk == k, ms[-1]) for k, ms in schedules.items())))
    start = case((last_planned >= anchored.c.closed_on, last_planned), else_=anchored.c.closed_on)
    closed = (
        select(anchored.c.child_id, anchored.c.anchor, anchored.c.born, add_months(start, 12).label("first"))
        .where(anchored.c.closed_on.is_not(None))
        .cte("closed")
        .prefix_with("MATERIALIZED")
    )
    years = union_all(*(select(literal(n).label("n")) for n in range(YEARS_OF_VISITS))).subquery("years")
    yearly = (
        select(
            closed.c.child_id, closed.c.anchor, closed.c.born, add_months(closed.c.first, 12 * years.c.n).label("due")
        )
        .join(years, true())
        .subquery("yearly")
    )
    yearly_dues = select(yearly.c.child_id, yearly.c.anchor, yearly.c.due).where(
        yearly.c.due < add_months(yearly.c.born, 12 * YEARLY_UNTIL_AGE)
    )
    # each due date computed once (SQLite would otherwise repeat the date arithmetic in every use)
    dues = union_all(planned, yearly_dues).cte("dues").prefix_with("MATERIALIZED")
    done = (
        select(Assessment.id)
        .where(
            Assessment.child_id == dues.c.child_id,
            Assessment.visit_date >= dues.c.anchor,
            Assessment.visit_date >= add_days(dues.c.due, -WINDOW_DAYS),
            Assessment.visit_date <= add_days(dues.c.due, WINDOW_DAYS),
        )
        .exists()
    )
    state = case((done, "done"), (dues.c.due < today - window, "overdue"), else_="due")
    return (
        select(dues.c.child_id, state.label("state"))
        .where(dues.c.due >= period.start, dues.c.due <= period.end)
        .distinct()
        .subquery("visit_rows")
    )
