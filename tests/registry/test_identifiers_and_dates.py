"""Personal numbers, phone numbers, ages and the date formats offices write."""

from datetime import date

import pytest

from monitor.core.dates import age_band, age_on, parse_date
from monitor.registry.identity import InvalidIdentifier, normalize_phone, parse_pin, pin_conflicts


@pytest.mark.parametrize(
    "text, sex, born",
    [
        ("21203201412345", "M", date(2014, 3, 12)),
        ("1 0501 2010 00123", "F", date(2010, 1, 5)),
    ],
)
def test_valid_personal_numbers(text, sex, born):
    info = parse_pin(text)
    assert (info.sex, info.birth_date, len(info.pin)) == (sex, born, 14)


@pytest.mark.parametrize(
    "text, code",
    [
        ("2120320141234", "pin_length"),
        ("212032014123456", "pin_length"),
        ("2120320141234A", "pin_digits"),
        ("31203201412345", "pin_sex_digit"),
        ("23102199012345", "pin_birth_date"),
        ("", "pin_digits"),
        # Digits of other scripts: stored as typed, the same number would pass as another (the number is unique).
        ("2120320141234²", "pin_digits"),
        ("٢١٢٠٣٢٠١٤١٢٣٤٥", "pin_digits"),
        ("２１２０３２０１４１２３４５", "pin_digits"),
    ],
)
def test_malformed_personal_numbers(text, code):
    with pytest.raises(InvalidIdentifier) as error:
        parse_pin(text)
    assert error.value.code == code


def test_personal_number_checked_against_the_record():
    info = parse_pin("21203201412345")
    assert pin_conflicts(info, "M", date(2014, 3, 12)) == []
    assert pin_conflicts(info, "F", date(2014, 3, 13)) == ["pin_sex", "pin_birth_date_mismatch"]


@pytest.mark.parametrize(
    "text", ["+996 555 12 34 56", "0555123456", "996555123456", "555 123 456", "(0555) 12-34-56", "+996555123456"]
)
def test_phone_numbers_as_people_type_them(text):
    assert normalize_phone(text) == "+996555123456"


def test_osh_landline():
    assert normalize_phone("03222 55555") == "+996322255555"


@pytest.mark.parametrize(
    "text",
    ["12345", "+7 912 345 67 89", "0555 12 34 5a", "0155123456", "05551234567", "٠٥٥٥١٢٣٤٥٦", "０５５５１２３４５６"],
)
def test_bad_phone_numbers(text):
    with pytest.raises(InvalidIdentifier):
        normalize_phone(text)


@pytest.mark.parametrize(
    "born, on, age",
    [
        (date(2012, 5, 10), date(2026, 5, 9), 13),
        (date(2012, 5, 10), date(2026, 5, 10), 14),
        (date(2012, 2, 29), date(2026, 2, 28), 13),
        (date(2012, 2, 29), date(2026, 3, 1), 14),
        (date(2012, 2, 29), date(2028, 2, 29), 16),
    ],
)
def test_age_in_completed_years(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    "age, band",
    [(4, None), (5, "5-11"), (11, "5-11"), (12, "12-14"), (14, "12-14"), (15, "15-17"), (17, "15-17"), (18, None)],
)
def test_age_bands(age, band):
    assert age_band(age) == band


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05.09.2014", date(2014, 9, 5)),
        ("5.9.14", date(2014, 9, 5)),
        ("2014-09-05", date(2014, 9, 5)),
        ("05/09/2014", date(2014, 9, 5)),
        ("43831", date(2020, 1, 1)),
        (43831, date(2020, 1, 1)),
        ("2014-09-05 00:00:00", date(2014, 9, 5)),
        ("1.1.30", date(1930, 1, 1)),
        ("1.1.26", date(2026, 1, 1)),
    ],
)
def test_dates_as_offices_write_them(text, expected):
    assert parse_date(text, today=date(2026, 11, 24), excel_serials=True) == expected


@pytest.mark.parametrize(
    "text, expected", [("14052013", date(2013, 5, 14)), ("140513", date(2013, 5, 14)), ("05.09.2014", date(2014, 9, 5))]
)
def test_a_date_typed_on_a_phones_number_pad_is_read_day_month_year(text, expected):
    assert parse_date(text, today=date(2026, 11, 24)) == expected


@pytest.mark.parametrize("typed", ["43000", "43000.0", 43000, 43000.0])
def test_a_number_typed_in_a_form_is_never_taken_for_an_excel_date(typed):
    with pytest.raises(ValueError, match=r"^date_format$"):
        parse_date(typed, today=date(2026, 11, 24))


@pytest.mark.parametrize(
    "text, code",
    [
        ("31.02.2014", "date_impossible"),
        ("2014", "date_format"),
        ("вчера", "date_format"),
        ("12-13", "date_format"),
        ("", "date_format"),
    ],
)
def test_bad_dates(text, code):
    with pytest.raises(ValueError, match=f"^{code}$"):
        parse_date(text, today=date(2026, 11, 24))
