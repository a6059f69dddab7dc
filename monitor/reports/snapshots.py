"""Dashboard counts computed beside the request and kept: found by scope, period and language,
refreshed when the policy of monitor/reports/summary.py says so. One computation per scope at a
time, whichever process asks first; the others show the counts already kept, or wait for them."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from datetime import date, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from monitor.cases.deadlines import CaseRules
from monitor.core.db import utcnow
from monitor.core.permissions import paths_condition
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.registry.models import Child
from monitor.reports.facts import collect
from monitor.reports.figures import Period, child_figures, monthly
from monitor.reports.models import ReportSnapshot
from monitor.reports.summary import ReusePolicy, Summary, members, summarise

log = logging.getLogger(__name__)

TAKE_OVER_AFTER = timedelta(minutes=30)  # a computation not finished by then died with its process
KEEP_FOR = timedelta(days=7)  # counts of periods nobody asked for since are deleted


def policy(config) -> ReusePolicy:
    return ReusePolicy(timedelta(minutes=config["REPORT_REUSE_MINUTES"]), config["REPORT_LIVE_SECONDS"])


def snapshot_key(paths: list[str], period: Period, language: str) -> str:
    text = json.dumps([sorted(paths), period.start.isoformat(), period.end.isoformat(), language])
    return hashlib.sha256(text.encode()).hexdigest()


MEMBERS_KEPT = 500  # children listed behind a figure (the drill-down's limit)


def compute(
    paths: list[str], period: Period, language: str, today: date, rules: CaseRules, progress=None
) -> tuple[Summary, dict]:
    """The counts, and the first children behind each (for the drill-down lists)."""
    facts = collect(paths, period, language, today, rules, progress=progress)
    figures = child_figures(facts.children, period, facts.identified, facts.stages, facts.visits, facts.referrals)
    return summarise(figures, monthly(facts.identified, facts.assessed, period)), members(figures, MEMBERS_KEPT)


def find(key: str) -> ReportSnapshot | None:
    return db.session.scalar(
        select(ReportSnapshot).where(ReportSnapshot.key == key).execution_options(populate_existing=True)
    )


def claim(key: str, paths: list[str], period: Period, language: str) -> int | None:
    """Mark the counts of `key` as being computed; None when another request already computes them."""
    now = utcnow()
    existing = find(key)
    if existing is None:
        db.session.execute(delete(ReportSnapshot).where(ReportSnapshot.started_at < now - KEEP_FOR))
        snapshot = ReportSnapshot(
            key=key,
            paths=sorted(paths),
            language=language,
            period_start=period.start,
            period_end=period.end,
            status="computing",
            started_at=now,
        )
        db.session.add(snapshot)
        try:
            db.session.commit()
        except IntegrityError:  # another request inserted it a moment ago: it computes
            db.session.rollback()
            return None
        return snapshot.id
    snapshot_id = existing.id
    claimed = db.session.execute(
        update(ReportSnapshot)
        .where(
            ReportSnapshot.id == snapshot_id,
            or_(ReportSnapshot.status != "computing", ReportSnapshot.started_at < now - TAKE_OVER_AFTER),
        )
        .values(status="computing", started_at=now, done=0, total=0)
    ).rowcount
    db.session.commit()
    return snapshot_id if claimed == 1 else None


def compute_job(app, snapshot_id: int, paths: list[str], period: Period, language: str, today: date) -> None:
    """Compute and keep the counts (in its own application context and database session)."""
    with app.app_context():
        started = time.monotonic()
        allow_long_statements(db.session)
        try:
            total = db.session.scalar(
                select(func.count(Child.id)).where(
                    paths_condition(Child.area_path, paths),
                    Child.merged_into_id.is_(None),
                    Child.created_at < period.ends_before,
                )
            )
            _note(snapshot_id, done=0, total=total)
            summary, behind = compute(
                paths,
                period,
                language,
                today,
                app.extensions["case_rules"],
                progress=lambda done: _note(snapshot_id, done=done),
            )
            db.session.execute(
                update(ReportSnapshot)
                .where(ReportSnapshot.id == snapshot_id)
                .values(
                    status="ready",
                    figures=summary.to_json(),
                    members=json.dumps(behind, separators=(",", ":")),
                    computed_at=utcnow(),
                    computed_on=today,
                    seconds=round(time.monotonic() - started, 3),
                    done=total,
                )
            )
            db.session.commit()
        except Exception:  # never leave the counts "computing" for good: the next request tries again
            log.exception("report snapshot %s: computation failed", snapshot_id)
            db.session.rollback()
            db.session.execute(update(ReportSnapshot).where(ReportSnapshot.id == snapshot_id).values(status="failed"))
            db.session.commit()
        finally:
            db.session.remove()


def _note(snapshot_id: int, **values) -> None:
    """Progress, written on a connection of its own (the job's session is in the middle of reading)."""
    with db.engine.begin() as connection:
        connection.execute(update(ReportSnapshot).where(ReportSnapshot.id == snapshot_id).values(**values))


def current(
    app, paths: list[str], period: Period, language: str, today: date, force: bool = False
) -> ReportSnapshot | None:
    """The counts to show: kept ones while the policy allows, else computed now (waiting for a first
    or cheap computation, not for a slow refresh: the kept counts are shown meanwhile)."""
    rules = policy(app.config)
    key = snapshot_key(paths, period, language)
    kept = find(key)
    if (
        kept is not None
        and kept.figures
        and not force
        and kept.status != "computing"
        and rules.reuse(kept.computed_at, kept.computed_on, kept.seconds, utcnow(), today)
    ):
        return kept
    wait = force or kept is None or not kept.figures or not rules.slow(kept.seconds)
    snapshot_id = claim(key, paths, period, language)
    if snapshot_id is not None:
        real_app = app._get_current_object() if hasattr(app, "_get_current_object") else app  # not the proxy
        args = (real_app, snapshot_id, paths, period, language, today)
        if app.config["REPORT_BACKGROUND"]:
            worker = threading.Thread(target=compute_job, args=args, daemon=True, name=f"report-{snapshot_id}")
            worker.start()
            if wait:
                worker.join(app.config["REPORT_WAIT_SECONDS"])
        else:
            compute_job(*args)
    elif wait:  # another request computes them: wait a little for its result
        deadline = time.monotonic() + app.config["REPORT_WAIT_SECONDS"]
        while time.monotonic() < deadline:
            found = find(key)
            db.session.commit()  # end the read, so that SQLite sees the other request's write
            if found is not None and found.status != "computing":
                break
            time.sleep(0.2)
    return find(key)


def kept_members(
    app, paths: list[str], period: Period, language: str, today: date, section: str, key: str, part: str
) -> tuple[list[int], int] | None:
    """The children behind a figure of kept counts (ids, and the figure), so that the list opened from
    the dashboard is the one behind the number shown; None when the figures are computed live."""
    kept = find(snapshot_key(paths, period, language))
    if kept is None or not kept.figures or kept.computed_on != today or not policy(app.config).slow(kept.seconds):
        return None
    behind = json.loads(kept.members or "{}")
    if not behind:
        return None
    counts = Summary.from_json(kept.figures).cell(section, key).counts
    return behind.get(section, {}).get(key, {}).get(part, []), counts.get(part, 0)
