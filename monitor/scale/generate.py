"""A synthetic caseload at region scale, written with bulk inserts (`flask generate-data`).

Families with several children (the demo's Kyrgyz, Uzbek and Russian names, some typed in Latin),
registered on days spread over several years, with phones, personal numbers and hardship criteria;
assessments over one or two visits classified by the real rules, the child's status, cases for
children who need action (with plans, referrals, some closed with an outcome, a few restricted), and
the audit rows the app writes for each of these changes. A regional reporting officer is made once.
Rows are built in Python and written a few thousand at a time with executemany (monitor/scale/rows.py).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from monitor.admin.services import create_user
from monitor.areas.models import Area
from monitor.assessments.models import Sector
from monitor.assessments.threshold_versions import ensure_default_version, version_on
from monitor.auth.models import User
from monitor.cases.models import Case
from monitor.cases.stored import refresh_all
from monitor.core.roles import Role
from monitor.demo import DemoCaseload
from monitor.extensions import db
from monitor.registry.models import Child, Criterion, Family
from monitor.scale.casework import open_case
from monitor.scale.households import Pins, add_child, add_family, registration_day
from monitor.scale.rows import Run, bump_sequences
from monitor.scale.visits import assess

LEAF_KINDS = ("village", "neighbourhood", "ayil_aimak", "town", "city_territory")
BATCH_CHILDREN = 5000
NEEDS_ACTION = ("withdraw", "protect", "prevent")
RESTRICTED_SHARE = 0.04  # of the children with a case: trafficking, exploitation, violence
OFFICER = "regional.officer"


def _top_areas() -> list[int]:
    return [a.id for a in db.session.scalars(select(Area).where(Area.parent_id.is_(None)))]


def _generator_user() -> User:
    user = db.session.scalar(select(User).where(User.username == "generator"))
    if user is None:
        user, _password = create_user(
            "generator", "Generated data", [Role.SOCIAL_WORKER], _top_areas(), "ru", None, actor=None
        )
        user.active = False
        db.session.flush()
    return user


def _regional_officer() -> None:
    """A reporting officer of the whole region (figures only; an administrator gives her a password)."""
    if db.session.scalar(select(User.id).where(User.username == OFFICER)) is None:
        create_user(OFFICER, "Regional reporting officer", [Role.REPORTING_OFFICER], _top_areas(), "ru", None, None)
        db.session.flush()


def _start(seed: int, today: date) -> Run:
    thresholds_row, thresholds = version_on(today)
    thresholds_row = thresholds_row or ensure_default_version()
    return Run(
        rng=random.Random(seed),
        today=today,
        user_id=_generator_user().id,
        sectors={s.code: s.id for s in db.session.scalars(select(Sector))},
        thresholds=thresholds,
        thresholds_id=thresholds_row.id,
    )


def generate(children: int, seed: int, today: date, progress: Callable[[int], None] = lambda n: None) -> dict:
    """Add about `children` children (whole families); returns the counts written."""
    _regional_officer()
    run = _start(seed, today)  # after the users (and their audit rows): ids start past them
    first_case = run.ids.next[Case]
    areas = list(db.session.scalars(select(Area).where(Area.active, Area.kind.in_(LEAF_KINDS))))
    criteria = {c.code: c.id for c in db.session.scalars(select(Criterion))}
    pins = Pins(set(db.session.scalars(select(Child.pin).where(Child.pin.is_not(None)))), seed)
    caseload = DemoCaseload(seed, today)
    pending = 0
    while run.counts["children"] < children:
        area = areas[run.rng.randrange(len(areas))]
        data, kids = caseload.family(area.id, criteria)
        family_id = run.ids(Family)
        registered = registration_day(run)
        family_codes = add_family(run, family_id, area, data, registered, criteria)
        for kid in kids:
            _child(run, family_id, area, kid, max(registered, kid.birth_date), family_codes, pins)
            pending += 1
        if pending >= BATCH_CHILDREN:
            run.rows.write()
            progress(run.counts["children"])
            pending = 0
    run.rows.write()
    bump_sequences()
    refresh_stored_state(first_case - 1)
    progress(run.counts["children"])
    return run.counts


def _child(run: Run, family_id: int, area, kid, registered: date, family_codes: set[str], pins: Pins) -> None:
    child_id = run.ids(Child)
    status = assess(run, child_id, kid, family_codes, registered)
    has_case = bool(status and status["national_action"] in NEEDS_ACTION)
    restricted = has_case and run.rng.random() < RESTRICTED_SHARE
    extra = {"pin": pins(kid), "status": status, "restricted": restricted}
    add_child(run, child_id, family_id, area, kid, registered, extra)
    if has_case:
        open_case(run, child_id, area.id, area.path, status)


def refresh_stored_state(last_case_before: int) -> None:
    """The one place, after every generated row is written (and before the command commits), where
    values the app keeps beside the records are brought up to date for rows written without the
    services: the stage and deadlines stored on each generated case."""
    refresh_all(last_case_before)
