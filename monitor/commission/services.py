"""Recording the Commission's sittings and resolutions; turning measures into referrals."""

from __future__ import annotations

from datetime import date

from monitor.areas.models import Area
from monitor.audit.services import record_event
from monitor.cases.services import CaseError
from monitor.commission.models import Measure, Resolution, Sitting
from monitor.core.permissions import in_user_areas
from monitor.extensions import db
from monitor.referrals.lifecycle import SERVICE_TYPES
from monitor.referrals.services import refer


def record_sitting(area: Area, held_on: date, number: str, actor, today: date) -> Sitting:
    if area is None or not in_user_areas(actor, area):
        raise CaseError("area_id", "assignee_out_of_area")
    if held_on > today:
        raise CaseError("held_on", "date_future")
    sitting = Sitting(area=area, area_path=area.path, held_on=held_on, number=number.strip(), created_by_id=actor.id)
    db.session.add(sitting)
    db.session.flush()
    record_event("commission_sitting_recorded", user=actor, obj=sitting, area_id=area.id, number=sitting.number)
    return sitting


def record_resolution(
    sitting: Sitting, case, number: str, text: str, measures: list[tuple[str, str]], actor
) -> Resolution:
    """A resolution on a case of the sitting's city or district, with its decided measures."""
    if not case.area_path.startswith(sitting.area_path):
        raise CaseError("case_ref", "case_outside_commission")
    if any(kind not in SERVICE_TYPES for kind, _text in measures):
        raise CaseError("measures", "provider_mismatch")
    resolution = Resolution(
        sitting=sitting,
        case_id=case.id,
        number=number.strip(),
        decided_on=sitting.held_on,
        text=text.strip(),
        measures=[Measure(service_type=k, description=d.strip()) for k, d in measures],
    )
    db.session.add(resolution)
    db.session.flush()
    record_event(
        "commission_resolution_recorded",
        user=actor,
        obj=case,
        area_id=case.child.family.area_id,
        resolution=resolution.number,
        measures=len(measures),
    )
    return resolution


def measure_to_referral(measure: Measure, actor, today: date):
    """One step from a decided measure to a proposed referral on the case."""
    if measure.referral_id is not None:
        raise CaseError("measures", "measure_referred")
    # Proposed on the day the commission decided it (when that is not in the future).
    referral = refer(
        measure.resolution.case,
        measure.service_type,
        None,
        f"{measure.description} (resolution {measure.resolution.number})",
        actor,
        min(today, measure.resolution.sitting.held_on),
    )
    measure.referral = referral
    db.session.flush()
    return referral
