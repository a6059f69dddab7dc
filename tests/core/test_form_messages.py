"""WTForms' own messages ("This field is required.", number ranges, lengths) in the user's language:
WTForms has no Kyrgyz catalog, so they came out in English on Kyrgyz and Russian forms."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from monitor.core.forms import Form
from tests.conftest import csrf_token


@pytest.mark.parametrize(
    "language, required",
    [("ky", "Бул талааны толтуруңуз."), ("ru", "Заполните это поле."), ("en", "This field is required.")],
)
def test_an_empty_required_field_is_named_in_the_users_language(client, database, language, required):
    page = client.get("/login", headers={"Accept-Language": language}).get_data(as_text=True)
    answer = client.post(
        "/login",
        data={"username": "", "password": "", "csrf_token": csrf_token(page)},
        headers={"Accept-Language": language},
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and required in text
    if language != "en":
        assert "This field is required." not in text


class _Sample(Form):
    age = IntegerField(validators=[NumberRange(min=5, max=17)])
    name = StringField(validators=[Length(max=3)])
    code = StringField(validators=[DataRequired()])


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ky", ["Сан 5 жана 17 ортосунда болушу керек.", "3 белгиден ашпашы керек.", "Бул талааны толтуруңуз."]),
        ("ru", ["Число должно быть от 5 до 17.", "Не больше 3 символов.", "Заполните это поле."]),
    ],
)
def test_ranges_and_lengths_are_translated_with_their_numbers(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        form = _Sample(MultiDict({"age": "40", "name": "Айгерим", "code": ""}))
        assert not form.validate()
        assert [form.age.errors[0], form.name.errors[0], form.code.errors[0]] == expected
