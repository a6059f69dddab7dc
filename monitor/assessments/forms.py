"""The assessment form: one per visit, with one row per kind of work."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from monitor.assessments import labels
from monitor.core.fields import DateDMYField, MultiCheckboxField, NumberField
from monitor.core.forms import FlaskForm, Form, choices
from monitor.core.office import office_today
from monitor.core.params import row_id

TRI_STATE = [("", _l("Not known")), ("yes", _l("Yes")), ("no", _l("No"))]
HOURS = [Optional(), NumberRange(min=0, max=168)]


def _hours(label):
    return NumberField(label, places=1, validators=HOURS, render_kw={"inputmode": "decimal"})


class ActivityForm(Form):
    sector = SelectField(_l("Sector and activity"), coerce=row_id, choices=[])
    prohibited_work = SelectField(_l("On the national list of work prohibited under 18"), coerce=row_id, choices=[])
    employer = SelectField(_l("For whom"), choices=choices(labels.EMPLOYERS.items()))
    paid = BooleanField(_l("Paid"))
    hours_last_7_days = _hours(_l("Hours in the last 7 days"))
    hours_unknown = BooleanField(_l("Don't know the hours"))
    usual_hours_per_week = _hours(_l("Usual hours per week"))
    days_per_week = IntegerField(_l("Days per week"), validators=[Optional(), NumberRange(min=0, max=7)])
    daily_hours = NumberField(
        _l("Hours on a school day"), places=1, validators=[Optional(), NumberRange(min=0, max=24)]
    )
    during_school_hours = BooleanField(_l("During school hours"))
    at_night = BooleanField(_l("At night (22:00-06:00)"))
    on_rest_days = BooleanField(_l("On rest days or holidays"))
    overtime = BooleanField(_l("Overtime"))
    adult_venue = BooleanField(_l("Where alcohol or tobacco is sold, gambling or night entertainment"))
    hazards = MultiCheckboxField(_l("Hazards"), choices=choices(labels.HAZARDS.items()))

    def is_blank(self) -> bool:
        return not self.sector.data

    def validate(self, extra_validators=None) -> bool:
        """Hours are given, or marked "don't know": an empty box is never read as zero."""
        valid = super().validate(extra_validators)
        if (
            self.sector.data
            and self.hours_last_7_days.data is None
            and not self.hours_unknown.data
            and self.usual_hours_per_week.data is None
        ):
            self.hours_last_7_days.errors = [*self.hours_last_7_days.errors, str(labels.ERRORS["hours_or_unknown"])]
            return False
        return valid


class AssessmentForm(FlaskForm):
    visit_date = DateDMYField(_l("Date of the visit"), validators=[InputRequired()], default=office_today)
    location = SelectField(_l("Where the child was found"), choices=choices(labels.LOCATIONS.items()))
    location_note = StringField(_l("Place (e.g. Kara-Suu bazaar)"), validators=[Optional(), Length(max=200)])
    activities = FieldList(FormField(ActivityForm), min_entries=1, max_entries=8)
    add_activity = SubmitField(_l("Add another kind of work"))
    worst_forms = MultiCheckboxField(_l("Worst forms of child labour"), choices=choices(labels.WORST_FORMS.items()))
    chores_hours = _hours(_l("Household chores in own home, hours in the last 7 days"))
    chores_unknown = BooleanField(_l("Don't know the chores hours"))
    school_attendance = SelectField(_l("School at the visit"), choices=choices(labels.SCHOOL.items()))
    school_year = BooleanField(_l("The visit is in the school year"), default=True)
    parental_consent_written = SelectField(_l("Written consent of a parent (14-17)"), choices=choices(TRI_STATE))
    light_work = SelectField(_l("Light work (14-17)"), choices=choices(TRI_STATE))
    contract = SelectField(_l("Contract (14-17)"), choices=choices(TRI_STATE))
    medical_check = SelectField(_l("Medical check (14-17)"), choices=choices(TRI_STATE))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Save and classify"))


class ThresholdsForm(FlaskForm):
    """A new version of the thresholds; one number and one legal basis per value (added at runtime)."""

    version = StringField(_l("Version name"), validators=[InputRequired(), Length(max=40)])
    effective_from = DateDMYField(_l("In force from"), validators=[InputRequired()])
    submit = SubmitField(_l("Add this version"))
