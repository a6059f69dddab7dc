"""Where a case stands, as its row stores it (pure Python): the stage, the risk level and the next
deadline of each kind, computed from the case's records with the case rules (state, schedule).

Stored so that worklists and counts are SQL over indexed columns. Nothing stored depends on today:
"overdue" is a comparison of these dates with today, made by the query that lists or counts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from monitor.cases.deadlines import CaseRules, plan_due
from monitor.cases.schedule import next_visit_due
from monitor.cases.state import case_state, pending_deadline


@dataclass(frozen=True)
class CaseRecords:
    """What the stored state follows from: the case, its child, visits, plans, closures, referrals."""

    identified_on: date
    danger: bool
    closed_on: date | None
    birth_date: date
    labour_category: str | None
    visit_dates: tuple[date, ...] = ()  # every assessment of the child
    plan_first_submitted: date | None = None
    plan_first_approved: date | None = None
    plan_last_approved: date | None = None
    plan_status: str | None = None  # the newest version's
    plan_submitted_at: datetime | None = None  # the version waiting for the supervisor
    plan_decided_at: datetime | None = None  # the newest version's decision
    closure_decision: str | None = None  # the latest proposal's
    closure_proposed_at: datetime | None = None
    closure_decided_at: datetime | None = None
    service_started: date | None = None  # the first referral that started
    unanswered_since: date | None = None  # the earliest referral sent and not yet answered


@dataclass(frozen=True)
class Standing:
    """The values of the case row's state columns (names as the columns)."""

    stage: str
    risk: str
    assessed_on: date | None
    assessment_due: date
    plan_due: date | None  # the first plan's deadline, once assessed
    plan_review_due: date | None  # the approved plan's review
    next_deadline: date | None  # the one of those the case waits on at its stage
    referral_answer_due: date | None
    followup_from: date | None  # the anchor of follow-up visits: the plan or the first service
    next_visit_due: date | None  # the earliest follow-up visit not done
    last_visit_on: date | None
    plan_waiting: bool
    closure_waiting: bool
    waiting_since: datetime | None  # the supervisor's oldest decision waiting
    plan_returned: bool
    closure_returned: bool
    returned_at: datetime | None

    def values(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


STATE_COLUMNS = tuple(f.name for f in fields(Standing))


def _earliest(*values: datetime | None) -> datetime | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def standing(records: CaseRecords, rules: CaseRules, answer_days: int) -> Standing:
    """The stored state of a case, by the same rules as its page: `case_state`, the visit schedule
    (`next_visit_due`) and the referral answer deadline (`answer_days` after sending)."""
    r = records
    assessed_on = min((d for d in r.visit_dates if d >= r.identified_on), default=None)
    last_visit = max(r.visit_dates, default=None)
    closed = r.closed_on is not None
    state = case_state(
        r.identified_on,
        r.danger,
        closed,
        assessed_on,
        r.labour_category,
        rules,
        r.identified_on,  # today: unused here, nothing stored depends on it
        r.plan_first_submitted,
        r.plan_last_approved,
        r.service_started,
        last_visit,
    )
    pending = pending_deadline(
        state.stage, state.assessment_due, state.plan_due, r.plan_first_submitted, r.plan_last_approved
    )
    anchors = [d for d in (r.service_started, r.plan_first_approved) if d is not None]
    anchor = min(anchors, default=None)
    visits = [d for d in r.visit_dates if anchor is None or d >= anchor]
    plan_waiting = r.plan_status == "submitted" and not closed
    closure_waiting = r.closure_decision == "pending" and not closed
    plan_returned = r.plan_status == "returned" and not closed
    closure_returned = r.closure_decision == "returned" and not closed
    return Standing(
        stage=state.stage,
        risk=state.risk,
        assessed_on=assessed_on,
        assessment_due=state.assessment_due,
        plan_due=None if assessed_on is None else plan_due(assessed_on, rules),
        plan_review_due=state.plan_due if r.plan_last_approved else None,
        next_deadline=None if pending is None else pending[1],
        referral_answer_due=(
            None if r.unanswered_since is None or closed else r.unanswered_since + timedelta(days=answer_days)
        ),
        followup_from=anchor,
        next_visit_due=next_visit_due(anchor, r.birth_date, r.closed_on, visits, rules.months_for(state.risk)),
        last_visit_on=last_visit,
        plan_waiting=plan_waiting,
        closure_waiting=closure_waiting,
        waiting_since=_earliest(
            r.plan_submitted_at if plan_waiting else None, r.closure_proposed_at if closure_waiting else None
        ),
        plan_returned=plan_returned,
        closure_returned=closure_returned,
        returned_at=max(
            [t for t, on in ((r.plan_decided_at, plan_returned), (r.closure_decided_at, closure_returned)) if on and t],
            default=None,
        ),
    )
