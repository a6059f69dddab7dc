"""Redirect targets: only paths of this application (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 1000  # no page of the application needs more; a longer one may not fit in the session cookie


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a local path such as /areas/3?x=1, else `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or len(target) > MAX_LENGTH:
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
