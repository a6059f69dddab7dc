"""Form fields shared by modules."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from monitor.core.dates import EARLIEST_YEAR, LATEST_YEAR, parse_date
from monitor.core.office import office_today

DATE_PLACEHOLDER = _l("dd.mm.yyyy")
NOT_A_NUMBER = _l("Write a number, for example 12.5.")
DATE_ERRORS = {
    "date_format": _l("Write the date as dd.mm.yyyy, for example 05.09.2014."),
    "date_impossible": _l("This date does not exist."),
    "date_out_of_range": _l("Write a year between %(first)s and %(last)s.", first=EARLIEST_YEAR, last=LATEST_YEAR),
}


class NumberField(DecimalField):
    """A decimal number as a person types it. Decimal also reads 'NaN', 'sNaN', 'Infinity' and
    '1e999999', which no one means as hours or a threshold: they are not valid here (a signalling
    NaN makes every comparison raise; the others pass any range check or become infinite floats)."""

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, Decimal) and not (self.data.is_finite() and math.isfinite(float(self.data))):
            self.data = None
            raise ValueError(str(NOT_A_NUMBER))


class DateDMYField(StringField):
    """A date typed as dd.mm.yyyy (d.m.yy and yyyy-mm-dd are accepted too), shown as dd.mm.yyyy.

    A text input rather than type=date: phones then show the same dd.mm.yyyy everywhere, and
    offices type dates the way they write them.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", {}) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d.%m.%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        try:
            self.data = parse_date(text, today=office_today())
        except ValueError as error:
            self.data = None
            message = DATE_ERRORS.get(str(error), DATE_ERRORS["date_format"])
            raise ValueError(str(message)) from error


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
