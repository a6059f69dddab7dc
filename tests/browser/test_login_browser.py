"""A social worker signs in with Chromium and switches between Kyrgyz, Russian and English."""

import re

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def translated(app, language: str, message: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message, **values)


def test_worker_signs_in_and_switches_languages(app, page, users):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))

    page.get_by_role("button", name="Кыргызча").click()
    expect(page.locator("html")).to_have_attribute("lang", "ky")
    assert translated(app, "ky", "Sign in to Monitor") != "Sign in to Monitor"
    expect(page.locator("h1")).to_have_text(translated(app, "ky", "Sign in to Monitor"))

    page.fill("#username", "worker")
    page.fill("#password", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("h1")).to_have_text(translated(app, "ky", "Welcome, %(name)s", name="Worker"))

    for language in ("ru", "en"):
        page.click("#account-link")
        page.select_option("#language-form select", language)
        page.locator("#language-form [type=submit]").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("h1")).to_have_text(translated(app, language, "My account"))

    page.click("#logout")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("h1")).to_have_text(translated(app, "en", "Sign in to Monitor"))


def test_pages_load_no_asset_from_the_internet(page, users):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/login")
    page.fill("#username", "worker")
    page.fill("#password", PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#logout")).to_be_visible()  # signed in: the home page has loaded
    page.goto("/areas/")
    expect(page.locator("#area-tree")).to_be_visible()
    base = page.url.split("/areas/")[0]
    assert requested and all(url.startswith(base) for url in requested), requested
