"""Lists with filters and pagination, and search across scripts, all within the user's areas."""

import re

import pytest

from tests.registry.conftest import family_form

CHILDREN = [
    {"surname": "Маматова", "given_name": "Нурзада", "birth_date": "12.03.2016", "sex": "F"},
    {
        "surname": "Маматов",
        "given_name": "Жоомарт",
        "birth_date": "05.09.2011",
        "sex": "M",
        "attendance": "not_attending",
        "non_attendance_reason": "Работает",
    },
    {"surname": "Маматов", "given_name": "Өмүрбек", "birth_date": "20.01.2010", "sex": "M", "pin": "22001201012345"},
]


@pytest.fixture
def caseload(login_as, places, register):
    client = login_as("worker")
    assert register(client, family_form(places["savay"], CHILDREN)).status_code == 302
    assert (
        register(
            client,
            family_form(
                places["mady"],
                [{"surname": "Юсупова", "given_name": "Шахноза", "birth_date": "02.02.2013", "sex": "F"}],
                phone="+996 700 11 22 33",
            ),
        ).status_code
        == 302
    )
    return client


def _names(html: str) -> list[str]:
    return re.findall(r'/children/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Нурзада", "Маматова Нурзада"),
        ("Nurzada", "Маматова Нурзада"),
        ("Нурзода", "Маматова Нурзада"),  # misspelled
        ("Nurzda Mamatova", "Маматова Нурзада"),  # misspelled, Latin, two words
        ("Zhoomart", "Маматов Жоомарт"),
        ("Joomart", "Маматов Жоомарт"),
        ("Омурбек", "Маматов Өмүрбек"),  # Russian look-alike letters for Ө, Ү
        ("Omurbek", "Маматов Өмүрбек"),
        ("Shahnoza", "Юсупова Шахноза"),
        ("22001201012345", "Маматов Өмүрбек"),  # personal number
        ("0700 112 233", "Юсупова Шахноза"),  # a family phone, typed differently
    ],
)
def test_search_finds_children_across_scripts_and_spellings(caseload, query, expected):
    html = caseload.get("/children", query_string={"q": query}).get_data(as_text=True)
    names = _names(html)
    assert names and names[0].startswith(expected), (query, names)


def test_search_by_village_name(caseload):
    names = _names(caseload.get("/children", query_string={"q": "Savay"}).get_data(as_text=True))
    assert sorted(n.split()[1] for n in names) == ["Жоомарт", "Нурзада", "Өмүрбек"]


def test_nothing_found_for_an_unrelated_name(caseload):
    assert _names(caseload.get("/children", query_string={"q": "Бакыт"}).get_data(as_text=True)) == []


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, ["Жоомарт", "Нурзада", "Шахноза", "Өмүрбек"]),
        ({"sex": "F"}, ["Нурзада", "Шахноза"]),
        ({"band": "5-11"}, ["Нурзада"]),
        ({"band": "12-14"}, ["Шахноза"]),
        ({"band": "15-17"}, ["Жоомарт", "Өмүрбек"]),
        ({"attendance": "not_attending"}, ["Жоомарт"]),
    ],
)
def test_children_list_filters(caseload, filters, expected, monkeypatch):
    from datetime import date

    import monitor.pages.registry_routes as routes

    monkeypatch.setattr(routes, "office_today", lambda: date(2026, 11, 24))
    html = caseload.get("/children", query_string=filters).get_data(as_text=True)
    assert sorted(n.split()[1] for n in _names(html)) == sorted(expected)


def test_area_filter_and_criterion_filter(caseload, places, criteria, login_as):
    html = caseload.get("/children", query_string={"area": places["mady"]}).get_data(as_text=True)
    assert [n.split()[1] for n in _names(html)] == ["Шахноза"]


def test_pagination_shows_a_next_page(app, caseload):
    app.config["PAGE_SIZE"] = 3
    try:
        first = caseload.get("/children").get_data(as_text=True)
        second = caseload.get("/children", query_string={"page": 2}).get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = 50
    assert len(_names(first)) == 3 and 'rel="next"' in first and 'rel="prev"' not in first
    assert len(_names(second)) == 1 and 'rel="prev"' in second and 'rel="next"' not in second
    assert set(_names(first)).isdisjoint(_names(second))


def test_families_list_counts_children(caseload):
    html = caseload.get("/families").get_data(as_text=True)
    assert "Маматов Бакыт" in html and "<td>3</td>" in html


def _selects(app, client, url: str) -> int:
    from sqlalchemy import event

    from monitor.extensions import db

    statements = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def test_list_pages_do_not_query_per_row(app, caseload, places, register):
    before = {url: _selects(app, caseload, url) for url in ("/children", "/families")}
    for index in range(3):
        register(
            caseload,
            family_form(
                places["mady"],
                [
                    {"surname": "Каримов", "given_name": f"Бобур{'а' * index}", "birth_date": "01.01.2012", "sex": "M"},
                    {"surname": "Каримова", "given_name": f"Мадина{'а' * index}", "birth_date": "01.01.2014"},
                ],
                phone=f"0555 00{index} 000",
                confirm_distinct="y",
            ),
        )
    after = {url: _selects(app, caseload, url) for url in ("/children", "/families")}
    assert after == before
