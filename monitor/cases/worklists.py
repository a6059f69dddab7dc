"""Worklists: SQL over the cases' stored state, scoped to the user's areas in SQL, every item there,
most urgent first, a page at a time with the count of the whole list (one COUNT query each).

"Overdue" is the stored deadline compared with today here, in the query: time passing needs no job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case as case_when
from sqlalchemy import func, nulls_last, select
from sqlalchemy.orm import selectinload

from monitor.auth.models import User
from monitor.cases.deadlines import LEVELS
from monitor.cases.models import Case
from monitor.cases.queries import rows_of
from monitor.cases.schedule import DUE_SOON_DAYS, WINDOW_DAYS
from monitor.core.permissions import scope_filter
from monitor.extensions import db
from monitor.registry.access import openable_condition
from monitor.registry.models import Child

PER_PAGE = 25
MAX_PAGE = 10_000
RISK_RANK = case_when({"high": 0, "medium": 1, "low": 2}, value=Case.risk, else_=3)
# Most urgent first: the nearest deadline (overdue ones are the earliest), higher risk, then the id,
# so that paging walks every case exactly once.
URGENCY = (nulls_last(Case.next_deadline.asc()), RISK_RANK, Case.id)


@dataclass(frozen=True)
class Page:
    rows: list
    page: int
    total: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first(self) -> int:
        """The position of the page's first item in the whole list (from 1)."""
        return (self.page - 1) * self.per_page + 1 if self.total else 0


def page_number(value: int | None) -> int:
    return max(1, min(value or 1, MAX_PAGE))


def paged(query, order, page: int, per_page: int = PER_PAGE) -> tuple[list, int, int]:
    """One page of `query` in `order` and the count of all its rows (two queries). A page past the
    end shows the last one."""
    total = db.session.scalar(query.with_only_columns(func.count()).order_by(None)) or 0
    page = min(page_number(page), max(1, -(-total // per_page)))
    rows = db.session.scalars(query.order_by(*order).limit(per_page).offset((page - 1) * per_page))
    return list(rows.unique()), page, total


def open_in_scope(user, *conditions, own: bool = False):
    """The user's areas' open cases (records the user may open only) meeting `conditions`; `own`:
    only those assigned to the user, which the user always opens (registry.access: the assigned
    worker, and the child of an open case is never archived), so no condition on the child.

    The page's rows are sorted and cut on the case table alone; their child and worker are read
    after, for those rows only (the models join them by default, before the sort)."""
    query = select(Case).where(Case.closed_at.is_(None), scope_filter(Case.area_path, user), *conditions)
    openable = None if own else openable_condition(user)
    if own:
        query = query.where(Case.assigned_to_id == user.id)
    if openable is not None:
        query = query.join(Child, Child.id == Case.child_id).where(openable)
    return query.options(selectinload(Case.child), selectinload(Case.assigned_to))


def overdue_condition(today: date):
    return Case.next_deadline < today


def missed_visit_condition(today: date):
    return Case.next_visit_due < today - timedelta(days=WINDOW_DAYS)


def case_page(query, order, page: int, today: date) -> Page:
    rows, page, total = paged(query, order, page)
    return Page(rows_of(rows, today), page, total)


def list_filters(args) -> dict:
    """The case list's filters from the query string; anything else is ignored."""
    worker = args.get("worker", type=int)
    risk = args.get("risk", "")
    return {
        "worker": worker if worker and worker > 0 else None,
        "overdue": args.get("overdue") == "1",
        "risk": risk if risk in LEVELS else None,
    }


def case_list(
    user, today: date, page: int = 1, worker: int | None = None, overdue: bool = False, risk: str | None = None
) -> Page:
    """The open cases of the user's areas, most urgent first (the case list), optionally one
    worker's, only the overdue or only one risk level."""
    conditions = []
    if worker and worker != user.id:
        conditions.append(Case.assigned_to_id == worker)
    if overdue:
        conditions.append(overdue_condition(today))
    if risk:
        conditions.append(Case.risk == risk)
    return case_page(open_in_scope(user, *conditions, own=worker == user.id), URGENCY, page, today)


def my_cases(user, today: date, page: int = 1) -> Page:
    return case_list(user, today, page, worker=user.id)


def high_risk(user, today: date, page: int = 1) -> Page:
    return case_list(user, today, page, risk="high")


def approvals(user, today: date, page: int = 1) -> Page:
    """Plans and closures waiting for the supervisor: higher risk first, then the longest waiting."""
    query = open_in_scope(user, Case.waiting_since.is_not(None))
    return case_page(query, (RISK_RANK, Case.waiting_since, Case.id), page, today)


def returns(user, today: date, page: int = 1) -> Page:
    """The user's cases whose plan or closure the supervisor returned, the longest waiting first."""
    query = open_in_scope(user, Case.returned_at.is_not(None), own=True)
    return case_page(query, (Case.returned_at, Case.id), page, today)


@dataclass(frozen=True)
class VisitDue:
    case: Case
    due: date
    state: str  # missed | due_soon (schedule.plan_visits' names)


def visits_due(user, today: date, page: int = 1) -> Page:
    """The user's cases whose next follow-up visit is due within a week or was missed, earliest first."""
    query = open_in_scope(user, Case.next_visit_due <= today + timedelta(days=DUE_SOON_DAYS), own=True)
    rows, page, total = paged(query, (Case.next_visit_due, Case.id), page)
    items = [
        VisitDue(
            c, c.next_visit_due, "missed" if today > c.next_visit_due + timedelta(days=WINDOW_DAYS) else "due_soon"
        )
        for c in rows
    ]
    return Page(items, page, total)


@dataclass(frozen=True)
class WorkerCounts:
    worker: User
    overdue: int
    missed_visits: int
    unanswered: int


def overdue_by_worker(user, today: date) -> list[WorkerCounts]:
    """For each worker with something overdue in the user's areas: overdue deadlines, missed visits
    and referrals without an answer (one grouped query), the most overdue first."""
    overdue = func.count().filter(overdue_condition(today))
    missed = func.count().filter(missed_visit_condition(today))
    unanswered = func.count().filter(Case.referral_answer_due < today)
    query = (
        open_in_scope(user)
        .with_only_columns(Case.assigned_to_id, overdue, missed, unanswered)
        .group_by(Case.assigned_to_id)
        .having(overdue + missed + unanswered > 0)
        .order_by(overdue.desc(), missed.desc(), unanswered.desc(), Case.assigned_to_id)
    )
    counts = db.session.execute(query).all()
    workers = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([c[0] for c in counts] or [-1])))}
    return [WorkerCounts(workers[w], o, m, r) for w, o, m, r in counts]
