"""Registry forms: a household with its adults and children, registered in one sitting."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from monitor.core.fields import DateDMYField, MultiCheckboxField
from monitor.core.forms import FlaskForm, Form, choices
from monitor.core.params import row_id
from monitor.registry import labels
from monitor.registry.models.enums import Attendance, Consent

MAX_ROWS = 15
BLANK = [("", "—")]


def _select(mapping, blank=False, **kwargs):
    pairs = (BLANK if blank else []) + [(key.value, label) for key, label in mapping.items()]
    if blank:
        kwargs.setdefault("default", "")
    return SelectField(choices=choices(pairs), coerce=enum_value, **kwargs)


def enum_value(value) -> str:
    """A stored enum member and a posted string compare as the same choice."""
    return "" if value is None else str(getattr(value, "value", value))


class MemberFields:
    surname = StringField(_l("Surname"), validators=[Optional(), Length(max=100)])
    given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=100)])
    patronymic = StringField(_l("Patronymic"), validators=[Optional(), Length(max=100)])
    relation = _select(labels.RELATION, label=_l("Relation to the children"))
    birth_date = DateDMYField(_l("Date of birth"), validators=[Optional()])
    is_head = BooleanField(_l("Head of household"))
    is_caregiver = BooleanField(_l("The children live with this person"))
    abroad = BooleanField(_l("Abroad as a labour migrant"))
    abroad_country = StringField(_l("Country"), validators=[Optional(), Length(max=60)])
    abroad_since = DateDMYField(_l("Abroad since"), validators=[Optional()])
    employment = _select(labels.EMPLOYMENT, label=_l("Employment"), default="unknown")
    disability = BooleanField(_l("Disability"))

    def is_blank(self) -> bool:
        return not (self.surname.data or "").strip() and not (self.given_name.data or "").strip()


class MemberForm(MemberFields, Form):
    pass


class ChildFields:
    surname = StringField(_l("Surname"), validators=[DataRequired(), Length(max=100)])
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=100)])
    patronymic = StringField(_l("Patronymic"), validators=[Optional(), Length(max=100)])
    sex = _select(labels.SEX, label=_l("Sex"))
    birth_date = DateDMYField(_l("Date of birth"), validators=[InputRequired()])
    birth_date_estimated = BooleanField(_l("Only the year of birth is known (date estimated)"))
    pin = StringField(
        _l("Personal number (14 digits)"), validators=[Optional(), Length(max=20)], render_kw={"inputmode": "numeric"}
    )
    birth_certificate = BooleanField(_l("Has a birth certificate"), default=True)
    disability = BooleanField(_l("Disability"))
    living_arrangement = _select(labels.LIVING, label=_l("Lives"))
    school_enrolled = BooleanField(_l("Enrolled in school"), default=True)
    school_name = StringField(_l("School (name or number)"), validators=[Optional(), Length(max=120)])
    school_grade = IntegerField(_l("Grade"), validators=[Optional(), NumberRange(min=0, max=12)])
    attendance = _select(labels.ATTENDANCE, blank=True, label=_l("Attendance"))
    non_attendance_reason = StringField(_l("Reason for not attending"), validators=[Optional(), Length(max=300)])
    criteria = MultiCheckboxField(_l("Hardship criteria"), coerce=row_id, choices=[])
    other_criterion = StringField(_l("Other hardship (say what)"), validators=[Optional(), Length(max=300)])
    consent = _select(labels.CONSENT, label=_l("Consent to processing of personal data"), default="not_asked")
    consent_date = DateDMYField(_l("Date of consent"), validators=[Optional()])
    consent_by = StringField(_l("Given or refused by (parent or guardian)"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    restricted = BooleanField(_l("Sensitive case: only its worker and supervisors may open it"))
    confirm_distinct = BooleanField(_l("I have checked: this is a different child"))


class ChildForm(ChildFields, Form):
    pass


class FamilyFields:
    area_id = SelectField(_l("Village or neighbourhood"), coerce=row_id, choices=[])
    street = StringField(_l("Street"), validators=[Optional(), Length(max=200)])
    house = StringField(_l("House"), validators=[Optional(), Length(max=40)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)], render_kw={"inputmode": "tel"})
    phone_alt = StringField(_l("Second phone"), validators=[Optional(), Length(max=30)], render_kw={"inputmode": "tel"})
    criteria = MultiCheckboxField(_l("Family hardship criteria"), coerce=row_id, choices=[])
    assistance = MultiCheckboxField(
        _l("Social assistance received"), choices=choices((k.value, v) for k, v in labels.ASSISTANCE.items())
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    members = FieldList(FormField(MemberForm), min_entries=1, max_entries=MAX_ROWS)
    add_member = SubmitField(_l("Add another adult"))


class FamilyForm(FamilyFields, FlaskForm):
    version = HiddenField()
    submit = SubmitField(_l("Save"))


class FamilyRegistrationForm(FamilyFields, FlaskForm):
    children = FieldList(FormField(ChildForm), min_entries=1, max_entries=MAX_ROWS)
    add_child = SubmitField(_l("Add another child"))
    submit = SubmitField(_l("Register the family"))


class ChildEditForm(ChildFields, FlaskForm):
    version = HiddenField()
    submit = SubmitField(_l("Save"))


class MoveChildForm(FlaskForm):
    family_ref = StringField(_l("Number of the new family (for example F-000123)"), validators=[DataRequired()])
    submit = SubmitField(_l("Move the child"))


class MergeChildForm(FlaskForm):
    child_ref = StringField(
        _l("Number of the duplicate record to merge into this one (for example C-000123)"), validators=[DataRequired()]
    )
    submit = SubmitField(_l("Compare the two records"))


class ConfirmMergeForm(FlaskForm):
    """The supervisor's choice of the record kept, and the versions of both as they were shown."""

    keep = RadioField(_l("Record kept"), coerce=int, choices=[])
    version_a = HiddenField()
    version_b = HiddenField()
    submit = SubmitField(_l("Merge the two records"))

    def versions(self, first, second) -> dict[int, int | None]:
        return {first.id: _int(self.version_a.data), second.id: _int(self.version_b.data)}


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdecimal() and len(text) < 10 else None


class ChildFilterForm(Form):
    """GET filters of the children list (no CSRF: it changes nothing)."""

    q = StringField(_l("Name, personal number, phone or village"))
    area = SelectField(_l("Area"), coerce=row_id, choices=[], validate_choice=False)
    sex = _select(labels.SEX, blank=True, label=_l("Sex"))
    band = SelectField(_l("Age"), choices=choices(BLANK + [("5-11", "5-11"), ("12-14", "12-14"), ("15-17", "15-17")]))
    criterion = SelectField(_l("Criterion"), coerce=row_id, choices=[], validate_choice=False)
    attendance = _select(labels.ATTENDANCE, blank=True, label=_l("School attendance"))
    status = SelectField(_l("Child labour status"), choices=[], validate_choice=False)
    needs_action = BooleanField(_l("Needs action"))
    sort = SelectField(
        _l("Sort by"),
        choices=choices([("name", _l("Name")), ("birth_date", _l("Youngest first")), ("newest", _l("Newest records"))]),
    )


def parse_ref(text: str, prefix: str) -> int | None:
    """The id in a reference like F-000123 (the prefix and zeros are optional)."""
    cleaned = text.strip().upper().removeprefix(prefix).lstrip("-").strip()
    return int(cleaned) if cleaned.isdecimal() and len(cleaned) < 10 else None


ATTENDANCE_VALUES = {a.value for a in Attendance}
CONSENT_VALUES = {c.value for c in Consent}
