"""Editable reference lists of the assessment (sectors, the national list of prohibited work)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp

from monitor.assessments.models import ProhibitedWork, Sector
from monitor.audit.services import record_event
from monitor.core.forms import FlaskForm
from monitor.extensions import db

CODE = [InputRequired(), Regexp(r"^[a-z0-9_]{2,40}$", message=_l("Lower-case Latin letters, digits and _."))]


class _NamesForm(FlaskForm):
    version = HiddenField()
    code = StringField(_l("Code"), validators=CODE)
    name_ky = StringField(_l("Name in Kyrgyz"), validators=[InputRequired(), Length(max=300)])
    name_ru = StringField(_l("Name in Russian"), validators=[InputRequired(), Length(max=300)])
    name_en = StringField(_l("Name in English"), validators=[InputRequired(), Length(max=300)])


class SectorForm(_NamesForm):
    group = StringField(_l("Group (agriculture, bazaar, services...)"), validators=[InputRequired(), Length(max=30)])
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))


class ProhibitedWorkForm(_NamesForm):
    legal_basis = StringField(_l("Legal basis"), validators=[InputRequired(), Length(max=300)])
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))


@dataclass(frozen=True)
class ReferenceList:
    model: type
    form: type
    title: object
    fields: tuple[str, ...]


LISTS = {
    "sectors": ReferenceList(
        Sector, SectorForm, _l("Sectors of work"), ("code", "group", "name_ky", "name_ru", "name_en", "active")
    ),
    "prohibited-work": ReferenceList(
        ProhibitedWork,
        ProhibitedWorkForm,
        _l("Work prohibited under 18"),
        ("code", "name_ky", "name_ru", "name_en", "legal_basis", "active"),
    ),
}


class CodeTaken(ValueError):
    pass


def rows(kind: str) -> list:
    model = LISTS[kind].model
    return list(db.session.scalars(select(model).order_by(model.code)))


def save(kind: str, obj, values: dict, actor):
    """Create (obj None) or change an entry; codes stay unique; the change is audited."""
    spec = LISTS[kind]
    clash = db.session.scalar(select(spec.model.id).where(spec.model.code == values["code"]))
    if clash is not None and (obj is None or clash != obj.id):
        raise CodeTaken(values["code"])
    created = obj is None
    obj = obj or spec.model()
    before = {name: getattr(obj, name, None) for name in spec.fields}
    for name in spec.fields:
        value = values[name]
        setattr(obj, name, value.strip() if isinstance(value, str) else bool(value))
    db.session.add(obj)
    db.session.flush()
    changes = {n: [before[n], getattr(obj, n)] for n in spec.fields if before[n] != getattr(obj, n)}
    record_event(
        f"{spec.model.__tablename__}_{'created' if created else 'changed'}", user=actor, obj=obj, changes=changes
    )
    return obj
