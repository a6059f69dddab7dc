"""Demo assessments: the kinds of work seen at visits in the region."""

from __future__ import annotations

import random
from datetime import date, timedelta

from monitor.assessments.data import ActivityData, AssessmentData

# (sector code, location, hours in the last 7 days or None for "don't know", hazards) seen at visits.
WORK_SEEN = (
    ("bazaar_portering", "bazaar", 20.0, ["heavy_loads"]),
    ("bazaar_selling", "bazaar", 12.0, []),
    ("bazaar_carts", "bazaar", None, ["heavy_loads", "extreme_temperature"]),
    ("cotton", "field", 30.0, ["chemicals", "extreme_temperature"]),
    ("car_wash", "car_wash", 25.0, ["chemicals"]),
    ("street_vending", "street", 8.0, []),
    ("brick_making", "other", 35.0, ["dust_fumes_gas", "heavy_loads"]),
    ("cafe", "other", 18.0, []),
)


def demo_assessment(rng: random.Random, child, today: date, sectors: dict[str, int]):
    """An assessment for some children (about a third), from the kinds of work seen in the region."""

    if rng.random() > 0.35 or (today - child.birth_date).days < 8 * 365:
        return None
    sector, location, hours, hazards = rng.choice(WORK_SEEN)
    works = rng.random() < 0.85
    activity = ActivityData(
        sector_id=sectors[sector],
        employer=rng.choice(["family", "employer", "self"]),
        paid=rng.random() < 0.5,
        hours_last_7_days=hours,
        hazards=hazards,
        during_school_hours=rng.random() < 0.3,
    )
    return AssessmentData(
        visit_date=today - timedelta(days=rng.randint(1, 120)),
        location=location,
        activities=[activity] if works else [],
        chores_hours=float(rng.choice([5, 10, 14, 21, 25])),
        notes="",
    )
