"""Names and free text are stored as Unicode NFC; invisible and text-direction characters are refused."""

import unicodedata

import pytest
from sqlalchemy import func, select

from monitor.extensions import db
from monitor.registry.models import Child, Family
from monitor.registry.names import fold
from tests.registry.conftest import family_form

AIGUL_TYPED = "Аи\u0306гул"  # и followed by the combining breve: what some keyboards send for й
ALYONA_TYPED = "Але\u0308на"  # е followed by the combining diaeresis


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# The last ones are Unicode's default-ignorable characters that are letters or marks, not format
# characters: the grapheme joiner, a Hangul filler (a blank letter), a variation selector.
@pytest.mark.parametrize(
    "character",
    ["\u202e", "\u2067", "\u200b", "\ufeff", "\u200f", "\u00ad", "\x07", "\u034f", "\u3164", "\ufe0f", "\U000e0041"],
)
def test_a_name_with_an_invisible_or_direction_character_is_refused_and_nothing_is_saved(
    app, login_as, places, register, character
):
    client = login_as("worker")
    child = {"surname": "Маматова", "given_name": f"Нур{character}зада", "birth_date": "12.03.2014"}
    response = register(client, family_form(places["savay"], [child]))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "invisible or text-direction characters" in html and f"U+{ord(character):04X}" in html
    assert 'value="Нурзада"' in html  # shown without them, to be checked and saved again
    assert _count(app, Family) == 0 and _count(app, Child) == 0


def test_free_text_with_a_direction_override_is_refused_too(app, login_as, places, register):
    client = login_as("worker")
    child = {
        "surname": "Маматова",
        "given_name": "Нурзада",
        "birth_date": "12.03.2014",
        "notes": "Работает на базаре \u202eхалб\u202c\nпо субботам",
    }
    html = register(client, family_form(places["savay"], [child])).get_data(as_text=True)
    assert "invisible or text-direction characters" in html and "U+202E, U+202C" in html
    assert "Работает на базаре халб\nпо субботам</textarea>" in html.replace("\r\n", "\n")
    assert _count(app, Child) == 0


def test_decomposed_letters_are_stored_composed(app, login_as, places, register):
    client = login_as("worker")
    child = {
        "surname": "Маматова",
        "given_name": AIGUL_TYPED,
        "birth_date": "12.03.2014",
        "notes": f"Сестра {ALYONA_TYPED}\r\nживёт рядом",
    }
    response = register(client, family_form(places["savay"], [child], notes=f"Бабушка {ALYONA_TYPED}"))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(select(Child)).one()
        assert stored.given_name == "Айгул" == unicodedata.normalize("NFC", AIGUL_TYPED)
        assert stored.notes.replace("\r\n", "\n") == "Сестра Алёна\nживёт рядом"
        assert db.session.scalars(select(Family)).one().notes == "Бабушка Алёна"


def test_a_name_typed_with_combining_marks_finds_the_stored_one(app, login_as, places, register):
    client = login_as("worker")
    child = {"surname": "Маматова", "given_name": "Алёна", "birth_date": "12.03.2014"}
    assert register(client, family_form(places["savay"], [child])).status_code == 302
    assert fold(ALYONA_TYPED) == fold("Алёна") and fold("Ａｌｅｎａ") == fold("Alena")
    html = client.get("/children", query_string={"q": ALYONA_TYPED}).get_data(as_text=True)
    assert "Алёна" in html and "Маматова" in html


def test_every_form_of_the_application_applies_the_text_rules(app):
    import flask_wtf
    import wtforms

    from monitor.core.forms import TextRules

    def everything(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from everything(sub)

    forms = {cls for cls in everything(wtforms.Form) if cls.__module__.startswith("monitor.")}
    assert len(forms) > 30
    assert [f"{cls.__module__}.{cls.__name__}" for cls in forms if not issubclass(cls, TextRules)] == []
    assert issubclass(flask_wtf.FlaskForm, wtforms.Form)
