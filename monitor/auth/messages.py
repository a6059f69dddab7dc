"""User-facing texts for the password policy codes and for throttled sign-ins."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from monitor.auth.throttle import Refusal
from monitor.core.i18n import format_datetime

PASSWORD_PROBLEMS = {
    "too_short": _l("Use at least 12 characters."),
    "too_long": _l("Use at most 128 characters."),
    "is_username": _l("The password must not be your user name."),
    "too_common": _l("This password is too common or too easy to guess."),
}


def password_messages(codes: list[str]) -> list[str]:
    return [str(PASSWORD_PROBLEMS[code]) for code in codes]


THROTTLE_MESSAGES = {
    "address": _l("Too many failed sign-ins from your address. Try again after %(time)s."),
    "global": _l("Many failed sign-ins are being made right now. Please wait and try again after %(time)s."),
    "account": _l("Too many failed attempts for this user name. Try again after %(time)s."),
}


def throttle_message(refused: Refusal) -> str:
    """Why the attempt was refused and when to try again (the minute shown is never too early)."""
    return str(THROTTLE_MESSAGES[refused.reason]) % {"time": format_datetime(_next_minute(refused.retry_at))}


def _next_minute(moment: datetime) -> datetime:
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)
