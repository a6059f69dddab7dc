from datetime import date

import pytest

from monitor.cases.deadlines import CaseRules, add_working_days, assessment_due, plan_due
from monitor.cases.state import case_state

RULES = CaseRules()
FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (FRIDAY, 1, date(2026, 11, 23)),
        (FRIDAY, 3, date(2026, 11, 25)),
        (date(2026, 11, 23), 3, date(2026, 11, 26)),
        (date(2026, 11, 22), 1, date(2026, 11, 23)),
        (FRIDAY, 10, date(2026, 12, 4)),
    ],
)
def test_working_days_skip_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_a_child_in_danger_is_assessed_within_24_hours():
    assert assessment_due(FRIDAY, True, RULES) == date(2026, 11, 21)
    assert assessment_due(FRIDAY, False, RULES) == date(2026, 11, 25)
    assert plan_due(FRIDAY, RULES) == date(2026, 12, 4)


def test_the_stage_and_overdue_items_follow_from_what_happened():
    waiting = case_state(FRIDAY, False, False, None, "hazardous", RULES, date(2026, 11, 25))
    assert (waiting.stage, waiting.overdue, waiting.risk) == ("identified", (), "high")
    late = case_state(FRIDAY, False, False, None, "at_risk", RULES, date(2026, 11, 26))
    assert late.overdue == ("assessment",)
    assessed = case_state(FRIDAY, False, False, date(2026, 11, 23), "hazardous", RULES, date(2026, 12, 8))
    assert (assessed.stage, assessed.plan_due, assessed.overdue) == ("assessed", date(2026, 12, 7), ("plan",))
    submitted = case_state(
        FRIDAY,
        False,
        False,
        date(2026, 11, 23),
        "hazardous",
        RULES,
        date(2026, 12, 8),
        plan_submitted=date(2026, 12, 1),
    )
    assert submitted.overdue == ()
    approved = case_state(
        FRIDAY,
        False,
        False,
        date(2026, 11, 23),
        "hazardous",
        RULES,
        date(2027, 3, 9),
        plan_submitted=date(2026, 12, 1),
        plan_approved=date(2026, 12, 8),
    )
    assert (approved.stage, approved.plan_due, approved.overdue) == ("plan", date(2027, 3, 8), ("plan_review",))
    assert case_state(FRIDAY, False, True, None, None, RULES, date(2027, 1, 1)).stage == "closed"
    assert sorted([assessed, waiting, late], key=lambda s: s.urgency)[-1] is waiting


def test_rules_come_from_the_configuration():
    rules = CaseRules.from_config({"CASE_ASSESSMENT_WORKING_DAYS": 5})
    assert rules.assessment_working_days == 5 and rules.plan_working_days == 10


def test_services_then_monitoring_follow_from_referrals_and_visits():
    base = {
        "identified_on": FRIDAY,
        "danger": False,
        "closed": False,
        "assessed_on": date(2026, 11, 23),
        "labour_category": "hazardous",
        "rules": RULES,
        "today": date(2027, 1, 10),
        "plan_submitted": date(2026, 11, 30),
        "plan_approved": date(2026, 12, 1),
    }
    assert case_state(**base).stage == "plan"
    assert case_state(**base, service_started=date(2026, 12, 5)).stage == "services"
    assert case_state(**base, service_started=date(2026, 12, 5), last_visit=date(2027, 1, 5)).stage == "monitoring"
    assert case_state(**base, service_started=date(2026, 12, 5), last_visit=date(2026, 12, 1)).stage == "services"


def test_public_holidays_are_not_working_days():
    # Independence Day (Monday 31.08.2026): three working days from Friday 28.08 end on Thursday.
    assert add_working_days(date(2026, 8, 28), 3) == date(2026, 9, 3)
    # The Labour Code of 2025: the New Year holidays (1-6 January) and Christmas (7 January) are off...
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 8)
    # ... the May holidays (1-9 May) too...
    assert add_working_days(date(2027, 4, 30), 1) == date(2027, 5, 10)
    # ... while 23 February and the Days of History (7-8 November) are working days, with no day in
    # place of a holiday on a weekend.
    assert add_working_days(date(2027, 2, 22), 1) == date(2027, 2, 23)
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)


