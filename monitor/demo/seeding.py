"""Seed the demo: households registered and children assessed through the same services as the web
forms, then referrals for some of the cases that opened."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from sqlalchemy import select

from monitor.assessments.models import Sector
from monitor.assessments.services import record_assessment
from monitor.cases.models import Case
from monitor.demo.households import DemoCaseload
from monitor.demo.work import demo_assessment
from monitor.extensions import db
from monitor.referrals import services as referrals
from monitor.referrals.lifecycle import InvalidTransition
from monitor.referrals.models import ServiceProvider
from monitor.registry import services
from monitor.registry.models import Criterion


def seed_caseload(
    area_users: list[tuple[int, object]],
    families: int,
    seed: int,
    today: date,
    progress: Callable[[Iterator], Iterator] = iter,
) -> int:
    """Register `families` demo households spread over (area id, worker) pairs, and assess some of
    the children; returns the number of children added."""

    criteria = {c.code: c.id for c in db.session.scalars(select(Criterion))}
    sectors = {s.code: s.id for s in db.session.scalars(select(Sector))}
    generator = DemoCaseload(seed, today)
    added = 0
    for index in progress(range(families)):
        area_id, worker = area_users[index % len(area_users)]
        data, children = generator.family(area_id, criteria)
        family = services.register_family(data, worker, today)
        for child_data in children:
            child = services.register_child(family, child_data, worker, today)
            visit = demo_assessment(generator.rng, child, today, sectors) if sectors else None
            if visit is not None:
                record_assessment(child, visit, worker, today)
            added += 1
    return added


def seed_services(seed: int, today: date) -> int:
    """Demo referrals for about half of the open cases (to the seeded providers where one serves the
    child's area), with their steps dated in the past, so case pages, worklists and reports have
    services to show."""

    rng = random.Random(seed + 1)
    providers = list(db.session.scalars(select(ServiceProvider).where(ServiceProvider.active)))
    kinds = ["remedial_class", "school_reenrolment", "psychosocial", "livelihood_support", "health", "rehabilitation"]
    added = 0
    for case in db.session.scalars(select(Case).where(Case.closed_at.is_(None)).order_by(Case.id)).all():
        if rng.random() > 0.5:
            continue
        kind = rng.choice(kinds)
        provider = next(
            (
                p
                for p in providers
                if p.service_type == kind
                and case.area_path.startswith(p.area.path)
                and (p.capacity is None or referrals.seats_left(p) > 0)
            ),
            None,
        )
        day = min(today, case.identified_on + timedelta(days=rng.randint(2, 10)))
        referral = referrals.refer(case, kind, provider, "", case.assigned_to, today, day)
        added += 1
        for target in ("sent", "accepted", "in_service"):
            if rng.random() < 0.25:
                break
            day = min(today, day + timedelta(days=rng.randint(1, 9)))
            try:
                referrals.advance(referral, case.child, target, "", False, case.assigned_to, today, day)
            except InvalidTransition:  # no consent recorded, or no place left: it stays where it is
                break
    return added
