"""Application logs never carry personal numbers, phone numbers or what was searched for."""

from __future__ import annotations

import logging
import re

_PATTERNS = (
    (re.compile(r"(?<!\d)[12]\d{13}(?!\d)"), "[pin]"),  # personal numbers
    (re.compile(r"(?<![\d+])(?:\+?996|0)\d{9}(?!\d)"), "[phone]"),  # phone numbers
    (re.compile(r"([?&](?:q|user)=)[^&\s\"]*"), r"\1[redacted]"),  # search texts in request lines
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    """Rewrites each record's message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(app_logger_names=("werkzeug", "monitor", "gunicorn.error", "gunicorn.access")) -> None:
    """Put the filter on every handler that writes the app's logs (root and named loggers)."""
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in app_logger_names]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactFilter) for f in handler.filters):
                handler.addFilter(RedactFilter())
