"""Demo service providers of Osh city and Kara-Suu district (editable by administrators)."""

from __future__ import annotations

from sqlalchemy import select

from monitor.extensions import db
from monitor.referrals.models import ServiceProvider

# (name, service type, area key, capacity)
PROVIDERS = (
    ("Remedial evening class, school No. 5 (Kara-Suu)", "remedial_class", "kara_suu_town", 25),
    ("Kelechek day-care centre, Babur school", "day_care", "kara_suu", 30),
    ("District education department: school re-enrolment", "school_reenrolment", "kara_suu", None),
    ("Rehabilitation centre for children (Osh)", "rehabilitation", "osh_city", 15),
    ("Vocational lyceum (Osh)", "vocational_training", "osh_city", 40),
    ("Free legal aid centre (Osh)", "legal_aid", "osh_city", None),
    ("Family livelihood support programme", "livelihood_support", "osh_region", 20),
)


def seed_providers(places: dict) -> int:
    existing = set(db.session.scalars(select(ServiceProvider.name)))
    added = 0
    for name, kind, area_key, capacity in PROVIDERS:
        if name not in existing:
            db.session.add(
                ServiceProvider(name=name, service_type=kind, area_id=places[area_key].id, capacity=capacity)
            )
            added += 1
    db.session.flush()
    return added
