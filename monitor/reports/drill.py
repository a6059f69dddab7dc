"""The children behind one figure of the risk report: the figure's own condition over the same
per-child facts (monitor/reports/counts.py), counted and read a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, literal, select, true

from monitor.cases.deadlines import CaseRules
from monitor.extensions import db
from monitor.registry.models import Child
from monitor.reports.counts import (
    REFERRAL_SECTIONS,
    child_facts,
    plan_for_these_values,
    referral_facts,
    sex_code,
    visit_rows,
    visit_states,
)
from monitor.reports.facts import Territories
from monitor.reports.figures import CHILD_LABOUR, OUTCOMES, Period


@dataclass(frozen=True)
class DrillRow:
    """A child behind a figure, as an anonymous list shows it."""

    id: int
    sex: str
    group: str | None
    district: str
    territory: str


def _behind_condition(facts, paths, period, today, rules, section: str, key: str, part: str):
    """SQL condition on `child_facts` selecting the children behind one figure and part."""
    kind, _sep, value = part.partition(":")
    by_sex = facts.c.sex == value if kind == "sex" else true()
    by_age = facts.c.grp == value if kind == "age" else true()
    if section in REFERRAL_SECTIONS:
        referrals = referral_facts(paths, period)
        service, _bar, status = key.partition("|")
        match = [referrals.c.service_type == service]
        if section == "referrals":
            match.append(referrals.c.status == status)
        if kind == "age":
            match.append(referrals.c.grp == value)
        return and_(facts.c.id.in_(select(referrals.c.child_id).where(*match)), by_sex)
    if section == "stages":
        return and_(facts.c.stage == key, by_sex, by_age)
    if section == "visits":
        rows = visit_rows(paths, period, today, rules)
        if rows is not None:
            return and_(facts.c.id.in_(select(rows.c.child_id).where(rows.c.state == key)), by_sex, by_age)
        return and_(facts.c.id.in_(sorted(visit_states(paths, period, today, rules).get(key, ()))), by_sex, by_age)
    conditions = {
        ("children", "registered"): true(),
        ("children", "registered_in_period"): facts.c.in_period == 1,
        ("children", "assessed"): facts.c.category.is_not(None),
        ("children", "in_child_labour"): facts.c.category.in_(sorted(CHILD_LABOUR)),
        ("children", "at_risk"): facts.c.category == "at_risk",
        ("children", "identified"): facts.c.identified == 1,
    }
    if section == "categories":
        condition = facts.c.category == key
    elif section == "outcomes":
        condition = facts.c.outcome == key if key in OUTCOMES else literal(False)
    else:
        condition = conditions.get((section, key), literal(False))
    return and_(condition, by_sex, by_age)


def behind(
    paths: list[str],
    period: Period,
    today: date,
    rules: CaseRules,
    section: str,
    key: str,
    part: str,
    page: int,
    per_page: int,
    language: str,
    by_name: bool,
) -> tuple[int, list[DrillRow]]:
    """How many children are behind a figure, and one page of them (by name, or by number when the
    list is anonymous)."""
    plan_for_these_values()
    facts = child_facts(paths, period, today)
    condition = _behind_condition(facts, paths, period, today, rules, section, key, part)
    total = db.session.scalar(select(func.count()).select_from(facts).where(condition)) or 0
    order = (Child.surname, Child.given_name, Child.id) if by_name else (facts.c.id,)
    query = select(facts.c.id, facts.c.sex, facts.c.grp, facts.c.area_path).where(condition)
    if by_name:
        query = query.join(Child, Child.id == facts.c.id)
    territories = Territories(language)
    rows = [
        DrillRow(cid, sex_code(sex), group, *territories.of(path))
        for cid, sex, group, path in db.session.execute(
            query.order_by(*order).limit(per_page).offset((page - 1) * per_page)
        )
    ]
    return total, rows
