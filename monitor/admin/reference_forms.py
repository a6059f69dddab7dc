from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from monitor.core.forms import FlaskForm, choices

REFERENCE_ERRORS = {"code_taken": _l("Another entry already has this code.")}


class CriterionForm(FlaskForm):
    version = HiddenField()
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Regexp(r"^[A-Za-z][0-9]{2}$", message=_l("A letter and two digits, e.g. F10."))],
    )
    kind = SelectField(_l("Applies to"), choices=choices([("family", _l("Families")), ("child", _l("Children"))]))
    name_ky = StringField(_l("Name in Kyrgyz"), validators=[DataRequired(), Length(max=200)])
    name_ru = StringField(_l("Name in Russian"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    needs_text = BooleanField(_l('Asks for a free text ("other")'))
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))


class ErasureForm(FlaskForm):
    child_ref = StringField(
        _l("Number of the child (for example C-000123)"), validators=[DataRequired(), Length(max=20)]
    )
    reason = StringField(_l("Lawful request (reference and date)"), validators=[DataRequired(), Length(max=300)])
    include_family = BooleanField(_l("Also erase the household's adults, address and phones"))
    confirm = BooleanField(_l("I understand that this cannot be undone"), validators=[DataRequired()])
    submit = SubmitField(_l("Erase identifying data"))
