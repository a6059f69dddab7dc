"""Reasons in plain words, in the user's language (the figures that are codes are named too)."""

from __future__ import annotations

from sqlalchemy import select

from monitor.assessments import labels
from monitor.assessments.models import Sector
from monitor.extensions import db
from monitor.registry.models import Criterion


def _names(language: str) -> dict[str, str]:
    sectors = {s.code: s.name(language) for s in db.session.scalars(select(Sector))}
    criteria = {c.code: f"{c.code} {c.name(language)}" for c in db.session.scalars(select(Criterion))}
    return sectors | criteria


def explain(reasons: list[dict], language: str) -> list[str]:
    """Sentences for stored reasons ({'code', 'figure', 'threshold'})."""
    names = _names(language)
    sentences = []
    for reason in reasons or []:
        figure = reason.get("figure") or ""
        named = (
            labels.HAZARDS.get(figure)
            or labels.WORST_FORMS.get(figure)
            or labels.SCHOOL.get(figure)
            or names.get(figure)
            or figure
        )
        template = labels.REASONS.get(reason["code"])
        if template is None:
            sentences.append(reason["code"])
            continue
        sentences.append(str(template) % {"figure": named, "threshold": reason.get("threshold") or ""})
    return sentences
