from datetime import date

import pytest

from monitor.cases.deadlines import CaseRules, add_working_days, assessment_due, plan_due
from monitor.cases.state import case_state

RULES = CaseRules()
FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize("start, days, expected", [
    (FRIDAY, 1, date(2026, 11, 23)), (FRIDAY, 3, date(2026, 11, 25)), (date(2026, 11, 23), 3, date(2026, 11, 26)),
    (date(2026, 11, 22), 1, date(2026, 11, 23)), (FRIDAY, 10, date(2026, 12, 4)),
])
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
    submitted = case_state(FRIDAY, False, False, date(2026, 11, 23), "hazardous", RULES, date(2026, 12, 8),
                           plan_submitted=date(2026, 12, 1))
    assert submitted.overdue == ()
    approved = case_state(FRIDAY, False, False, date(2026, 11, 23), "hazardous", RULES, date(2027, 3, 9),
                          plan_submitted=date(2026, 12, 1), plan_approved=date(2026, 12, 8))
    assert (approved.stage, approved.plan_due, approved.overdue) == ("plan", date(2027, 3, 8), ("plan_review",))
    assert case_state(FRIDAY, False, True, None, None, RULES, date(2027, 1, 1)).stage == "closed"
    assert sorted([assessed, waiting, late], key=lambda s: s.urgency)[-1] is waiting


def test_rules_come_from_the_configuration():
    rules = CaseRules.from_config({"CASE_ASSESSMENT_WORKING_DAYS": 5})
    assert rules.assessment_working_days == 5 and rules.plan_working_days == 10


def test_services_then_monitoring_follow_from_referrals_and_visits():
    base = dict(identified_on=FRIDAY, danger=False, closed=False, assessed_on=date(2026, 11, 23),
                labour_category="hazardous", rules=RULES, today=date(2027, 1, 10),
                plan_submitted=date(2026, 11, 30), plan_approved=date(2026, 12, 1))
    assert case_state(**base).stage == "plan"
    assert case_state(**base, service_started=date(2026, 12, 5)).stage == "services"
    assert case_state(**base, service_started=date(2026, 12, 5), last_visit=date(2027, 1, 5)).stage == "monitoring"
    assert case_state(**base, service_started=date(2026, 12, 5), last_visit=date(2026, 12, 1)).stage == "services"
