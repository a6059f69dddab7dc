from datetime import date, timedelta

import pytest

from monitor.cases.outcomes import Visit, compute_outcome

D = date(2026, 1, 10)


def v(days: int, category: str, school: str | None = "regular", age: int = 13) -> Visit:
    return Visit(D + timedelta(days=days), category, school, age)


@pytest.mark.parametrize(
    "visits, service, outcome, rule",
    [
        ([], False, "none", "no_visits"),
        ([v(0, "hazardous"), v(30, "no_issue"), v(121, "no_issue")], False, "withdrawn", "withdrawn_in_school"),
        ([v(0, "hazardous"), v(30, "no_issue"), v(119, "no_issue")], False, "none", "not_yet_three_months"),
        (
            [v(0, "hazardous"), v(30, "no_issue"), v(80, "no_issue", "not_attending"), v(130, "no_issue")],
            False,
            "none",
            "not_yet_three_months",
        ),
        ([v(0, "hazardous"), v(200, "hazardous")], False, "none", "still_in_child_labour"),
        (
            [v(0, "young_worker_violation", age=16), v(60, "lawful_monitor", age=16)],
            False,
            "protected",
            "violations_fixed",
        ),
        ([v(0, "at_risk"), v(90, "at_risk")], True, "prevented", "prevented_with_service"),
        ([v(0, "at_risk"), v(90, "no_issue")], False, "none", "no_service_recorded"),
        ([v(0, "no_issue")], False, "none", "no_child_labour_found"),
    ],
)
def test_outcomes_follow_the_visits(visits, service, outcome, rule):
    result = compute_outcome(visits, service)
    assert (result.outcome, result.rule) == (outcome, rule)
