from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from monitor.areas.models import AreaKind
from monitor.core.forms import FlaskForm, choices
from monitor.core.params import row_id

KIND_LABELS = {
    AreaKind.REGION: _l("Region"),
    AreaKind.DISTRICT: _l("District"),
    AreaKind.CITY: _l("City"),
    AreaKind.TOWN: _l("Town"),
    AreaKind.AYIL_AIMAK: _l("Ayil aimak"),
    AreaKind.CITY_TERRITORY: _l("City territory"),
    AreaKind.VILLAGE: _l("Village"),
    AreaKind.NEIGHBOURHOOD: _l("Neighbourhood"),
}

AREA_ERRORS = {
    "soate_format": _l("A SOATE code has 14 digits."),
    "soate_taken": _l("Another area already has this SOATE code."),
    "kind_level": _l("This kind of area cannot be placed under the chosen parent."),
    "parent_retired": _l("The parent area is retired."),
    "already_retired": _l("This area is already retired."),
    "merge_target": _l("Choose another active area to merge into."),
    "active_children": _l("Retire or move the areas below it first."),
}


class AreaNamesForm(FlaskForm):
    version = HiddenField()
    soate = StringField(
        _l("SOATE code"), validators=[Optional(), Regexp(r"^\d{14}$", message=AREA_ERRORS["soate_format"])]
    )
    name_ky = StringField(_l("Name in Kyrgyz"), validators=[DataRequired(), Length(max=120)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Save"))


class AreaCreateForm(AreaNamesForm):
    kind = SelectField(_l("Kind"), choices=choices((kind.value, label) for kind, label in KIND_LABELS.items()))


class AreaRetireForm(FlaskForm):
    merged_into = SelectField(_l("Merged into (optional)"), coerce=row_id, choices=[])
    submit = SubmitField(_l("Retire area"))
