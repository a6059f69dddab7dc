"""WTForms' own messages, marked here so that `make extract-messages` puts them in the
app's catalogs: the forms (monitor/core/forms.py) ask the app's catalogs for them, in the user's
language. WTForms has no Kyrgyz catalog, and its Russian one is not the app's wording. The message
ids must stay exactly as the libraries write them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid email address."),
)

PLURAL_MESSAGES = (
    lazy_ngettext(
        "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1
    ),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1
    ),
    lazy_ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    lazy_ngettext(
        "'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1
    ),
)
