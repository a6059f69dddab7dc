"""Keeping each case's stored state current: read its records, compute (cases.standing), write the
columns. Every service that moves a case's state calls `refresh_cases` in its own transaction (it
flushes, never commits); the migration that added the columns, `flask check-case-state` and the
generator of synthetic data use `compute_states`/`write_states` in batches.

The functions take `execute` (a session's or a connection's): a migration runs on its own
connection. They read and write only the columns they name, so they work on any later schema too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from blinker import Namespace
from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import attributes
from sqlalchemy.orm.util import identity_key

from monitor.assessments.models import Assessment
from monitor.cases import case_rules
from monitor.cases.deadlines import CaseRules
from monitor.cases.models import Case, CaseClosure, Plan
from monitor.cases.standing import STATE_COLUMNS, CaseRecords, Standing, standing
from monitor.core.clock import day_of
from monitor.core.office import office_zone
from monitor.extensions import db
from monitor.registry.models import Child

BATCH = 500

_signals = Namespace()
# Sent with execute= and case_ids=; a receiver returns {case id: (first service started on, earliest
# referral sent and not answered)}. The referrals module, built on this one, answers (connected by
# the app factory), since cases may not import it.
referral_dates_wanted = _signals.signal("referral-dates-wanted")

Execute = Callable


def _day(instant: datetime | None) -> date | None:
    return day_of(instant, office_zone()) if instant is not None else None


def _referral_dates(execute: Execute, case_ids: list[int]) -> dict[int, tuple[date | None, date | None]]:
    if not referral_dates_wanted.receivers:
        raise RuntimeError("No module answers for the referrals' dates: the app factory connects one.")
    found: dict[int, tuple[date | None, date | None]] = {}
    for _receiver, answer in referral_dates_wanted.send(None, execute=execute, case_ids=case_ids):
        found.update(answer)
    return found


def _plans(execute: Execute, case_ids: list[int]) -> dict[int, dict]:
    facts: dict[int, dict] = {}
    rows = execute(
        select(Plan.case_id, Plan.status, Plan.created_at, Plan.decided_at)
        .where(Plan.case_id.in_(case_ids))
        .order_by(Plan.case_id, Plan.number)
    )
    for case_id, status, created_at, decided_at in rows:
        fact = facts.setdefault(case_id, {"plan_first_submitted": _day(created_at)})
        if status == "approved":
            fact.setdefault("plan_first_approved", _day(decided_at))
            fact["plan_last_approved"] = max(filter(None, (fact.get("plan_last_approved"), _day(decided_at))))
        if status == "submitted":
            fact["plan_submitted_at"] = created_at
        fact["plan_status"], fact["plan_decided_at"] = status, decided_at  # the newest version's, at the end
    return facts


def _closures(execute: Execute, case_ids: list[int]) -> dict[int, dict]:
    rows = execute(
        select(CaseClosure.case_id, CaseClosure.decision, CaseClosure.proposed_at, CaseClosure.decided_at)
        .where(CaseClosure.case_id.in_(case_ids))
        .order_by(CaseClosure.case_id, CaseClosure.id)
    )
    return {
        case_id: {"closure_decision": decision, "closure_proposed_at": proposed, "closure_decided_at": decided}
        for case_id, decision, proposed, decided in rows  # the latest proposal, at the end
    }


def case_records(execute: Execute, case_ids: list[int]) -> dict[int, CaseRecords]:
    """The records of these cases that their state follows from (six queries for the lot)."""
    if not case_ids:
        return {}
    cases = execute(
        select(
            Case.id,
            Case.child_id,
            Case.identified_on,
            Case.danger,
            Case.closed_at,
            Child.birth_date,
            Child.labour_category,
        )
        .join(Child, Child.id == Case.child_id)
        .where(Case.id.in_(case_ids))
    ).all()
    visits: dict[int, list[date]] = {}
    for child_id, visit_date in execute(
        select(Assessment.child_id, Assessment.visit_date).where(Assessment.child_id.in_({c[1] for c in cases}))
    ):
        visits.setdefault(child_id, []).append(visit_date)
    plans, closures = _plans(execute, case_ids), _closures(execute, case_ids)
    referrals = _referral_dates(execute, case_ids)
    records = {}
    for case_id, child_id, identified_on, danger, closed_at, birth_date, category in cases:
        started, unanswered = referrals.get(case_id, (None, None))
        records[case_id] = CaseRecords(
            identified_on=identified_on,
            danger=danger,
            closed_on=_day(closed_at),
            birth_date=birth_date,
            labour_category=category,
            visit_dates=tuple(sorted(visits.get(child_id, ()))),
            service_started=started,
            unanswered_since=unanswered,
            **plans.get(case_id, {}),
            **closures.get(case_id, {}),
        )
    return records


def compute_states(execute: Execute, case_ids: list[int], rules: CaseRules, answer_days: int) -> dict[int, Standing]:
    """What each case's state columns must hold, computed from its records by the case rules."""
    return {case_id: standing(r, rules, answer_days) for case_id, r in case_records(execute, case_ids).items()}


