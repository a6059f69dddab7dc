"""Language choice and date formatting (dd.mm.yyyy in every language)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import current_app, request, session
from flask_babel import format_decimal
from flask_login import current_user

from monitor.core.dates import age_on
from monitor.core.office import office_zone

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The signed-in user's language, else the session's choice, else the browser's, else the default."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        if session.get("lang") != current_user.language:
            session["lang"] = current_user.language  # for the 503 page, drawn without the database
        return current_user.language
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def format_date(value: date | datetime | None) -> str:
    """dd.mm.yyyy; a timestamp is shown as the office's date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _office(value).date()
    return value.strftime("%d.%m.%Y")


def format_number(value: int | None) -> str:
    """A count with the digit grouping of the user's language (11 082 in Kyrgyz and Russian)."""
    return format_decimal(value or 0)


def format_datetime(value: datetime | None) -> str:
    """dd.mm.yyyy HH:MM in the office's time (Bishkek)."""
    if value is None:
        return ""
    return _office(value).strftime("%d.%m.%Y %H:%M")


def _office(value: datetime) -> datetime:
    # Timestamps come from the database aware (UTC); a naive one can only be UTC too.
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(office_zone())


def format_age(birth_date: date | None, on: date) -> str:
    """Completed years on `on` (the registry's rule for ages)."""
    return "" if birth_date is None else str(age_on(birth_date, on))
