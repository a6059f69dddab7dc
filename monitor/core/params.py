"""What is typed into addresses and forms, kept within what the database can hold.

Every id column is a PostgreSQL `integer` (4 bytes; SQLite takes 8): a larger number in a URL or
a query parameter would overflow the query instead of finding nothing.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def row_id(value) -> int:
    """An id typed by someone (`request.args.get(name, type=row_id)`, `SelectField(coerce=row_id)`):
    a whole number from 0 ('none' in the filters) to MAX_ID, else ValueError (the value counts as
    not given, or as an invalid choice)."""
    if isinstance(value, bool):
        raise ValueError("not an id")
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError("id out of range")
    return number


def page_number() -> int:
    """The page of a list asked for in the query string (`?page=`), from 1 to 10,000."""
    return max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))


class IdConverter(IntegerConverter):
    """`<int:...>` in this application's routes: an id from 1 to MAX_ID, any other number is 404."""

    def __init__(
        self, map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_ID, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def refuse_nul_bytes() -> None:
    """before_request: a NUL character, which no one types and PostgreSQL's text cannot hold, makes
    the request a 400 before any of it reaches a query."""
    for values in (request.args, request.form):
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)
