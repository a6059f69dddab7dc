from datetime import date

from monitor.cases.schedule import add_months, due_dates, plan_visits

BORN = date(2012, 5, 10)
ANCHOR = date(2026, 1, 31)


def test_months_are_added_at_month_ends_safely():
    assert add_months(ANCHOR, 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)


def test_one_three_and_six_months_then_yearly_until_eighteen_after_closure():
    assert due_dates(ANCHOR, BORN, None) == [date(2026, 2, 28), date(2026, 4, 30), date(2026, 7, 31)]
    closed = due_dates(ANCHOR, BORN, date(2026, 8, 15))
    assert closed[3:] == [date(2027, 8, 15), date(2028, 8, 15), date(2029, 8, 15)]  # turns 18 in May 2030


def test_visits_are_done_due_or_missed():
    visits = plan_visits(ANCHOR, BORN, None, [date(2026, 3, 5)], today=date(2026, 5, 25))
    assert [(v.due, v.state) for v in visits] == [
        (date(2026, 2, 28), "done"),
        (date(2026, 4, 30), "missed"),
        (date(2026, 7, 31), "planned"),
    ]
    soon = plan_visits(ANCHOR, BORN, None, [], today=date(2026, 2, 24))
    assert soon[0].state == "due_soon"
    assert plan_visits(None, BORN, None, [], date(2026, 1, 1)) == []


def test_a_risk_level_can_have_its_own_visit_months():
    visits = plan_visits(ANCHOR, BORN, None, [], today=date(2026, 2, 1), months=(1, 2, 3, 6))
    assert [v.due for v in visits] == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 7, 31)]
