from datetime import date

import pytest

from monitor.referrals.lifecycle import InvalidTransition, check_transition, is_overdue


@pytest.mark.parametrize(
    "current, target",
    [
        ("proposed", "sent"),
        ("sent", "accepted"),
        ("sent", "declined"),
        ("accepted", "in_service"),
        ("in_service", "completed"),
        ("in_service", "dropped_out"),
        ("accepted", "dropped_out"),
    ],
)
def test_steps_in_order(current, target):
    check_transition(current, target, consent_given=True, override=False, reason="full")


@pytest.mark.parametrize(
    "current, target",
    [
        ("proposed", "accepted"),
        ("sent", "completed"),
        ("completed", "sent"),
        ("declined", "accepted"),
        ("proposed", "in_service"),
    ],
)
def test_steps_out_of_order_are_refused(current, target):
    with pytest.raises(InvalidTransition) as error:
        check_transition(current, target, True, False, "")
    assert error.value.code == "out_of_order"


def test_sending_needs_consent_or_an_override_and_a_decline_needs_a_reason():
    with pytest.raises(InvalidTransition, match="consent_required"):
        check_transition("proposed", "sent", consent_given=False, override=False, reason="")
    check_transition("proposed", "sent", consent_given=False, override=True, reason="")
    with pytest.raises(InvalidTransition, match="reason_required"):
        check_transition("sent", "declined", True, False, " ")


def test_no_answer_after_ten_days_is_overdue():
    assert not is_overdue("sent", date(2026, 11, 1), date(2026, 11, 11), 10)
    assert is_overdue("sent", date(2026, 11, 1), date(2026, 11, 12), 10)
    assert not is_overdue("accepted", date(2026, 11, 1), date(2026, 12, 12), 10)


def test_continuous_months_of_attendance():
    from monitor.referrals.lifecycle import months_attending

    months = [(date(2026, 9, 1), 20, 18), (date(2026, 10, 1), 22, 17), (date(2026, 11, 1), 20, 16)]
    assert months_attending(months) == 3
    assert months_attending(months[:2] + [(date(2026, 11, 1), 20, 10)]) == 0  # the latest month too low
    assert months_attending([months[0], months[2]]) == 1  # October missing breaks it
    assert months_attending([(date(2026, 1, 1), 10, 10), (date(2025, 12, 1), 10, 10)]) == 2  # across the year