def stored_states(execute: Execute, case_ids: list[int]) -> dict[int, Standing]:
    """What the state columns hold now."""
    columns = [getattr(Case, name) for name in STATE_COLUMNS]
    rows = execute(select(Case.id, *columns).where(Case.id.in_(case_ids)))
    return {row[0]: Standing(*row[1:]) for row in rows}


_WRITE = (
    update(Case.__table__)
    .where(Case.__table__.c.id == bindparam("case_id"))
    .values({name: bindparam(name) for name in STATE_COLUMNS})
)


def write_states(execute: Execute, states: dict[int, Standing]) -> None:
    """Write the state columns (one statement for the lot; the case's version is not touched)."""
    if states:
        execute(_WRITE, [{"case_id": case_id, **state.values()} for case_id, state in states.items()])


def _in_session(states: dict[int, Standing]) -> None:
    """The session's loaded cases show the values written (without marking them changed)."""
    for case_id, state in states.items():
        case = db.session.identity_map.get(identity_key(Case, case_id))
        if case is not None:
            for name, value in state.values().items():
                attributes.set_committed_value(case, name, value)


def refresh_cases(case_ids: Iterable[int]) -> dict[int, Standing]:
    """Recompute and store the state of these cases, in the caller's transaction (flushes only).

    The rows are locked first (PostgreSQL), so that two changes to one case at the same moment are
    computed one after the other, each with the other's records."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    db.session.flush()
    execute = db.session.execute
    execute(select(Case.id).where(Case.id.in_(ids)).order_by(Case.id).with_for_update())
    states = compute_states(execute, ids, case_rules(), current_app.config["REFERRAL_ANSWER_DAYS"])
    write_states(execute, states)
    _in_session(states)
    return states


def refresh_children(child_ids: Iterable[int]) -> dict[int, Standing]:
    """Refresh every case (open or closed) of these children."""
    ids = sorted(set(child_ids))
    if not ids:
        return {}
    db.session.flush()
    return refresh_cases(db.session.scalars(select(Case.id).where(Case.child_id.in_(ids))))


def refresh_family_cases(family, today=None, **_ignored) -> None:
    """The household's children's statuses were computed again (an assessment, a move, a merge):
    their cases' risk, stage and visits follow."""
    refresh_children(child.id for child in family.children)


def all_case_ids(execute: Execute, after: int = 0, limit: int = BATCH) -> list[int]:
    return list(execute(select(Case.id).where(Case.id > after).order_by(Case.id).limit(limit)).scalars())


def fill_states(execute: Execute, rules: CaseRules, answer_days: int, after: int = 0) -> int:
    """Compute and write the state of every case (with an id above `after`), a batch at a time;
    returns how many."""
    count, last = 0, after
    while ids := all_case_ids(execute, last):
        last = ids[-1]
        write_states(execute, compute_states(execute, ids, rules, answer_days))
        count += len(ids)
    return count


def refresh_all(after: int = 0) -> int:
    """Refresh every case (above the id `after`) in the session's transaction, a batch at a time: for
    rows written without the services (bulk loads such as `flask generate-data`)."""
    db.session.flush()
    return fill_states(db.session.execute, case_rules(), current_app.config["REFERRAL_ANSWER_DAYS"], after)


def differences(execute: Execute, rules: CaseRules, answer_days: int, fix: bool = False) -> dict[int, dict]:
    """Every case whose stored state differs from what its records give ({id: {column: (stored,
    computed)}}), in batches; `fix` writes the computed values."""
    found: dict[int, dict] = {}
    last = 0
    while ids := all_case_ids(execute, last):
        last = ids[-1]
        computed = compute_states(execute, ids, rules, answer_days)
        stored = stored_states(execute, ids)
        wrong = {}
        for case_id, state in computed.items():
            now = stored[case_id].values()
            diff = {k: (now[k], v) for k, v in state.values().items() if now[k] != v}
            if diff:
                found[case_id], wrong[case_id] = diff, state
        if fix:
            write_states(execute, wrong)
    return found
