"""In Chromium: a 13-year-old carrying loads at the Kara-Suu bazaar 20 hours a week is hazardous
child labour, with the reasons shown in Russian and in Kyrgyz."""

from datetime import date

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.browser.conftest import registered_child
from tests.browser.test_case_cycle_browser import assess
from tests.browser.test_registry_browser import sign_in
from tests.conftest import office_today

pytestmark = pytest.mark.browser


@pytest.fixture
def child_id(app, users, places):
    return registered_child(app, users, places, "Маматов", "Жоомарт", date(office_today().year - 13, 1, 15))


def text(app, language: str, message: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message) % values if values else gettext(message)


def test_hazardous_child_labour_with_reasons_in_russian_and_kyrgyz(app, page, child_id):
    sign_in(page, "worker")
    expect(assess(page, child_id, office_today().strftime("%d.%m.%Y"), working=True)).to_have_text(
        "Hazardous child labour"
    )

    for language in ("ru", "ky"):
        page.goto("/account")
        page.select_option("#language-form select", language)
        page.locator("#language-form [type=submit]").click()
        page.goto(f"/children/{child_id}")
        hazardous = text(app, language, "Hazardous child labour")
        assert hazardous != "Hazardous child labour"
        expect(page.locator("#status-badge")).to_have_text(hazardous)
        reasons = page.locator("#status-reasons")
        heavy = text(app, language, "Heavy loads")
        expect(reasons).to_contain_text(text(app, language, "Hazardous condition: %(figure)s.", figure=heavy))
        expect(reasons).to_contain_text(
            text(
                app,
                language,
                "Aged %(figure)s: no economic activity is allowed under %(threshold)s.",
                figure="13",
                threshold="14",
            )
        )
