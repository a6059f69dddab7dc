"""Command-line helpers for the commands that name an area."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from monitor.areas.models import Area
from monitor.extensions import db


def find_area(reference: str) -> Area:
    """An area named on the command line: its SOATE code or its name in any of the three languages."""
    area = db.session.scalar(
        select(Area).where(
            (Area.soate == reference)
            | (func.lower(Area.name_en) == reference.lower())
            | (func.lower(Area.name_ru) == reference.lower())
            | (func.lower(Area.name_ky) == reference.lower())
        )
    )
    if area is None:
        raise click.ClickException(f"There is no area {reference!r}: give a SOATE code or the name.")
    return area
