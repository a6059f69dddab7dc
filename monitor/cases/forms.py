from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from monitor.cases.labels import ACTION_STATUSES, SOURCES
from monitor.core.fields import DateDMYField
from monitor.core.forms import FlaskForm, Form, choices
from monitor.core.office import office_today
from monitor.core.params import row_id


class CaseForm(FlaskForm):
    source = SelectField(_l("Identified by"), choices=choices((s.value, label) for s, label in SOURCES.items()))
    identified_on = DateDMYField(_l("Date identified"), validators=[InputRequired()], default=office_today)
    place = StringField(_l("Where (e.g. Kara-Suu bazaar)"), validators=[Optional(), Length(max=200)])
    danger = BooleanField(_l("The child is in danger (assessment within 24 hours)"))
    assigned_to = SelectField(_l("Assigned to"), coerce=row_id, choices=[])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    submit = SubmitField(_l("Open the case"))


class AssignForm(FlaskForm):
    assigned_to = SelectField(_l("Assign to"), coerce=row_id, choices=[])
    submit = SubmitField(_l("Reassign"))


class ProposeClosureForm(FlaskForm):
    reason = SelectField(_l("Reason for closing"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Propose closure"))


class DecideClosureForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    approve = SubmitField(_l("Approve closure"))
    send_back = SubmitField(_l("Return to the worker"))


class ReopenForm(FlaskForm):
    submit = SubmitField(_l("Reopen the case"))


class PlanActionForm(Form):
    goal = StringField(_l("Goal"), validators=[Optional(), Length(max=300)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=300)])
    responsible = StringField(_l("Who"), validators=[Optional(), Length(max=200)])
    due_on = DateDMYField(_l("By when"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices(ACTION_STATUSES.items()), default="pending")


class PlanForm(FlaskForm):
    actions = FieldList(FormField(PlanActionForm), min_entries=1, max_entries=20)
    add_action = SubmitField(_l("Add a row"))
    submit = SubmitField(_l("Save and send for approval"))


class DecidePlanForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    approve = SubmitField(_l("Approve the plan"))
    send_back = SubmitField(_l("Return to the worker"))
