"""Classify an assessment under both rulesets; read and write it as JSON-friendly dicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from monitor.risk import rules
from monitor.risk.codes import ILO_CATEGORIES, NATIONAL_CATEGORIES
from monitor.risk.model import Assessment, Classification, Reason, RulesetResult, WorkActivity
from monitor.risk.thresholds import Thresholds

NATIONAL_ID, ILO_ID = "kg_national", "ilo_statistical"


def classify(assessment: Assessment, thresholds: Thresholds) -> Classification:
    """Both results for one assessment, each with its reasons and the thresholds version used."""
    return Classification(national(assessment, thresholds), ilo(assessment, thresholds))


def _result(
    ruleset: str,
    t: Thresholds,
    category: str,
    actions: Mapping[str, str],
    reasons: Iterable[Reason],
    flags: Mapping[str, bool] | None = None,
) -> RulesetResult:
    return RulesetResult(ruleset, t.version, category, actions[category], tuple(reasons), dict(flags or {}))


def national(a: Assessment, t: Thresholds) -> RulesetResult:
    """The first category that applies in DOMAIN.md 3.2's order; the reasons list every rule that fired."""
    if a.age >= t.adult_age:
        return _result(
            NATIONAL_ID, t, "no_issue", NATIONAL_CATEGORIES, [Reason("out_of_scope_age", str(a.age), f"<{t.adult_age}")]
        )
    steps = [
        ("worst_form", rules.worst_forms(a)),
        ("hazardous", rules.prohibited_conditions(a)),
        ("below_minimum_age", rules.below_minimum_age(a, t)),
        ("underage_noncompliant", rules.underage_conditions(a, t)),
        ("young_worker_violation", rules.young_worker_limits(a, t)),
    ]
    reasons = [reason for _category, found in steps for reason in found]
    category = next((name for name, found in steps if found), None)
    if category is None and a.activities:
        category = "lawful_monitor"
        hours, missing = rules.weekly_hours(a)
        reasons.append(Reason("hours_unknown") if missing else Reason("lawful_work", str(a.age), rules.fmt(hours)))
    risks = rules.risk_factors(a, t)
    reasons += risks
    if category is None:
        category = "at_risk" if risks else "no_issue"
    if category == "no_issue":
        reasons.append(Reason("no_work"))
    return _result(NATIONAL_ID, t, category, NATIONAL_CATEGORIES, reasons)


def ilo(a: Assessment, t: Thresholds) -> RulesetResult:
    """ICLS 2008 / SDG 8.7.1: worst forms, hazardous work, hours by age band, chores (series 2)."""
    if not t.ilo_min_age <= a.age < t.adult_age:
        return _result(
            ILO_ID,
            t,
            "out_of_scope",
            ILO_CATEGORIES,
            [Reason("out_of_scope_age", str(a.age), f"{t.ilo_min_age}-{t.adult_age - 1}")],
            {"sdg_series_1": False, "sdg_series_2": False, "hazardous": False, "worst_form_other": False},
        )
    worst = rules.worst_forms(a, rules.ILO_WORST_FORMS)
    hazardous = rules.ilo_hazardous(a, t)
    hours, missing = rules.weekly_hours(a)
    threshold = rules.ilo_hours_threshold(a.age, t)
    series_1 = bool(a.activities) and hours >= threshold
    chores = a.chores_hours_last_7_days
    chores_cl = a.age <= 14 and chores is not None and chores >= t.ilo_chores_hours_5_14
    reasons = worst + hazardous
    reasons += [Reason("economic_hours", rules.fmt(hours), rules.fmt(threshold))] if series_1 else []
    reasons += [Reason("chores_hours", rules.fmt(chores), rules.fmt(t.ilo_chores_hours_5_14))] if chores_cl else []
    undetermined = missing and not series_1
    reasons += [Reason("hours_unknown")] if undetermined else []
    reasons += [Reason("chores_unknown")] if chores is None and a.age <= 14 else []
    flags = {
        "sdg_series_1": series_1,
        "sdg_series_2": series_1 or chores_cl,
        "hazardous": bool(hazardous),
        "worst_form_other": bool(worst),
    }
    category = (
        "worst_form"
        if worst
        else "hazardous"
        if hazardous
        else "child_labour"
        if series_1 or chores_cl
        else "undetermined"
        if undetermined
        else "not_child_labour"
    )
    return _result(ILO_ID, t, category, ILO_CATEGORIES, reasons, flags)


# --- JSON: the `flask classify` command and stored results -------------------------------------

_BOOLS = ("paid", "on_prohibited_list", "during_school_hours", "at_night", "on_rest_days", "overtime", "adult_venue")
_NUMBERS = ("hours_last_7_days", "usual_hours_per_week", "daily_hours")


def _number(value: object, name: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or value > 168:
        raise ValueError(f"{name}: a number of hours between 0 and 168, or null when not known")
    return float(value)


def _flag(value: object, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"{name}: true, false or null")


def activity_from_dict(d: dict[str, Any]) -> WorkActivity:
    if not isinstance(d, dict) or not d.get("sector"):
        raise ValueError("activities: each activity needs a 'sector'")
    days = d.get("days_per_week")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 7):
        raise ValueError("days_per_week: a whole number from 0 to 7")
    flags: dict[str, Any] = {name: bool(_flag(d.get(name, False), name)) for name in _BOOLS}
    hours: dict[str, Any] = {name: _number(d.get(name), name) for name in _NUMBERS}
    return WorkActivity(
        sector=str(d["sector"]),
        employer=str(d.get("employer", "family")),
        days_per_week=days,
        hazards=frozenset(d.get("hazards", [])),
        **flags,
        **hours,
    )


def assessment_from_dict(d: dict[str, Any]) -> Assessment:
    """An Assessment from JSON-friendly values (dates 'yyyy-mm-dd', lists for sets).

    Raises ValueError naming the field at fault."""
    if not isinstance(d, dict):
        raise ValueError("an assessment is a JSON object")
    try:
        visit = date.fromisoformat(str(d["visit_date"]))
    except (KeyError, ValueError):
        raise ValueError("visit_date: a date written yyyy-mm-dd") from None
    age = d.get("age")
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 30:
        raise ValueError("age: completed years at the visit, a whole number")
    return Assessment(
        visit_date=visit,
        age=age,
        sex=d.get("sex"),
        activities=tuple(activity_from_dict(item) for item in d.get("activities", [])),
        worst_forms=frozenset(d.get("worst_forms", [])),
        chores_hours_last_7_days=_number(d.get("chores_hours_last_7_days"), "chores_hours_last_7_days"),
        school_attendance=d.get("school_attendance"),
        school_year=bool(d.get("school_year", True)),
        parental_consent_written=_flag(d.get("parental_consent_written"), "parental_consent_written"),
        light_work=_flag(d.get("light_work"), "light_work"),
        contract=_flag(d.get("contract"), "contract"),
        medical_check=_flag(d.get("medical_check"), "medical_check"),
        family_criteria=frozenset(d.get("family_criteria", [])),
        sibling_in_child_labour=bool(d.get("sibling_in_child_labour", False)),
    )


def ruleset_to_dict(result: RulesetResult) -> dict[str, Any]:
    return {
        "ruleset": result.ruleset_id,
        "version": result.ruleset_version,
        "category": result.category,
        "action": result.action,
        "flags": dict(result.flags),
        "reasons": [{"code": r.code, "figure": r.figure, "threshold": r.threshold} for r in result.reasons],
    }


def result_to_dict(classification: Classification) -> dict[str, Any]:
    return {"national": ruleset_to_dict(classification.national), "ilo": ruleset_to_dict(classification.ilo)}
