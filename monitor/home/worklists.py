"""The worklists of the home page: the user's own cases and, for supervisors, their areas'; every
list complete, a page at a time (cases.worklists)."""

from __future__ import annotations

from datetime import date

from monitor.cases import worklists
from monitor.core.roles import Permission
from monitor.referrals.worklist import unanswered_referrals

# The query argument of each list's page number (the lists page independently).
PAGE_ARGS = ("my_page", "returns_page", "visits_page", "referrals_page", "approvals_page", "risk_page")


def home_lists(user, today: date, answer_days: int, pages: dict[str, int]) -> dict:
    """The worker's cases by urgency, returns, visits due and referrals without an answer; for
    supervisors also the approvals waiting, the overdue items by worker and the high-risk cases."""
    if not user.can(Permission.VIEW_CASES):
        return {}
    supervisor = user.can(Permission.REVIEW_CASES)
    lists = {
        "my_cases": worklists.my_cases(user, today, pages.get("my_page", 1)),
        "returns": worklists.returns(user, today, pages.get("returns_page", 1)),
        "visits_due": worklists.visits_due(user, today, pages.get("visits_page", 1)),
        "overdue_referrals": unanswered_referrals(
            user, answer_days, today, pages.get("referrals_page", 1), assigned_only=not supervisor
        ),
    }
    if supervisor:
        lists["approvals"] = worklists.approvals(user, today, pages.get("approvals_page", 1))
        lists["overdue_by_worker"] = worklists.overdue_by_worker(user, today)
        lists["high_risk"] = worklists.high_risk(user, today, pages.get("risk_page", 1))
    return lists
