"""Follow-up visits: the schedule generated from the case's state, and which visits are done,
due or missed (pure Python). DOMAIN.md section 2: repeated visits re-verify the child's status."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_MONTHS = (1, 3, 6)  # after the anchor (the plan or the first service)
YEARLY_UNTIL_AGE = 18
WINDOW_DAYS = 21  # a visit this close to a due date counts for it
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class PlannedVisit:
    due: date
    state: str  # done | due_soon | missed | planned
    done_on: date | None = None


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(
    anchor: date, birth_date: date, closed_on: date | None, months: tuple[int, ...] = DEFAULT_MONTHS
) -> list[date]:
    """1, 3 and 6 months after the anchor, then yearly until 18 once the case is closed."""
    dates = [add_months(anchor, m) for m in months]
    if closed_on is not None:
        eighteen = add_months(birth_date, 12 * YEARLY_UNTIL_AGE)
        following = add_months(max(dates[-1], closed_on), 12)
        while following < eighteen:
            dates.append(following)
            following = add_months(following, 12)
    return dates


def matched_visits(dues: list[date], visit_dates: list[date]) -> list[tuple[date, date | None]]:
    """Each due date with the visit (assessment) that counts for it: within the window, each once."""
    unused = sorted(visit_dates)
    matched: list[tuple[date, date | None]] = []
    for due in dues:
        match = next((d for d in unused if abs((d - due).days) <= WINDOW_DAYS), None)
        if match is not None:
            unused.remove(match)
        matched.append((due, match))
    return matched


def next_visit_due(
    anchor: date | None,
    birth_date: date,
    closed_on: date | None,
    visit_dates: list[date],
    months: tuple[int, ...] = DEFAULT_MONTHS,
) -> date | None:
    """The earliest follow-up visit not yet done (due, due soon or missed: that depends on today)."""
    if anchor is None:
        return None
    dues = due_dates(anchor, birth_date, closed_on, months)
    return next((due for due, match in matched_visits(dues, visit_dates) if match is None), None)


def plan_visits(
    anchor: date | None,
    birth_date: date,
    closed_on: date | None,
    visit_dates: list[date],
    today: date,
    months: tuple[int, ...] = DEFAULT_MONTHS,
) -> list[PlannedVisit]:
    """Each due visit with its state; a visit (assessment) within the window counts once."""
    if anchor is None:
        return []
    planned = []
    for due, match in matched_visits(due_dates(anchor, birth_date, closed_on, months), visit_dates):
        if match is not None:
            planned.append(PlannedVisit(due, "done", match))
        elif today > due + timedelta(days=WINDOW_DAYS):
            planned.append(PlannedVisit(due, "missed"))
        elif due - today <= timedelta(days=DUE_SOON_DAYS):
            planned.append(PlannedVisit(due, "due_soon"))
        else:
            planned.append(PlannedVisit(due, "planned"))
    return planned
