from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from monitor.core.fields import DateDMYField
from monitor.core.forms import FlaskForm, choices
from monitor.core.params import row_id
from monitor.extensions import db
from monitor.referrals import labels, services
from monitor.referrals.labels import SERVICE_TYPES
from monitor.referrals.models import ServiceProvider


class ReferForm(FlaskForm):
    service_type = SelectField(_l("Service"), choices=choices(SERVICE_TYPES.items()))
    provider = SelectField(_l("Provider"), coerce=row_id, choices=[])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    proposed_on = DateDMYField(_l("Proposed on (empty: today)"), validators=[Optional()])
    submit = SubmitField(_l("Refer"))


class StepForm(FlaskForm):
    target = HiddenField(validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=300)])
    override = BooleanField(_l("Send without consent (supervisor's decision, recorded)"))
    on = DateDMYField(_l("Date (empty: today)"), validators=[Optional()])
    submit = SubmitField(_l("Save"))


class ProviderForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    service_type = SelectField(_l("Service"), choices=choices(SERVICE_TYPES.items()))
    area_id = SelectField(_l("Area"), coerce=row_id, choices=[])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(
        _l("Places (leave empty when it does not apply)"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    active = BooleanField(_l("In use"), default=True)
    submit = SubmitField(_l("Save"))


class AttendanceForm(FlaskForm):
    month = DateDMYField(_l("Month (any day of it)"), validators=[InputRequired()])
    class_days = IntegerField(_l("Class days"), validators=[InputRequired(), NumberRange(min=0, max=31)])
    present_days = IntegerField(_l("Days present"), validators=[InputRequired(), NumberRange(min=0, max=31)])
    submit = SubmitField(_l("Record attendance"))


def provider_choices():
    """Active providers with the places they have left (shown when referring)."""
    providers = db.session.scalars(
        select(ServiceProvider)
        .where(ServiceProvider.active)
        .order_by(ServiceProvider.service_type, ServiceProvider.name)
    ).all()
    taken = services.seats_taken([p.id for p in providers])

    def label(p):
        left = (
            ""
            if p.capacity is None
            else " · " + _("%(left)s of %(total)s places free", left=p.capacity - taken.get(p.id, 0), total=p.capacity)
        )
        return f"{labels.SERVICE_TYPES[p.service_type]}: {p.name}{left}"

    return choices([(0, "—")] + [(p.id, label(p)) for p in providers])
