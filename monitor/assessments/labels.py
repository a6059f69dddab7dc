"""Translated texts of the classification: categories, actions, reasons, codes of the form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

NATIONAL = {
    "worst_form": _l("Worst form of child labour"),
    "hazardous": _l("Hazardous child labour"),
    "below_minimum_age": _l("Child labour: below the minimum age"),
    "underage_noncompliant": _l("Child labour: work at 14-15 outside the rules"),
    "young_worker_violation": _l("Young worker: violations of the law"),
    "lawful_monitor": _l("Lawful work, to monitor"),
    "at_risk": _l("At risk of child labour"),
    "no_issue": _l("No child labour found"),
}
ILO = {
    "worst_form": _l("Worst form other than hazardous work"),
    "hazardous": _l("Hazardous work"),
    "child_labour": _l("Child labour"),
    "undetermined": _l("Not determined: hours missing"),
    "not_child_labour": _l("Not child labour"),
    "out_of_scope": _l("Outside ages 5-17"),
}
# Bootstrap colour of each category's badge.
BADGE = {
    "worst_form": "danger",
    "hazardous": "danger",
    "below_minimum_age": "danger",
    "underage_noncompliant": "danger",
    "child_labour": "danger",
    "young_worker_violation": "warning",
    "lawful_monitor": "info",
    "at_risk": "warning",
    "undetermined": "secondary",
    "no_issue": "success",
    "not_child_labour": "success",
    "out_of_scope": "secondary",
}
RISK = {"high": _l("High risk"), "medium": _l("Medium risk"), "low": _l("Low risk"), "none": _l("No risk found")}
RISK_BADGE = {"high": "danger", "medium": "warning", "low": "info", "none": "success"}
ACTIONS = {
    "withdraw": _l("Withdraw the child from this work"),
    "protect": _l("Protect: bring hours and conditions within the law"),
    "prevent": _l("Prevent: support the child and family"),
    "monitor": _l("Monitor at the next visits"),
    "none": _l("No action needed"),
}
LOCATIONS = {
    "home": _l("Home"),
    "school": _l("School"),
    "bazaar": _l("Bazaar"),
    "field": _l("Field"),
    "construction": _l("Construction site"),
    "street": _l("Street"),
    "car_wash": _l("Car wash"),
    "other": _l("Other"),
}
EMPLOYERS = {"family": _l("Own family farm or business"), "employer": _l("Another employer"), "self": _l("Self")}
HAZARDS = {
    "heavy_loads": _l("Heavy loads"),
    "dangerous_tools": _l("Dangerous tools or heavy machinery"),
    "dust_fumes_gas": _l("Dust, fumes or gas"),
    "extreme_temperature": _l("Extreme cold, heat or humidity"),
    "noise_vibration": _l("Loud noise or vibration"),
    "heights": _l("Work at heights"),
    "chemicals": _l("Chemicals, pesticides or explosives"),
    "underground": _l("Underground work"),
    "abuse": _l("Exposure to abuse"),
    "other": _l("Other unsafe conditions"),
}
WORST_FORMS = {
    "trafficking": _l("Trafficking"),
    "forced_labour": _l("Forced or bonded labour"),
    "csec": _l("Commercial sexual exploitation"),
    "illicit": _l("Illicit activities"),
    "organised_begging": _l("Organised begging"),
}
SCHOOL = {
    "regular": _l("Attends regularly"),
    "irregular": _l("Attends irregularly"),
    "not_attending": _l("Does not attend"),
    "not_enrolled": _l("Not enrolled"),
}
REASONS = {
    "worst_form": _l("Worst form of child labour: %(figure)s."),
    "prohibited_work": _l("The work (%(figure)s) is on the national list of work prohibited under 18."),
    "hazard": _l("Hazardous condition: %(figure)s."),
    "adult_venue": _l("Works where alcohol or tobacco is sold, or in gambling or night entertainment."),
    "night_work": _l("Works at night (%(threshold)s): prohibited under 18."),
    "overtime": _l("Works overtime: prohibited under 18."),
    "rest_day_work": _l("Works on rest days or holidays: prohibited under 18."),
    "below_minimum_age": _l("Aged %(figure)s: no economic activity is allowed under %(threshold)s."),
    "not_light_work": _l("Aged %(figure)s: only light work is allowed."),
    "no_parental_consent": _l("Aged %(figure)s: there is no written consent of a parent."),
    "during_school_hours": _l("Works during school hours."),
    "weekly_hours_over": _l("Works %(figure)s hours a week; the limit at this age is %(threshold)s."),
    "daily_hours_over": _l(
        "Works %(figure)s hours a day in the school year; the limit for pupils of this age is %(threshold)s."
    ),
    "hours_unknown": _l("Hours of work are not known: check them at the next visit."),
    "lawful_work": _l("Works %(threshold)s hours a week, within the limits for age %(figure)s."),
    "out_of_school": _l("Not attending school (%(figure)s)."),
    "sibling_in_child_labour": _l("A brother or sister is in child labour."),
    "family_hardship": _l("Family hardship: %(figure)s."),
    "chores_hours": _l("Household chores %(figure)s hours a week (threshold %(threshold)s)."),
    "chores_unknown": _l("Hours of household chores are not known."),
    "economic_hours": _l("Economic activity %(figure)s hours a week (threshold %(threshold)s at this age)."),
    "long_hours_hazardous": _l("Works %(figure)s hours a week: %(threshold)s or more is hazardous work at 15-17."),
    "out_of_scope_age": _l("Aged %(figure)s: outside the ages covered (%(threshold)s)."),
    "no_work": _l("No economic activity reported."),
}
ERRORS = {
    "visit_in_future": _l("The visit date is in the future."),
    "visit_before_birth": _l("The visit date is before the child's birth."),
    "sector_unknown": _l("Choose the sector from the list."),
    "prohibited_unknown": _l("Choose the prohibited work from the list."),
    "hours_or_unknown": _l('Enter the hours, or tick "don\'t know".'),
    "version_taken": _l("This version name is already used."),
}
