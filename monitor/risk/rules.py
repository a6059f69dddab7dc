"""The rules, one small function each: an assessment and thresholds in, the reasons that fired out.

National law: Kyrgyz Labour Code (DOMAIN.md 3.2). Statistics: ICLS 2008 / SDG 8.7.1 / MICS6 (3.1).
"""

from __future__ import annotations

from monitor.risk.codes import OUT_OF_SCHOOL, WORST_FORMS
from monitor.risk.model import Assessment, Reason
from monitor.risk.thresholds import Thresholds

ILO_WORST_FORMS = frozenset(WORST_FORMS)  # organised begging is exploitation by a third party too


def fmt(value: float | int | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def weekly_hours(a: Assessment) -> tuple[float, bool]:
    """Known hours of economic activity in the reference week, and whether some are missing."""
    hours = [act.weekly_hours for act in a.activities]
    return sum(h for h in hours if h is not None), any(h is None for h in hours)


def max_daily_hours(a: Assessment) -> float | None:
    known = [act.daily_hours for act in a.activities if act.daily_hours is not None]
    return max(known) if known else None


def is_pupil(a: Assessment) -> bool:
    return a.school_attendance not in OUT_OF_SCHOOL


def worst_forms(a: Assessment, forms: frozenset[str] = frozenset(WORST_FORMS)) -> list[Reason]:
    return [Reason("worst_form", code) for code in sorted(a.worst_forms & forms)]


def prohibited_conditions(a: Assessment) -> list[Reason]:
    """Listed work, hazards, adult-only venues, night, overtime and rest-day work (all banned under 18)."""
    reasons = []
    for act in a.activities:
        reasons += [Reason("prohibited_work", act.sector)] if act.on_prohibited_list else []
        reasons += [Reason("hazard", code) for code in sorted(act.hazards)]
        reasons += [Reason("adult_venue", act.sector)] if act.adult_venue else []
        reasons += [Reason("night_work", act.sector, "22:00-06:00")] if act.at_night else []
        reasons += [Reason("overtime", act.sector)] if act.overtime else []
        reasons += [Reason("rest_day_work", act.sector)] if act.on_rest_days else []
    return list(dict.fromkeys(reasons))


def below_minimum_age(a: Assessment, t: Thresholds) -> list[Reason]:
    if a.activities and a.age < t.light_work_age:
        return [Reason("below_minimum_age", fmt(a.age), fmt(t.light_work_age))]
    return []


def _hour_limits(a: Assessment, weekly: float, daily: float) -> list[Reason]:
    hours, missing = weekly_hours(a)
    reasons = []
    if hours > weekly:
        reasons.append(Reason("weekly_hours_over", fmt(hours), fmt(weekly)))
    daily_hours = max_daily_hours(a)
    if a.school_year and is_pupil(a) and daily_hours is not None and daily_hours > daily:
        reasons.append(Reason("daily_hours_over", fmt(daily_hours), fmt(daily)))
    if missing and not reasons:
        reasons.append(Reason("hours_unknown"))
    return reasons


def underage_conditions(a: Assessment, t: Thresholds) -> list[Reason]:
    """14-15: light work only, with written parental consent, outside school hours, within limits.

    Hours not known cannot be shown to be within the limits: the case worker must check them.
    """
    if not a.activities or not t.light_work_age <= a.age < t.min_employment_age:
        return []
    reasons = [] if a.light_work else [Reason("not_light_work", fmt(a.age))]
    reasons += [] if a.parental_consent_written else [Reason("no_parental_consent", fmt(a.age))]
    if any(act.during_school_hours for act in a.activities):
        reasons.append(Reason("during_school_hours"))
    return reasons + _hour_limits(a, t.weekly_hours_14_15, t.daily_hours_pupil_14_15)


def young_worker_limits(a: Assessment, t: Thresholds) -> list[Reason]:
    """16-17: within 36 h a week and, for pupils in the school year, 3.5 h a day."""
    if not a.activities or not t.min_employment_age <= a.age < t.adult_age:
        return []
    return [r for r in _hour_limits(a, t.weekly_hours_16_17, t.daily_hours_pupil_16_17) if r.code != "hours_unknown"]


def risk_factors(a: Assessment, t: Thresholds) -> list[Reason]:
    reasons = [Reason("out_of_school", a.school_attendance)] if a.school_attendance in OUT_OF_SCHOOL else []
    reasons += [Reason("sibling_in_child_labour")] if a.sibling_in_child_labour else []
    reasons += [Reason("family_hardship", code) for code in sorted(a.family_criteria & t.at_risk_family_criteria)]
    chores = a.chores_hours_last_7_days
    if chores is not None and a.age < t.light_work_age and chores >= t.national_chores_hours_under_14:
        reasons.append(Reason("chores_hours", fmt(chores), fmt(t.national_chores_hours_under_14)))
    return reasons


def ilo_hours_threshold(age: int, t: Thresholds) -> float:
    if age <= 11:
        return t.ilo_hours_5_11
    return t.ilo_hours_12_14 if age <= 14 else t.ilo_hours_15_17


def ilo_hazardous(a: Assessment, t: Thresholds) -> list[Reason]:
    """Hazardous work: listed work, hazardous conditions (night included), adult-only venues, or
    15-17 working 43 hours or more."""
    reasons = [r for r in prohibited_conditions(a) if r.code not in ("overtime", "rest_day_work")]
    hours, _missing = weekly_hours(a)
    if a.age >= 15 and hours >= t.ilo_hazardous_hours_15_17:
        reasons.append(Reason("long_hours_hazardous", fmt(hours), fmt(t.ilo_hazardous_hours_15_17)))
    return reasons
