"""User-facing texts for the password policy codes."""
from flask_babel import lazy_gettext as _l

PASSWORD_PROBLEMS = {
    "too_short": _l("Use at least 12 characters."),
    "too_long": _l("Use at most 128 characters."),
    "is_username": _l("The password must not be your user name."),
    "too_common": _l("This password is too common or too easy to guess."),
}


def password_messages(codes: list[str]) -> list[str]:
    return [str(PASSWORD_PROBLEMS[code]) for code in codes]
