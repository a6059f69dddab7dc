"""The application's form classes (text rules) and small helpers shared by the modules' forms."""

from __future__ import annotations

from collections.abc import Iterable

import flask_wtf
import wtforms
from flask_babel import get_translations
from flask_babel import gettext as _
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from monitor.core.text import code_points, composed, hidden_characters, without_hidden


def choices(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


def _composed(value):
    return composed(value) if isinstance(value, str) else value


def _is_text(field_class) -> bool:
    return issubclass(field_class, StringField) and not issubclass(field_class, PasswordField)


class _AppCatalog:
    """What WTForms asks its own messages of ("This field is required."...): the app's catalogs in
    the user's language (the messages are listed in monitor/core/form_messages.py)."""

    def gettext(self, string: str) -> str:
        return str(get_translations().gettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return str(get_translations().ngettext(singular, plural, n))


APP_CATALOG = _AppCatalog()


class TextRules:
    """Every text field of the form (not passwords) is stored in NFC, and text holding invisible or
    text-direction characters is refused: the field comes back without them, to be checked. WTForms'
    own messages come from the app's catalogs, in the user's language."""

    class Meta:
        def get_translations(self, form):
            return APP_CATALOG

        def bind_field(self, form, unbound_field, options):
            if _is_text(unbound_field.field_class):
                filters = [_composed, *unbound_field.kwargs.get("filters", ())]
                return unbound_field.bind(form=form, **options, filters=filters)
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not _is_text(type(field)) or not isinstance(field.data, str):
                continue
            multiline = isinstance(field, TextAreaField)
            hidden = hidden_characters(field.data, multiline)
            if hidden:
                field.data = without_hidden(field.data, multiline)
                field.raw_data = [field.data]
                field.errors = [
                    *field.errors,
                    _(
                        "This text had invisible or text-direction characters (%(codes)s); "
                        "they have been taken out: check the text and save again.",
                        codes=code_points(hidden),
                    ),
                ]
                valid = False
        return valid


class Form(TextRules, wtforms.Form):
    """A form inside another (FormField), with the text rules."""


class FlaskForm(TextRules, flask_wtf.FlaskForm):
    """The application's form: CSRF-protected (Flask-WTF), with the text rules."""
