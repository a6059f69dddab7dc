from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from monitor.auth.forms import LANGUAGE_CHOICES
from monitor.core.fields import MultiCheckboxField
from monitor.core.forms import FlaskForm, choices
from monitor.core.params import row_id
from monitor.core.roles import Role

USERNAME_CHARACTERS = r"[A-Za-z0-9._-]+"  # also the rule of `flask create-user`

ROLE_LABELS = {
    Role.SOCIAL_WORKER: _l("Social worker"),
    Role.SUPERVISOR: _l("Supervisor"),
    Role.ADMINISTRATOR: _l("Administrator"),
    Role.REPORTING_OFFICER: _l("Reporting officer"),
}

ACCOUNT_ERRORS = {
    "username_taken": _l("This user name is already taken."),
    "self_deactivate": _l("You cannot deactivate your own account."),
    "roles_required": _l("Choose at least one role."),
    "areas_required": _l("Social workers, supervisors and reporting officers need at least one area."),
}


class UserForm(FlaskForm):
    version = HiddenField()
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    roles = MultiCheckboxField(_l("Roles"), choices=choices((r.value, label) for r, label in ROLE_LABELS.items()))
    areas = SelectMultipleField(_l("Areas (each includes everything below it)"), coerce=row_id, choices=[])
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    submit = SubmitField(_l("Save"))


class UserCreateForm(UserForm):
    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(),
            Length(min=3, max=64),
            Regexp(rf"^{USERNAME_CHARACTERS}$", message=_l("Use Latin letters, digits, dot, dash or underscore.")),
        ],
    )
    password = PasswordField(_l("Password (leave empty to generate one)"), validators=[Optional(), Length(max=128)])


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
