"""Registering a household with its children in one sitting; checks; duplicate warnings."""

from sqlalchemy import func, select

from monitor.audit.models import AuditEvent
from monitor.extensions import db
from monitor.registry.models import Child, ChildFamilyLink, DistinctChildren, Family
from tests.registry.conftest import family_form

THREE = [
    {"surname": "Маматова", "given_name": "Нурзада", "birth_date": "12.03.2014", "sex": "F"},
    {
        "surname": "Маматов",
        "given_name": "Жоомарт",
        "birth_date": "05.09.2011",
        "sex": "M",
        "attendance": "not_attending",
        "non_attendance_reason": "Работает на базаре",
    },
    {"surname": "Маматов", "given_name": "Өмүрбек", "birth_date": "20.01.2017", "sex": "M"},
]


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_worker_registers_a_family_with_three_children(app, login_as, places, register, criteria):
    client = login_as("worker")
    children = [dict(THREE[0], criteria=[criteria["C03"]]), THREE[1], THREE[2]]
    response = register(
        client,
        family_form(
            places["savay"],
            children,
            criteria=[str(criteria["F01"]), str(criteria["F05"])],
            assistance=["low_income_benefit"],
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for name in ("Нурзада", "Жоомарт", "Өмүрбек", "Маматов Бакыт", "F01", "F05", "Savay"):
        assert name in page
    with app.app_context():
        family = db.session.scalars(select(Family)).one()
        assert family.phone == "+996555123456"
        assert [c.given_name for c in family.children] == ["Жоомарт", "Нурзада", "Өмүрбек"]
        assert family.children[1].criteria[0].criterion.code == "C03"
        assert db.session.scalar(select(func.count()).select_from(ChildFamilyLink)) == 3
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("%_created"))).all()
        assert actions.count("child_created") == 3 and "family_created" in actions


def test_add_child_and_add_adult_rows_keep_what_was_typed(login_as, places, register):
    client = login_as("worker")
    data = family_form(places["savay"], THREE[:1], add_child="1")
    html = register(client, data).get_data(as_text=True)
    assert 'name="children-1-surname"' in html
    assert 'value="Нурзада"' in html


def test_each_bad_value_gets_a_message_next_to_its_field_and_nothing_is_saved(app, login_as, places, register):
    client = login_as("worker")
    children = [
        {"surname": "Асанова", "given_name": "Айпери", "birth_date": "01.01.2099"},
        {"surname": "Асанов", "given_name": "Улан", "birth_date": "01.01.2001"},
        {"surname": "Асанов", "given_name": "Эмир", "birth_date": "01.01.2015", "pin": "2010120151234"},
        {"surname": "Асанов", "given_name": "Бектур", "birth_date": "31.02.2014"},
    ]
    response = register(client, family_form(places["savay"], children))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The date of birth is in the future." in html
    assert "This person is 18 or older" in html
    assert "A personal number has exactly 14 digits." in html
    assert "This date does not exist." in html
    assert _count(app, Family) == 0 and _count(app, Child) == 0


def test_a_bad_phone_is_refused_with_a_clear_message(app, login_as, places, register):
    client = login_as("worker")
    html = register(client, family_form(places["savay"], THREE[:1], phone="12345")).get_data(as_text=True)
    assert "Write a Kyrgyz phone number" in html
    assert _count(app, Family) == 0


def test_registering_a_child_again_in_latin_warns_of_the_duplicate(app, login_as, places, register):
    client = login_as("worker")
    assert register(client, family_form(places["savay"], THREE)).status_code == 302
    again = [{"surname": "Mamatova", "given_name": "Nurzada", "birth_date": "12.03.2014", "sex": "F"}]
    response = register(client, family_form(places["savay"], again))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "may already be registered" in html and "Маматова Нурзада" in html
    assert _count(app, Family) == 1
    # The worker checks and confirms it is a different child: saved, and the decision recorded.
    confirmed = family_form(places["savay"], [dict(again[0], confirm_distinct="y")])
    assert register(client, confirmed).status_code == 302
    with app.app_context():
        decision = db.session.scalars(select(DistinctChildren)).one()
        assert db.session.get(Child, decision.other_child_id).given_name == "Нурзада"
        assert decision.score >= 0.7


def test_no_warning_for_a_different_child(app, login_as, places, register):
    client = login_as("worker")
    register(client, family_form(places["savay"], THREE))
    other = [{"surname": "Юсупова", "given_name": "Шахноза", "birth_date": "02.02.2012"}]
    response = register(client, family_form(places["mady"], other))
    assert response.status_code == 302
    assert "may already be registered" not in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _count(app, Family) == 2
    with app.app_context():
        assert db.session.scalar(select(Child.id).where(Child.given_name == "Шахноза")) is not None
        assert db.session.scalars(select(DistinctChildren)).all() == []


def test_a_worker_cannot_register_in_an_area_not_assigned_to_them(app, login_as, places, register):
    client = login_as("worker")
    response = register(client, family_form(places["amir_timur"], THREE[:1]))
    assert response.status_code == 200
    assert _count(app, Family) == 0
