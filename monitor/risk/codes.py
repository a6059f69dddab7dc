"""Stable codes used by the classifier (the app translates them; keep them unchanged)."""

from __future__ import annotations

HAZARDS = (
    "heavy_loads",
    "dangerous_tools",
    "dust_fumes_gas",
    "extreme_temperature",
    "noise_vibration",
    "heights",
    "chemicals",
    "underground",
    "abuse",
    "other",
)
WORST_FORMS = ("trafficking", "forced_labour", "csec", "illicit", "organised_begging")
EMPLOYERS = ("family", "employer", "self")
ATTENDANCE = ("regular", "irregular", "not_attending", "not_enrolled")
OUT_OF_SCHOOL = frozenset({"not_attending", "not_enrolled"})

# National categories, highest precedence first (DOMAIN.md 3.2), with the action each calls for.
NATIONAL_CATEGORIES = {
    "worst_form": "withdraw",
    "hazardous": "withdraw",
    "below_minimum_age": "withdraw",
    "underage_noncompliant": "withdraw",
    "young_worker_violation": "protect",
    "lawful_monitor": "monitor",
    "at_risk": "prevent",
    "no_issue": "none",
}
ILO_CATEGORIES = {
    "worst_form": "withdraw",
    "hazardous": "withdraw",
    "child_labour": "withdraw",
    "undetermined": "monitor",
    "not_child_labour": "none",
    "out_of_scope": "none",
}
ACTIONS = ("withdraw", "protect", "prevent", "monitor", "none")
# Categories that mean the child is in child labour (hardship criterion C05 follows from them).
NATIONAL_CHILD_LABOUR = frozenset(
    {"worst_form", "hazardous", "below_minimum_age", "underage_noncompliant", "young_worker_violation"}
)

# The risk level a national category gives a case (high for worst forms and hazardous work).
RISK_LEVELS = {
    "worst_form": "high",
    "hazardous": "high",
    "below_minimum_age": "medium",
    "underage_noncompliant": "medium",
    "young_worker_violation": "medium",
    "lawful_monitor": "low",
    "at_risk": "low",
    "no_issue": "none",
}

# Every reason the rules can give, with an English description ({figure} and {threshold} filled in).
REASONS = {
    "worst_form": "Worst form of child labour: {figure}",
    "prohibited_work": "Work on the national list of work prohibited under 18 ({figure})",
    "hazard": "Hazardous condition: {figure}",
    "adult_venue": "Works where alcohol or tobacco is sold, or in gambling or night entertainment",
    "night_work": "Works at night ({threshold})",
    "overtime": "Works overtime (prohibited under 18)",
    "rest_day_work": "Works on rest days or holidays (prohibited under 18)",
    "below_minimum_age": "Aged {figure}: economic activity is not allowed under {threshold}",
    "not_light_work": "Aged {figure}: only light work is allowed",
    "no_parental_consent": "Aged {figure}: no written consent of a parent",
    "during_school_hours": "Works during school hours",
    "weekly_hours_over": "Works {figure} h a week; the limit at this age is {threshold} h",
    "daily_hours_over": "Works {figure} h a day in the school year; the limit for pupils of this age is {threshold} h",
    "hours_unknown": "Hours of work not known: they must be checked",
    "lawful_work": "Works within the limits for age {figure}",
    "out_of_school": "Not attending school",
    "sibling_in_child_labour": "A brother or sister is in child labour",
    "family_hardship": "Family hardship {figure}",
    "chores_hours": "Household chores {figure} h a week (threshold {threshold} h)",
    "chores_unknown": "Hours of household chores not known",
    "economic_hours": "Economic activity {figure} h a week (threshold {threshold} h at this age)",
    "long_hours_hazardous": "Works {figure} h a week: {threshold} h or more is hazardous work at 15-17",
    "out_of_scope_age": "Aged {figure}: outside the ages covered ({threshold})",
    "no_work": "No economic activity reported",
}