def test_the_movable_feasts_are_known_for_the_years_ahead():
    # Orozo Ait 2028 falls on Saturday 26.02.2028 and Kurman Ait on Constitution Day, 5.05.2028; in
    # 2029 they are on Wednesday 14.02 and Tuesday 24.04 (estimated from the lunar calendar).
    assert not CaseRules().calendar.is_working_day(date(2028, 2, 26))
    assert add_working_days(date(2028, 5, 4), 1) == date(2028, 5, 10)  # May holidays to 9 May
    assert add_working_days(date(2029, 2, 13), 1) == date(2029, 2, 15)
    assert add_working_days(date(2029, 4, 23), 1) == date(2029, 4, 25)
    assert add_working_days(date(2030, 2, 1), 1) == date(2030, 2, 5)  # Orozo Ait, Monday 4.02.2030


def test_the_configured_holidays_replace_the_estimates_and_the_fixed_list():
    # Kurman Ait 2026 (27.05) moved by the configuration: that year's feasts are the configured dates.
    assert add_working_days(date(2026, 5, 26), 1) == date(2026, 5, 28)
    rules = CaseRules.from_config({"PUBLIC_HOLIDAY_DATES": ["26.05.2026"]})
    assert add_working_days(date(2026, 5, 25), 1, rules) == date(2026, 5, 27)
    assert assessment_due(date(2026, 12, 29), False, rules) == date(2027, 1, 8)  # New Year holidays
    # Another year keeps the estimated feasts; an announced date replaces that year's estimate.
    assert add_working_days(date(2029, 2, 13), 1, rules) == date(2029, 2, 15)
    announced = CaseRules.from_config({"PUBLIC_HOLIDAY_DATES": ["28.02.2028", "04.09.2028"]})
    assert add_working_days(date(2028, 2, 25), 1, announced) == date(2028, 2, 29)
    assert add_working_days(date(2028, 9, 1), 1, announced) == date(2028, 9, 5)
    assert add_working_days(date(2028, 5, 4), 1, announced) == date(2028, 5, 10)
    # PUBLIC_HOLIDAYS replaces the Labour Code's fixed days; the feasts stay.
    fixed = CaseRules.from_config({"PUBLIC_HOLIDAYS": ["01.01", "23.02"]})
    assert add_working_days(date(2026, 12, 31), 1, fixed) == date(2027, 1, 4)
    assert add_working_days(date(2027, 2, 22), 1, fixed) == date(2027, 2, 24)
    assert add_working_days(date(2029, 2, 13), 1, fixed) == date(2029, 2, 15)


def test_risk_levels_and_visit_months_follow_the_configuration():
    assert RULES.risk_level("hazardous") == "high" and RULES.risk_level("at_risk") == "low"
    assert RULES.risk_level("at_risk", danger=True) == "high"
    rules = CaseRules.from_config(
        {
            "CASE_RISK_LEVELS": {"at_risk": "medium"},
            "CASE_DANGER_RISK": "medium",
            "CASE_VISIT_MONTHS": {"high": [1, 2, 3, 6]},
        }
    )
    assert rules.risk_level("at_risk") == "medium" and rules.risk_level("no_issue", danger=True) == "medium"
    assert rules.risk_level("worst_form", danger=True) == "high"
    assert rules.months_for("high") == (1, 2, 3, 6) and rules.months_for("low") == (1, 3, 6)
    state = case_state(FRIDAY, False, False, None, "at_risk", rules, FRIDAY)
    assert state.risk == "medium"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"CASE_RISK_LEVELS": {"at_risk": "severe"}}, "Unknown risk level(s) severe"),
        ({"CASE_VISIT_MONTHS": {"low": [6, 3]}}, "Visit months must be increasing"),
        ({"CASE_PLAN_WORKING_DAYS": "ten"}, "whole numbers"),
        ({"PUBLIC_HOLIDAYS": ["31.04"]}, "Public holidays are written dd.mm"),
    ],
)
def test_a_wrong_rule_is_refused_with_a_readable_message(settings, message):
    from monitor.cases.deadlines import RulesError

    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        CaseRules.from_config(settings)


def test_the_application_does_not_start_with_a_wrong_rule():
    from monitor import create_app
    from monitor.cases.deadlines import RulesError

    with pytest.raises(RulesError):
        create_app("testing", {"CASE_DANGER_RISK": "urgent", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
