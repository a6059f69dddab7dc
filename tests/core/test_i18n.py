from datetime import date, datetime

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from monitor import PROJECT_ROOT
from tests.conftest import csrf_token, login

CATALOGS = PROJECT_ROOT / "monitor" / "translations"


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_every_message_is_translated(language):
    with open(CATALOGS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    with open(CATALOGS / "messages.pot", "rb") as handle:
        template = read_po(handle)
    missing = [m.id for m in template if m.id and not (catalog.get(m.id) and catalog.get(m.id).string)]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", ["ky", "ru", "en"])
def test_dates_are_day_month_year_in_every_language(app, language):
    with app.test_request_context(), force_locale(language):
        template = app.jinja_env.from_string("{{ d|date }} {{ t|datetime }}")
        # 06:30 UTC is 12:30 in Bishkek.
        assert template.render(d=date(2026, 11, 4), t=datetime(2026, 3, 1, 6, 30)) == "04.11.2026 01.03.2026 12:30"


@pytest.mark.parametrize("language, expected", [("ky", "272\xa0832"), ("ru", "272\xa0832"), ("en", "272,832")])
def test_counts_are_grouped_as_the_language_writes_them(app, language, expected):
    with app.test_request_context(), force_locale(language):
        assert app.jinja_env.from_string("{{ n|number }}").render(n=272832) == expected


def test_language_switch_on_the_login_page(client, users):
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    response = client.post("/language", data={"language": "ru", "next": "/login", "csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert 'lang="ru"' in html


def test_language_is_kept_on_the_account(app, client, users):
    login(client, "worker")
    page = client.get("/account").get_data(as_text=True)
    client.post("/language", data={"language": "ky", "next": "/account", "csrf_token": csrf_token(page)})
    other = app.test_client()
    login(other, "worker")
    html = other.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'lang="ky"' in html
    with app.test_request_context(), force_locale("ky"):
        assert gettext("My areas") in html


def test_an_unknown_language_is_refused(client, users):
    page = client.get("/login", headers={"Accept-Language": "ky"}).get_data(as_text=True)
    assert client.post("/language", data={"language": "xx", "csrf_token": csrf_token(page)}).status_code == 400
    assert 'lang="ky"' in client.get("/login", headers={"Accept-Language": "ky"}).get_data(as_text=True)


def test_browser_language_is_used_before_sign_in(client, database):
    html = client.get("/login", headers={"Accept-Language": "ky,ru;q=0.8"}).get_data(as_text=True)
    assert 'lang="ky"' in html


def test_catalog_template_holds_every_message_in_the_code():
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    method_map = [("monitor/**.py", "python"), ("templates/**.html", "jinja2")]

    def only_sources(path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        return not name.startswith(".") and name not in ("instance", "node_modules", "__pycache__", "tests")

    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PROJECT_ROOT), method_map, keywords=keywords, directory_filter=only_sources
    ):
        found.add(message if isinstance(message, str) else message[0])
    with open(CATALOGS / "messages.pot", "rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert found - known == set(), "run `make extract-messages` and translate the new messages"


def test_without_a_language_choice_the_office_default_is_russian(another_app, database):
    from config import Config

    assert Config.BABEL_DEFAULT_LOCALE == "ru"
    russian = another_app(BABEL_DEFAULT_LOCALE="ru")
    html = russian.test_client().get("/login").get_data(as_text=True)
    assert 'lang="ru"' in html and "Войти" in html
