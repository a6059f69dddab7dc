"""A referral's life (pure Python): which step may follow which, and when one is overdue."""

from __future__ import annotations

from datetime import date, timedelta

SERVICE_TYPES = (
    "remedial_class",
    "school_reenrolment",
    "vocational_training",
    "rehabilitation",
    "health",
    "psychosocial",
    "legal_aid",
    "civil_documents",
    "social_benefit",
    "livelihood_support",
    "day_care",
    "other",
)
STATUSES = ("proposed", "sent", "accepted", "declined", "in_service", "completed", "dropped_out")
NEXT = {
    "proposed": ("sent",),
    "sent": ("accepted", "declined"),
    "accepted": ("in_service", "dropped_out"),
    "in_service": ("completed", "dropped_out"),
}
# Steps that hold a seat at the provider (counted against its capacity).
HOLDS_A_SEAT = frozenset({"accepted", "in_service"})
# A service the child has received (for the "prevented" outcome).
SERVICE_RECEIVED = frozenset({"in_service", "completed"})


class InvalidTransition(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_transition(current: str, target: str, consent_given: bool, override: bool, reason: str) -> None:
    """Refuse a step out of order; sending needs the consent of a parent unless a supervisor overrides;
    a decline needs its reason."""
    if target not in NEXT.get(current, ()):
        raise InvalidTransition("out_of_order")
    if target == "sent" and not (consent_given or override):
        raise InvalidTransition("consent_required")
    if target == "declined" and not reason.strip():
        raise InvalidTransition("reason_required")


def is_overdue(status: str, sent_on: date | None, today: date, answer_days: int) -> bool:
    """A referral sent with no answer after `answer_days` days."""
    return status == "sent" and sent_on is not None and today > sent_on + timedelta(days=answer_days)


ATTENDING_SHARE = 0.75  # present on at least three class days out of four counts as attending that month


def months_attending(months: list[tuple[date, int, int]]) -> int:
    """Continuous months, up to the latest recorded, in which the child attended the class."""
    count, expected = 0, None
    for month, class_days, present in sorted(months, reverse=True):
        if expected is not None and month != expected:
            break
        if class_days <= 0 or present / class_days < ATTENDING_SHARE:
            break
        count += 1
        expected = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    return count
