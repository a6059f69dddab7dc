"""Referrals waiting too long for the provider's answer: every one of the user's cases (or areas),
the longest waiting first, a page at a time with their count."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from monitor.cases.models import Case
from monitor.cases.worklists import Page, open_in_scope, paged
from monitor.referrals.models import Referral


def unanswered_referrals(user, answer_days: int, today: date, page: int = 1, assigned_only: bool = True) -> Page:
    """Referrals sent with no answer for more than `answer_days` days. The cases' stored answer
    deadline (an index) finds the cases; their referrals past it are listed."""
    cases = open_in_scope(user, Case.referral_answer_due < today, own=assigned_only)
    query = select(Referral).where(
        Referral.case_id.in_(cases.with_only_columns(Case.id)),
        Referral.status == "sent",
        Referral.sent_on < today - timedelta(days=answer_days),
    )
    rows, page, total = paged(query, (Referral.sent_on, Referral.id), page)
    return Page(rows, page, total)
